// [T8] The villages' counters against a full recount, over a randomised history (fast-check): pushes
// that create, edit, delete and move households between villages, persons born around the day they
// turn 14 while the clock crosses midnights in Vietnam's time (and is sometimes set back), tasks and
// visits opened, closed, met and deleted, and the minute timer's roll-over now and then. After every
// step the tallies (read from the counters) equal the recount of the records (police/tallies.ts
// villageCountsSql, the statement the tallies ran before counters), and at the end the operator's
// check finds no difference. On PGlite and on PostgreSQL.
// Replay: TALLY_SEED=<seed printed on failure> (and TALLY_RUNS=<n>).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDateInVietnam } from '../../src/domain/dates.ts';
import type { Mutation } from '../../src/domain/sync-protocol.ts';
import type { User } from '../../src/domain/users.ts';
import { accessArea, createArea } from '../../src/server/accounts/areas.ts';
import { createUser } from '../../src/server/accounts/users.ts';
import { checkVillageTallies } from '../../src/server/police/check-tallies.ts';
import { cutoff14, tallies, villageCountsSql } from '../../src/server/police/tallies.ts';
import { rollAllVillageTallies } from '../../src/server/police/village-tallies.ts';
import { openStore } from '../../src/server/store/open-store.ts';
import type { Store } from '../../src/server/store/store.ts';
import { push } from '../../src/server/sync-service/push.ts';
import {
  BACKENDS,
  dropSchema,
  householdFields,
  personFields,
  randomSchema,
  remove,
  taskFields,
  upsert,
  visitFields,
  type Backend,
  runCli,
} from '../support/server.ts';
import { assertAsyncProperty } from '../support/seeds.ts';

const SEED = Number(process.env.TALLY_SEED) || Date.now() % 0x7fffffff;
const RUNS = Number(process.env.TALLY_RUNS) || 20;

const COMMUNE = 'xa-dem';
const VILLAGES = ['thon-1', 'thon-2', 'thon-3'];
/** 26/02/2026 20:00 in Vietnam: the persons born around 26/02/2012 turn 14 within the run's days. */
const START = Date.parse('2026-02-26T20:00:00+07:00');
const HOUR = 3_600_000;
/** Around the 14th birthdays of the run's days (29/02/2012 included), and two far from them. */
const BIRTHS = [
  '2012-02-25',
  '2012-02-26',
  '2012-02-27',
  '2012-02-28',
  '2012-02-29',
  '2012-03-01',
  '2012-03-02',
  '2012-03-04',
  '1990-01-01',
  '2020-05-05',
];
const CCCD = ['none', 'applied', 'issued', 'lost'] as const;
const VNEID = ['none', 'level1', 'level2_pending', 'level2_active'] as const;

type Step =
  | { k: 'household'; village: number }
  | { k: 'move'; pick: number; village: number }
  | { k: 'deleteHousehold'; pick: number }
  | { k: 'person'; pick: number; birth: number; cccd: number; vneid: number; registered: boolean }
  | { k: 'editPerson'; pick: number; birth: number; cccd: number; vneid: number; registered: boolean }
  | { k: 'deletePerson'; pick: number }
  | { k: 'task'; pick: number; done: boolean }
  | { k: 'editTask'; pick: number; done: boolean }
  | { k: 'visit'; pick: number; met: boolean }
  | { k: 'editVisit'; pick: number; met: boolean }
  | { k: 'deleteVisit'; pick: number }
  | { k: 'clock'; hours: number }
  | { k: 'roll' };

