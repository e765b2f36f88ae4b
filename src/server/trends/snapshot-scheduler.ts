// [G2] The server's clock for daily snapshots: a look at start (catch-up after a stop over the
// snapshot time) and one a minute after that. Each look first brings the villages' counters to the
// day ([T8]: after midnight, the persons who turned 14 join the 14+), then takes what is due. Every look asks the database what is missing, so it
// does not matter which process looks first, how many there are, or whether one restarted: the
// database's unique index decides, never this process's memory ([S15]).
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { cutoff14 } from '../police/tallies.ts';
import { rollAllVillageTallies } from '../police/village-tallies.ts';
import { takeDailySnapshots, type DailySnapshotReport } from './take-snapshots.ts';

export const SNAPSHOT_CHECK_MS = 60_000;

export interface SnapshotScheduler {
  /** Looks now (joining a look under way rather than running two at once). */
  check(): Promise<DailySnapshotReport | null>;
  /** Waits for a look under way, then looks again: a look that reads the clock as it is now. */
  checkFresh(): Promise<DailySnapshotReport | null>;
  /** No more looks; resolves once a look under way has finished (before the store closes). */
  stop(): Promise<void>;
}

export function startSnapshotScheduler(options: {
  store: Store;
  now: () => number;
  log: Logger;
  /** Minutes after midnight, Vietnam's time (snapshot-time.ts). */
  minutes: number;
  intervalMs?: number;
}): SnapshotScheduler {
  const { store, now, log, minutes } = options;
  let running: Promise<DailySnapshotReport | null> | null = null;
  let stopped = false;

  const check = (): Promise<DailySnapshotReport | null> => {
    if (stopped) return Promise.resolve(null);
    const at = now();
    running ??= rollAllVillageTallies(store, cutoff14(at))
      .then(() => takeDailySnapshots(store, at, minutes))
      .then((report) => {
        if (report.villages > 0)
          log.info({ day: report.day, villages: report.villages }, 'daily snapshots taken');
        return report;
      })
      .catch((error: unknown) => {
        // Counts and ids only ever reach the log: the next look tries again.
        log.error(
          { err: { message: error instanceof Error ? error.message : String(error) } },
          'daily counters or snapshots failed',
        );
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = setInterval(() => void check(), options.intervalMs ?? SNAPSHOT_CHECK_MS);
  // The timer alone never keeps the process alive: a stop signal or the tests' end ends it.
  timer.unref();
  void check();

  return {
    check,
    async checkFresh() {
      await running;
      return check();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
