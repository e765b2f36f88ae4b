// The embedded database serves one process ([S8]): a lock on DATA_DIR keeps a second server (or the CLI) from
// opening the same folder, which would corrupt it. The lock is the kernel's (flock(2) on
// DATA_DIR/so06.lock), so the kernel drops it when the process ends, however it ends (SIGKILL, a crash,
// a power cut): there is no stale lock to judge, a restart right after a crash takes it at once, a
// reused process id means nothing, and of two processes starting together exactly one wins ([S9]).
//
// Node has no flock(). A flock(2) lock belongs to the open file description, not to the process that
// asked for it: this process opens the file, and a short-lived helper (util-linux's `flock`, or perl)
// that gets that same description as its fd 3 locks it and exits. The lock stays with our descriptor
// until we close it or die. The file's content (pid, program) only names the holder in a refusal; it
// decides nothing, so a pid file of the old format (before issue 12) blocks nothing.
import { spawnSync } from 'node:child_process';
import { closeSync, constants, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

export const LOCK_FILE_NAME = 'so06.lock';

export type DataDirLockResult =
  | { ok: true; release: () => void }
  | { ok: false; code: 'in_use'; pid: number | null; message: string }
  | { ok: false; code: 'unavailable'; message: string };

/** Exit code of the helpers when another description holds the lock (EX_TEMPFAIL). */
const HELD = 75;

/** Ways to flock(LOCK_EX | LOCK_NB) the description given as fd 3: 0 taken, 75 held elsewhere. */
const HELPERS: readonly { command: string; args: readonly string[] }[] = [
  { command: 'flock', args: ['--nonblock', '--conflict-exit-code', String(HELD), '3'] },
  {
    command: 'perl',
    args: [
      '-MFcntl=:flock',
      '-e',
      `open(my $h, "+<&=", 3) or exit 2; flock($h, LOCK_EX | LOCK_NB) and exit 0; exit($!{EWOULDBLOCK} ? ${HELD} : 3)`,
    ],
  },
];

type TryLock = 'taken' | 'held' | 'no_helper';

/** flock(LOCK_EX | LOCK_NB) on the open file description of `fd`, through the first helper that works. */
function tryLock(fd: number): TryLock {
  for (const helper of HELPERS) {
    const run = spawnSync(helper.command, helper.args, {
      stdio: ['ignore', 'ignore', 'ignore', fd],
      timeout: 10_000,
    });
    if (run.error) continue; // not installed (ENOENT) or could not run
    if (run.status === 0) return 'taken';
    if (run.status === HELD) return 'held';
    // Any other answer: this helper cannot do it here (an old flock without --conflict-exit-code…).
  }
  return 'no_helper';
}

/**
 * [S8] Tries to take the folder; never waits. Refused at once (`in_use`, naming the holder) when another
 * process holds it, and refused (`unavailable`) where no lock can be taken.
 */
export function lockDataDir(dataDir: string): DataDirLockResult {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE_NAME);
  const fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o644);
  let outcome: TryLock;
  try {
    outcome = process.platform === 'win32' ? 'no_helper' : tryLock(fd);
    if (outcome === 'taken') {
      // A helper whose lock dies with it (fcntl locks are per process) would leave the folder open to
      // anyone: check from a second description that the lock is really there.
      const probe = openSync(path, constants.O_RDWR);
      try {
        if (tryLock(probe) !== 'held') outcome = 'no_helper';
      } finally {
        closeSync(probe);
      }
    }
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  if (outcome !== 'taken') {
    closeSync(fd); // drops nothing: this description holds no lock
    if (outcome === 'held') {
      const holder = readHolder(path);
      const who =
        holder.pid === null
          ? 'another process (it is just starting)'
          : `process ${holder.pid}${holder.program ? ` (${holder.program})` : ''}${holder.pid === process.pid ? ', this very process' : ''}`;
      return {
        ok: false,
        code: 'in_use',
        pid: holder.pid,
        message:
          `The data folder ${dir} is locked by ${who}: a running Sổ 06 server or CLI. ` +
          `Stop that process first (the CLI cannot run while the server holds the folder), ` +
          `or point DATA_DIR elsewhere, or use DATABASE_URL.`,
      };
    }
    return {
      ok: false,
      code: 'unavailable',
      message:
        `Cannot lock the data folder ${dir}: the embedded database needs flock(2) through the \`flock\` ` +
        `command (util-linux) or perl, on a local filesystem. Install util-linux, move DATA_DIR to a ` +
        `local disk, or use DATABASE_URL.`,
    };
  }
  // Ours. Name the holder for whoever is refused next.
  ftruncateSync(fd, 0);
  writeSync(fd, `${process.pid}\n${program()}\n`, 0);
  let released = false;
  return {
    ok: true,
    release: () => {
      if (released) return;
      released = true;
      try {
        ftruncateSync(fd, 0);
      } finally {
        closeSync(fd); // the last descriptor of the lock: the kernel drops it
      }
    },
  };
}

function program(): string {
  const script = process.argv[1];
  return script ? `${basename(process.execPath)} ${basename(script)}` : basename(process.execPath);
}

function readHolder(path: string): { pid: number | null; program: string | null } {
  try {
    const [first = '', second = ''] = readFileSync(path, 'utf8').split('\n');
    const pid = Number.parseInt(first.trim(), 10);
    return {
      pid: Number.isInteger(pid) && pid > 0 ? pid : null,
      program: second.trim() || null,
    };
  } catch {
    return { pid: null, program: null };
  }
}
