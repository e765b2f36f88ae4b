// The phone's sync against the real server, in real Chromium: the initial pull of a 2,000-household
// village into an empty IndexedDB, and the drain of 1,000 edits queued offline once back online.
// The server runs in process on PGlite in a temp folder and serves the bench page (src/ code built
// with Vite in lib mode) from its own origin, so the page and /api share one origin. Prints figures
// against DESIGN.md's budgets; asserts nothing. Run: `npm run bench:sync` (HOUSEHOLDS=…, EDITS=…).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { generateVillage } from '../src/demo/generate.ts';
import { startServer } from '../src/server/app-server.ts';
import type { openNotebook } from '../src/db/db.ts';
import type { updateRecord } from '../src/db/write.ts';
import type { createSyncEngine } from '../src/sync/engine.ts';
import type { createHttpTransport } from '../src/sync/transport.ts';
import { launchChromium } from '../test/support/chromium.ts';
import { percentile } from './stats.ts';
import { Client, create } from './api-client.ts';

const HOUSEHOLDS = Number(process.env.HOUSEHOLDS ?? 2_000);
const EDITS = Number(process.env.EDITS ?? 1_000);
const DRAIN_BUDGET_S = 10;
const ADMIN = { phone: '0900000000', password: 'bench-admin-1' };
const VOLUNTEER = { phone: '0911000001', password: 'bench-pass-1' };
const VILLAGE = 'thon-sync';
const root = resolve(import.meta.dirname, '..');
const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

/** What the bench page puts on `window.__bench`: the phone's own sync code, nothing re-implemented. */
interface BenchApi {
  openNotebook: typeof openNotebook;
  updateRecord: typeof updateRecord;
  createSyncEngine: typeof createSyncEngine;
  createHttpTransport: typeof createHttpTransport;
}

/** Build the page into `dir` (served as the server's staticDir): index.html + bench.js. */
async function buildPage(dir: string) {
  const entry = join(dir, 'entry.ts');
  const src = (p: string) => JSON.stringify(join(root, 'src', p));
  writeFileSync(
    entry,
    [
      `import { openNotebook } from ${src('db/db.ts')};`,
      `import { updateRecord } from ${src('db/write.ts')};`,
      `import { createSyncEngine } from ${src('sync/engine.ts')};`,
      `import { createHttpTransport } from ${src('sync/transport.ts')};`,
      `Object.assign(window, { __bench: { openNotebook, updateRecord, createSyncEngine, createHttpTransport } });`,
      `document.title = 'bench ready';`,
      '',
    ].join('\n'),
  );
  await build({
    configFile: false,
    root,
    publicDir: false,
    logLevel: 'warn',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: join(dir, 'www'),
      emptyOutDir: true,
      lib: { entry, formats: ['es'], fileName: () => 'bench.js' },
    },
  });
  writeFileSync(
    join(dir, 'www', 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="/bench.js"></script>',
  );
}

