// The embedded database: PGlite (PostgreSQL in WebAssembly) in a folder, or in memory for tests.
// One process per folder (data-dir-lock.ts); PGlite itself runs one statement at a time.
//
// Durability ([S10]). As shipped, PGlite starts PostgreSQL with fsync off (-F), and Emscripten's Node
// filesystem (NODEFS) has no fsync: fsync() inside the WebAssembly returns 0 and does nothing, and so
// does fdatasync(). Here fsync is on, NODEFS's streams get an fsync that reaches the disk (fdatasync for
// a file, fsync for a folder), and the WAL is flushed with fsync() (wal_sync_method=fsync, since
// fdatasync() cannot be reached from JavaScript). PostgreSQL then keeps its own promises as on any disk:
// a COMMIT returns once its WAL is on disk; a checkpoint fsyncs every data file it wrote, then
// pg_control, before it lets WAL go; a start after a crash fsyncs the whole folder before recovery.
// Two things PostgreSQL's other processes would do, the store does: it asks for checkpoints (see
// CheckpointPolicy), and before PostgreSQL opens the folder it fsyncs every file and folder in it
// (~80 ms at 10,000 households when nothing is dirty), so that a folder just made by initdb (plain
// writes), restored by a plain copy, or left by a version of Sổ 06 that ran with fsync off is on disk
// before anything is built on it.
//
// Memory. PostgreSQL's memory lives in the WebAssembly instance's heap, which never shrinks, and its
// shared_buffers are all resident from the start (128 MB by default): see MEMORY_SETTINGS. initdb runs
// in a short-lived child process, because the second instance it needs (and its 200+ MiB of buffers)
// otherwise stays in this process's resident memory for good (docs/BENCHMARKS.md, the server's memory).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import type { Queryable, Store } from './store.ts';

export interface PgliteStoreOptions {
  /** The folder, or null for an in-memory database (nothing on disk). */
  dataDir: string | null;
  /** When the store asks for a checkpoint (on disk only); CHECKPOINTS by default. */
  checkpoints?: CheckpointPolicy;
}

/**
 * PGlite runs PostgreSQL as a single-user backend: no checkpointer process, and no checkpoint of its
 * own accord, neither on a timer nor at max_wal_size (measured: 150 MB of WAL past a 64 MB
 * max_wal_size, none), only at a clean stop. Without one, pg_wal/ keeps every segment since the
 * server started and a restart after a crash replays all of it. So the store asks, as PostgreSQL's
 * checkpointer would. A checkpoint holds PGlite's one connection (~0.1–0.3 s after 64 MB of WAL), so
 * it waits for a quiet moment: every `checkEveryMs`, when no statement has run for `idleMs`, it
 * checkpoints if `walBytes` of WAL were written since the last one, or anything was and `timeoutMs`
 * passed; and, busy or not, once `forceBytes` were written.
 */
export interface CheckpointPolicy {
  checkEveryMs: number;
  idleMs: number;
  walBytes: number;
  forceBytes: number;
  timeoutMs: number;
}

/** [S13] 64 MB of WAL or 5 minutes with writes, in a quiet moment (2 s); 512 MB whatever the load. */
export const CHECKPOINTS: CheckpointPolicy = {
  checkEveryMs: 2_000,
  idleMs: 2_000,
  walBytes: 64 * 1024 * 1024,
  forceBytes: 512 * 1024 * 1024,
  timeoutMs: 5 * 60_000, // PostgreSQL's checkpoint_timeout
};

/**
 * PostgreSQL's memory inside the WebAssembly heap. shared_buffers: 32 MB (47 MiB resident) instead of
 * 128 MB (151 MiB); the data files are in the OS page cache anyway, one read away. The price: a commune's
 * tallies read ~40 ms more per call from the page cache while the table has no statistics (none with
 * VACUUM ANALYZE: docs/BENCHMARKS.md). maintenance_work_mem: an index build or a VACUUM would otherwise
 * grow the heap by up to 64 MB, for good.
 */
export const MEMORY_SETTINGS: readonly string[] = ['shared_buffers=32MB', 'maintenance_work_mem=16MB'];

/** [S10] What a folder's database must report once open, or it is not durable. */
const DURABLE_SETTINGS = { fsync: 'on', wal_sync_method: 'fsync' } as const;

/** [S10] On disk: without `-F` (fsync off), with fsync on and wal_sync_method=fsync. */
function startParams(onDisk: boolean): string[] {
  const params = PGlite.defaultStartParams.filter((p) => !(onDisk && p === '-F'));
  const settings = onDisk
    ? [...MEMORY_SETTINGS, ...Object.entries(DURABLE_SETTINGS).map(([k, v]) => `${k}=${v}`)]
    : MEMORY_SETTINGS;
  return [...params, ...settings.flatMap((s) => ['-c', s])];
}

