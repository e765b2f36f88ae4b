// A real PostgreSQL (DATABASE_URL): a pg Pool, every connection on the configured schema. Several
// server processes may share one database; everything that must be serialized is, in the database
// ([S15]).
import pg from 'pg';
import type { Queryable, Store } from './store.ts';

export interface PostgresStoreOptions {
  url: string;
  /** Validated by `isSchemaName`; created if missing. */
  schema: string;
}

/** [S1] Unquoted identifiers only: the name goes into a connection option and into DDL. */
export function isSchemaName(name: string): boolean {
  return /^[a-z_][a-z0-9_]{0,62}$/.test(name);
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  if (!isSchemaName(options.schema)) throw new Error(`invalid schema name: ${options.schema}`);
  // A schema of its own: search_path on every connection, set by the server at connect, so that no
  // statement can run elsewhere. The default schema (public) sends no startup option: a connection
  // pooler in transaction mode (PgBouncer, docs/DEPLOY.md) refuses one, and keeps no session setting.
  const pool = new pg.Pool({
    connectionString: options.url,
    ...(options.schema === 'public' ? {} : { options: `-c search_path=${options.schema}` }),
    max: 10,
  });
  // An idle client that loses its connection emits 'error'; without a listener that kills the process.
  pool.on('error', () => undefined);
  // Fail at start, with the driver's message, rather than at the first request; and, without the
  // option, refuse a search_path that would put the tables elsewhere (a schema named after the user
  // comes first in PostgreSQL's default "$user", public).
  const [where] = (await pool.query<{ schema: string | null }>('SELECT current_schema() AS schema')).rows;
  if (options.schema === 'public' && where?.schema !== 'public') {
    await pool.end();
    throw new Error(
      `the connection's schema is ${String(where?.schema)}, not ${options.schema}: set DATABASE_SCHEMA, or the role's search_path`,
    );
  }

  const run = async <R>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) => {
    const result = await client.query(sql, params ? [...params] : undefined);
    return result.rows as R[];
  };

  return {
    kind: 'postgres',
    schema: options.schema,
    query: <R>(sql: string, params?: readonly unknown[]) => run<R>(pool, sql, params),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: <R>(sql: string, params?: readonly unknown[]) => run<R>(client, sql, params),
        });
        // synchronous_commit (the default) makes COMMIT return only once the WAL is flushed.
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
