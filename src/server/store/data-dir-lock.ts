// The embedded database serves one process: a lock file in DATA_DIR keeps a second server (or the CLI)
// from opening the same folder, which would corrupt it. A lock left by a dead process is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCK_FILE_NAME = 'so06.lock';

export type DataDirLockResult =
  { ok: true; release: () => void } | { ok: false; code: 'in_use'; pid: number; message: string };

/** Tries to take the folder; never waits. */
export function lockDataDir(dataDir: string): DataDirLockResult {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE_NAME);
  // Two rounds: the second after removing a stale lock of a dead process.
  for (let round = 0; round < 2; round++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return { ok: true, release: () => releaseIfOurs(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = readPid(path);
    if (pid !== null && pid !== process.pid && isAlive(pid)) {
      return {
        ok: false,
        code: 'in_use',
        pid,
        message:
          `The data folder ${dir} is in use by process ${pid} (a running Sổ 06 server or CLI). ` +
          `Stop that process first (the CLI cannot run while the server holds the folder), ` +
          `or point DATA_DIR elsewhere, or use DATABASE_URL.`,
      };
    }
    // Stale (dead pid, our own pid, or an unreadable file): take it over.
    try {
      unlinkSync(path);
    } catch {
      // Someone else removed it first; the next round decides.
    }
  }
  const pid = readPid(path) ?? 0;
  return {
    ok: false,
    code: 'in_use',
    pid,
    message: `The data folder ${dir} is being taken by another process (${pid}); try again.`,
  };
}

function readPid(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, which still means alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(path: string): void {
  if (readPid(path) !== process.pid) return;
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
