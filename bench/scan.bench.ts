// Scanning a CCCD card (issue 7): the size of the QR decoder the scan screen loads on demand, and the
// time from the camera starting to the member form filled with the card's values, in Debian's
// Chromium with its fake camera playing a QR clip (the JavaScript decoder: Chromium on Linux has no
// BarcodeDetector). Builds with `npx vite build`, runs the real server on a temporary embedded
// database with the demo commune, signs in as the demo volunteer. Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startServer } from '../src/server/app-server.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { fakeCameraArgs, writeQrClip } from '../test/support/fake-camera.ts';
import { summary } from './stats.ts';

const RUNS = Number(process.env.RUNS ?? 15);
const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const CARD = '001190012345|012345678|Nguyễn Thị Lan|15031990|Nữ|Số 5, ngõ 2, Thôn Đông, Xã Hòa Bình|10052021';
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function chunkSizes() {
  const assets = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  const sized = (prefix: string) => {
    const file = assets.find((f) => f.startsWith(prefix));
    if (!file) throw new Error(`no ${prefix}* chunk in dist/assets`);
    const bytes = readFileSync(join(dist, 'assets', file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  console.log('\nChunks loaded only when scanning (KB = 1024 bytes, gzip -9):');
  for (const c of [sized('jsQR-'), sized('scan-card-')])
    console.log(`  ${c.file.padEnd(28)} ${kb(c.raw).padStart(10)} raw ${kb(c.gzip).padStart(9)} gzipped`);
}

async function main() {
  console.log('building the app (npx vite build)…');
  execFileSync('npx', ['vite', 'build'], { cwd: root, stdio: 'ignore' });
  chunkSizes();

  const dir = mkdtempSync(join(tmpdir(), 'so06-scan-bench-'));
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: join(dir, 'data'),
    staticDir: dist,
    seedDemo: true,
    logLevel: 'silent',
  });
  const browser = await launchChromium({ args: fakeCameraArgs(writeQrClip(join(dir, 'card.y4m'), CARD)) });
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
    await context.grantPermissions(['camera'], { origin: server.url });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByLabel('Số điện thoại').fill('0900000001');
    await page.getByLabel('Mật khẩu').fill('so06-demo-1');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('[data-total] [data-household-id]').first().waitFor({ timeout: 60_000 });
    await page.locator('[data-total] [data-household-id]').first().click();
    const household = page.url();

    const toDecoded: number[] = [];
    const toFilled: number[] = [];
    const openToCamera: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      await page.goto(household);
      await page.evaluate(() => performance.clearMarks());
      const opened = await page.evaluate(() => performance.now());
      await page.getByRole('link', { name: 'Quét thẻ CCCD' }).click();
      await page.locator('[data-scan-result]').waitFor({ timeout: 20_000 });
      await page.getByRole('button', { name: 'Thêm nhân khẩu theo thẻ' }).click();
      await page.waitForFunction(
        () =>
          (document.querySelector('input[name="fullName"]') as HTMLInputElement | null)?.value !==
            undefined && (document.querySelector('input[name="fullName"]') as HTMLInputElement).value !== '',
      );
      const t = await page.evaluate(() => ({
        camera: performance.getEntriesByName('scan:camera-started')[0]?.startTime ?? NaN,
        decoded: performance.getEntriesByName('scan:decoded')[0]?.startTime ?? NaN,
        filled: performance.now(),
      }));
      if (i === 0) continue; // the first run also fetches the chunks: counted apart below
      openToCamera.push(t.camera - opened);
      toDecoded.push(t.decoded - t.camera);
      toFilled.push(t.filled - t.camera);
    }
    console.log(
      `\nScan → filled form, ${RUNS} runs (after a warm-up run), 360×640, fake camera 640×480 at 10 fps:`,
    );
    console.log(`  ${summary('tap "Quét thẻ CCCD" → camera playing', openToCamera)}`);
    console.log(`  ${summary('camera playing → card decoded', toDecoded)}`);
    console.log(`  ${summary('camera playing → member form filled', toFilled)}`);
    console.log(
      '  (the form-filled time includes the tap on "Thêm nhân khẩu theo thẻ", made at once by the script)',
    );
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
