// SYNC-API.md "Accounts and areas": provisioning by the admin (areas, users), and which areas each
// role sees. Never a password or its hash in any answer.
import { describe, expect, it } from 'vitest';
import {
  AREAS,
  AREA_NAMES,
  Api,
  BACKENDS,
  PASSWORD,
  USERS,
  deepKeys,
  expectError,
  useServer,
  type Area,
  type User,
} from '../support/server.ts';

const SECRET_KEY = /password|hash|salt/i;

describe.each(BACKENDS)('provisioning on %s', (backend) => {
  const t = useServer(backend, { users: ['vol1', 'vol12', 'police'] });

  const areaIds = async (api: Api) => {
    const res = await api.get<{ areas: Area[] }>('/api/areas');
    expect(res.status).toBe(200);
    return res.body.areas.map((a) => a.id).sort();
  };

  describe('[A17] POST /api/admin/areas', () => {
    it('[A17] creates a commune and a village under it: 201 {"area"}', async () => {
      const c = await t.world.admin.post<{ area: Area }>('/api/admin/areas', {
        id: 'phuong-moi',
        kind: 'commune',
        name: 'Phường Mới',
      });
      expect(c.status, c.text).toBe(201);
      expect(c.body.area).toMatchObject({ id: 'phuong-moi', kind: 'commune', name: 'Phường Mới' });
      expect(c.body.area.parentId ?? null).toBeNull();
      const v = await t.world.admin.post<{ area: Area }>('/api/admin/areas', {
        id: 'to-dan-pho-3',
        kind: 'village',
        name: 'Tổ dân phố 3',
        parentId: 'phuong-moi',
      });
      expect(v.status, v.text).toBe(201);
      expect(v.body.area).toEqual({
        id: 'to-dan-pho-3',
        kind: 'village',
        name: 'Tổ dân phố 3',
        parentId: 'phuong-moi',
      });
      expect(await areaIds(t.world.admin)).toEqual(expect.arrayContaining(['phuong-moi', 'to-dan-pho-3']));
    });

    it('[A2] gives an id of [a-z0-9-]{1,64} when none is sent', async () => {
      const res = await t.world.admin.post<{ area: Area }>('/api/admin/areas', {
        kind: 'village',
        name: 'Ấp Phú Lợi',
        parentId: AREAS.communeB,
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body.area.id).toMatch(/^[a-z0-9-]{1,64}$/);
      expect(await areaIds(t.world.admin)).toContain(res.body.area.id);
    });

    it('[A1] a village needs an existing commune as parent', async () => {
      const before = await areaIds(t.world.admin);
      const none = await t.world.admin.post('/api/admin/areas', {
        id: 'thon-mo-coi',
        kind: 'village',
        name: 'X',
      });
      expectError(none, 400, 'invalid_request');
      const villageParent = await t.world.admin.post('/api/admin/areas', {
        id: 'thon-con',
        kind: 'village',
        name: 'X',
        parentId: AREAS.village1,
      });
      expectError(villageParent, 400, 'invalid_request');
      const unknown = await t.world.admin.post('/api/admin/areas', {
        id: 'thon-lac',
        kind: 'village',
        name: 'X',
        parentId: 'xa-khong-co',
      });
      expect([400, 404], unknown.text).toContain(unknown.status);
      expectError(unknown, unknown.status, unknown.status === 400 ? 'invalid_request' : 'not_found');
      expect(await areaIds(t.world.admin)).toEqual(before);
    });

    it('[A17] 409 already_exists: an area id that is taken', async () => {
      const res = await t.world.admin.post('/api/admin/areas', {
        id: AREAS.village1,
        kind: 'village',
        name: 'Trùng',
        parentId: AREAS.communeA,
      });
      expectError(res, 409, 'already_exists');
      const areas = await t.world.admin.get<{ areas: Area[] }>('/api/areas');
      expect(areas.body.areas.find((a) => a.id === AREAS.village1)?.name).toBe(AREA_NAMES[AREAS.village1]);
    });

    it('[A17] refuses ids outside [a-z0-9-]{1,64} and unknown kinds, naming the field', async () => {
      for (const [body, field] of [
        [{ id: 'Thôn 1', kind: 'village', name: 'X', parentId: AREAS.communeA }, 'id'],
        [{ id: 'a'.repeat(65), kind: 'commune', name: 'X' }, 'id'],
        [{ id: 'huyen-x', kind: 'district', name: 'X' }, 'kind'],
        [{ id: 'xa-khong-ten', kind: 'commune' }, 'name'],
      ] as const) {
        const res = await t.world.admin.post('/api/admin/areas', body);
        expectError(res, 400, 'invalid_request');
        expect(res.text).toContain(field);
      }
    });
  });

  describe('[A18] POST /api/admin/users', () => {
    it('[A18] creates a user: 201 {"user"} without the password or its hash; the user can log in', async () => {
      const password = 'mot-mat-khau-rat-rieng';
      const res = await t.world.admin.post<{ user: User }>('/api/admin/users', {
        name: 'Đinh Thị Hoa',
        phone: '0977000001',
        password,
        role: 'volunteer',
        areaIds: [AREAS.village2],
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body.user).toMatchObject({
        name: 'Đinh Thị Hoa',
        phone: '0977000001',
        role: 'volunteer',
        areaIds: [AREAS.village2],
      });
      expect(typeof res.body.user.id).toBe('string');
      expect(res.text).not.toContain(password);
      expect(deepKeys(res.body).filter((k) => SECRET_KEY.test(k))).toEqual([]);
      const api = await new Api(t.url).login('0977000001', password);
      expect(api.user).toEqual(res.body.user);
    });

    it('[A18] 409 already_exists: a taken phone; the existing user is unchanged', async () => {
      const res = await t.world.admin.post('/api/admin/users', {
        name: 'Người Khác',
        phone: USERS.vol1.phone,
        password: 'another-password',
        role: 'admin',
        areaIds: [],
      });
      expectError(res, 409, 'already_exists');
      expect((await new Api(t.url).login(USERS.vol1.phone, PASSWORD)).user).toMatchObject({
        role: 'volunteer',
      });
    });

    it('[A18] refuses a bad phone, a short password or an unknown role, naming the field', async () => {
      const ok = {
        name: 'A',
        phone: '0977000009',
        password: 'eight-ch',
        role: 'police',
        areaIds: [AREAS.communeA],
      };
      for (const [patch, field] of [
        [{ phone: '977000009' }, 'phone'],
        [{ phone: '09770000091' }, 'phone'],
        [{ password: 'seven-c' }, 'password'],
        [{ role: 'superuser' }, 'role'],
        [{ name: undefined }, 'name'],
      ] as const) {
        const res = await t.world.admin.post('/api/admin/users', { ...ok, ...patch });
        expectError(res, 400, 'invalid_request');
        expect(res.text).toContain(field);
      }
      const users = await t.world.admin.get<{ users: User[] }>('/api/admin/users');
      expect(users.body.users.map((u) => u.phone)).not.toContain('0977000009');
      // An 8-character password is long enough.
      expect((await t.world.admin.post('/api/admin/users', ok)).status).toBe(201);
    });

    it("[A4] a user's areas must exist and fit the role: volunteers villages, police communes", async () => {
      const base = { name: 'Sai Vùng', password: PASSWORD };
      for (const [phone, role, areaIds] of [
        ['0977000011', 'volunteer', ['thon-khong-co']],
        ['0977000012', 'volunteer', [AREAS.communeA]],
        ['0977000013', 'police', [AREAS.village1]],
      ] as const) {
        const res = await t.world.admin.post('/api/admin/users', { ...base, phone, role, areaIds });
        expectError(res, 400, 'invalid_request');
        expect(res.text).toContain('areaIds');
      }
      const users = await t.world.admin.get<{ users: User[] }>('/api/admin/users');
      expect(users.body.users.map((u) => u.phone).filter((p) => p.startsWith('097700001'))).toEqual([]);
    });

    it('[A19] GET /api/admin/users lists every user, never a password or hash', async () => {
      const res = await t.world.admin.get<{ users: User[] }>('/api/admin/users');
      expect(res.status).toBe(200);
      const phones = res.body.users.map((u) => u.phone);
      expect(phones).toEqual(
        expect.arrayContaining(['0900000000', USERS.vol1.phone, USERS.vol12.phone, USERS.police.phone]),
      );
      const vol12 = res.body.users.find((u) => u.phone === USERS.vol12.phone)!;
      expect(vol12).toMatchObject({ name: USERS.vol12.name, role: 'volunteer' });
      expect([...vol12.areaIds].sort()).toEqual([AREAS.village1, AREAS.village2].sort());
      expect(res.text).not.toContain(PASSWORD);
      expect(deepKeys(res.body).filter((k) => SECRET_KEY.test(k))).toEqual([]);
    });
  });

  describe('[A16] GET /api/areas: the areas the caller may see', () => {
    it('[A16] an admin sees every area, with kind, name and parent', async () => {
      const res = await t.world.admin.get<{ areas: Area[] }>('/api/areas');
      expect(res.status).toBe(200);
      const byId = new Map(res.body.areas.map((a) => [a.id, a]));
      expect(byId.get(AREAS.village1)).toEqual({
        id: AREAS.village1,
        kind: 'village',
        name: AREA_NAMES[AREAS.village1],
        parentId: AREAS.communeA,
      });
      expect(byId.get(AREAS.communeB)).toMatchObject({ kind: 'commune', name: AREA_NAMES[AREAS.communeB] });
      for (const id of Object.values(AREAS)) expect(byId.has(id), id).toBe(true);
    });

    it('[A16] a volunteer sees their villages and no other village', async () => {
      const ids = await areaIds(t.world.vol1);
      expect(ids).toContain(AREAS.village1);
      for (const id of [AREAS.village2, AREAS.villageEmpty, AREAS.village3, AREAS.communeB]) {
        expect(ids).not.toContain(id);
      }
      const ids12 = await areaIds(t.world.vol12);
      expect(ids12).toEqual(expect.arrayContaining([AREAS.village1, AREAS.village2]));
      expect(ids12).not.toContain(AREAS.village3);
    });

    it('[A16] police see their commune and its villages, not another commune', async () => {
      const ids = await areaIds(t.world.police);
      expect(ids).toEqual(
        expect.arrayContaining([AREAS.communeA, AREAS.village1, AREAS.village2, AREAS.villageEmpty]),
      );
      expect(ids).not.toContain(AREAS.communeB);
      expect(ids).not.toContain(AREAS.village3);
    });
  });
});
