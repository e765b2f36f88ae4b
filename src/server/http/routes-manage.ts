// Managing a commune (SYNC-API.md "Managing a commune"): its villages, volunteers, set-up codes,
// phones and the trail of it all, for admins and (POLICE_MANAGE) the commune police of their own
// communes. Everything is scoped by manage/scope.ts: an id outside the caller's communes is 404, as
// an unknown one ([M3]).
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { importApplyRequestSchema, importCheckRequestSchema } from '../../domain/import/wire.ts';
import { listDevices, requestRevoke, revokeSchema } from '../manage/devices.ts';
import { applyHouseholds, checkHouseholds, importVillage } from '../manage/import-households.ts';
import { listManageAudit } from '../manage/manage-audit.ts';
import { communeLockSchema, setCommuneLock } from '../manage/commune-lock.ts';
import { managedVillages, manageScope, managesCommune, type ManageScope } from '../manage/scope.ts';
import { formatSetupCode } from '../../domain/setup-code.ts';
import { createSetupCode } from '../manage/setup-codes.ts';
import {
  changeVillage,
  createVillage,
  newVillageSchema,
  villageChangeSchema,
  type ManageResult,
} from '../manage/villages.ts';
import {
  changeVolunteer,
  createVolunteer,
  listVolunteers,
  newVolunteerSchema,
  passwordSchema,
  setVolunteerPassword,
  volunteerChangeSchema,
} from '../manage/volunteers.ts';
import { requireSession } from './auth-middleware.ts';
import { readJson } from './body.ts';
import type { AppEnv, Services } from './context.ts';
import { fail } from './errors.ts';

type ManageEnv = AppEnv & { Variables: { scope: ManageScope } };

