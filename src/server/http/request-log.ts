// One log line per request: method, route pattern, path (never the query string), status, time, the
// request id ([S21]), and the user and device when authenticated. Nothing from bodies ([S16]). The same
// route pattern and time go to the HTTP metrics ([S23]).
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Logger } from '../log.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { AppEnv } from './context.ts';

/** The route that answered (a guard that refused, or the handler), as registered: never raw ids. */
export function routePatternOf(c: Context): string | null {
  return matchedRoutes(c)[c.req.routeIndex]?.path ?? null;
}

export function requestLog(log: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const route = routePatternOf(c);
    const session = c.get('session') as AppEnv['Variables']['session'] | undefined;
    const status = c.res.status;
    const ms = performance.now() - started;
    metrics.httpRequest(c.req.method, route, status, ms / 1000);
    log[status >= 500 ? 'error' : 'info']({
      requestId: c.get('requestId'),
      method: c.req.method,
      route,
      path: c.req.path,
      status,
      ms: Math.round(ms * 10) / 10,
      userId: session?.user.id ?? null,
      deviceId: session?.deviceId ?? null,
    });
  };
}
