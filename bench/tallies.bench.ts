// The commune police's reads at scale (issue 6): GET /api/tallies (and GET /api/review/gaps when the
// server has it) of a commune of 10,000 and of 100,000 households, over real HTTP on loopback, on
// PGlite (on disk, as `npm start` runs it) and on PostgreSQL when BENCH_DATABASE_URL or
// TEST_DATABASE_URL is set (in a fresh schema, dropped afterwards).
//
// Seeding goes around HTTP (100,000 households through /api/sync/push would take many minutes): the
// villages come from src/demo/generate.ts, each record goes through the push's own creation merge
// (mergeUpsert: the same data and field versions) and is written by the push's own writeRecords
// (set-based, seq from record_seq, under the records lock), in transactions of a few thousand rows.
// The push's audit and answer rows are not written: no read measured here uses them.
//
// Each size is measured twice: as seeded (PGlite never runs autovacuum, so this is the embedded
// server's steady state), then after VACUUM ANALYZE of the records table (what PostgreSQL's
// autovacuum does on its own after a load). The tallies are checked against counts made from the
// generated data; a wrong answer throws. Prints figures; asserts nothing on time.
//
// Run: `npm run bench:tallies`. SIZES=10000,100000 (households), WARMUP=3, ITERATIONS=… (30 for
// 10,000 or fewer households, 20 above; the gaps above 10,000: 1 warm-up, at most 10 timed),
// EXPLAIN=1 prints the tallies' whole query plan (else its scan, sort and aggregate lines).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { birthDateCutoff, isoDateInVietnam } from '../src/domain/dates.ts';
import type { Entity } from '../src/domain/enums.ts';
import { CARD_AGE } from '../src/domain/identity-law.ts';
import { gapsAnswerSchema, talliesAnswerSchema, type TalliesAnswer } from '../src/domain/review.ts';
import { generateVillage } from '../src/demo/generate.ts';
import { accessArea, createArea } from '../src/server/accounts/areas.ts';
import type { User } from '../src/domain/users.ts';
import { createUser } from '../src/server/accounts/users.ts';
import { startServer, type ServerOptions } from '../src/server/app-server.ts';
import { openStore } from '../src/server/store/open-store.ts';
import { LOCK_RECORDS, lockForTransaction, type Store } from '../src/server/store/store.ts';
import { mergeUpsert } from '../src/server/sync-service/merge.ts';
import { writeRecords, type RowWrite } from '../src/server/sync-service/record-rows.ts';
import { tallies } from '../src/server/police/tallies.ts';
import { percentile } from './stats.ts';
import { Client } from './api-client.ts';

const SIZES = (process.env.SIZES ?? '10000,100000').split(',').map(Number);
const WARMUP = Number(process.env.WARMUP ?? 3);
const BUDGET_MS = 200;
const BUDGET_HOUSEHOLDS = 10_000;
const COMMUNE = 'xa-bench';
const POLICE = { phone: '0911000003', password: 'bench-pass-1' };
const DEVICE = 'bench-volunteer-phone';
/** Who the merge records as the writer of the seeded fields (no account: the records skip HTTP). */
const WRITER = 'bench-volunteer';
const WRITE_CHUNK = 5_000;
const EXPLAIN = process.env.EXPLAIN === '1';

const villagesFor = (households: number) => (households <= 10_000 ? 10 : households <= 100_000 ? 40 : 80);
const iterationsFor = (households: number) =>
  Number(process.env.ITERATIONS ?? (households <= 10_000 ? 30 : 20));

type DbOptions = Pick<ServerOptions, 'dataDir' | 'databaseUrl' | 'databaseSchema'>;

/** What the tallies must say, from the generated records themselves. */
interface Expected {
  households: number;
  householdsByVillage: Map<string, number>;
  householdsVisited: number;
  persons: number;
  openTasks: number;
  /** Per person: birth date, and whether the card is issued / VNeID level 2 active. */
  birthDates: string[];
  cardIssued: boolean[];
  vneidActive: boolean[];
}

interface Seeded {
  expected: Expected;
  police: User;
  records: number;
  generateMs: number;
  writeMs: number;
}

function must<R extends { ok: boolean }>(r: R): Extract<R, { ok: true }> {
  if (!r.ok) throw new Error((r as unknown as { message: string }).message);
  return r as Extract<R, { ok: true }>;
}

const open = async (options: DbOptions): Promise<Store> => {
  const opened = await openStore(options);
  if (!opened.ok) throw new Error(opened.message);
  return opened.store;
};

