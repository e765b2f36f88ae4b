// SYNC-API.md "Accounts and areas": login, tokens (lifetime on the server's clock), logout, /api/me,
// and the login rate limit (429 with Retry-After), driven by a clock the test moves.
import { describe, expect, it } from 'vitest';
import {
  AREAS,
  Api,
  BACKENDS,
  DAY_MS,
  ISO_TIME,
  PASSWORD,
  TestClock,
  USERS,
  createUser,
  loginAdmin,
  deepKeys,
  expectError,
  request,
  useServer,
  uuid,
  type LoginBody,
  type User,
} from '../support/server.ts';

const MINUTE = 60_000;

describe.each(BACKENDS)('accounts on %s', (backend) => {
  const clock = new TestClock(Date.parse('2026-11-20T01:00:00.000Z'));
  const t = useServer(backend, { clock, users: ['vol1', 'police'] });

  const login = (phone: string, password: string, deviceId = uuid()) =>
    request<LoginBody>(t.url, 'POST', '/api/auth/login', { json: { phone, password, deviceId } });

  describe('[A5] POST /api/auth/login', () => {
    it('[A5] returns a token, expiresAt at least 30 days ahead and the user without the password', async () => {
      const res = await login(USERS.vol1.phone, PASSWORD);
      expect(res.status).toBe(200);
      expect(typeof res.body.token).toBe('string');
      expect(res.body.token.length).toBeGreaterThanOrEqual(16);
      expect(Date.parse(res.body.expiresAt)).toBeGreaterThanOrEqual(clock.ms + 30 * DAY_MS);
      expect(res.body.expiresAt).toMatch(ISO_TIME);
      expect(res.body.user).toMatchObject({
        name: USERS.vol1.name,
        phone: USERS.vol1.phone,
        role: 'volunteer',
        areaIds: [AREAS.village1],
      });
      expect(typeof res.body.user.id).toBe('string');
      expect(res.text).not.toContain(PASSWORD);
      expect(deepKeys(res.body).filter((k) => /password|hash|salt/i.test(k))).toEqual([]);
    });

    it('[A8] each login is its own token: two devices of one user', async () => {
      const a = await login(USERS.vol1.phone, PASSWORD);
      const b = await login(USERS.vol1.phone, PASSWORD);
      expect(a.body.token).not.toBe(b.body.token);
    });
  });

  describe('[A11] GET /api/me', () => {
    it('[A11] returns the user of the token', async () => {
      const res = await t.world.police.get<{ user: User }>('/api/me');
      expect(res.status).toBe(200);
      expect(res.body.user).toEqual(t.world.police.user);
      expect(res.body.user).toMatchObject({ role: 'police', areaIds: [AREAS.communeA] });
    });
  });

  describe('[A10] POST /api/auth/logout → 204; the token stops working', () => {
    it('[A10] revokes that token only', async () => {
      const phone = await new Api(t.url).login(USERS.vol1.phone, PASSWORD);
      const other = await new Api(t.url).login(USERS.vol1.phone, PASSWORD);
      const res = await phone.post('/api/auth/logout');
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expectError(await phone.get('/api/me'), 401, 'unauthenticated');
      expectError(await phone.get('/api/sync/pull'), 401, 'unauthenticated');
      expectError(
        await phone.post('/api/sync/push', { deviceId: phone.deviceId, mutations: [] }),
        401,
        'unauthenticated',
      );
      // [Errors] 401 unauthenticated: a revoked token, even for logout itself.
      expectError(await phone.post('/api/auth/logout'), 401, 'unauthenticated');
      expect((await other.get('/api/me')).status).toBe(200);
    });
  });

  describe('[A8] tokens last at least 30 days; [A7] 401 unauthenticated: an expired token', () => {
    it('[A8] works 30 days after login, and is refused once past its expiresAt', async () => {
      const res = await login(USERS.police.phone, PASSWORD);
      expect(res.status).toBe(200);
      const api = new Api(t.url, res.body.token);
      clock.advance(30 * DAY_MS - MINUTE);
      expect((await api.get('/api/me')).status).toBe(200);
      expect((await api.get('/api/sync/pull?limit=1')).status).toBe(200);
      clock.set(Date.parse(res.body.expiresAt) + 1000);
      expectError(await api.get('/api/me'), 401, 'unauthenticated');
      expectError(await api.get('/api/sync/pull'), 401, 'unauthenticated');
      // A new login works again at that time.
      expect((await login(USERS.police.phone, PASSWORD)).status).toBe(200);
    });
  });

  describe('[A12] 429 rate_limited: after 5 failed attempts for one phone within 15 minutes', () => {
    // Each test has a user of its own: the limit is per phone.
    const rl = (n: number) => ({
      name: `Người thử ${n}`,
      phone: `09220000${String(n).padStart(2, '0')}`,
      role: 'volunteer',
      areaIds: [AREAS.village1],
    });

    it('[A12] 4 failed attempts do not lock the phone', async () => {
      const u = rl(1);
      await createUser(await loginAdmin(t.url), u);
      for (let i = 0; i < 4; i++) expectError(await login(u.phone, `wrong-${i}`), 401, 'invalid_credentials');
      expect((await login(u.phone, PASSWORD)).status).toBe(200);
    });

    it('[A12] the 6th attempt gets 429 with Retry-After even with the right password; after it, login works', async () => {
      const u = rl(2);
      await createUser(await loginAdmin(t.url), u);
      for (let i = 0; i < 5; i++) {
        clock.advance(MINUTE);
        expectError(await login(u.phone, `wrong-${i}`), 401, 'invalid_credentials');
      }
      clock.advance(MINUTE);
      const locked = await login(u.phone, PASSWORD);
      expectError(locked, 429, 'rate_limited');
      expect(locked.text).not.toContain('"token"');
      const retryAfter = locked.headers.get('retry-after');
      expect(retryAfter).toMatch(/^\d+$/);
      const seconds = Number(retryAfter);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(15 * 60);

      // Still locked a little later, and other phones are not affected.
      clock.advance(1000);
      expectError(await login(u.phone, PASSWORD), 429, 'rate_limited');
      expect((await login(USERS.police.phone, PASSWORD)).status).toBe(200);

      // Retry-After says when to try again: then the right password works.
      const now = clock.ms;
      const lastRetry = Number((await login(u.phone, PASSWORD)).headers.get('retry-after'));
      clock.set(now + lastRetry * 1000 + 1000);
      const ok = await login(u.phone, PASSWORD);
      expect(ok.status, ok.text).toBe(200);
    });

    it('[A12] the lock ends with the 15-minute window', async () => {
      const u = rl(3);
      await createUser(await loginAdmin(t.url), u);
      for (let i = 0; i < 5; i++) expectError(await login(u.phone, `wrong-${i}`), 401, 'invalid_credentials');
      expectError(await login(u.phone, PASSWORD), 429, 'rate_limited');
      clock.advance(15 * MINUTE + 1000);
      expect((await login(u.phone, PASSWORD)).status).toBe(200);
    });

    it('[A12] failures spread over more than 15 minutes do not lock', async () => {
      const u = rl(4);
      await createUser(await loginAdmin(t.url), u);
      for (let i = 0; i < 4; i++) expectError(await login(u.phone, `wrong-${i}`), 401, 'invalid_credentials');
      clock.advance(16 * MINUTE);
      expectError(await login(u.phone, 'wrong-again'), 401, 'invalid_credentials');
      expect((await login(u.phone, PASSWORD)).status).toBe(200);
    });

    it('[A12] a locked phone gets 429 for wrong passwords too', async () => {
      const u = rl(5);
      await createUser(await loginAdmin(t.url), u);
      for (let i = 0; i < 5; i++) expectError(await login(u.phone, `wrong-${i}`), 401, 'invalid_credentials');
      expectError(await login(u.phone, 'wrong-6'), 429, 'rate_limited');
      clock.advance(15 * MINUTE + 1000);
    });

    it('[A12] failures spread over many phones from one address are limited too (per address), then reopen', async () => {
      // Earlier failures of this suite out of the window first.
      clock.advance(16 * MINUTE);
      let locked: Awaited<ReturnType<typeof login>> | null = null;
      for (let i = 0; i < 100 && !locked; i++) {
        const res = await login(`0933${String(i).padStart(6, '0')}`, 'guess');
        if (res.status === 429) locked = res;
        else expectError(res, 401, 'invalid_credentials');
      }
      expect(locked, 'no 429 after 100 failures from one address').not.toBeNull();
      expectError(locked!, 429, 'rate_limited');
      // The address is closed even to a right password of a phone that never failed.
      const blocked = await login(USERS.police.phone, PASSWORD);
      expectError(blocked, 429, 'rate_limited');
      const retryAfter = Number(blocked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      clock.advance(retryAfter * 1000 + 1000);
      expect((await login(USERS.police.phone, PASSWORD)).status).toBe(200);
    });
  });
});
