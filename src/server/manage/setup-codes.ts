// One-time set-up codes (SYNC-API.md [M20]–[M25]): a manager makes one for a volunteer; the volunteer's
// phone signs in with it instead of a password, by scanning its QR code or typing its 8 letters.
//
// A code is 8 characters of a 32-letter alphabet without look-alikes (no I, O, 0, 1): 40 bits. It lives
// 24 hours, is good once, and a new code of the same volunteer cancels the older ones. Guessing is
// throttled like logins ([A12]): 30 wrong codes from one address in 15 minutes close that address, so
// one address tries at most ~2,900 codes a day against 2^40 (one in 3.8 × 10^8 odds per live code).
// Only the SHA-256 of a code is stored, as for tokens.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { uuid } from '../../domain/records.ts';
import { normaliseSetupCode, SETUP_CODE_ALPHABET, SETUP_CODE_LENGTH } from '../../domain/setup-code.ts';
import { touchDevice } from '../accounts/devices.ts';
import {
  LOGIN_WINDOW_MS,
  MAX_FAILURES_PER_ADDRESS,
  releaseAttempt,
  takeAttempt,
  type AttemptResult,
} from '../accounts/login-limits.ts';
import { hashToken, issueToken, type IssuedToken, type Session } from '../accounts/tokens.ts';
import { toUser, type UserRow } from '../accounts/users.ts';
import type { Store } from '../store/store.ts';
import type { User } from '../../domain/users.ts';
import { appendManageAudit } from './manage-audit.ts';
import { managedVolunteer, type ManageScope } from './scope.ts';
import type { ManageResult } from './villages.ts';

export const SETUP_CODE_LIFETIME_MS = 24 * 3_600_000;

const codeHash = (code: string) => hashToken(`setup:${normaliseSetupCode(code)}`);

export const setupLoginSchema = z.object({
  // Lenient: a code of another shape is a wrong code (401), not a malformed request.
  code: z.string().min(1).max(64),
  deviceId: uuid,
});

/** [M20] A new code for a managed, active volunteer; their older unused codes stop working. */
export async function createSetupCode(
  store: Store,
  scope: ManageScope,
  session: Session,
  volunteerId: string,
  now: number,
): Promise<ManageResult<{ code: string; expiresAt: string; volunteer: { id: string; name: string } }>> {
  let code = '';
  for (let i = 0; i < SETUP_CODE_LENGTH; i++)
    code += SETUP_CODE_ALPHABET[randomInt(SETUP_CODE_ALPHABET.length)];
  const at = new Date(now).toISOString();
  const expiresAt = new Date(now + SETUP_CODE_LIFETIME_MS).toISOString();
  return store.transaction(async (tx) => {
    const volunteer = await managedVolunteer(tx, scope, volunteerId);
    if (!volunteer) return { ok: false, code: 'not_found', message: 'no such volunteer in your communes' };
    if (!volunteer.active)
      return { ok: false, code: 'invalid_request', message: 'volunteer: the account is deactivated' };
    // One maker of a volunteer's codes at a time (PostgreSQL, several processes): each new code sees
    // the one before it committed and cancels it, so that a volunteer never has two live codes.
    await tx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [volunteerId]);
    await tx.query(
      `UPDATE setup_codes SET cancelled_at = $2::timestamptz
        WHERE user_id = $1 AND used_at IS NULL AND cancelled_at IS NULL`,
      [volunteerId, at],
    );
    await tx.query(
      `INSERT INTO setup_codes (hash, user_id, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz)`,
      [codeHash(code), volunteerId, session.user.id, at, expiresAt],
    );
    await appendManageAudit(tx, {
      at,
      actorId: session.user.id,
      deviceId: session.deviceId,
      communeId: volunteer.communeId,
      action: 'setup_code.create',
      targetUserId: volunteerId,
      details: { expiresAt },
    });
    return { ok: true, value: { code, expiresAt, volunteer: { id: volunteer.id, name: volunteer.name } } };
  });
}

export type SetupLogin =
  | { ok: true; token: IssuedToken; user: User }
  | { ok: false; code: 'invalid_credentials' }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

/**
 * [M22]–[M24] Signs a phone in with a code: counted against the address first (like a login, [A14]),
 * then taken in one statement (two phones racing with one code: one wins), then a token for the
 * phone's device. A wrong, used, cancelled or expired code, or one of a deactivated account, is the
 * same 401.
 */
export async function signInWithCode(
  store: Store,
  input: z.infer<typeof setupLoginSchema>,
  address: string,
  now: number,
): Promise<SetupLogin> {
  const attempt: AttemptResult = await takeAttempt(
    store,
    [{ key: `setup-ip:${address}`, max: MAX_FAILURES_PER_ADDRESS, windowMs: LOGIN_WINDOW_MS }],
    now,
  );
  if (!attempt.ok) return { ok: false, code: 'rate_limited', retryAfterSeconds: attempt.retryAfterSeconds };
  const at = new Date(now).toISOString();
  const result = await store.transaction(async (tx) => {
    const used = await tx.query<UserRow>(
      `UPDATE setup_codes s SET used_at = $2::timestamptz, used_device = $3
         FROM users u
        WHERE s.hash = $1 AND s.used_at IS NULL AND s.cancelled_at IS NULL AND s.expires_at > $2::timestamptz
          AND u.id = s.user_id AND u.deactivated_at IS NULL AND u.role = 'volunteer'
        RETURNING u.id, u.name, u.phone, u.role, u.area_ids`,
      [codeHash(input.code), at, input.deviceId],
    );
    const row = used[0];
    if (!row) return null;
    const user = toUser(row);
    const token = await issueToken(tx, user.id, input.deviceId, now);
    const villages = await tx.query<{ parent_id: string | null }>(
      'SELECT parent_id FROM areas WHERE id = ANY($1::text[]) ORDER BY id LIMIT 1',
      [user.areaIds],
    );
    await appendManageAudit(tx, {
      at,
      actorId: user.id,
      deviceId: input.deviceId,
      communeId: villages[0]?.parent_id ?? null,
      action: 'setup_code.use',
      targetUserId: user.id,
      targetDeviceId: input.deviceId,
    });
    return { token, user };
  });
  if (!result) return { ok: false, code: 'invalid_credentials' };
  await releaseAttempt(store, attempt);
  await touchDevice(store, { deviceId: input.deviceId, userId: result.user.id }, 'login', at);
  return { ok: true, ...result };
}
