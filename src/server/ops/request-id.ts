// [S21] Every answer carries `X-Request-Id`: the load balancer's, when well formed, else a fresh one. The
// id goes into every log line of the request (request-log.ts, app.ts's onError), so one request can be
// followed from the load balancer's log to this server's.
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** What an incoming id may be: 1 to 64 of letters, digits and `._:-` (nothing a log could misread). */
export const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The incoming id when well formed, else a fresh random one. */
export function requestIdOf(incoming: string | undefined): string {
  return incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export function requestId(): MiddlewareHandler<{ Variables: { requestId: string } }> {
  return async (c, next) => {
    const id = requestIdOf(c.req.header(REQUEST_ID_HEADER));
    c.set('requestId', id);
    await next();
    c.res.headers.set(REQUEST_ID_HEADER, id);
  };
}
