// SYNC-API.md "Durability: once the answer is sent, every applied change is committed to disk", on the
// embedded database (src/server/store/pglite-store.ts). A power cut cannot be staged in a test; what
// can be shown is what reaches the disk, and when: every fsync PostgreSQL asks for inside the
// WebAssembly goes through Node's fs (watched here), and the order is PostgreSQL's own:
//   - a COMMIT (and a statement outside a transaction) returns after its WAL segment was fdatasynced;
//   - a CHECKPOINT fsyncs the data files it wrote, then pg_control (only then may WAL be recycled);
//   - before PostgreSQL opens a folder, every file and folder in it is fsynced (a new one, one restored
//     by a plain copy, one left by a version that ran with fsync off);
//   - a first start cut short (no PG_VERSION yet) is simply redone;
//   - a failed fsync ends the process before the commit returns (PostgreSQL's PANIC);
//   - checkpoints, which PGlite never starts by itself, are asked for by the store.
// The SIGKILL side (nothing answered is lost when the process dies) is test/integration/crash.test.ts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { EXIT_FSYNC_FAILED, openPgliteStore } from '../../src/server/store/pglite-store.ts';
import { ROOT } from '../support/server.ts';
import type { Store } from '../../src/server/store/store.ts';

interface Sync {
  kind: 'fsync' | 'fdatasync';
  path: string;
}

const onLinux = process.platform === 'linux';

describe.runIf(onLinux)('[S10] what the embedded database puts on disk, and when', () => {
  const dir = mkdtempSync(join(tmpdir(), 'so06-durable-'));
  const syncs: Sync[] = [];
  let store: Store;

  /** Every fsync / fdatasync from now on, by path relative to the folder. */
  const watch = () => {
    const record = (kind: Sync['kind']) => (fd: number) => {
      let path = '?';
      try {
        path = relative(dir, readlinkSync(`/proc/self/fd/${fd}`)) || '.';
      } catch {
        // a descriptor /proc cannot name
      }
      syncs.push({ kind, path });
    };
    const fsync = fs.fsyncSync;
    const fdatasync = fs.fdatasyncSync;
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
      record('fsync')(fd);
      fsync(fd);
    });
    vi.spyOn(fs, 'fdatasyncSync').mockImplementation((fd) => {
      record('fdatasync')(fd);
      fdatasync(fd);
    });
  };
  const since = (mark: number) => syncs.slice(mark);
  const wal = (s: Sync[]) => s.filter((x) => x.kind === 'fdatasync' && /^pg_wal\/[0-9A-F]{24}$/.test(x.path));

  beforeAll(async () => {
    watch();
    store = await openPgliteStore({ dataDir: dir });
    await store.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
  }, 120_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await store?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('[S10] a new folder is fsynced whole before its first use: every file and every folder', () => {
    const all: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        all.push(relative(dir, p));
      }
    };
    walk(dir);
    const synced = new Set(syncs.map((s) => s.path));
    // Files PostgreSQL made after the first open (WAL of the CREATE TABLE, the table's files) were
    // synced by PostgreSQL itself or are covered below; initdb's files are all in the set.
    const fromInitdb = all.filter((p) =>
      /^(PG_VERSION|global\/pg_control|base\/1\/\d+|pg_xact\/0000)$/.test(p),
    );
    expect(fromInitdb.length).toBeGreaterThan(10);
    for (const p of fromInitdb) expect(synced, p).toContain(p);
    for (const d of ['.', 'base', 'base/1', 'global', 'pg_wal']) expect(synced, d).toContain(d);
  });

  it('[S10] PostgreSQL runs with fsync on and flushes its WAL with fsync() (which reaches the disk)', async () => {
    expect(await store.query('SHOW fsync')).toEqual([{ fsync: 'on' }]);
    expect(await store.query('SHOW wal_sync_method')).toEqual([{ wal_sync_method: 'fsync' }]);
  });

  it('[S10] a transaction returns after its WAL was fdatasynced; so does a statement outside one', async () => {
    for (let i = 0; i < 5; i++) {
      const mark = syncs.length;
      await store.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES ($1, $2)', [i, 'x'.repeat(100)]);
        expect(wal(since(mark)), 'nothing is flushed before COMMIT').toEqual([]);
      });
      expect(wal(since(mark)).length, `transaction ${i}`).toBeGreaterThanOrEqual(1);
    }
    const mark = syncs.length;
    await store.query('UPDATE t SET v = $1 WHERE id = 0', ['y']);
    expect(wal(since(mark)).length).toBeGreaterThanOrEqual(1);
    // A read commits nothing and flushes nothing.
    const read = syncs.length;
    await store.query('SELECT count(*) FROM t');
    expect(wal(since(read))).toEqual([]);
  });

  it('[S10] a rolled back transaction does not wait for the disk', async () => {
    const mark = syncs.length;
    await expect(
      store.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (100, $1)', ['z']);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(wal(since(mark))).toEqual([]);
    expect(await store.query('SELECT count(*)::int AS n FROM t WHERE id = 100')).toEqual([{ n: 0 }]);
  });

  it('[S10] a CHECKPOINT fsyncs the data files it wrote, then pg_control', async () => {
    await store.query('INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1000, 3000) g');
    const mark = syncs.length;
    await store.query('CHECKPOINT');
    const done = since(mark);
    const dataFiles = done.filter((s) => /^base\/\d+\/\d+$/.test(s.path));
    expect(dataFiles.length, JSON.stringify(done)).toBeGreaterThan(0);
    const control = done.findIndex((s) => s.path === 'global/pg_control');
    expect(control, JSON.stringify(done)).toBeGreaterThanOrEqual(0);
    const lastDataFile = done.map((s) => /^base\//.test(s.path)).lastIndexOf(true);
    expect(lastDataFile).toBeLessThan(control);
  });

  it('[S10] at every start, before PostgreSQL opens it, every file and folder is fsynced again', async () => {
    await store.close();
    const mark = syncs.length;
    store = await openPgliteStore({ dataDir: dir });
    const synced = new Set(since(mark).map((s) => s.path));
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? [...walk(join(d, e.name)), relative(dir, join(d, e.name))]
          : [relative(dir, join(d, e.name))],
      );
    const missing = walk(dir).filter((p) => !synced.has(p) && !p.startsWith('pg_wal/'));
    // Files PostgreSQL creates once started (the new WAL segment, statistics) come after the walk.
    expect(missing.filter((p) => !/^(pg_stat|pg_stat_tmp|pg_logical|pg_wal)\b/.test(p))).toEqual([]);
    expect(await store.query('SELECT count(*)::int AS n FROM t WHERE id < 100')).toEqual([{ n: 5 }]);
  });
});

