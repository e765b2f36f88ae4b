// [S22] [S23] Prometheus metrics (prom-client), one Registry per app instance: never the global one, so
// that several servers in one process (the tests) each count their own. Labels are bounded and carry
// no citizen data, no user, device or area id, no phone number: an HTTP request is labelled by its
// method, the route PATTERN that answered it (`/api/manage/villages/:id`, as request-log.ts finds it)
// and its status class; a mutation by its result's status.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MutationResult } from '../../domain/sync-protocol.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { fail } from '../http/errors.ts';
import type { Drain } from './drain.ts';

export const METRICS_PREFIX = 'so06_';
/** A phone is active when it pushed or pulled within this long before the scrape ([S23]). */
export const ACTIVE_PHONE_MS = 24 * 60 * 60 * 1000;

/** What routes and middleware count; a no-op when metrics are off (no METRICS_TOKEN). */
export interface Metrics {
  /** The registry to scrape, or null when metrics are off. */
  readonly registry: Registry | null;
  /** One answered HTTP request: `route` is the pattern that answered (null when none matched). */
  httpRequest(method: string, route: string | null, status: number, seconds: number): void;
  /** One push answered 200: its mutations' results and how long the push took. */
  push(results: readonly Pick<MutationResult, 'status'>[], seconds: number): void;
  /** One page of pull answered 200, with its number of changes. */
  pullPage(changes: number): void;
}

/** Every status a mutation's result may have: a Record, so that a new status fails the typecheck here. */
const STATUS_SET: Record<MutationResult['status'], true> = { applied: true, conflict: true, rejected: true };
const MUTATION_STATUSES = Object.keys(STATUS_SET) as MutationResult['status'][];

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Seconds: from a pulled page on a fast path to a big push on a slow disk. */
const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const NO_METRICS: Metrics = {
  registry: null,
  httpRequest() {},
  push() {},
  pullPage() {},
};

export function createMetrics(deps: {
  store: Store;
  /** The services' clock: "active within 24 h" is read on it. */
  now: () => number;
  drain: Drain;
  log: Logger;
}): Metrics {
  const { store, now, drain, log } = deps;
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: METRICS_PREFIX });

  const httpRequests = new Counter({
    name: `${METRICS_PREFIX}http_requests_total`,
    help: 'HTTP requests answered, by method, route pattern and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    registers,
  });
  const httpSeconds = new Histogram({
    name: `${METRICS_PREFIX}http_request_duration_seconds`,
    help: 'Time to answer an HTTP request, by route pattern',
    labelNames: ['route'] as const,
    buckets: SECONDS_BUCKETS,
    registers,
  });
  const pushes = new Counter({
    name: `${METRICS_PREFIX}pushes_total`,
    help: 'Pushes answered 200 (POST /api/sync/push)',
    registers,
  });
  const mutations = new Counter({
    name: `${METRICS_PREFIX}push_mutations_total`,
    help: "Pushed mutations, by their result's status",
    labelNames: ['status'] as const,
    registers,
  });
  for (const status of MUTATION_STATUSES) mutations.inc({ status }, 0);
  const pushSeconds = new Histogram({
    name: `${METRICS_PREFIX}push_duration_seconds`,
    help: 'Time to answer a push answered 200, from its request to its answer',
    buckets: SECONDS_BUCKETS,
    registers,
  });
  const pullPages = new Counter({
    name: `${METRICS_PREFIX}pull_pages_total`,
    help: 'Pages of pull answered 200 (GET /api/sync/pull)',
    registers,
  });
  const pullChanges = new Counter({
    name: `${METRICS_PREFIX}pull_changes_total`,
    help: 'Changes served by pull',
    registers,
  });
  new Gauge({
    name: `${METRICS_PREFIX}active_phones`,
    help: 'Phones (devices) that pushed or pulled within the last 24 hours, read at scrape time',
    registers,
    async collect() {
      try {
        const since = new Date(now() - ACTIVE_PHONE_MS).toISOString();
        const [row] = await store.query<{ n: number | string }>(
          `SELECT count(DISTINCT device_id) AS n FROM devices
            WHERE last_push_at >= $1::timestamptz OR last_pull_at >= $1::timestamptz`,
          [since],
        );
        this.set(Number(row?.n ?? 0));
      } catch (error) {
        log.warn(
          { err: { message: error instanceof Error ? error.message : String(error) } },
          'active phones not counted',
        );
      }
    },
  });
  new Gauge({
    name: `${METRICS_PREFIX}http_writes_in_flight`,
    help: 'Writes (requests under /api other than GET, HEAD, OPTIONS) being served',
    registers,
    collect() {
      this.set(drain.writesInFlight);
    },
  });
  new Gauge({
    name: `${METRICS_PREFIX}draining`,
    help: '1 while the server drains before it stops, else 0',
    registers,
    collect() {
      this.set(drain.draining ? 1 : 0);
    },
  });

  return {
    registry,
    httpRequest(method, route, status, seconds) {
      const pattern = route ?? 'unmatched';
      httpRequests.inc({
        method: METHODS.has(method) ? method : 'OTHER',
        route: pattern,
        status_class: `${Math.floor(status / 100)}xx`,
      });
      httpSeconds.observe({ route: pattern }, seconds);
    },
    push(results, seconds) {
      pushes.inc();
      for (const status of MUTATION_STATUSES) {
        const n = results.reduce((sum, r) => sum + (r.status === status ? 1 : 0), 0);
        if (n > 0) mutations.inc({ status }, n);
      }
      pushSeconds.observe(seconds);
    },
    pullPage(changes) {
      pullPages.inc();
      pullChanges.inc(changes);
    },
  };
}

/**
 * GET /api/metrics ([S22]): the registry in Prometheus' text format, for `Authorization: Bearer <token>`
 * only (compared in constant time); any other caller is 401 `unauthenticated`.
 */
export function metricsHandler(registry: Registry, token: string) {
  const expected = digest(token);
  return async (c: Context): Promise<Response> => {
    const match = /^Bearer ([^\s]+)\s*$/i.exec(c.req.header('authorization') ?? '');
    // Hashes of equal length: the comparison takes the same time whatever was sent.
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      return fail(c, 'unauthenticated', 'Authorization: Bearer <METRICS_TOKEN> is missing or wrong');
    }
    const text = await registry.metrics();
    return c.body(text, 200, { 'Content-Type': registry.contentType });
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
