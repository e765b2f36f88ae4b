// Bearer tokens: 256 random bits handed to the phone once; the database keeps only their SHA-256, an
// expiry 30 days out (a phone may stay offline for weeks) and the moment of logout.
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../store/store.ts';
import type { User } from '../../domain/users.ts';
import { toUser, type UserRow } from './users.ts';

/** [A8] A token works for 30 days from its login. */
export const TOKEN_LIFETIME_MS = 30 * 24 * 3_600_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

/**
 * [A8] Each login issues a new token, leaving the user's other tokens working; [A9] it is issued to the
 * device named at the login. Kept in the database ([S6], [S15]): any process on it knows the token.
 */
export async function issueToken(
  db: Queryable,
  userId: string,
  deviceId: string,
  now: number,
): Promise<IssuedToken> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now + TOKEN_LIFETIME_MS).toISOString();
  await db.query(
    `INSERT INTO tokens (hash, user_id, device_id, created_at, expires_at)
     VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz)`,
    [hashToken(token), userId, deviceId, new Date(now).toISOString(), expiresAt],
  );
  return { token, expiresAt };
}

export interface Session {
  user: User;
  tokenHash: string;
  /**
   * The device the token was issued to at login: the only device identity the server believes. Push
   * and pull record and merge under it; a push body naming another device is refused (push.ts).
   */
  deviceId: string;
}

/**
 * Whether `deviceId` names the device `session`'s token was issued to ([A9], [P3]). Device ids are
 * uuids, so case does not matter; the token's own spelling is the one stored.
 */
export function isTokenDevice(session: Pick<Session, 'deviceId'>, deviceId: string): boolean {
  return session.deviceId.toLowerCase() === deviceId.toLowerCase();
}

/** [A7] The session of a token, or null when it is unknown, revoked or expired. */
export async function sessionOf(db: Queryable, token: string, now: number): Promise<Session | null> {
  const hash = hashToken(token);
  const rows = await db.query<UserRow & { device_id: string }>(
    `SELECT u.id, u.name, u.phone, u.role, u.area_ids, t.device_id
       FROM tokens t JOIN users u ON u.id = t.user_id
      WHERE t.hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2::timestamptz`,
    [hash, new Date(now).toISOString()],
  );
  const row = rows[0];
  return row ? { user: toUser(row), tokenHash: hash, deviceId: row.device_id } : null;
}

/** [A10] Logout: this token stops working, the user's other tokens do not. */
export async function revokeToken(db: Queryable, tokenHash: string, now: number): Promise<void> {
  await db.query('UPDATE tokens SET revoked_at = $2::timestamptz WHERE hash = $1 AND revoked_at IS NULL', [
    tokenHash,
    new Date(now).toISOString(),
  ]);
}

/** [S5] After a password reset every session of the user ends: a lost phone must not stay logged in. */
export async function revokeAllTokens(db: Queryable, userId: string, now: number): Promise<void> {
  await db.query('UPDATE tokens SET revoked_at = $2::timestamptz WHERE user_id = $1 AND revoked_at IS NULL', [
    userId,
    new Date(now).toISOString(),
  ]);
}
