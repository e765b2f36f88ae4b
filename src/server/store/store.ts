// The one narrow storage interface of the server: SQL in one dialect (PostgreSQL's) over two
// implementations, the embedded PGlite and a real PostgreSQL. Everything above it is shared.

/** Something SQL can be sent to: the store itself, or an open transaction. */
export interface Queryable {
  /** Runs one statement with `$1…` parameters and returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/**
 * A jsonb column's value. node-postgres and PGlite parse jsonb, but a driver or a cast may leave it as
 * its text: every read of a jsonb column goes through here, so that both shapes are one.
 */
export function jsonColumn<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

export type StoreKind = 'pglite' | 'postgres';

export interface Store extends Queryable {
  readonly kind: StoreKind;
  /** The schema the tables live in (`public` unless DATABASE_SCHEMA says otherwise). */
  readonly schema: string;
  /**
   * Runs `work` in one transaction. Invariant: when the returned promise resolves, the transaction is
   * committed AND on disk (PostgreSQL's synchronous commit; on PGlite too, which the store runs with
   * fsync on), so an answer sent after it can be trusted by the phone ([P17], [S14]). A thrown error
   * rolls everything back.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Advisory-lock keys (first int4 of the pair); the second names the schema, see `lockKeyOf`. */
export const LOCK_MIGRATE = 0x50_06_00_01;
/**
 * Once held by every transaction that wrote records (one push at a time in the whole database). Since
 * issue 18 writers lock the villages they write instead (police/village-tallies.ts) and one user's
 * writes take turns (LOCK_USER_WRITES); the demo seed still takes it, so that two processes starting
 * at once seed once.
 */
export const LOCK_RECORDS = 0x50_06_00_02;
/** One user's writes of records take turns: exactly once per user ([P6], [P7]); see lockUserWrites. */
export const LOCK_USER_WRITES = 0x50_06_00_03;

/** A stable 32-bit signed key for a schema name, so that two schemas of one database never block each other. */
export function lockKeyOf(schema: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < schema.length; i++) {
    h ^= schema.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** Waits for the exclusive lock `kind` of this schema until the transaction ends. */
export async function lockForTransaction(tx: Queryable, schema: string, kind: number): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::int4, $2::int4)', [kind, lockKeyOf(schema)]);
}

/**
 * Waits until no other transaction writes records as `userId` (on any process of this schema), until
 * this transaction ends: a retry racing its original finds the first answer ([P7]). Keyed by a hash of
 * the schema and the user: two users sharing a hash only take turns.
 */
export async function lockUserWrites(tx: Queryable, schema: string, userId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::int4, $2::int4)', [
    LOCK_USER_WRITES,
    lockKeyOf(`${schema}:${userId}`),
  ]);
}
