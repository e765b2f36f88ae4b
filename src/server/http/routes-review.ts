// The commune police review under /api/review (police and admins; volunteers 403): the households of
// an area with gaps, one household read-only, the conflicts and rejected edits of an area.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { areaId, uuid } from '../../domain/records.ts';
import { accessArea, type Area } from '../accounts/areas.ts';
import { DEFAULT_ISSUES_LIMIT, MAX_ISSUES_LIMIT, gaps, householdView, syncIssues } from '../review.ts';
import { requireRole, requireSession } from './auth-middleware.ts';
import type { AppEnv, Services } from './context.ts';
import { fail } from './errors.ts';

const issuesQuery = z.object({
  areaId,
  limit: z
    .string()
    .regex(/^\d{1,4}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_ISSUES_LIMIT))
    .optional(),
});

export function reviewRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;
  const guard = [requireSession(services), requireRole('police', 'admin')] as const;

  /** The villages of the area asked for if the caller may look at it, or the error answer. */
  async function villagesOf(
    c: Context<AppEnv>,
    id: string,
  ): Promise<{ ok: true; villages: Area[] } | { ok: false; response: Response }> {
    const access = await accessArea(store, c.get('session').user, id);
    if (access.ok) return { ok: true, villages: access.villages };
    const message = access.code === 'not_found' ? 'no such area' : 'this area is outside your scope';
    return { ok: false, response: fail(c, access.code, message) };
  }

  app.get('/gaps', ...guard, async (c) => {
    const id = areaId.safeParse(c.req.query('areaId'));
    if (!id.success) return fail(c, 'invalid_request', 'areaId: an area id is required');
    const scope = await villagesOf(c, id.data);
    if (!scope.ok) return scope.response;
    return c.json(await gaps(store, scope.villages, services.now()));
  });

  app.get('/households/:id', ...guard, async (c) => {
    const id = uuid.safeParse(c.req.param('id'));
    if (!id.success) return fail(c, 'invalid_request', 'id: a household id (uuid) is required');
    const view = await householdView(store, c.get('session').user, id.data.toLowerCase());
    // Unknown, deleted and out of scope alike: whether a household exists elsewhere is not told.
    if (!view) return fail(c, 'not_found', 'no such household');
    return c.json(view);
  });

  app.get('/issues', ...guard, async (c) => {
    const query = issuesQuery.safeParse({ areaId: c.req.query('areaId'), limit: c.req.query('limit') });
    if (!query.success) {
      const field = query.error.issues[0]?.path[0] === 'limit' ? 'limit' : 'areaId';
      return fail(
        c,
        'invalid_request',
        field === 'limit'
          ? `limit: a whole number from 1 to ${MAX_ISSUES_LIMIT}`
          : 'areaId: an area id is required',
      );
    }
    const scope = await villagesOf(c, query.data.areaId);
    if (!scope.ok) return scope.response;
    const limit = query.data.limit ?? DEFAULT_ISSUES_LIMIT;
    return c.json({ issues: await syncIssues(store, scope.villages, limit) });
  });

  return app;
}
