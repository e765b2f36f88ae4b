// [RV12] The VNeID level-2 funnel per village over real HTTP: a data set pushed like the phones would,
// worked out by hand (the 14-year boundary on Vietnam's date, registered by date or by status, the
// blockers of those not yet active, deleted records out), who may ask, and the same 14+ and level-2
// counts as the tallies give for the same data.
import { beforeAll, describe, expect, it } from 'vitest';
import { talliesAnswerSchema } from '../../src/domain/review.ts';
import { funnelAnswerSchema, type FunnelAnswer, type FunnelRow } from '../../src/domain/trends.ts';
import type { Mutation } from '../../src/domain/sync-protocol.ts';
import {
  AREAS,
  AREA_NAMES,
  BACKENDS,
  DAY_MS,
  ISO_TIME,
  TestClock,
  createHousehold,
  expectError,
  loginAdmin,
  newHousehold,
  newPerson,
  remove,
  useLegacyRecord,
  useServer,
  type Api,
  type Backend,
} from '../support/server.ts';

// 2026-11-22T17:30Z is already 23 November in Vietnam (UTC+7): 14+ means born on or before 2012-11-23.
const NOW = '2026-11-22T17:30:00.000Z';

/** Pushes in order; fails unless every mutation is applied. */
async function pushAll(api: Api, ms: Mutation[]) {
  const results = await api.push(ms);
  expect(results.filter((r) => r.status !== 'applied')).toEqual([]);
}

const adult = (householdId: string, extra: Record<string, unknown> = {}) =>
  newPerson(householdId, { birthDate: '1980-03-03', cccdStatus: 'issued', vneidStatus: 'none', ...extra });

type Blockers = FunnelRow['blockers'];
const blockers = (b: Partial<Blockers> = {}): Blockers => ({
  no_own_sim: 0,
  no_smartphone: 0,
  home_visit: 0,
  working_away: 0,
  refused: 0,
  other: 0,
  unknown: 0,
  ...b,
});
const row = (
  areaId: string,
  persons14plus: number,
  registered: number,
  activated: number,
  b: Partial<Blockers> = {},
  areaName = AREA_NAMES[areaId]!,
): FunnelRow => ({ areaId, areaName, persons14plus, registered, activated, blockers: blockers(b) });

/** The rows' sum under `areaId`: what `total` must be. */
function sum(areaId: string, rows: readonly FunnelRow[]): FunnelRow {
  const total = row(areaId, 0, 0, 0);
  for (const r of rows) {
    total.persons14plus += r.persons14plus;
    total.registered += r.registered;
    total.activated += r.activated;
    for (const k of Object.keys(total.blockers) as (keyof Blockers)[]) total.blockers[k] += r.blockers[k];
  }
  return total;
}

async function funnelOf(api: Api, areaId: string): Promise<FunnelAnswer> {
  const res = await api.get(`/api/review/funnel?areaId=${encodeURIComponent(areaId)}`);
  expect(res.status, res.text).toBe(200);
  return funnelAnswerSchema.parse(res.body);
}

