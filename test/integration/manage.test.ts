// SYNC-API.md "Managing a commune": villages, volunteers and the trail of it, by admins and by the
// commune police of their own communes; never across communes, never by volunteers.
import { describe, expect, it } from 'vitest';
import type { Api } from '../support/server.ts';
import {
  AREAS,
  BACKENDS,
  PASSWORD,
  deepKeys,
  expectError,
  startTestServer,
  loginAdmin,
  provision,
  useServer,
} from '../support/server.ts';

interface Village {
  id: string;
  name: string;
  parentId: string;
  archived: boolean;
}
interface Volunteer {
  id: string;
  name: string;
  phone: string;
  areaIds: string[];
  active: boolean;
}
interface AuditEntry {
  id: number;
  action: string;
  actorId: string;
  targetUserId: string | null;
  targetAreaId: string | null;
  details: Record<string, unknown>;
}

const patch = <T>(api: Api, path: string, json: unknown) => api.request<T>('PATCH', path, { json });
let phoneSeq = 0;
const newPhone = () => `0988${String(100000 + phoneSeq++).slice(-6)}`;

describe.each(BACKENDS)('managing a commune on %s', (backend) => {
  const t = useServer(backend, { users: ['vol1', 'vol3', 'police', 'policeB'] });

  const createVolunteer = async (api: Api, villageIds: string[], extra: Record<string, unknown> = {}) => {
    const res = await api.post<{ volunteer: Volunteer }>('/api/manage/volunteers', {
      name: 'Đinh Thị Hoa',
      phone: newPhone(),
      villageIds,
      password: PASSWORD,
      ...extra,
    });
    expect(res.status, res.text).toBe(201);
    return res.body.volunteer;
  };
  const audit = async (api: Api, query = '') => {
    const res = await api.get<{ entries: AuditEntry[]; next: number | null }>(`/api/manage/audit${query}`);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };

  it('[M1] [M4] the police manage their own commune; the admin every commune; volunteers nothing', async () => {
    const police = await t.world.police.get<{ communes: { id: string }[]; villages: Village[] }>(
      '/api/manage/scope',
    );
    expect(police.status, police.text).toBe(200);
    expect(police.body.communes.map((c) => c.id)).toEqual([AREAS.communeA]);
    expect(police.body.villages.map((v) => v.id).sort()).toEqual(
      [AREAS.village1, AREAS.village2, AREAS.villageEmpty].sort(),
    );
    const admin = await t.world.admin.get<{ communes: { id: string }[] }>('/api/manage/scope');
    expect(admin.body.communes.map((c) => c.id).sort()).toEqual([AREAS.communeA, AREAS.communeB].sort());
    for (const path of ['/api/manage/scope', '/api/manage/volunteers', '/api/manage/audit'])
      expectError(await t.world.vol1.get(path), 403, 'forbidden');
    expectError(
      await t.world.vol1.post('/api/manage/villages', { communeId: AREAS.communeA, name: 'Thôn Lạ' }),
      403,
      'forbidden',
    );
    expectError(await t.world.anon.get('/api/manage/scope'), 401, 'unauthenticated');
  });

  it('[M5] [M6] [M12] the police create and rename a village of their commune; the trail says who', async () => {
    const created = await t.world.police.post<{ village: Village }>('/api/manage/villages', {
      communeId: AREAS.communeA,
      name: '  Thôn\u200b Nam  ',
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.village).toMatchObject({
      name: 'Thôn Nam',
      parentId: AREAS.communeA,
      archived: false,
    });
    const id = created.body.village.id;
    const renamed = await patch<{ village: Village }>(t.world.police, `/api/manage/villages/${id}`, {
      name: 'Thôn Nam Sơn',
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.village.name).toBe('Thôn Nam Sơn');
    const areas = await t.world.police.get<{ areas: { id: string; name: string }[] }>('/api/areas');
    expect(areas.body.areas.find((a) => a.id === id)?.name).toBe('Thôn Nam Sơn');
    const { entries } = await audit(t.world.police);
    const mine = entries.filter((e) => e.targetAreaId === id);
    expect(mine.map((e) => e.action)).toEqual(['village.rename', 'village.create']);
    expect(mine[0]).toMatchObject({
      actorId: t.world.police.userId,
      details: { old: 'Thôn Nam', new: 'Thôn Nam Sơn' },
    });
  });

  it('[M3] [E7] another commune: not found or forbidden, and nothing changes', async () => {
    expectError(
      await t.world.police.post('/api/manage/villages', { communeId: AREAS.communeB, name: 'Thôn Lạ' }),
      403,
      'forbidden',
    );
    expectError(
      await patch(t.world.police, `/api/manage/villages/${AREAS.village3}`, { name: 'Đổi tên' }),
      404,
      'not_found',
    );
    expectError(
      await patch(t.world.police, `/api/manage/volunteers/${t.world.vol3.userId}`, { active: false }),
      404,
      'not_found',
    );
    expectError(
      await t.world.police.post(`/api/manage/volunteers/${t.world.vol3.userId}/password`, {
        password: 'x'.repeat(9),
      }),
      404,
      'not_found',
    );
    expectError(
      await t.world.police.post('/api/manage/volunteers', {
        name: 'Ai Đó',
        phone: newPhone(),
        villageIds: [AREAS.village3],
      }),
      400,
      'invalid_request',
    );
    expectError(await t.world.police.get(`/api/manage/audit?communeId=${AREAS.communeB}`), 403, 'forbidden');
    // vol3 still signs in with the old password; Thôn Bắc keeps its name.
    await t.world.anon.login(t.world.vol3.user!.phone, PASSWORD);
    const areas = await t.world.admin.get<{ areas: { id: string; name: string }[] }>('/api/areas');
    expect(areas.body.areas.find((a) => a.id === AREAS.village3)?.name).toBe('Thôn Bắc');
    expect(
      (await t.world.policeB.get<{ volunteers: Volunteer[] }>('/api/manage/volunteers')).body.volunteers.map(
        (v) => v.id,
      ),
    ).toEqual([t.world.vol3.userId]);
  });

  it('[M8] [M9] a volunteer created by the police signs in and pulls their village; the list shows them', async () => {
    const phone = newPhone();
    const v = await createVolunteer(t.world.police, [AREAS.village1], { phone, name: 'Bùi Văn Tài' });
    expect(v).toMatchObject({ role: 'volunteer', areaIds: [AREAS.village1], active: true });
    expect(deepKeys(v).some((k) => /password|hash/i.test(k))).toBe(false);
    const phoneApi = await t.world.anon.login(phone, PASSWORD);
    expect(phoneApi.user!.areaIds).toEqual([AREAS.village1]);
    const list = await t.world.police.get<{ volunteers: Volunteer[] }>('/api/manage/volunteers');
    expect(list.body.volunteers.map((x) => x.phone)).toContain(phone);
    expect(list.body.volunteers.map((x) => x.id)).not.toContain(t.world.vol3.userId);
    expectError(
      await t.world.police.post('/api/manage/volunteers', {
        name: 'Trùng Số',
        phone,
        villageIds: [AREAS.village1],
      }),
      409,
      'already_exists',
    );
    // Villages of one commune only, at least one.
    for (const villageIds of [[], [AREAS.village1, AREAS.village3]])
      expectError(
        await t.world.admin.post('/api/manage/volunteers', { name: 'X Y', phone: newPhone(), villageIds }),
        400,
        'invalid_request',
      );
  });

  it('[M10] reassigning a volunteer moves what they may pull and push', async () => {
    const phone = newPhone();
    const v = await createVolunteer(t.world.police, [AREAS.village1], { phone });
    const res = await patch<{ volunteer: Volunteer }>(t.world.police, `/api/manage/volunteers/${v.id}`, {
      villageIds: [AREAS.village2],
      name: 'Đinh Thị Hoa Mai',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.volunteer).toMatchObject({ areaIds: [AREAS.village2], name: 'Đinh Thị Hoa Mai' });
    const me = await (await t.world.anon.login(phone, PASSWORD)).get<{ user: Volunteer }>('/api/me');
    expect(me.body.user.areaIds).toEqual([AREAS.village2]);
    const { entries } = await audit(t.world.police);
    expect(entries.find((e) => e.targetUserId === v.id && e.action === 'volunteer.update')?.details).toEqual({
      name: 'Đinh Thị Hoa Mai',
      villageIds: [AREAS.village2],
    });
  });

  it('[M11] a new password works at once and the volunteer stays signed in on their phone; never in the trail', async () => {
    const phone = newPhone();
    const v = await createVolunteer(t.world.police, [AREAS.village1], { phone });
    const phoneApi = await t.world.anon.login(phone, PASSWORD);
    const reset = await t.world.police.post(`/api/manage/volunteers/${v.id}/password`, {
      password: 'mat-khau-moi-1',
    });
    expect(reset.status, reset.text).toBe(204);
    await t.world.anon.login(phone, 'mat-khau-moi-1');
    expectError(
      await t.world.anon.post('/api/auth/login', {
        phone,
        password: PASSWORD,
        deviceId: crypto.randomUUID(),
      }),
      401,
      'invalid_credentials',
    );
    expect((await phoneApi.get('/api/me')).status).toBe(200);
    const { entries } = await audit(t.world.police);
    expect(JSON.stringify(entries)).not.toContain('mat-khau-moi-1');
    expect(JSON.stringify(entries)).not.toContain(PASSWORD);
  });

  it('[M11] a deactivated volunteer cannot sign in (the wrong-password answer) until brought back', async () => {
    const phone = newPhone();
    const v = await createVolunteer(t.world.police, [AREAS.village2], { phone });
    const off = await patch<{ volunteer: Volunteer }>(t.world.police, `/api/manage/volunteers/${v.id}`, {
      active: false,
    });
    expect(off.body.volunteer.active).toBe(false);
    const refused = await t.world.anon.post('/api/auth/login', {
      phone,
      password: PASSWORD,
      deviceId: crypto.randomUUID(),
    });
    expectError(refused, 401, 'invalid_credentials');
    const wrong = await t.world.anon.post('/api/auth/login', {
      phone,
      password: 'sai-mat-khau',
      deviceId: crypto.randomUUID(),
    });
    expect(refused.body).toEqual(wrong.body);
    await patch(t.world.police, `/api/manage/volunteers/${v.id}`, { active: true });
    await t.world.anon.login(phone, PASSWORD);
  });

  it("[M26] [A16] an admin sets a commune's lock time; its phones read it; the police cannot; bad values change nothing", async () => {
    const put = (api: Api, commune: string, json: unknown) =>
      api.request('PUT', `/api/manage/communes/${commune}/lock`, { json });
    const lockOf = async (api: Api) => {
      const res = await api.get<{ areas: { id: string; kind: string; lockMinutes?: number }[] }>(
        '/api/areas',
      );
      expect(res.status, res.text).toBe(200);
      return res.body.areas.find((a) => a.id === AREAS.communeA)!.lockMinutes;
    };
    expect(await lockOf(t.world.vol1)).toBeUndefined(); // the default: phones use 5 minutes
    const set = await put(t.world.admin, AREAS.communeA, { lockMinutes: 2 });
    expect(set.status, set.text).toBe(200);
    expect(set.body).toEqual({ commune: { id: AREAS.communeA, lockMinutes: 2 } });
    expect(await lockOf(t.world.vol1)).toBe(2);
    expect(await lockOf(t.world.police)).toBe(2);
    const scope = await t.world.police.get<{ communes: { id: string; lockMinutes?: number }[] }>(
      '/api/manage/scope',
    );
    expect(scope.body.communes).toEqual([expect.objectContaining({ id: AREAS.communeA, lockMinutes: 2 })]);
    // The commune's own police manage its villages, not how long its phones stay open.
    expectError(await put(t.world.police, AREAS.communeA, { lockMinutes: 30 }), 403, 'forbidden');
    expectError(await put(t.world.vol1, AREAS.communeA, { lockMinutes: 30 }), 403, 'forbidden');
    for (const bad of [0, 31, 2.5, '5', -1, undefined])
      expectError(await put(t.world.admin, AREAS.communeA, { lockMinutes: bad }), 400, 'invalid_request');
    expectError(await put(t.world.admin, AREAS.village1, { lockMinutes: 5 }), 404, 'not_found');
    expectError(await put(t.world.admin, 'xa-khong-co', { lockMinutes: 5 }), 404, 'not_found');
    expect(await lockOf(t.world.vol1)).toBe(2);
    // null: back to the default, and the answer says nothing again.
    expect((await put(t.world.admin, AREAS.communeA, { lockMinutes: null })).status).toBe(200);
    expect(await lockOf(t.world.vol1)).toBeUndefined();
    const trail = (await audit(t.world.admin, `?communeId=${AREAS.communeA}`)).entries.filter(
      (e) => e.action === 'commune.lock',
    );
    expect(trail.map((e) => e.details)).toEqual([
      { old: 2, new: null },
      { old: null, new: 2 },
    ]);
  });

  it('[M7] a village with active volunteers is not archived; an archived one takes no volunteer', async () => {
    const village = (
      await t.world.police.post<{ village: Village }>('/api/manage/villages', {
        communeId: AREAS.communeA,
        name: 'Thôn Cũ',
      })
    ).body.village;
    const v = await createVolunteer(t.world.police, [village.id]);
    expectError(
      await patch(t.world.police, `/api/manage/villages/${village.id}`, { archived: true }),
      400,
      'invalid_request',
    );
    await patch(t.world.police, `/api/manage/volunteers/${v.id}`, { villageIds: [AREAS.village1] });
    const archived = await patch<{ village: Village }>(t.world.police, `/api/manage/villages/${village.id}`, {
      archived: true,
    });
    expect(archived.status, archived.text).toBe(200);
    expect(archived.body.village.archived).toBe(true);
    expectError(
      await t.world.police.post('/api/manage/volunteers', {
        name: 'A B',
        phone: newPhone(),
        villageIds: [village.id],
      }),
      400,
      'invalid_request',
    );
    const scope = await t.world.police.get<{ villages: Village[] }>('/api/manage/scope');
    expect(scope.body.villages.find((x) => x.id === village.id)?.archived).toBe(true);
  });

  it('[M12] the trail pages newest first', async () => {
    const first = await audit(t.world.admin, `?communeId=${AREAS.communeA}&limit=2`);
    expect(first.entries).toHaveLength(2);
    expect(first.next).toBe(first.entries[1]!.id);
    const second = await audit(t.world.admin, `?communeId=${AREAS.communeA}&limit=2&before=${first.next}`);
    expect(second.entries[0]!.id).toBeLessThan(first.entries[1]!.id);
    expectError(await t.world.admin.get('/api/manage/audit?limit=0'), 400, 'invalid_request');
  });
});

describe.each(BACKENDS)('[M2] POLICE_MANAGE=0 on %s', (backend) => {
  it('[M2] the police manage nothing; the admin still does', async () => {
    const server = await startTestServer(backend, { policeManage: false });
    try {
      const world = await provision(server.url, ['police']);
      expectError(await world.police.get('/api/manage/scope'), 403, 'forbidden');
      expect((await (await loginAdmin(server.url)).get('/api/manage/scope')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
