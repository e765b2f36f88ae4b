// What the PIN's key derivation costs a phone (issue 16): PBKDF2-SHA-256 over a 6-digit PIN in
// Chromium's WebCrypto, at several iteration counts, unthrottled and at CDP CPU throttling ×4 (a
// low-end phone), as the unlock pays it once. The count is chosen from these figures (the unlock's
// budget is 1.5 s to a usable list, unthrottled) and recorded in docs/BENCHMARKS.md.
//
//   npm run bench:kdf
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../test/support/chromium.ts';
import { serveStatic } from './static-server.ts';
import { summary } from './stats.ts';

const COUNTS = [100_000, 310_000, 600_000, 1_000_000];
const RUNS = 7;

// A page of this machine's loopback: a secure context, so WebCrypto is there as on the app's origin.
const root = mkdtempSync(join(tmpdir(), 'so06-kdf-'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>kdf</title>');
const server = await serveStatic({ root });
const address = server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
const browser = await launchChromium();
try {
  for (const rate of [1, 4]) {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await page.goto(url);
    console.log(`\n── CPU ×${rate}`);
    for (const iterations of COUNTS) {
      const times = await page.evaluate(
        async ([n, runs]) => {
          const out: number[] = [];
          for (let i = 0; i < runs; i++) {
            const salt = crypto.getRandomValues(new Uint8Array(16));
            const t0 = performance.now();
            const base = await crypto.subtle.importKey(
              'raw',
              new TextEncoder().encode('123456'),
              'PBKDF2',
              false,
              ['deriveKey'],
            );
            await crypto.subtle.deriveKey(
              { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: n },
              base,
              { name: 'AES-GCM', length: 256 },
              false,
              ['wrapKey', 'unwrapKey'],
            );
            out.push(performance.now() - t0);
          }
          return out;
        },
        [iterations, RUNS] as const,
      );
      console.log(summary(`PBKDF2 ${iterations.toLocaleString('en-US')} iterations`, times));
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
