// SYNC-API.md "Running the server" (health) and "Errors": each status and code of the table, in the
// contract's error shape, over real HTTP.
import { describe, expect, it } from 'vitest';
import type { Mutation } from '../../src/domain/sync-protocol.ts';
import {
  AREAS,
  BACKENDS,
  MIB,
  PASSWORD,
  USERS,
  expectError,
  newHousehold,
  request,
  upsert,
  useServer,
  uuid,
} from '../support/server.ts';

describe.each(BACKENDS)('errors and health on %s', (backend) => {
  const t = useServer(backend, { users: ['vol1', 'police'] });

  describe('[S2] GET /api/health', () => {
    it('[S2] answers 200 {"ok": true, "db": <backend>} without a token', async () => {
      const res = await request<{ ok: boolean; db: string }>(t.url, 'GET', '/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, db: backend });
      expect(t.server.server.db).toBe(backend);
    });
  });

  describe('[E3] 400 invalid_request', () => {
    it('[E3] a push whose body is not JSON', async () => {
      const res = await t.world.vol1.request('POST', '/api/sync/push', { raw: '{"deviceId": "' });
      expectError(res, 400, 'invalid_request');
    });

    it('[E3] a login whose body is not JSON', async () => {
      const res = await request(t.url, 'POST', '/api/auth/login', { raw: 'phone=0911000001&password=x' });
      expectError(res, 400, 'invalid_request');
    });

    it('[E3] an admin request whose body is not JSON', async () => {
      const res = await t.world.admin.request('POST', '/api/admin/areas', { raw: "{kind: 'commune'}" });
      expectError(res, 400, 'invalid_request');
    });

    it('[E3] an empty body where JSON is expected', async () => {
      const res = await t.world.vol1.request('POST', '/api/sync/push', { raw: '' });
      expectError(res, 400, 'invalid_request');
    });

    it('[E3] the message names the field that does not match the schema: push deviceId', async () => {
      const res = await t.world.vol1.post('/api/sync/push', {
        deviceId: 'not-a-uuid',
        mutations: [newHousehold(AREAS.village1)],
      });
      expectError(res, 400, 'invalid_request');
      expect(res.text).toContain('deviceId');
    });

    it('[E3] the message names the field that does not match the schema: a mutation baseVersion', async () => {
      const m = { ...newHousehold(AREAS.village1), baseVersion: -1 };
      const res = await t.world.vol1.post('/api/sync/push', {
        deviceId: t.world.vol1.deviceId,
        mutations: [m],
      });
      expectError(res, 400, 'invalid_request');
      expect(res.text).toContain('baseVersion');
    });

    it('[E3] the message names the field that does not match the schema: login password', async () => {
      const res = await request(t.url, 'POST', '/api/auth/login', {
        json: { phone: USERS.vol1.phone, deviceId: uuid() },
      });
      expectError(res, 400, 'invalid_request');
      expect(res.text).toContain('password');
    });

    it('[E3] the message names the field that does not match the schema: a user phone', async () => {
      const res = await t.world.admin.post('/api/admin/users', {
        name: 'Sai Số',
        phone: '12345',
        password: PASSWORD,
        role: 'volunteer',
        areaIds: [AREAS.village1],
      });
      expectError(res, 400, 'invalid_request');
      expect(res.text).toContain('phone');
    });

    it('[PL2] pull limits outside 1..1000 and [PL3] a bad cursor', async () => {
      for (const qs of [
        'limit=0',
        'limit=1001',
        'limit=-5',
        'limit=abc',
        'limit=2.5',
        'cursor=%%%not-a-cursor',
      ]) {
        const res = await t.world.vol1.get(`/api/sync/pull?${qs}`);
        expectError(res, 400, 'invalid_request');
      }
    });
  });

  describe('[A7] 401 unauthenticated', () => {
    it('[A7] no token', async () => {
      for (const [method, path] of [
        ['GET', '/api/me'],
        ['GET', '/api/areas'],
        ['GET', '/api/sync/pull'],
        ['POST', '/api/sync/push'],
        ['GET', `/api/tallies?areaId=${AREAS.village1}`],
        ['GET', `/api/devices?areaId=${AREAS.village1}`],
        ['GET', '/api/admin/users'],
        ['POST', '/api/auth/logout'],
      ] as const) {
        const res = await request(t.url, method, path, method === 'POST' ? { json: {} } : {});
        expectError(res, 401, 'unauthenticated');
      }
    });

    it('[A7] an unknown token', async () => {
      const res = await request(t.url, 'GET', '/api/me', { token: 'x'.repeat(43) });
      expectError(res, 401, 'unauthenticated');
    });

    it('[A7] a malformed Authorization header', async () => {
      for (const authorization of [
        'Basic dXNlcjpwYXNz',
        'Bearer',
        'Bearer ',
        `bearer${t.world.vol1.token}`,
      ]) {
        const res = await request(t.url, 'GET', '/api/me', { headers: { authorization } });
        expectError(res, 401, 'unauthenticated');
      }
    });

    it('[A7] a token is never read from the query string', async () => {
      const res = await request(t.url, 'GET', `/api/me?token=${t.world.vol1.token}`);
      expectError(res, 401, 'unauthenticated');
    });
  });

  describe('[A6] 401 invalid_credentials', () => {
    it('[A6] a wrong password', async () => {
      const res = await request(t.url, 'POST', '/api/auth/login', {
        json: { phone: USERS.police.phone, password: 'wrong-password', deviceId: uuid() },
      });
      expectError(res, 401, 'invalid_credentials');
    });

    it('[A6] an unknown phone', async () => {
      const res = await request(t.url, 'POST', '/api/auth/login', {
        json: { phone: '0987654321', password: PASSWORD, deviceId: uuid() },
      });
      expectError(res, 401, 'invalid_credentials');
    });
  });

  describe('[E2] 403 forbidden: the role may not call this endpoint', () => {
    it('[A20] a volunteer or police officer on the admin endpoints', async () => {
      for (const api of [t.world.vol1, t.world.police]) {
        expectError(await api.get('/api/admin/users'), 403, 'forbidden');
        expectError(
          await api.post('/api/admin/areas', {
            id: 'thon-lau',
            kind: 'village',
            name: 'X',
            parentId: AREAS.communeA,
          }),
          403,
          'forbidden',
        );
        expectError(
          await api.post('/api/admin/users', {
            name: 'Kẻ Lạ',
            phone: '0933333333',
            password: PASSWORD,
            role: 'admin',
            areaIds: [],
          }),
          403,
          'forbidden',
        );
      }
      // Nothing was created by the refused calls.
      const areas = await t.world.admin.get<{ areas: { id: string }[] }>('/api/areas');
      expect(areas.body.areas.map((a) => a.id)).not.toContain('thon-lau');
      const users = await t.world.admin.get<{ users: { phone: string }[] }>('/api/admin/users');
      expect(users.body.users.map((u) => u.phone)).not.toContain('0933333333');
    });

    it('[P1] police on push', async () => {
      const res = await t.world.police.post('/api/sync/push', {
        deviceId: t.world.police.deviceId,
        mutations: [newHousehold(AREAS.village1)],
      });
      expectError(res, 403, 'forbidden');
    });
  });

  describe('[E5] 404 not_found: unknown endpoint or resource', () => {
    it('[E5] an unknown endpoint', async () => {
      expectError(await t.world.vol1.get('/api/no-such-thing'), 404, 'not_found');
      expectError(await t.world.vol1.post('/api/sync/pushes', { a: 1 }), 404, 'not_found');
      expectError(await t.world.admin.get('/api/admin/nothing-here'), 404, 'not_found');
    });

    it('[T7] tallies of an unknown area', async () => {
      expectError(await t.world.admin.get('/api/tallies?areaId=thon-khong-co'), 404, 'not_found');
    });

    it('[D1] devices of an unknown area', async () => {
      expectError(await t.world.admin.get('/api/devices?areaId=thon-khong-co'), 404, 'not_found');
    });
  });

  describe('[E4] 413 payload_too_large: body over 1 MiB', () => {
    it('[E4] a push over 1 MiB is refused and stores nothing', async () => {
      const m = newHousehold(AREAS.village1, { note: 'x'.repeat(MIB) });
      const res = await t.world.vol1.post('/api/sync/push', {
        deviceId: t.world.vol1.deviceId,
        mutations: [m],
      });
      expectError(res, 413, 'payload_too_large');
      expect(await t.world.admin.record(m.entityId)).toBeUndefined();
    });

    it('[E4] a body over 1 MiB sent without Content-Length (chunked) is refused too', async () => {
      const m = newHousehold(AREAS.village1);
      const head = JSON.stringify({ deviceId: t.world.vol1.deviceId, mutations: [m] }).slice(0, -3);
      const tail = `,"padding":"${'y'.repeat(MIB + 10)}"}]}`;
      const enc = new TextEncoder();
      const chunks = [head, ...tail.match(/.{1,65536}/gs)!];
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(enc.encode(next));
        },
      });
      const res = await t.world.vol1.request('POST', '/api/sync/push', { raw: stream });
      expectError(res, 413, 'payload_too_large');
      expect(await t.world.admin.record(m.entityId)).toBeUndefined();
    });

    it('[E4] exactly 1 MiB is not over; one byte more is; 20 MiB is answered 413 too', async () => {
      const sized = (n: number) => {
        const head = `{"deviceId":"${t.world.vol1.deviceId}","mutations":[],"pad":"`;
        return head + 'p'.repeat(n - head.length - 2) + '"}';
      };
      const exact = await t.world.vol1.request('POST', '/api/sync/push', { raw: sized(MIB) });
      expect(Buffer.byteLength(sized(MIB))).toBe(MIB);
      expectError(exact, 400, 'invalid_request'); // read and judged: no mutations
      expectError(
        await t.world.vol1.request('POST', '/api/sync/push', { raw: sized(MIB + 1) }),
        413,
        'payload_too_large',
      );
      expectError(
        await t.world.vol1.request('POST', '/api/sync/push', { raw: sized(20 * MIB) }),
        413,
        'payload_too_large',
      );
    });

    it('[E4] a login over 1 MiB', async () => {
      const res = await request(t.url, 'POST', '/api/auth/login', {
        json: { phone: USERS.vol1.phone, password: 'p'.repeat(MIB + 1), deviceId: uuid() },
      });
      expectError(res, 413, 'payload_too_large');
    });

    it('[E4] a push just under 1 MiB is served: 400 edits with long notes', async () => {
      const mutations = Array.from({ length: 400 }, () =>
        newHousehold(AREAS.village1, { note: 'ghi chú '.repeat(250) }),
      );
      const body = JSON.stringify({ deviceId: t.world.vol1.deviceId, mutations });
      expect(Buffer.byteLength(body)).toBeLessThan(MIB);
      expect(Buffer.byteLength(body)).toBeGreaterThan(0.8 * MIB);
      const res = await t.world.vol1.request<{ results: { status: string }[] }>('POST', '/api/sync/push', {
        raw: body,
      });
      expect(res.status, res.text.slice(0, 300)).toBe(200);
      expect(res.body.results.every((r) => r.status === 'applied')).toBe(true);
    });
  });

  describe('[E6] No request, however malformed, gets a 5xx', () => {
    const oddText = async (label: string, raw: (m: Mutation) => string) => {
      const m = newHousehold(AREAS.village1, { headName: 'Nguyễn Văn A' });
      const res = await t.world.vol1.request<{ results: { status: string }[] }>('POST', '/api/sync/push', {
        raw: raw(m),
      });
      expect(res.status, `${label}: ${res.text}`).toBeLessThan(500);
      if (res.status === 200 && res.body.results[0]!.status === 'applied') {
        expect(await t.world.vol1.record(m.entityId)).toMatchObject({ version: 1, deleted: false });
      } else {
        expect(await t.world.admin.record(m.entityId)).toBeUndefined();
      }
    };

    it('[E6] a NUL character in a text field', async () => {
      await oddText('NUL', (m) =>
        JSON.stringify({ deviceId: t.world.vol1.deviceId, mutations: [m] }).replace(
          'Nguyễn Văn A',
          'Nguyễn\\u0000Văn A',
        ),
      );
    });

    it('[E6] a lone surrogate in a text field', async () => {
      await oddText('lone surrogate', (m) =>
        JSON.stringify({ deviceId: t.world.vol1.deviceId, mutations: [m] }).replace(
          'Nguyễn Văn A',
          'Nguyễn\\ud800Văn A',
        ),
      );
    });

    it('[E6] a deeply nested body', async () => {
      const raw = '['.repeat(200_000) + ']'.repeat(200_000);
      expectError(await t.world.vol1.request('POST', '/api/sync/push', { raw }), 400, 'invalid_request');
      const deep = `{"deviceId":"${uuid()}","mutations":[${JSON.stringify(
        upsert('household', uuid(), {}),
      ).replace('"fields":{}', `"fields":{"note":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)}]}`;
      const res = await t.world.vol1.request('POST', '/api/sync/push', { raw: deep });
      expect(res.status, res.text.slice(0, 200)).toBeLessThan(500);
    });
  });
});
