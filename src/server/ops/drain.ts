// [S20] Shutting down without losing a write: once the server drains, readiness fails ([S19]) and every
// new write under /api is answered `503 unavailable` with `Retry-After: 1` before anything is read or
// applied, while the writes already under way finish and commit. The phone takes a 5xx for "retry
// later" (src/sync/http-client.ts), so a push refused here goes again, to another process or to this
// one restarted, and is applied exactly once ([P6]).
import type { MiddlewareHandler } from 'hono';
import { fail } from '../http/errors.ts';

/** A refused write's body is read (and dropped) up to this much, so that its answer is read. */
const DISCARD_LIMIT = 2 * 1024 * 1024;

export interface Drain {
  /** True once `start` was called: readiness fails and new writes are refused. */
  readonly draining: boolean;
  /** Writes (requests under /api other than GET, HEAD, OPTIONS) being served now. */
  readonly writesInFlight: number;
  start(): void;
  /** Resolves when no write is in flight, or after `capMs` whatever is left. */
  settled(capMs: number): Promise<void>;
  /** The middleware under /api: counts writes in flight, refuses new ones while draining. */
  gate(): MiddlewareHandler;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writes that are let through while draining: a sign-out ends a token and nothing else. */
const LET_THROUGH = new Set(['/api/auth/logout']);

export function createDrain(): Drain {
  let draining = false;
  let inFlight = 0;
  let waiters: (() => void)[] = [];

  const release = () => {
    inFlight -= 1;
    if (inFlight === 0) {
      const done = waiters;
      waiters = [];
      for (const w of done) w();
    }
  };

  return {
    get draining() {
      return draining;
    },
    get writesInFlight() {
      return inFlight;
    },
    start() {
      draining = true;
    },
    settled(capMs) {
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((done) => {
        const cap = setTimeout(done, capMs);
        waiters.push(() => {
          clearTimeout(cap);
          done();
        });
      });
    },
    gate() {
      return async (c, next) => {
        if (READS.has(c.req.method)) return next();
        if (draining && !LET_THROUGH.has(c.req.path)) {
          await discardBody(c.req.raw);
          return fail(c, 'unavailable', 'the server is restarting: send this again in a moment', {
            'Retry-After': '1',
            // A fresh connection, which the load balancer gives to a process that is not draining.
            Connection: 'close',
          });
        }
        inFlight += 1;
        try {
          await next();
        } finally {
          release();
        }
      };
    },
  };
}

/**
 * Reads a refused request's body to its end (up to DISCARD_LIMIT), so that closing the connection
 * after the answer does not reset it under a client still sending: the client reads the 503.
 */
async function discardBody(request: Request): Promise<void> {
  const body = request.body;
  if (!body) return;
  const reader = body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.length;
      if (size > DISCARD_LIMIT) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // The client went away: nothing to answer.
  }
}
