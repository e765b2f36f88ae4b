// PGlite runs PostgreSQL with fsync off, and its Node filesystem writes the WAL with plain writes: a
// commit reaches the OS page cache, not the disk. This flushes the WAL segments written since the last
// flush to disk, so that a committed transaction survives a power loss (recovery replays the WAL).
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface WalSync {
  /** Resolves when every WAL byte written before the call is on disk. */
  flush(): Promise<void>;
}

/** `dataDir` is PGlite's data folder; its WAL lives in `pg_wal/`. */
export function walSyncOf(dataDir: string): WalSync {
  const walDir = join(dataDir, 'pg_wal');
  // mtime has coarse granularity on some filesystems: look back a little further than the last flush.
  const SLACK_MS = 2_000;
  let lastFlushStart = 0;
  let knownSegments = new Set<string>();

  return {
    async flush() {
      const started = Date.now();
      const names = (await readdir(walDir)).filter((n) => /^[0-9A-F]{24}$/.test(n));
      for (const name of names) {
        const path = join(walDir, name);
        const info = await stat(path);
        if (info.mtimeMs < lastFlushStart - SLACK_MS && knownSegments.has(name)) continue;
        const handle = await open(path, 'r+');
        try {
          await handle.datasync();
        } finally {
          await handle.close();
        }
      }
      // A new or renamed segment is only reachable after a crash once its directory entry is on disk.
      const now = new Set(names);
      if (names.some((n) => !knownSegments.has(n))) {
        const dir = await open(walDir, 'r');
        try {
          await dir.sync();
        } finally {
          await dir.close();
        }
      }
      knownSegments = now;
      lastFlushStart = started;
    },
  };
}
