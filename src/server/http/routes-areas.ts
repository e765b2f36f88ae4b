// Read-only views of areas for signed-in users: the areas they may see, the tallies and the devices
// of one area in their scope.
import { Hono } from 'hono';
import { areasVisibleTo } from '../accounts/areas.ts';
import { devicesOf, devicesPage } from '../police/devices.ts';
import { tallies } from '../police/tallies.ts';
import { areaInScope } from './area-scope.ts';
import { requireRole, requireSession } from './auth-middleware.ts';
import type { AppEnv, Services } from './context.ts';
import { nextCursorOf, openCursor, PAGED_KINDS, pagingQuery } from './routes-review.ts';

export function areaRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;

  // [A16]
  app.get('/areas', requireSession(services), async (c) =>
    c.json({ areas: await areasVisibleTo(store, c.get('session').user) }),
  );

  // [T7] Every role, for an area in its scope.
  app.get('/tallies', requireSession(services), async (c) => {
    const scope = await areaInScope(c, store, c.req.query('areaId'), ['province', 'commune', 'village']);
    if (!scope.ok) return scope.response;
    return c.json(await tallies(store, scope, services.now()));
  });

  // [D1] Police and admins, for an area in their scope; with `limit`, page by page (a province too).
  app.get('/devices', requireSession(services), requireRole('police', 'admin'), async (c) => {
    const paging = pagingQuery(c);
    if (!paging.ok) return paging.response;
    const paged = paging.limit !== undefined;
    const scope = await areaInScope(c, store, c.req.query('areaId'), paged ? PAGED_KINDS : undefined);
    if (!scope.ok) return scope.response;
    if (paging.limit === undefined)
      return c.json({ devices: await devicesOf(store, scope.area, scope.villages) });
    const from = openCursor(c, 'devices', scope.area, paging.cursor);
    if (!from.ok) return from.response;
    const { area, villages, communes = [] } = scope;
    const page = await devicesPage(store, area, villages, communes, paging.limit, from.state?.after ?? null);
    const startedAt = from.state?.startedAt ?? services.now();
    return c.json({
      devices: page.devices,
      nextCursor: nextCursorOf(c, 'devices', area, page.next && { after: page.next, startedAt }),
    });
  });

  return app;
}
