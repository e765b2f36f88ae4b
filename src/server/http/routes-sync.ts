// Push and pull (SYNC-API.md): parse, call the sync service, answer. The user and the device are the
// token's (the session); a push body naming another deviceId is refused 403 by the service.
import { Hono } from 'hono';
import { pushRequestSchema } from '../../domain/sync-protocol.ts';
import { DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, pull } from '../sync-service/pull.ts';
import { push } from '../sync-service/push.ts';
import { requireRole, requireSession } from './auth-middleware.ts';
import { readJson } from './body.ts';
import type { AppEnv, Services } from './context.ts';
import { fail } from './errors.ts';

export function syncRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;

  app.post('/push', requireSession(services), requireRole('volunteer', 'admin'), async (c) => {
    // [P2] The batch's shape first: a malformed body is refused whole, nothing read or stored.
    const body = await readJson(c, pushRequestSchema, { checkText: false });
    if (!body.ok) return body.response;
    const outcome = await push(store, c.get('session'), body.data, services.now());
    if (!outcome.ok) return fail(c, outcome.code, outcome.message);
    return c.json({ results: outcome.results });
  });

  app.get('/pull', requireSession(services), async (c) => {
    const limitText = c.req.query('limit');
    let limit = DEFAULT_PULL_LIMIT;
    if (limitText !== undefined) {
      if (!/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_PULL_LIMIT) {
        return fail(c, 'invalid_request', `limit: a whole number from 1 to ${MAX_PULL_LIMIT}`);
      }
      limit = Number(limitText);
    }
    const cursor = c.req.query('cursor');
    const result = await pull(
      store,
      c.get('session'),
      { cursor: cursor === undefined || cursor === '' ? null : cursor, limit },
      services.now(),
    );
    if (!result.ok) return fail(c, result.code, result.message);
    return c.json({ changes: result.changes, cursor: result.cursor, hasMore: result.hasMore });
  });

  return app;
}
