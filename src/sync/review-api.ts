// The commune police review's reads (SYNC-API.md "Tallies", "Devices" and this project's additions
// under /api/review), each answer parsed with the schemas of src/domain/review.ts. Loaded only when a
// review screen opens: the volunteer's app never fetches this code.
import {
  activityAnswerSchema,
  devicesAnswerSchema,
  gapsAnswerSchema,
  householdViewSchema,
  issuesAnswerSchema,
  missingPersonsAnswerSchema,
  talliesAnswerSchema,
  type ActivityAnswer,
  type DeviceSync,
  type GapsAnswer,
  type HouseholdView,
  type MissingPersonsAnswer,
  type SyncIssue,
  type TalliesAnswer,
} from '../domain/review.ts';
import { funnelAnswerSchema, type FunnelAnswer } from '../domain/trends.ts';
import { z } from 'zod';
import { createHttpClient, type HttpResult } from './http-client.ts';

const revealAnswer = z.object({ idNumber: z.string().nullable() });

/** `all`: every household of the area (gap counts may be 0), not only those with a gap. */
export interface GapsOptions {
  all?: boolean;
}

export interface ReviewApi {
  tallies(token: string, areaId: string): Promise<HttpResult<TalliesAnswer>>;
  devices(token: string, areaId: string): Promise<HttpResult<DeviceSync[]>>;
  gaps(token: string, areaId: string, options?: GapsOptions): Promise<HttpResult<GapsAnswer>>;
  household(token: string, id: string): Promise<HttpResult<HouseholdView>>;
  issues(token: string, areaId: string): Promise<HttpResult<SyncIssue[]>>;
  /** [RV10] A person's whole ID number; the server records who asked, and when. */
  reveal(token: string, personId: string): Promise<HttpResult<string | null>>;
  /**
   * [RV11] The persons 14+ of an area still missing a card or VNeID; `fullIds`: whole ID numbers, which
   * the server records in the trail (otherwise their last four digits).
   */
  persons(token: string, areaId: string, fullIds: boolean): Promise<HttpResult<MissingPersonsAnswer>>;
  /** [RV12] The VNeID level-2 funnel and the blockers of an area, per village. */
  funnel(token: string, areaId: string): Promise<HttpResult<FunnelAnswer>>;
  /**
   * [RV13] How the working groups keep up, per commune of a province (or per village of a commune):
   * villages, quiet villages, phones, the latest sync.
   */
  activity(token: string, areaId: string): Promise<HttpResult<ActivityAnswer>>;
}

export function createReviewApi(baseUrl = '', doFetch?: typeof fetch): ReviewApi {
  const http = createHttpClient({ baseUrl, fetch: doFetch });
  const area = (id: string) => `areaId=${encodeURIComponent(id)}`;
  return {
    tallies: (token, areaId) => http.request(`/api/tallies?${area(areaId)}`, { token }, talliesAnswerSchema),
    async devices(token, areaId) {
      const r = await http.request(`/api/devices?${area(areaId)}`, { token }, devicesAnswerSchema);
      return r.ok ? { ok: true, value: r.value.devices } : r;
    },
    gaps: (token, areaId, options = {}) =>
      http.request(
        `/api/review/gaps?${area(areaId)}${options.all ? '&all=1' : ''}`,
        { token },
        gapsAnswerSchema,
      ),
    household: (token, id) =>
      http.request(`/api/review/households/${encodeURIComponent(id)}`, { token }, householdViewSchema),
    async issues(token, areaId) {
      const r = await http.request(`/api/review/issues?${area(areaId)}`, { token }, issuesAnswerSchema);
      return r.ok ? { ok: true, value: r.value.issues } : r;
    },
    async reveal(token, personId) {
      const r = await http.request(
        '/api/review/reveal',
        { method: 'POST', token, json: { personId } },
        revealAnswer,
      );
      return r.ok ? { ok: true, value: r.value.idNumber } : r;
    },
    persons: (token, areaId, fullIds) =>
      http.request(
        `/api/review/persons?${area(areaId)}${fullIds ? '&fullIds=1' : ''}`,
        { token },
        missingPersonsAnswerSchema,
      ),
    funnel: (token, areaId) =>
      http.request(`/api/review/funnel?${area(areaId)}`, { token }, funnelAnswerSchema),
    activity: (token, areaId) =>
      http.request(`/api/review/activity?${area(areaId)}`, { token }, activityAnswerSchema),
  };
}
