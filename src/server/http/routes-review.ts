// The commune police review under /api/review (police and admins; volunteers 403: [RV1]): the households of
// an area with gaps, the persons still missing a card or VNeID, one household read-only, the conflicts
// and rejected edits of an area.
import { Hono } from 'hono';
import { z } from 'zod';
import { uuid } from '../../domain/records.ts';
import {
  DEFAULT_ISSUES_LIMIT,
  MAX_ISSUES_LIMIT,
  gaps,
  householdView,
  personIdNumber,
  syncIssues,
} from '../police/review.ts';
import { missingPersons } from '../police/person-list.ts';
import { funnel } from '../police/funnel.ts';
import { activity } from '../police/activity.ts';
import { appendManageAudit } from '../manage/manage-audit.ts';
import { readJson } from './body.ts';
import { areaInScope } from './area-scope.ts';
import { requireRole, requireSession } from './auth-middleware.ts';
import type { AppEnv, Services } from './context.ts';
import { fail } from './errors.ts';

/** [RV7], [RV9] `limit`: a whole number from 1 to 1000, or absent (the default). */
const limitQuery = z
  .string()
  .regex(/^\d{1,4}$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(MAX_ISSUES_LIMIT))
  .optional();

/**
 * [RV4] `all=1`: every household of the area, not only those with a gap (an addition; absent or 0: the
 * gaps).
 */
const allQuery = z
  .enum(['0', '1'])
  .transform((v) => v === '1')
  .optional();

/** [RV11] `fullIds=1`: whole ID numbers, recorded in the trail; absent or 0: their last four digits. */
const fullIdsQuery = z
  .enum(['0', '1'])
  .transform((v) => v === '1')
  .optional();

const revealSchema = z.object({ personId: uuid });

export function reviewRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;
  const guard = [requireSession(services), requireRole('police', 'admin')] as const;

  // [RV13] A province's communes, or a commune's villages: who has gone quiet, in counts.
  app.get('/activity', ...guard, async (c) => {
    const scope = await areaInScope(c, store, c.req.query('areaId'), ['province', 'commune']);
    if (!scope.ok) return scope.response;
    return c.json(await activity(store, scope, services.now()));
  });

  // [RV2], [RV4]
  app.get('/gaps', ...guard, async (c) => {
    const all = allQuery.safeParse(c.req.query('all'));
    if (!all.success) return fail(c, 'invalid_request', 'all: 1 (every household) or 0 (those with a gap)');
    const scope = await areaInScope(c, store, c.req.query('areaId'));
    if (!scope.ok) return scope.response;
    return c.json(await gaps(store, scope.villages, services.now(), { all: all.data ?? false }));
  });

  // [RV11] The persons 14+ still missing a card or VNeID. Whole ID numbers only when asked for, and then
  // one entry in the managers' trail: who, from which device, when, which area, how many persons —
  // never a number or a name.
  app.get('/persons', ...guard, async (c) => {
    const fullIds = fullIdsQuery.safeParse(c.req.query('fullIds'));
    if (!fullIds.success)
      return fail(
        c,
        'invalid_request',
        'fullIds: 1 (whole ID numbers, recorded) or 0 (their last four digits)',
      );
    const scope = await areaInScope(c, store, c.req.query('areaId'));
    if (!scope.ok) return scope.response;
    const full = fullIds.data ?? false;
    const answer = await missingPersons(store, scope.villages, services.now(), { fullIds: full });
    if (full) {
      const session = c.get('session');
      const { area } = scope;
      await appendManageAudit(store, {
        at: answer.asOf,
        actorId: session.user.id,
        deviceId: session.deviceId,
        communeId: area.kind === 'commune' ? area.id : area.parentId,
        action: 'persons.export_full_ids',
        targetAreaId: area.id,
        details: { persons: answer.persons.length },
      });
    }
    return c.json(answer);
  });

  // [RV5], [RV6]: the id is a UUID in any letter case; anything else is 400 ([RV9]).
  app.get('/households/:id', ...guard, async (c) => {
    const id = uuid.safeParse(c.req.param('id'));
    if (!id.success) return fail(c, 'invalid_request', 'id: a household id (uuid) is required');
    const view = await householdView(store, c.get('session').user, id.data.toLowerCase());
    // Unknown, deleted and out of scope alike: whether a household exists elsewhere is not told.
    if (!view) return fail(c, 'not_found', 'no such household');
    return c.json(view);
  });

  // [RV10] A person's whole ID number, audited: who, from which device, when, whose (never the number).
  app.post('/reveal', ...guard, async (c) => {
    const body = await readJson(c, revealSchema);
    if (!body.ok) return body.response;
    const session = c.get('session');
    const found = await personIdNumber(store, session.user, body.data.personId.toLowerCase());
    if (!found) return fail(c, 'not_found', 'no such person');
    await appendManageAudit(store, {
      at: new Date(services.now()).toISOString(),
      actorId: session.user.id,
      deviceId: session.deviceId,
      communeId: found.communeId,
      action: 'person.reveal_id',
      targetAreaId: found.villageId,
      details: { personId: body.data.personId.toLowerCase(), householdId: found.householdId },
    });
    return c.json({ idNumber: found.idNumber });
  });

  // [RV7]
  app.get('/issues', ...guard, async (c) => {
    const limit = limitQuery.safeParse(c.req.query('limit'));
    if (!limit.success)
      return fail(c, 'invalid_request', `limit: a whole number from 1 to ${MAX_ISSUES_LIMIT}`);
    const scope = await areaInScope(c, store, c.req.query('areaId'));
    if (!scope.ok) return scope.response;
    return c.json({ issues: await syncIssues(store, scope.villages, limit.data ?? DEFAULT_ISSUES_LIMIT) });
  });

  // [RV12] The VNeID level-2 funnel and its blockers per village: counts only.
  app.get('/funnel', ...guard, async (c) => {
    const scope = await areaInScope(c, store, c.req.query('areaId'));
    if (!scope.ok) return scope.response;
    return c.json(await funnel(store, scope.area, scope.villages, services.now()));
  });

  return app;
}
