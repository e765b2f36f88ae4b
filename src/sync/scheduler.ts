// When the phone syncs: at start, when the network returns, shortly after an edit, every minute while
// online and visible, and on "Đồng bộ ngay"; with exponential backoff and jitter after a network or
// server failure, the server's delay after 429, a stop after 401 until the person signs in again, and
// a stop after 426 (this build is too old for the server) until a newer build runs: the outbox stays,
// and only the person's own "Đồng bộ ngay" asks again. Time and randomness are passed in, so that
// tests decide them.
import type { RoundResult, SyncEngine } from './engine.ts';

export interface SyncStatus {
  running: boolean;
  /** The last round that finished without failure. */
  lastSuccessAt: number | null;
  /** The last failure, in the server's or the network's words; null after a success. */
  lastError: string | null;
  /** The sign-in expired or was revoked: nothing syncs until the person signs in again. */
  needsSignIn: boolean;
  /**
   * [V5] The server no longer serves this build (426 client_too_old): no automatic round until a
   * newer build runs (a new page, a new scheduler). Every queued edit is kept for that build to send.
   */
  needsUpdate: boolean;
  /** When a retry is planned after a failure. */
  retryAt: number | null;
}

/** Before the first round: nothing known yet, nothing planned. */
export const IDLE_STATUS: SyncStatus = {
  running: false,
  lastSuccessAt: null,
  lastError: null,
  needsSignIn: false,
  needsUpdate: false,
  retryAt: null,
};

export interface SchedulerOptions {
  engine: Pick<SyncEngine, 'round'>;
  now?: () => number;
  random?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  onStatus?: (status: SyncStatus) => void;
}

export const EDIT_DEBOUNCE_MS = 2_000;
export const INTERVAL_MS = 60_000;
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 5 * 60_000;

export function createSyncScheduler(options: SchedulerOptions) {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  let status: SyncStatus = IDLE_STATUS;
  let failures = 0;
  let again = false;
  let timer: unknown;
  let stopped = false;
  let current: Promise<void> | undefined;

  const publish = (next: Partial<SyncStatus>) => {
    status = { ...status, ...next };
    options.onStatus?.(status);
  };

  const plan = (ms: number) => {
    if (timer !== undefined) clearTimer(timer);
    timer = setTimer(() => {
      timer = undefined;
      void syncNow();
    }, ms);
    publish({ retryAt: now() + ms });
  };

  /** Full jitter on an exponential delay: phones that lost the network together do not return together. */
  const backoff = () => {
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(failures, 20));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  };

  const settle = (result: RoundResult) => {
    if (result.ok) {
      failures = 0;
      publish({ lastSuccessAt: now(), lastError: null, needsUpdate: false, retryAt: null });
      return;
    }
    const f = result.failure;
    publish({ lastError: f.message });
    if (f.kind === 'unauthenticated' || f.kind === 'invalid_credentials') {
      publish({ needsSignIn: true, retryAt: null });
    } else if (f.kind === 'client_too_old') {
      // Asking again cannot help this build: no retry, no backoff, until the app is updated.
      publish({ needsUpdate: true, retryAt: null });
    } else if (f.kind === 'rate_limited') {
      failures += 1;
      plan(f.retryAfterMs);
    } else if (f.kind === 'network' || f.kind === 'server') {
      failures += 1;
      plan(backoff());
    }
    // 'refused', 'forbidden', 'not_found': the same request would be refused again; the next trigger tries.
  };

  /**
   * Run a round now (or right after the one running). Resolves when the phone has settled. `manual`:
   * the person asked ("Đồng bộ ngay"), which tries even a build the server said is too old.
   */
  function syncNow(how: { manual?: boolean } = {}): Promise<void> {
    if (stopped || status.needsSignIn) return Promise.resolve();
    if (status.needsUpdate && !how.manual) return Promise.resolve();
    if (current) {
      again = true;
      return current;
    }
    if (timer !== undefined) {
      clearTimer(timer);
      timer = undefined;
    }
    publish({ running: true, retryAt: null });
    current = (async () => {
      try {
        do {
          again = false;
          let result: RoundResult;
          try {
            result = await options.engine.round();
          } catch (error) {
            // Storage failures (quota, a closed database): reported, retried like a server failure.
            result = {
              ok: false,
              failure: {
                kind: 'server',
                status: 0,
                message: error instanceof Error ? error.message : String(error),
              },
              pushed: 0,
              pulled: 0,
            };
          }
          settle(result);
          if (!result.ok) break;
        } while (again && !stopped);
      } finally {
        current = undefined;
        publish({ running: false });
      }
    })();
    return current;
  }

  let editTimer: unknown;
  return {
    syncNow,
    /** An edit was queued: sync shortly after, once the person pauses. */
    edited() {
      if (editTimer !== undefined) clearTimer(editTimer);
      editTimer = setTimer(() => {
        editTimer = undefined;
        void syncNow();
      }, EDIT_DEBOUNCE_MS);
    },
    /** The person signed in again: carry on where the outbox stands. */
    signedIn() {
      failures = 0;
      publish({ needsSignIn: false, lastError: null });
      return syncNow();
    },
    status: () => status,
    /** Settles once no round runs: sign-out waits for it before wiping, so no answer lands after. */
    idle: (): Promise<void> => current ?? Promise.resolve(),
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimer(timer);
      if (editTimer !== undefined) clearTimer(editTimer);
    },
  };
}

export type SyncScheduler = ReturnType<typeof createSyncScheduler>;
