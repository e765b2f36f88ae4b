// `npm start` / `tsx src/server/main.ts`: reads the environment (SYNC-API.md "Running the server"),
// starts the server, prints where it listens (and the demo logins), and shuts down gracefully on
// SIGTERM / SIGINT.
import { startServer, StartupError, type RunningServer } from './app-server.ts';
import { parseTrustedProxies } from './http/client-address.ts';
import { parseMinClientBuild } from './http/client-version.ts';
import { parseDrainMs, parseMetricsToken } from './ops/settings.ts';
import { printDemoLogins } from './print-demo-logins.ts';
import { parseSnapshotTime } from './trends/snapshot-time.ts';

const env = process.env;
const databaseUrl = env.DATABASE_URL || undefined;
const seedDefault = databaseUrl ? '0' : '1';

const proxies = parseTrustedProxies(env.TRUSTED_PROXIES);
if (!proxies.ok) {
  console.error(`Sổ 06: the server did not start.\n${proxies.message}`);
  process.exit(1);
}
const minBuild = parseMinClientBuild(env.MIN_CLIENT_BUILD);
if (!minBuild.ok) {
  console.error(`Sổ 06: the server did not start.\n${minBuild.message}`);
  process.exit(1);
}
// [S1] POLICE_MANAGE: 1 (default) or 0; anything else stops the start.
const policeManage = env.POLICE_MANAGE ?? '1';
if (policeManage !== '0' && policeManage !== '1') {
  console.error(
    `Sổ 06: the server did not start.\nPOLICE_MANAGE: 1 or 0, not ${JSON.stringify(policeManage)}`,
  );
  process.exit(1);
}

// [G1] SNAPSHOT_TIME: HH:MM in Vietnam's time (default 23:00); anything else stops the start.
const snapshotTime = parseSnapshotTime(env.SNAPSHOT_TIME);
if (!snapshotTime.ok) {
  console.error(`Sổ 06: the server did not start.\n${snapshotTime.message}`);
  process.exit(1);
}

// [S22] METRICS_TOKEN: unset for no /api/metrics; shorter than 16 characters stops the start.
const metricsToken = parseMetricsToken(env.METRICS_TOKEN);
if (!metricsToken.ok) {
  console.error(`Sổ 06: the server did not start.\n${metricsToken.message}`);
  process.exit(1);
}
// [S20] SHUTDOWN_DRAIN_MS: how long a stop keeps answering with readiness failed (default 5000).
const drainMs = parseDrainMs(env.SHUTDOWN_DRAIN_MS);
if (!drainMs.ok) {
  console.error(`Sổ 06: the server did not start.\n${drainMs.message}`);
  process.exit(1);
}

let server: RunningServer;
try {
  server = await startServer({
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '127.0.0.1',
    dataDir: env.DATA_DIR ?? './data',
    databaseUrl,
    databaseSchema: env.DATABASE_SCHEMA || undefined,
    adminPhone: env.ADMIN_PHONE || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    seedDemo: (env.SEED_DEMO ?? seedDefault) === '1',
    staticDir: env.STATIC_DIR ?? './dist',
    logLevel: env.LOG_LEVEL ?? 'info',
    trustedProxies: proxies.proxies,
    minClientBuild: minBuild.minClientBuild,
    policeManage: policeManage === '1',
    snapshotTime: env.SNAPSHOT_TIME || undefined,
    metricsToken: metricsToken.value,
    drainMs: drainMs.value,
  });
} catch (error) {
  console.error(
    `Sổ 06: the server did not start.\n${error instanceof StartupError ? error.message : String(error)}`,
  );
  process.exit(1);
}

console.log(
  `Sổ 06 is running at ${server.url}/ (database: ${server.db === 'pglite' ? `PGlite in ${env.DATA_DIR ?? './data'}` : 'PostgreSQL'})`,
);
if (server.demoLogins) printDemoLogins(server.demoLogins);

let stopping = false;
// [S17] A stop signal finishes the requests under way, then closes the database; [S20] first it drains:
// readiness fails and new writes are refused for SHUTDOWN_DRAIN_MS, so the load balancer moves on.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(
      `Sổ 06: ${signal}, draining for ${drainMs.value} ms (SHUTDOWN_DRAIN_MS), then finishing requests in flight…`,
    );
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Sổ 06: error while closing: ${String(error)}`);
        process.exit(1);
      },
    );
  });
}
