// The review's lists page by page and a province's lists as a streamed CSV (issue 18: a whole province
// on one deployment), over real HTTP: paging the gaps, the persons, the devices and the issues with
// small limits gives exactly the whole answer in its order; pages interleaved with pushes that add,
// change and delete households never skip or repeat one that stayed unchanged; a cursor is refused
// when garbage, changed, or made for another list, area or sign-in; a province pages for its own
// police only; and its CSV holds the rows of the paged list, after a BOM and the Vietnamese header,
// ID numbers masked unless asked for (and then recorded in the trail).
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDateVi } from '../../src/domain/dates.ts';
import {
  devicesAnswerSchema,
  devicesPageSchema,
  gapsAnswerSchema,
  gapsPageSchema,
  issuesAnswerSchema,
  issuesPageSchema,
  missingPersonsAnswerSchema,
  missingPersonsPageSchema,
  type DeviceSync,
  type GapHousehold,
  type MissingPerson,
  type SyncIssue,
} from '../../src/domain/review.ts';
import type { Mutation } from '../../src/domain/sync-protocol.ts';
import {
  BACKENDS,
  PASSWORD,
  TestClock,
  createArea,
  createUser,
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

const P = 'tinh-phan-trang';
const Q = 'tinh-ben-canh';
const C = 'xa-cam-lo-pt';
const D = 'phuong-dong-ha-pt';
const C1 = 'thon-mot-pt';
const C2 = 'thon-hai-pt';
const C3 = 'thon-ba-pt';
const D1 = 'khu-pho-ba-pt';
const NAMES: Record<string, string> = {
  [P]: 'Tỉnh Phân Trang',
  [C]: 'Xã Cam Lộ',
  [D]: 'Phường Đông Hà',
  [C1]: 'Thôn Một',
  [C2]: 'Thôn Hai',
  [C3]: 'Thôn Ba',
  [D1]: 'Khu phố Ba',
};
// 03:00 UTC is 10:00 on 25 November in Vietnam.
const NOW = Date.parse('2026-11-25T03:00:00.000Z');
const MINUTE = 60_000;

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

// Addresses that tie at the first level of Vietnamese order ("Số 2" / "số 2", "xóm" / "xom"), numbers
// to order by value, and the odd ones a CSV has to quote or guard.
const STREETS = ['xóm Chùa', 'xom Chua', 'ngõ 3, xóm Đình', 'tổ 7'];
const ODD_ADDRESSES = ['Số 5, "Nhà văn hoá"', ' Số 6 lề trái', 'Số 7\nxóm Bến'];

describe.each(BACKENDS)('review lists in pages and as streamed files on %s', (backend) => {
  const clock = new TestClock(NOW);
  const sink: { lines: Record<string, unknown>[]; write(line: string): void } = {
    lines: [],
    write(line: string) {
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
  const METRICS = 'metrics-token-paging-0123456789';
  const t = useServer(backend, {
    clock,
    server: { logLevel: 'info', logDestination: sink, metricsToken: METRICS },
  });
  let province: Api;
  let provinceAgain: Api;
  let otherProvince: Api;
  let communePolice: Api;
  const volunteers: Record<string, Api> = {};
  /** The version of each household as last pushed, for the edits and deletions. */
  const versions = new Map<string, number>();
  const households = new Map<string, Mutation>();
  /** Every whole ID number pushed, to find any in an answer or a log. */
  const idNumbers: string[] = [];
  const headNames: string[] = [];
  const rand = random(1806);
  let made = 0;

  /** A household of `village` with 0–4 members (some under 14, some done), visits and tasks. */
  function householdWithMembers(village: string, extra: Record<string, unknown> = {}): Mutation[] {
    made++;
    const n = 1 + rand.int(40);
    const address =
      made % 11 === 0 ? rand.pick(ODD_ADDRESSES) : `${rand.pick(['Số', 'số'])} ${n}, ${rand.pick(STREETS)}`;
    const headName = made % 13 === 0 ? `=Lê Văn Công Thức ${made}` : `Nguyễn Văn Hộ ${made}`;
    const h = newHousehold(village, {
      address,
      headName,
      ...(made % 3 === 0 ? { householdCode: `00${1000 + made}` } : {}),
      ...extra,
    });
    headNames.push(headName);
    const out: Mutation[] = [h];
    const members = rand.int(5);
    for (let i = 0; i < members; i++) {
      const year = rand.pick([1950, 1972, 1990, 2004, 2011, 2013, 2015]);
      const birthDate = `${year}-0${1 + rand.int(9)}-1${rand.int(9)}`;
      const idNumber =
        rand.next() < 0.6
          ? `034${year < 2000 ? 0 : 2}${String(year).slice(2)}${String(100000 + made * 10 + i).slice(-6)}`
          : undefined;
      if (idNumber) idNumbers.push(idNumber);
      out.push(
        newPerson(h.entityId, {
          relation: i === 0 ? 'head' : rand.pick(['spouse', 'child', 'parent', 'other']),
          birthDate,
          cccdStatus: rand.pick(['none', 'applied', 'issued', 'issued', 'lost']),
          vneidStatus: rand.pick(['none', 'level1', 'level2_pending', 'level2_active', 'level2_active']),
          ...(idNumber ? { idNumber } : {}),
        }),
      );
    }
    if (rand.next() < 0.4)
      out.push(newVisit(h.entityId, { visitedOn: `2026-0${1 + rand.int(9)}-0${1 + rand.int(9)}` }));
    if (rand.next() < 0.2) out.push(newTask(h.entityId));
    return out;
  }

  async function pushAll(api: Api, ms: Mutation[]) {
    const results = await api.push(ms);
    results.forEach((r, i) => {
      expect(r.status, JSON.stringify(r)).toBe('applied');
      const m = ms[i]!;
      if (m.entity === 'household' && r.status === 'applied') {
        versions.set(m.entityId, r.version);
        if (m.op === 'upsert' && m.fields.villageId) households.set(m.entityId, m);
      }
    });
  }

  beforeAll(async () => {
    const { admin } = t.world;
    await createArea(admin, { id: P, kind: 'province', name: NAMES[P]! });
    await createArea(admin, { id: Q, kind: 'province', name: 'Tỉnh Bên Cạnh' });
    await createArea(admin, { id: C, kind: 'commune', name: NAMES[C]!, parentId: P });
    await createArea(admin, { id: D, kind: 'commune', name: NAMES[D]!, parentId: P });
    for (const [id, parent] of [
      [C1, C],
      [C2, C],
      [C3, C],
      [D1, D],
    ] as const)
      await createArea(admin, { id, kind: 'village', name: NAMES[id]!, parentId: parent });
    const people = [
      { key: 'province', name: 'Thượng tá Trần Tỉnh', phone: '0912000001', role: 'police', areaIds: [P] },
      { key: 'other', name: 'Thiếu tá Lý Khác', phone: '0912000002', role: 'police', areaIds: [Q] },
      { key: 'commune', name: 'Đại úy Hà Xã', phone: '0912000003', role: 'police', areaIds: [C] },
      { key: C1, name: 'Hồ Thị Một', phone: '0912000004', role: 'volunteer', areaIds: [C1] },
      { key: C2, name: 'Hồ Thị Hai', phone: '0912000005', role: 'volunteer', areaIds: [C2] },
      { key: D1, name: 'Đặng Văn Ba', phone: '0912000006', role: 'volunteer', areaIds: [D1] },
      { key: 'both', name: 'Hồ Thị Hai', phone: '0912000007', role: 'volunteer', areaIds: [C1, C2] },
    ] as const;
    const login = (phone: string) => t.world.anon.login(phone, PASSWORD);
    for (const p of people) await createUser(admin, p);
    province = await login(people[0].phone);
    provinceAgain = await login(people[0].phone);
    otherProvince = await login(people[1].phone);
    communePolice = await login(people[2].phone);
    for (const p of people.slice(3)) {
      volunteers[p.key] = await login(p.phone);
      // A second phone of each volunteer: the devices list has more to page.
      await login(p.phone);
    }
    for (const [village, count] of [
      [C1, 26],
      [C2, 19],
      [D1, 14],
    ] as const) {
      const batch: Mutation[] = [];
      for (let i = 0; i < count; i++) batch.push(...householdWithMembers(village));
      await pushAll(volunteers[village]!, batch);
    }
    // One household a CSV must quote and guard, with a gap, never touched by the tests that edit.
    const odd = newHousehold(D1, {
      address: 'Số 5, "Nhà văn hoá"',
      headName: '=HYPERLINK("x")',
      householdCode: '0012345',
    });
    headNames.push('=HYPERLINK("x")');
    await pushAll(volunteers[D1]!, [odd, newPerson(odd.entityId, { relation: 'head', cccdStatus: 'none' })]);
  }, 180_000);

  // ------------------------------------------------------------------------------------------------
  // Helpers

  const q = (params: Record<string, string | number | undefined>) =>
    Object.entries(params)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
      .join('&');

  type ListKey = 'households' | 'persons' | 'devices' | 'issues';
  const PATHS: Record<ListKey, string> = {
    households: '/api/review/gaps',
    persons: '/api/review/persons',
    devices: '/api/devices',
    issues: '/api/review/issues',
  };
  const SCHEMAS = {
    households: gapsPageSchema,
    persons: missingPersonsPageSchema,
    devices: devicesPageSchema,
    issues: issuesPageSchema,
  };

  /** Every page of a list, one after the other, with `limit`: the rows in order and how many pages. */
  async function pages<T>(
    api: Api,
    list: ListKey,
    params: Record<string, string | number | undefined>,
    limit: number,
    between?: (page: number) => Promise<void>,
  ): Promise<{ rows: T[]; pages: number }> {
    const rows: T[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5000; page++) {
      const res = await api.get(`${PATHS[list]}?${q({ ...params, limit, cursor: cursor ?? undefined })}`);
      expect(res.status, res.text.slice(0, 300)).toBe(200);
      const body = SCHEMAS[list].parse(res.body) as unknown as Record<ListKey, T[]> & {
        nextCursor: string | null;
      };
      expect(body[list].length).toBeLessThanOrEqual(limit);
      rows.push(...body[list]);
      cursor = body.nextCursor;
      if (cursor === null) return { rows, pages: page + 1 };
      // A cursor is no readable text: no address, name or id of a row shows through.
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      await between?.(page);
    }
    throw new Error('paging never ended');
  }

  const whole = async <T>(api: Api, path: string, parse: (v: unknown) => T): Promise<T> => {
    const res = await api.get(path);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    return parse(res.body);
  };
  const wholeGaps = (api: Api, area: string, all = false) =>
    whole(api, `/api/review/gaps?${q({ areaId: area, all: all ? 1 : undefined })}`, (b) =>
      gapsAnswerSchema.parse(b),
    );
  const wholePersons = (api: Api, area: string) =>
    whole(api, `/api/review/persons?areaId=${area}`, (b) => missingPersonsAnswerSchema.parse(b));

  /** A cursor of a first page (`limit` 2) of a list. */
  async function firstCursor(api: Api, path: string): Promise<string> {
    const res = await api.get(`${path}&limit=2`);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    const cursor = (res.body as { nextCursor: string | null }).nextCursor;
    expect(cursor).toEqual(expect.any(String));
    return cursor!;
  }

  const trail = async (commune: string) => {
    const res = await t.world.admin.get(`/api/manage/audit?communeId=${commune}&limit=200`);
    expect(res.status, res.text).toBe(200);
    return (res.body as { entries: Record<string, unknown>[] }).entries.filter(
      (e) => e.action === 'persons.export_full_ids',
    );
  };

  // ------------------------------------------------------------------------------------------------

  describe('[RV2] [RV3] the gaps in pages: exactly the whole answer, in its order', () => {
    it('[RV2] [RV3] a commune and a village, with limits 1, 2, 3, 7 and 1000, gap list and all=1', async () => {
      for (const all of [false, true]) {
        for (const area of [C, C1, C3]) {
          const answer = await wholeGaps(communePolice, area, all);
          // Today's answer is today's: no cursor in it.
          expect(Object.keys(answer).sort()).toEqual(['asOf', 'households']);
          if (area !== C3) expect(answer.households.length).toBeGreaterThan(5);
          for (const limit of [1, 2, 3, 7, 1000]) {
            const paged = await pages<GapHousehold>(
              communePolice,
              'households',
              { areaId: area, all: all ? 1 : undefined },
              limit,
            );
            expect(paged.rows, `${area} all=${all} limit=${limit}`).toEqual(answer.households);
            if (limit === 1 && area !== C3)
              expect(paged.pages).toBeGreaterThanOrEqual(answer.households.length);
          }
        }
      }
    });

    it('[T9] a province pages for its police: its communes in the tallies’ order, each as its whole answer', async () => {
      // Phường Đông Hà comes before Xã Cam Lộ by name.
      for (const all of [false, true]) {
        const expected = [
          ...(await wholeGaps(province, D, all)).households,
          ...(await wholeGaps(province, C, all)).households,
        ];
        for (const limit of [4, 1000]) {
          const paged = await pages<GapHousehold>(
            province,
            'households',
            { areaId: P, all: all ? 1 : undefined },
            limit,
          );
          expect(paged.rows).toEqual(expected);
        }
      }
    });
  });

  describe('[RV11] the persons in pages', () => {
    it('[RV11] a commune, a village and the province: exactly the whole answers, masked', async () => {
      for (const area of [C, C2, D1]) {
        const answer = await wholePersons(province, area);
        for (const limit of [1, 3, 1000]) {
          const paged = await pages<MissingPerson>(province, 'persons', { areaId: area }, limit);
          expect(paged.rows).toEqual(answer.persons);
        }
      }
      const expected = [
        ...(await wholePersons(province, D)).persons,
        ...(await wholePersons(province, C)).persons,
      ];
      expect(expected.length).toBeGreaterThan(10);
      const res = await province.get(`/api/review/persons?areaId=${P}&limit=5`);
      expect(res.body).toMatchObject({ fullIds: false });
      const paged = await pages<MissingPerson>(province, 'persons', { areaId: P }, 5);
      expect(paged.rows).toEqual(expected);
      const text = JSON.stringify(paged.rows);
      for (const n of idNumbers) expect(text).not.toContain(n);
    });

    it('[RV11] fullIds=1 in pages: whole numbers, one trail entry per commune from the first page, none after', async () => {
      const before = await trail(C);
      const answer = await wholePersons(communePolice, C);
      const paged = await pages<MissingPerson>(communePolice, 'persons', { areaId: C, fullIds: 1 }, 4);
      expect(paged.pages).toBeGreaterThan(2);
      expect(paged.rows.map((p) => p.id)).toEqual(answer.persons.map((p) => p.id));
      for (const p of paged.rows) expect(p).toHaveProperty('idNumber');
      expect(paged.rows.some((p) => p.idNumber && idNumbers.includes(p.idNumber))).toBe(true);
      const after = await trail(C);
      expect(after).toHaveLength(before.length + 1);
      expect(after[0]).toMatchObject({
        actorId: communePolice.userId,
        deviceId: communePolice.deviceId,
        communeId: C,
        targetAreaId: C,
        details: { persons: answer.persons.length },
      });
      // A whole-number paging lasts an hour from its first page; its cursor is no way back in later.
      const res = await communePolice.get(`/api/review/persons?areaId=${C}&fullIds=1&limit=2`);
      const cursor = (res.body as { nextCursor: string }).nextCursor;
      expect(await trail(C)).toHaveLength(before.length + 2);
      try {
        clock.advance(61 * MINUTE);
        const late = await communePolice.get(
          `/api/review/persons?areaId=${C}&fullIds=1&limit=2&cursor=${cursor}`,
        );
        expectError(late, 400, 'invalid_request');
        expect(late.text).toContain('cursor');
      } finally {
        clock.set(NOW);
      }
      // A masked paging's cursor does not continue a whole-number paging, nor the other way.
      const masked = await firstCursor(communePolice, `/api/review/persons?areaId=${C}`);
      expectError(
        await communePolice.get(`/api/review/persons?areaId=${C}&fullIds=1&limit=2&cursor=${masked}`),
        400,
        'invalid_request',
      );
      expectError(
        await communePolice.get(`/api/review/persons?areaId=${C}&limit=2&cursor=${cursor}`),
        400,
        'invalid_request',
      );
      expect(await trail(C)).toHaveLength(before.length + 2);
    });
  });

  describe('[D1] the devices in pages', () => {
    it('[D1] a commune: exactly the whole list; the province: every device of it once, each commune’s in its order', async () => {
      const commune = await whole(communePolice, `/api/devices?areaId=${C}`, (b) =>
        devicesAnswerSchema.parse(b),
      );
      expect(Object.keys(commune)).toEqual(['devices']);
      expect(commune.devices.length).toBeGreaterThanOrEqual(6);
      for (const limit of [1, 2, 5, 1000]) {
        const paged = await pages<DeviceSync>(communePolice, 'devices', { areaId: C }, limit);
        expect(paged.rows).toEqual(commune.devices);
      }
      const d = (await whole(province, `/api/devices?areaId=${D}`, (b) => devicesAnswerSchema.parse(b)))
        .devices;
      const all = (await pages<DeviceSync>(province, 'devices', { areaId: P }, 3)).rows;
      const keyOf = (x: DeviceSync) => `${x.deviceId}|${x.userId}`;
      expect(new Set(all.map(keyOf)).size).toBe(all.length);
      // The province's own police and the commune's police are the province's too.
      for (const api of [province, provinceAgain, communePolice])
        expect(all.map((x) => x.deviceId)).toContain(api.deviceId);
      expect(all.map((x) => x.deviceId)).not.toContain(otherProvince.deviceId);
      const inC = new Set(commune.devices.map(keyOf));
      const inD = new Set(d.map(keyOf));
      expect(all.filter((x) => inC.has(keyOf(x)))).toEqual(commune.devices);
      expect(all.filter((x) => inD.has(keyOf(x)))).toEqual(d);
      expect(all.filter((x) => !inC.has(keyOf(x)) && !inD.has(keyOf(x))).map((x) => x.userId)).toEqual([
        province.userId,
        province.userId,
      ]);
    });
  });

  describe('[RV7] the issues in pages', () => {
    beforeAll(async () => {
      // Rejected edits (an empty address) in two villages, several pushes at the same moment (one
      // `at`, positions 0, 1, 2 …), and conflicts; Khu phố Ba's in the other commune.
      const inVillage = (village: string) =>
        [...households.values()].filter((h) => h.fields.villageId === village).map((h) => h.entityId);
      const bad = (id: string) => upsert('household', id, { address: '' }, versions.get(id)!);
      clock.advance(MINUTE);
      for (const [village, sizes] of [
        [C1, [3, 2]],
        [C2, [4]],
        [D1, [2, 1]],
      ] as const) {
        const ids = inVillage(village);
        for (const size of sizes) {
          const results = await volunteers[village]!.push(ids.slice(0, size).map(bad));
          expect(results.every((r) => r.status === 'rejected')).toBe(true);
        }
      }
      clock.advance(MINUTE);
      const [first] = inVillage(C1);
      const other = volunteers.both!;
      const edit = (name: string) => upsert('household', first!, { headName: name }, versions.get(first!)!);
      const applied = await other.pushOne(edit('Nguyễn Văn Đổi Tên'));
      expect(applied.status).toBe('applied');
      expect((await volunteers[C1]!.pushOne(edit('Nguyễn Văn Tên Cũ'))).status).toBe('conflict');
      if (applied.status === 'applied') versions.set(first!, applied.version);
      clock.advance(MINUTE);
      expect((await volunteers[C2]!.pushOne(bad(inVillage(C2)[5]!))).status).toBe('rejected');
      clock.set(NOW);
    }, 60_000);

    it('[RV7] a commune: exactly the whole list, newest first, with limits 1, 2, 3; the province: both communes once each', async () => {
      const answer = await whole(communePolice, `/api/review/issues?areaId=${C}`, (b) =>
        issuesAnswerSchema.parse(b),
      );
      expect(Object.keys(answer)).toEqual(['issues']);
      expect(answer.issues.length).toBe(11);
      for (const limit of [1, 2, 3]) {
        const paged = await pages<SyncIssue>(communePolice, 'issues', { areaId: C }, limit);
        expect(paged.rows).toEqual(answer.issues);
      }
      // `limit` alone is today's newest n, and now says where the rest starts.
      const first = await communePolice.get(`/api/review/issues?areaId=${C}&limit=4`);
      expect(issuesPageSchema.parse(first.body).issues).toEqual(answer.issues.slice(0, 4));
      const d = (await whole(province, `/api/review/issues?areaId=${D}`, (b) => issuesAnswerSchema.parse(b)))
        .issues;
      const all = (await pages<SyncIssue>(province, 'issues', { areaId: P }, 2)).rows;
      expect(all).toHaveLength(answer.issues.length + d.length);
      const cIds = new Set(answer.issues.map((i) => i.mutationId));
      expect(all.filter((i) => cIds.has(i.mutationId))).toEqual(answer.issues);
      expect(all.filter((i) => !cIds.has(i.mutationId))).toEqual(d);
      const times = all.map((i) => Date.parse(i.at));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });
  });

  describe('[RV3] pages interleaved with pushes', () => {
    it('[RV3] adds, edits and deletions between pages never skip or repeat a household that stayed unchanged', async () => {
      const vol = volunteers.both!;
      for (const [list, all] of [
        ['households', false],
        ['households', true],
        ['persons', false],
      ] as const) {
        const start =
          list === 'households'
            ? (await wholeGaps(communePolice, C, all)).households.map((h) => h.id)
            : (await wholePersons(communePolice, C)).persons.map((p) => p.id);
        const householdOf = new Map<string, string>();
        if (list === 'persons')
          for (const p of (await wholePersons(communePolice, C)).persons)
            householdOf.set(p.id, p.householdId);
        const touched = new Set<string>();
        const between = async () => {
          const ids = [...households.values()]
            .filter((h) => h.fields.villageId === C1 || h.fields.villageId === C2)
            .map((h) => h.entityId)
            .filter((id) => versions.has(id));
          const batch: Mutation[] = [];
          // A new household somewhere in the order, with a gap.
          const [fresh, ...members] = householdWithMembers(rand.pick([C1, C2]));
          batch.push(fresh!, ...members, newPerson(fresh!.entityId, { cccdStatus: 'none' }));
          // An address changed: the household moves in the order.
          const moved = rand.pick(ids);
          touched.add(moved);
          batch.push(
            upsert(
              'household',
              moved,
              { address: `Số ${1 + rand.int(40)}, ${rand.pick(STREETS)}` },
              versions.get(moved)!,
            ),
          );
          // A household deleted.
          const gone = rand.pick(ids.filter((id) => id !== moved));
          touched.add(gone);
          batch.push(remove('household', gone, versions.get(gone)!));
          await pushAll(vol, batch);
          versions.delete(gone);
          households.delete(gone);
        };
        const paged = await pages<{ id: string }>(
          communePolice,
          list,
          { areaId: C, all: list === 'households' && all ? 1 : undefined },
          7,
          between,
        );
        expect(paged.pages).toBeGreaterThan(3);
        expect(touched.size).toBeGreaterThanOrEqual(6);
        const unchanged = start.filter((id) => !touched.has(householdOf.get(id) ?? id));
        expect(unchanged.length).toBeGreaterThan(start.length / 3);
        const given = paged.rows.map((r) => r.id);
        const counts = new Map<string, number>();
        for (const id of given) counts.set(id, (counts.get(id) ?? 0) + 1);
        for (const id of unchanged) expect(counts.get(id), `${list} ${id}`).toBe(1);
        // …and in their order.
        const kept = new Set(unchanged);
        expect(given.filter((id) => kept.has(id))).toEqual(unchanged);
      }
    });
  });

  describe('[RV9] cursors are checked: garbage, changed, or another list’s, area’s or sign-in’s → 400', () => {
    it('[RV9] a tampered or foreign cursor, a cursor without limit, a bad limit → 400 naming it; never 5xx', async () => {
      const gapsOfC = `/api/review/gaps?areaId=${C}`;
      const cursor = await firstCursor(province, gapsOfC);
      // Each works once, and again: a cursor is a place, not a one-time ticket.
      for (let i = 0; i < 2; i++)
        expect((await province.get(`${gapsOfC}&limit=2&cursor=${cursor}`)).status).toBe(200);
      // The top bit of a character's six: never a padding bit, so the bytes do change.
      const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const flip = (text: string, at: number) =>
        text.slice(0, at) + ALPHABET[ALPHABET.indexOf(text[at]!) ^ 32] + text.slice(at + 1);
      const bad = [
        flip(cursor, 0),
        flip(cursor, Math.floor(cursor.length / 2)),
        flip(cursor, cursor.length - 1),
        cursor.slice(0, -4),
        `${cursor}AAAA`,
        'abc',
        '!!!',
        '%00',
        '%FF%FE',
        'A'.repeat(5000),
        Buffer.from(JSON.stringify({ v: 0, vid: C1, k: null, t: 0 })).toString('base64url'),
      ];
      const refused = async (api: Api, path: string) => {
        const res = await api.get(path);
        expectError(res, 400, 'invalid_request');
        expect((res.body as { error: { message: string } }).error.message).toContain('cursor');
      };
      for (const b of bad) await refused(province, `${gapsOfC}&limit=2&cursor=${encodeURIComponent(b)}`);
      // Another list, another area, another sign-in (the same officer's other phone).
      await refused(province, `${gapsOfC}&all=1&limit=2&cursor=${cursor}`);
      await refused(province, `/api/review/persons?areaId=${C}&limit=2&cursor=${cursor}`);
      await refused(province, `/api/review/issues?areaId=${C}&limit=2&cursor=${cursor}`);
      await refused(province, `/api/devices?areaId=${C}&limit=2&cursor=${cursor}`);
      await refused(province, `/api/review/gaps?areaId=${D}&limit=2&cursor=${cursor}`);
      await refused(province, `/api/review/gaps?areaId=${P}&limit=2&cursor=${cursor}`);
      await refused(province, `/api/review/gaps?areaId=${C1}&limit=2&cursor=${cursor}`);
      await refused(provinceAgain, `${gapsOfC}&limit=2&cursor=${cursor}`);
      await refused(communePolice, `${gapsOfC}&limit=2&cursor=${cursor}`);
      // Without limit a cursor has no page to continue.
      await refused(province, `${gapsOfC}&cursor=${cursor}`);
      // The devices' and the issues' cursors are checked alike.
      for (const path of [`/api/devices?areaId=${C}`, `/api/review/issues?areaId=${C}`]) {
        const own = await firstCursor(province, path);
        expect((await province.get(`${path}&limit=2&cursor=${own}`)).status).toBe(200);
        await refused(province, `${path}&limit=2&cursor=${flip(own, 5)}`);
        await refused(provinceAgain, `${path}&limit=2&cursor=${own}`);
      }
      for (const list of ['/api/review/gaps', '/api/review/persons', '/api/devices', '/api/review/issues'])
        for (const limit of ['0', '1001', 'abc', '-1', '1.5', '', '99999999999999999999']) {
          const res = await province.get(`${list}?areaId=${C}&limit=${limit}`);
          expectError(res, 400, 'invalid_request');
          expect(res.text).toContain('limit');
        }
    });
  });

  describe('[T9] a province: in pages only, and only for its police', () => {
    it('[T9] with limit the province police read it; another province’s police, a commune’s, a volunteer → 403; without limit → 400', async () => {
      for (const list of ['/api/review/gaps', '/api/review/persons', '/api/devices', '/api/review/issues']) {
        const res = await province.get(`${list}?areaId=${P}&limit=10`);
        expect(res.status, `${list} ${res.text.slice(0, 200)}`).toBe(200);
        expect(res.body).toHaveProperty('nextCursor');
        expectError(await otherProvince.get(`${list}?areaId=${P}&limit=10`), 403, 'forbidden');
        expectError(await communePolice.get(`${list}?areaId=${P}&limit=10`), 403, 'forbidden');
        expectError(await volunteers[C1]!.get(`${list}?areaId=${P}&limit=10`), 403, 'forbidden');
        expectError(await province.get(`${list}?areaId=tinh-khong-co&limit=10`), 404, 'not_found');
        const whole = await province.get(`${list}?areaId=${P}`);
        expectError(whole, 400, 'invalid_request');
        expect(whole.text).toContain('areaId');
        // Its communes and villages as before, whole.
        expect((await province.get(`${list}?areaId=${C}`)).status).toBe(200);
        expect((await otherProvince.get(`${list}?areaId=${C}&limit=10`)).status).toBe(403);
      }
    });
  });

  describe('[RV2] [RV11] a province’s lists as one streamed CSV file', () => {
    /** The file's bytes, as a browser would save them. */
    async function download(api: Api, path: string) {
      const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${api.token}` } });
      const bytes = new Uint8Array(await res.arrayBuffer());
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      return { res, bytes, text };
    }
    const parse = (text: string) => {
      expect(text.startsWith('\uFEFF')).toBe(true);
      const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ',', skipEmptyLines: false });
      expect(parsed.errors).toEqual([]);
      const rows = parsed.data;
      // Every line ends with CRLF: the last "row" is the empty one after it.
      expect(rows.at(-1)).toEqual(['']);
      return rows.slice(0, -1);
    };
    const code = (v: string | null) => (v === null ? '' : /^\d[\d .,/:-]*$/.test(v) ? `="${v}"` : v);
    const textCell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
    const villageCommune = (villageId: string) => ([C1, C2, C3].includes(villageId) ? NAMES[C]! : NAMES[D]!);

    const GAP_HEADER = [
      'Thôn',
      'Mã hộ',
      'Chủ hộ',
      'Địa chỉ',
      'Từ 14 tuổi',
      'Chưa có CCCD',
      'Chưa có VNeID mức 2',
      'Việc còn mở',
      'Lần gặp gần nhất',
    ];
    const gapLine = (h: GapHousehold) => [
      NAMES[h.villageId]!,
      code(h.householdCode),
      textCell(h.headName),
      textCell(h.address),
      String(h.persons14plus),
      String(h.withoutCard14plus),
      String(h.withoutVneid14plus),
      String(h.openTasks),
      h.lastMetOn ? formatDateVi(h.lastMetOn) : '',
    ];
    const RELATIONS: Record<string, string> = {
      head: 'Chủ hộ',
      spouse: 'Vợ/chồng',
      child: 'Con',
      parent: 'Bố/mẹ',
      other: 'Khác',
    };
    const CCCD: Record<string, string> = {
      none: 'Chưa có thẻ',
      applied: 'Đã nộp hồ sơ (chờ nhận thẻ)',
      issued: 'Đã có thẻ',
      lost: 'Mất/hỏng thẻ',
    };
    const VNEID: Record<string, string> = {
      none: 'Chưa đăng ký',
      level1: 'Mức 1',
      level2_pending: 'Mức 2 đang chờ kích hoạt',
      level2_active: 'Đã kích hoạt mức 2',
    };
    const personLine = (p: MissingPerson, full: boolean) => [
      villageCommune(p.villageId),
      NAMES[p.villageId]!,
      code(p.householdCode),
      textCell(p.headName),
      textCell(p.address),
      p.fullName,
      formatDateVi(p.birthDate),
      RELATIONS[p.relation]!,
      full ? code(p.idNumber ?? null) : p.idNumberEnd ? `••••••••${p.idNumberEnd}` : '',
      CCCD[p.cccdStatus]!,
      VNEID[p.vneidStatus]!,
      [
        p.cccdStatus !== 'issued' ? 'Chưa có CCCD' : null,
        p.vneidStatus !== 'level2_active' ? 'Chưa có VNeID mức 2' : null,
      ]
        .filter((x) => x !== null)
        .join(', '),
    ];

    it('[RV2] gaps.csv of a province: a BOM, the Vietnamese header, then exactly the paged list’s rows, dd/mm/yyyy', async () => {
      const paged = (await pages<GapHousehold>(province, 'households', { areaId: P }, 7)).rows;
      expect(paged.length).toBeGreaterThan(20);
      const { res, bytes, text } = await download(province, `/api/review/gaps.csv?areaId=${P}`);
      expect(res.status, text.slice(0, 300)).toBe(200);
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(
        'attachment; filename="so06-ho-con-thieu-tinh-phan-trang-2026-11-25.csv"',
      );
      expect(res.headers.get('cache-control')).toBe('no-store');
      const rows = parse(text);
      expect(rows[0]).toEqual(['Xã, phường', ...GAP_HEADER]);
      expect(rows.slice(1)).toEqual(paged.map((h) => [villageCommune(h.villageId), ...gapLine(h)]));
      // The odd cells came through: a quoted address, a line break inside one, a formula guarded.
      expect(text).toContain(`,"=""0012345""","'=HYPERLINK(""x"")","Số 5, ""Nhà văn hoá""",`);
      expect(rows.some((r) => r[3]?.startsWith("'=Lê Văn Công Thức"))).toBe(true);
      expect(rows.some((r) => /^\d{2}\/\d{2}\/\d{4}$/.test(r.at(-1) ?? ''))).toBe(true);
      // all=1: every household, named as the browser names that file.
      const every = await download(province, `/api/review/gaps.csv?areaId=${P}&all=1`);
      expect(every.res.headers.get('content-disposition')).toContain('so06-danh-sach-ho-tinh-phan-trang-');
      const all = (await pages<GapHousehold>(province, 'households', { areaId: P, all: 1 }, 1000)).rows;
      expect(parse(every.text).slice(1)).toEqual(
        all.map((h) => [villageCommune(h.villageId), ...gapLine(h)]),
      );
    });

    it('[RV2] a commune’s or a village’s file has the browser’s columns; an empty village only the header', async () => {
      const { text } = await download(communePolice, `/api/review/gaps.csv?areaId=${C}`);
      const rows = parse(text);
      expect(rows[0]).toEqual(GAP_HEADER);
      expect(rows.slice(1)).toEqual((await wholeGaps(communePolice, C)).households.map(gapLine));
      expect(parse((await download(communePolice, `/api/review/gaps.csv?areaId=${C3}`)).text)).toEqual([
        GAP_HEADER,
      ]);
    });

    it('[RV11] persons.csv: masked by default; fullIds=1 whole numbers and one entry in each commune’s trail first', async () => {
      const beforeC = await trail(C);
      const beforeD = await trail(D);
      const paged = (await pages<MissingPerson>(province, 'persons', { areaId: P }, 1000)).rows;
      const masked = await download(province, `/api/review/persons.csv?areaId=${P}`);
      expect(masked.res.status).toBe(200);
      expect(masked.res.headers.get('content-disposition')).toBe(
        'attachment; filename="so06-nhan-khau-con-thieu-tinh-phan-trang-2026-11-25.csv"',
      );
      const rows = parse(masked.text);
      expect(rows[0]).toEqual([
        'Xã, phường',
        'Thôn',
        'Mã hộ',
        'Chủ hộ',
        'Địa chỉ',
        'Họ và tên',
        'Ngày sinh',
        'Quan hệ với chủ hộ',
        'Số định danh (4 số cuối)',
        'Thẻ căn cước (CCCD)',
        'VNeID',
        'Còn thiếu',
      ]);
      expect(rows.slice(1)).toEqual(paged.map((p) => personLine(p, false)));
      expect(masked.text).toContain('••••••••');
      for (const n of idNumbers) expect(masked.text).not.toContain(n);
      expect(await trail(C)).toEqual(beforeC);

      const full = await download(province, `/api/review/persons.csv?areaId=${P}&fullIds=1`);
      expect(full.res.status).toBe(200);
      const wholeRows = parse(full.text);
      expect(wholeRows[0]?.[8]).toBe('Số định danh');
      const fullPaged = (await pages<MissingPerson>(province, 'persons', { areaId: P, fullIds: 1 }, 1000))
        .rows;
      expect(wholeRows.slice(1)).toEqual(fullPaged.map((p) => personLine(p, true)));
      expect(wholeRows.slice(1).some((r) => /^="\d{12}"$/.test(r[8] ?? ''))).toBe(true);
      // The CSV and the paging each wrote one entry per commune: who, which province, how many.
      const afterC = await trail(C);
      const afterD = await trail(D);
      expect(afterC).toHaveLength(beforeC.length + 2);
      expect(afterD).toHaveLength(beforeD.length + 2);
      const inC = paged.filter((p) => villageCommune(p.villageId) === NAMES[C]).length;
      expect(afterC[1]).toMatchObject({
        actorId: province.userId,
        deviceId: province.deviceId,
        communeId: C,
        targetAreaId: P,
        details: { persons: inC },
      });
      expect(afterD[1]).toMatchObject({
        communeId: D,
        targetAreaId: P,
        details: { persons: paged.length - inC },
      });
      const trailText = JSON.stringify([...afterC, ...afterD]);
      for (const n of idNumbers) expect(trailText).not.toContain(n);

      // A commune's file: one entry, as [RV11]'s answer records.
      const commune = await download(communePolice, `/api/review/persons.csv?areaId=${C}&fullIds=1`);
      expect(parse(commune.text).length - 1).toBe(inC);
      const last = await trail(C);
      expect(last).toHaveLength(beforeC.length + 3);
      expect(last[0]).toMatchObject({
        actorId: communePolice.userId,
        communeId: C,
        targetAreaId: C,
        details: { persons: inC },
      });
    });

    it('[RV1] a volunteer, another province’s police → 403; bad all or fullIds → 400; none recorded', async () => {
      const beforeC = await trail(C);
      for (const path of [
        `/api/review/gaps.csv?areaId=${C1}`,
        `/api/review/persons.csv?areaId=${C1}&fullIds=1`,
      ])
        expectError(await volunteers[C1]!.get(path), 403, 'forbidden');
      for (const path of [
        `/api/review/gaps.csv?areaId=${P}`,
        `/api/review/persons.csv?areaId=${P}&fullIds=1`,
      ])
        expectError(await otherProvince.get(path), 403, 'forbidden');
      expectError(await communePolice.get(`/api/review/persons.csv?areaId=${P}&fullIds=1`), 403, 'forbidden');
      expectError(await province.get('/api/review/gaps.csv?areaId=tinh-khong-co'), 404, 'not_found');
      expectError(await t.world.anon.get(`/api/review/gaps.csv?areaId=${P}`), 401, 'unauthenticated');
      for (const bad of ['2', 'yes', '']) {
        const a = await province.get(`/api/review/gaps.csv?areaId=${P}&all=${bad}`);
        expectError(a, 400, 'invalid_request');
        expect(a.text).toContain('all');
        const f = await province.get(`/api/review/persons.csv?areaId=${P}&fullIds=${bad}`);
        expectError(f, 400, 'invalid_request');
        expect(f.text).toContain('fullIds');
      }
      expectError(await province.get('/api/review/persons.csv'), 400, 'invalid_request');
      expect(await trail(C)).toEqual(beforeC);
    });

    it('[S16] the streamed files are logged and counted by their route, in counts only', async () => {
      sink.lines.length = 0;
      const { res, text } = await download(province, `/api/review/gaps.csv?areaId=${P}`);
      const rows = parse(text).length - 1;
      const requestId = res.headers.get('x-request-id');
      // The request's line went out with the status; the file's when it ended, with its counts.
      await expect.poll(() => sink.lines.filter((l) => l.requestId === requestId).length).toBe(2);
      const lines = sink.lines.filter((l) => l.requestId === requestId);
      expect(lines[0]).toMatchObject({ route: '/api/review/gaps.csv', status: 200, userId: province.userId });
      expect(lines[1]).toMatchObject({
        route: '/api/review/gaps.csv',
        file: 'ho-con-thieu',
        villages: 4,
        rows,
        end: 'done',
      });
      const logged = JSON.stringify(sink.lines);
      for (const name of headNames) expect(logged).not.toContain(name);
      const metrics = await fetch(`${t.url}/api/metrics`, {
        headers: { authorization: `Bearer ${METRICS}` },
      });
      expect(await metrics.text()).toMatch(
        /so06_http_requests_total\{[^}]*route="\/api\/review\/gaps\.csv"[^}]*status_class="2xx"[^}]*\} [1-9]/,
      );
    });

    it('[E6] a client that goes away mid-file ends the stream quietly: the server answers on', async () => {
      sink.lines.length = 0;
      const controller = new AbortController();
      const res = await fetch(`${t.url}/api/review/persons.csv?areaId=${P}`, {
        headers: { authorization: `Bearer ${province.token}` },
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      await reader.read();
      controller.abort();
      await reader.cancel().catch(() => undefined);
      expect((await province.get(`/api/review/gaps?areaId=${C}&limit=1`)).status).toBe(200);
      await expect
        .poll(() => sink.lines.find((l) => l.msg === 'csv export ended')?.end, { timeout: 5000 })
        .toMatch(/^(done|cancelled)$/);
      expect(sink.lines.some((l) => l.level === 50)).toBe(false);
    });
  });
});
