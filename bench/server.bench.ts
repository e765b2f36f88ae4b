// The central server under load, over real HTTP on loopback: mutations per second through
// POST /api/sync/push (batches of 500 creating a commune of 10,000 households, then batches of 100
// and 500 of updates), a full pull of a 500-household village, and the tallies of the commune.
// On PGlite (on disk, as `npm start` runs it) and on PostgreSQL when BENCH_DATABASE_URL or
// TEST_DATABASE_URL is set. Prints figures against DESIGN.md's budgets; asserts nothing.
// Run: `npm run bench:server` (HOUSEHOLDS=… to resize; VILLAGES=… how many villages share them).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { generateVillage } from '../src/demo/generate.ts';
import type { Mutation } from '../src/domain/sync-protocol.ts';
import { startServer, type ServerOptions } from '../src/server/app-server.ts';
import { percentile, summary } from './stats.ts';
import { Client, create } from './api-client.ts';

const HOUSEHOLDS = Number(process.env.HOUSEHOLDS ?? 10_000);
const VILLAGES = Number(process.env.VILLAGES ?? 20);
const ADMIN = { phone: '0900000000', password: 'bench-admin-1' };
const PASSWORD = 'bench-pass-1';
const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

async function pushAll(client: Client, mutations: Mutation[], size: number) {
  const times: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < mutations.length; i += size) {
    const batch = mutations.slice(i, i + size);
    const start = performance.now();
    const r = await client.call<{ results: { status: string }[] }>('POST', '/api/sync/push', {
      deviceId: client.deviceId,
      mutations: batch,
    });
    times.push(performance.now() - start);
    const bad = r.results.filter((x) => x.status !== 'applied');
    if (bad.length) throw new Error(`${bad.length} mutations not applied: ${JSON.stringify(bad[0])}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { times, perSecond: mutations.length / seconds, count: mutations.length };
}

async function run(label: string, options: Partial<ServerOptions>, budget: number) {
  const server = await startServer({
    port: 0,
    logLevel: 'silent',
    seedDemo: false,
    adminPhone: ADMIN.phone,
    adminPassword: ADMIN.password,
    ...options,
  });
  try {
    const base = server.url.replace(/\/$/, '');
    const admin = await new Client(base).login(ADMIN.phone, ADMIN.password);
    await admin.call('POST', '/api/admin/areas', { id: 'xa-bench', kind: 'commune', name: 'Xã Bench' });
    const villages = Array.from({ length: VILLAGES }, (_, i) => `thon-${i + 1}`);
    for (const [i, id] of villages.entries()) {
      await admin.call('POST', '/api/admin/areas', {
        id,
        kind: 'village',
        name: `Thôn ${i + 1}`,
        parentId: 'xa-bench',
      });
    }
    await admin.call('POST', '/api/admin/users', {
      name: 'Bench volunteer',
      phone: '0911000001',
      password: PASSWORD,
      role: 'volunteer',
      areaIds: villages,
    });
    await admin.call('POST', '/api/admin/users', {
      name: 'Bench volunteer one',
      phone: '0911000002',
      password: PASSWORD,
      role: 'volunteer',
      areaIds: [villages[0]],
    });
    await admin.call('POST', '/api/admin/users', {
      name: 'Bench police',
      phone: '0911000003',
      password: PASSWORD,
      role: 'police',
      areaIds: ['xa-bench'],
    });
    const volunteer = await new Client(base).login('0911000001', PASSWORD);

    const creates: Mutation[] = [];
    const personIds: string[] = [];
    const per = Math.ceil(HOUSEHOLDS / VILLAGES);
    for (const [i, villageId] of villages.entries()) {
      const v = generateVillage({
        villageId,
        villageName: `Thôn ${i + 1}`,
        households: per,
        seed: 100 + i,
        today,
      });
      creates.push(...v.households.map((h) => create('household', h)));
      creates.push(...v.persons.map((p) => create('person', p)));
      creates.push(...v.tasks.map((t) => create('task', t)));
      creates.push(...v.visits.map((x) => create('visit', x)));
      personIds.push(...v.persons.map((p) => p.id));
    }
    const loaded = await pushAll(volunteer, creates, 500);

    const updates = (n: number, note: string) =>
      personIds.slice(0, n).map((id): Mutation => ({
        id: randomUUID(),
        entity: 'person',
        entityId: id,
        op: 'upsert',
        baseVersion: 1,
        fields: { note },
        clientTime: new Date().toISOString(),
      }));
    const by100 = await pushAll(volunteer, updates(10_000, 'Ghi chú A'), 100);
    const by500 = await pushAll(volunteer, updates(10_000, 'Ghi chú B'), 500);

    const one = await new Client(base).login('0911000002', PASSWORD);
    const pullStart = performance.now();
    let cursor: string | undefined;
    let records = 0;
    let pages = 0;
    for (;;) {
      const q = cursor ? `?limit=1000&cursor=${encodeURIComponent(cursor)}` : '?limit=1000';
      const page = await one.call<{ changes: unknown[]; cursor: string; hasMore: boolean }>(
        'GET',
        `/api/sync/pull${q}`,
      );
      records += page.changes.length;
      pages += 1;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const pullMs = performance.now() - pullStart;

    const police = await new Client(base).login('0911000003', PASSWORD);
    const tallies: number[] = [];
    let total: unknown;
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      total = (await police.call<{ total: unknown }>('GET', '/api/tallies?areaId=xa-bench')).total;
      tallies.push(performance.now() - t0);
    }

    console.log(`\n${label}: ${HOUSEHOLDS} households in ${VILLAGES} villages, ${creates.length} records`);
    console.log(
      `  load, batches of 500 (creates): ${loaded.perSecond.toFixed(0)} mutations/s (budget ≥ ${budget}/s); per batch p50 ${percentile(loaded.times, 50).toFixed(0)} ms p95 ${percentile(loaded.times, 95).toFixed(0)} ms`,
    );
    for (const [name, r] of [
      ['updates, batches of 100', by100],
      ['updates, batches of 500', by500],
    ] as const) {
      console.log(
        `  ${name}: ${r.perSecond.toFixed(0)} mutations/s (budget ≥ ${budget}/s); per batch p50 ${percentile(r.times, 50).toFixed(0)} ms p95 ${percentile(r.times, 95).toFixed(0)} ms`,
      );
    }
    console.log(
      `  full pull of one ${per}-household village: ${records} records in ${pages} pages, ${pullMs.toFixed(0)} ms (${((records / pullMs) * 1000).toFixed(0)} records/s)`,
    );
    console.log(`  ${summary('tallies of the commune', tallies, 200)}`);
    console.log(`  commune total: ${JSON.stringify(total)}`);
  } finally {
    await server.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'so06-bench-'));
try {
  await run('PGlite (embedded, on disk)', { dataDir: join(dir, 'data') }, 500);
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) {
    const schema = `bench_${randomUUID().slice(0, 8)}`;
    try {
      await run('PostgreSQL 15', { databaseUrl: url, databaseSchema: schema }, 2000);
    } finally {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    }
  } else {
    console.log('\nPostgreSQL: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to measure it too.');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
