// The trend read (GET /api/trends, SYNC-API.md [G5]–[G6]) of a 100-village commune holding a year of
// daily snapshots: per day over 90 days, per week and per month over a year, on PGlite (in memory:
// the query, not the disk, is measured) and on PostgreSQL when BENCH_DATABASE_URL or
// TEST_DATABASE_URL is set (a fresh schema, dropped afterwards). The snapshots are inserted directly,
// one INSERT … SELECT over generate_series; the read is the server's own (trends/read-trend.ts).
// Prints figures; asserts nothing on time.
//
// Run: `npm run bench:trends`. VILLAGES=100, DAYS=365, WARMUP=5, ITERATIONS=40, EXPLAIN=1 prints
// the plan of the weekly read.
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { createArea, type Area } from '../src/server/accounts/areas.ts';
import { openStore, type OpenStoreOptions } from '../src/server/store/open-store.ts';
import type { Store } from '../src/server/store/store.ts';
import { readTrend } from '../src/server/trends/read-trend.ts';
import { addDays } from '../src/server/trends/trend-request.ts';
import { percentile, summary } from './stats.ts';

const VILLAGES = Number(process.env.VILLAGES ?? 100);
const DAYS = Number(process.env.DAYS ?? 365);
const WARMUP = Number(process.env.WARMUP ?? 5);
const ITERATIONS = Number(process.env.ITERATIONS ?? 40);
const EXPLAIN = process.env.EXPLAIN === '1';
const BUDGET_MS = 200;
const COMMUNE = 'xa-bench';
const LAST_DAY = '2026-11-29';
const FIRST_DAY = addDays(LAST_DAY, -(DAYS - 1));

async function seed(store: Store): Promise<{ commune: Area; villages: Area[] }> {
  const now = Date.now();
  const villages: Area[] = [];
  await store.transaction(async (tx) => {
    const c = await createArea(tx, { id: COMMUNE, kind: 'commune', name: 'Xã Bench' }, now);
    if (!c.ok) throw new Error(c.message);
    for (let i = 1; i <= VILLAGES; i++) {
      const v = await createArea(
        tx,
        { id: `thon-${i}`, kind: 'village', name: `Thôn ${String(i).padStart(3, '0')}`, parentId: COMMUNE },
        now,
      );
      if (!v.ok) throw new Error(v.message);
      villages.push(v.area);
    }
  });
  // Counts that grow over the year, different per village: what they are does not change the read.
  await store.query(
    `INSERT INTO tally_snapshots (village_id, commune_id, day, taken_at, reason, campaign_id, households,
       households_visited, persons, persons14plus, cccd_issued14plus, vneid_level2_active14plus, open_tasks,
       tasks_done, vneid_registered14plus)
     SELECT 'thon-' || v, $1, to_char($2::date + d, 'YYYY-MM-DD'), ($2::date + d + time '16:00') AT TIME ZONE 'UTC',
            'daily', NULL, 80 + v, 40 + d / 10, 300 + v, 240 + v, 150 + d / 4, 100 + d / 5, 20 + v % 7, d / 3,
            120 + d / 4
       FROM generate_series(1, $3::int) v, generate_series(0, $4::int - 1) d`,
    [COMMUNE, FIRST_DAY, VILLAGES, DAYS],
  );
  const commune: Area = { id: COMMUNE, kind: 'commune', name: 'Xã Bench', parentId: null };
  return { commune, villages };
}

async function measure(label: string, store: Store) {
  const t0 = performance.now();
  const { commune, villages } = await seed(store);
  const rows = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM tally_snapshots');
  console.log(
    `${label}: ${VILLAGES} villages × ${DAYS} days = ${rows[0]?.n} snapshots seeded in ${(performance.now() - t0).toFixed(0)} ms`,
  );
  const cases = [
    { name: 'day, 90 days', request: { period: 'day' as const, from: addDays(LAST_DAY, -89), to: LAST_DAY } },
    { name: 'week, a year', request: { period: 'week' as const, from: FIRST_DAY, to: LAST_DAY } },
    { name: 'month, a year', request: { period: 'month' as const, from: FIRST_DAY, to: LAST_DAY } },
    {
      name: 'day, a year (village)',
      request: { period: 'day' as const, from: FIRST_DAY, to: LAST_DAY },
      village: true,
    },
  ];
  for (const c of cases) {
    const area = c.village ? villages[0]! : commune;
    const within = c.village ? [villages[0]!] : villages;
    let points = 0;
    const times: number[] = [];
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      const start = performance.now();
      const answer = await readTrend(store, area, within, c.request);
      const ms = performance.now() - start;
      if (i >= WARMUP) times.push(ms);
      points = answer.villages.reduce((n, v) => n + v.points.filter(Boolean).length, 0);
    }
    console.log(`  ${summary(`${c.name}: ${points} points`, times, BUDGET_MS)}`);
    if (percentile(times, 95) > BUDGET_MS) console.log(`  ^ over the ${BUDGET_MS} ms budget`);
  }
  if (EXPLAIN) {
    const plan = await store.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN ANALYZE SELECT DISTINCT ON (s.village_id, p) s.village_id,
              (s.day::date - $2::date) / 7 AS p, s.day
         FROM tally_snapshots s WHERE s.commune_id = $1 AND s.reason = 'daily' AND s.day >= $2 AND s.day <= $3
        ORDER BY s.village_id, p, s.day DESC`,
      [COMMUNE, FIRST_DAY, LAST_DAY],
    );
    for (const r of plan) console.log(`    ${r['QUERY PLAN']}`);
  }
}

async function open(options: OpenStoreOptions): Promise<Store> {
  const opened = await openStore(options);
  if (!opened.ok) throw new Error(opened.message);
  return opened.store;
}

console.log(
  `Sổ 06 trends bench — load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
const memory = await open({ memory: true });
try {
  await measure('PGlite (memory)', memory);
} finally {
  await memory.close();
}

const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (url) {
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const store = await open({ databaseUrl: url, databaseSchema: schema });
  try {
    await store.query('ANALYZE tally_snapshots');
    await measure('PostgreSQL', store);
  } finally {
    await store.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
} else {
  console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
}
