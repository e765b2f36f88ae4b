// [C7] A campaign's progress: its items counted per village (in the campaign's order) and in total.
// An active campaign looks at the records first (reconcile.ts); a closed one answers what its close
// saw, judged on its close date, so that it never moves again.
import type { Campaign, CampaignProgress, ProgressCounts } from '../../domain/campaigns.ts';
import { isoDateInVietnam } from '../../domain/dates.ts';
import type { User } from '../../domain/users.ts';
import type { Queryable, Store } from '../store/store.ts';
import { reconcile, type ItemState } from './reconcile.ts';
import { campaignInScope } from './rows.ts';

const zero = (): ProgressCounts => ({ items: 0, done: 0, pending: 0, overdue: 0, outOfReach: 0 });

function add(into: ProgressCounts, state: ItemState, n: number, overdue: boolean): void {
  switch (state) {
    case 'pending':
      into.pending += n;
      into.items += n;
      if (overdue) into.overdue += n;
      break;
    case 'done':
      into.done += n;
      into.items += n;
      break;
    case 'out_of_reach':
      into.outOfReach += n;
      break;
    case 'gone':
      break; // a deleted record is no item
  }
}

/** The counts of `campaign`'s items as they stand, without looking at the records. */
export async function countProgress(
  db: Queryable,
  campaign: Campaign,
  now: number,
): Promise<CampaignProgress> {
  // Overdue is judged on Vietnam's date of the moment the figures describe: now, or the close.
  const asOf = campaign.closedAt ?? new Date(now).toISOString();
  const overdue = isoDateInVietnam(Date.parse(asOf)) > campaign.dueOn;
  const rows = await db.query<{ village_id: string; state: ItemState; n: unknown }>(
    `SELECT village_id, state, count(*)::int AS n FROM campaign_items
      WHERE campaign_id = $1::uuid GROUP BY village_id, state`,
    [campaign.id],
  );
  const villages = campaign.villageIds.map((villageId) => ({ villageId, ...zero() }));
  const byId = new Map(villages.map((v) => [v.villageId, v]));
  const total = zero();
  for (const r of rows) {
    // Every item lies in one of the campaign's villages (reconcile.ts makes those that left `gone`);
    // the total is the sum of the villages' rows whatever happens.
    const village = byId.get(r.village_id);
    if (!village) continue;
    add(village, r.state, Number(r.n), overdue);
    add(total, r.state, Number(r.n), overdue);
  }
  return { asOf, campaignId: campaign.id, dueOn: campaign.dueOn, total, villages };
}

/**
 * [C7] The progress of campaign `id` for `user`, or null when it is unknown or outside their communes.
 * One transaction with the campaign's row locked: two reads at once look at the records one after the
 * other, and a close waits for them (or they for it, and then answer the closed campaign's figures).
 */
export function readProgress(
  store: Store,
  user: User,
  id: string,
  now: number,
): Promise<CampaignProgress | null> {
  return store.transaction(async (tx) => {
    const campaign = await campaignInScope(tx, user, id, { forUpdate: true });
    if (!campaign) return null;
    if (campaign.status === 'active') await reconcile(tx, campaign, now);
    return countProgress(tx, campaign, now);
  });
}