describe('[S11] a disk that fails an fsync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'so06-eio-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    '[S11] ends the process before the commit returns (exit 74, saying which file), and the folder opens again with what was committed',
    { timeout: 120_000 },
    async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/fsync-failure.ts', dir], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
      expect(code, out).toBe(EXIT_FSYNC_FAILED);
      expect(out).toContain('committed 1');
      expect(out, 'the failed commit must not return').not.toContain('committed 2');
      expect(out).toMatch(/fsync of \S*pg_wal\/[0-9A-F]{24} failed \(EIO\)/);
      const store = await openPgliteStore({ dataDir: dir });
      try {
        expect(await store.query('SELECT id FROM t WHERE id = 1')).toEqual([{ id: 1 }]);
      } finally {
        await store.close();
      }
    },
  );
});

describe('[S12] a first start cut short is redone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'so06-cutshort-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    "[S12] initdb's work folder and half-moved entries, without PG_VERSION, give way to a whole database",
    { timeout: 120_000 },
    async () => {
      fs.mkdirSync(join(dir, '.so06-initdb', 'base'), { recursive: true });
      fs.writeFileSync(join(dir, '.so06-initdb', 'base', 'junk'), 'cut short');
      fs.mkdirSync(join(dir, 'global'));
      fs.writeFileSync(join(dir, 'global', 'pg_control'), 'half a file');
      const store = await openPgliteStore({ dataDir: dir });
      try {
        expect(await store.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
        expect(fs.existsSync(join(dir, '.so06-initdb'))).toBe(false);
        expect(fs.existsSync(join(dir, 'PG_VERSION'))).toBe(true);
      } finally {
        await store.close();
      }
    },
  );
});

