// The embedded database: PGlite (PostgreSQL in WebAssembly) in a folder, or in memory for tests.
// One process only (see data-dir-lock.ts); PGlite itself runs one statement at a time.
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Queryable, Store } from './store.ts';
import { walSyncOf, type WalSync } from './wal-sync.ts';

export interface PgliteStoreOptions {
  /** The folder, or null for an in-memory database (nothing on disk). */
  dataDir: string | null;
}

export async function openPgliteStore(options: PgliteStoreOptions): Promise<Store> {
  const db =
    options.dataDir === null ? await PGlite.create() : await PGlite.create({ dataDir: options.dataDir });
  const wal: WalSync | null = options.dataDir === null ? null : walSyncOf(options.dataDir);

  const run = async <R>(q: PGlite | Transaction, sql: string, params?: readonly unknown[]): Promise<R[]> => {
    const result = await q.query<R>(sql, params ? [...params] : undefined);
    return result.rows;
  };

  return {
    kind: 'pglite',
    schema: 'public',
    async query<R>(sql: string, params?: readonly unknown[]) {
      const rows = await run<R>(db, sql, params);
      // A statement outside a transaction commits on its own: make it durable before anyone relies on it.
      await wal?.flush();
      return rows;
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const result = await db.transaction(async (tx) =>
        work({ query: <R>(sql: string, params?: readonly unknown[]) => run<R>(tx, sql, params) }),
      );
      // PGlite's transaction() does not sync after COMMIT (electric-sql/pglite#1065), and its fsync is
      // off: flush the WAL ourselves before the caller answers anyone.
      await wal?.flush();
      return result;
    },
    async close() {
      await db.close();
    },
  };
}
