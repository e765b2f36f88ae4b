// The commune police review's reads (SYNC-API.md "Tallies", "Devices" and this project's additions
// under /api/review), each answer parsed with the schemas of src/domain/review.ts. Loaded only when a
// review screen opens: the volunteer's app never fetches this code.
import {
  devicesAnswerSchema,
  gapsAnswerSchema,
  householdViewSchema,
  issuesAnswerSchema,
  talliesAnswerSchema,
  type DeviceSync,
  type GapsAnswer,
  type HouseholdView,
  type SyncIssue,
  type TalliesAnswer,
} from '../domain/review.ts';
import { bearer, createApiCaller, type ApiResult } from './api-call.ts';

/** `all`: every household of the area (gap counts may be 0), not only those with a gap. */
export interface GapsOptions {
  all?: boolean;
}

export interface ReviewApi {
  tallies(token: string, areaId: string): Promise<ApiResult<TalliesAnswer>>;
  devices(token: string, areaId: string): Promise<ApiResult<DeviceSync[]>>;
  gaps(token: string, areaId: string, options?: GapsOptions): Promise<ApiResult<GapsAnswer>>;
  household(token: string, id: string): Promise<ApiResult<HouseholdView>>;
  issues(token: string, areaId: string): Promise<ApiResult<SyncIssue[]>>;
}

export function createReviewApi(baseUrl = '', doFetch?: typeof fetch): ReviewApi {
  const { json } = createApiCaller(baseUrl, doFetch);
  const area = (id: string) => `areaId=${encodeURIComponent(id)}`;
  return {
    tallies: (token, areaId) =>
      json(`/api/tallies?${area(areaId)}`, { headers: bearer(token) }, talliesAnswerSchema),
    async devices(token, areaId) {
      const r = await json(`/api/devices?${area(areaId)}`, { headers: bearer(token) }, devicesAnswerSchema);
      return r.ok ? { ok: true, value: r.value.devices } : r;
    },
    gaps: (token, areaId, options = {}) =>
      json(
        `/api/review/gaps?${area(areaId)}${options.all ? '&all=1' : ''}`,
        { headers: bearer(token) },
        gapsAnswerSchema,
      ),
    household: (token, id) =>
      json(
        `/api/review/households/${encodeURIComponent(id)}`,
        { headers: bearer(token) },
        householdViewSchema,
      ),
    async issues(token, areaId) {
      const r = await json(
        `/api/review/issues?${area(areaId)}`,
        { headers: bearer(token) },
        issuesAnswerSchema,
      );
      return r.ok ? { ok: true, value: r.value.issues } : r;
    },
  };
}
