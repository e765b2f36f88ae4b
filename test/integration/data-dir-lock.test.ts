// The data folder's lock (src/server/store/data-dir-lock.ts): a kernel lock that dies with its holder.
// A held folder is refused at once, naming the holder; a holder killed with SIGKILL leaves the folder
// free at once; a pid file of the old format blocks nothing; of several processes racing for one folder
// exactly one wins. Holders in other processes are test/support/lock-holder.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME, lockDataDir } from '../../src/server/store/data-dir-lock.ts';
import { ROOT } from '../support/server.ts';

type Outcome = { ok: true; pid: number } | { ok: false; code: string; pid: number | null; message: string };

interface Holder {
  child: ChildProcess;
  outcome: Promise<Outcome>;
  exited: Promise<void>;
}

function holder(dir: string, env: Record<string, string> = {}): Holder {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/lock-holder.ts', dir], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const outcome = new Promise<Outcome>((done, fail) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) done(JSON.parse(line) as Outcome);
    });
    child.once('exit', (code) => fail(new Error(`lock holder exited (${code}) before answering: ${err}`)));
  });
  outcome.catch(() => undefined);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { child, outcome, exited };
}

describe('[S8] the data folder lock', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'so06-dirlock-'));
    dirs.push(dir);
    return dir;
  };
  const start = (dir: string, env: Record<string, string> = {}) => {
    const h = holder(dir, env);
    children.push(h.child);
    return h;
  };
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('[S8] a held folder is refused at once with in_use, naming the holder; released, it is free again', () => {
    const dir = fresh();
    const first = lockDataDir(dir);
    expect(first.ok).toBe(true);
    const second = lockDataDir(dir);
    expect(second).toMatchObject({ ok: false, code: 'in_use', pid: process.pid });
    if (second.ok) return;
    expect(second.message).toContain(dir);
    expect(second.message).toContain(`process ${process.pid}`);
    expect(second.message).toMatch(/locked/);
    if (first.ok) first.release();
    const third = lockDataDir(dir);
    expect(third.ok).toBe(true);
    if (third.ok) third.release();
  });

  it(
    '[S9] a holder in another process refuses this one; killed with SIGKILL, it leaves the folder free at once (5 times)',
    { timeout: 120_000 },
    async () => {
      const dir = fresh();
      for (let round = 0; round < 5; round++) {
        const h = start(dir);
        const got = await h.outcome;
        expect(got, `round ${round}`).toMatchObject({ ok: true });
        const refused = lockDataDir(dir);
        expect(refused).toMatchObject({ ok: false, code: 'in_use', pid: h.child.pid });
        h.child.kill('SIGKILL');
        await h.exited;
        // No waiting, no stale file to judge: the kernel dropped the lock with the process.
        const mine = lockDataDir(dir);
        expect(mine.ok, `round ${round}: ${mine.ok ? '' : mine.message}`).toBe(true);
        if (mine.ok) mine.release();
      }
    },
  );

  it('[S9] a lock file of the old format (a pid file) blocks nothing, even when that pid is alive', () => {
    for (const pid of [1, process.ppid, 999_999]) {
      const dir = fresh();
      writeFileSync(join(dir, LOCK_FILE_NAME), `${pid}\n`);
      const lock = lockDataDir(dir);
      expect(lock.ok, `old pid file naming ${pid}`).toBe(true);
      expect(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8').split('\n')[0]).toBe(String(process.pid));
      if (lock.ok) lock.release();
    }
  });

  it(
    '[S9] of six processes racing for one folder (with a stale old lock file), exactly one wins, 3 rounds',
    { timeout: 120_000 },
    async () => {
      for (let round = 0; round < 3; round++) {
        const dir = fresh();
        writeFileSync(join(dir, LOCK_FILE_NAME), '999999\n');
        const racers = Array.from({ length: 6 }, () => start(dir));
        const outcomes = await Promise.all(racers.map((r) => r.outcome));
        const winners = outcomes.filter((o) => o.ok);
        expect(winners, JSON.stringify(outcomes)).toHaveLength(1);
        for (const o of outcomes) if (!o.ok) expect(o.code).toBe('in_use');
        for (const r of racers) r.child.kill('SIGKILL');
        await Promise.all(racers.map((r) => r.exited));
      }
    },
  );

  it(
    "[S8] without util-linux's flock command, perl's flock holds the lock the same way; with neither, the folder is refused as unavailable",
    { timeout: 60_000 },
    async () => {
      const which = (name: string) =>
        (process.env.PATH ?? '')
          .split(':')
          .map((d) => join(d, name))
          .find((p) => existsSync(p));
      const perl = which('perl');
      const onlyPerl = fresh();
      if (perl) symlinkSync(perl, join(onlyPerl, 'perl'));
      const nothing = fresh();

      if (perl) {
        const dir = fresh();
        const h = start(dir, { PATH: onlyPerl });
        expect(await h.outcome).toMatchObject({ ok: true });
        expect(lockDataDir(dir)).toMatchObject({ ok: false, code: 'in_use', pid: h.child.pid });
        h.child.kill('SIGKILL');
        await h.exited;
        const mine = lockDataDir(dir);
        expect(mine.ok).toBe(true);
        if (mine.ok) mine.release();
      } else {
        console.warn('perl not found: its half of this test is skipped');
      }

      const dir = fresh();
      const none = start(dir, { PATH: nothing });
      const got = await none.outcome;
      expect(got).toMatchObject({ ok: false, code: 'unavailable' });
      if (!got.ok) expect(got.message).toMatch(/flock/);
    },
  );
});
