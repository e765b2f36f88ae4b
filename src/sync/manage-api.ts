// Managing a commune over /api/manage (SYNC-API.md "Managing a commune", [D7]–[D11]), each answer
// checked with src/domain/manage.ts. Loaded only by the management screens: a volunteer's phone never
// fetches this code.
import { z } from 'zod';
import {
  auditPageSchema,
  managedDeviceSchema,
  managedVillageSchema,
  managedVolunteerSchema,
  manageScopeSchema,
  setupCodeSchema,
  type AuditPage,
  type ManageScope,
  type ManagedDevice,
  type ManagedVillage,
  type ManagedVolunteer,
  type SetupCode,
} from '../domain/manage.ts';
import {
  importApplyResponseSchema,
  importCheckResponseSchema,
  type ImportApplyRequest,
  type ImportApplyResponse,
  type ImportCheckRequest,
  type ImportCheckResponse,
} from '../domain/import/wire.ts';
import { createHttpClient, type HttpResult } from './http-client.ts';

export interface NewVolunteer {
  name: string;
  phone: string;
  villageIds: string[];
  password?: string;
}

export interface ManageApi {
  scope(token: string): Promise<HttpResult<ManageScope>>;
  createVillage(
    token: string,
    village: { communeId: string; name: string },
  ): Promise<HttpResult<ManagedVillage>>;
  changeVillage(
    token: string,
    id: string,
    change: { name?: string; archived?: boolean },
  ): Promise<HttpResult<ManagedVillage>>;
  /** [M26] A commune's lock time (admins); null: the default. */
  setLock(
    token: string,
    communeId: string,
    lockMinutes: number | null,
  ): Promise<HttpResult<{ id: string; lockMinutes: number | null }>>;
  volunteers(token: string): Promise<HttpResult<ManagedVolunteer[]>>;
  createVolunteer(token: string, volunteer: NewVolunteer): Promise<HttpResult<ManagedVolunteer>>;
  changeVolunteer(
    token: string,
    id: string,
    change: { name?: string; villageIds?: string[]; active?: boolean },
  ): Promise<HttpResult<ManagedVolunteer>>;
  setPassword(token: string, id: string, password: string): Promise<HttpResult<void>>;
  setupCode(token: string, volunteerId: string): Promise<HttpResult<SetupCode>>;
  devices(token: string): Promise<HttpResult<ManagedDevice[]>>;
  revoke(token: string, device: { deviceId: string; userId: string }): Promise<HttpResult<ManagedDevice>>;
  audit(token: string, page: { before?: number | null }): Promise<HttpResult<AuditPage>>;
  /** [M41] A batch of a household list checked against the server: nothing is written. */
  importCheck(token: string, batch: ImportCheckRequest): Promise<HttpResult<ImportCheckResponse>>;
  /** [M41] A batch of a household list written through the merge path. */
  importApply(token: string, batch: ImportApplyRequest): Promise<HttpResult<ImportApplyResponse>>;
}

const one = <S extends z.ZodType>(key: string, schema: S) =>
  z.object({ [key]: schema }).transform((x) => x[key] as z.infer<S>);

export function createManageApi(baseUrl = '', doFetch?: typeof fetch): ManageApi {
  const http = createHttpClient({ baseUrl, fetch: doFetch });
  const id = (x: string) => encodeURIComponent(x);
  return {
    scope: (token) => http.request('/api/manage/scope', { token }, manageScopeSchema),
    createVillage: (token, json) =>
      http.request(
        '/api/manage/villages',
        { method: 'POST', token, json },
        one('village', managedVillageSchema),
      ),
    changeVillage: (token, villageId, json) =>
      http.request(
        `/api/manage/villages/${id(villageId)}`,
        { method: 'PATCH', token, json },
        one('village', managedVillageSchema),
      ),
    setLock: (token, communeId, lockMinutes) =>
      http.request(
        `/api/manage/communes/${id(communeId)}/lock`,
        { method: 'PUT', token, json: { lockMinutes } },
        one('commune', z.object({ id: z.string(), lockMinutes: z.number().nullable() })),
      ),
    volunteers: (token) =>
      http.request('/api/manage/volunteers', { token }, one('volunteers', z.array(managedVolunteerSchema))),
    createVolunteer: (token, json) =>
      http.request(
        '/api/manage/volunteers',
        { method: 'POST', token, json },
        one('volunteer', managedVolunteerSchema),
      ),
    changeVolunteer: (token, volunteerId, json) =>
      http.request(
        `/api/manage/volunteers/${id(volunteerId)}`,
        { method: 'PATCH', token, json },
        one('volunteer', managedVolunteerSchema),
      ),
    setPassword: (token, volunteerId, password) =>
      http.send(`/api/manage/volunteers/${id(volunteerId)}/password`, {
        method: 'POST',
        token,
        json: { password },
      }),
    setupCode: (token, volunteerId) =>
      http.request(
        `/api/manage/volunteers/${id(volunteerId)}/setup-code`,
        { method: 'POST', token },
        one('setupCode', setupCodeSchema),
      ),
    devices: (token) =>
      http.request('/api/manage/devices', { token }, one('devices', z.array(managedDeviceSchema))),
    revoke: (token, json) =>
      http.request(
        '/api/manage/devices/revoke',
        { method: 'POST', token, json },
        one('device', managedDeviceSchema),
      ),
    audit: (token, page) =>
      http.request(
        `/api/manage/audit${page.before ? `?before=${page.before}` : ''}`,
        { token },
        auditPageSchema,
      ),
    importCheck: (token, json) =>
      http.request('/api/manage/import/check', { method: 'POST', token, json }, importCheckResponseSchema),
    importApply: (token, json) =>
      http.request('/api/manage/import/apply', { method: 'POST', token, json }, importApplyResponseSchema),
  };
}