/** The village onto the server as creates, from a Node-side client (another device of the volunteer). */
async function loadVillage(base: string) {
  const admin = await new Client(base).login(ADMIN.phone, ADMIN.password);
  await admin.call('POST', '/api/admin/areas', { id: 'xa-sync', kind: 'commune', name: 'Xã Sync' });
  await admin.call('POST', '/api/admin/areas', {
    id: VILLAGE,
    kind: 'village',
    name: 'Thôn Đồng Bộ',
    parentId: 'xa-sync',
  });
  await admin.call('POST', '/api/admin/users', {
    name: 'Sync volunteer',
    phone: VOLUNTEER.phone,
    password: VOLUNTEER.password,
    role: 'volunteer',
    areaIds: [VILLAGE],
  });
  const loader = await new Client(base).login(VOLUNTEER.phone, VOLUNTEER.password);
  const v = generateVillage({
    villageId: VILLAGE,
    villageName: 'Thôn Đồng Bộ',
    households: HOUSEHOLDS,
    seed: 42,
    today,
  });
  const creates = [
    ...v.households.map((h) => create('household', h)),
    ...v.persons.map((p) => create('person', p)),
    ...v.tasks.map((t) => create('task', t)),
    ...v.visits.map((x) => create('visit', x)),
  ];
  for (let i = 0; i < creates.length; i += 500) {
    const r = await loader.call<{ results: { status: string }[] }>('POST', '/api/sync/push', {
      deviceId: loader.deviceId,
      mutations: creates.slice(i, i + 500),
    });
    const bad = r.results.filter((x) => x.status !== 'applied');
    if (bad.length) throw new Error(`${bad.length} mutations not applied: ${JSON.stringify(bad[0])}`);
  }
  return {
    households: v.households.length,
    persons: v.persons.length,
    tasks: v.tasks.length,
    visits: v.visits.length,
    total: creates.length,
  };
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'so06-sync-bench-'));
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let browser: Browser | undefined;
  try {
    console.log('building the bench page…');
    await buildPage(dir);
    server = await startServer({
      port: 0,
      logLevel: 'silent',
      seedDemo: false,
      adminPhone: ADMIN.phone,
      adminPassword: ADMIN.password,
      dataDir: join(dir, 'data'),
      staticDir: join(dir, 'www'),
    });
    const base = server.url.replace(/\/$/, '');

    const t0 = performance.now();
    const village = await loadVillage(base);
    console.log(
      `server loaded: ${n(village.households)} households, ${n(village.persons)} persons, ${n(village.tasks)} tasks, ${n(village.visits)} visits (${n(village.total)} records) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
    // tsx keeps function names through a `__name` helper that the functions handed to
    // page.evaluate carry into the page: give the page that helper.
    await context.addInitScript('globalThis.__name = (f) => f;');
    const page = await context.newPage();
    page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
    await page.goto(`${base}/`);
    await page.waitForFunction(() => document.title === 'bench ready');

    // 1. Sign in from the page as the village's volunteer, then the first round into an empty database.
    const pull = await page.evaluate(async (login) => {
      const api = (window as unknown as { __bench: BenchApi }).__bench;
      const deviceId = crypto.randomUUID();
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...login, deviceId }),
      });
      if (!res.ok) throw new Error(`login → ${res.status} ${await res.text()}`);
      const { token } = (await res.json()) as { token: string };
      const w = window as unknown as Record<string, unknown>;
      w.__token = token;
      w.__deviceId = deviceId;
      const db = api.openNotebook('so06-sync-bench');
      await db.open();
      const empty = (await db.persons.count()) + (await db.households.count());
      const http = api.createHttpTransport({ baseUrl: '', token: async () => token });
      const pages: number[] = [];
      const transport: typeof http = {
        push: (request) => http.push(request),
        pull: async (cursor, limit) => {
          const s = performance.now();
          const r = await http.pull(cursor, limit);
          pages.push(performance.now() - s);
          return r;
        },
        confirmRevoked: () => http.confirmRevoked(),
      };
      const engine = api.createSyncEngine({ db, transport, deviceId });
      const s = performance.now();
      const round = await engine.round();
      const ms = performance.now() - s;
      const counts = {
        households: await db.households.count(),
        persons: await db.persons.count(),
        tasks: await db.tasks.count(),
        visits: await db.visits.count(),
      };
      db.close();
      return { empty, round, ms, pages, counts };
    }, VOLUNTEER);

    // 2. Edits queued "offline" (the engine does not run), then one round drains the outbox.
    const drain = await page.evaluate(async (edits) => {
      const api = (window as unknown as { __bench: BenchApi }).__bench;
      const w = window as unknown as { __token: string; __deviceId: string };
      const db = api.openNotebook('so06-sync-bench');
      await db.open();
      const ids = await db.persons.limit(edits).primaryKeys();
      const editTimes: number[] = [];
      for (const [i, id] of ids.entries()) {
        const s = performance.now();
        const r = await api.updateRecord(db, 'person', id, { note: `Ghi chú đồng bộ ${i}` });
        editTimes.push(performance.now() - s);
        if (!r.ok) throw new Error(JSON.stringify(r));
      }
      const queued = await db.outbox.count();
      const http = api.createHttpTransport({ baseUrl: '', token: async () => w.__token });
      const pushes: { ms: number; size: number }[] = [];
      const pulls: number[] = [];
      const transport: typeof http = {
        push: async (request) => {
          const s = performance.now();
          const r = await http.push(request);
          pushes.push({ ms: performance.now() - s, size: request.mutations.length });
          return r;
        },
        pull: async (cursor, limit) => {
          const s = performance.now();
          const r = await http.pull(cursor, limit);
          pulls.push(performance.now() - s);
          return r;
        },
        confirmRevoked: () => http.confirmRevoked(),
      };
      const engine = api.createSyncEngine({ db, transport, deviceId: w.__deviceId });
      const s = performance.now();
      const rounds = [];
      // "Until the outbox is empty": one round should do it; a failed round is tried again (bounded).
      for (let i = 0; i < 5; i++) {
        rounds.push(await engine.round());
        if ((await db.outbox.count()) === 0) break;
      }
      const ms = performance.now() - s;
      const left = await db.outbox.count();
      const conflicts = await db.conflicts.count();
      const rejected = await db.rejected.count();
      db.close();
      return { queued, editTimes, pushes, pulls, rounds, ms, left, conflicts, rejected };
    }, EDITS);

    const pulled = pull.round.pulled;
    const pullS = pull.ms / 1000;
    console.log(`\nChromium ${browser.version()}, real server on loopback (PGlite on disk), one origin`);
    console.log(`\n1. initial pull into an empty IndexedDB (${pull.empty} records before)`);
    console.log(
      `   initial pull: ${n(pulled)} records in ${pullS.toFixed(1)} s (${n(pulled / pullS)} records/s); ${pull.pages.length} pages, fetch p50 ${percentile(pull.pages, 50).toFixed(0)} ms p95 ${percentile(pull.pages, 95).toFixed(0)} ms`,
    );
    console.log(`   round: ${JSON.stringify(pull.round)}`);
    console.log(`   on the phone after: ${JSON.stringify(pull.counts)}`);

    const drainS = drain.ms / 1000;
    const pushMs = drain.pushes.map((p) => p.ms);
    console.log(`\n2. ${n(EDITS)} one-field person edits queued offline, then reconnect`);
    console.log(
      `   queueing (updateRecord, record + outbox): p50 ${percentile(drain.editTimes, 50).toFixed(1)} ms p95 ${percentile(drain.editTimes, 95).toFixed(1)} ms; outbox ${n(drain.queued)}`,
    );
    console.log(
      `   drain of ${n(drain.queued)} queued edits: ${drainS.toFixed(1)} s (budget ≤ ${DRAIN_BUDGET_S} s${drainS <= DRAIN_BUDGET_S ? ', within' : ', OVER'}); outbox left ${drain.left}`,
    );
    console.log(
      `   ${drain.pushes.length} pushes of [${drain.pushes.map((p) => p.size).join(', ')}]: per push p50 ${percentile(pushMs, 50).toFixed(0)} ms p95 ${percentile(pushMs, 95).toFixed(0)} ms (in-page fetch + parse)`,
    );
    console.log(
      `   pull that follows: ${drain.pulls.length} pages, ${drain.pulls.reduce((a, b) => a + b, 0).toFixed(0)} ms in fetches`,
    );
    console.log(
      `   rounds: ${JSON.stringify(drain.rounds)}; conflicts ${drain.conflicts}, rejected ${drain.rejected}`,
    );
  } finally {
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
