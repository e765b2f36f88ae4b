// SYNC-API.md "Tallies": counts per village on a data set whose answer is worked out by hand here,
// on the server's clock (asOf in Asia/Ho_Chi_Minh, UTC+7), and who may ask for which area.
import { beforeAll, describe, expect, it } from 'vitest';
import { birthDateCutoff, isoDateInVietnam } from '../../src/domain/dates.ts';
import { generateVillage, type GeneratedVillage } from '../../src/demo/generate.ts';
import type { Mutation } from '../../src/domain/sync-protocol.ts';
import {
  AREAS,
  AREA_NAMES,
  BACKENDS,
  ISO_TIME,
  TestClock,
  createArea,
  expectError,
  newHousehold,
  newPerson,
  newTask,
  newVisit,
  remove,
  upsert,
  useServer,
  type Api,
} from '../support/server.ts';
import { printSeedsOnFailure, seedRuns } from '../support/seeds.ts';

interface Row {
  areaId: string;
  areaName: string;
  households: number;
  householdsVisited: number;
  persons: number;
  persons14plus: number;
  cccdIssued14plus: number;
  vneidLevel2Active14plus: number;
  openTasks: number;
}
interface Tallies {
  asOf: string;
  rows: Row[];
  total: Row;
}

type Counts = Omit<Row, 'areaId' | 'areaName'>;
const COUNT_KEYS = [
  'households',
  'householdsVisited',
  'persons',
  'persons14plus',
  'cccdIssued14plus',
  'vneidLevel2Active14plus',
  'openTasks',
] as const;
const counts = (r: Row): Counts => Object.fromEntries(COUNT_KEYS.map((k) => [k, r[k]])) as Counts;
const sum = (rows: Counts[]): Counts =>
  Object.fromEntries(COUNT_KEYS.map((k) => [k, rows.reduce((n, r) => n + r[k], 0)])) as Counts;
const ZERO: Counts = sum([]);

// 2026-11-22T17:30Z is already 23 November in Vietnam (UTC+7): the tallies' day is the 23rd.
const NOW = '2026-11-22T17:30:00.000Z';
const TODAY_VN = '2026-11-23';

/** Pushes in order, in batches of at most 500; fails unless every mutation is applied. */
async function pushAll(api: Api, ms: Mutation[]) {
  for (let i = 0; i < ms.length; i += 400) {
    const results = await api.push(ms.slice(i, i + 400));
    const bad = results.filter((r) => r.status !== 'applied');
    expect(bad).toEqual([]);
  }
}

/** The generated village as create mutations: households, then persons, then tasks and visits. */
function mutationsOf(v: GeneratedVillage): Mutation[] {
  const strip = <T extends { id: string; version: number }>(r: T) => {
    const { id: _id, version: _v, ...fields } = r;
    return fields;
  };
  return [
    ...v.households.map((h) => upsert('household', h.id, strip(h))),
    ...v.persons.map((p) => upsert('person', p.id, strip(p))),
    ...v.tasks.map((k) => upsert('task', k.id, strip(k))),
    ...v.visits.map((x) => upsert('visit', x.id, strip(x))),
  ];
}

/** The contract's tally of a generated village, computed independently of the server. */
function expectedOf(v: GeneratedVillage, today: string): Counts {
  const cutoff = birthDateCutoff(today, 14);
  const adults = v.persons.filter((p) => p.birthDate <= cutoff);
  return {
    households: v.households.length,
    householdsVisited: new Set(v.visits.filter((x) => x.outcome === 'met').map((x) => x.householdId)).size,
    persons: v.persons.length,
    persons14plus: adults.length,
    cccdIssued14plus: adults.filter((p) => p.cccdStatus === 'issued').length,
    vneidLevel2Active14plus: adults.filter((p) => p.vneidStatus === 'level2_active').length,
    openTasks: v.tasks.filter((k) => k.status === 'open').length,
  };
}

