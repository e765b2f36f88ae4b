// Provisioning and oversight for admins: areas, users, the audit trail. Others get 403 ([A20]).
import { Hono } from 'hono';
import { uuid } from '../../domain/records.ts';
import { createArea, newAreaSchema } from '../accounts/areas.ts';
import { createUser, listUsers, newUserSchema } from '../accounts/users.ts';
import { auditOf } from '../audit.ts';
import { requireRole, requireSession } from './auth-middleware.ts';
import { readJson } from './body.ts';
import type { AppEnv, Services } from './context.ts';
import { fail } from './errors.ts';

export function adminRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;
  app.use('*', requireSession(services), requireRole('admin'));

  // [A17]
  app.post('/areas', async (c) => {
    const body = await readJson(c, newAreaSchema);
    if (!body.ok) return body.response;
    const result = await createArea(store, body.data, services.now());
    if (!result.ok) return fail(c, result.code, result.message);
    return c.json({ area: result.area }, 201);
  });

  // [A18]
  app.post('/users', async (c) => {
    const body = await readJson(c, newUserSchema);
    if (!body.ok) return body.response;
    const result = await createUser(store, body.data, services.now());
    if (!result.ok) return fail(c, result.code, result.message);
    return c.json({ user: result.user }, 201);
  });

  app.get('/users', async (c) => c.json({ users: await listUsers(store) })); // [A19]

  // [A21] An entityId that is not a uuid is 400.
  app.get('/audit', async (c) => {
    const entityId = uuid.safeParse(c.req.query('entityId'));
    if (!entityId.success) return fail(c, 'invalid_request', 'entityId: a record id (uuid) is required');
    return c.json({ entries: await auditOf(store, entityId.data.toLowerCase()) });
  });

  return app;
}
