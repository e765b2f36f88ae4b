// Push and pull (SYNC-API.md): parse, call the sync service, answer. The user and the device are the
// token's (the session); a push body naming another deviceId is refused 403 by the service.
import { Hono, type Context } from 'hono';
import { recordReport, reportNumber } from '../accounts/devices.ts';
import { confirmRevoked, isRevoking } from '../manage/devices.ts';
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
    const started = performance.now();
    // [P2] The batch's shape first: a malformed body is refused whole, nothing read or stored.
    const body = await readJson(c, pushRequestSchema, { checkText: false });
    if (!body.ok) return body.response;
    const now = services.now();
    const outcome = await push(store, c.get('session'), body.data, now);
    if (!outcome.ok) return fail(c, outcome.code, outcome.message);
    const { revoke } = await report(c, now);
    // [S23] Counted once answered: the results' statuses only, never what they are about.
    services.metrics.push(outcome.results, (performance.now() - started) / 1000);
    return c.json({ results: outcome.results, ...(revoke ? { revoke: true } : {}) });
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
    const now = services.now();
    const revoking = await isRevoking(store, c.get('session'));
    const result = await pull(
      store,
      c.get('session'),
      { cursor: cursor === undefined || cursor === '' ? null : cursor, limit, revoking },
      now,
    );
    if (!result.ok) return fail(c, result.code, result.message);
    const { revoke } = await report(c, now);
    services.metrics.pullPage(result.changes.length);
    return c.json({
      changes: result.changes,
      cursor: result.cursor,
      hasMore: result.hasMore,
      ...(revoke ? { revoke: true } : {}),
    });
  });

  // [D10] The revoked phone has handed in its edits and wiped itself: its tokens end.
  app.post('/revoked', requireSession(services), async (c) => {
    if (!(await confirmRevoked(store, c.get('session'), services.now())))
      return fail(c, 'invalid_request', 'this phone is not being revoked');
    return c.body(null, 204);
  });

  /** [D7] The phone's report (build, pending edits, storage), kept once its push or pull succeeded. */
  function report(c: Context<AppEnv>, now: number) {
    const session = c.get('session');
    return recordReport(
      store,
      { deviceId: session.deviceId, userId: session.user.id },
      {
        build: reportNumber(c.req.header('x-so06-build')),
        pending: reportNumber(c.req.header('x-so06-pending')),
        storageBytes: reportNumber(c.req.header('x-so06-storage')),
      },
      new Date(now).toISOString(),
    );
  }

  return app;
}
