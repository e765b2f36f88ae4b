// A province above communes (issue 18, SYNC-API.md [A1], [A4], [A16], [T8], [RV13]): provisioning,
// the province police's scope (read every commune of their province, direct none), tallies one row per
// commune, the working groups' activity per commune, and everyone else kept out.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { activityAnswerSchema, talliesAnswerSchema, type TalliesAnswer } from '../../src/domain/review.ts';
import {
  AREAS,
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
  useServer,
  type Api,
} from '../support/server.ts';

const P = 'tinh-thu';
const Q = 'tinh-khac';
const C = 'xa-cam-lo';
const D = 'xa-dong-ha';
const C1 = 'thon-c1';
const C2 = 'thon-c2';
const D1 = 'thon-d1';
const NOW = Date.parse('2026-11-25T03:00:00.000Z');

describe.each(BACKENDS)('provinces on %s', (backend) => {
  const clock = new TestClock(NOW);
  const t = useServer(backend, { clock });
  let province: Api;
  let otherProvince: Api;
  let volC1: Api;
  let volD1: Api;

  beforeAll(async () => {
    const { admin } = t.world;
    await createArea(admin, { id: P, kind: 'province', name: 'Tỉnh Thử' });
    await createArea(admin, { id: Q, kind: 'province', name: 'Tỉnh Khác' });
    // By name, Phường Đông Hà (D) comes before Xã Cam Lộ (C).
    await createArea(admin, { id: C, kind: 'commune', name: 'Xã Cam Lộ', parentId: P });
    await createArea(admin, { id: D, kind: 'commune', name: 'Phường Đông Hà', parentId: P });
    await createArea(admin, { id: C1, kind: 'village', name: 'Thôn Một', parentId: C });
    await createArea(admin, { id: C2, kind: 'village', name: 'Thôn Hai', parentId: C });
    await createArea(admin, { id: D1, kind: 'village', name: 'Khu phố Ba', parentId: D });
    const people = [
      { name: 'Thượng tá Lê Văn Tỉnh', phone: '0911000010', role: 'police', areaIds: [P] },
      { name: 'Thiếu tá Ngô Thị Khác', phone: '0911000011', role: 'police', areaIds: [Q] },
      { name: 'Hồ Thị Một', phone: '0911000012', role: 'volunteer', areaIds: [C1] },
      { name: 'Đặng Văn Ba', phone: '0911000013', role: 'volunteer', areaIds: [D1] },
    ];
    for (const p of people) await createUser(admin, p);
    const login = (phone: string) => t.world.anon.login(phone, PASSWORD);
    province = await login(people[0]!.phone);
    otherProvince = await login(people[1]!.phone);
    volC1 = await login(people[2]!.phone);
    volD1 = await login(people[3]!.phone);

    // Thôn Một: two households, three persons (one under 14), a met visit, an open task.
    const h1 = newHousehold(C1);
    const h2 = newHousehold(C1);
    const results = await volC1.push([
      h1,
      h2,
      newPerson(h1.entityId, { birthDate: '1980-03-03', cccdStatus: 'issued', vneidStatus: 'level2_active' }),
      newPerson(h1.entityId, { birthDate: '2015-01-01', cccdStatus: 'none', vneidStatus: 'none' }),
      newPerson(h2.entityId, { birthDate: '1990-05-05', cccdStatus: 'applied', vneidStatus: 'level1' }),
      newVisit(h1.entityId, { visitedOn: '2026-11-20', outcome: 'met' }),
      newTask(h2.entityId),
    ]);
    expect(results.every((r) => r.status === 'applied')).toBe(true);
    // Khu phố Ba's volunteer signed in but never synced: a quiet village.
  }, 120_000);

  const tallies = async (api: Api, areaId: string): Promise<TalliesAnswer> => {
    const res = await api.get(`/api/tallies?areaId=${areaId}`);
    expect(res.status, res.text).toBe(200);
    return talliesAnswerSchema.parse(res.body);
  };

  it('[A1] a province has no parent; a commune may have a province above it; a village needs a commune', async () => {
    const { admin } = t.world;
    for (const [body, field] of [
      [{ id: 'tinh-con', kind: 'province', name: 'X', parentId: P }, 'parentId'],
      [{ id: 'xa-duoi-thon', kind: 'commune', name: 'X', parentId: C1 }, 'parentId'],
      [{ id: 'thon-duoi-tinh', kind: 'village', name: 'X', parentId: P }, 'parentId'],
    ] as const) {
      const res = await admin.post('/api/admin/areas', body);
      expectError(res, 400, 'invalid_request');
      expect(res.text).toContain(field);
    }
    // A commune without a province stays as before (the communes of the other tests).
    const areas = (
      await admin.get<{ areas: { id: string; kind: string; parentId: string | null }[] }>('/api/areas')
    ).body.areas;
    expect(areas.find((a) => a.id === AREAS.communeA)).toMatchObject({ kind: 'commune', parentId: null });
    expect(areas.find((a) => a.id === C)).toMatchObject({ kind: 'commune', parentId: P });
    // Provinces first, then communes, then villages.
    const kinds = areas.map((a) => a.kind);
    expect(kinds.lastIndexOf('province')).toBeLessThan(kinds.indexOf('commune'));
  });

  it('[A4] police may be given provinces, volunteers never', async () => {
    const { admin } = t.world;
    const res = await admin.post('/api/admin/users', {
      name: 'Phan Văn Sai',
      phone: '0911000019',
      password: PASSWORD,
      role: 'volunteer',
      areaIds: [P],
    });
    expectError(res, 400, 'invalid_request');
    expect(res.text).toContain('areaIds');
  });

  it('[A16] a province officer sees the province, its communes and their villages; a volunteer never a province', async () => {
    const seen = (await province.get<{ areas: { id: string }[] }>('/api/areas')).body.areas.map((a) => a.id);
    expect(seen.slice(0, 3)).toEqual([P, D, C]);
    expect(new Set(seen)).toEqual(new Set([P, C, D, C1, C2, D1]));
    const vol = (await volC1.get<{ areas: { id: string; kind: string }[] }>('/api/areas')).body.areas;
    expect(vol.map((a) => a.id).sort()).toEqual([C1, C].sort());
    const other = (await otherProvince.get<{ areas: { id: string }[] }>('/api/areas')).body.areas;
    expect(other.map((a) => a.id)).toEqual([Q]);
  });

  it('[T8] the tallies of a province: one row per commune, each the sum of its villages, the province as total', async () => {
    const answer = await tallies(province, P);
    expect(answer.rows.map((r) => [r.areaId, r.areaName])).toEqual([
      [D, 'Phường Đông Hà'],
      [C, 'Xã Cam Lộ'],
    ]);
    for (const row of answer.rows) {
      const commune = await tallies(province, row.areaId);
      expect(row).toEqual({ ...commune.total, areaId: row.areaId, areaName: row.areaName });
    }
    expect(answer.rows[1]).toMatchObject({
      households: 2,
      householdsVisited: 1,
      persons: 3,
      persons14plus: 2,
      cccdIssued14plus: 1,
      vneidLevel2Active14plus: 1,
      openTasks: 1,
    });
    expect(answer.rows[0]).toMatchObject({ households: 0, persons: 0 });
    expect(answer.total).toEqual({ ...answer.rows[1], areaId: P, areaName: 'Tỉnh Thử' });
    // A commune's officer, another province's, and a volunteer: not theirs.
    expectError(await t.world.police.get(`/api/tallies?areaId=${P}`), 403, 'forbidden');
    expectError(await otherProvince.get(`/api/tallies?areaId=${P}`), 403, 'forbidden');
    expectError(await otherProvince.get(`/api/tallies?areaId=${C1}`), 403, 'forbidden');
    expectError(await volC1.get(`/api/tallies?areaId=${P}`), 403, 'forbidden');
    // The province officer reads a commune's and a village's tallies as the commune police do.
    expect((await tallies(province, C1)).total.persons).toBe(3);
  });

  it('[PL6] a province officer pulls the records of every village of the province, and writes none', async () => {
    const { changes } = await province.pullAll();
    expect(changes.length).toBe(7);
    const res = await province.post('/api/sync/push', {
      deviceId: province.deviceId,
      mutations: [newHousehold(C1)],
    });
    expectError(res, 403, 'forbidden');
    const other = await otherProvince.pullAll();
    expect(other.changes).toEqual([]);
  });

  it('[RV13] activity: per commune of a province its villages, the quiet ones and its phones; per village of a commune', async () => {
    const res = await province.get(`/api/review/activity?areaId=${P}`);
    expect(res.status, res.text).toBe(200);
    const answer = activityAnswerSchema.parse(res.body);
    expect(answer.rows.map((r) => r.areaId)).toEqual([D, C]);
    const [d, c] = answer.rows;
    // Thôn Một's volunteer pushed now; Thôn Hai has nobody; Khu phố Ba's phone never synced.
    expect(c).toEqual({
      areaId: C,
      areaName: 'Xã Cam Lộ',
      villages: 2,
      quietVillages: 1,
      phones: 1,
      lastSyncAt: new Date(NOW).toISOString(),
    });
    expect(d).toEqual({
      areaId: D,
      areaName: 'Phường Đông Hà',
      villages: 1,
      quietVillages: 1,
      phones: 1,
      lastSyncAt: null,
    });
    expect(answer.total).toMatchObject({ areaId: P, villages: 3, quietVillages: 2, phones: 2 });
    // Three days and a minute later, Thôn Một is quiet too.
    clock.advance(3 * 86_400_000 + 60_000);
    const later = activityAnswerSchema.parse((await province.get(`/api/review/activity?areaId=${P}`)).body);
    expect(later.rows[1]?.quietVillages).toBe(2);
    clock.set(NOW);
    const commune = activityAnswerSchema.parse((await province.get(`/api/review/activity?areaId=${C}`)).body);
    expect(commune.rows.map((r) => [r.areaId, r.quietVillages, r.phones])).toEqual([
      [C2, 1, 0],
      [C1, 0, 1],
    ]);
    expect(JSON.stringify(answer)).not.toContain('Đặng Văn Ba');
    expectError(await volD1.get(`/api/review/activity?areaId=${D}`), 403, 'forbidden');
    expectError(await province.get(`/api/review/activity?areaId=${C1}`), 400, 'invalid_request');
    expectError(await otherProvince.get(`/api/review/activity?areaId=${P}`), 403, 'forbidden');
  });

  it('[A4] a province officer reads a commune’s campaigns and trends but launches none and sets no target', async () => {
    const body = {
      id: randomUUID(),
      communeId: C,
      name: 'Rà soát cấp CCCD tuổi 14',
      villageIds: [C1],
      startsOn: '2026-11-25',
      dueOn: '2026-12-15',
      rule: { kind: 'card_at_14' },
    };
    expectError(await province.post('/api/campaigns', body), 403, 'forbidden');
    const made = await t.world.admin.post('/api/campaigns', body);
    expect(made.status, made.text).toBe(201);
    const list = await province.get<{ campaigns: { id: string }[] }>(`/api/campaigns?areaId=${C}`);
    expect(list.status, list.text).toBe(200);
    expect(list.body.campaigns.map((x) => x.id)).toEqual([body.id]);
    expect((await province.get(`/api/campaigns/${body.id}/progress`)).status).toBe(200);
    expectError(await province.post(`/api/campaigns/${body.id}/close`), 404, 'not_found');
    const target = await province.request('PUT', '/api/targets', {
      json: { areaId: C, measure: 'cccd14', percent: 90 },
    });
    expectError(target, 403, 'forbidden');
    expect((await province.get(`/api/trends?areaId=${C}&period=day`)).status).toBe(200);
    // The lists of a whole province are not served in one answer.
    expectError(await province.get(`/api/review/gaps?areaId=${P}`), 400, 'invalid_request');
    expect((await province.get(`/api/review/gaps?areaId=${C}`)).status).toBe(200);
    // Another province's officer sees none of it.
    expectError(await otherProvince.get(`/api/campaigns/${body.id}/progress`), 404, 'not_found');
  });
});
