// Targets and trends on the wire (issue 17, [G4]–[G5]): the commune's trend of daily snapshots per
// period, its targets, and setting or removing one. Answers are parsed with src/domain/trends.ts.
// Loaded only when the trends screen opens: the volunteer's app never fetches this code.
import { z } from 'zod';
import {
  targetSchema,
  targetsAnswerSchema,
  trendAnswerSchema,
  type Target,
  type TargetInput,
  type TrendAnswer,
  type TrendPeriod,
} from '../domain/trends.ts';
import { createHttpClient, type HttpResult } from './http-client.ts';

/** `GET /api/trends`: an area (a commune or a village), the period, and the days (YYYY-MM-DD) to cover. */
export interface TrendQuery {
  areaId: string;
  period: TrendPeriod;
  from: string;
  to: string;
}

const setTargetAnswer = z.object({ target: targetSchema.nullable() });

export interface TrendsApi {
  /** [G5] The area's series (its total and one per village) and the targets that apply. */
  trends(token: string, query: TrendQuery): Promise<HttpResult<TrendAnswer>>;
  /** [G4] The targets of an area (a commune's: its own and its villages'). */
  targets(token: string, areaId: string): Promise<HttpResult<Target[]>>;
  /** [G4] Sets a target, or removes it (`percent` null): the target as kept, or null when removed. */
  setTarget(token: string, input: TargetInput): Promise<HttpResult<Target | null>>;
}

/** The query string of `GET /api/trends`, in the order SYNC-API.md gives it. */
export function trendQueryString(query: TrendQuery): string {
  const e = encodeURIComponent;
  return `areaId=${e(query.areaId)}&period=${e(query.period)}&from=${e(query.from)}&to=${e(query.to)}`;
}

export function createTrendsApi(baseUrl = '', doFetch?: typeof fetch): TrendsApi {
  const http = createHttpClient({ baseUrl, fetch: doFetch });
  return {
    trends: (token, query) =>
      http.request(`/api/trends?${trendQueryString(query)}`, { token }, trendAnswerSchema),
    async targets(token, areaId) {
      const r = await http.request(
        `/api/targets?areaId=${encodeURIComponent(areaId)}`,
        { token },
        targetsAnswerSchema,
      );
      return r.ok ? { ok: true, value: r.value.targets } : r;
    },
    async setTarget(token, input) {
      const r = await http.request('/api/targets', { method: 'PUT', token, json: input }, setTargetAnswer);
      return r.ok ? { ok: true, value: r.value.target } : r;
    },
  };
}
