// The phone's campaigns fetched again with the sync rounds (issue 17, [C5]): kept in the notebook so
// that the work list is there offline. At most every few minutes: campaigns change by the day, not
// by the minute. A server without campaigns (older than this build) or no network: the kept list
// stays as it is.
import { setCampaigns, type PhoneCampaign } from '../../db/campaigns.ts';
import type { NotebookDb } from '../../db/db.ts';
import type { CampaignsApi } from '../../sync/campaigns-api.ts';

export const CAMPAIGNS_EVERY_MS = 5 * 60_000;

export async function refreshCampaigns(db: NotebookDb, api: CampaignsApi, token: string): Promise<boolean> {
  const answer = await api.mine(token);
  if (!answer.ok) return false;
  const kept: PhoneCampaign[] = answer.value.map((c) => ({
    id: c.id,
    name: c.name,
    villageIds: c.villageIds,
    startsOn: c.startsOn,
    dueOn: c.dueOn,
    rule: c.rule,
    targetPercent: c.targetPercent,
  }));
  await setCampaigns(db, kept);
  return true;
}
