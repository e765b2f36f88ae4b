// Campaigns on the wire (SYNC-API.md [C3]–[C7], issue 17): the phone's active campaigns ([C5]) and the
// commune police's launch, list, close and progress. Answers are parsed with src/domain/campaigns.ts.
// Loaded on first use (the first sync round, a campaign screen), not with the first screen.
import { z } from 'zod';
import {
  campaignAnswerSchema,
  campaignProgressSchema,
  campaignSchema,
  campaignsAnswerSchema,
  type Campaign,
  type CampaignProgress,
  type NewCampaign,
} from '../domain/campaigns.ts';
import { createHttpClient, type HttpResult } from './http-client.ts';

/**
 * [C5] read campaign by campaign: a campaign this build cannot read (a rule kind a newer server added)
 * is left out, not the whole answer, so that an old phone keeps the work it understands.
 */
const mineAnswer = z.object({ campaigns: z.array(z.unknown()) }).transform(({ campaigns }) =>
  campaigns.flatMap((c) => {
    const parsed = campaignSchema.safeParse(c);
    return parsed.success ? [parsed.data] : [];
  }),
);

export interface CampaignsApi {
  /** [C5] The active campaigns of the caller's villages. */
  mine(token: string): Promise<HttpResult<Campaign[]>>;
  /** [C4] A commune's (or a village's) campaigns. */
  list(token: string, areaId: string): Promise<HttpResult<Campaign[]>>;
  /** [C3] Launch one (the same request again answers the same campaign). */
  create(token: string, campaign: NewCampaign): Promise<HttpResult<Campaign>>;
  /** [C6] */
  close(token: string, id: string): Promise<HttpResult<Campaign>>;
  /** [C7] */
  progress(token: string, id: string): Promise<HttpResult<CampaignProgress>>;
}

export function createCampaignsApi(baseUrl = '', doFetch?: typeof fetch): CampaignsApi {
  const http = createHttpClient({ baseUrl, fetch: doFetch });
  const one = async (r: Promise<HttpResult<{ campaign: Campaign }>>) => {
    const answer = await r;
    return answer.ok ? { ok: true as const, value: answer.value.campaign } : answer;
  };
  return {
    mine: (token) => http.request('/api/campaigns/mine', { token }, mineAnswer),
    async list(token, areaId) {
      const r = await http.request(
        `/api/campaigns?areaId=${encodeURIComponent(areaId)}`,
        { token },
        campaignsAnswerSchema,
      );
      return r.ok ? { ok: true, value: r.value.campaigns } : r;
    },
    create: (token, campaign) =>
      one(http.request('/api/campaigns', { token, method: 'POST', json: campaign }, campaignAnswerSchema)),
    close: (token, id) =>
      one(
        http.request(
          `/api/campaigns/${encodeURIComponent(id)}/close`,
          { token, method: 'POST' },
          campaignAnswerSchema,
        ),
      ),
    progress: (token, id) =>
      http.request(`/api/campaigns/${encodeURIComponent(id)}/progress`, { token }, campaignProgressSchema),
  };
}
