// Starts the central server: storage (PGlite in a folder, or PostgreSQL), migrations, the HTTP app
// serving the API and the built PWA from one origin. Used by main.ts (env) and by the tests.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { ensureAdmin } from './accounts/users.ts';
import { DEMO_COMMUNE, DEMO_LOGINS, seedDemo, type DemoLogin } from './demo-seed.ts';
import { normalizeAddress } from './http/client-address.ts';
import { createApp } from './http/app.ts';
import { createLogger, type DestinationStream } from './log.ts';
import { createDrain } from './ops/drain.ts';
import { createMetrics, NO_METRICS } from './ops/metrics.ts';
import { parseMetricsToken } from './ops/settings.ts';
import { openStore } from './store/open-store.ts';
import { startSnapshotScheduler } from './trends/snapshot-scheduler.ts';
import { parseSnapshotTime } from './trends/snapshot-time.ts';
import type { DailySnapshotReport } from './trends/take-snapshots.ts';

export interface ServerOptions {
  /** TCP port; 0 picks a free one (tests). Default 8080. */
  port?: number;
  /** Bind address. Default 127.0.0.1. */
  host?: string;
  /** Folder of the embedded database (PGlite). Default ./data. Ignored when `databaseUrl` is set. */
  dataDir?: string;
  /** postgres://… : use this PostgreSQL instead of the embedded database. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (search_path); created if missing. Default public. */
  databaseSchema?: string;
  /** Embedded database in memory only (nothing on disk): for tests. */
  memory?: boolean;
  /** At start, create this admin if no user has that phone (never changes an existing one). */
  adminPhone?: string;
  adminPassword?: string;
  /** Seed the demo commune when the database has no area. */
  seedDemo?: boolean;
  /** The built PWA to serve. Default ./dist. */
  staticDir?: string;
  /** The clock, in ms since the epoch. Default Date.now. */
  now?: () => number;
  /** pino level; default 'info' ('silent' in tests). */
  logLevel?: string;
  /** Where the log lines go; default standard output (tests capture them). */
  logDestination?: DestinationStream;
  /** Addresses of the load balancers in front: their X-Forwarded-For names the client. Default none. */
  trustedProxies?: readonly string[];
  /** The oldest phone build served on push and pull (MIN_CLIENT_BUILD); older ones get 426. Default all. */
  minClientBuild?: number;
  /** POLICE_MANAGE: commune police manage their own communes (villages, volunteers, phones). Default true. */
  policeManage?: boolean;
  /** SNAPSHOT_TIME: HH:MM, Vietnam's time, of the daily snapshots ([G1]). Default 23:00. */
  snapshotTime?: string;
  /** How often the server looks for due snapshots ([G2]), in ms. Default a minute; tests change it. */
  snapshotCheckMs?: number;
  /**
   * SHUTDOWN_DRAIN_MS ([S20]): how long close() keeps answering, readiness failing and new writes
   * refused, before it stops accepting connections, so that the load balancer sees readiness fail
   * first. Default 0 (main.ts: 5000).
   */
  drainMs?: number;
  /** METRICS_TOKEN ([S22]): GET /api/metrics for this bearer token only (16 characters or more). Default off. */
  metricsToken?: string;
  /** How long readiness waits for the database ([S19]). Default 2 s. */
  readyTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  db: 'pglite' | 'postgres';
  /**
   * Graceful ([S17], [S20]): drain at once (readiness fails, new writes are refused 503), wait `drainMs`
   * and for the writes under way, then stop accepting, finish requests in flight, close the database.
   */
  close(): Promise<void>;
  /** The demo logins, when `seedDemo` is on and the demo commune exists (an addition to the contract). */
  demoLogins: readonly DemoLogin[] | null;
  /**
   * Looks for due daily snapshots now, as the minute timer does ([G2]), reading the clock as it is:
   * for tests, which move the clock by hand, and for the CLI.
   */
  takeSnapshots(): Promise<DailySnapshotReport | null>;
}

