// The PWA against the budgets of DESIGN.md: the gzipped JavaScript of the volunteer's first screen
// and of the whole precache (read from the built files), a Lighthouse run on its mobile profile
// (simulated slow 4G, 4× CPU) for LCP, the repeat and offline start once the service worker controls
// the page (heading visible, p50/p95 of N reloads), and whether Chromium finds the app installable.
// Builds with `npx vite build`, runs the real server (gzip, embedded database, the demo commune) over
// loopback with the build, drives Debian's Chromium (CHROME_PATH to override). Prints figures; asserts nothing. Run: `npm run bench:pwa` (REPEATS=… to change N).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import lighthouse from 'lighthouse';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../src/server/app-server.ts';
import { DEMO_LOGINS } from '../src/server/demo-seed.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/chromium.ts';
import { summary } from './stats.ts';

const REPEATS = Number(process.env.REPEATS ?? 10);
const KB = 1024;
const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
/** The first screen's heading: the household list's, or the set-up screen's at first start. */
const HEADING = 'main .screen h1';
// The demo commune's volunteer of Thôn Đông (its 100 households are pulled at sign-in).
const DEMO_VOLUNTEER = DEMO_LOGINS[0]!;

// ─── Sizes of the built files ────────────────────────────────────────────────────────────────────

interface Sized {
  file: string; // relative to dist/, with forward slashes
  raw: number;
  gzip: number;
}

