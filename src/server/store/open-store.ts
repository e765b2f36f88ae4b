// Picks the store from the options (DATABASE_URL → PostgreSQL, else PGlite in DATA_DIR or in memory),
// takes the data folder's lock for PGlite ([S8]), and brings the schema up to date ([S7]). Records,
// accounts and tokens live in the database, none only in this process's memory ([S6]).
import { resolve } from 'node:path';
import { lockDataDir } from './data-dir-lock.ts';
import { migrate } from './migrations.ts';
import { openPgliteStore } from './pglite-store.ts';
import { isSchemaName, openPostgresStore } from './postgres-store.ts';
import type { Store } from './store.ts';

export interface OpenStoreOptions {
  databaseUrl?: string | undefined;
  databaseSchema?: string | undefined;
  dataDir?: string | undefined;
  memory?: boolean | undefined;
}

export type OpenStoreResult =
  { ok: true; store: Store } | { ok: false; code: 'in_use' | 'bad_config'; message: string };

export async function openStore(options: OpenStoreOptions): Promise<OpenStoreResult> {
  let store: Store;
  if (options.databaseUrl) {
    const schema = options.databaseSchema ?? 'public';
    // [S1] A malformed DATABASE_SCHEMA stops the start.
    if (!isSchemaName(schema)) {
      return {
        ok: false,
        code: 'bad_config',
        message: `DATABASE_SCHEMA must match [a-z_][a-z0-9_]*, got "${schema}"`,
      };
    }
    store = await openPostgresStore({ url: options.databaseUrl, schema });
  } else if (options.memory) {
    store = await openPgliteStore({ dataDir: null });
  } else {
    const dir = resolve(options.dataDir ?? './data');
    const lock = lockDataDir(dir);
    if (!lock.ok) {
      return { ok: false, code: lock.code === 'in_use' ? 'in_use' : 'bad_config', message: lock.message };
    }
    try {
      const inner = await openPgliteStore({ dataDir: dir });
      store = { ...inner, close: () => inner.close().finally(lock.release) };
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  try {
    await migrate(store);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return { ok: true, store };
}
