// Read-only views of areas for signed-in users: the areas they may see, the tallies and the devices
// of one area in their scope.
import { Hono } from 'hono';
import { areaId } from '../../domain/records.ts';
import { accessArea, areasVisibleTo } from '../accounts/areas.ts';
import { devicesOf } from '../devices.ts';
import { tallies } from '../tallies.ts';
import { requireRole, requireSession } from './auth-middleware.ts';
import type { AppEnv, Services } from './context.ts';
import { fail } from './errors.ts';

export function areaRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;

  app.get('/areas', requireSession(services), async (c) =>
    c.json({ areas: await areasVisibleTo(store, c.get('session').user) }),
  );

  app.get('/tallies', requireSession(services), async (c) => {
    const id = areaId.safeParse(c.req.query('areaId'));
    if (!id.success) return fail(c, 'invalid_request', 'areaId: an area id is required');
    const access = await accessArea(store, c.get('session').user, id.data);
    if (!access.ok)
      return fail(
        c,
        access.code,
        access.code === 'not_found' ? 'no such area' : 'this area is outside your scope',
      );
    return c.json(await tallies(store, access.area, access.villages, services.now()));
  });

  app.get('/devices', requireSession(services), requireRole('police', 'admin'), async (c) => {
    const id = areaId.safeParse(c.req.query('areaId'));
    if (!id.success) return fail(c, 'invalid_request', 'areaId: an area id is required');
    const access = await accessArea(store, c.get('session').user, id.data);
    if (!access.ok)
      return fail(
        c,
        access.code,
        access.code === 'not_found' ? 'no such area' : 'this area is outside your scope',
      );
    return c.json({ devices: await devicesOf(store, access.area, access.villages) });
  });

  return app;
}