describe.each(BACKENDS)('tallies on %s', (backend) => {
  const clock = new TestClock(Date.parse(NOW));
  const t = useServer(backend, { clock, users: ['vol1', 'vol12', 'police', 'policeB'] });

  const tallies = async (api: Api, areaId: string) => {
    const res = await api.get<Tallies>(`/api/tallies?areaId=${encodeURIComponent(areaId)}`);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };

  // Village 1 and village 2 of commune A, worked out by hand (each line says why it counts or not).
  const village1: Counts = {
    households: 4, // H1, H2, H4, H5; H3 is deleted
    householdsVisited: 2, // H1 (met), H4 (met twice, counted once); H2 not_home/refused; H5's met visit deleted
    persons: 6, // A B C D (H1), E G (H2); F deleted; H3's P deleted with its household
    persons14plus: 5, // A B D E G; C turns 14 on 24 November
    cccdIssued14plus: 3, // A B E (C is issued but under 14; D applied; G none)
    vneidLevel2Active14plus: 3, // A B, and D after its update; E level1
    openTasks: 2, // T1, T5; T2 done, T3 deleted, T4 closed by an update
  };
  const village2: Counts = {
    households: 2, // H6, and H7 moved here from village 1
    householdsVisited: 1, // H7; H6's only met visit is deleted
    persons: 2, // Q (H6), R (H7, moved with its household)
    persons14plus: 2,
    cccdIssued14plus: 1, // R
    vneidLevel2Active14plus: 1, // R
    openTasks: 2, // T6 (H6), T7 (H7)
  };

  // Records, edits, deletes and a move, pushed by volunteers and the admin.
  beforeAll(async () => {
    const { vol1, vol12, admin } = t.world;
    const h = () => newHousehold(AREAS.village1);
    const [H1, H2, H3, H4, H5, H7] = [h(), h(), h(), h(), h(), h()];
    const H6 = newHousehold(AREAS.village2);
    const p = (H: Mutation, birthDate: string, cccdStatus: string, vneidStatus: string) =>
      newPerson(H.entityId, { birthDate, cccdStatus, vneidStatus });
    const D = p(H1, '1990-01-01', 'applied', 'level2_pending');
    const F = p(H2, '1970-04-04', 'issued', 'level2_active');
    const T3 = newTask(H2.entityId);
    const T4 = newTask(H2.entityId);
    const V5 = newVisit(H5.entityId, { outcome: 'met' });
    const V6 = newVisit(H6.entityId, { outcome: 'met' });
    await pushAll(vol12, [
      H1,
      H2,
      H3,
      H4,
      H5,
      H6,
      H7,
      p(H1, '1980-05-10', 'issued', 'level2_active'), // A
      p(H1, '2012-11-23', 'issued', 'level2_active'), // B: 14 today in Vietnam
      p(H1, '2012-11-24', 'issued', 'level2_active'), // C: 14 tomorrow
      D,
      p(H2, '1950-03-03', 'issued', 'level1'), // E
      F,
      p(H2, '2012-11-22', 'none', 'none'), // G: 14 yesterday
      p(H3, '1960-06-06', 'issued', 'level2_active'), // P, deleted with H3
      p(H6, '2000-02-29', 'none', 'none'), // Q
      p(H7, '2005-07-07', 'issued', 'level2_active'), // R
      newVisit(H1.entityId, { outcome: 'met' }),
      newVisit(H2.entityId, { outcome: 'not_home' }),
      newVisit(H2.entityId, { outcome: 'refused' }),
      newVisit(H3.entityId, { outcome: 'met' }),
      newVisit(H4.entityId, { outcome: 'met', visitedOn: '2026-09-01' }),
      newVisit(H4.entityId, { outcome: 'met', visitedOn: '2026-10-01' }),
      V5,
      newVisit(H5.entityId, { outcome: 'not_home' }),
      V6,
      newVisit(H7.entityId, { outcome: 'met' }),
      newTask(H1.entityId, { status: 'open' }), // T1
      newTask(H1.entityId, { status: 'done' }), // T2
      T3,
      T4,
      newTask(H2.entityId, { status: 'open' }), // T5
      newTask(H3.entityId, { status: 'open' }),
      newTask(H6.entityId, { status: 'open' }), // T6
      newTask(H7.entityId, { status: 'open' }), // T7
    ]);
    await pushAll(vol1, [
      upsert('person', D.entityId, { vneidStatus: 'level2_active' }, 1),
      remove('person', F.entityId, 1),
      remove('task', T3.entityId, 1),
      upsert('task', T4.entityId, { status: 'done' }, 1),
      remove('visit', V5.entityId, 1),
      remove('household', H3.entityId, 1),
    ]);
    await pushAll(vol12, [
      remove('visit', V6.entityId, 1),
      upsert('household', H7.entityId, { villageId: AREAS.village2 }, 1),
    ]);
    // Commune B's records never count in commune A.
    const H8 = newHousehold(AREAS.village3);
    await pushAll(admin, [
      H8,
      newPerson(H8.entityId, { birthDate: '1990-09-09' }),
      newVisit(H8.entityId),
      newTask(H8.entityId),
    ]);
  }, 60_000);

  describe('[T1] a data set worked out by hand', () => {
    it('[T1] a village id → one row with its counts; total is that row', async () => {
      const res = await tallies(t.world.admin, AREAS.village1);
      expect(res.asOf).toMatch(ISO_TIME);
      expect(isoDateInVietnam(Date.parse(res.asOf))).toBe(TODAY_VN);
      expect(res.rows).toHaveLength(1);
      expect(res.rows[0]).toMatchObject({ areaId: AREAS.village1, areaName: AREA_NAMES[AREAS.village1] });
      expect(counts(res.rows[0]!)).toEqual(village1);
      expect(counts(res.total)).toEqual(village1);
    });

    it('[T1] a commune → one row per village (an empty one too) and their total', async () => {
      const res = await tallies(t.world.admin, AREAS.communeA);
      const byId = new Map(res.rows.map((r) => [r.areaId, r]));
      expect([...byId.keys()].sort()).toEqual([AREAS.village1, AREAS.village2, AREAS.villageEmpty].sort());
      expect(res.rows).toHaveLength(3);
      expect(counts(byId.get(AREAS.village1)!)).toEqual(village1);
      expect(counts(byId.get(AREAS.village2)!)).toEqual(village2);
      expect(counts(byId.get(AREAS.villageEmpty)!)).toEqual(ZERO);
      expect(byId.get(AREAS.village2)!.areaName).toBe(AREA_NAMES[AREAS.village2]);
      expect(counts(res.total)).toEqual(sum([village1, village2]));
      expect(counts(res.total)).toEqual({
        households: 6,
        householdsVisited: 3,
        persons: 8,
        persons14plus: 7,
        cccdIssued14plus: 4,
        vneidLevel2Active14plus: 4,
        openTasks: 4,
      });
    });

    it("[T4] persons14plus: 14 on asOf's date in Asia/Ho_Chi_Minh — one minute before midnight there, B is not yet 14", async () => {
      // 2026-11-22T16:59Z is 23:59 on 22 November in Vietnam (while already 22 Nov in UTC too): B
      // turns 14 at the next midnight, G already has.
      clock.set('2026-11-22T16:59:00.000Z');
      try {
        const res = await tallies(t.world.admin, AREAS.village1);
        expect(isoDateInVietnam(Date.parse(res.asOf))).toBe('2026-11-22');
        expect(counts(res.total)).toEqual({
          ...village1,
          persons14plus: village1.persons14plus - 1,
          cccdIssued14plus: village1.cccdIssued14plus - 1,
          vneidLevel2Active14plus: village1.vneidLevel2Active14plus - 1,
        });
        // At 17:00Z it is midnight in Vietnam: B counts, though UTC is still on the 22nd.
        clock.set('2026-11-22T17:00:00.000Z');
        expect(counts((await tallies(t.world.admin, AREAS.village1)).total)).toEqual(village1);
        // And on the 24th (Vietnam), C counts too.
        clock.set('2026-11-23T17:00:00.000Z');
        expect(counts((await tallies(t.world.admin, AREAS.village1)).total)).toEqual({
          ...village1,
          persons14plus: village1.persons14plus + 1,
          cccdIssued14plus: village1.cccdIssued14plus + 1,
          vneidLevel2Active14plus: village1.vneidLevel2Active14plus + 1,
        });
      } finally {
        clock.set(NOW);
      }
    });
  });

  describe('[T4] persons14plus on a 29 February birthday', () => {
    it('[T4] born 29 Feb 2012: not 14 on 28 Feb 2026 in Vietnam, 14 on 1 March', async () => {
      await createArea(t.world.admin, { id: 'xa-nhuan', kind: 'commune', name: 'Xã Nhuận' });
      const area = await createArea(t.world.admin, {
        id: 'thon-nhuan',
        kind: 'village',
        name: 'Thôn Nhuận',
        parentId: 'xa-nhuan',
      });
      const h = newHousehold(area.id);
      await pushAll(t.world.admin, [h, newPerson(h.entityId, { birthDate: '2012-02-29' })]);
      try {
        // 2026-02-28T16:59Z is 23:59 on 28 February in Vietnam.
        clock.set('2026-02-28T16:59:00.000Z');
        expect((await tallies(t.world.admin, area.id)).total).toMatchObject({ persons: 1, persons14plus: 0 });
        // One minute later it is 1 March there (still 28 February in UTC).
        clock.set('2026-02-28T17:00:00.000Z');
        expect((await tallies(t.world.admin, area.id)).total).toMatchObject({ persons: 1, persons14plus: 1 });
      } finally {
        clock.set(NOW);
      }
    });
  });

  describe('[T2] a generated village, counted independently', () => {
    it('[T2] matches the counts computed from the generated records ([T3], [T5], [T6])', async () => {
      // Seed 606, then every seed kept in test/seeds.json because it once failed: a village each.
      const key = 'test/integration/tallies.test.ts > a generated village, counted independently';
      const runs = seedRuns(key, 606);
      printSeedsOnFailure(key, runs);
      const expectedById = new Map<string, Counts>();
      for (const { seed, kept } of runs) {
        const area = await createArea(t.world.admin, {
          id: kept ? `thon-sinh-${seed}` : 'thon-sinh',
          kind: 'village',
          name: kept ? `Thôn Sinh ${seed}` : 'Thôn Sinh',
          parentId: AREAS.communeB,
        });
        const v = generateVillage({
          villageId: area.id,
          villageName: area.name,
          households: 60,
          seed,
          today: '2026-11-20',
        });
        await pushAll(t.world.admin, mutationsOf(v));
        const expected = expectedOf(v, TODAY_VN);
        expect(expected.persons14plus, `seed ${seed}`).toBeGreaterThan(0);
        expect(expected.persons14plus, `seed ${seed}`).toBeLessThan(expected.persons);
        const one = await tallies(t.world.admin, area.id);
        expect(one.rows.map(counts), `seed ${seed}`).toEqual([expected]);
        expectedById.set(area.id, expected);
      }

      const commune = await tallies(t.world.policeB, AREAS.communeB);
      const byId = new Map(commune.rows.map((r) => [r.areaId, counts(r)]));
      expect([...byId.keys()].sort()).toEqual([AREAS.village3, ...expectedById.keys()].sort());
      for (const [id, expected] of expectedById) expect(byId.get(id)).toEqual(expected);
      expect(counts(commune.total)).toEqual(sum([...byId.values()]));
    });
  });

  describe('[T7] who may ask: police and admins any area in scope, a volunteer their villages', () => {
    it('[T7] a volunteer: their village → 200; the commune → 403; another village → 403', async () => {
      const { vol1, vol12 } = t.world;
      expect(counts((await tallies(vol1, AREAS.village1)).total)).toEqual(village1);
      expectError(await vol1.get(`/api/tallies?areaId=${AREAS.communeA}`), 403, 'forbidden');
      expectError(await vol1.get(`/api/tallies?areaId=${AREAS.village2}`), 403, 'forbidden');
      expectError(await vol1.get(`/api/tallies?areaId=${AREAS.village3}`), 403, 'forbidden');
      expect((await tallies(vol12, AREAS.village2)).rows).toHaveLength(1);
      expectError(await vol12.get(`/api/tallies?areaId=${AREAS.communeA}`), 403, 'forbidden');
    });

    it('[T7] police: their commune and its villages → 200; another commune → 403', async () => {
      const { police } = t.world;
      expect(counts((await tallies(police, AREAS.communeA)).total)).toEqual(sum([village1, village2]));
      expect(counts((await tallies(police, AREAS.village2)).total)).toEqual(village2);
      expectError(await police.get(`/api/tallies?areaId=${AREAS.communeB}`), 403, 'forbidden');
      expectError(await police.get(`/api/tallies?areaId=${AREAS.village3}`), 403, 'forbidden');
    });

    it('[T7] without areaId → 400 invalid_request naming it', async () => {
      const res = await t.world.admin.get('/api/tallies');
      expectError(res, 400, 'invalid_request');
      expect(res.text).toContain('areaId');
    });
  });
});
