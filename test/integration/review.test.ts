// The commune police review (src/domain/review.ts) over real HTTP: the households with gaps worked out
// by hand from a pushed data set, one household read-only within the caller's scope, the conflicts and
// rejected edits of an area, the devices' areas, and bad input answered 4xx, never 5xx.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  devicesAnswerSchema,
  gapsAnswerSchema,
  householdViewSchema,
  issuesAnswerSchema,
  missingPersonsAnswerSchema,
  talliesAnswerSchema,
  type GapHousehold,
  type SyncIssue,
} from '../../src/domain/review.ts';
import { isoDateInVietnam } from '../../src/domain/dates.ts';
import type { Mutation } from '../../src/domain/sync-protocol.ts';
import {
  AREAS,
  AREA_NAMES,
  BACKENDS,
  DAY_MS,
  ISO_TIME,
  PASSWORD,
  TestClock,
  USERS,
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

// 2026-11-22T17:30Z is already 23 November in Vietnam (UTC+7): 14+ means born on or before 2012-11-23.
const NOW = '2026-11-22T17:30:00.000Z';
const MINUTE = 60_000;

/** Pushes in order; fails unless every mutation is applied. */
async function pushAll(api: Api, ms: Mutation[]) {
  const results = await api.push(ms);
  expect(results.filter((r) => r.status !== 'applied')).toEqual([]);
}

const adult = (householdId: string, extra: Record<string, unknown> = {}) =>
  newPerson(householdId, {
    birthDate: '1980-03-03',
    cccdStatus: 'issued',
    vneidStatus: 'level2_active',
    ...extra,
  });

describe.each(BACKENDS)('commune police review on %s', (backend) => {
  const clock = new TestClock(Date.parse(NOW));
  const t = useServer(backend, { clock });

  const get = async <T>(api: Api, path: string, schema: { parse(v: unknown): T }): Promise<T> => {
    const res = await api.get(path);
    expect(res.status, res.text).toBe(200);
    return schema.parse(res.body);
  };
  const gaps = (api: Api, areaId: string) => get(api, `/api/review/gaps?areaId=${areaId}`, gapsAnswerSchema);
  const issues = async (api: Api, areaId: string, limit?: number) =>
    (
      await get(
        api,
        `/api/review/issues?areaId=${areaId}${limit === undefined ? '' : `&limit=${limit}`}`,
        issuesAnswerSchema,
      )
    ).issues;

  // The data set. Village 1 (Thôn Đông):
  //   H1 "Số 10": A adult, all done; B born 2012-11-23 (14 today in Vietnam), no card, no VNeID;
  //      C born 2012-11-24 (13), no card; visits met 09-01, met 10-15, not_home 11-01, met 11-10 deleted.
  //   H2 "Số 1": one adult all done, a done task, a deleted open task, a deleted person without card → no gap.
  //   H3 "Số 2": an adult with a card but VNeID level 1 only; a deleted met visit → lastMetOn null.
  //   H4 "Số 3": a person without card and an open task, then the household deleted → absent.
  //   H5 "Số 9": a child without card, an open task → one gap (the task), persons14plus 0.
  // Village 2 (Thôn Tây): H6 "Số 4": card lost, VNeID pending; two open tasks and a done one; met 08-08.
  //   H7 "Số 5": no member, task or visit yet → no gap; in the all=1 list with every count 0.
  // Commune B, village 3: H8 with a gap: never in commune A's answer.
  const H1 = newHousehold(AREAS.village1, {
    address: 'Số 10, xóm Chùa',
    headName: 'Nguyễn Văn Một',
    householdCode: 'HK-001',
  });
  const H2 = newHousehold(AREAS.village1, { address: 'Số 1, xóm Chùa', headName: 'Trần Văn Hai' });
  const H3 = newHousehold(AREAS.village1, { address: 'Số 2, xóm Chùa', headName: 'Lê Thị Ba' });
  const H4 = newHousehold(AREAS.village1, { address: 'Số 3, xóm Chùa', headName: 'Phạm Văn Bốn' });
  const H5 = newHousehold(AREAS.village1, { address: 'Số 9, xóm Chùa', headName: 'Hoàng Thị Năm' });
  const H6 = newHousehold(AREAS.village2, { address: 'Số 4, xóm Đồng', headName: 'Vũ Văn Sáu' });
  const H7 = newHousehold(AREAS.village2, {
    address: 'Số 5, xóm Đồng',
    headName: 'Đinh Thị Bảy',
    householdCode: '0012345',
  });
  const H8 = newHousehold(AREAS.village3, { address: 'Số 8, xóm Bắc', headName: 'Đỗ Văn Tám' });
  const A = adult(H1.entityId, { relation: 'head', idNumber: '001080012345' });
  const B = newPerson(H1.entityId, {
    birthDate: '2012-11-23',
    cccdStatus: 'none',
    vneidStatus: 'none',
    relation: 'child',
  });
  const C = newPerson(H1.entityId, {
    birthDate: '2012-11-24',
    cccdStatus: 'none',
    vneidStatus: 'none',
    relation: 'child',
  });
  const V1a = newVisit(H1.entityId, { visitedOn: '2026-09-01', outcome: 'met' });
  const V1b = newVisit(H1.entityId, { visitedOn: '2026-10-15', outcome: 'met' });
  const V1c = newVisit(H1.entityId, { visitedOn: '2026-11-01', outcome: 'not_home' });
  const V1d = newVisit(H1.entityId, { visitedOn: '2026-11-10', outcome: 'met' });
  const T2open = newTask(H2.entityId, { status: 'open' });
  const P2gone = newPerson(H2.entityId, { cccdStatus: 'none' });
  const V3 = newVisit(H3.entityId, { visitedOn: '2026-11-02', outcome: 'met' });

  beforeAll(async () => {
    const { vol1, vol2, vol3 } = t.world;
    await pushAll(vol1, [
      H1,
      H2,
      H3,
      H4,
      H5,
      A,
      B,
      C,
      V1a,
      V1b,
      V1c,
      V1d,
      adult(H2.entityId),
      newTask(H2.entityId, { status: 'done' }),
      T2open,
      P2gone,
      adult(H3.entityId, { vneidStatus: 'level1' }),
      V3,
      newPerson(H4.entityId, { cccdStatus: 'none' }),
      newTask(H4.entityId, { status: 'open' }),
      newPerson(H5.entityId, { birthDate: '2015-01-01', cccdStatus: 'none', vneidStatus: 'none' }),
      newTask(H5.entityId, { status: 'open' }),
    ]);
    await pushAll(vol1, [
      remove('visit', V1d.entityId, 1),
      remove('task', T2open.entityId, 1),
      remove('person', P2gone.entityId, 1),
      remove('visit', V3.entityId, 1),
      remove('household', H4.entityId, 1),
    ]);
    await pushAll(vol2, [
      H6,
      adult(H6.entityId, { cccdStatus: 'lost', vneidStatus: 'level2_pending' }),
      newTask(H6.entityId, { status: 'open' }),
      newTask(H6.entityId, { status: 'open' }),
      newTask(H6.entityId, { status: 'done' }),
      newVisit(H6.entityId, { visitedOn: '2026-08-08', outcome: 'met' }),
      H7,
    ]);
    await pushAll(vol3, [H8, adult(H8.entityId, { cccdStatus: 'applied' })]);
  }, 60_000);

  const row = (
    h: Mutation,
    counts: Omit<GapHousehold, 'id' | 'villageId' | 'headName' | 'address' | 'householdCode'>,
  ) => ({
    id: h.entityId,
    villageId: String(h.fields.villageId),
    headName: String(h.fields.headName),
    address: String(h.fields.address),
    householdCode: (h.fields.householdCode as string | undefined) ?? null,
    ...counts,
  });
  const gapH1 = row(H1, {
    persons14plus: 2,
    withoutCard14plus: 1,
    withoutVneid14plus: 1,
    openTasks: 0,
    lastMetOn: '2026-10-15',
  });
  const gapH3 = row(H3, {
    persons14plus: 1,
    withoutCard14plus: 0,
    withoutVneid14plus: 1,
    openTasks: 0,
    lastMetOn: null,
  });
  const gapH5 = row(H5, {
    persons14plus: 0,
    withoutCard14plus: 0,
    withoutVneid14plus: 0,
    openTasks: 1,
    lastMetOn: null,
  });
  const gapH6 = row(H6, {
    persons14plus: 1,
    withoutCard14plus: 1,
    withoutVneid14plus: 1,
    openTasks: 2,
    lastMetOn: '2026-08-08',
  });
  // Without a gap: in the all=1 list only.
  const noGap = { withoutCard14plus: 0, withoutVneid14plus: 0, openTasks: 0 };
  const allH2 = row(H2, { ...noGap, persons14plus: 1, lastMetOn: null });
  const allH7 = row(H7, { ...noGap, persons14plus: 0, lastMetOn: null });

  describe('[RV2] GET /api/review/gaps?areaId: households with a gap, worked out by hand', () => {
    it('[RV3] a village: its gap households by address (numbers by value), the others absent', async () => {
      for (const api of [t.world.police, t.world.admin]) {
        const res = await gaps(api, AREAS.village1);
        expect(res.asOf).toMatch(ISO_TIME);
        expect(Date.parse(res.asOf)).toBe(Date.parse(NOW));
        // "Số 2" < "Số 9" < "Số 10"; H2 (no gap) and H4 (deleted) are absent.
        expect(res.households).toEqual([gapH3, gapH5, gapH1]);
      }
    });

    it("[RV3] a commune: its villages in the tallies' order, then by address; another commune's never", async () => {
      const res = await gaps(t.world.police, AREAS.communeA);
      const order = (
        await get(t.world.police, `/api/tallies?areaId=${AREAS.communeA}`, talliesAnswerSchema)
      ).rows.map((r) => r.areaId);
      const byVillage: Record<string, unknown[]> = {
        [AREAS.village1]: [gapH3, gapH5, gapH1],
        [AREAS.village2]: [gapH6],
      };
      expect(res.households).toEqual(order.flatMap((v) => byVillage[v] ?? []));
      expect(res.households.some((h) => h.id === H8.entityId)).toBe(false);

      const b = await gaps(t.world.policeB, AREAS.communeB);
      expect(b.households.map((h) => h.id)).toEqual([H8.entityId]);
      expect(b.households[0]).toMatchObject({ withoutCard14plus: 1, withoutVneid14plus: 0, lastMetOn: null });
      expect((await gaps(t.world.police, AREAS.villageEmpty)).households).toEqual([]);
    });

    it('[RV2] 14+ on the Vietnamese date: one minute before midnight there, B is 13 and H1 has no gap', async () => {
      try {
        clock.set('2026-11-22T16:59:00.000Z'); // 23:59 on 22 November in Vietnam
        expect((await gaps(t.world.police, AREAS.village1)).households).toEqual([gapH3, gapH5]);
        clock.set('2026-11-22T17:00:00.000Z'); // midnight: B turns 14
        expect((await gaps(t.world.police, AREAS.village1)).households).toEqual([gapH3, gapH5, gapH1]);
        clock.set('2026-11-23T17:00:00.000Z'); // 24 November: C turns 14 too
        const later = await gaps(t.world.police, AREAS.village1);
        expect(later.households.find((h) => h.id === H1.entityId)).toEqual({
          ...gapH1,
          persons14plus: 3,
          withoutCard14plus: 2,
          withoutVneid14plus: 2,
        });
      } finally {
        clock.set(NOW);
      }
    });

    it('[RV4] all=1: every live household of a village in the same order and shape, counts 0 without a gap', async () => {
      for (const api of [t.world.police, t.world.admin]) {
        const res = await get(api, `/api/review/gaps?areaId=${AREAS.village1}&all=1`, gapsAnswerSchema);
        expect(Date.parse(res.asOf)).toBe(Date.parse(NOW));
        // "Số 1" (H2, no gap) < "Số 2" < "Số 9" < "Số 10"; H4 (deleted) still absent.
        expect(res.households).toEqual([allH2, gapH3, gapH5, gapH1]);
      }
      // A household with nothing under it yet, and a code of digits kept as the text it is.
      const tay = await get(
        t.world.police,
        `/api/review/gaps?areaId=${AREAS.village2}&all=1`,
        gapsAnswerSchema,
      );
      expect(tay.households).toEqual([gapH6, allH7]);
      expect(tay.households[1]!.householdCode).toBe('0012345');
    });

    it("[RV4] all=1 on a commune: its villages in the tallies' order, then by address; another commune's never", async () => {
      const res = await get(
        t.world.police,
        `/api/review/gaps?areaId=${AREAS.communeA}&all=1`,
        gapsAnswerSchema,
      );
      const order = (
        await get(t.world.police, `/api/tallies?areaId=${AREAS.communeA}`, talliesAnswerSchema)
      ).rows.map((r) => r.areaId);
      const byVillage: Record<string, unknown[]> = {
        [AREAS.village1]: [allH2, gapH3, gapH5, gapH1],
        [AREAS.village2]: [gapH6, allH7],
      };
      expect(res.households).toEqual(order.flatMap((v) => byVillage[v] ?? []));
      expect(res.households.some((h) => h.id === H8.entityId)).toBe(false);
      // As many as the tallies count.
      const tallies = await get(t.world.police, `/api/tallies?areaId=${AREAS.communeA}`, talliesAnswerSchema);
      expect(res.households).toHaveLength(tallies.total.households);
      expect(
        (await get(t.world.police, `/api/review/gaps?areaId=${AREAS.villageEmpty}&all=1`, gapsAnswerSchema))
          .households,
      ).toEqual([]);
    });

    it('[RV4] without all, or all=0: exactly the gap list; all other than 0 or 1 → 400', async () => {
      const gapList = await gaps(t.world.police, AREAS.communeA);
      expect(gapList.households.map((h) => h.id)).not.toContain(H7.entityId);
      expect(
        await get(t.world.police, `/api/review/gaps?areaId=${AREAS.communeA}&all=0`, gapsAnswerSchema),
      ).toEqual(gapList);
      for (const value of ['', '2', 'true', 'yes', '01', '%00']) {
        const res = await t.world.police.get(`/api/review/gaps?areaId=${AREAS.communeA}&all=${value}`);
        expectError(res, 400, 'invalid_request');
        expect(res.body).toMatchObject({ error: { message: expect.stringContaining('all') } });
      }
      // Who may ask is unchanged by all=1.
      expectError(
        await t.world.vol1.get(`/api/review/gaps?areaId=${AREAS.village1}&all=1`),
        403,
        'forbidden',
      );
      expectError(
        await t.world.policeB.get(`/api/review/gaps?areaId=${AREAS.communeA}&all=1`),
        403,
        'forbidden',
      );
    });

    it('[RV1] who may ask: a volunteer → 403; police of another commune → 403; an unknown area → 404', async () => {
      expectError(await t.world.vol1.get(`/api/review/gaps?areaId=${AREAS.village1}`), 403, 'forbidden');
      expectError(await t.world.vol12.get(`/api/review/gaps?areaId=${AREAS.communeA}`), 403, 'forbidden');
      expectError(await t.world.policeB.get(`/api/review/gaps?areaId=${AREAS.communeA}`), 403, 'forbidden');
      expectError(await t.world.policeB.get(`/api/review/gaps?areaId=${AREAS.village1}`), 403, 'forbidden');
      expectError(await t.world.police.get('/api/review/gaps?areaId=thon-khong-co'), 404, 'not_found');
      expectError(
        await t.world.anon.get(`/api/review/gaps?areaId=${AREAS.village1}`),
        401,
        'unauthenticated',
      );
    });
  });

  describe('[RV5] GET /api/review/households/:id: one household read-only, in scope only', () => {
    it("[RV5] the household and its live persons, tasks and visits in the pull's change shape", async () => {
      for (const api of [t.world.police, t.world.admin]) {
        const view = await get(api, `/api/review/households/${H1.entityId}`, householdViewSchema);
        expect(view.villageName).toBe(AREA_NAMES[AREAS.village1]);
        expect(view.household).toMatchObject({
          entity: 'household',
          entityId: H1.entityId,
          version: 1,
          deleted: false,
          data: { ...H1.fields, phone: null, note: null, updatedBy: t.world.vol1.userId },
        });
        // Head first, then by age; visits newest first; the deleted visit left out.
        expect(view.records.map((r) => r.entityId)).toEqual([
          A.entityId,
          B.entityId,
          C.entityId,
          V1c.entityId,
          V1b.entityId,
          V1a.entityId,
        ]);
        for (const r of view.records) {
          expect(r.deleted).toBe(false);
          expect(r.updatedAt).toMatch(ISO_TIME);
          expect(r.data?.householdId).toBe(H1.entityId);
        }
        const { idNumber: _, ...withoutId } = B.fields;
        expect(view.records[1]!.data).toMatchObject(withoutId);
        // [RV5] No whole ID number in the view: its last four digits only.
        for (const r of view.records.filter((x) => x.entity === 'person'))
          expect(r.data).not.toHaveProperty('idNumber');
        expect(view.records[0]!.data).toMatchObject({ idNumberEnd: '2345' });
        expect(view.records[1]!.data).not.toHaveProperty('idNumberEnd');
        expect(JSON.stringify(view)).not.toContain('001080012345');
      }
      // The same household as its village's volunteer pulls it.
      const pulled = await t.world.vol1.record(H1.entityId);
      const view = await get(t.world.police, `/api/review/households/${H1.entityId}`, householdViewSchema);
      expect(view.household).toEqual(pulled);
    });

    it('[RV5] an upper-case id is the same household', async () => {
      const view = await get(
        t.world.police,
        `/api/review/households/${H6.entityId.toUpperCase()}`,
        householdViewSchema,
      );
      expect(view.household.entityId).toBe(H6.entityId);
      expect(view.villageName).toBe(AREA_NAMES[AREAS.village2]);
      expect(view.records.map((r) => r.entity)).toEqual(['person', 'task', 'task', 'task', 'visit']);
      expect(view.records.slice(1, 4).map((r) => r.data?.status)).toEqual(['open', 'open', 'done']);
    });

    it('[RV6] another commune, deleted, unknown or not a household → 404 alike; [RV1] a volunteer → 403', async () => {
      const { police, policeB, admin, vol1, anon } = t.world;
      expectError(await policeB.get(`/api/review/households/${H1.entityId}`), 404, 'not_found');
      expectError(await police.get(`/api/review/households/${H8.entityId}`), 404, 'not_found');
      expect((await policeB.get(`/api/review/households/${H8.entityId}`)).status).toBe(200);
      for (const api of [police, admin]) {
        expectError(await api.get(`/api/review/households/${H4.entityId}`), 404, 'not_found');
        expectError(await api.get(`/api/review/households/${randomUUID()}`), 404, 'not_found');
        expectError(await api.get(`/api/review/households/${A.entityId}`), 404, 'not_found');
      }
      expectError(await vol1.get(`/api/review/households/${H1.entityId}`), 403, 'forbidden');
      expectError(await anon.get(`/api/review/households/${H1.entityId}`), 401, 'unauthenticated');
      expectError(await police.get('/api/review/households/not-a-uuid'), 400, 'invalid_request');
    });
  });

  describe('[RV10] POST /api/review/reveal: a whole ID number, audited', () => {
    const reveal = (api: Api, personId: unknown) => api.post('/api/review/reveal', { personId });

    it('[RV10] answers the number to police and admins in scope, and the trail says who, when, whose', async () => {
      const { police, admin } = t.world;
      const res = await reveal(police, A.entityId.toUpperCase());
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({ idNumber: '001080012345' });
      expect((await reveal(admin, B.entityId)).body).toEqual({ idNumber: null });
      const trail = await admin.get(`/api/manage/audit?communeId=${AREAS.communeA}`);
      expect(trail.status, trail.text).toBe(200);
      const reveals = (trail.body as { entries: Record<string, unknown>[] }).entries.filter(
        (e) => e.action === 'person.reveal_id',
      );
      expect(reveals.map((e) => [e.actorId, e.targetAreaId, e.details])).toEqual([
        [t.world.admin.userId, AREAS.village1, { personId: B.entityId, householdId: H1.entityId }],
        [t.world.police.userId, AREAS.village1, { personId: A.entityId, householdId: H1.entityId }],
      ]);
      // The trail never holds the number itself.
      expect(trail.text).not.toContain('001080012345');
    });

    it('[RV10] another commune, unknown or deleted → 404 alike and nothing audited; a volunteer → 403; bad → 400', async () => {
      const { police, policeB, vol1, anon, admin } = t.world;
      const before = (await admin.get(`/api/manage/audit?communeId=${AREAS.communeA}`)).text;
      expectError(await reveal(policeB, A.entityId), 404, 'not_found');
      expectError(await reveal(police, randomUUID()), 404, 'not_found');
      expectError(await reveal(police, P2gone.entityId), 404, 'not_found');
      expectError(await reveal(police, H1.entityId), 404, 'not_found');
      expectError(await reveal(vol1, A.entityId), 403, 'forbidden');
      expectError(await reveal(anon, A.entityId), 401, 'unauthenticated');
      for (const bad of ['not-a-uuid', 7, null, ''])
        expectError(await reveal(police, bad), 400, 'invalid_request');
      expect((await admin.get(`/api/manage/audit?communeId=${AREAS.communeA}`)).text).toBe(before);
    });
  });

  describe('[RV11] GET /api/review/persons?areaId: the persons 14+ still missing a card or VNeID', () => {
    // Village 2 gets H9 "Số 3, xóm Đồng" (before H6 "Số 4"), pushed out of order: a head, a spouse, a
    // parent and two children with a gap, ID numbers masked unless asked for; a child with everything
    // done, a child of 13 and a deleted spouse, never listed. Commune B's H8 gets a member with a number.
    const H9 = newHousehold(AREAS.village2, {
      address: 'Số 3, xóm Đồng',
      headName: 'Cao Văn Chín',
      householdCode: '0090009',
    });
    const person = (relation: string, birthDate: string, extra: Record<string, unknown>) =>
      newPerson(H9.entityId, { relation, birthDate, ...extra });
    const head = person('head', '1970-01-01', {
      gender: 'male',
      idNumber: '034070001234',
      cccdStatus: 'applied',
      vneidStatus: 'none',
    });
    const spouse = person('spouse', '1972-02-02', {
      idNumber: '034172005678',
      cccdStatus: 'issued',
      vneidStatus: 'level2_pending',
    });
    const parent = person('parent', '1945-05-05', { cccdStatus: 'none', vneidStatus: 'none' });
    const younger = person('child', '2005-05-05', {
      idNumber: '034305003456',
      cccdStatus: 'issued',
      vneidStatus: 'level1',
    });
    const older = person('child', '2003-03-03', {
      idNumber: '034303007890',
      cccdStatus: 'lost',
      vneidStatus: 'level2_active',
    });
    const done = person('child', '2000-01-01', { idNumber: '034300009012' });
    const young = person('child', '2013-01-01', { cccdStatus: 'none', vneidStatus: 'none' });
    const gone = person('spouse', '1975-05-05', { idNumber: '034175001111', cccdStatus: 'none' });
    const foreign = newPerson(H8.entityId, { idNumber: '034175002222', cccdStatus: 'none' });
    /** Every whole number of the data set: none ever leaves the server unless asked for. */
    const NUMBERS = [
      '001080012345',
      '034070001234',
      '034172005678',
      '034305003456',
      '034303007890',
      '034300009012',
      '034175001111',
      '034175002222',
    ];
    const BASE_KEYS = [
      'address',
      'birthDate',
      'cccdStatus',
      'fullName',
      'headName',
      'householdCode',
      'householdId',
      'id',
      'relation',
      'villageId',
      'vneidStatus',
    ];

    beforeAll(async () => {
      await pushAll(t.world.vol2, [H9, younger, done, parent, gone, head, older, young, spouse]);
      await pushAll(t.world.vol2, [remove('person', gone.entityId, 1)]);
      await pushAll(t.world.vol3, [foreign]);
    }, 60_000);

    const shape = (p: Mutation, h: Mutation) => ({
      id: p.entityId,
      householdId: h.entityId,
      villageId: String(h.fields.villageId),
      householdCode: (h.fields.householdCode as string | undefined) ?? null,
      headName: String(h.fields.headName),
      address: String(h.fields.address),
      fullName: String(p.fields.fullName),
      birthDate: String(p.fields.birthDate),
      relation: p.fields.relation,
      cccdStatus: p.fields.cccdStatus,
      vneidStatus: p.fields.vneidStatus,
    });
    const idOf = (p: Mutation) => (p.fields.idNumber as string | undefined) ?? null;
    const masked = (p: Mutation, h: Mutation) => ({
      ...shape(p, h),
      idNumberEnd: idOf(p)?.slice(-4) ?? null,
    });
    const whole = (p: Mutation, h: Mutation) => ({ ...shape(p, h), idNumber: idOf(p) });
    // The adults of H3 (VNeID level 1) and H6 (card lost, VNeID pending), pushed without a kept id.
    const adultOf = (h: Mutation, statuses: Record<string, string>, id: Record<string, null>) =>
      expect.objectContaining({ householdId: h.entityId, birthDate: '1980-03-03', ...statuses, ...id });
    const village2 = (as: (p: Mutation, h: Mutation) => object) => [
      as(head, H9),
      as(spouse, H9),
      as(parent, H9),
      as(older, H9),
      as(younger, H9),
    ];

    const persons = (api: Api, query: string) => api.get(`/api/review/persons?${query}`);
    const trail = async () => {
      const res = await t.world.admin.get(`/api/manage/audit?communeId=${AREAS.communeA}&limit=200`);
      expect(res.status, res.text).toBe(200);
      return (res.body as { entries: Record<string, unknown>[] }).entries.filter(
        (e) => e.action === 'persons.export_full_ids',
      );
    };

    it("[RV11] a commune: its villages in the tallies' order, then by address, then head first and by age; masked by default", async () => {
      const res = await persons(t.world.police, `areaId=${AREAS.communeA}`);
      expect(res.status, res.text).toBe(200);
      const answer = missingPersonsAnswerSchema.parse(res.body);
      expect(Date.parse(answer.asOf)).toBe(Date.parse(NOW));
      expect(answer.fullIds).toBe(false);
      const order = (
        await get(t.world.police, `/api/tallies?areaId=${AREAS.communeA}`, talliesAnswerSchema)
      ).rows.map((r) => r.areaId);
      const none = { idNumberEnd: null };
      const byVillage: Record<string, unknown[]> = {
        // "Số 2" (H3) before "Số 10" (H1): B is 14 today; A (all done) and C (13) are absent.
        [AREAS.village1]: [adultOf(H3, { vneidStatus: 'level1' }, none), masked(B, H1)],
        [AREAS.village2]: [
          ...village2(masked),
          adultOf(H6, { cccdStatus: 'lost', vneidStatus: 'level2_pending' }, none),
        ],
      };
      const raw = (res.body as { persons: Record<string, unknown>[] }).persons;
      expect(raw).toEqual(order.flatMap((v) => byVillage[v] ?? []));
      // The last four digits only: no whole number in the answer, not even in another key.
      for (const p of raw) expect(Object.keys(p).sort()).toEqual([...BASE_KEYS, 'idNumberEnd'].sort());
      expect(raw.find((p) => p.id === head.entityId)).toMatchObject({ idNumberEnd: '1234' });
      for (const n of NUMBERS) expect(res.text).not.toContain(n);
      // No phone, no note: what the export needs and no more.
      expect(res.text).not.toContain('phone');
    });

    it('[RV11] a village: its persons only; another commune never, except to its own police', async () => {
      for (const api of [t.world.police, t.world.admin]) {
        const res = await persons(api, `areaId=${AREAS.village2}`);
        expect(res.status, res.text).toBe(200);
        expect((res.body as { persons: unknown[] }).persons).toEqual([
          ...village2(masked),
          adultOf(H6, { cccdStatus: 'lost', vneidStatus: 'level2_pending' }, { idNumberEnd: null }),
        ]);
      }
      const b = await persons(t.world.policeB, `areaId=${AREAS.communeB}`);
      expect(b.status, b.text).toBe(200);
      const ids = missingPersonsAnswerSchema.parse(b.body).persons.map((p) => p.id);
      expect(ids).toHaveLength(2);
      expect(ids).toContain(foreign.entityId);
      const a = await persons(t.world.police, `areaId=${AREAS.communeA}`);
      expect(a.text).not.toContain(foreign.entityId);
      expect(a.text).not.toContain(H8.entityId);
      const empty = await persons(t.world.police, `areaId=${AREAS.villageEmpty}`);
      expect((empty.body as { persons: unknown[] }).persons).toEqual([]);
    });

    it('[RV11] 14+ on the Vietnamese date: one minute before midnight there, B is 13 and not listed', async () => {
      try {
        clock.set('2026-11-22T16:59:00.000Z'); // 23:59 on 22 November in Vietnam
        const before = missingPersonsAnswerSchema.parse(
          (await persons(t.world.police, `areaId=${AREAS.village1}`)).body,
        );
        expect(before.persons.map((p) => p.householdId)).toEqual([H3.entityId]);
        clock.set('2026-11-22T17:00:00.000Z'); // midnight: B turns 14
        const after = missingPersonsAnswerSchema.parse(
          (await persons(t.world.police, `areaId=${AREAS.village1}`)).body,
        );
        expect(after.persons.map((p) => p.householdId)).toEqual([H3.entityId, H1.entityId]);
      } finally {
        clock.set(NOW);
      }
    });

    it('[RV11] fullIds=1: whole numbers, and exactly one trail entry with the officer, the device, the area and the count', async () => {
      const { police, admin } = t.world;
      const before = await trail();
      const res = await persons(police, `areaId=${AREAS.village2}&fullIds=1`);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ fullIds: true });
      const raw = (res.body as { persons: Record<string, unknown>[] }).persons;
      expect(raw).toEqual([
        ...village2(whole),
        adultOf(H6, { cccdStatus: 'lost', vneidStatus: 'level2_pending' }, { idNumber: null }),
      ]);
      for (const p of raw) expect(Object.keys(p).sort()).toEqual([...BASE_KEYS, 'idNumber'].sort());
      // Only the persons listed: not the one with everything done, the deleted one, another commune's.
      for (const n of ['034300009012', '034175001111', '034175002222', '001080012345'])
        expect(res.text).not.toContain(n);

      const after = await trail();
      expect(after).toHaveLength(before.length + 1);
      const entry = after[0]!;
      expect(entry).toMatchObject({
        actorId: police.userId,
        actorName: USERS.police.name,
        deviceId: police.deviceId,
        communeId: AREAS.communeA,
        targetAreaId: AREAS.village2,
        details: { persons: 6 },
      });
      expect(Date.parse(String(entry.at))).toBe(Date.parse(NOW));
      // Never a number or a name in the trail.
      const text = JSON.stringify(after);
      for (const n of NUMBERS) expect(text).not.toContain(n);
      expect(text).not.toContain(String(head.fields.fullName));
      expect(text).not.toContain(String(H9.fields.headName));

      // An admin on the whole commune: one more entry, the commune its own commune.
      const all = await persons(admin, `areaId=${AREAS.communeA}&fullIds=1`);
      expect(all.status, all.text).toBe(200);
      const count = missingPersonsAnswerSchema.parse(all.body).persons.length;
      expect(count).toBe(8);
      const last = await trail();
      expect(last).toHaveLength(before.length + 2);
      expect(last[0]).toMatchObject({
        actorId: admin.userId,
        deviceId: admin.deviceId,
        communeId: AREAS.communeA,
        targetAreaId: AREAS.communeA,
        details: { persons: count },
      });
    });

    it('[RV11] without the tick (no fullIds or fullIds=0) nothing is recorded', async () => {
      const before = await trail();
      for (const query of [`areaId=${AREAS.communeA}`, `areaId=${AREAS.village2}&fullIds=0`]) {
        const res = await persons(t.world.police, query);
        expect(res.status, res.text).toBe(200);
        expect(res.body).toMatchObject({ fullIds: false });
        expect(res.text).not.toContain('034070001234');
      }
      expect(await trail()).toEqual(before);
    });

    it('[RV11] a volunteer → 403, another commune → 403, unknown area → 404, bad fullIds → 400; none recorded', async () => {
      const { police, policeB, vol1, vol2, anon } = t.world;
      const before = await trail();
      expectError(await persons(vol2, `areaId=${AREAS.village2}`), 403, 'forbidden');
      expectError(await persons(vol1, `areaId=${AREAS.village1}&fullIds=1`), 403, 'forbidden');
      expectError(await persons(policeB, `areaId=${AREAS.communeA}&fullIds=1`), 403, 'forbidden');
      expectError(await persons(policeB, `areaId=${AREAS.village2}`), 403, 'forbidden');
      expectError(await persons(police, 'areaId=thon-khong-co&fullIds=1'), 404, 'not_found');
      expectError(await persons(anon, `areaId=${AREAS.village2}&fullIds=1`), 401, 'unauthenticated');
      expectError(await persons(police, 'fullIds=1'), 400, 'invalid_request');
      for (const value of ['', '2', 'true', 'yes', '01', '%00']) {
        const res = await persons(police, `areaId=${AREAS.village2}&fullIds=${value}`);
        expectError(res, 400, 'invalid_request');
        expect(res.body).toMatchObject({ error: { message: expect.stringContaining('fullIds') } });
      }
      expect(await trail()).toEqual(before);
    });
  });

  describe('[RV7] GET /api/review/issues?areaId: conflicts and rejected edits, newest first', () => {
    const HC = newHousehold(AREAS.village1, { address: 'Số 20, xóm Giữa', headName: 'Ngô Văn Hai Mươi' });
    const conflictEdit = upsert(
      'household',
      HC.entityId,
      { address: 'Số 22, xóm Giữa', note: 'Đã đổi số nhà' },
      1,
    );
    const invalidEdit = upsert('household', H3.entityId, { address: '' }, 1);
    const HD = newHousehold(AREAS.village1, { address: 'Số 30, xóm Giữa', headName: 'Mai Văn Ba Mươi' });
    const PD = newPerson(HD.entityId, { cccdStatus: 'none' });
    const deletedEdit = upsert('person', PD.entityId, { cccdStatus: 'issued' }, 1);
    const deletedHouseholdEdit = upsert('household', H4.entityId, { note: 'x' }, 1);
    const forbiddenEdit = upsert('household', H1.entityId, { note: 'không phải thôn của tôi' }, 1);
    const unknownParent = newPerson(randomUUID());
    const unknownDelete = remove('task', randomUUID(), 1);
    const foreignParent = newPerson(H8.entityId);
    const foreignVillage = newHousehold(AREAS.village3);
    // A new record refused in the volunteer's own village is listed too. Its birth date is in the future
    // by the real clock, which the record rules read (the server's `now` option is not theirs): a month
    // ahead stays refused on any day, where a fixed year would come.
    const badCreate = newPerson(H3.entityId, { birthDate: isoDateInVietnam(Date.now() + 30 * DAY_MS) });
    let bConflict: Mutation;
    const at: Record<string, string> = {};

    beforeAll(async () => {
      const { vol1, vol1b, vol2, vol3 } = t.world;
      clock.advance(MINUTE);
      await pushAll(vol1, [HC, HD, PD]);
      await pushAll(vol1b, [upsert('household', HC.entityId, { address: 'Số 21, xóm Giữa' }, 1)]);
      clock.advance(MINUTE);
      at.conflict = clock.iso();
      expect((await vol1.pushOne(conflictEdit)).status).toBe('conflict');
      clock.advance(MINUTE);
      at.rejected = clock.iso();
      // In one push: an invalid edit and an edit of a deleted record (listed), and the ones whose record
      // is unknown or outside the volunteer's villages (not listed).
      const results = await vol1.push([
        invalidEdit,
        unknownParent,
        unknownDelete,
        foreignParent,
        foreignVillage,
        deletedHouseholdEdit,
        badCreate,
      ]);
      expect(results.map((r) => (r.status === 'rejected' ? r.error.code : r.status))).toEqual([
        'invalid',
        'invalid_reference',
        'not_found',
        'invalid_reference',
        'forbidden',
        'deleted',
        'invalid',
      ]);
      expect((await vol2.pushOne(forbiddenEdit)).status).toBe('rejected');
      // Commune B: a conflict of its own.
      const other = await vol3.otherDevice(PASSWORD);
      await pushAll(other, [upsert('household', H8.entityId, { headName: 'Đỗ Văn Tám Mới' }, 1)]);
      bConflict = upsert('household', H8.entityId, { headName: 'Đỗ Văn Tám Cũ' }, 1);
      expect((await vol3.pushOne(bConflict)).status).toBe('conflict');
      clock.advance(MINUTE);
      at.deleted = clock.iso();
      // The person's household is deleted in the same batch, before the edit.
      const deleted = await vol1.push([remove('household', HD.entityId, 1), deletedEdit]);
      expect(deleted.map((r) => r.status)).toEqual(['applied', 'rejected']);
    }, 60_000);

    it('[RV7] lists the conflict with both values and the rejections with their reasons, with names', async () => {
      const list = await issues(t.world.police, AREAS.communeA);
      const ids = list.map((i) => i.mutationId);
      // Newest first; within one push, the later mutation first.
      expect(ids).toEqual([
        deletedEdit.id,
        badCreate.id,
        deletedHouseholdEdit.id,
        invalidEdit.id,
        conflictEdit.id,
      ]);
      const [dEdit, created, dHousehold, inv, conflict] = list as [
        SyncIssue,
        SyncIssue,
        SyncIssue,
        SyncIssue,
        SyncIssue,
      ];
      expect(created).toMatchObject({
        status: 'rejected',
        entity: 'person',
        entityId: badCreate.entityId,
        householdId: H3.entityId,
        villageId: AREAS.village1,
        headName: 'Lê Thị Ba',
        error: { code: 'invalid' },
      });
      expect(conflict).toEqual({
        mutationId: conflictEdit.id,
        at: expect.stringMatching(ISO_TIME),
        status: 'conflict',
        userId: t.world.vol1.userId,
        userName: USERS.vol1.name,
        deviceId: t.world.vol1.deviceId,
        villageId: AREAS.village1,
        householdId: HC.entityId,
        entity: 'household',
        entityId: HC.entityId,
        headName: 'Ngô Văn Hai Mươi',
        address: 'Số 21, xóm Giữa',
        conflicts: [{ field: 'address', server: 'Số 21, xóm Giữa', client: 'Số 22, xóm Giữa' }],
      });
      expect(Date.parse(conflict.at)).toBe(Date.parse(at.conflict!));
      expect(inv).toMatchObject({
        status: 'rejected',
        userName: USERS.vol1.name,
        householdId: H3.entityId,
        entity: 'household',
        entityId: H3.entityId,
        headName: 'Lê Thị Ba',
        address: 'Số 2, xóm Chùa',
        error: { code: 'invalid' },
      });
      expect(inv.conflicts).toBeUndefined();
      expect(inv.error!.message).toContain('address');
      expect(Date.parse(inv.at)).toBe(Date.parse(at.rejected!));
      // A deleted household: still its village's issue, its head and address gone.
      expect(dHousehold).toMatchObject({
        status: 'rejected',
        householdId: H4.entityId,
        villageId: AREAS.village1,
        headName: null,
        address: null,
        error: { code: 'deleted' },
      });
      expect(dEdit).toMatchObject({
        status: 'rejected',
        entity: 'person',
        entityId: PD.entityId,
        householdId: HD.entityId,
        villageId: AREAS.village1,
        headName: null,
        error: { code: 'deleted' },
      });
      expect(Date.parse(dEdit.at)).toBe(Date.parse(at.deleted!));
    });

    it("[RV8] a village's issues only; another commune's issues only to its own police", async () => {
      expect((await issues(t.world.admin, AREAS.village1)).map((i) => i.mutationId)).toEqual([
        deletedEdit.id,
        badCreate.id,
        deletedHouseholdEdit.id,
        invalidEdit.id,
        conflictEdit.id,
      ]);
      expect(await issues(t.world.police, AREAS.village2)).toEqual([]);
      const b = await issues(t.world.policeB, AREAS.communeB);
      expect(b.map((i) => i.mutationId)).toEqual([bConflict.id]);
      expect(b[0]).toMatchObject({
        userName: USERS.vol3.name,
        villageId: AREAS.village3,
        headName: 'Đỗ Văn Tám Mới',
        conflicts: [{ field: 'headName', server: 'Đỗ Văn Tám Mới', client: 'Đỗ Văn Tám Cũ' }],
      });
      expectError(await t.world.police.get(`/api/review/issues?areaId=${AREAS.communeB}`), 403, 'forbidden');
      expectError(await t.world.policeB.get(`/api/review/issues?areaId=${AREAS.village1}`), 403, 'forbidden');
      expectError(await t.world.vol1.get(`/api/review/issues?areaId=${AREAS.village1}`), 403, 'forbidden');
    });

    it('[RV7] limit: the newest n; [RV8] a replayed mutation is not listed twice', async () => {
      expect((await issues(t.world.police, AREAS.communeA, 1)).map((i) => i.mutationId)).toEqual([
        deletedEdit.id,
      ]);
      expect((await issues(t.world.police, AREAS.communeA, 2)).map((i) => i.mutationId)).toEqual([
        deletedEdit.id,
        badCreate.id,
      ]);
      const replay = await t.world.vol1.pushOne(conflictEdit);
      expect(replay.status).toBe('conflict');
      expect(await issues(t.world.police, AREAS.communeA, 1000)).toHaveLength(5);
    });
  });

  describe("[D5] each device carries its user's areas", () => {
    it("[D5] areaIds are the villages of the phone's user", async () => {
      const { devices } = await get(
        t.world.police,
        `/api/devices?areaId=${AREAS.communeA}`,
        devicesAnswerSchema,
      );
      const byDevice = new Map(devices.map((d) => [d.deviceId, d]));
      expect(byDevice.get(t.world.vol1.deviceId)?.areaIds).toEqual([AREAS.village1]);
      expect(byDevice.get(t.world.vol2.deviceId)?.areaIds).toEqual([AREAS.village2]);
      for (const d of devices) expect(d.areaIds?.length).toBeGreaterThan(0);
    });
  });

  describe('[RV9] bad input → 400 (or 401, 403, 404), never 5xx', () => {
    it('[RV9] missing or malformed areaId, limit and id', async () => {
      const { police } = t.world;
      for (const path of [
        '/api/review/gaps',
        '/api/review/gaps?areaId=',
        '/api/review/gaps?areaId=Th%C3%B4n',
        '/api/review/issues',
        `/api/review/issues?areaId=${'a'.repeat(65)}`,
        `/api/review/issues?areaId=${AREAS.communeA}&limit=abc`,
        `/api/review/issues?areaId=${AREAS.communeA}&limit=0`,
        `/api/review/issues?areaId=${AREAS.communeA}&limit=1001`,
        `/api/review/issues?areaId=${AREAS.communeA}&limit=-1`,
        `/api/review/issues?areaId=${AREAS.communeA}&limit=1.5`,
        `/api/review/issues?areaId=${AREAS.communeA}&limit=`,
        '/api/review/households/abc',
        '/api/review/households/%00',
        `/api/review/households/${randomUUID()}x`,
      ]) {
        const res = await police.get(path);
        expectError(res, 400, 'invalid_request');
      }
      const limit = await police.get(`/api/review/issues?areaId=${AREAS.communeA}&limit=abc`);
      expect(limit.body).toMatchObject({ error: { message: expect.stringContaining('limit') } });
      const area = await police.get('/api/review/gaps');
      expect(area.body).toMatchObject({ error: { message: expect.stringContaining('areaId') } });
    });

    it('[E6] odd paths and methods: no 5xx', async () => {
      const { police, admin } = t.world;
      for (const [method, path] of [
        ['GET', '/api/review'],
        ['GET', '/api/review/'],
        ['GET', '/api/review/households'],
        ['GET', '/api/review/households/'],
        ['POST', `/api/review/gaps?areaId=${AREAS.communeA}`],
        ['DELETE', `/api/review/households/${H3.entityId}`],
        ['GET', '/api/review/gaps?areaId=%FF'],
        ['GET', `/api/review/gaps?areaId=${AREAS.communeA}&areaId=${AREAS.communeB}`],
        ['GET', `/api/review/issues?areaId=${AREAS.communeA}&limit=99999999999999999999`],
        ['GET', '/api/review/households/00000000-0000-0000-0000-000000000000'],
      ] as const) {
        for (const api of [police, admin]) {
          const res = await api.request(method, path);
          expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(500);
          expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(200);
        }
      }
    });
  });
});