describe.each(BACKENDS)('[RV12] the VNeID funnel on %s', (backend) => {
  const clock = new TestClock(Date.parse(NOW));
  const t = useServer(backend, { clock });

  // The data set. Village 1 (Thôn Đông), one household:
  //   P1 adult level2_active → 14+, registered (status), activated.
  //   P2 adult level2_active with a stale blocker no_own_sim → activated, in no blocker.
  //   P3 born 2012-11-23 (14 today in Vietnam), status none, vneidRegisteredOn 2026-11-20 → registered
  //      (date), blocker unknown.
  //   P4 born 2012-11-24 (13 today), blocker home_visit → nowhere.
  //   P5 adult level2_pending, home_visit → registered (status), home_visit.
  //   P6 adult level1, home_visit → not registered, home_visit.
  //   P7 adult none, no_smartphone.
  //   P8 adult none, home_visit, then deleted → nowhere.
  //   P9 adult level1, refused, vneidRegisteredOn 2026-10-01 → registered (date), refused.
  //   → 14+ 7, registered 5, activated 2; blockers unknown 1, home_visit 2, no_smartphone 1, refused 1.
  // Village 2 (Thôn Tây): Q1 working_away, Q2 other, Q3–Q5 home_visit, Q6 level2_active, Q7 level1 and no
  //   blocker, Q8 with a blocker cleared again (null) → unknown; a household deleted with its adult
  //   (home_visit) → nowhere.
  //   → 14+ 8, registered 1, activated 1; working_away 1, other 1, home_visit 3, unknown 2.
  // Thôn Mới: nothing. Commune B's Thôn Bắc: one adult, refused (never in commune A's figures).
  const village1 = row(AREAS.village1, 7, 5, 2, { unknown: 1, home_visit: 2, no_smartphone: 1, refused: 1 });
  const village2 = row(AREAS.village2, 8, 1, 1, { working_away: 1, other: 1, home_visit: 3, unknown: 2 });
  const empty = row(AREAS.villageEmpty, 0, 0, 0);

  beforeAll(async () => {
    const { vol1, vol2, vol3 } = t.world;
    const h1 = newHousehold(AREAS.village1);
    const H1 = h1.entityId;
    const p8 = adult(H1, { vneidBlocker: 'home_visit' });
    await pushAll(vol1, [
      h1,
      adult(H1, { vneidStatus: 'level2_active' }),
      adult(H1, { vneidStatus: 'level2_active', vneidBlocker: 'no_own_sim' }),
      newPerson(H1, {
        birthDate: '2012-11-23',
        relation: 'child',
        cccdStatus: 'none',
        vneidStatus: 'none',
        vneidRegisteredOn: '2026-11-20',
      }),
      newPerson(H1, {
        birthDate: '2012-11-24',
        relation: 'child',
        cccdStatus: 'none',
        vneidStatus: 'none',
        vneidBlocker: 'home_visit',
      }),
      adult(H1, { vneidStatus: 'level2_pending', vneidBlocker: 'home_visit' }),
      adult(H1, { vneidStatus: 'level1', vneidBlocker: 'home_visit' }),
      adult(H1, { vneidBlocker: 'no_smartphone' }),
      p8,
      adult(H1, { vneidStatus: 'level1', vneidBlocker: 'refused', vneidRegisteredOn: '2026-10-01' }),
      remove('person', p8.entityId, 1),
    ]);

    const h2 = newHousehold(AREAS.village2);
    const H2 = h2.entityId;
    const q8 = adult(H2, { vneidBlocker: 'no_own_sim' });
    const gone = newHousehold(AREAS.village2);
    const goneAdult = adult(gone.entityId, { vneidBlocker: 'home_visit' });
    await pushAll(vol2, [
      h2,
      adult(H2, { vneidBlocker: 'working_away' }),
      adult(H2, { vneidBlocker: 'other' }),
      adult(H2, { vneidBlocker: 'home_visit' }),
      adult(H2, { vneidBlocker: 'home_visit' }),
      adult(H2, { vneidBlocker: 'home_visit' }),
      adult(H2, { vneidStatus: 'level2_active' }),
      adult(H2, { vneidStatus: 'level1' }),
      q8,
      { ...q8, id: crypto.randomUUID(), baseVersion: 1, fields: { vneidBlocker: null } },
      gone,
      goneAdult,
      remove('person', goneAdult.entityId, 1),
      remove('household', gone.entityId, 1),
    ]);

    const h3 = newHousehold(AREAS.village3);
    await pushAll(vol3, [h3, adult(h3.entityId, { vneidBlocker: 'refused' })]);
  }, 60_000);

  describe('[RV12] a data set worked out by hand', () => {
    it('[RV12] a commune → one row per village by name (an empty one with zeros), total their sum', async () => {
      clock.set(NOW);
      const answer = await funnelOf(t.world.police, AREAS.communeA);
      expect(answer.asOf).toMatch(ISO_TIME);
      expect(Date.parse(answer.asOf)).toBe(Date.parse(NOW));
      // One row per village, in the tallies' order (by village name, as the database sorts names).
      const byId = new Map(answer.rows.map((r) => [r.areaId, r]));
      expect(answer.rows).toHaveLength(3);
      expect([byId.get(AREAS.village1), byId.get(AREAS.villageEmpty), byId.get(AREAS.village2)]).toEqual([
        village1,
        empty,
        village2,
      ]);
      const res = await t.world.police.get(`/api/tallies?areaId=${AREAS.communeA}`);
      const order = talliesAnswerSchema.parse(res.body).rows.map((r) => r.areaId);
      expect(answer.rows.map((r) => r.areaId)).toEqual(order);
      expect(answer.total).toEqual(sum(AREAS.communeA, [village1, empty, village2]));
      expect(answer.total).toEqual(sum(AREAS.communeA, answer.rows));
    });

    it('[RV12] a village → its one row; total is that row under its id and name', async () => {
      clock.set(NOW);
      const answer = await funnelOf(t.world.police, AREAS.village2);
      expect(answer.rows).toEqual([village2]);
      expect(answer.total).toEqual(village2);
      expect(await funnelOf(t.world.police, AREAS.villageEmpty)).toMatchObject({
        rows: [empty],
        total: empty,
      });
    });

    it('[RV12] [T4] the 14-year boundary on Vietnam’s date: one minute before midnight there, P3 is not yet 14; a day later P4 is', async () => {
      // 16:59Z on 22 November is 23:59 on 22 November in Vietnam: P3 (born 2012-11-23) is 13.
      clock.set('2026-11-22T16:59:00.000Z');
      expect((await funnelOf(t.world.police, AREAS.village1)).total).toEqual(
        row(AREAS.village1, 6, 4, 2, { home_visit: 2, no_smartphone: 1, refused: 1 }),
      );
      // 24 November in Vietnam: P4 (born 2012-11-24, home_visit, not registered) turns 14.
      clock.set(Date.parse(NOW) + DAY_MS);
      expect((await funnelOf(t.world.police, AREAS.village1)).total).toEqual(
        row(AREAS.village1, 8, 5, 2, { unknown: 1, home_visit: 3, no_smartphone: 1, refused: 1 }),
      );
      clock.set(NOW);
    });

    it('[RV12] the blockers sum to the 14+ not activated, in every row and the total', async () => {
      clock.set(NOW);
      const answer = await funnelOf(t.world.admin, AREAS.communeA);
      for (const r of [...answer.rows, answer.total]) {
        const blocked = Object.values(r.blockers).reduce((a, b) => a + b, 0);
        expect(blocked, r.areaId).toBe(r.persons14plus - r.activated);
        expect(r.activated).toBeLessThanOrEqual(r.registered);
        expect(r.registered).toBeLessThanOrEqual(r.persons14plus);
      }
    });

    it('[RV12] [T5] persons14plus and activated are the tallies’ persons14plus and vneidLevel2Active14plus', async () => {
      clock.set(NOW);
      const { police } = t.world;
      const res = await police.get(`/api/tallies?areaId=${AREAS.communeA}`);
      expect(res.status, res.text).toBe(200);
      const tallies = talliesAnswerSchema.parse(res.body);
      const answer = await funnelOf(police, AREAS.communeA);
      const pick = (r: { areaId: string; persons14plus: number }, active: number) => ({
        areaId: r.areaId,
        persons14plus: r.persons14plus,
        active,
      });
      expect(answer.rows.map((r) => pick(r, r.activated))).toEqual(
        tallies.rows.map((r) => pick(r, r.vneidLevel2Active14plus)),
      );
      expect(pick(answer.total, answer.total.activated)).toEqual(
        pick(tallies.total, tallies.total.vneidLevel2Active14plus),
      );
    });

    it('[RV12] counts only: no name, date or number of a citizen in the answer', async () => {
      clock.set(NOW);
      const res = await t.world.police.get(`/api/review/funnel?areaId=${AREAS.communeA}`);
      expect(res.text).not.toMatch(/Trần Thị|Nguyễn Văn|1980-03-03|2026-11-20|householdId/);
    });
  });

  describe('[RV12] [RV1] who may ask', () => {
    it('[RV12] police: their commune and its villages → 200; another commune or its village → 403', async () => {
      const { police, policeB } = t.world;
      expect((await funnelOf(police, AREAS.village1)).rows).toHaveLength(1);
      expectError(await police.get(`/api/review/funnel?areaId=${AREAS.communeB}`), 403, 'forbidden');
      expectError(await police.get(`/api/review/funnel?areaId=${AREAS.village3}`), 403, 'forbidden');
      expectError(await policeB.get(`/api/review/funnel?areaId=${AREAS.communeA}`), 403, 'forbidden');
      // Commune B's own figures hold its one adult, refused.
      expect((await funnelOf(policeB, AREAS.communeB)).total).toEqual(
        row(AREAS.communeB, 1, 0, 0, { refused: 1 }),
      );
    });

    it('[RV12] an unknown area → 404; a volunteer → 403, even for their own village', async () => {
      const { police, vol1 } = t.world;
      expectError(await police.get('/api/review/funnel?areaId=xa-khong-co'), 404, 'not_found');
      expectError(await vol1.get(`/api/review/funnel?areaId=${AREAS.village1}`), 403, 'forbidden');
      expectError(await vol1.get(`/api/review/funnel?areaId=${AREAS.communeA}`), 403, 'forbidden');
    });

    it('[RV12] [RV9] a missing or malformed areaId → 400 invalid_request naming it; no session → 401', async () => {
      const { police, anon } = t.world;
      for (const q of ['', '?areaId=', '?areaId=Xa%20An%20Binh']) {
        const res = await police.get(`/api/review/funnel${q}`);
        expectError(res, 400, 'invalid_request');
        expect(res.text).toContain('areaId');
      }
      expect((await anon.get(`/api/review/funnel?areaId=${AREAS.communeA}`)).status).toBe(401);
    });
  });
});

describe.each(BACKENDS)('[RV12] a blocker this server does not know, on %s', (backend: Backend) => {
  const t = useLegacyRecord(backend, {
    field: 'vneidBlocker',
    value: 'lost_phone',
    make: async (world) => {
      const household = await createHousehold(world.vol1, AREAS.village1);
      const person = adult(household, { vneidBlocker: 'no_own_sim' });
      await pushAll(world.vol1, [person]);
      return person.entityId;
    },
  });

  it('[RV12] counts as other', async () => {
    const admin = await loginAdmin(t.server.url);
    const answer = await funnelOf(admin, AREAS.village1);
    expect(answer.total).toEqual(row(AREAS.village1, 1, 0, 0, { other: 1 }));
  });
});
