// Campaigns (rà soát, issue 17) under /api/campaigns, SYNC-API.md [C1]–[C7]: the commune police (and
// admins) create, list, close and follow them; every signed-in phone fetches the active ones of its
// villages. Nothing of a citizen is read into an answer or a log: campaigns hold names, dates, ids.
import { Hono } from 'hono';
import { newCampaignSchema } from '../../domain/campaigns.ts';
import { uuid } from '../../domain/records.ts';
import { closeCampaign } from '../campaigns/close.ts';
import { createCampaign } from '../campaigns/create.ts';
import { listCampaigns, myCampaigns } from '../campaigns/list.ts';
import { readProgress } from '../campaigns/progress.ts';
import { areaInScope } from './area-scope.ts';
import { readJson } from './body.ts';
import { requireRole, requireSession } from './auth-middleware.ts';
import type { AppEnv, Services } from './context.ts';
import { fail } from './errors.ts';

export function campaignRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;
  const session = requireSession(services);
  const guard = [session, requireRole('police', 'admin')] as const;

  // [C3]
  app.post('/', ...guard, async (c) => {
    const body = await readJson(c, newCampaignSchema);
    if (!body.ok) return body.response;
    const result = await createCampaign(store, c.get('session'), body.data, services.now());
    if (!result.ok) return fail(c, result.code, result.message);
    return c.json({ campaign: result.campaign }, result.created ? 201 : 200);
  });

  // [C4] The `areaId` judged as for the tallies ([T7]): 400, 404, 403.
  app.get('/', ...guard, async (c) => {
    const scope = await areaInScope(c, store, c.req.query('areaId'));
    if (!scope.ok) return scope.response;
    return c.json({ campaigns: await listCampaigns(store, scope.area) });
  });

  // [C5] Any signed-in account.
  app.get('/mine', session, async (c) =>
    c.json({ campaigns: await myCampaigns(store, c.get('session').user) }),
  );

  // [C6]
  app.post('/:id/close', ...guard, async (c) => {
    const id = uuid.safeParse(c.req.param('id'));
    if (!id.success) return fail(c, 'invalid_request', 'id: a campaign id (uuid) is required');
    const campaign = await closeCampaign(store, c.get('session'), id.data.toLowerCase(), services.now());
    // Unknown and out of scope alike: whether a campaign exists elsewhere is not told.
    if (!campaign) return fail(c, 'not_found', 'no such campaign');
    return c.json({ campaign });
  });

  // [C7]
  app.get('/:id/progress', ...guard, async (c) => {
    const id = uuid.safeParse(c.req.param('id'));
    if (!id.success) return fail(c, 'invalid_request', 'id: a campaign id (uuid) is required');
    const progress = await readProgress(store, c.get('session').user, id.data.toLowerCase(), services.now());
    if (!progress) return fail(c, 'not_found', 'no such campaign');
    return c.json(progress);
  });

  return app;
}
