// [S18] Liveness and [S19] readiness, for the load balancer in front of several processes ([S15]):
// live says the process answers (no database), ready says it should be sent requests: the database
// answers `SELECT 1` in time and the server is not draining ([S20]). [S2]'s /api/health is unchanged.
import { Hono } from 'hono';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { fail } from '../http/errors.ts';
import type { Drain } from './drain.ts';

/** How long readiness waits for the database's `SELECT 1`. */
export const READY_TIMEOUT_MS = 2000;

export function healthRoutes(deps: {
  store: Store;
  drain: Drain;
  log: Logger;
  /** Default READY_TIMEOUT_MS. */
  readyTimeoutMs?: number;
}): Hono {
  const { store, drain, log } = deps;
  const timeoutMs = deps.readyTimeoutMs ?? READY_TIMEOUT_MS;
  const app = new Hono();

  app.get('/live', (c) => c.json({ ok: true }));

  app.get('/ready', async (c) => {
    if (drain.draining) return fail(c, 'unavailable', 'the server is shutting down');
    const answer = await databaseAnswers(store, timeoutMs);
    if (answer !== true) {
      log.warn({ reason: answer }, 'not ready: the database does not answer');
      return fail(c, 'unavailable', 'the database does not answer');
    }
    // Draining may have begun while the database was asked.
    if (drain.draining) return fail(c, 'unavailable', 'the server is shutting down');
    return c.json({ ok: true, db: store.kind });
  });

  return app;
}

/** True when `SELECT 1` answers within `timeoutMs`; otherwise why not (no data, only the fault). */
async function databaseAnswers(store: Store, timeoutMs: number): Promise<true | string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<string>((done) => {
    timer = setTimeout(() => done(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([
      store.query('SELECT 1 AS ok').then(
        () => true as const,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