async function seed(options: DbOptions, households: number): Promise<Seeded> {
  const villageCount = villagesFor(households);
  const store = await open(options);
  try {
    const now = Date.now();
    const at = new Date(now).toISOString();
    const today = isoDateInVietnam(now);
    const villages = Array.from({ length: villageCount }, (_, i) => ({
      id: `thon-${i + 1}`,
      name: `Thôn ${i + 1}`,
      households: Math.floor(households / villageCount) + (i < households % villageCount ? 1 : 0),
    }));
    const { volunteer, police } = await store.transaction(async (tx) => {
      must(await createArea(tx, { id: COMMUNE, kind: 'commune', name: 'Xã Bench' }, now));
      for (const v of villages)
        must(await createArea(tx, { id: v.id, kind: 'village', name: v.name, parentId: COMMUNE }, now));
      const areaIds = villages.map((v) => v.id);
      const volunteerUser = must(
        await createUser(
          tx,
          {
            name: 'Bench volunteer',
            phone: '0911000001',
            password: POLICE.password,
            role: 'volunteer',
            areaIds,
          },
          now,
        ),
      ).user;
      const policeUser = must(
        await createUser(tx, { name: 'Bench police', ...POLICE, role: 'police', areaIds: [COMMUNE] }, now),
      ).user;
      return { volunteer: volunteerUser, police: policeUser };
    });

    const expected: Expected = {
      households: 0,
      householdsByVillage: new Map(),
      householdsVisited: 0,
      persons: 0,
      openTasks: 0,
      birthDates: [],
      cardIssued: [],
      vneidActive: [],
    };
    let records = 0;
    let generateMs = 0;
    let writeMs = 0;
    for (const [i, v] of villages.entries()) {
      const t0 = performance.now();
      const village = generateVillage({
        villageId: v.id,
        villageName: v.name,
        households: v.households,
        seed: 6_100 + i,
        today,
      });
      const rows: RowWrite[] = [];
      // As the push creates a record: baseVersion 0, every field sent, merged into nothing.
      const add = (entity: Entity, record: { id: string }) => {
        const { id, version: _v, ...fields } = record as Record<string, unknown> & { id: string };
        const decision = mergeUpsert(null, { entity, baseVersion: 0, fields, device: DEVICE, user: WRITER });
        if (decision.kind !== 'write') throw new Error(`${entity} ${id} not creatable: ${decision.kind}`);
        const { data } = decision.next;
        rows.push({
          id,
          entity,
          villageId: v.id,
          householdId: entity === 'household' ? id : String(data.householdId),
          version: decision.next.version,
          data,
          fieldVersions: decision.next.fieldVersions,
          deleted: false,
          updatedAt: at,
          updatedBy: volunteer.id,
        });
      };
      for (const h of village.households) add('household', h);
      for (const p of village.persons) add('person', p);
      for (const t of village.tasks) add('task', t);
      for (const x of village.visits) add('visit', x);

      expected.households += village.households.length;
      expected.householdsByVillage.set(v.id, village.households.length);
      expected.householdsVisited += new Set(
        village.visits.filter((x) => x.outcome === 'met').map((x) => x.householdId),
      ).size;
      expected.persons += village.persons.length;
      expected.openTasks += village.tasks.filter((t) => t.status === 'open').length;
      for (const p of village.persons) {
        expected.birthDates.push(p.birthDate);
        expected.cardIssued.push(p.cccdStatus === 'issued');
        expected.vneidActive.push(p.vneidStatus === 'level2_active');
      }
      const t1 = performance.now();
      generateMs += t1 - t0;

      for (let k = 0; k < rows.length; k += WRITE_CHUNK) {
        await store.transaction(async (tx) => {
          await lockForTransaction(tx, store.schema, LOCK_RECORDS);
          await writeRecords(tx, rows.slice(k, k + WRITE_CHUNK));
        });
      }
      writeMs += performance.now() - t1;
      records += rows.length;
    }
    const [stored] = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM records');
    if (Number(stored?.n) !== records) throw new Error(`records: wrote ${records}, found ${stored?.n}`);
    return { expected, police, records, generateMs, writeMs };
  } finally {
    await store.close();
  }
}

