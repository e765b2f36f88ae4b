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
 * Held by every transaction that writes records: commit order = sequence order (see sync-service/push.ts;
 * [PL4], [P7], [S15]).
 */
export const LOCK_RECORDS = 0x50_06_00_02;

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