const pick = fc.nat(30);
const village = fc.nat(VILLAGES.length - 1);
const personArb = {
  pick,
  birth: fc.nat(BIRTHS.length - 1),
  cccd: fc.nat(CCCD.length - 1),
  vneid: fc.nat(VNEID.length - 1),
  registered: fc.boolean(),
};
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('household' as const), village }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('move' as const), pick, village }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('deleteHousehold' as const), pick }) },
  { weight: 6, arbitrary: fc.record({ k: fc.constant('person' as const), ...personArb }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('editPerson' as const), ...personArb }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('deletePerson' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('task' as const), pick, done: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('editTask' as const), pick, done: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('visit' as const), pick, met: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('editVisit' as const), pick, met: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('deleteVisit' as const), pick }) },
  // Mostly forward across midnights; now and then set back (a clock corrected, a test's clock).
  {
    weight: 4,
    arbitrary: fc.record({ k: fc.constant('clock' as const), hours: fc.integer({ min: -20, max: 30 }) }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('roll' as const) }) },
);

async function openTestStore(backend: Backend, schema: string): Promise<Store> {
  const opened = await openStore(
    backend === 'postgres'
      ? { databaseUrl: process.env.TEST_DATABASE_URL, databaseSchema: schema }
      : { memory: true },
  );
  if (!opened.ok) throw new Error(opened.message);
  return opened.store;
}

