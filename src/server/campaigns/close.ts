// [C6] Closing a campaign: one last look at the records (its progress is then the one of its close,
// [C7]), `closed` from now on, one more version and one entry in the managers' trail. Closing a
// closed campaign changes and records nothing. [G7] The close also keeps its villages' tallies as
// they were at that moment (a snapshot per village), in the same transaction.
import type { Campaign } from '../../domain/campaigns.ts';
import type { Session } from '../accounts/tokens.ts';
import { appendManageAudit } from '../manage/manage-audit.ts';
import type { Store } from '../store/store.ts';
import { snapshotVillages } from '../trends/take-snapshots.ts';
import { reconcile } from './reconcile.ts';
import { CAMPAIGN_COLUMNS, campaignInScope, toCampaign, type CampaignRow } from './rows.ts';

/** The closed campaign, or null when `id` is unknown or outside the caller's communes (404 alike). */
export function closeCampaign(
  store: Store,
  session: Pick<Session, 'user' | 'deviceId'>,
  id: string,
  now: number,
): Promise<Campaign | null> {
  return store.transaction(async (tx) => {
    // Locked: two closes at once close it once, and a progress read in flight finishes first.
    const campaign = await campaignInScope(tx, session.user, id, { forUpdate: true, direct: true });
    if (!campaign || campaign.status === 'closed') return campaign;
    const at = new Date(now).toISOString();
    await reconcile(tx, campaign, now);
    await snapshotVillages(tx, campaign.communeId, campaign.villageIds, now, {
      reason: 'campaign_close',
      campaignId: campaign.id,
    });
    const [row] = await tx.query<CampaignRow>(
      `UPDATE campaigns SET status = 'closed', closed_at = $2::timestamptz, version = version + 1
        WHERE id = $1::uuid RETURNING ${CAMPAIGN_COLUMNS}`,
      [campaign.id, at],
    );
    await appendManageAudit(tx, {
      at,
      actorId: session.user.id,
      deviceId: session.deviceId,
      communeId: campaign.communeId,
      action: 'campaign.close',
      targetAreaId: campaign.communeId,
      details: { campaignId: campaign.id, name: campaign.name },
    });
    return row ? toCampaign(row) : null;
  });
}
