// SYNC-API.md [D7]–[D11]: the commune's phones as their managers see them (what each reported at its
// last sync), and revoking one: it hands in its edits, gets nothing more, wipes, and its tokens end.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Api } from '../support/server.ts';
import {
  AREAS,
  BACKENDS,
  DAY_MS,
  PASSWORD,
  TestClock,
  USERS,
  expectError,
  newHousehold,
  useServer,
} from '../support/server.ts';

interface Device {
  deviceId: string;
  userId: string;
  userName: string;
  build: number | null;
  pending: number | null;
  storageBytes: number | null;
  lastPushAt: string | null;
  lastPullAt: string | null;
  quiet: boolean;
  state: 'active' | 'revoking' | 'revoked';
}

const REPORT = { 'x-so06-build': '412', 'x-so06-pending': '3', 'x-so06-storage': '52428800' };

describe.each(BACKENDS)('phones and their revocation on %s', (backend) => {
  const clock = new TestClock(Date.parse('2026-11-30T02:00:00Z'));
  const t = useServer(backend, { clock, users: ['vol1', 'vol2', 'vol3', 'police', 'policeB'] });

  const devices = async (api: Api = t.world.police) => {
    const res = await api.get<{ devices: Device[] }>('/api/manage/devices');
    expect(res.status, res.text).toBe(200);
    return res.body.devices;
  };
  const revoke = (api: Api, phone: Api) =>
    api.post<{ device: Device }>('/api/manage/devices/revoke', {
      deviceId: phone.deviceId,
      userId: phone.userId,
    });
  const pushWith = (phone: Api, mutations: unknown[], headers: Record<string, string> = {}) =>
    phone.post<{ results: { status: string }[]; revoke?: boolean }>(
      '/api/sync/push',
      { deviceId: phone.deviceId, mutations },
      { headers },
    );
  const pullWith = (phone: Api, headers: Record<string, string> = {}) =>
    phone.get<{ changes: unknown[]; cursor: string; hasMore: boolean; revoke?: boolean }>('/api/sync/pull', {
      headers,
    });

  it('[D7] a phone reports its build, pending edits and storage on push and pull; the managers see it', async () => {
    const phone = await t.world.anon.login(USERS.vol2.phone, PASSWORD);
    expect((await pullWith(phone, REPORT)).status).toBe(200);
    const mine = (await devices()).find((d) => d.deviceId === phone.deviceId)!;
    expect(mine).toMatchObject({
      userId: phone.userId,
      userName: USERS.vol2.name,
      build: 412,
      pending: 3,
      storageBytes: 52428800,
      state: 'active',
      quiet: false,
    });
    expect(mine.lastPullAt).toBe(clock.iso());
    // A malformed report is ignored, never a refused sync; the last good figures stay.
    const odd = await pullWith(phone, { 'x-so06-pending': 'many', 'x-so06-storage': '-1' });
    expect(odd.status, odd.text).toBe(200);
    expect((await devices()).find((d) => d.deviceId === phone.deviceId)).toMatchObject({ pending: 3 });
    // Commune B's police see none of commune A's phones.
    expect((await devices(t.world.policeB)).map((d) => d.userId)).not.toContain(phone.userId);
    expectError(await t.world.vol1.get('/api/manage/devices'), 403, 'forbidden');
    expectError(
      await t.world.police.get(`/api/manage/devices?communeId=${AREAS.communeB}`),
      403,
      'forbidden',
    );
  });

  it('[D6] [D7] a phone that has not synced for 3 days is quiet', async () => {
    const phone = await t.world.anon.login(USERS.vol2.phone, PASSWORD);
    await pullWith(phone);
    clock.advance(3 * DAY_MS + 60_000);
    expect((await devices()).find((d) => d.deviceId === phone.deviceId)?.quiet).toBe(true);
    await pullWith(phone);
    expect((await devices()).find((d) => d.deviceId === phone.deviceId)?.quiet).toBe(false);
  });

  it('[D8] [D9] [D10] a revoked phone hands in its 3 edits, gets nothing more, confirms, and its token ends', async () => {
    const phone = await t.world.anon.login(USERS.vol1.phone, PASSWORD);
    const other = await t.world.anon.login(USERS.vol1.phone, PASSWORD); // the same volunteer's second phone
    await pullWith(phone);
    const res = await revoke(t.world.police, phone);
    expect(res.status, res.text).toBe(200);
    expect(res.body.device.state).toBe('revoking');
    expect((await revoke(t.world.police, phone)).body.device.state).toBe('revoking'); // asked twice: the same
    // Offline edits made before the revocation reached it: pushed, applied, and told to revoke.
    const edits = [0, 1, 2].map(() => newHousehold(AREAS.village1));
    const pushed = await pushWith(phone, edits);
    expect(pushed.status, pushed.text).toBe(200);
    expect(pushed.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(pushed.body.revoke).toBe(true);
    const pulled = await pullWith(phone);
    expect(pulled.body).toMatchObject({ changes: [], hasMore: false, revoke: true });
    // Everything it handed in is on the server, for everyone else.
    const seen = await other.snapshot();
    for (const m of edits) expect(seen.get((m as { entityId: string }).entityId)?.deleted).toBe(false);
    expect((await pullWith(other)).body.revoke).toBeUndefined();
    // The phone confirms once it has wiped: its token ends, the other phone's does not.
    expect((await phone.post('/api/sync/revoked')).status).toBe(204);
    expectError(await phone.get('/api/me'), 401, 'unauthenticated');
    expect((await other.get('/api/me')).status).toBe(200);
    expect((await devices()).find((d) => d.deviceId === phone.deviceId)?.state).toBe('revoked');
    const trail = await t.world.police.get<{ entries: { action: string; targetDeviceId: string }[] }>(
      '/api/manage/audit',
    );
    expect(
      trail.body.entries.filter((e) => e.targetDeviceId === phone.deviceId).map((e) => e.action),
    ).toEqual(['device.revoked', 'device.revoke']);
  });

  it('[D10] [E7] a phone not asked to revoke cannot end its tokens that way', async () => {
    const phone = await t.world.anon.login(USERS.vol2.phone, PASSWORD);
    expectError(await phone.post('/api/sync/revoked'), 400, 'invalid_request');
    expect((await phone.get('/api/me')).status).toBe(200);
  });

  it('[D8] [M3] only the phones of the commune one manages', async () => {
    const phone = await t.world.anon.login(USERS.vol3.phone, PASSWORD);
    expectError(await revoke(t.world.police, phone), 404, 'not_found');
    expectError(
      await t.world.police.post('/api/manage/devices/revoke', {
        deviceId: randomUUID(),
        userId: t.world.vol1.userId,
      }),
      404,
      'not_found',
    );
    expect((await pullWith(phone)).body.revoke).toBeUndefined();
  });

  it('[D11] signing in again on a wiped phone starts it afresh; on one still revoking it stays so', async () => {
    const deviceId = randomUUID();
    const phone = await t.world.anon.login(USERS.vol2.phone, PASSWORD, deviceId);
    await revoke(t.world.police, phone);
    const again = await t.world.anon.login(USERS.vol2.phone, PASSWORD, deviceId);
    expect((await pullWith(again)).body.revoke).toBe(true);
    expect((await again.post('/api/sync/revoked')).status).toBe(204);
    expectError(await phone.get('/api/me'), 401, 'unauthenticated');
    const fresh = await t.world.anon.login(USERS.vol2.phone, PASSWORD, deviceId);
    expect((await pullWith(fresh)).body.revoke).toBeUndefined();
    expect((await devices()).find((d) => d.deviceId === deviceId)?.state).toBe('active');
  });

  it('[M11] [D9] deactivating a volunteer asks every phone of theirs to revoke', async () => {
    const phone = await t.world.anon.login(USERS.vol2.phone, PASSWORD);
    const off = await t.world.police.request('PATCH', `/api/manage/volunteers/${phone.userId}`, {
      json: { active: false },
    });
    expect(off.status, off.text).toBe(200);
    expect((await pullWith(phone)).body.revoke).toBe(true);
    await t.world.police.request('PATCH', `/api/manage/volunteers/${phone.userId}`, {
      json: { active: true },
    });
  });
});
