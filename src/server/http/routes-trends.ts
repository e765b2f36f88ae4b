// Targets and trends (issue 17, SYNC-API.md [G3]–[G6], [G8]): the commune police (and admins) set a
// target per area and measure, and read each village's daily snapshots ([G1]) per day, week or month.
// Police and admins only; the area judged as for the tallies ([T7]). Answers hold counts, area ids
// and names, never a citizen's data.
import { Hono } from 'hono';
import { isoDateInVietnam } from '../../domain/dates.ts';
import { targetInputSchema } from '../../domain/trends.ts';
import { readTrend } from '../trends/read-trend.ts';
import { communeOf, setTarget, targetsFor } from '../trends/targets.ts';
import { directsCommune } from '../accounts/areas.ts';
import { parseTrendRequest } from '../trends/trend-request.ts';
import { areaInScope } from './area-scope.ts';
import { requireRole, requireSession } from './auth-middleware.ts';
import { readJson } from './body.ts';
import type { AppEnv, Services } from './context.ts';
import { fail } from './errors.ts';

/** `/api/targets`: [G4] [G8]. */
export function targetRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;
  const guard = [requireSession(services), requireRole('police', 'admin')] as const;

  app.put('/', ...guard, async (c) => {
    const body = await readJson(c, targetInputSchema);
    if (!body.ok) return body.response;
    const scope = await areaInScope(c, store, body.data.areaId);
    if (!scope.ok) return scope.response;
    // [A4] A province's police read its communes' targets; the commune's own police set them.
    if (!directsCommune(c.get('session').user, communeOf(scope.area)))
      return fail(c, 'forbidden', "areaId: only the commune's own police set its targets");
    const target = await setTarget(store, c.get('session'), scope.area, body.data, services.now());
    return c.json({ target });
  });

  app.get('/', ...guard, async (c) => {
    const scope = await areaInScope(c, store, c.req.query('areaId'));
    if (!scope.ok) return scope.response;
    return c.json({ targets: await targetsFor(store, scope.area, scope.villages) });
  });

  return app;
}

/** `/api/trends`: [G5] [G6]. */
export function trendRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;

  app.get('/', requireSession(services), requireRole('police', 'admin'), async (c) => {
    const scope = await areaInScope(c, store, c.req.query('areaId'));
    if (!scope.ok) return scope.response;
    const parsed = parseTrendRequest(
      { period: c.req.query('period'), from: c.req.query('from'), to: c.req.query('to') },
      isoDateInVietnam(services.now()),
    );
    if (!parsed.ok) return fail(c, 'invalid_request', parsed.message);
    return c.json(await readTrend(store, scope.area, scope.villages, parsed.request));
  });

  return app;
}