const idParam = z.string().max(200);
const auditQuery = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function manageRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<ManageEnv>();
  const { store } = services;

  // [M1] [M2] Who manages nothing is refused everything here.
  app.use('*', requireSession(services), async (c, next) => {
    const scope = await manageScope(store, c.get('session').user, services.policeManage);
    if (!scope) return fail(c, 'forbidden', 'managing a commune needs an admin, or the commune police');
    c.set('scope', scope);
    await next();
  });

  const answer = <T>(c: Context, result: ManageResult<T>, key: string, status: 200 | 201 = 200) =>
    result.ok ? c.json({ [key]: result.value }, status) : fail(c, result.code, result.message);

  // [M4] What the caller manages: the communes and their villages (archived ones marked).
  app.get('/scope', async (c) => {
    const scope = c.get('scope');
    return c.json({ communes: scope.communes, villages: await managedVillages(store, scope) });
  });

  app.post('/villages', async (c) => {
    const body = await readJson(c, newVillageSchema);
    if (!body.ok) return body.response;
    const r = await createVillage(store, c.get('scope'), c.get('session'), body.data, services.now());
    return answer(c, r, 'village', 201);
  });

  app.patch('/villages/:id', async (c) => {
    const body = await readJson(c, villageChangeSchema);
    if (!body.ok) return body.response;
    const id = idParam.parse(c.req.param('id'));
    return answer(
      c,
      await changeVillage(store, c.get('scope'), c.get('session'), id, body.data, services.now()),
      'village',
    );
  });

  // [M26] A commune's lock time, by an admin.
  app.put('/communes/:id/lock', async (c) => {
    const body = await readJson(c, communeLockSchema);
    if (!body.ok) return body.response;
    const id = idParam.parse(c.req.param('id'));
    return answer(
      c,
      await setCommuneLock(
        store,
        c.get('scope'),
        c.get('session'),
        id,
        body.data.lockMinutes,
        services.now(),
      ),
      'commune',
    );
  });

  app.get('/volunteers', async (c) => c.json({ volunteers: await listVolunteers(store, c.get('scope')) }));

  app.post('/volunteers', async (c) => {
    const body = await readJson(c, newVolunteerSchema);
    if (!body.ok) return body.response;
    const r = await createVolunteer(store, c.get('scope'), c.get('session'), body.data, services.now());
    return answer(c, r, 'volunteer', 201);
  });

  app.patch('/volunteers/:id', async (c) => {
    const body = await readJson(c, volunteerChangeSchema);
    if (!body.ok) return body.response;
    const id = idParam.parse(c.req.param('id'));
    const r = await changeVolunteer(store, c.get('scope'), c.get('session'), id, body.data, services.now());
    return answer(c, r, 'volunteer');
  });

  app.post('/volunteers/:id/password', async (c) => {
    const body = await readJson(c, passwordSchema);
    if (!body.ok) return body.response;
    const id = idParam.parse(c.req.param('id'));
    const r = await setVolunteerPassword(
      store,
      c.get('scope'),
      c.get('session'),
      id,
      body.data.password,
      services.now(),
    );
    return r.ok ? c.body(null, 204) : fail(c, r.code, r.message);
  });

  // [M20] The code is in this answer only: the server keeps its hash.
  app.post('/volunteers/:id/setup-code', async (c) => {
    const id = idParam.parse(c.req.param('id'));
    const r = await createSetupCode(store, c.get('scope'), c.get('session'), id, services.now());
    if (!r.ok) return fail(c, r.code, r.message);
    return c.json({ setupCode: { ...r.value, display: formatSetupCode(r.value.code) } }, 201);
  });

  // [D7] The phones of the managed communes (or of one of them).
  app.get('/devices', async (c) => {
    const communes = communesAsked(c);
    if (!communes) return fail(c, 'forbidden', 'communeId: not a commune you manage');
    return c.json({ devices: await listDevices(store, communes, services.now()) });
  });

  // [D8]
  app.post('/devices/revoke', async (c) => {
    const body = await readJson(c, revokeSchema);
    if (!body.ok) return body.response;
    const r = await requestRevoke(store, c.get('scope'), c.get('session'), body.data, services.now());
    return answer(c, r, 'device');
  });

  // [M12] The trail, newest first, a page at a time.
  app.get('/audit', async (c) => {
    const q = auditQuery.safeParse(c.req.query());
    if (!q.success)
      return fail(
        c,
        'invalid_request',
        `${q.error.issues[0]?.path.join('.')}: ${q.error.issues[0]?.message}`,
      );
    const communes = communesAsked(c);
    if (!communes) return fail(c, 'forbidden', 'communeId: not a commune you manage');
    return c.json(
      await listManageAudit(store, communes, { before: q.data.before ?? null, limit: q.data.limit }),
    );
  });

  // [M40]–[M42] A village's household list against what the server holds: nothing is written.
  app.post('/import/check', async (c) => {
    const body = await readJson(c, importCheckRequestSchema);
    if (!body.ok) return body.response;
    const village = await importVillage(store, c.get('scope'), body.data.villageId);
    if (!village.ok) return fail(c, village.code, village.message);
    const { households } = await checkHouseholds(store, village.value, body.data, services.now());
    return c.json({ households });
  });

  // [M40] [M41] [M46]–[M48] One batch of the list written, as the token's user on the token's device.
  app.post('/import/apply', async (c) => {
    const body = await readJson(c, importApplyRequestSchema);
    if (!body.ok) return body.response;
    const village = await importVillage(store, c.get('scope'), body.data.villageId);
    if (!village.ok) return fail(c, village.code, village.message);
    const { user, deviceId } = c.get('session');
    return c.json(await applyHouseholds(store, village.value, { user, deviceId }, body.data, services.now()));
  });

  /** The communes a query's `communeId` names (all those managed when absent), or null when not managed. */
  function communesAsked(c: Context<ManageEnv>): string[] | null {
    const scope = c.get('scope');
    const asked = c.req.query('communeId');
    if (asked === undefined || asked === '') return scope.communes.map((x) => x.id);
    return managesCommune(scope, asked) ? [asked] : null;
  }

  return app as unknown as Hono<AppEnv>;
}
