// SYNC-API.md [A23]: the account's recovery key for the phone's encrypted notebook (issue 16): the same
// for every sign-in of one account, another for each account, only to its own token, and nowhere else.
import { describe, expect, it } from 'vitest';
import { BACKENDS, PASSWORD, USERS, deepKeys, expectError, useServer } from '../support/server.ts';

const KEY = /^[A-Za-z0-9_-]{43}$/; // 32 bytes, base64url without padding

describe.each(BACKENDS)('the recovery key on %s', (backend) => {
  const t = useServer(backend, { users: ['vol1', 'vol2', 'police'] });
  const keyOf = async (api: typeof t.world.vol1) => {
    const res = await api.get<{ recoveryKey: string }>('/api/auth/recovery-key');
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body)).toEqual(['recoveryKey']);
    expect(res.body.recoveryKey).toMatch(KEY);
    return res.body.recoveryKey;
  };

  it('[A23] is the same on every phone of one account, and another for each account', async () => {
    const first = await keyOf(t.world.vol1);
    const secondPhone = await t.world.anon.login(USERS.vol1.phone, PASSWORD);
    expect(await keyOf(secondPhone)).toBe(first);
    expect(await keyOf(t.world.vol1)).toBe(first);
    const others = [await keyOf(t.world.vol2), await keyOf(t.world.police), await keyOf(t.world.admin)];
    expect(new Set([first, ...others]).size).toBe(4);
  });

  it('[A23] only with a token, and never in the login answer, /api/me or the admin’s list', async () => {
    expectError(await t.world.anon.get('/api/auth/recovery-key'), 401, 'unauthenticated');
    const key = await keyOf(t.world.vol2);
    const login = await t.world.anon.post('/api/auth/login', {
      phone: USERS.vol2.phone,
      password: PASSWORD,
      deviceId: crypto.randomUUID(),
    });
    for (const answer of [
      login,
      await t.world.vol2.get('/api/me'),
      await t.world.admin.get('/api/admin/users'),
    ]) {
      expect(answer.text).not.toContain(key);
      expect(deepKeys(answer.body).some((k) => /recovery/i.test(k))).toBe(false);
    }
  });

  it('[A23] outlives a password reset: a phone offline at the time can still recover its notebook', async () => {
    const before = await keyOf(t.world.vol1);
    const reset = await t.world.police.post(`/api/manage/volunteers/${t.world.vol1.userId}/password`, {
      password: 'mat-khau-moi-9',
    });
    expect(reset.status, reset.text).toBe(204);
    const again = await t.world.anon.login(USERS.vol1.phone, 'mat-khau-moi-9');
    expect(await keyOf(again)).toBe(before);
  });
});
