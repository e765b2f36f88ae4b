// Attempt limits: a keyed attempt counter with a sliding window, counted in the database so that every
// server process sees the same counts ([S15]). Logins use it ([A12]) — 5 failures for one phone in 15
// minutes close that phone for the rest of the window (even to the right password), and 30 failures
// from one address in 15 minutes close that address — and so must anything else a stranger can guess
// at (the one-time set-up codes, "throttled like logins": takeAttempt before comparing the code,
// releaseAttempt when it was right, keys of their own such as `code:<user id>` beside `ip:<address>`).
//
// The attempt is counted BEFORE the secret is checked ([A14]), and given back when the secret was right
// ([A15]): a check that is racing others can only be one of the first `max` in the window. (Checking
// the count first and recording the failure after the slow scrypt let 40 guesses sent at once get 19–35
// checks.)
//
// Invariant, per key: request k in commit order is evaluated only if k ≤ max, where k counts the
// attempts of that key still counted in the window (admitted and not given back), its own included.
// How the database makes it hold:
//  - takers of one key are serialized by a transaction-scoped advisory lock on the key, taken before
//    anything is read; several keys are locked in ascending lock-id order, so two takers never wait
//    on each other in a cycle;
//  - under the lock the taker counts the key's rows in the window and inserts its own row only if
//    fewer than `max` are there, then commits (which releases the lock);
//  - on PostgreSQL at READ COMMITTED (set explicitly: the database's default could be stricter) every
//    statement takes a new snapshot when it starts; the count starts after the lock was granted, and
//    PostgreSQL makes a transaction's commit visible before it releases its locks, so the count sees
//    every earlier holder's row. (At REPEATABLE READ the snapshot would date from the lock statement,
//    before the wait, and the count could miss the holder it waited for.) Several server processes
//    on one database share the locks and the rows, so the count is exact across them;
//  - PGlite has one connection, and the store runs each transaction alone (PGlite's transaction
//    mutex makes every other statement wait for it): the count and the insert are atomic there, and
//    the lock is granted at once;
//  - rows leave a window only by time, by releaseAttempt (a right secret) or by its `forget` (a right
//    password clears its phone's failures), each under the same locks; a deletion only lowers counts.
//    The purge of rows older than every window skips locked rows and never waits.
// Rows live in `login_failures` (key, at): one row per counted attempt, a failure once the check is
// over; a refused attempt (429) is not counted, so hammering a closed key does not push its
// reopening back. An attempt still being checked counts against the others: 5 concurrent right
// passwords for one phone are fine, a 6th at that very moment is told to retry.
import { createHash } from 'node:crypto';
import type { Queryable, Store } from '../store/store.ts';

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_PHONE = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;
/** Rows older than this are in no window: the purge removes them. A longer window must raise it. */
export const LONGEST_WINDOW_MS = LOGIN_WINDOW_MS;

export const phoneKey = (phone: string): string => `phone:${phone}`;
export const addressKey = (address: string): string => `ip:${address}`;

/** At most `max` counted attempts under `key` in any `windowMs`. */
export interface AttemptLimit {
  key: string;
  max: number;
  windowMs: number;
}

/** An attempt that was counted under every key of its limits, at `at` (ms since the epoch). */
export interface CountedAttempt {
  ok: true;
  keys: readonly string[];
  at: number;
}

export type AttemptResult = CountedAttempt | { ok: false; retryAfterSeconds: number };

/** [A12] The limits of one login: the client's address, then the phone. */
export function loginLimits(phone: string, address: string): AttemptLimit[] {
  return [
    { key: addressKey(address), max: MAX_FAILURES_PER_ADDRESS, windowMs: LOGIN_WINDOW_MS },
    { key: phoneKey(phone), max: MAX_FAILURES_PER_PHONE, windowMs: LOGIN_WINDOW_MS },
  ];
}

/**
 * [A14] Counts one attempt under every limit, or none when any limit is full: then the answer says when
 * the last full one opens again (when its `max`-th most recent attempt leaves the window: the
 * Retry-After of [A12]).
 */
