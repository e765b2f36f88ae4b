// The volunteer's notebook at 10,000 households / ~40,000 persons, in real Chromium: search
// keystroke → results rendered, opening a household, one edit (record + outbox). Prints p50/p95
// against the budgets of DESIGN.md; asserts nothing. Run: `npm run bench` (HOUSEHOLDS=… to resize).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type { Page } from 'playwright-core';
import { serveStatic } from './static-server.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { summary } from './stats.ts';

const HOUSEHOLDS = Number(process.env.HOUSEHOLDS ?? 10_000);
const root = resolve(import.meta.dirname, '..');
const out = join(root, '.bench-build');

async function buildAll() {
  console.log('building the app and the seeding page…');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  rmSync(out, { recursive: true, force: true });
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      outDir: out,
      emptyOutDir: true,
      lib: {
        entry: join(root, 'bench/browser/notebook-seed.ts'),
        formats: ['es'],
        fileName: () => 'seed.js',
      },
    },
  });
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'seed.html'),
    '<!doctype html><meta charset="utf-8"><script type="module" src="/__bench/seed.js"></script>',
  );
}

/** In the page: time from each `input` event on the search box to its results in the DOM. */
function watchKeystrokes(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as { __keys: number[] };
    w.__keys = [];
    // On the document: the screen may re-create the search box as it re-renders.
    document.addEventListener(
      'input',
      (event) => {
        const input = event.target as HTMLInputElement;
        if (input.type !== 'search') return;
        const value = input.value;
        const t0 = performance.now();
        const done = () => document.querySelector('[data-query]')?.getAttribute('data-query') === value;
        if (done()) return void w.__keys.push(performance.now() - t0);
        const mo = new MutationObserver(() => {
          if (!done()) return;
          mo.disconnect();
          w.__keys.push(performance.now() - t0);
        });
        mo.observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['data-query'],
        });
      },
      { capture: true },
    );
  });
}

async function measureSearch(page: Page): Promise<number[]> {
  await watchKeystrokes(page);
  const queries = [
    'nguyen van',
    'tran thi h',
    'le duc',
    'pham minh anh',
    'hoang',
    'so 1',
    'xom dinh',
    'vu thi',
  ];
  const input = page.locator('input[type="search"]');
  for (const q of queries) {
    let typed = '';
    for (const ch of q) {
      typed += ch;
      await input.press(ch === ' ' ? 'Space' : ch);
      await page.waitForFunction(
        (v) => document.querySelector('[data-query]')?.getAttribute('data-query') === v,
        typed,
      );
      await page.waitForTimeout(60); // a person types a key every ~100–300 ms
    }
    await input.fill('');
    await page.waitForFunction(
      () => document.querySelector('[data-query]')?.getAttribute('data-query') === '',
    );
  }
  return page.evaluate(() => (window as unknown as { __keys: number[] }).__keys);
}

async function measureOpen(page: Page, base: string, n: number): Promise<number[]> {
  const times: number[] = [];
  // As a volunteer does: the list is up for a moment (the app fetches the household screen's code
  // then), a tap opens a household, Back returns to the list, the next tap opens another.
  await page.goto(`${base}/`);
  await page.waitForSelector('[data-total]');
  await page.waitForTimeout(2000);
  for (let i = 0; i < n; i++) {
    const rows = page.locator('[data-total] [data-household-id]');
    await rows.first().waitFor();
    const count = await rows.count();
    const row = rows.nth((i * 7) % count);
    const id = await row.getAttribute('data-household-id');
    await page.evaluate((hid) => {
      const w = window as unknown as { __open: Promise<number> };
      w.__open = new Promise((done) => {
        document.addEventListener(
          'click',
          () => {
            const t0 = performance.now();
            const sel = `.screen.household[data-household-id="${hid}"]`;
            const mo = new MutationObserver(() => {
              if (!document.querySelector(sel)) return;
              mo.disconnect();
              done(performance.now() - t0);
            });
            mo.observe(document.body, { subtree: true, childList: true, attributes: true });
          },
          { capture: true, once: true },
        );
      });
    }, id);
    await row.click();
    times.push(await page.evaluate(() => (window as unknown as { __open: Promise<number> }).__open));
    await page.goBack();
  }
  return times;
}

async function main() {
  await buildAll();
  const server: Server = await serveStatic({
    root: join(root, 'dist'),
    // The seeding page and its chunks, beside the app under /__bench/.
    extra: Object.fromEntries(
      readdirSync(out, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => [`/__bench/${e.name}`, join(out, e.name)]),
    ),
  });
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
    // tsx compiles this file keeping function names through a `__name` helper that the functions
    // handed to page.evaluate carry into the page: give the page that helper.
    await context.addInitScript('globalThis.__name = (f) => f;');
    const page = await context.newPage();
    page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

    await page.goto(`${base}/__bench/seed.html`);
    await page.waitForFunction(() => document.title === 'seed ready');
    const t0 = Date.now();
    const sizes = await page.evaluate(
      ([n, d]) =>
        (window as unknown as { benchSeed: (n: number, d: string) => Promise<object> }).benchSeed(n, d),
      [HOUSEHOLDS, today] as const,
    );
    console.log(`seeded ${JSON.stringify(sizes)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // Edits are timed on the seeding page, before the app's service worker takes the origin's
    // navigations (it answers every one with the app's shell).
    const edits = await page.evaluate(() =>
      (window as unknown as { benchEdits: (n: number) => Promise<number[]> }).benchEdits(200),
    );

    const texts = [
      'n',
      'ng',
      'ngu',
      'nguyen',
      'nguyen v',
      'nguyen van',
      'tran thi h',
      'le duc',
      'so 1',
      'hoang',
    ];
    const q = await page.evaluate(
      ([t, d]) =>
        (
          window as unknown as {
            benchQueries: (t: string[], d: string) => Promise<{ build: number; times: number[] }>;
          }
        ).benchQueries(t, d),
      [texts, today] as const,
    );

    await page.goto(`${base}/`);
    await page.waitForSelector('[data-total]');
    const keys = await measureSearch(page);
    const opens = await measureOpen(page, base, 30);

    console.log(`\nChromium ${browser.version()}, ${HOUSEHOLDS} households, viewport 360×640`);
    console.log(summary('search keystroke → results in the DOM', keys, 50));
    console.log(summary('open a household (tap → rendered)', opens, 30));
    console.log(summary('one edit (record + outbox)', edits, 10));
    console.log(summary('list query alone (no rendering)', q.times));
    console.log(`village search index built in ${q.build.toFixed(1)} ms (once after each write)`);
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
