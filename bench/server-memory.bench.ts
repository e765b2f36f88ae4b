// The central server's memory under the standard push benchmark (bench/server-workload.ts), against
// DESIGN.md's budget "server memory ≤ 400 MiB resident on the embedded database with a 10,000-household
// commune". The server runs as `npm start` runs it, one process of its own (node --import tsx
// src/server/main.ts), with bench/memory-probe.ts loaded to report its memory over IPC between the
// phases: resident (RSS) and peak resident (VmHWM), V8's heap, external memory and array buffers, and
// the WebAssembly memories (PGlite's heap: size and resident part).
//   1. a fresh data folder (or schema), the whole workload;
//   2. the same folder after a restart (a commune of 10,000 households already there): idle, then the
//      pull and the tallies again, then 10,000 updates in batches of 500.
// On PGlite in a temporary DATA_DIR, and on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is
// set. Prints figures; asserts nothing. Linux (/proc) for the peak and the WebAssembly parts.
// Run: `npm run bench:server-memory` (HOUSEHOLDS=…, VILLAGES=… as bench:server).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { Mutation } from '../src/domain/sync-protocol.ts';
import { Client } from './api-client.ts';
import type { MemoryReport } from './memory-probe.ts';
import {
  BENCH_ADMIN,
  onEachDatabase,
  printWorkload,
  runWorkload,
  type WorkloadPhase,
} from './server-workload.ts';

const HOUSEHOLDS = Number(process.env.HOUSEHOLDS ?? 10_000);
const VILLAGES = Number(process.env.VILLAGES ?? 20);
const ROOT = resolve(import.meta.dirname, '..');
const MIB = 1024 * 1024;

interface Child {
  url: string;
  proc: ChildProcess;
  memory(): Promise<MemoryReport>;
  output(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => done(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function startChild(env: Record<string, string>): Promise<Child> {
  const port = await freePort();
  const clean = { ...process.env };
  for (const key of ['DATABASE_URL', 'DATABASE_SCHEMA', 'DATA_DIR']) delete clean[key];
  const proc = spawn(
    process.execPath,
    // As `npm start` runs it (scripts/start.mjs): the same V8 flags.
    [
      '--max-semi-space-size=4',
      '--import',
      'tsx',
      '--import',
      './bench/memory-probe.ts',
      'src/server/main.ts',
    ],
    {
      cwd: ROOT,
      env: {
        ...clean,
        PORT: String(port),
        HOST: '127.0.0.1',
        SEED_DEMO: '0',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
        ADMIN_PHONE: BENCH_ADMIN.phone,
        ADMIN_PASSWORD: BENCH_ADMIN.password,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((done) => proc.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (proc.exitCode !== null) throw new Error(`the server exited:\n${out}`);
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (tries > 1200) throw new Error(`the server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    proc,
    output: () => out,
    memory: () =>
      new Promise<MemoryReport>((done) => {
        proc.once('message', (m) => done((m as { memory: MemoryReport }).memory));
        proc.send('memory');
      }),
    async stop() {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

interface PullPage {
  changes: { entity: string; entityId: string; version: number }[];
  cursor: string;
  hasMore: boolean;
}

const mib = (bytes: number) => (bytes / MIB).toFixed(0).padStart(5);

function header(): string {
  return `  ${'after'.padEnd(26)}   RSS  peak  V8 heap used/total  external  arrayBuffers  WebAssembly size/resident`;
}

function row(label: string, m: MemoryReport): string {
  const wasm = m.wasm.length
    ? m.wasm.map((w) => `${mib(w.size).trim()}/${mib(w.resident).trim()}`).join(' + ')
    : '—';
  return `  ${label.padEnd(26)} ${mib(m.rss)} ${mib(m.peakRss)}  ${mib(m.heapUsed)} / ${mib(m.heapTotal).trim().padEnd(9)} ${mib(m.external)}  ${mib(m.arrayBuffers).padStart(12)}  ${wasm}`;
}

async function measure(label: string, env: Record<string, string>, budget: number) {
  // 1. A fresh folder or schema: the whole standard workload.
  const first = await startChild(env);
  const rows: string[] = [row('start (empty database)', await first.memory())];
  let figures;
  try {
    figures = await runWorkload(first.url, {
      households: HOUSEHOLDS,
      villages: VILLAGES,
      after: async (phase: WorkloadPhase) => {
        rows.push(row(phase, await first.memory()));
      },
    });
  } catch (error) {
    console.error(first.output().slice(-4000));
    throw error;
  } finally {
    await first.stop();
  }
  printWorkload(`${label}, the server in its own process`, figures, budget);
  console.log(`\n  memory (MiB) of the server process, fresh database:\n${header()}\n${rows.join('\n')}`);

  // 2. A restart on the same storage: what a commune's server holds day to day.
  const second = await startChild(env);
  const again: string[] = [row('restart (10,000 households)', await second.memory())];
  try {
    const one = await new Client(second.url).login('0911000002', 'bench-pass-1');
    let cursor: string | undefined;
    for (;;) {
      const q = cursor ? `?limit=1000&cursor=${encodeURIComponent(cursor)}` : '?limit=1000';
      const page = await one.call<{ cursor: string; hasMore: boolean }>('GET', `/api/sync/pull${q}`);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    again.push(row('a full pull of a village', await second.memory()));
    const police = await new Client(second.url).login('0911000003', 'bench-pass-1');
    for (let i = 0; i < 20; i++) await police.call('GET', '/api/tallies?areaId=xa-bench');
    again.push(row('20 tallies of the commune', await second.memory()));
    const volunteer = await new Client(second.url).login('0911000001', 'bench-pass-1');
    const persons: { entityId: string; version: number }[] = [];
    cursor = undefined;
    while (persons.length < 10_000) {
      const q: string = cursor ? `?limit=1000&cursor=${encodeURIComponent(cursor)}` : '?limit=1000';
      const page: PullPage = await volunteer.call<{
        changes: { entity: string; entityId: string; version: number }[];
        cursor: string;
        hasMore: boolean;
      }>('GET', `/api/sync/pull${q}`);
      persons.push(...page.changes.filter((c) => c.entity === 'person'));
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const targets = persons.slice(0, 10_000);
    for (let i = 0; i < targets.length; i += 500) {
      const mutations: Mutation[] = targets.slice(i, i + 500).map((p) => ({
        id: randomUUID(),
        entity: 'person',
        entityId: p.entityId,
        op: 'upsert',
        baseVersion: p.version,
        fields: { note: 'Ghi chú C' },
        clientTime: new Date().toISOString(),
      }));
      await volunteer.call('POST', '/api/sync/push', { deviceId: volunteer.deviceId, mutations });
    }
    again.push(row('10,000 updates by 500', await second.memory()));
  } finally {
    await second.stop();
  }
  console.log(`\n  after a restart on the same database:\n${header()}\n${again.join('\n')}`);
}

await onEachDatabase({
  pglite: (dataDir) => measure('PGlite (embedded, on disk)', { DATA_DIR: dataDir }, 500),
  postgres: (url, schema) => measure('PostgreSQL 15', { DATABASE_URL: url, DATABASE_SCHEMA: schema }, 2000),
});
console.log(`\nBudget: ≤ 400 MiB resident on the embedded database with a 10,000-household commune.`);