export async function takeAttempt(
  store: Store,
  limits: readonly AttemptLimit[],
  now: number,
): Promise<AttemptResult> {
  for (const l of limits) {
    if (!(l.max >= 1 && l.windowMs > 0 && l.windowMs <= LONGEST_WINDOW_MS))
      throw new Error(`attempt limit of ${l.key}: max ${l.max}, window ${l.windowMs} ms`);
  }
  const keys = limits.map((l) => l.key);
  const at = new Date(now).toISOString();
  const result = await underLocks(store, keys, async (tx): Promise<AttemptResult> => {
    let retryAfterSeconds = 0;
    for (const { key, max, windowMs } of limits) {
      const rows = await tx.query<{ at: Date | string }>(
        `SELECT at FROM login_failures WHERE key = $1 AND at > $2::timestamptz
          ORDER BY at DESC OFFSET $3 LIMIT 1`,
        [key, new Date(now - windowMs).toISOString(), max - 1],
      );
      const row = rows[0];
      if (!row) continue;
      const opensAt = new Date(row.at).getTime() + windowMs;
      retryAfterSeconds = Math.max(retryAfterSeconds, 1, Math.ceil((opensAt - now) / 1000));
    }
    if (retryAfterSeconds > 0) return { ok: false, retryAfterSeconds };
    await tx.query(
      `INSERT INTO login_failures (key, at) SELECT k, $2::timestamptz FROM unnest($1::text[]) AS k`,
      [keys, at],
    );
    return { ok: true, keys, at: now };
  });
  if (result.ok) await purgeExpired(store, now);
  return result;
}

/**
 * [A15] Gives a counted attempt back (the secret was right: it is no failure), and forgets every attempt
 * under the keys of `forget` (a right password clears its phone's failures; an address's stay: one
 * good password opens no address).
 */
export async function releaseAttempt(
  store: Store,
  attempt: CountedAttempt,
  forget: readonly string[] = [],
): Promise<void> {
  await underLocks(store, [...attempt.keys, ...forget], async (tx) => {
    if (forget.length > 0) await tx.query('DELETE FROM login_failures WHERE key = ANY($1::text[])', [forget]);
    const at = new Date(attempt.at).toISOString();
    for (const key of attempt.keys.filter((k) => !forget.includes(k))) {
      // Rows of one key and one instant are alike: deleting any one of them un-counts this attempt.
      await tx.query(
        `DELETE FROM login_failures WHERE ctid = (
           SELECT ctid FROM login_failures WHERE key = $1 AND at = $2::timestamptz LIMIT 1)`,
        [key, at],
      );
    }
  });
}

/** Runs `work` in a READ COMMITTED transaction holding the advisory locks of `keys` (see the top). */
async function underLocks<T>(
  store: Store,
  keys: readonly string[],
  work: (tx: Queryable) => Promise<T>,
): Promise<T> {
  const ids = [...new Set(keys.map((k) => attemptLockId(store.schema, k)))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return store.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
    for (const id of ids) await tx.query('SELECT pg_advisory_xact_lock($1::int8)', [id.toString()]);
    return work(tx);
  });
}

/**
 * The lock of one key in one schema: 64 bits of its SHA-256, as the single-int8 advisory lock (a
 * space apart from the int4-pair locks of store.ts). Two keys that collided would only share a lock.
 */
function attemptLockId(schema: string, key: string): bigint {
  return createHash('sha256').update(`${schema}\u0000${key}`).digest().readBigInt64BE(0);
}

/** Old rows are useless to every window: keep the table small as it goes, without waiting for anyone. */
async function purgeExpired(db: Queryable, now: number): Promise<void> {
  await db.query(
    `DELETE FROM login_failures WHERE ctid = ANY (ARRAY(
       SELECT ctid FROM login_failures WHERE at <= $1::timestamptz FOR UPDATE SKIP LOCKED))`,
    [new Date(now - LONGEST_WINDOW_MS).toISOString()],
  );
}
