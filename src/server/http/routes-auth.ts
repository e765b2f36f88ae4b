// Login, logout and "who am I" (SYNC-API.md [A5], [A10], [A11]), with the login limits per phone
// and per address ([A12]–[A15]).
import { clientAddress } from './client-address.ts';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { z } from 'zod';
import { uuid } from '../../domain/records.ts';
import { loginLimits, phoneKey, releaseAttempt, takeAttempt } from '../accounts/login-limits.ts';
import { touchDevice } from '../accounts/devices.ts';
import { decoyHash, verifyPassword } from '../accounts/passwords.ts';
import { issueToken, revokeToken } from '../accounts/tokens.ts';
import { recoveryKeyOf } from '../accounts/recovery-keys.ts';
import { findUserByPhone, toUser } from '../accounts/users.ts';
import { setupLoginSchema, signInWithCode } from '../manage/setup-codes.ts';
import { requireSession } from './auth-middleware.ts';
import { readJson } from './body.ts';
import type { AppEnv, Services } from './context.ts';
import { fail } from './errors.ts';

// Lenient on purpose: a phone number in another shape is a wrong phone (401, [A6]), not a malformed
// request.
const loginSchema = z.object({
  phone: z.string().trim().min(1).max(32),
  password: z.string().min(1).max(1024),
  deviceId: uuid,
});

export function authRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;

  app.post('/login', async (c) => {
    const body = await readJson(c, loginSchema);
    if (!body.ok) return body.response;
    const { phone, password, deviceId } = body.data;
    const now = services.now();
    // [A13] The socket's address, or the forwarded one behind a trusted proxy.
    const address = clientAddress(socketAddress(c), c.req.header('x-forwarded-for'), services.trustedProxies);

    // 1. The attempt is counted first, in the database, under the phone and the address: only the
    //    first 5 (per phone) and 30 (per address) in the window go on, however many arrive at once;
    //    a closed phone stays closed even to the right password (login-limits.ts; [A12], [A14]).
    const attempt = await takeAttempt(store, loginLimits(phone, address), now);
    if (!attempt.ok) {
      return fail(
        c,
        'rate_limited',
        `too many failed attempts: try again in ${attempt.retryAfterSeconds} s`,
        {
          'Retry-After': String(attempt.retryAfterSeconds),
        },
      );
    }
    // 2. The password, at the same cost whether or not the phone has an account ([A6]). A wrong one
    //    leaves the attempt counted: it is the failure.
    const user = await findUserByPhone(store, phone);
    const good = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    // [M11] A deactivated account is refused like a wrong password: the answer tells nothing more.
    if (!user || !good || user.deactivated)
      return fail(c, 'invalid_credentials', 'wrong phone number or password');
    // 3. A right password is no failure: the attempt is given back, and the phone's failures are
    //    forgotten ([A15]). Then a token for this device ([A8], [A9]); the device is known from now on
    //    (devices list, even before a sync: [D2]). The answer holds no password hash ([A5]).
    await releaseAttempt(store, attempt, [phoneKey(phone)]);
    const token = await issueToken(store, user.id, deviceId, now);
    await touchDevice(store, { deviceId, userId: user.id }, 'login', new Date(now).toISOString());
    return c.json({
      token: token.token,
      expiresAt: token.expiresAt,
      user: toUser({ ...user, area_ids: user.areaIds }),
    });
  });

  // [M22] A phone set up by a one-time code: the login's answer, without a password.
  app.post('/setup', async (c) => {
    const body = await readJson(c, setupLoginSchema);
    if (!body.ok) return body.response;
    const address = clientAddress(socketAddress(c), c.req.header('x-forwarded-for'), services.trustedProxies);
    const result = await signInWithCode(store, body.data, address, services.now());
    if (result.ok)
      return c.json({ token: result.token.token, expiresAt: result.token.expiresAt, user: result.user });
    if (result.code === 'rate_limited') {
      return fail(c, 'rate_limited', `too many wrong codes: try again in ${result.retryAfterSeconds} s`, {
        'Retry-After': String(result.retryAfterSeconds),
      });
    }
    return fail(c, 'invalid_credentials', 'the set-up code is wrong, used or expired');
  });

  // [A23] The account's recovery key, to the token's own user only: made once, then always the same.
  app.get('/recovery-key', requireSession(services), async (c) => {
    const recoveryKey = await recoveryKeyOf(store, c.get('session').user.id);
    return c.json({ recoveryKey });
  });

  // [A10] Only this token stops working.
  app.post('/logout', requireSession(services), async (c) => {
    await revokeToken(store, c.get('session').tokenHash, services.now());
    return c.body(null, 204);
  });

  return app;
}

/** [A11] GET /api/me: the token's user. */
export function meRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', requireSession(services), (c) => c.json({ user: c.get('session').user }));
  return app;
}

function socketAddress(c: Parameters<typeof getConnInfo>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