/** Throws unless the commune's tallies are exactly the generated data's counts. */
function check(answer: TalliesAnswer, e: Expected): void {
  const cutoff = birthDateCutoff(isoDateInVietnam(Date.parse(answer.asOf)), CARD_AGE);
  let persons14plus = 0;
  let cccdIssued14plus = 0;
  let vneidLevel2Active14plus = 0;
  e.birthDates.forEach((birth, i) => {
    if (birth > cutoff) return;
    persons14plus += 1;
    if (e.cardIssued[i]) cccdIssued14plus += 1;
    if (e.vneidActive[i]) vneidLevel2Active14plus += 1;
  });
  const want = {
    households: e.households,
    householdsVisited: e.householdsVisited,
    persons: e.persons,
    persons14plus,
    cccdIssued14plus,
    vneidLevel2Active14plus,
    openTasks: e.openTasks,
  };
  const t = answer.total;
  const wrong = Object.entries(want).filter(([k, v]) => t[k as keyof typeof want] !== v);
  if (t.areaId !== COMMUNE) wrong.push(['areaId', 0]);
  if (answer.rows.length !== e.householdsByVillage.size) wrong.push(['rows', e.householdsByVillage.size]);
  for (const row of answer.rows)
    if (row.households !== e.householdsByVillage.get(row.areaId)) wrong.push([`${row.areaId}.households`, 0]);
  if (wrong.length > 0)
    throw new Error(
      `wrong tallies: ${JSON.stringify(wrong)}; want ${JSON.stringify(want)}; got ${JSON.stringify(t)}`,
    );
}

async function get(client: Client, path: string) {
  const t0 = performance.now();
  const res = await fetch(client.base + path, { headers: { authorization: `Bearer ${client.token}` } });
  const text = await res.text();
  return { ms: performance.now() - t0, status: res.status, text };
}

/** The answer's size on the wire, asked for gzipped as a browser does. */
function wireBytes(client: Client, path: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(
      client.base + path,
      { headers: { authorization: `Bearer ${client.token}`, 'accept-encoding': 'gzip' } },
      (res) => {
        let n = 0;
        res.on('data', (chunk: Buffer) => (n += chunk.length));
        res.on('end', () => done(n));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end();
  });
}

interface Timing {
  times: number[];
  bytes: number;
  gzipBytes: number;
  last: string;
}

/** Warm-up, then timed requests; null when the route is not there (404). */
async function measure(
  client: Client,
  path: string,
  warmup: number,
  iterations: number,
): Promise<Timing | null> {
  const first = await get(client, path);
  if (first.status === 404) return null;
  if (first.status !== 200) throw new Error(`GET ${path} → ${first.status} ${first.text.slice(0, 200)}`);
  for (let i = 1; i < warmup; i++) await get(client, path);
  const times: number[] = [];
  let last = first.text;
  for (let i = 0; i < iterations; i++) {
    const r = await get(client, path);
    if (r.status !== 200) throw new Error(`GET ${path} → ${r.status} ${r.text.slice(0, 200)}`);
    times.push(r.ms);
    last = r.text;
  }
  return { times, bytes: Buffer.byteLength(last), gzipBytes: await wireBytes(client, path), last };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const line = (t: Timing) =>
  `n=${t.times.length} p50 ${ms(percentile(t.times, 50))}  p95 ${ms(percentile(t.times, 95))}  max ${ms(Math.max(...t.times))}; ` +
  `answer ${t.bytes.toLocaleString('en')} bytes (${kb(t.gzipBytes)} gzipped)`;

/** Starts the server on the seeded database, times the police's reads, checks the tallies. */
async function phase(
  title: string,
  options: DbOptions,
  seeded: Seeded,
  households: number,
  withGaps: boolean,
): Promise<void> {
  const server = await startServer({ port: 0, logLevel: 'silent', seedDemo: false, ...options });
  try {
    const police = await new Client(server.url.replace(/\/$/, '')).login(POLICE.phone, POLICE.password);
    const iterations = iterationsFor(households);
    const t = await measure(police, `/api/tallies?areaId=${COMMUNE}`, WARMUP, iterations);
    if (!t) throw new Error('GET /api/tallies answered 404');
    const answer = talliesAnswerSchema.parse(JSON.parse(t.last));
    check(answer, seeded.expected);
    const p95 = percentile(t.times, 95);
    const verdict =
      households <= BUDGET_HOUSEHOLDS
        ? p95 <= BUDGET_MS
          ? `within the ${BUDGET_MS} ms budget`
          : `OVER the ${BUDGET_MS} ms budget`
        : `(the ${BUDGET_MS} ms budget is for ${BUDGET_HOUSEHOLDS.toLocaleString('en')} households)`;
    console.log(`  ${title} (load average ${loadavg()[0]?.toFixed(1)})`);
    console.log(`    tallies: ${line(t)}`);
    console.log(`      p95 ${ms(p95)}: ${verdict}`);
    console.log(
      `      total households ${answer.total.households.toLocaleString('en')} (seeded ${seeded.expected.households.toLocaleString('en')}: ` +
        `checked, with every other count); ${JSON.stringify(answer.total)}`,
    );
    if (!withGaps) return;
    // Every household with a gap, in one answer: at 100,000 households, seconds a request.
    const big = households > BUDGET_HOUSEHOLDS;
    const g = await measure(
      police,
      `/api/review/gaps?areaId=${COMMUNE}`,
      big ? 1 : WARMUP,
      big ? Math.min(iterations, 10) : iterations,
    );
    if (!g) {
      console.log('    gaps: GET /api/review/gaps answered 404: not in this server yet, skipped');
      return;
    }
    const gaps = gapsAnswerSchema.parse(JSON.parse(g.last));
    const outside = gaps.households.filter((h) => !seeded.expected.householdsByVillage.has(h.villageId));
    if (outside.length > 0) throw new Error(`gaps: ${outside.length} households outside the commune`);
    console.log(`    gaps: ${line(g)}`);
    console.log(`      ${gaps.households.length.toLocaleString('en')} households with a gap`);
  } finally {
    await server.close();
  }
}

/** The plan of the server's own tallies statement (run through a store that explains instead). */
async function explain(store: Store, police: User): Promise<string[]> {
  const access = await accessArea(store, police, COMMUNE);
  if (!access.ok) throw new Error(`police cannot read ${COMMUNE}: ${access.code}`);
  const plan: string[] = [];
  const explaining: Store = {
    kind: store.kind,
    schema: store.schema,
    close: () => store.close(),
    async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      const rows = await store.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      plan.push(...rows.map((r) => r['QUERY PLAN'] ?? ''));
      return [];
    },
    transaction: (work) => work(explaining),
  };
  await tallies(explaining, access, Date.now());
  return plan;
}