/** Why the server could not start, with a message for the person starting it. */
export class StartupError extends Error {
  constructor(
    readonly code: 'in_use' | 'bad_config' | 'bad_admin' | 'listen_failed',
    message: string,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  const log = createLogger(options.logLevel ?? 'info', options.logDestination);
  const snapshotTime = parseSnapshotTime(options.snapshotTime);
  if (!snapshotTime.ok) throw new StartupError('bad_config', snapshotTime.message);
  const metricsToken = parseMetricsToken(options.metricsToken);
  if (!metricsToken.ok) throw new StartupError('bad_config', metricsToken.message);
  const drainMs = options.drainMs ?? 0;
  if (!Number.isFinite(drainMs) || drainMs < 0)
    throw new StartupError('bad_config', `drainMs: milliseconds, 0 or more, not ${drainMs}`);
  const opened = await openStore(options);
  if (!opened.ok) throw new StartupError(opened.code, opened.message);
  const store = opened.store;

  try {
    if (options.adminPhone && options.adminPassword) {
      const admin = await ensureAdmin(
        store,
        { phone: options.adminPhone, password: options.adminPassword },
        now(),
      );
      if (!admin.ok) throw new StartupError('bad_admin', `ADMIN_PHONE / ADMIN_PASSWORD: ${admin.message}`);
    }
    let demoLogins: readonly DemoLogin[] | null = null;
    if (options.seedDemo) {
      const seeded = await seedDemo(store, now());
      if (seeded.seeded) log.info({ records: seeded.records }, 'demo commune seeded');
      // Only the logins whose areas exist: a demo seeded by an earlier version has no province, and
      // its province login would not sign in.
      const wanted = [DEMO_COMMUNE.id, ...DEMO_LOGINS.flatMap((l) => l.areaIds)];
      const rows = await store.query<{ id: string }>('SELECT id FROM areas WHERE id = ANY($1::text[])', [
        wanted,
      ]);
      const existing = new Set(rows.map((r) => r.id));
      if (existing.has(DEMO_COMMUNE.id))
        demoLogins = DEMO_LOGINS.filter((l) => l.areaIds.every((id) => existing.has(id)));
    }

    const drain = createDrain();
    // One registry per server, and only when someone may read it ([S22]).
    const metrics = metricsToken.value ? createMetrics({ store, now, drain, log }) : NO_METRICS;
    const app = createApp(
      {
        store,
        now,
        log,
        staticDir: options.staticDir ?? './dist',
        trustedProxies: new Set((options.trustedProxies ?? []).map(normalizeAddress)),
        policeManage: options.policeManage ?? true,
        metrics,
        drain,
      },
      {
        minClientBuild: options.minClientBuild,
        metricsToken: metricsToken.value,
        readyTimeoutMs: options.readyTimeoutMs,
      },
    );
    const host = options.host ?? '127.0.0.1';
    const server = await listen(app.fetch, options.port ?? 8080, host);
    const port = (server.address() as AddressInfo).port;
    // [G2] Daily snapshots: a look now (catch-up), then every minute; on the services' clock.
    const snapshots = startSnapshotScheduler({
      store,
      now,
      log,
      minutes: snapshotTime.minutes,
      intervalMs: options.snapshotCheckMs,
    });
    let closing: Promise<void> | null = null;
    return {
      url: `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${port}`,
      port,
      db: store.kind,
      demoLogins,
      takeSnapshots: () => snapshots.checkFresh(),
      close() {
        closing ??= (async () => {
          // [S20] Drain: readiness fails and new writes are refused at once; the listener stays open
          // (so that those refusals are answered) for `drainMs` and until the writes under way are done.
          drain.start();
          const stopped = snapshots.stop();
          stopped.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
          await Promise.all([delay(drainMs), drain.settled(WRITES_CAP_MS)]);
          // [S17] Stop accepting, let requests in flight finish (their transactions commit), then the database.
          await Promise.all([closeHttp(server), stopped]);
          await store.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

/** How long a drain waits for the writes under way before it closes the listener regardless ([S20]). */
const WRITES_CAP_MS = 10_000;

const delay = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Graceful close: idle keep-alive sockets go at once, busy ones after their answer, stragglers after 10 s. */
function closeHttp(server: Server): Promise<void> {
  return new Promise<void>((done) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const cap = setTimeout(() => server.closeAllConnections(), 10_000);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cap);
      done();
    });
    server.closeIdleConnections();
  });
}

function listen(
  fetch: Parameters<typeof serve>[0]['fetch'],
  port: number,
  hostname: string,
): Promise<Server> {
  return new Promise((done, fail) => {
    const server = serve({ fetch, port, hostname }) as Server;
    server.once('error', (error) =>
      fail(new StartupError('listen_failed', `cannot listen on ${hostname}:${port}: ${error.message}`)),
    );
    server.once('listening', () => done(server));
  });
}
