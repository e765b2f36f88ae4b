// The keyed attempt counter under the login limits (src/server/accounts/login-limits.ts), on the store
// itself, PGlite and PostgreSQL: at most `max` counted attempts per key in the window, counted before
// the secret is checked; a refused attempt counts under no key; a right secret gives its attempt back.
// The invariant "request k in commit order is evaluated only if k ≤ max" is checked with concurrent
// takers on one store, and on PostgreSQL with two stores (two pools, as two processes) on one schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LONGEST_WINDOW_MS,
  releaseAttempt,
  takeAttempt,
  type AttemptLimit,
  type AttemptResult,
} from '../../src/server/accounts/login-limits.ts';
import { openStore } from '../../src/server/store/open-store.ts';
import type { Store } from '../../src/server/store/store.ts';
import { BACKENDS, dropSchema, randomSchema, type Backend } from '../support/server.ts';

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-20T01:00:00.000Z');

async function open(backend: Backend, schema: string): Promise<Store> {
  const opened = await openStore(
    backend === 'postgres'
      ? { databaseUrl: process.env.TEST_DATABASE_URL, databaseSchema: schema }
      : { memory: true },
  );
  if (!opened.ok) throw new Error(opened.message);
  return opened.store;
}

let n = 0;
/** A key no other test uses. */
const fresh = (max: number, windowMs = 15 * MINUTE): AttemptLimit => ({ key: `test:${++n}`, max, windowMs });

const okCount = (results: AttemptResult[]) => results.filter((r) => r.ok).length;

async function rowsOf(store: Store, key: string): Promise<number> {
  const [row] = await store.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM login_failures WHERE key = $1',
    [key],
  );
  return Number(row!.n);
}

