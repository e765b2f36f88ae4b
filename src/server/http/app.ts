// The HTTP application: request ids, security headers and logs on everything, the API under /api (1 MiB
// body limit, JSON errors, no 5xx for any input, writes refused while draining), the built PWA for every
// other GET.
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { metricsHandler } from '../ops/metrics.ts';
import { healthRoutes } from '../ops/readiness.ts';
import { requestId } from '../ops/request-id.ts';
import type { AppEnv, Services } from './context.ts';
import { limitBody } from './body-limit.ts';
import { clientVersion, type ClientVersionOptions } from './client-version.ts';
import { fail } from './errors.ts';
import { securityHeaders } from './headers.ts';
import { requestLog } from './request-log.ts';
import { adminRoutes } from './routes-admin.ts';
import { areaRoutes } from './routes-areas.ts';
import { authRoutes, meRoutes } from './routes-auth.ts';
import { campaignRoutes } from './routes-campaigns.ts';
import { manageRoutes } from './routes-manage.ts';
import { reviewRoutes } from './routes-review.ts';
import { syncRoutes } from './routes-sync.ts';
import { targetRoutes, trendRoutes } from './routes-trends.ts';
import { serveApp } from './static.ts';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** What the server's operator sets beyond the services: the oldest phone build served, metrics. */
export type AppOptions = ClientVersionOptions & {
  /** METRICS_TOKEN: GET /api/metrics answers with this bearer token only; unset, it is a 404 ([S22]). */
  metricsToken?: string;
  /** How long readiness waits for the database ([S19]); default 2 s. */
  readyTimeoutMs?: number;
};

export function createApp(services: Services, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Gzip what the client accepts gzipped: the app's JavaScript on slow 4G (Lighthouse's LCP went from
  // ~2.1 s to ~1.7 s) and pulled pages of hundreds of records on a weak signal.
  app.use('*', requestId(), requestLog(services.log, services.metrics), securityHeaders(), compress());
  // [S20] While draining, a new write is refused before its body is read; the writes under way are counted.
  app.use('/api/*', services.drain.gate(), limitBody(BODY_LIMIT_BYTES));

  // [S2] Health, without a token.
  app.get('/api/health', (c) => c.json({ ok: true, db: services.store.kind }));
  // [S18] [S19] Liveness and readiness for the load balancer, without a token.
  app.route(
    '/api/health',
    healthRoutes({
      store: services.store,
      drain: services.drain,
      log: services.log,
      readyTimeoutMs: options.readyTimeoutMs,
    }),
  );
  // [S22] Metrics, only when the operator set a token (otherwise the 404 of any unknown endpoint).
  if (options.metricsToken && services.metrics.registry) {
    app.get('/api/metrics', metricsHandler(services.metrics.registry, options.metricsToken));
  }
  app.route('/api/auth', authRoutes(services));
  app.route('/api/me', meRoutes(services));
  app.route('/api/admin', adminRoutes(services));
  app.route('/api/manage', manageRoutes(services));
  // Push and pull refuse a phone too old for them before reading anything (SYNC-API.md [V2]).
  app.use('/api/sync/*', clientVersion(options));
  app.route('/api/sync', syncRoutes(services));
  app.route('/api/review', reviewRoutes(services));
  app.route('/api/campaigns', campaignRoutes(services));
  app.route('/api/targets', targetRoutes(services));
  app.route('/api/trends', trendRoutes(services));
  app.route('/api', areaRoutes(services));
  // [E5] An unknown endpoint is a JSON 404, never the PWA's shell.
  app.all('/api', (c) => fail(c, 'not_found', 'no such endpoint'));
  app.all('/api/*', (c) => fail(c, 'not_found', 'no such endpoint'));

  const shell = serveApp(services.staticDir);
  app.on(['GET', 'HEAD'], '*', shell);

  app.notFound((c) => fail(c, 'not_found', 'no such endpoint'));
  app.onError((error, c) => {
    // Input never gets here by design; what does is a fault of the server or its database.
    if (error instanceof HTTPException && error.status < 500) {
      return fail(
        c,
        error.status === 413 ? 'payload_too_large' : 'invalid_request',
        error.message || 'bad request',
      );
    }
    services.log.error(
      {
        requestId: c.get('requestId'),
        err: { message: error.message, stack: error.stack },
        path: c.req.path,
      },
      'request failed',
    );
    return fail(c, 'internal_error', 'the server could not answer; try again later');
  });
  return app;
}