function sized(file: string): Sized {
  const bytes = readFileSync(join(dist, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

function printSizes(rows: readonly Sized[]) {
  const width = Math.max(...rows.map((r) => r.file.length), 10);
  console.log(`  ${'file'.padEnd(width)}  ${'raw'.padStart(10)}  ${'gzip'.padStart(10)}`);
  for (const r of rows) {
    console.log(`  ${r.file.padEnd(width)}  ${kb(r.raw).padStart(10)}  ${kb(r.gzip).padStart(10)}`);
  }
}

function verdict(value: number, budget: number) {
  return value <= budget ? 'within budget' : 'OVER BUDGET';
}

/** A URL found in a built file (root-absolute or relative to `from`) as a path inside dist/. */
function distPath(url: string, from: string): string | undefined {
  if (/^[a-z]+:/i.test(url) || url.startsWith('//')) return undefined; // another origin, data: URL
  const path = url.split(/[?#]/)[0]!;
  return path.startsWith('/') ? path.slice(1) : posix.normalize(posix.join(posix.dirname(from), path));
}

/** Static imports of a built ES module: `import"./x.js"`, `import{a}from"./x.js"`, `export*from"./x.js"`.
 * `import("./x.js")` and ``import(`./x.js`)`` are dynamic: left out. */
function staticImports(file: string): string[] {
  const code = readFileSync(join(dist, file), 'utf8');
  const found = code.matchAll(/(?:\bimport|\bfrom)\s*(["'])([^"'\n]+?)\1/g);
  return [...found].map((m) => distPath(m[2]!, file)).filter((p): p is string => p !== undefined);
}

/** The entry script(s) of dist/index.html, its modulepreloads, and every chunk they statically import. */
function firstScreenScripts(): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const tags = [
    ...html.matchAll(/<script\b[^>]*\btype=["']?module["']?[^>]*\bsrc=["']?([^"'\s>]+)/g),
    ...html.matchAll(/<link\b[^>]*\brel=["']?modulepreload["']?[^>]*\bhref=["']?([^"'\s>]+)/g),
  ];
  const queue = tags.map((m) => distPath(m[1]!, 'index.html')).filter((p): p is string => !!p);
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file) || !existsSync(join(dist, file))) continue;
    seen.add(file);
    queue.push(...staticImports(file));
  }
  return [...seen];
}

/** The URLs vite-plugin-pwa injected into dist/sw.js as the precache manifest. */
function precacheUrls(): string[] {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/["']?\burl["']?\s*:\s*(["'])([^"']+)\1/g)].map((m) => m[2]!);
  return [...new Set(urls)];
}

function reportFirstScreenJs() {
  const rows = firstScreenScripts().map(sized);
  const gzip = rows.reduce((s, r) => s + r.gzip, 0);
  const raw = rows.reduce((s, r) => s + r.raw, 0);
  console.log(`\nJavaScript of the first screen (entry of index.html + static imports; KB = 1024 bytes)`);
  printSizes(rows);
  console.log(
    `  total ${kb(raw)} raw, ${kb(gzip)} gzipped — budget ≤ 45 KB gzipped (issue 14): ${verdict(gzip, 45 * KB)}`,
  );
}

function reportPrecache() {
  const urls = precacheUrls();
  const files = urls.map((u) => distPath(u, 'sw.js')).filter((p): p is string => !!p);
  const missing = files.filter((f) => !existsSync(join(dist, f)));
  const rows = [...files.filter((f) => !missing.includes(f)), 'sw.js']
    .map(sized)
    .sort((a, b) => b.gzip - a.gzip);
  const gzip = rows.reduce((s, r) => s + r.gzip, 0);
  const raw = rows.reduce((s, r) => s + r.raw, 0);
  console.log(`\nPrecache: ${urls.length} entries injected into dist/sw.js, plus sw.js itself`);
  printSizes(rows);
  if (missing.length > 0) console.log(`  not found in dist/: ${missing.join(', ')}`);
  console.log(
    `  total ${kb(raw)} raw, ${kb(gzip)} gzipped — budget ≤ 250 KB gzipped (issue 14): ${verdict(gzip, 250 * KB)}`,
  );
  const sw = sized('sw.js');
  console.log(
    `  the service worker itself: ${kb(sw.gzip)} gzipped — budget ≤ 30 KB: ${verdict(sw.gzip, 30 * KB)}`,
  );
}

// ─── Lighthouse, mobile profile ──────────────────────────────────────────────────────────────────

interface DebuggableChromium {
  port: number;
  close: () => Promise<void>;
}

/** Debian's Chromium with a DevTools port for Lighthouse: a fresh profile, the port chosen by Chromium
 * (`--remote-debugging-port=0`) and read from the profile's DevToolsActivePort file. */
async function launchDebuggableChromium(executable: string): Promise<DebuggableChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'so06-lighthouse-'));
  const args = [
    ...CHROMIUM_ARGS,
    '--headless=new',
    '--remote-debugging-port=0',
    `--user-data-dir=${profile}`,
  ];
  // Its own process group: stopping it stops its renderers and helpers too.
  const child: ChildProcess = spawn(executable, [...args, 'about:blank'], {
    detached: true,
    stdio: 'ignore',
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      process.kill(-child.pid, 'SIGTERM');
      const killed = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!killed) process.kill(-child.pid, 'SIGKILL');
    }
    rmSync(profile, { recursive: true, force: true });
  };
  const portFile = join(profile, 'DevToolsActivePort');
  for (let waited = 0; waited < 20_000; waited += 100) {
    if (existsSync(portFile)) {
      const port = Number(readFileSync(portFile, 'utf8').split('\n')[0]);
      if (port > 0) return { port, close };
    }
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  await close();
  throw new Error('Chromium did not open its DevTools port');
}

type LighthouseResult = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

async function runLighthouse(port: number, url: string): Promise<LighthouseResult> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
  });
  if (!result) throw new Error('Lighthouse returned no result');
  return result.lhr;
}

/** Bytes of JavaScript on the wire during Lighthouse's load, as it recorded them. */
function scriptTransfer(lhr: LighthouseResult): number {
  const items = (lhr.audits['network-requests']?.details as { items?: unknown[] } | undefined)?.items ?? [];
  return (items as { resourceType?: string; transferSize?: number }[])
    .filter((i) => i.resourceType === 'Script')
    .reduce((sum, i) => sum + (i.transferSize ?? 0), 0);
}

function printLighthouse(lhr: LighthouseResult) {
  const audit = (id: string) => lhr.audits[id];
  const ms = (id: string) => `${Math.round(audit(id)?.numericValue ?? NaN)} ms`;
  const lcp = audit('largest-contentful-paint')?.numericValue ?? NaN;
  const score = Math.round((lhr.categories.performance?.score ?? NaN) * 100);
  console.log(`  performance score        ${score}`);
  console.log(
    `  LCP                      ${ms('largest-contentful-paint')}   budget ≤ 2000 ms: ${verdict(lcp, 2000)}`,
  );
  console.log(`  TBT                      ${ms('total-blocking-time')}`);
  console.log(`  FCP                      ${ms('first-contentful-paint')}`);
  console.log(`  Speed Index              ${ms('speed-index')}`);
  console.log(
    `  CLS                      ${(audit('cumulative-layout-shift')?.numericValue ?? NaN).toFixed(3)}`,
  );
  console.log(`  LCP element              ${lcpElement(audit('largest-contentful-paint-element')?.details)}`);
  console.log(`  JS transferred           ${kb(scriptTransfer(lhr))} (Lighthouse's record of the load)`);
  if (lhr.runtimeError) console.log(`  error: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  for (const warning of lhr.runWarnings) console.log(`  warning: ${warning}`);
}

/** Lighthouse's mobile profile on the app as the Sổ 06 server sends it (gzip-compressed, as in
 * production): a fresh load, no service worker yet. */
async function reportLighthouse(executablePath: string, url: string) {
  const chrome = await launchDebuggableChromium(executablePath);
  try {
    const lhr = await runLighthouse(chrome.port, url);
    const { configSettings: settings, environment } = lhr;
    const t = settings.throttling;
    console.log(
      `\nLighthouse ${lhr.lighthouseVersion}, ${environment.hostUserAgent.match(/Chrome\/\S+/)?.[0]}`,
    );
    console.log(
      `  profile: ${settings.formFactor}, ${settings.throttlingMethod} throttling` +
        ` (RTT ${t.rttMs} ms, ${t.throughputKbps} kbit/s, CPU ×${t.cpuSlowdownMultiplier})` +
        `; this machine's benchmarkIndex ${environment.benchmarkIndex}`,
    );
    console.log('served by the Sổ 06 server (gzip), first visit: the sign-in screen');
    printLighthouse(lhr);
    // LH_JSON=<file>: Lighthouse's whole report, for what the summary leaves out (its LCP phases, the
    // scripts' boot-up time, the critical request chains).
    if (process.env.LH_JSON) writeFileSync(process.env.LH_JSON, JSON.stringify(lhr));
  } finally {
    await chrome.close();
  }
}

/** The LCP element's snippet from Lighthouse's details (a list whose first table holds the node). */
function lcpElement(details: unknown): string {
  const text = JSON.stringify(details ?? {});
  const snippet = text.match(/"snippet":"((?:[^"\\]|\\.)*)"/)?.[1];
  return snippet ? JSON.parse(`"${snippet}"`) : 'n/a';
}

// ─── Repeat and offline visits, with the service worker in control ──────────────────────────────

/** In every page, from its first script on: when the first screen's heading is in the DOM and laid
 * out, on the page's clock (performance.now(), 0 = start of the navigation). */
function watchHeading(selector: string) {
  const w = window as unknown as { __headingAt?: number; __heading?: string };
  const check = () => {
    const h = document.querySelector(selector);
    if (!h || h.getBoundingClientRect().height === 0) return;
    w.__headingAt = performance.now();
    w.__heading = h.textContent ?? '';
    observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true });
}

interface Load {
  at: number; // ms from the start of the navigation
  heading: string;
  controlled: boolean;
  scripts: string[]; // JS fetched before the heading showed
}

async function timeLoad(page: Page, navigate: () => Promise<unknown>): Promise<Load> {
  await navigate();
  await page.waitForFunction(() => (window as unknown as { __headingAt?: number }).__headingAt !== undefined);
  return page.evaluate(() => {
    const w = window as unknown as { __headingAt: number; __heading: string };
    const scripts = performance
      .getEntriesByType('resource')
      .filter((e) => e.startTime < w.__headingAt && new URL(e.name).pathname.endsWith('.js'))
      .map((e) => new URL(e.name).pathname);
    return {
      at: w.__headingAt,
      heading: w.__heading,
      controlled: navigator.serviceWorker.controller !== null,
      scripts,
    };
  });
}

/** First start: the sign-in screen. Sign in as the demo commune's volunteer of Thôn Đông and set the
 * PIN, so that later starts open on the lock screen, then the list (pulled from the server). */
async function signIn(page: Page) {
  await page.getByLabel('Số điện thoại').fill(DEMO_VOLUNTEER.phone);
  await page.getByLabel('Mật khẩu').fill(DEMO_VOLUNTEER.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  // The first start asks for a PIN (issue 16); later starts ask for it again (the lock screen is
  // their first screen).
  await page.getByLabel('Mã PIN (6 chữ số)', { exact: true }).fill('482915');
  await page.getByLabel('Nhập lại mã PIN', { exact: true }).fill('482915');
  await page.getByRole('button', { name: 'Đặt mã PIN' }).click();
  await page.locator('[data-total] [data-household-id]').first().waitFor({ timeout: 60_000 });
}

function reportFirstVisitScripts(load: Load) {
  const rows = [...new Set(load.scripts)].map((p) => sized(p.slice(1)));
  const gzip = rows.reduce((s, r) => s + r.gzip, 0);
  console.log(
    `\nFirst visit (no service worker yet, loopback, no throttling): heading "${load.heading}" at ${load.at.toFixed(0)} ms`,
  );
  console.log(`  JavaScript fetched before that heading showed (static and dynamic imports):`);
  printSizes(rows);
  console.log(`  total ${kb(gzip)} gzipped`);
}

async function reloads(page: Page, n: number): Promise<Load[]> {
  const loads: Load[] = [];
  for (let i = 0; i < n; i++) loads.push(await timeLoad(page, () => page.reload()));
  return loads;
}

function reportReloads(label: string, loads: readonly Load[]) {
  const controlled = loads.filter((l) => l.controlled).length;
  const headings = [...new Set(loads.map((l) => JSON.stringify(l.heading)))].join(', ');
  const times = loads.map((l) => l.at);
  console.log(summary(label, times, 1000));
  console.log(`  ${controlled}/${loads.length} loads controlled by the service worker; heading ${headings}`);
}

interface Profile {
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

/** Chromium with a profile on disk, as a phone's browser has: Playwright's new contexts are
 * incognito, where Chromium never offers to install an app (and keeps its caches in memory). */
async function openProfile(executablePath: string): Promise<Profile> {
  const dir = mkdtempSync(join(tmpdir(), 'so06-pwa-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const context = await chromium
    .launchPersistentContext(dir, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 360, height: 640 },
      locale: 'vi-VN',
    })
    .catch((error: unknown) => {
      removeDir();
      throw error;
    });
  // tsx compiles this file keeping function names through a `__name` helper that the functions
  // handed to the page carry along: give the page that helper.
  await context.addInitScript('globalThis.__name = (f) => f;');
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, close: async () => (await context.close(), removeDir()) };
}

const controlled = (page: Page) =>
  page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });

