// Targets, daily snapshots and trends (issue 17), SYNC-API.md [G1]–[G8]: snapshots taken on the
// server's clock moved by hand (and looked for at once through the running server's `takeSnapshots`,
// what its minute timer does), compared with the tallies answered at the same moments; weeks and
// months picking the last snapshot of each; targets set, replaced and removed with their trail; and
// the snapshots' once-a-day rule under concurrent looks, on one store, on two connections to one
// PostgreSQL, and from two server processes.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { talliesAnswerSchema, TALLY_COUNTS, type TalliesAnswer } from '../../src/domain/review.ts';
import {
  SNAPSHOT_COUNTS,
  periodStart,
  targetsAnswerSchema,
  trendAnswerSchema,
  type Target,
  type TrendAnswer,
  type TrendPoint,
} from '../../src/domain/trends.ts';
import type { User } from '../../src/domain/users.ts';
import type { Mutation } from '../../src/domain/sync-protocol.ts';
import { createArea as createAreaInStore, getArea } from '../../src/server/accounts/areas.ts';
import { closeCampaign } from '../../src/server/campaigns/close.ts';
import { createCampaign } from '../../src/server/campaigns/create.ts';
import { tallies } from '../../src/server/police/tallies.ts';
import { openStore } from '../../src/server/store/open-store.ts';
import type { Store } from '../../src/server/store/store.ts';
import { takeDailySnapshots } from '../../src/server/trends/take-snapshots.ts';
import {
  AREAS,
  BACKENDS,
  PASSWORD,
  TestClock,
  USERS,
  createArea,
  dropSchema,
  expectError,
  loginAdmin,
  newHousehold,
  newPerson,
  newTask,
  newVisit,
  provision,
  randomSchema,
  remove,
  startProcess,
  startTestServer,
  upsert,
  useServer,
  type Api,
  type Backend,
  type ServerProcess,
  type TestServer,
} from '../support/server.ts';

const PG = process.env.TEST_DATABASE_URL;

/** An instant given as Vietnam's date and time of day (UTC+7). */
const at = (day: string, time: string): number => Date.parse(`${day}T${time}:00.000+07:00`);

// The days of the main series: Monday, Tuesday and Thursday of one week, the next Monday, and the
// first Monday of the next month (all before today, so that backdated fields are accepted).
const D1 = '2026-10-05';
const D2 = '2026-10-06';
const D3 = '2026-10-08';
const D4 = '2026-10-12';
const D5 = '2026-11-02';
const D6 = '2026-11-03';

/** 23:00 in Vietnam on D1 … the default snapshot time. */
const DEFAULT_TIME = '23:00';

interface AuditEntry {
  action: string;
  communeId: string | null;
  targetAreaId: string | null;
  details: Record<string, unknown>;
}

/** The counts of a trend point, without its day. */
function countsOfPoint(p: TrendPoint): Record<string, number> {
  return Object.fromEntries(TALLY_COUNTS.map((k) => [k, p[k]]));
}

/** The counts of a tallies row. */
function countsOfRow(r: TalliesAnswer['rows'][number]): Record<string, number> {
  return Object.fromEntries(TALLY_COUNTS.map((k) => [k, r[k]]));
}

async function pushAll(api: Api, ms: Mutation[]) {
  const results = await api.push(ms);
  expect(results.filter((r) => r.status !== 'applied')).toEqual([]);
}