function printPlan(label: string, plan: readonly string[]): void {
  const shown = EXPLAIN ? plan : plan.filter((l) => /Scan|Aggregate|Sort |Execution Time/.test(l));
  console.log(`    plan ${label}:`);
  for (const l of shown) console.log(`      ${l}`);
}

async function run(label: string, options: () => DbOptions, cleanup: (o: DbOptions) => Promise<void>) {
  for (const households of SIZES) {
    const o = options();
    try {
      const villages = villagesFor(households);
      const seeded = await seed(o, households);
      const seconds = (seeded.generateMs + seeded.writeMs) / 1000;
      console.log(
        `\n${label}: a commune of ${households.toLocaleString('en')} households in ${villages} villages, ` +
          `${seeded.records.toLocaleString('en')} records (${seeded.expected.persons.toLocaleString('en')} persons)`,
      );
      console.log(
        `  seed: ${seconds.toFixed(1)} s (generate + merge ${(seeded.generateMs / 1000).toFixed(1)} s, ` +
          `writeRecords ${(seeded.writeMs / 1000).toFixed(1)} s: ${Math.round(seeded.records / (seeded.writeMs / 1000)).toLocaleString('en')} rows/s)`,
      );
      const started = performance.now();
      await phase('as seeded (no VACUUM or ANALYZE run by the bench)', o, seeded, households, true);

      const store = await open(o);
      try {
        const [stats] = await store.query<Record<string, unknown>>(
          `SELECT last_autovacuum, last_autoanalyze, pg_size_pretty(pg_total_relation_size('records')) AS size,
                  current_setting('server_version') AS version
             FROM pg_stat_user_tables WHERE relname = 'records' AND schemaname = $1`,
          [store.schema],
        );
        console.log(
          `    PostgreSQL ${String(stats?.version)}; records table ${String(stats?.size)}; autovacuum ${stats?.last_autovacuum ? 'ran' : 'did not run'}, ` +
            `autoanalyze ${stats?.last_autoanalyze ? 'ran' : 'did not run'} since the load`,
        );
        printPlan('as seeded', await explain(store, seeded.police));
        const t0 = performance.now();
        await store.query('VACUUM ANALYZE records');
        console.log(`    VACUUM ANALYZE records: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        printPlan('after VACUUM ANALYZE', await explain(store, seeded.police));
      } finally {
        await store.close();
      }
      await phase('after VACUUM ANALYZE of records', o, seeded, households, true);
      console.log(`  measured in ${((performance.now() - started) / 1000).toFixed(0)} s after the seed`);
    } finally {
      await cleanup(o);
    }
  }
}

const dir = mkdtempSync(join(tmpdir(), 'so06-bench-tallies-'));
try {
  await run(
    'PGlite (embedded, on disk)',
    () => ({ dataDir: join(dir, randomUUID()) }),
    async (o) => rmSync(o.dataDir ?? '', { recursive: true, force: true }),
  );
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) {
    await run(
      'PostgreSQL',
      () => ({ databaseUrl: url, databaseSchema: `bench_${randomUUID().slice(0, 8)}` }),
      async (o) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`drop schema if exists "${o.databaseSchema}" cascade`);
        await client.end();
      },
    );
  } else {
    console.log('\nPostgreSQL: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to measure it too.');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