async function reportVisits(executablePath: string, server: RunningServer) {
  const base = server.url.replace(/\/$/, '');
  const { context, page, close } = await openProfile(executablePath);
  try {
    await context.addInitScript(watchHeading, HEADING);
    const first = await timeLoad(page, () => page.goto(`${base}/`));
    reportFirstVisitScripts(first);
    await controlled(page);
    await signIn(page);

    console.log(`\nRepeat visits, the service worker in control: ${REPEATS} reloads, time to the heading`);
    reportReloads('repeat visit (network up)', await reloads(page, REPEATS));

    await context.setOffline(true);
    await context.route('**/*', (route) => route.abort());
    await server.close();
    reportReloads('offline start (server stopped)', await reloads(page, REPEATS));
  } finally {
    await close();
  }
}

// ─── Installability ──────────────────────────────────────────────────────────────────────────────

async function reportInstallability(executablePath: string, base: string) {
  const { context, page, close } = await openProfile(executablePath);
  try {
    await page.goto(`${base}/`);
    await controlled(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    const manifest = await cdp.send('Page.getAppManifest');
    console.log(`\nInstallability (Chromium's own check, Page.getInstallabilityErrors)`);
    if (installabilityErrors.length === 0) console.log('  installable: yes');
    for (const e of installabilityErrors) {
      const args = e.errorArguments.map((a) => `${a.name}=${a.value}`).join(', ');
      console.log(`  installable: no — ${e.errorId}${args ? ` (${args})` : ''}`);
    }
    for (const e of manifest.errors)
      console.log(`  manifest ${e.critical ? 'error' : 'warning'}: ${e.message}`);
    const data = JSON.parse(manifest.data ?? '{}') as {
      name?: string;
      short_name?: string;
      lang?: string;
      display?: string;
      start_url?: string;
      icons?: { sizes?: string; purpose?: string }[];
    };
    console.log(`  manifest ${manifest.url}`);
    console.log(`    name ${JSON.stringify(data.name)}, short_name ${JSON.stringify(data.short_name)}`);
    console.log(`    lang ${data.lang}, display ${data.display}, start_url ${data.start_url}`);
    const icons = (data.icons ?? []).map((i) => `${i.sizes}${i.purpose ? ` (${i.purpose})` : ''}`);
    console.log(`    icons ${icons.join(', ') || 'none'}`);
  } finally {
    await close();
  }
}

// ─── Main ────────────────────────────────────────────────────────────────────────────────────────

async function main() {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found: apt-get install chromium, or set CHROME_PATH');
  console.log('building the app (npx vite build)…');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  reportFirstScreenJs();
  reportPrecache();

  const dataDir = mkdtempSync(join(tmpdir(), 'so06-pwa-data-'));
  const start = () =>
    startServer({ port: 0, host: '127.0.0.1', dataDir, staticDir: dist, seedDemo: true, logLevel: 'silent' });
  let server = await start();
  try {
    const base = server.url.replace(/\/$/, '');
    await reportLighthouse(executablePath, `${base}/`);
    const version = execFileSync(executablePath, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    console.log(
      `\n${version.toString().trim()}, driven by playwright-core; viewport 360×640, profile on disk`,
    );
    await reportInstallability(executablePath, base);
    // A fresh server on the same data for the visits: the offline part stops it.
    await server.close();
    server = await start();
    await reportVisits(executablePath, server);
  } finally {
    await server.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