describe.each(BACKENDS)('[T8] village counters against a recount on %s', (backend) => {
  const schema = randomSchema();
  let store: Store;
  let admin: User;
  const deviceId = 'counter-test-device';

  beforeAll(async () => {
    store = await openTestStore(backend, schema);
    const user = await createUser(
      store,
      { name: 'Quản trị', phone: '0900000009', password: 'mat-khau-06', role: 'admin', areaIds: [] },
      START,
    );
    if (!user.ok) throw new Error(user.message);
    admin = user.user;
    const made = await createArea(store, { id: COMMUNE, kind: 'commune', name: 'Xã Đếm' }, START);
    if (!made.ok) throw new Error(made.message);
    for (const id of VILLAGES) {
      const r = await createArea(store, { id, kind: 'village', name: id, parentId: COMMUNE }, START);
      if (!r.ok) throw new Error(r.message);
    }
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    if (backend === 'postgres') await dropSchema(schema);
  });

  /** The counts of every village, by the counters (through the tallies' read) and by a recount. */
  async function compare(now: number): Promise<void> {
    const access = await accessArea(store, admin, COMMUNE);
    if (!access.ok) throw new Error(access.code);
    const told = await tallies(store, access, now);
    const recount = await store.query<Record<string, unknown> & { village_id: string }>(villageCountsSql(), [
      VILLAGES,
      cutoff14(now),
    ]);
    const byVillage = new Map(recount.map((r) => [r.village_id, r]));
    for (const row of told.rows) {
      const r = byVillage.get(row.areaId);
      const expected = Object.fromEntries(
        (
          [
            'households',
            'householdsVisited',
            'persons',
            'persons14plus',
            'cccdIssued14plus',
            'vneidLevel2Active14plus',
            'openTasks',
          ] as const
        ).map((k) => [k, Number(r?.[k] ?? 0)]),
      );
      const got = Object.fromEntries(Object.keys(expected).map((k) => [k, row[k as keyof typeof row]]));
      expect({ village: row.areaId, day: isoDateInVietnam(now), ...got }).toEqual({
        village: row.areaId,
        day: isoDateInVietnam(now),
        ...expected,
      });
    }
  }

  it('[T8] after every step of a random history the counters say what a recount says', async () => {
    let runs = 0;
    let checks = 0;
    let birthdays = 0;
    const run = async (steps: Step[]) => {
      // Each run starts on a clean slate: the records of the run before are removed, through the
      // triggers (a DELETE takes their counts away too).
      await store.query('DELETE FROM records');
      let now = START;
      const versions = new Map<string, number>();
      const live = {
        household: [] as string[],
        person: [] as string[],
        task: [] as string[],
        visit: [] as string[],
      };
      const households = new Map<string, string>(); // household → village
      const owner = new Map<string, string>(); // child → household
      const of = <T>(list: readonly T[], n: number): T | undefined => list[n % Math.max(list.length, 1)];
      const send = async (ms: Mutation[]) => {
        const out = await push(store, { user: admin, deviceId }, { deviceId, mutations: ms }, now);
        if (!out.ok) throw new Error(out.message);
        for (const [i, r] of out.results.entries()) {
          const m = ms[i]!;
          if (r.status !== 'applied') throw new Error(`${m.entity} ${m.op}: ${JSON.stringify(r)}`);
          versions.set(m.entityId, r.version ?? 0);
        }
      };
      const childOf = async (
        entity: 'person' | 'task' | 'visit',
        id: string,
        fields: Record<string, unknown>,
      ) => {
        await send([upsert(entity, id, fields, versions.get(id) ?? 0)]);
      };
      const dropRecord = async (entity: 'household' | 'person' | 'task' | 'visit', id: string) => {
        await send([remove(entity, id, versions.get(id) ?? 0)]);
        live[entity] = live[entity].filter((x) => x !== id);
        if (entity === 'household') {
          households.delete(id);
          for (const kind of ['person', 'task', 'visit'] as const)
            live[kind] = live[kind].filter((x) => owner.get(x) !== id);
        }
      };
      const personOf = (s: { birth: number; cccd: number; vneid: number; registered: boolean }) => ({
        birthDate: BIRTHS[s.birth],
        cccdStatus: CCCD[s.cccd],
        vneidStatus: VNEID[s.vneid],
        vneidRegisteredOn: s.registered ? '2025-12-01' : null,
      });
      for (const s of steps) {
        const h = of(live.household, 'pick' in s ? s.pick : 0);
        switch (s.k) {
          case 'household': {
            const id = randomUUID();
            await send([upsert('household', id, householdFields(VILLAGES[s.village]!))]);
            live.household.push(id);
            households.set(id, VILLAGES[s.village]!);
            break;
          }
          case 'move':
            if (h) {
              await send([upsert('household', h, { villageId: VILLAGES[s.village]! }, versions.get(h))]);
              households.set(h, VILLAGES[s.village]!);
            }
            break;
          case 'deleteHousehold':
            if (h) await dropRecord('household', h);
            break;
          case 'person':
            if (h) {
              const id = randomUUID();
              await childOf('person', id, personFields(h, personOf(s)));
              live.person.push(id);
              owner.set(id, h);
            }
            break;
          case 'editPerson': {
            const p = of(live.person, s.pick);
            if (p) await childOf('person', p, personOf(s));
            break;
          }
          case 'deletePerson': {
            const p = of(live.person, s.pick);
            if (p) await dropRecord('person', p);
            break;
          }
          case 'task':
            if (h) {
              const id = randomUUID();
              await childOf('task', id, taskFields(h, { status: s.done ? 'done' : 'open' }));
              live.task.push(id);
              owner.set(id, h);
            }
            break;
          case 'editTask': {
            const t = of(live.task, s.pick);
            if (t) await childOf('task', t, { status: s.done ? 'done' : 'open' });
            break;
          }
          case 'visit':
            if (h) {
              const id = randomUUID();
              await childOf(
                'visit',
                id,
                visitFields(h, { visitedOn: '2026-02-01', outcome: s.met ? 'met' : 'not_home' }),
              );
              live.visit.push(id);
              owner.set(id, h);
            }
            break;
          case 'editVisit': {
            const v = of(live.visit, s.pick);
            if (v) await childOf('visit', v, { outcome: s.met ? 'met' : 'not_home' });
            break;
          }
          case 'deleteVisit': {
            const v = of(live.visit, s.pick);
            if (v) await dropRecord('visit', v);
            break;
          }
          case 'clock': {
            const before = cutoff14(now);
            now += s.hours * HOUR;
            if (cutoff14(now) !== before) birthdays++;
            break;
          }
          case 'roll':
            await rollAllVillageTallies(store, cutoff14(now));
            break;
        }
        await compare(now);
        checks++;
      }
      const check = await checkVillageTallies(store, now);
      expect(check.differences).toEqual([]);
      runs++;
    };
    await assertAsyncProperty(
      'test/integration/village-tallies.test.ts > after every step of a random history the counters say what a recount says',
      fc.asyncProperty(fc.array(step, { minLength: 20, maxLength: 80, size: 'max' }), (steps) => run(steps)),
      { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 240_000 },
    );
    console.log(`counters: ${runs} runs, ${checks} comparisons, ${birthdays} changes of day (${backend})`);
    expect(birthdays).toBeGreaterThan(0);
  }, 300_000);

  it('[T8] the operator’s check finds a counter changed behind the triggers’ back, and repairs it', async () => {
    const now = START;
    const h = randomUUID();
    const out = await push(
      store,
      { user: admin, deviceId },
      {
        deviceId,
        mutations: [
          upsert('household', h, householdFields('thon-2')),
          upsert('person', randomUUID(), personFields(h, { birthDate: '1990-01-01' })),
        ],
      },
      now,
    );
    expect(out.ok).toBe(true);
    expect((await checkVillageTallies(store, now)).differences).toEqual([]);
    await store.query("UPDATE village_tallies SET persons = persons + 5 WHERE village_id = 'thon-2'");
    const wrong = await checkVillageTallies(store, now);
    expect(wrong.differences).toEqual([
      { villageId: 'thon-2', count: 'persons', counter: expect.any(Number), recount: expect.any(Number) },
    ]);
    const d = wrong.differences[0]!;
    expect(d.counter - d.recount).toBe(5);
    const repaired = await checkVillageTallies(store, now, { repair: true });
    expect(repaired.repaired).toBe(1);
    expect((await checkVillageTallies(store, now)).differences).toEqual([]);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------
// The operator's command, on the embedded database (one process per folder: the store is closed
// before each run of the CLI).

const cli = runCli;

describe('[T10] npm run cli -- check-tallies', () => {
  it('[T10] says the counters are right, names a wrong one (exit 1) and repairs it with --repair 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'so06-check-tallies-'));
    const dataDir = join(dir, 'data');
    const withStore = async (work: (store: Store) => Promise<void>) => {
      const opened = await openStore({ dataDir });
      if (!opened.ok) throw new Error(opened.message);
      try {
        await work(opened.store);
      } finally {
        await opened.store.close();
      }
    };
    try {
      await withStore(async (store) => {
        const now = Date.now();
        const made = await createUser(
          store,
          { name: 'Quản trị', phone: '0900000008', password: 'mat-khau-06', role: 'admin', areaIds: [] },
          now,
        );
        if (!made.ok) throw new Error(made.message);
        await createArea(store, { id: 'xa-cli', kind: 'commune', name: 'Xã CLI' }, now);
        await createArea(
          store,
          { id: 'thon-cli', kind: 'village', name: 'Thôn CLI', parentId: 'xa-cli' },
          now,
        );
        const h = randomUUID();
        const session = { user: made.user, deviceId: 'cli-test' };
        const out = await push(
          store,
          session,
          {
            deviceId: 'cli-test',
            mutations: [
              upsert('household', h, householdFields('thon-cli')),
              upsert('person', randomUUID(), personFields(h, { birthDate: '1990-01-01' })),
            ],
          },
          now,
        );
        if (!out.ok) throw new Error(out.message);
      });
      const fine = await cli(dataDir, ['check-tallies']);
      expect(fine.code, fine.out).toBe(0);
      expect(fine.out).toContain('every counter equals its recount');
      await withStore(async (store) => {
        await store.query("UPDATE village_tallies SET open_tasks = 4 WHERE village_id = 'thon-cli'");
      });
      const wrong = await cli(dataDir, ['check-tallies']);
      expect(wrong.code, wrong.out).toBe(1);
      expect(wrong.out).toContain('thon-cli  openTasks: counter 4, recount 0');
      const repaired = await cli(dataDir, ['check-tallies', '--repair', '1']);
      expect(repaired.code, repaired.out).toBe(0);
      expect(repaired.out).toContain('1 repaired');
      await withStore(async (store) => {
        expect((await checkVillageTallies(store, Date.now())).differences).toEqual([]);
      });
      // Counts and village ids only: no name of a citizen.
      expect(`${wrong.out}${repaired.out}`).not.toMatch(/Nguyễn|Trần/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