describe.each(BACKENDS)('[A14] the keyed attempt counter on %s', (backend) => {
  const schema = randomSchema();
  let store: Store;

  beforeAll(async () => {
    store = await open(backend, schema);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    if (backend === 'postgres') await dropSchema(schema);
  }, 60_000);

  it('[A12] counts at most max in the window; the next is refused until the oldest counted one leaves it', async () => {
    const limit = fresh(3);
    for (let i = 0; i < 3; i++) expect((await takeAttempt(store, [limit], T0 + i * MINUTE)).ok).toBe(true);
    expect(await takeAttempt(store, [limit], T0 + 3 * MINUTE)).toEqual({
      ok: false,
      retryAfterSeconds: 12 * 60,
    });
    // Refusals are not counted: the opening does not move.
    for (let i = 0; i < 5; i++) await takeAttempt(store, [limit], T0 + 3 * MINUTE);
    expect(await rowsOf(store, limit.key)).toBe(3);
    expect(await takeAttempt(store, [limit], T0 + 15 * MINUTE - 1)).toEqual({
      ok: false,
      retryAfterSeconds: 1,
    });
    expect((await takeAttempt(store, [limit], T0 + 15 * MINUTE)).ok).toBe(true);
  });

  it('[A14] counts under every key or none: a full key refuses the attempt, and the others are not charged', async () => {
    const small = fresh(1);
    const big = fresh(3);
    expect((await takeAttempt(store, [big, small], T0)).ok).toBe(true);
    const refused = await takeAttempt(store, [big, small], T0 + MINUTE);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 14 * 60 });
    expect(await rowsOf(store, big.key)).toBe(1);
    expect(okCount([await takeAttempt(store, [big], T0), await takeAttempt(store, [big], T0)])).toBe(2);
    expect((await takeAttempt(store, [big], T0)).ok).toBe(false);
  });

  it('[A12] when several keys are full, Retry-After is the latest of their openings', async () => {
    const a = fresh(1);
    const b = fresh(1);
    expect((await takeAttempt(store, [a], T0)).ok).toBe(true);
    expect((await takeAttempt(store, [b], T0 + 5 * MINUTE)).ok).toBe(true);
    expect(await takeAttempt(store, [a, b], T0 + 6 * MINUTE)).toEqual({
      ok: false,
      retryAfterSeconds: 14 * 60,
    });
  });

  it('[A15] a right secret gives its attempt back; forget clears a key’s attempts', async () => {
    const phone = fresh(2);
    const address = fresh(2);
    const first = await takeAttempt(store, [address, phone], T0);
    const second = await takeAttempt(store, [address, phone], T0);
    expect(first.ok && second.ok).toBe(true);
    expect((await takeAttempt(store, [address, phone], T0)).ok).toBe(false);
    if (!second.ok) throw new Error('unreachable');
    await releaseAttempt(store, second);
    expect([await rowsOf(store, address.key), await rowsOf(store, phone.key)]).toEqual([1, 1]);
    const third = await takeAttempt(store, [address, phone], T0);
    if (!third.ok) throw new Error('the given-back attempt was not freed');
    await releaseAttempt(store, third, [phone.key]);
    expect([await rowsOf(store, address.key), await rowsOf(store, phone.key)]).toEqual([1, 0]);
  });

  it('[A14] 100 concurrent takers of one key: exactly max are counted (request k is evaluated only if k ≤ max)', async () => {
    const phone = fresh(5);
    const address = fresh(30);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => takeAttempt(store, i % 2 ? [address, phone] : [phone], T0)),
    );
    expect(okCount(results)).toBe(5);
    expect(await rowsOf(store, phone.key)).toBe(5);
    // Takers of many keys at once, sharing one: that one caps them.
    const shared = fresh(30);
    const spread = await Promise.all(
      Array.from({ length: 100 }, () => takeAttempt(store, [shared, fresh(5)], T0)),
    );
    expect(okCount(spread)).toBe(30);
  });

  it('[A15] concurrent give-backs of alike attempts each free one', async () => {
    const limit = fresh(10);
    const taken = await Promise.all(Array.from({ length: 10 }, () => takeAttempt(store, [limit], T0)));
    await Promise.all(taken.map((t) => (t.ok ? releaseAttempt(store, t) : Promise.resolve())));
    expect(await rowsOf(store, limit.key)).toBe(0);
  });

  it('[A12] rows older than every window are purged as attempts go', async () => {
    const old = fresh(3);
    expect((await takeAttempt(store, [old], T0)).ok).toBe(true);
    expect(await rowsOf(store, old.key)).toBe(1);
    expect((await takeAttempt(store, [fresh(3)], T0 + LONGEST_WINDOW_MS)).ok).toBe(true);
    expect(await rowsOf(store, old.key)).toBe(0);
  });

  it('[A12] refuses a limit it cannot keep (no room, or a window longer than the purge keeps)', async () => {
    await expect(takeAttempt(store, [fresh(0)], T0)).rejects.toThrow(/max 0/);
    await expect(takeAttempt(store, [fresh(3, LONGEST_WINDOW_MS + 1)], T0)).rejects.toThrow(/window/);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('[A14] two stores on one PostgreSQL schema', () => {
  const schema = randomSchema();
  let a: Store;
  let b: Store;

  beforeAll(async () => {
    a = await open('postgres', schema);
    b = await open('postgres', schema);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await dropSchema(schema);
  }, 60_000);

  it('[A14] 200 concurrent takers through two pools: exactly max are counted per key', async () => {
    for (let round = 0; round < 5; round++) {
      const phone = fresh(5);
      const address = fresh(30);
      // Even takers: the phone, beside an address of their own (listed in either order: the locks are
      // taken in one order whatever the list's). Odd takers: the address, beside a phone of their own.
      const limits = (i: number) =>
        i % 2 === 0 ? (i % 4 ? [phone, fresh(30)] : [fresh(30), phone]) : [address, fresh(5)];
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => takeAttempt(i % 3 ? a : b, limits(i), T0)),
      );
      expect(okCount(results.filter((_, i) => i % 2 === 0)), `round ${round}: phone`).toBe(5);
      expect(okCount(results.filter((_, i) => i % 2 === 1)), `round ${round}: address`).toBe(30);
    }
  });
});
