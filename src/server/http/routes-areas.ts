// Read-only views of areas for signed-in users: the areas they may see, the tallies and the devices
// of one area in their scope.
import { Hono } from 'hono';
import { areasVisibleTo } from '../accounts/areas.ts';
import { devicesOf } from '../police/devices.ts';
import { tallies } from '../police/tallies.ts';
import { areaInScope } from './area-scope.ts';
import { requireRole, requireSession } from './auth-middleware.ts';
import type { AppEnv, Services } from './context.ts';

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

  // [D1] Police and admins, for an area in their scope.
  app.get('/devices', requireSession(services), requireRole('police', 'admin'), async (c) => {
    const scope = await areaInScope(c, store, c.req.query('areaId'));
    if (!scope.ok) return scope.response;
    return c.json({ devices: await devicesOf(store, scope.area, scope.villages) });
  });

  return app;
}