describe('[S13] checkpoints: PGlite never starts one by itself, so the store asks for them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'so06-checkpoints-'));
  let store: Store;
  const MB = 1024 * 1024;
  const redo = async () =>
    (await store.query<{ redo: string }>('SELECT redo_lsn::text AS redo FROM pg_control_checkpoint()'))[0]!
      .redo;
  const write = (rows: number) =>
    store.query('INSERT INTO big SELECT repeat(md5(g::text), 20) FROM generate_series(1, $1::int) g', [rows]);
  /** Paces the busy workloads below: a statement every 50 ms never leaves the database idle 300 ms. */
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const POLICY = { checkEveryMs: 100, idleMs: 300, walBytes: 2 * MB, forceBytes: 8 * MB, timeoutMs: 2_000 };
  /**
   * What the store's checker does, seen on PGlite itself (its statements bypass the store's own
   * activity count): each look at the WAL written since the last checkpoint, and each CHECKPOINT it
   * asks for, with the time it began. The tests wait on these, not on the clock, and do not poll the
   * database meanwhile (polling would itself keep it from being quiet).
   */
  const checker: { at: number; what: 'look' | 'checkpoint' }[] = [];
  let opened = 0;
  let spy: { mockRestore(): void } | undefined;
  /** Resolves with the checker's first `what` begun after `since` (ms); fails after `ms`. */
  const checkerDid = (what: 'look' | 'checkpoint', since: number, ms: number) =>
    vi.waitFor(
      () => {
        const found = checker.find((e) => e.what === what && e.at > since);
        if (!found) throw new Error(`the checker did no ${what} after ${new Date(since).toISOString()}`);
        return found;
      },
      { timeout: ms, interval: 20 },
    );
  const checkpointsSince = (since: number) =>
    checker.filter((e) => e.what === 'checkpoint' && e.at > since).length;

  beforeAll(async () => {
    store = await openPgliteStore({ dataDir: dir, checkpoints: POLICY });
    opened = Date.now(); // the checker's timeout runs from before this
    await store.query('CREATE TABLE big (v text)');
    await store.query('CHECKPOINT');
    const query = PGlite.prototype.query;
    spy = vi.spyOn(PGlite.prototype, 'query').mockImplementation(function (this: PGlite, ...args) {
      const sql = String(args[0]);
      if (sql.includes('pg_wal_lsn_diff(pg_current_wal_insert_lsn()'))
        checker.push({ at: Date.now(), what: 'look' });
      if (sql === 'CHECKPOINT') checker.push({ at: Date.now(), what: 'checkpoint' });
      return query.apply(this, args) as ReturnType<typeof query>;
    });
  }, 120_000);
  afterAll(async () => {
    spy?.mockRestore();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('[S13] nothing written: no checkpoint, however long', async () => {
    const before = await redo();
    const quiet = Date.now(); // the last statement has ended
    // A look by the checker once the database has been quiet for idleMs and the timeout has passed:
    // had anything been written, that look would have checkpointed (the last test shows it does).
    const due = Math.max(quiet + POLICY.idleMs, opened + POLICY.timeoutMs) + 5;
    await checkerDid('look', due, 10_000);
    expect(checkpointsSince(quiet)).toBe(0);
    expect(await redo()).toBe(before);
  });

  it('[S13] walBytes written: a checkpoint in the next quiet moment, not while statements keep coming', async () => {
    const before = await redo();
    await write(5_000); // ~4 MB of WAL
    // Busy: a statement every 50 ms for 1.5 s.
    const busy = Date.now();
    for (let i = 0; i < 30; i++) {
      await store.query('SELECT 1');
      await sleep(50);
    }
    // The checker looked meanwhile (every 100 ms), saw walBytes, and let the busy database be.
    expect(checker.filter((e) => e.what === 'look' && e.at > busy).length).toBeGreaterThanOrEqual(5);
    expect(checkpointsSince(busy), 'no checkpoint while busy (below forceBytes)').toBe(0);
    expect(await redo()).toBe(before);
    // Quiet now: the checkpoint comes.
    await checkerDid('checkpoint', busy, 5_000);
    await vi.waitFor(async () => expect(await redo()).not.toBe(before), { timeout: 5_000, interval: 100 });
  });

  it('[S13] forceBytes written: a checkpoint even while busy', async () => {
    const before = await redo();
    let forced = false;
    const deadline = Date.now() + 15_000;
    while (!forced && Date.now() < deadline) {
      await write(2_000); // ~1.5 MB of WAL each, never a pause of idleMs
      await sleep(50);
      forced = (await redo()) !== before;
    }
    expect(forced).toBe(true);
  });

  it('[S13] a little written: a checkpoint once the timeout has passed, in a quiet moment', async () => {
    const before = await redo();
    const last = checker.filter((e) => e.what === 'checkpoint').at(-1)!.at; // the forced one
    const start = Date.now();
    await store.query("INSERT INTO big SELECT repeat('x', 500) FROM generate_series(1, 300) g");
    expect(await redo()).toBe(before);
    const { at } = await checkerDid('checkpoint', start, 8_000);
    expect(at - last, 'not before the timeout').toBeGreaterThanOrEqual(POLICY.timeoutMs);
    await vi.waitFor(async () => expect(await redo()).not.toBe(before), { timeout: 5_000, interval: 100 });
  });
});
