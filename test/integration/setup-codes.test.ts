// SYNC-API.md [M20]–[M25]: one-time set-up codes. A manager makes one for a volunteer; a phone signs in
// with it, once, within 24 hours; guessing is throttled like logins.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AREAS,
  Api,
  BACKENDS,
  DAY_MS,
  TestClock,
  USERS,
  expectError,
  useServer,
  type LoginBody,
} from '../support/server.ts';

interface SetupCode {
  code: string;
  display: string;
  expiresAt: string;
  volunteer: { id: string; name: string };
}

describe.each(BACKENDS)('set-up codes on %s', (backend) => {
  const clock = new TestClock(Date.parse('2026-11-30T02:00:00Z'));
  const t = useServer(backend, { clock, users: ['vol1', 'vol3', 'police', 'policeB'] });

  const makeCode = async (api: Api, volunteerId: string) => {
    const res = await api.post<{ setupCode: SetupCode }>(`/api/manage/volunteers/${volunteerId}/setup-code`);
    expect(res.status, res.text).toBe(201);
    return res.body.setupCode;
  };
  const useCode = (code: string, deviceId: string = randomUUID(), headers: Record<string, string> = {}) =>
    t.world.anon.post<LoginBody>('/api/auth/setup', { code, deviceId }, { headers });

  it('[M20] [M22] a phone signs in with its code: the login answer, for that device', async () => {
    const setup = await makeCode(t.world.police, t.world.vol1.userId);
    expect(setup.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(setup.display).toBe(`${setup.code.slice(0, 4)}-${setup.code.slice(4)}`);
    expect(Date.parse(setup.expiresAt) - clock.ms).toBe(DAY_MS);
    expect(setup.volunteer).toEqual({ id: t.world.vol1.userId, name: USERS.vol1.name });
    const deviceId = randomUUID();
    const res = await useCode(setup.code, deviceId);
    expect(res.status, res.text).toBe(200);
    expect(res.body.user).toMatchObject({
      id: t.world.vol1.userId,
      role: 'volunteer',
      areaIds: [AREAS.village1],
    });
    const phone = new Api(t.url, res.body.token, deviceId, res.body.user);
    expect((await phone.get('/api/me')).status).toBe(200);
    expect((await phone.pullPage()).changes).toBeInstanceOf(Array);
    // The trail names the code's making and its use, never the code.
    const trail = await t.world.police.get<{ entries: { action: string; targetDeviceId: string | null }[] }>(
      '/api/manage/audit',
    );
    expect(trail.body.entries.slice(0, 2).map((e) => e.action)).toEqual([
      'setup_code.use',
      'setup_code.create',
    ]);
    expect(trail.body.entries[0]!.targetDeviceId).toBe(deviceId);
    expect(trail.text).not.toContain(setup.code);
  });

  it('[M21] typed in lower case, with a dash or spaces, the code is the same', async () => {
    const setup = await makeCode(t.world.police, t.world.vol1.userId);
    const typed = ` ${setup.display.toLowerCase().replace('-', ' - ')} `;
    expect((await useCode(typed)).status).toBe(200);
  });

  it('[M23] a code is good once: a second phone with it is refused', async () => {
    const setup = await makeCode(t.world.police, t.world.vol1.userId);
    expect((await useCode(setup.code)).status).toBe(200);
    expectError(await useCode(setup.code), 401, 'invalid_credentials');
  });

  it('[M25] twenty phones at once with one code: exactly one signs in', async () => {
    const setup = await makeCode(t.world.police, t.world.vol1.userId);
    const answers = await Promise.all(Array.from({ length: 20 }, () => useCode(setup.code)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 200)) expectError(a, 401, 'invalid_credentials');
  });

  it('[M23] a code expires after 24 hours; a newer code cancels the older one', async () => {
    const old = await makeCode(t.world.police, t.world.vol1.userId);
    const newer = await makeCode(t.world.police, t.world.vol1.userId);
    expectError(await useCode(old.code), 401, 'invalid_credentials');
    clock.advance(DAY_MS + 1000);
    expectError(await useCode(newer.code), 401, 'invalid_credentials');
    const fresh = await makeCode(t.world.police, t.world.vol1.userId);
    clock.advance(DAY_MS - 60_000);
    expect((await useCode(fresh.code)).status).toBe(200);
  });

  it('[M20] [M3] a code only for a volunteer of a managed commune, never for police or admins', async () => {
    expectError(
      await t.world.police.post(`/api/manage/volunteers/${t.world.vol3.userId}/setup-code`),
      404,
      'not_found',
    );
    expectError(
      await t.world.policeB.post(`/api/manage/volunteers/${t.world.vol1.userId}/setup-code`),
      404,
      'not_found',
    );
    expectError(
      await t.world.admin.post(`/api/manage/volunteers/${t.world.police.userId}/setup-code`),
      404,
      'not_found',
    );
    expectError(
      await t.world.vol1.post(`/api/manage/volunteers/${t.world.vol1.userId}/setup-code`),
      403,
      'forbidden',
    );
  });

  it('[M23] deactivating the volunteer cancels their code; brought back, they need a new one', async () => {
    const setup = await makeCode(t.world.police, t.world.vol3.userId).catch(() => null);
    expect(setup).toBeNull(); // vol3 is commune B's
    const code = await makeCode(t.world.policeB, t.world.vol3.userId);
    const off = await t.world.policeB.request('PATCH', `/api/manage/volunteers/${t.world.vol3.userId}`, {
      json: { active: false },
    });
    expect(off.status, off.text).toBe(200);
    expectError(
      await t.world.policeB.post(`/api/manage/volunteers/${t.world.vol3.userId}/setup-code`),
      400,
      'invalid_request',
    );
    await t.world.policeB.request('PATCH', `/api/manage/volunteers/${t.world.vol3.userId}`, {
      json: { active: true },
    });
    expectError(await useCode(code.code), 401, 'invalid_credentials');
    expect((await useCode((await makeCode(t.world.policeB, t.world.vol3.userId)).code)).status).toBe(200);
  });

  it('[M24] 30 wrong codes from one address close it for 15 minutes, even to a right code', async () => {
    clock.advance(15 * 60_000 + 1000); // the wrong codes of the tests above leave the window
    const right = await makeCode(t.world.police, t.world.vol1.userId);
    const address = { 'x-forwarded-for': '203.0.113.9' }; // ignored: loopback is no trusted proxy here
    const wrong = await Promise.all(
      Array.from({ length: 30 }, () => useCode('AAAA-AAAA', randomUUID(), address)),
    );
    for (const w of wrong) expectError(w, 401, 'invalid_credentials');
    const closed = await useCode(right.code);
    expectError(closed, 429, 'rate_limited');
    expect(Number(closed.headers.get('retry-after'))).toBeGreaterThan(0);
    clock.advance(15 * 60_000 + 1000);
    expect((await useCode(right.code)).status).toBe(200);
  });

  it('[M20] [M25] 20 codes made at once for one volunteer: only one of them signs a phone in', async () => {
    clock.advance(15 * 60_000 + 1000); // the wrong codes of the tests above leave the window
    const made = await Promise.all(
      Array.from({ length: 20 }, () => makeCode(t.world.police, t.world.vol1.userId)),
    );
    const answers = await Promise.all(made.map((m) => useCode(m.code)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(19);
  });

  it('[E3] a malformed body is 400', async () => {
    expectError(await t.world.anon.post('/api/auth/setup', { code: 'ABCD2345' }), 400, 'invalid_request');
    expectError(
      await t.world.anon.post('/api/auth/setup', { code: '', deviceId: randomUUID() }),
      400,
      'invalid_request',
    );
  });
});
