// A PgBouncer of Debian's package in transaction mode, in front of a fresh database of the test
// PostgreSQL (TEST_DATABASE_URL), as docs/DEPLOY.md sets one up: the server processes connect to it
// with the default schema (public). Started as the `postgres` user when the tests run as root
// (PgBouncer refuses root).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './server.ts';

const BINARY = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((p) => existsSync(p)) ?? null;

/** Whether Debian's pgbouncer is installed (.ci/run installs it). */
export const hasPgBouncer = (): boolean => BINARY !== null;

export interface PgBouncer {
  /** postgres://… through the pooler, to the fresh database. */
  url: string;
  /** postgres://… straight to the fresh database (for the test's own look at it). */
  directUrl: string;
  stop(): Promise<void>;
}

/**
 * A fresh database behind a new PgBouncer, dropped by stop(); or, with `database`, that existing
 * database of the same server (kept by stop(): the province benchmark's).
 */
export async function startPgBouncer(
  serverUrl: string,
  options: { database?: string } = {},
): Promise<PgBouncer> {
  if (!BINARY) throw new Error('pgbouncer is not installed');
  const server = new URL(serverUrl);
  const database = options.database ?? `so06_pgb_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  if (!options.database) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
  }
  const directUrl = new URL(serverUrl);
  directUrl.pathname = `/${database}`;

  const dir = mkdtempSync(join(tmpdir(), 'so06-pgbouncer-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  const user = decodeURIComponent(server.username);
  const password = decodeURIComponent(server.password);
  writeFileSync(join(dir, 'userlist.txt'), `"${user}" "${password}"\n`);
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `${database} = host=${server.hostname} port=${server.port || 5432} dbname=${database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      'auth_type = plain',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 500',
      `default_pool_size = ${options.database ? 40 : 20}`,
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  for (const f of ['userlist.txt', 'pgbouncer.ini']) chmodSync(join(dir, f), 0o644);
  const asRoot = process.getuid?.() === 0;
  const child: ChildProcess = spawn(
    BINARY,
    [...(asRoot ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = new URL(serverUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  url.pathname = `/${database}`;
  // Ready when a query goes through it.
  for (let i = 0; ; i++) {
    const probe = new pg.Client({ connectionString: url.toString() });
    try {
      await probe.connect();
      await probe.query('SELECT 1');
      await probe.end();
      break;
    } catch (error) {
      await probe.end().catch(() => undefined);
      if (i > 100 || child.exitCode !== null)
        throw new Error(`pgbouncer did not start: ${String(error)}\n${out}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  return {
    url: url.toString(),
    directUrl: directUrl.toString(),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.database) {
        const again = new pg.Client({ connectionString: serverUrl });
        await again.connect();
        await again.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await again.end();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
