// The commune police review under /api/review (police and admins; volunteers 403: [RV1]): the households of
// an area with gaps, the persons still missing a card or VNeID, one household read-only, the conflicts
// and rejected edits of an area. The lists page on request (`limit`, `cursor`: issue 18), and then take
// a province too ([T9]); a province's households or persons as one file stream as CSV.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { uuid } from '../../domain/records.ts';
import type { Area, AreaKind } from '../accounts/areas.ts';
import {
  DEFAULT_ISSUES_LIMIT,
  MAX_ISSUES_LIMIT,
  gapCutoff,
  gaps,
  householdView,
  personIdNumber,
  syncIssues,
  syncIssuesPage,
} from '../police/review.ts';
import { missingPersonCounts, missingPersons } from '../police/person-list.ts';
import { decodeCursor, encodeCursor, type CursorState, type PagedList } from '../police/review-cursor.ts';
import { gapList, pageByVillage, personList } from '../police/review-pages.ts';
import {
  csvFileName,
  csvStream,
  gapCsvColumns,
  personCsvColumns,
  type CsvKind,
  type CsvOutcome,
} from '../police/review-csv.ts';
import { funnel } from '../police/funnel.ts';
import { activity } from '../police/activity.ts';
import { appendManageAudit } from '../manage/manage-audit.ts';
import { readJson } from './body.ts';
import { areaInScope } from './area-scope.ts';
import { requireRole, requireSession } from './auth-middleware.ts';
import type { AppEnv, Services } from './context.ts';
import { fail } from './errors.ts';
import { routePatternOf } from './request-log.ts';

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

/** With `limit` a list takes a province as well: it comes in pages, never whole ([T9]). */
export const PAGED_KINDS: readonly AreaKind[] = ['province', 'commune', 'village'];

/**
 * A page of whole ID numbers continues its first page's entry in the trail for this long, no longer:
 * a cursor kept for later is not a way to read whole numbers unrecorded.
 */
export const FULL_IDS_PAGING_MS = 60 * 60 * 1000;

export type Paging = { ok: true; limit?: number; cursor?: string } | { ok: false; response: Response };

/**
 * The paging of a list: `limit` (1..1000) or none (the list whole, as before paging); `cursor` only
 * with `limit`, an empty one being none (the first page). Each a 400 naming it.
 */
export function pagingQuery(c: Context<AppEnv>): Paging {
  const limit = limitQuery.safeParse(c.req.query('limit'));
  if (!limit.success)
    return {
      ok: false,
      response: fail(c, 'invalid_request', `limit: a whole number from 1 to ${MAX_ISSUES_LIMIT}`),
    };
  const cursor = c.req.query('cursor') || undefined;
  if (cursor !== undefined && limit.data === undefined)
    return {
      ok: false,
      response: fail(c, 'invalid_request', 'cursor: only with limit, as the page before was asked'),
    };
  return { ok: true, limit: limit.data, cursor };
}

/** The state of `cursor` for `list` of `area`, for this sign-in (none: the first page); a 400 otherwise. */
export function openCursor(
  c: Context<AppEnv>,
  list: PagedList,
  area: Area,
  cursor: string | undefined,
): { ok: true; state: CursorState | null } | { ok: false; response: Response } {
  if (cursor === undefined) return { ok: true, state: null };
  const decoded = decodeCursor(c.get('session').tokenHash, list, area.id, cursor);
  return decoded.ok
    ? { ok: true, state: decoded.state }
    : { ok: false, response: fail(c, 'invalid_request', decoded.message) };
}

/** The cursor of the page after this one, sealed for this sign-in, list and area; null after the last. */
export function nextCursorOf(
  c: Context<AppEnv>,
  list: PagedList,
  area: Area,
  next: CursorState | null,
): string | null {
  return next && encodeCursor(c.get('session').tokenHash, list, area.id, next);
}

