// One log line per request: method, route pattern, path (never the query string), status, time, and
// the user and device when authenticated. Nothing from bodies ([S16]).
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Logger } from '../log.ts';
import type { AppEnv } from './context.ts';

export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    // The route that answered (a guard that refused, or the handler), as registered: never raw ids.
    const handler = matchedRoutes(c)[c.req.routeIndex];
    const session = c.get('session') as AppEnv['Variables']['session'] | undefined;
    const status = c.res.status;
    log[status >= 500 ? 'error' : 'info']({
      method: c.req.method,
      route: handler?.path ?? null,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      userId: session?.user.id ?? null,
      deviceId: session?.deviceId ?? null,
    });
  };
}
