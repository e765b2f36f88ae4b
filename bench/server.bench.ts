// The central server under load, over real HTTP on loopback: mutations per second through
// POST /api/sync/push (batches of 500 creating a commune of 10,000 households, then batches of 100
// and 500 of updates), a full pull of a 500-household village, and the tallies of the commune
// (the workload is bench/server-workload.ts). The server runs in this process, on PGlite (on disk,
// as `npm start` runs it) and on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set.
// Prints figures against DESIGN.md's budgets; asserts nothing. The server's memory under the same
// workload, in a process of its own: `npm run bench:server-memory`.
// Run: `npm run bench:server` (HOUSEHOLDS=… to resize; VILLAGES=… how many villages share them).
import { startServer, type ServerOptions } from '../src/server/app-server.ts';
import { BENCH_ADMIN, onEachDatabase, printWorkload, runWorkload } from './server-workload.ts';

const HOUSEHOLDS = Number(process.env.HOUSEHOLDS ?? 10_000);
const VILLAGES = Number(process.env.VILLAGES ?? 20);

async function run(label: string, options: Partial<ServerOptions>, budget: number) {
  const server = await startServer({
    port: 0,
    logLevel: 'silent',
    seedDemo: false,
    adminPhone: BENCH_ADMIN.phone,
    adminPassword: BENCH_ADMIN.password,
    ...options,
  });
  try {
    const base = server.url.replace(/\/$/, '');
    const figures = await runWorkload(base, { households: HOUSEHOLDS, villages: VILLAGES });
    printWorkload(label, figures, budget);
  } finally {
    await server.close();
  }
}

await onEachDatabase({
  pglite: (dataDir) => run('PGlite (embedded, on disk)', { dataDir }, 500),
  postgres: (url, schema) => run('PostgreSQL 15', { databaseUrl: url, databaseSchema: schema }, 2000),
});