describe.each(BACKENDS)('[G1]–[G8] targets, snapshots and trends on %s', (backend) => {
  const clock = new TestClock(at(D1, '10:00'));
  // The minute timer is off here (a look comes only when the test asks): a tick between a move of the
  // clock and the test's own look would take the snapshot first. The catch-up suite runs the timer.
  const t = useServer(backend, { clock, server: { snapshotCheckMs: 2_000_000_000 } });
  /** The tallies of commune A answered at each snapshot's moment, by day. */
  const talliesOn = new Map<string, TalliesAnswer>();
  /** Records made on D1, edited later. */
  const made = { household: '', person: '', task: '' };

  const take = () => t.server.server.takeSnapshots();
  const trend = async (api: Api, query: string): Promise<TrendAnswer> => {
    const res = await api.get(`/api/trends?${query}`);
    expect(res.status, res.text).toBe(200);
    return trendAnswerSchema.parse(res.body);
  };
  const talliesOf = async (areaId: string): Promise<TalliesAnswer> => {
    const res = await t.world.police.get(`/api/tallies?areaId=${areaId}`);
    expect(res.status, res.text).toBe(200);
    return talliesAnswerSchema.parse(res.body);
  };
  /** Takes the day's snapshots at `time` on `day`, keeping the tallies answered at that moment. */
  const snapshotAt = async (day: string, time: string) => {
    clock.set(at(day, time));
    talliesOn.set(day, await talliesOf(AREAS.communeA));
    return take();
  };
  const put = (api: Api, json: unknown) => api.request('PUT', '/api/targets', { json });
  const targets = async (api: Api, areaId: string): Promise<Target[]> => {
    const res = await api.get(`/api/targets?areaId=${areaId}`);
    expect(res.status, res.text).toBe(200);
    return targetsAnswerSchema.parse(res.body).targets;
  };
  const trail = async (): Promise<AuditEntry[]> => {
    const res = await t.world.admin.get<{ entries: AuditEntry[] }>(
      `/api/manage/audit?communeId=${AREAS.communeA}&limit=200`,
    );
    expect(res.status, res.text).toBe(200);
    return res.body.entries.filter((e) => e.action === 'target.set');
  };

  describe('[G1] [G2] [G6] daily snapshots and the trend of each day', () => {
    it('[G1] [G2] before the snapshot time nothing is taken', async () => {
      clock.set(at(D1, '22:59'));
      expect(await take()).toEqual({ day: null, villages: 0 });
      const answer = await trend(t.world.police, `areaId=${AREAS.communeA}&period=day&from=${D1}&to=${D1}`);
      expect(answer.total.points).toEqual([null]);
      expect(answer.villages.map((v) => v.points)).toEqual([[null], [null], [null]]);
    });

    it('[G1] [G6] each day’s trend point is exactly the tallies answered at its snapshot moment', async () => {
      const { vol12 } = t.world;
      // D1: two households in village 1, one in village 2; a person who turns 14 on D2.
      clock.set(at(D1, '10:00'));
      const h1 = newHousehold(AREAS.village1);
      const h2 = newHousehold(AREAS.village1);
      const h3 = newHousehold(AREAS.village2);
      const p1 = newPerson(h1.entityId, { cccdStatus: 'issued', vneidStatus: 'level2_active' });
      const teen = newPerson(h1.entityId, {
        birthDate: '2012-10-06',
        cccdStatus: 'none',
        vneidStatus: 'none',
        relation: 'child',
      });
      const task = newTask(h2.entityId);
      await pushAll(vol12, [h1, h2, h3, p1, teen, task, newVisit(h1.entityId)]);
      Object.assign(made, { household: h2.entityId, person: p1.entityId, task: task.entityId });
      // 3 villages of commune A, 1 of commune B.
      expect(await snapshotAt(D1, DEFAULT_TIME)).toEqual({ day: D1, villages: 4 });

      // D2: a registered applicant, a pending one, a task done, a visit not met, a household deleted.
      clock.set(at(D2, '09:00'));
      await pushAll(vol12, [
        newPerson(h3.entityId, { vneidStatus: 'level1', vneidRegisteredOn: '2026-09-30' }),
        newPerson(h3.entityId, { vneidStatus: 'level2_pending', cccdStatus: 'applied' }),
        newPerson(h3.entityId, { birthDate: '2015-01-01', vneidStatus: 'level2_pending' }),
        upsert('task', task.entityId, { status: 'done' }, 1),
        newTask(h3.entityId),
        newVisit(h3.entityId, { outcome: 'not_home' }),
      ]);
      const gone = newHousehold(AREAS.village2);
      await pushAll(vol12, [gone]);
      await pushAll(vol12, [remove('household', gone.entityId, 1)]);
      expect(await snapshotAt(D2, '23:30')).toEqual({ day: D2, villages: 4 });

      // D3: nothing new but a visit met in village 2.
      clock.set(at(D3, '08:00'));
      await pushAll(vol12, [newVisit(h3.entityId)]);
      expect(await snapshotAt(D3, '23:05')).toEqual({ day: D3, villages: 4 });

      const answer = await trend(t.world.police, `areaId=${AREAS.communeA}&period=day&from=${D1}&to=${D3}`);
      expect(answer.periods.map((p) => p.start)).toEqual([D1, D2, '2026-10-07', D3]);
      expect(answer.villages.map((v) => v.areaId)).toEqual(talliesOn.get(D1)!.rows.map((r) => r.areaId));
      for (const [i, day] of answer.periods.map((p) => p.start).entries()) {
        const told = talliesOn.get(day);
        if (!told) {
          expect(answer.total.points[i]).toBeNull();
          for (const v of answer.villages) expect(v.points[i]).toBeNull();
          continue;
        }
        expect(answer.total.points[i]?.day).toBe(day);
        expect(countsOfPoint(answer.total.points[i]!)).toEqual(countsOfRow(told.total));
        for (const [j, row] of told.rows.entries()) {
          expect(answer.villages[j]!.points[i]?.day).toBe(day);
          expect(countsOfPoint(answer.villages[j]!.points[i]!), `${row.areaId} on ${day}`).toEqual(
            countsOfRow(row),
          );
        }
      }
      // The two counts beyond the tallies, by hand: one task done from D2; registered 14+: the
      // level-2 active person, then also the applicant with a date and the pending adult (not the
      // pending child of 11).
      const extra = (i: number) => ({
        tasksDone: answer.total.points[i]!.tasksDone,
        vneidRegistered14plus: answer.total.points[i]!.vneidRegistered14plus,
      });
      expect(extra(0)).toEqual({ tasksDone: 0, vneidRegistered14plus: 1 });
      expect(extra(1)).toEqual({ tasksDone: 1, vneidRegistered14plus: 3 });
      // [T4] on the snapshot's day: the teenager counts from D2.
      const dong = answer.villages.find((v) => v.areaId === AREAS.village1)!;
      expect(dong.points[1]!.persons14plus - dong.points[0]!.persons14plus).toBe(1);

      // A village's own trend is its series of the commune's.
      const own = await trend(t.world.police, `areaId=${AREAS.village1}&period=day&from=${D1}&to=${D3}`);
      expect(own.villages).toEqual([dong]);
      expect(own.total.points).toEqual(dong.points);
    });

    it('[G2] a second look the same day takes nothing, and an edit of an old record changes no snapshot', async () => {
      const before = await trend(t.world.police, `areaId=${AREAS.communeA}&period=day&from=${D1}&to=${D3}`);
      clock.set(at(D4, '09:00'));
      const { vol12 } = t.world;
      // Edits of D1's records, and a visit backdated to D1.
      await pushAll(vol12, [
        upsert('person', made.person, { cccdStatus: 'lost', vneidStatus: 'level1' }, 1),
        upsert('task', made.task, { status: 'open' }, 2),
        newVisit(made.household, { visitedOn: D1 }),
      ]);
      for (const day of [D1, D2, D3]) {
        clock.set(at(day, '23:59'));
        expect(await take()).toEqual({ day, villages: 0 });
      }
      const after = await trend(t.world.police, `areaId=${AREAS.communeA}&period=day&from=${D1}&to=${D3}`);
      expect(after).toEqual(before);
      // D4's own snapshot has the edits.
      expect(await snapshotAt(D4, '23:00')).toEqual({ day: D4, villages: 4 });
      const d4 = await trend(t.world.police, `areaId=${AREAS.communeA}&period=day&from=${D4}&to=${D4}`);
      expect(countsOfPoint(d4.total.points[0]!)).toEqual(countsOfRow(talliesOn.get(D4)!.total));
      expect(d4.total.points[0]!.tasksDone).toBe(0);
    });

    it('[G6] weeks and months hold the last snapshot within them and within from–to', async () => {
      expect(await snapshotAt(D5, '23:10')).toEqual({ day: D5, villages: 4 });
      const q = `areaId=${AREAS.communeA}`;
      const days = await trend(t.world.police, `${q}&period=day&from=${D1}&to=${D5}`);
      const pointOn = (day: string) => {
        const i = days.periods.findIndex((p) => p.start === day);
        return { total: days.total.points[i], villages: days.villages.map((v) => v.points[i]) };
      };
      const expectPoints = (answer: TrendAnswer, i: number, day: string | null) => {
        const want = day === null ? { total: null, villages: [null, null, null] } : pointOn(day);
        expect(answer.total.points[i]).toEqual(want.total);
        expect(answer.villages.map((v) => v.points[i])).toEqual(want.villages);
      };

      const weeks = await trend(t.world.police, `${q}&period=week&from=${D1}&to=${D5}`);
      expect(weeks.periods).toEqual([
        { start: '2026-10-05', end: '2026-10-11' },
        { start: '2026-10-12', end: '2026-10-18' },
        { start: '2026-10-19', end: '2026-10-25' },
        { start: '2026-10-26', end: '2026-11-01' },
        { start: '2026-11-02', end: '2026-11-08' },
      ]);
      for (const [i, day] of [D3, D4, null, null, D5].entries()) expectPoints(weeks, i, day);

      const months = await trend(t.world.police, `${q}&period=month&from=2026-10-01&to=2026-11-30`);
      expect(months.periods).toEqual([
        { start: '2026-10-01', end: '2026-10-31' },
        { start: '2026-11-01', end: '2026-11-30' },
      ]);
      for (const [i, day] of [D4, D5].entries()) expectPoints(months, i, day);

      // Within from–to only: a week cut at D2 holds D2's snapshot, a month started at D5 none before.
      const cut = await trend(t.world.police, `${q}&period=week&from=${D1}&to=${D2}`);
      expect(cut.periods).toEqual([{ start: D1, end: '2026-10-11' }]);
      expectPoints(cut, 0, D2);
      const late = await trend(t.world.police, `${q}&period=month&from=2026-10-13&to=${D5}`);
      for (const [i, day] of [null, D5].entries()) expectPoints(late, i, day);

      // Defaults: weeks, up to today (D5 on the server's clock), 12 whole weeks before this one.
      clock.set(at(D5, '23:30'));
      const defaults = await trend(t.world.police, q);
      expect({ period: defaults.period, to: defaults.to }).toEqual({ period: 'week', to: D5 });
      expect(defaults.from).toBe('2026-08-10');
      expect(defaults.periods).toHaveLength(13);
      expect(defaults.total.points.at(-1)).toEqual(pointOn(D5).total);
      const monthly = await trend(t.world.police, `${q}&period=month`);
      expect(monthly.from).toBe('2025-11-01');
      expect(monthly.periods).toHaveLength(13);
    });

    it('[G2] [G6] a village made after the day’s snapshot gets its own at the next look; archived, it takes none and leaves the trend when it has none in the span', async () => {
      const { admin, police } = t.world;
      clock.set(at(D5, '23:40'));
      await createArea(admin, {
        id: 'thon-luu',
        kind: 'village',
        name: 'Thôn Lưu',
        parentId: AREAS.communeA,
      });
      expect(await take()).toEqual({ day: D5, villages: 1 });
      clock.set(at(D6, '10:00'));
      const res = await admin.request('PATCH', '/api/manage/villages/thon-luu', { json: { archived: true } });
      expect(res.status, res.text).toBe(200);
      clock.set(at(D6, '23:00'));
      expect(await take()).toEqual({ day: D6, villages: 4 });

      const both = await trend(police, `areaId=${AREAS.communeA}&period=day&from=${D5}&to=${D6}`);
      const luu = both.villages.find((v) => v.areaId === 'thon-luu');
      expect(luu?.points.map((p) => p?.day ?? null)).toEqual([D5, null]);
      expect(both.total.points.map((p) => p?.day)).toEqual([D5, D6]);
      const later = await trend(police, `areaId=${AREAS.communeA}&period=day&from=${D6}&to=${D6}`);
      expect(later.villages.map((v) => v.areaId)).not.toContain('thon-luu');
      expect(later.villages).toHaveLength(3);
    });
  });

  describe('[G4] [G8] targets', () => {
    it('[G4] sets, replaces and removes targets, each change in the managers’ trail, and the trend carries them', async () => {
      const { police, admin } = t.world;
      clock.set(at(D6, '11:00'));
      let res = await put(police, { areaId: AREAS.communeA, measure: 'cccd14', percent: 90 });
      expect(res.status, res.text).toBe(200);
      const first = (res.body as { target: Target }).target;
      expect(first).toEqual({
        areaId: AREAS.communeA,
        measure: 'cccd14',
        percent: 90,
        dueOn: null,
        setAt: clock.iso(),
        setBy: police.userId,
      });
      res = await put(admin, {
        areaId: AREAS.village1,
        measure: 'vneid14',
        percent: 80.5,
        dueOn: '2026-12-31',
      });
      expect(res.status, res.text).toBe(200);
      res = await put(police, { areaId: AREAS.village2, measure: 'visited', percent: 100 });
      expect(res.status, res.text).toBe(200);
      clock.advance(60_000);
      res = await put(police, {
        areaId: AREAS.communeA,
        measure: 'cccd14',
        percent: 95,
        dueOn: '2026-12-15',
      });
      expect(res.status, res.text).toBe(200);
      expect((res.body as { target: Target }).target).toMatchObject({
        percent: 95,
        dueOn: '2026-12-15',
        setAt: clock.iso(),
      });
      // [G8] The same again: the stored target, nothing recorded.
      clock.advance(60_000);
      const again = await put(police, {
        areaId: AREAS.communeA,
        measure: 'cccd14',
        percent: 95,
        dueOn: '2026-12-15',
      });
      expect(again.status).toBe(200);
      expect((again.body as { target: Target }).target.setAt).toBe(
        (res.body as { target: Target }).target.setAt,
      );

      // The commune's first, then its villages' in the tallies' order (by name, [T1]).
      const byName = (await talliesOf(AREAS.communeA)).rows.map((r) => r.areaId);
      const ofCommune = await targets(police, AREAS.communeA);
      expect(ofCommune.map((x) => [x.areaId, x.measure, x.percent])).toEqual([
        [AREAS.communeA, 'cccd14', 95],
        ...[
          [AREAS.village1, 'vneid14', 80.5],
          [AREAS.village2, 'visited', 100],
        ].sort((a, b) => byName.indexOf(a[0] as string) - byName.indexOf(b[0] as string)),
      ]);
      expect((await targets(police, AREAS.village1)).map((x) => [x.areaId, x.measure])).toEqual([
        [AREAS.communeA, 'cccd14'],
        [AREAS.village1, 'vneid14'],
      ]);
      const answer = await trend(police, `areaId=${AREAS.communeA}&period=week&from=${D5}&to=${D6}`);
      expect(answer.targets).toEqual(ofCommune);
      expect((await trend(police, `areaId=${AREAS.village1}&from=${D5}&to=${D6}`)).targets).toEqual(
        await targets(police, AREAS.village1),
      );

      // Removal, then a removal of nothing.
      res = await put(police, { areaId: AREAS.village2, measure: 'visited', percent: null });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({ target: null });
      res = await put(police, { areaId: AREAS.village2, measure: 'visited', percent: null });
      expect(res.body).toEqual({ target: null });
      expect((await targets(police, AREAS.communeA)).map((x) => x.areaId)).toEqual([
        AREAS.communeA,
        AREAS.village1,
      ]);

      const entries = (await trail()).reverse();
      expect(entries.map((e) => [e.targetAreaId, e.communeId, e.details])).toEqual([
        [
          AREAS.communeA,
          AREAS.communeA,
          { measure: 'cccd14', percent: { old: null, new: 90 }, dueOn: { old: null, new: null } },
        ],
        [
          AREAS.village1,
          AREAS.communeA,
          { measure: 'vneid14', percent: { old: null, new: 80.5 }, dueOn: { old: null, new: '2026-12-31' } },
        ],
        [
          AREAS.village2,
          AREAS.communeA,
          { measure: 'visited', percent: { old: null, new: 100 }, dueOn: { old: null, new: null } },
        ],
        [
          AREAS.communeA,
          AREAS.communeA,
          { measure: 'cccd14', percent: { old: 90, new: 95 }, dueOn: { old: null, new: '2026-12-15' } },
        ],
        [
          AREAS.village2,
          AREAS.communeA,
          { measure: 'visited', percent: { old: 100, new: null }, dueOn: { old: null, new: null } },
        ],
      ]);
    });

    it('[G8] 50 identical PUTs at once all answer 200 and leave one target and one trail entry', async () => {
      const { police } = t.world;
      const body = { areaId: AREAS.village2, measure: 'tasksClosed', percent: 66.6, dueOn: '2027-01-31' };
      const before = (await trail()).length;
      const answers = await Promise.all(Array.from({ length: 50 }, () => put(police, body)));
      expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
      const stored = (await targets(police, AREAS.village2)).filter(
        (x) => x.areaId === AREAS.village2 && x.measure === 'tasksClosed',
      );
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ measure: 'tasksClosed', percent: 66.6, dueOn: '2027-01-31' });
      for (const r of answers) expect((r.body as { target: Target }).target).toEqual(stored[0]);
      expect((await trail()).length).toBe(before + 1);
    });
  });

  describe('[G4] [G5] [T7] who may ask, and for which area', () => {
    it('[G4] [G5] [T7] another commune is 403, an unknown area 404, a volunteer 403, no areaId 400', async () => {
      const { police, policeB, vol1 } = t.world;
      const body = { areaId: AREAS.communeB, measure: 'cccd14', percent: 50 };
      expectError(await put(police, body), 403, 'forbidden');
      expectError(await put(police, { ...body, areaId: AREAS.village3 }), 403, 'forbidden');
      expectError(await put(police, { ...body, areaId: 'thon-khong-co' }), 404, 'not_found');
      expectError(await put(vol1, { ...body, areaId: AREAS.village1 }), 403, 'forbidden');
      for (const path of ['/api/targets', '/api/trends']) {
        expectError(await police.get(`${path}?areaId=${AREAS.communeB}`), 403, 'forbidden');
        expectError(await policeB.get(`${path}?areaId=${AREAS.village1}`), 403, 'forbidden');
        expectError(await police.get(`${path}?areaId=thon-khong-co`), 404, 'not_found');
        expectError(await vol1.get(`${path}?areaId=${AREAS.village1}`), 403, 'forbidden');
        const missing = await police.get(path);
        expectError(missing, 400, 'invalid_request');
        expect(missing.text).toContain('areaId');
        expectError(await t.world.anon.get(`${path}?areaId=${AREAS.village1}`), 401, 'unauthenticated');
      }
      // Commune B's police see their own.
      expect(
        (await trend(policeB, `areaId=${AREAS.communeB}&period=day&from=${D1}&to=${D1}`)).villages,
      ).toHaveLength(1);
    });

    it('[G4] [G5] [E3] [E6] bad inputs are 400 naming the field, never 5xx', async () => {
      const { police } = t.world;
      const q = (query: string) => police.get(`/api/trends?areaId=${AREAS.communeA}&${query}`);
      const cases: [string, string][] = [
        ['period=year', 'period'],
        ['period=Week', 'period'],
        ['period=%E2%80%8Bweek', 'period'],
        ['from=2026-10-05%E2%80%8B', 'from'],
        ['to=2026-13-01', 'to'],
        ['to=2026-02-29', 'to'],
        ['from=99999-01-01&to=99999-01-02', 'from'],
        [`from=${'9'.repeat(5000)}`, 'from'],
        ['from=1e308', 'from'],
        ['from=2026-11-02&to=2026-11-01', 'from'],
        ['period=day&from=2025-01-01&to=2026-02-05', 'from'],
        ['from=1899-12-31&to=1900-01-02', 'from'],
      ];
      for (const [query, field] of cases) {
        const res = await q(query);
        expectError(res, 400, 'invalid_request');
        expect((res.body as { error: { message: string } }).error.message, query).toMatch(
          new RegExp(`^${field}:`),
        );
      }
      // 400 days, both counted, is the most.
      expect((await q('period=day&from=2025-10-01&to=2026-11-04')).status).toBe(200);
      expectError(await q('period=day&from=2025-09-30&to=2026-11-04'), 400, 'invalid_request');
      const areaQ = await police.get('/api/trends?areaId=thon%E2%80%8Bdong');
      expectError(areaQ, 400, 'invalid_request');

      const bodies: [unknown, string][] = [
        [{ areaId: 'thon\u200bdong', measure: 'cccd14', percent: 50 }, 'areaId'],
        [{ areaId: AREAS.village1, measure: 'cccd15', percent: 50 }, 'measure'],
        [{ areaId: AREAS.village1, measure: 'cccd14', percent: 1e308 }, 'percent'],
        [{ areaId: AREAS.village1, measure: 'cccd14', percent: 0 }, 'percent'],
        [{ areaId: AREAS.village1, measure: 'cccd14', percent: 33.33 }, 'percent'],
        [{ areaId: AREAS.village1, measure: 'cccd14', percent: '50' }, 'percent'],
        [{ areaId: AREAS.village1, measure: 'cccd14' }, 'percent'],
        [{ areaId: AREAS.village1, measure: 'cccd14', percent: 50, dueOn: '2026-12-31\u200b' }, 'dueOn'],
        [{ areaId: AREAS.village1, measure: 'cccd14', percent: 50, extra: 1 }, ''],
      ];
      const trailBefore = (await trail()).length;
      for (const [body, field] of bodies) {
        const res = await put(police, body);
        expectError(res, 400, 'invalid_request');
        expect(res.text, JSON.stringify(body)).toContain(field);
      }
      expectError(
        await police.request('PUT', '/api/targets', { raw: '{"areaId": "thon-dong",' }),
        400,
        'invalid_request',
      );
      expectError(await police.request('PUT', '/api/targets', { raw: '[]' }), 400, 'invalid_request');
      // [E7] Nothing of it was stored.
      expect((await trail()).length).toBe(trailBefore);
      expect((await targets(police, AREAS.village1)).filter((x) => x.areaId === AREAS.village1)).toHaveLength(
        1,
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// Catch-up at start: the server's first look, with no help from the test.

describe.each(BACKENDS)('[G2] catch-up at start on %s', (backend) => {
  const clock = new TestClock(at(D1, '10:00'));
  const dataDir = backend === 'pglite' ? mkdtempSync(join(tmpdir(), 'so06-trends-')) : undefined;
  const schema = backend === 'postgres' ? randomSchema() : undefined;
  let server: TestServer | undefined;
  const start = async (snapshotCheckMs?: number) => {
    server = await startTestServer(backend, { dataDir, schema, now: clock.now, snapshotCheckMs });
    return server;
  };
  const stop = async () => {
    await server?.close();
    server = undefined;
  };
  afterAll(async () => {
    await stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (schema) await dropSchema(schema);
  }, 60_000);

  it('[G2] a server down at the snapshot time takes the day’s snapshots when it starts the same day, its timer takes the next day’s at their time, and a day missed whole stays missing', async () => {
    const first = await start();
    await provision(first.url, ['police']);
    await stop();
    // Down over D1's 23:00, up again at 23:45: the start's look takes D1.
    clock.set(at(D1, '23:45'));
    const second = await start();
    const police = await (await loginAdmin(second.url)).login(USERS.police.phone, PASSWORD);
    const dayTrend = async (from: string, to: string) => {
      const res = await police.get(`/api/trends?areaId=${AREAS.communeA}&period=day&from=${from}&to=${to}`);
      expect(res.status, res.text).toBe(200);
      return trendAnswerSchema.parse(res.body);
    };
    const deadline = Date.now() + 10_000;
    while ((await dayTrend(D1, D1)).total.points[0] === null && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect((await dayTrend(D1, D1)).villages.map((v) => v.points[0]?.day ?? null)).toEqual([D1, D1, D1]);
    await stop();
    // Down from D1 23:45 until D3 10:00: D2 has none, ever; D3's comes at its time.
    clock.set(at(D3, '10:00'));
    // This time the timer looks every 50 ms: nobody asks, D3's snapshots come at 23:00.
    const third = await start(50);
    expect(await third.server.takeSnapshots()).toEqual({ day: null, villages: 0 });
    const police3 = await (await loginAdmin(third.url)).login(USERS.police.phone, PASSWORD);
    const days = async () => {
      const res = await police3.get(`/api/trends?areaId=${AREAS.communeA}&period=day&from=${D1}&to=${D3}`);
      expect(res.status, res.text).toBe(200);
      return trendAnswerSchema.parse(res.body).total.points.map((p) => p?.day ?? null);
    };
    await new Promise((r) => setTimeout(r, 200));
    expect(await days()).toEqual([D1, null, null, null]);
    clock.set(at(D3, '23:00'));
    const until = Date.now() + 10_000;
    while ((await days())[3] === null && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(await days()).toEqual([D1, null, null, D3]);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------------
// On the store itself: concurrent looks, and a campaign's close.

async function openTestStore(backend: Backend, schema: string): Promise<Store> {
  const opened = await openStore(
    backend === 'postgres' ? { databaseUrl: PG, databaseSchema: schema } : { memory: true },
  );
  if (!opened.ok) throw new Error(opened.message);
  return opened.store;
}

/** A record row as the push writes it (only what the counts read). */
async function insertRecord(
  db: Store,
  entity: 'household' | 'person' | 'task',
  villageId: string,
  householdId: string,
  data: Record<string, unknown>,
): Promise<string> {
  const id = entity === 'household' ? householdId : randomUUID();
  await db.query(
    `INSERT INTO records (id, entity, village_id, household_id, version, data, field_versions, updated_at,
       updated_by, seq)
     VALUES ($1, $2, $3, $4, 1, $5::jsonb, '{}'::jsonb, now(), $6, nextval('record_seq'))`,
    [id, entity, villageId, householdId, JSON.stringify(data), randomUUID()],
  );
  return id;
}

describe.each(BACKENDS)('[G2] [G7] snapshots on the store on %s', (backend) => {
  const schema = randomSchema();
  let store: Store;
  const admin: User = { id: randomUUID(), name: 'Admin', phone: '0900000009', role: 'admin', areaIds: [] };
  const NOW = at(D1, '23:10');

  beforeAll(async () => {
    store = await openTestStore(backend, schema);
    for (const [id, kind, parentId] of [
      ['xa-a', 'commune', null],
      ['xa-b', 'commune', null],
      ['thon-a1', 'village', 'xa-a'],
      ['thon-a2', 'village', 'xa-a'],
      ['thon-b1', 'village', 'xa-b'],
    ] as const) {
      const r = await createAreaInStore(store, { id, kind, name: id, parentId }, NOW);
      if (!r.ok) throw new Error(r.message);
    }
    const h = randomUUID();
    await insertRecord(store, 'household', 'thon-a1', h, {});
    await insertRecord(store, 'person', 'thon-a1', h, {
      birthDate: '1990-01-01',
      cccdStatus: 'issued',
      vneidStatus: 'level2_pending',
    });
    await insertRecord(store, 'task', 'thon-a1', h, { status: 'done' });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    if (backend === 'postgres') await dropSchema(schema);
  });

  const rows = (where = "reason = 'daily'") =>
    store.query<{ village_id: string; day: string; n: number }>(
      `SELECT village_id, day, count(*)::int AS n FROM tally_snapshots WHERE ${where} GROUP BY village_id, day ORDER BY village_id`,
    );

  it('[G2] ten looks at once on one store write one snapshot per village', async () => {
    const reports = await Promise.all(
      Array.from({ length: 10 }, () => takeDailySnapshots(store, NOW, 23 * 60)),
    );
    expect(reports.reduce((n, r) => n + r.villages, 0)).toBe(3);
    expect(await rows()).toEqual(
      ['thon-a1', 'thon-a2', 'thon-b1'].map((village_id) => ({ village_id, day: D1, n: 1 })),
    );
  });

  // Two connections are two clients of one database on PostgreSQL only (PGlite is one process's).
  if (backend === 'postgres')
    it('[G2] looks at once through two PostgreSQL connections write one snapshot per village', async () => {
      const other = await openTestStore(backend, schema);
      try {
        for (const day of [D2, D3, D4]) {
          const now = at(day, '23:00');
          const reports = await Promise.all(
            Array.from({ length: 8 }, (_, i) => takeDailySnapshots(i % 2 ? other : store, now, 23 * 60)),
          );
          expect(reports.reduce((n, r) => n + r.villages, 0)).toBe(3);
        }
        expect((await rows()).every((r) => r.n === 1)).toBe(true);
        expect(await rows()).toHaveLength(12);
      } finally {
        await other.close();
      }
    });

  it('[G2] a snapshot cannot be changed or removed, even in SQL', async () => {
    await expect(
      store.query("UPDATE tally_snapshots SET households = 99 WHERE village_id = 'thon-a1'"),
    ).rejects.toThrow();
    await expect(store.query("DELETE FROM tally_snapshots WHERE village_id = 'thon-a1'")).rejects.toThrow();
  });

  it('[G7] a campaign’s close snapshots its villages with the tallies of that moment, once', async () => {
    const session = { user: admin, deviceId: 'test' };
    const created = await createCampaign(
      store,
      session,
      {
        id: randomUUID(),
        communeId: 'xa-a',
        name: 'Rà soát',
        villageIds: ['thon-a1', 'thon-a2'],
        startsOn: D1,
        dueOn: D3,
        rule: { kind: 'card_at_14' },
      } as Parameters<typeof createCampaign>[2],
      NOW,
    );
    if (!created.ok) throw new Error(created.message);
    const id = created.campaign.id;
    const closeAt = at(D2, '15:00');
    expect((await closeCampaign(store, session, id, closeAt))?.status).toBe('closed');
    await closeCampaign(store, session, id, at(D2, '16:00'));
    const snaps = await store.query<Record<string, unknown>>(
      `SELECT village_id, commune_id, day, taken_at, campaign_id, households, persons, persons14plus,
              cccd_issued14plus, vneid_level2_active14plus, open_tasks, tasks_done, vneid_registered14plus
         FROM tally_snapshots WHERE reason = 'campaign_close' ORDER BY village_id`,
    );
    const commune = (await getArea(store, 'xa-a'))!;
    const told = await tallies(
      store,
      { area: commune, villages: [(await getArea(store, 'thon-a1'))!, (await getArea(store, 'thon-a2'))!] },
      closeAt,
    );
    expect(snaps.map((s) => ({ ...s, taken_at: new Date(s.taken_at as string).toISOString() }))).toEqual(
      told.rows.map((r, i) => ({
        village_id: r.areaId,
        commune_id: 'xa-a',
        day: D2,
        taken_at: new Date(closeAt).toISOString(),
        campaign_id: id,
        households: r.households,
        persons: r.persons,
        persons14plus: r.persons14plus,
        cccd_issued14plus: r.cccdIssued14plus,
        vneid_level2_active14plus: r.vneidLevel2Active14plus,
        open_tasks: r.openTasks,
        tasks_done: i === 0 ? 1 : 0,
        vneid_registered14plus: i === 0 ? 1 : 0,
      })),
    );
    expect(told.rows[0]!.households).toBe(1);
    // Not a daily snapshot: D2's own are still taken.
    expect((await takeDailySnapshots(store, at(D2, '23:30'), 23 * 60)).day).toBe(D2);
    expect(SNAPSHOT_COUNTS).toHaveLength(9);
    expect(periodStart('week', D3)).toBe(D1);
  });
});

// ---------------------------------------------------------------------------------------------------
// Two server processes starting at once on one PostgreSQL schema, both due at start.

describe.skipIf(!PG)('[G2] two server processes on one PostgreSQL', () => {
  const schema = randomSchema();
  const procs: ServerProcess[] = [];
  afterAll(async () => {
    for (const p of procs) await p.kill('SIGKILL');
    await dropSchema(schema);
  }, 60_000);

  it('[G2] both look at start, each village gets one snapshot for the day', async () => {
    const setup = await startTestServer('postgres', { schema });
    await provision(setup.url, ['police']);
    await setup.server.close();
    const env = { DATABASE_URL: PG!, DATABASE_SCHEMA: schema, SNAPSHOT_TIME: '00:00' };
    procs.push(...(await Promise.all([startProcess(env), startProcess(env)])));
    const client = new pg.Client({ connectionString: PG });
    await client.connect();
    try {
      const count = async () =>
        (
          await client.query<{ village_id: string; n: number }>(
            `SELECT village_id, count(*)::int AS n FROM "${schema}".tally_snapshots WHERE reason = 'daily'
              GROUP BY village_id ORDER BY village_id`,
          )
        ).rows;
      const deadline = Date.now() + 15_000;
      while ((await count()).length < 4 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      const rows = await count();
      expect(rows.map((r) => r.village_id)).toEqual(
        [AREAS.village3, AREAS.village1, AREAS.villageEmpty, AREAS.village2].sort(),
      );
      expect(rows.every((r) => r.n === 1)).toBe(true);
    } finally {
      await client.end();
    }
  }, 120_000);

  it('[G1] a malformed SNAPSHOT_TIME stops the start with a message', async () => {
    const bad = await startProcess({
      DATABASE_URL: PG!,
      DATABASE_SCHEMA: schema,
      SNAPSHOT_TIME: '24:00',
    }).then(
      (p) => {
        procs.push(p);
        return null;
      },
      (error: unknown) => String(error),
    );
    expect(bad).toMatch(/SNAPSHOT_TIME/);
  }, 60_000);
});