export async function openPgliteStore(options: PgliteStoreOptions): Promise<Store> {
  let db: PGlite;
  let checkpoints: { stop(): void } | null = null;
  /** Statements running now, and when the last one ended: when the database is quiet. */
  const activity = { running: 0, lastEnd: Date.now() };
  const tracked = async <T>(work: () => Promise<T>): Promise<T> => {
    activity.running++;
    try {
      return await work();
    } finally {
      activity.running--;
      activity.lastEnd = Date.now();
    }
  };
  if (options.dataDir === null) {
    db = await PGlite.create({ startParams: startParams(false) });
  } else {
    await createIfMissing(options.dataDir); // [S12]
    syncTree(options.dataDir); // [S10] every file and folder on disk before PostgreSQL opens the folder
    syncPath(dirname(options.dataDir)); // the folder's own entry
    const nodeFs = new SyncingNodeFS(options.dataDir);
    db = await PGlite.create({ fs: nodeFs, startParams: startParams(true) });
    try {
      await checkDurable(db, nodeFs);
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
    checkpoints = scheduleCheckpoints(db, options.checkpoints ?? CHECKPOINTS, activity);
  }

  const run = async <R>(q: PGlite | Transaction, sql: string, params?: readonly unknown[]): Promise<R[]> => {
    const result = await q.query<R>(sql, params ? [...params] : undefined);
    return result.rows;
  };

  return {
    kind: 'pglite',
    schema: 'public',
    // A statement outside a transaction commits on its own; like COMMIT it returns once its WAL is on disk
    // ([S10]).
    query: <R>(sql: string, params?: readonly unknown[]) => tracked(() => run<R>(db, sql, params)),
    transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      return tracked(() =>
        db.transaction(async (tx) =>
          work({ query: <R>(sql: string, params?: readonly unknown[]) => run<R>(tx, sql, params) }),
        ),
      );
    },
    async close() {
      checkpoints?.stop();
      await db.close(); // a shutdown checkpoint: data files and pg_control fsynced
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Checkpoints

/** WAL written since the last checkpoint's redo point, in bytes. */
const WAL_SINCE_CHECKPOINT =
  'SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), redo_lsn)::float8 AS since FROM pg_control_checkpoint()';
/** Less than this since the last checkpoint is the checkpoint's own record, not new work ([S13]). */
const NOTHING_WRITTEN = 64 * 1024;

/** [S13] The store's own checkpoints, by `policy` (CHECKPOINTS). */
function scheduleCheckpoints(
  db: PGlite,
  policy: CheckpointPolicy,
  activity: { readonly running: number; readonly lastEnd: number },
): { stop(): void } {
  let last = Date.now();
  let busy = false;
  let stopped = false;
  const check = async () => {
    const quiet = activity.running === 0 && Date.now() - activity.lastEnd >= policy.idleMs;
    const since = (await db.query<{ since: number }>(WAL_SINCE_CHECKPOINT)).rows[0]?.since ?? 0;
    const due =
      since >= policy.forceBytes ||
      (quiet &&
        (since >= policy.walBytes || (since > NOTHING_WRITTEN && Date.now() - last >= policy.timeoutMs)));
    if (!due || stopped) return;
    // Dirty buffers (≤ shared_buffers) are written, then every data file written since the last
    // checkpoint is fsynced, then pg_control; only then may PostgreSQL recycle the WAL before it.
    await db.query('CHECKPOINT');
    last = Date.now();
  };
  const timer = setInterval(() => {
    if (busy || stopped || db.closed) return;
    busy = true;
    check()
      .catch((error: unknown) => {
        if (stopped || db.closed) return; // closing under our feet
        // A failed fsync has already ended the process (SyncingNodeFS). Anything else that makes a
        // checkpoint fail ends it too, as an unhandled rejection: the next start replays the WAL.
        throw error;
      })
      .finally(() => (busy = false));
  }, policy.checkEveryMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// fsync for NODEFS

/** The parts of Emscripten's NODEFS (not in PGlite's types) that the fsync hook uses. */
interface NodeFsInternals {
  stream_ops: { fsync?: (stream: NodeFsStream) => number };
  realPath(node: NodeFsStream['node']): string;
}
interface NodeFsStream {
  /** The Node file descriptor behind the stream. */
  nfd: number;
  node: { mode: number };
}

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
/** errno values (WASI numbering, as PostgreSQL inside sees them) it tolerates from a folder's fsync. */
const WASI_EBADF = 8;
const WASI_EINVAL = 28;
/** sysexits.h EX_IOERR: the exit code of a failed fsync ([S11]). */
export const EXIT_FSYNC_FAILED = 74;

/**
 * [S10] PGlite's NodeFS, with an fsync on its streams that reaches the disk. [S11] A failed fsync of a
 * file ends the process (after saying why): PostgreSQL would PANIC, and inside PGlite a PANIC does not
 * end anything, it spins the server's thread at 100% CPU for good (tried). Ending is PostgreSQL's own
 * answer to a disk that may have dropped written data: nothing more is answered, and the next start
 * replays the WAL.
 */
class SyncingNodeFS extends NodeFS {
  hooked = false;

  override async init(...args: Parameters<NodeFS['init']>): ReturnType<NodeFS['init']> {
    const { emscriptenOpts } = await super.init(...args);
    const hook = (mod: { NODEFS: unknown }) => {
      const nodefs = mod.NODEFS as NodeFsInternals;
      nodefs.stream_ops.fsync = (stream) => {
        const folder = (stream.node.mode & S_IFMT) === S_IFDIR;
        try {
          if (folder) fs.fsyncSync(stream.nfd);
          else fs.fdatasyncSync(stream.nfd);
          return 0;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          // Some filesystems cannot fsync a folder; PostgreSQL shrugs at these two.
          if (folder && code === 'EINVAL') return WASI_EINVAL;
          if (folder && code === 'EBADF') return WASI_EBADF;
          let path = `descriptor ${stream.nfd}`;
          try {
            path = nodefs.realPath(stream.node);
          } catch {
            // the descriptor will do
          }
          process.stderr.write(
            `Sổ 06: fsync of ${path} failed (${code ?? String(error)}): the disk may have lost data ` +
              `that was written. Stopping rather than answer anyone (PostgreSQL's PANIC). Check the ` +
              `disk, then start again: the WAL is replayed.\n`,
          );
          process.exit(EXIT_FSYNC_FAILED);
        }
      };
      this.hooked = true;
    };
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), hook] } };
  }
}

/** [S10] The server refuses to run when fsync or wal_sync_method are not in force. */
async function checkDurable(db: PGlite, nodeFs: SyncingNodeFS): Promise<void> {
  const wrong: string[] = [];
  if (!nodeFs.hooked) wrong.push('no fsync hook on the filesystem');
  for (const [name, want] of Object.entries(DURABLE_SETTINGS)) {
    const rows = (await db.query<Record<string, string>>(`SHOW ${name}`)).rows;
    const got = rows[0]?.[name];
    if (got !== want) wrong.push(`${name} is ${got ?? 'unknown'}, not ${want}`);
  }
  if (wrong.length) {
    throw new Error(`the embedded database would not be durable (${wrong.join('; ')}): has PGlite changed?`);
  }
}

// ---------------------------------------------------------------------------------------------------
// The folder before PostgreSQL opens it

/**
 * [S12] Creates the database in `dir` when it has none: initdb runs in a child process (its memory goes with
 * it), in a work folder inside `dir`; the result moves up into `dir` with PG_VERSION last, so that a
 * folder with PG_VERSION is whole, and a first start cut short (a crash, a power cut) is simply redone.
 */
async function createIfMissing(dir: string): Promise<void> {
  if (fs.existsSync(join(dir, 'PG_VERSION'))) return;
  const work = join(dir, '.so06-initdb');
  fs.rmSync(work, { recursive: true, force: true }); // what a first start cut short left
  fs.mkdirSync(work, { recursive: true });
  // The CommonJS build: a plain `node -e` needs no loader, under tsx, vitest or compiled code alike.
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const script =
    'const { PGlite } = require(process.argv[1]);' +
    'PGlite.create({ dataDir: process.argv[2] }).then((db) => db.close()).then(' +
    '() => process.exit(0), (e) => { console.error((e && e.stack) || String(e)); process.exit(1); });';
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, ['-e', script, pglite, work], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', fail);
    child.once('exit', (code, signal) =>
      code === 0
        ? done()
        : fail(new Error(`initdb in ${dir} failed (${signal ?? `exit ${code}`}): ${stderr.slice(-2000)}`)),
    );
  });
  syncTree(work);
  const names = fs.readdirSync(work).sort((a, b) => Number(a === 'PG_VERSION') - Number(b === 'PG_VERSION'));
  for (const name of names) {
    if (name === 'PG_VERSION') syncPath(dir); // everything else is in place, on disk, first
    fs.rmSync(join(dir, name), { recursive: true, force: true }); // a move cut short
    fs.renameSync(join(work, name), join(dir, name));
  }
  fs.rmdirSync(work); // the caller's syncTree() makes these last steps durable
}

/** fsync every file and folder under `dir`, folders after their contents. */
function syncTree(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) syncTree(path);
    else if (entry.isFile()) syncPath(path);
  }
  syncPath(dir);
}

function syncPath(path: string): void {
  const fd = fs.openSync(path, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
