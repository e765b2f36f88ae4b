// Login attempt limits, counted in the database so that every server process sees the same counts:
// 5 failures for one phone in 15 minutes close that phone for the rest of the window (even to the
// right password), and 30 failures from one address in 15 minutes close that address.
import type { Queryable } from '../store/store.ts';

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_PHONE = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

export const phoneKey = (phone: string): string => `phone:${phone}`;
export const addressKey = (address: string): string => `ip:${address}`;

export type LimitCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Closed while at least `max` failures lie in the window ending now; it opens again when the
 * `max`-th most recent failure leaves the window.
 */
export async function checkLimit(db: Queryable, key: string, max: number, now: number): Promise<LimitCheck> {
  const rows = await db.query<{ at: Date | string }>(
    `SELECT at FROM login_failures WHERE key = $1 AND at > $2::timestamptz ORDER BY at DESC OFFSET $3 LIMIT 1`,
    [key, new Date(now - LOGIN_WINDOW_MS).toISOString(), max - 1],
  );
  const row = rows[0];
  if (!row) return { ok: true };
  const opensAt = new Date(row.at).getTime() + LOGIN_WINDOW_MS;
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((opensAt - now) / 1000)) };
}

export async function recordFailure(db: Queryable, keys: readonly string[], now: number): Promise<void> {
  const at = new Date(now).toISOString();
  await db.query(
    `INSERT INTO login_failures (key, at) SELECT k, $2::timestamptz FROM unnest($1::text[]) AS k`,
    [keys, at],
  );
  // Old rows are useless to every window: keep the table small as it goes.
  await db.query('DELETE FROM login_failures WHERE at <= $1::timestamptz', [
    new Date(now - LOGIN_WINDOW_MS).toISOString(),
  ]);
}

/** A successful login forgets the phone's failures (not the address's: one good password opens no address). */
export async function clearFailures(db: Queryable, key: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE key = $1', [key]);
}
