// The standard push benchmark of the central server, against any running server (in process or a
// child): a volunteer pushes a commune of HOUSEHOLDS households in VILLAGES villages as creates in
// batches of 500, then 10,000 one-field updates in batches of 100 and again in batches of 500; a
// volunteer of one village pulls it all from the start (pages of 1,000); the commune police ask for the
// tallies 20 times. Shared by server.bench.ts (throughput) and server-memory.bench.ts (memory).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { generateVillage } from '../src/demo/generate.ts';
import type { Mutation } from '../src/domain/sync-protocol.ts';
import { Client, create } from './api-client.ts';
import { percentile, summary } from './stats.ts';

export const BENCH_ADMIN = { phone: '0900000000', password: 'bench-admin-1' };
const PASSWORD = 'bench-pass-1';

export interface WorkloadOptions {
  households: number;
  villages: number;
  /** Called between the phases, e.g. to sample the server's memory. */
  after?: (phase: WorkloadPhase) => Promise<void>;
}

export type WorkloadPhase =
  'provisioned' | 'creates' | 'updates by 100' | 'updates by 500' | 'pull' | 'tallies';

export interface PushFigures {
  times: number[];
  perSecond: number;
  count: number;
}

export interface WorkloadFigures {
  households: number;
  villages: number;
  records: number;
  creates: PushFigures;
  by100: PushFigures;
  by500: PushFigures;
  pull: { records: number; pages: number; ms: number; households: number };
  tallies: number[];
  total: unknown;
}

async function pushAll(client: Client, mutations: Mutation[], size: number): Promise<PushFigures> {
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

/** Runs the standard workload against the server at `base` (its admin is BENCH_ADMIN). */
export async function runWorkload(base: string, options: WorkloadOptions): Promise<WorkloadFigures> {
  const { households, villages: villageCount } = options;
  const after = options.after ?? (async () => undefined);
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const admin = await new Client(base).login(BENCH_ADMIN.phone, BENCH_ADMIN.password);
  await admin.call('POST', '/api/admin/areas', { id: 'xa-bench', kind: 'commune', name: 'Xã Bench' });
  const villages = Array.from({ length: villageCount }, (_, i) => `thon-${i + 1}`);
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
  await after('provisioned');

  const creates: Mutation[] = [];
  const personIds: string[] = [];
  const per = Math.ceil(households / villageCount);
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
  await after('creates');

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
  await after('updates by 100');
  const by500 = await pushAll(volunteer, updates(10_000, 'Ghi chú B'), 500);
  await after('updates by 500');

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
  await after('pull');

  const police = await new Client(base).login('0911000003', PASSWORD);
  const tallies: number[] = [];
  let total: unknown;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    total = (await police.call<{ total: unknown }>('GET', '/api/tallies?areaId=xa-bench')).total;
    tallies.push(performance.now() - t0);
  }
  await after('tallies');

  return {
    households,
    villages: villageCount,
    records: creates.length,
    creates: loaded,
    by100,
    by500,
    pull: { records, pages, ms: pullMs, households: per },
    tallies,
    total,
  };
}

/** Prints the figures of one run against DESIGN.md's budgets (`budget`: mutations per second). */
export function printWorkload(label: string, f: WorkloadFigures, budget: number): void {
  console.log(`\n${label}: ${f.households} households in ${f.villages} villages, ${f.records} records`);
  const line = (name: string, r: PushFigures) =>
    console.log(
      `  ${name}: ${r.perSecond.toFixed(0)} mutations/s (budget ≥ ${budget}/s); per batch p50 ${percentile(r.times, 50).toFixed(0)} ms p95 ${percentile(r.times, 95).toFixed(0)} ms`,
    );
  line('load, batches of 500 (creates)', f.creates);
  line('updates, batches of 100', f.by100);
  line('updates, batches of 500', f.by500);
  const p = f.pull;
  console.log(
    `  full pull of one ${p.households}-household village: ${p.records} records in ${p.pages} pages, ${p.ms.toFixed(0)} ms (${((p.records / p.ms) * 1000).toFixed(0)} records/s)`,
  );
  console.log(`  ${summary('tallies of the commune', f.tallies, 200)}`);
  console.log(`  commune total: ${JSON.stringify(f.total)}`);
}

/**
 * Runs a measurement on the embedded database (a fresh folder, deleted after) and, when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL names one, on PostgreSQL (a fresh schema, dropped after).
 */
export async function onEachDatabase(measure: {
  pglite: (dataDir: string) => Promise<void>;
  postgres: (url: string, schema: string) => Promise<void>;
}): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'so06-bench-'));
  try {
    await measure.pglite(join(dir, 'data'));
    const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (!url) {
      console.log('\nPostgreSQL: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to measure it too.');
      return;
    }
    const schema = `bench_${randomUUID().slice(0, 8)}`;
    try {
      await measure.postgres(url, schema);
    } finally {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