export function reviewRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { store } = services;
  const guard = [requireSession(services), requireRole('police', 'admin')] as const;

  /**
   * [RV11] The trail of an export of whole ID numbers, written before the first of them leaves: one
   * entry for a commune or a village (its commune's trail), as many persons as it lists now; for a
   * province one entry in the trail of each commune that has any, so that each commune's managers see
   * who took their citizens' numbers.
   */
  async function recordFullIds(
    c: Context<AppEnv>,
    scope: { area: Area; villages: Area[] },
    now: number,
  ): Promise<void> {
    const session = c.get('session');
    const { area } = scope;
    const counts = await missingPersonCounts(store, scope.villages, gapCutoff(now));
    const entry = (communeId: string | null, persons: number) =>
      appendManageAudit(store, {
        at: new Date(now).toISOString(),
        actorId: session.user.id,
        deviceId: session.deviceId,
        communeId,
        action: 'persons.export_full_ids',
        targetAreaId: area.id,
        details: { persons },
      });
    if (area.kind !== 'province') {
      const persons = [...counts.values()].reduce((a, b) => a + b, 0);
      await entry(area.kind === 'commune' ? area.id : area.parentId, persons);
      return;
    }
    for (const [communeId, persons] of counts) if (persons > 0) await entry(communeId, persons);
  }

  /**
   * The log line of a streamed file, when it ends: the request log's line went out with the status,
   * before the first village; this one says how it ended, in counts (never a row).
   */
  function logEnd(c: Context<AppEnv>, kind: CsvKind): (outcome: CsvOutcome) => void {
    const started = performance.now();
    const requestId = c.get('requestId');
    const route = routePatternOf(c);
    return ({ villages, rows, end, error }) =>
      services.log[end === 'failed' ? 'error' : 'info'](
        {
          requestId,
          route,
          file: kind,
          villages,
          rows,
          end,
          ms: Math.round(performance.now() - started),
          ...(error ? { err: { message: error.message } } : {}),
        },
        'csv export ended',
      );
  }

  // [RV13] A province's communes, or a commune's villages: who has gone quiet, in counts.
  app.get('/activity', ...guard, async (c) => {
    const scope = await areaInScope(c, store, c.req.query('areaId'), ['province', 'commune']);
    if (!scope.ok) return scope.response;
    return c.json(await activity(store, scope, services.now()));
  });

  // [RV2], [RV4]; with `limit`, page by page (a province too).
  app.get('/gaps', ...guard, async (c) => {
    const all = allQuery.safeParse(c.req.query('all'));
    if (!all.success) return fail(c, 'invalid_request', 'all: 1 (every household) or 0 (those with a gap)');
    const paging = pagingQuery(c);
    if (!paging.ok) return paging.response;
    const paged = paging.limit !== undefined;
    const scope = await areaInScope(c, store, c.req.query('areaId'), paged ? PAGED_KINDS : undefined);
    if (!scope.ok) return scope.response;
    const every = all.data ?? false;
    const now = services.now();
    if (paging.limit === undefined) return c.json(await gaps(store, scope.villages, now, { all: every }));
    const list: PagedList = every ? 'gaps-all' : 'gaps';
    const from = openCursor(c, list, scope.area, paging.cursor);
    if (!from.ok) return from.response;
    const startedAt = from.state?.startedAt ?? now;
    const page = await pageByVillage(
      gapList(store, now, every),
      scope.villages,
      from.state,
      paging.limit,
      startedAt,
    );
    return c.json({
      asOf: new Date(now).toISOString(),
      households: page.rows,
      nextCursor: nextCursorOf(c, list, scope.area, page.next),
    });
  });

  // [RV2] A province's (or commune's, or village's) households with a gap as one CSV file, streamed.
  app.get('/gaps.csv', ...guard, async (c) => {
    const all = allQuery.safeParse(c.req.query('all'));
    if (!all.success) return fail(c, 'invalid_request', 'all: 1 (every household) or 0 (those with a gap)');
    const scope = await areaInScope(c, store, c.req.query('areaId'), PAGED_KINDS);
    if (!scope.ok) return scope.response;
    const every = all.data ?? false;
    const now = services.now();
    const kind: CsvKind = every ? 'danh-sach-ho' : 'ho-con-thieu';
    const stream = csvStream(scope, gapCsvColumns(scope), gapList(store, now, every), logEnd(c, kind));
    return csvAnswer(c, stream, csvFileName(kind, scope.area.name, now));
  });

  // [RV11] The persons 14+ still missing a card or VNeID. Whole ID numbers only when asked for, and then
  // one entry in the managers' trail: who, from which device, when, which area, how many persons —
  // never a number or a name. With `limit`, page by page (a province too), the trail written once, by
  // the first page.
  app.get('/persons', ...guard, async (c) => {
    const fullIds = fullIdsQuery.safeParse(c.req.query('fullIds'));
    if (!fullIds.success)
      return fail(
        c,
        'invalid_request',
        'fullIds: 1 (whole ID numbers, recorded) or 0 (their last four digits)',
      );
    const paging = pagingQuery(c);
    if (!paging.ok) return paging.response;
    const paged = paging.limit !== undefined;
    const scope = await areaInScope(c, store, c.req.query('areaId'), paged ? PAGED_KINDS : undefined);
    if (!scope.ok) return scope.response;
    const full = fullIds.data ?? false;
    const now = services.now();
    if (paging.limit === undefined) {
      const answer = await missingPersons(store, scope.villages, now, { fullIds: full });
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
    }
    const list: PagedList = full ? 'persons-full' : 'persons';
    const from = openCursor(c, list, scope.area, paging.cursor);
    if (!from.ok) return from.response;
    if (full && from.state && now - from.state.startedAt > FULL_IDS_PAGING_MS)
      return fail(c, 'invalid_request', 'cursor: this list of whole ID numbers has expired; start again');
    if (full && !from.state) await recordFullIds(c, scope, now);
    const startedAt = from.state?.startedAt ?? now;
    const page = await pageByVillage(
      personList(store, now, full),
      scope.villages,
      from.state,
      paging.limit,
      startedAt,
    );
    return c.json({
      asOf: new Date(now).toISOString(),
      fullIds: full,
      persons: page.rows,
      nextCursor: nextCursorOf(c, list, scope.area, page.next),
    });
  });

  // [RV11] The persons still missing a card or VNeID as one CSV file, streamed: masked unless fullIds=1,
  // which the trail records before the first line leaves.
  app.get('/persons.csv', ...guard, async (c) => {
    const fullIds = fullIdsQuery.safeParse(c.req.query('fullIds'));
    if (!fullIds.success)
      return fail(
        c,
        'invalid_request',
        'fullIds: 1 (whole ID numbers, recorded) or 0 (their last four digits)',
      );
    const scope = await areaInScope(c, store, c.req.query('areaId'), PAGED_KINDS);
    if (!scope.ok) return scope.response;
    const full = fullIds.data ?? false;
    const now = services.now();
    if (full) await recordFullIds(c, scope, now);
    const kind: CsvKind = 'nhan-khau-con-thieu';
    const stream = csvStream(
      scope,
      personCsvColumns(scope, full),
      personList(store, now, full),
      logEnd(c, kind),
    );
    return csvAnswer(c, stream, csvFileName(kind, scope.area.name, now));
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

  // [RV7]; with `limit`, the answer says where the next page starts (a province too).
  app.get('/issues', ...guard, async (c) => {
    const paging = pagingQuery(c);
    if (!paging.ok) return paging.response;
    const paged = paging.limit !== undefined;
    const scope = await areaInScope(c, store, c.req.query('areaId'), paged ? PAGED_KINDS : undefined);
    if (!scope.ok) return scope.response;
    if (paging.limit === undefined)
      return c.json({ issues: await syncIssues(store, scope.villages, DEFAULT_ISSUES_LIMIT) });
    const from = openCursor(c, 'issues', scope.area, paging.cursor);
    if (!from.ok) return from.response;
    const page = await syncIssuesPage(store, scope.villages, paging.limit, from.state?.after ?? null);
    const startedAt = from.state?.startedAt ?? services.now();
    return c.json({
      issues: page.issues,
      nextCursor: nextCursorOf(c, 'issues', scope.area, page.next && { after: page.next, startedAt }),
    });
  });

  // [RV12] The VNeID level-2 funnel and its blockers per village: counts only.
  app.get('/funnel', ...guard, async (c) => {
    const scope = await areaInScope(c, store, c.req.query('areaId'));
    if (!scope.ok) return scope.response;
    return c.json(await funnel(store, scope.area, scope.villages, services.now()));
  });

  return app;
}

/** A CSV file to save, not to show; `filename` is ASCII (csvFileName). */
function csvAnswer(c: Context<AppEnv>, stream: ReadableStream<Uint8Array>, filename: string): Response {
  return c.body(stream, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
  });
}
