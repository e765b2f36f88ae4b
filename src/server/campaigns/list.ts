// The lists of campaigns: a commune's or a village's for the police ([C4]), and the caller's active
// ones for the phones ([C5]), which build their work list from them offline.
import type { Campaign } from '../../domain/campaigns.ts';
import type { User } from '../../domain/users.ts';
import { readableVillages, type Area } from '../accounts/areas.ts';
import type { Queryable } from '../store/store.ts';
import { CAMPAIGN_COLUMNS, toCampaign, type CampaignRow } from './rows.ts';

/**
 * [C4] The campaigns of a commune, or (a village) those of its commune that cover it: active first,
 * then by deadline, then newest created, then by id. `area` is in the caller's scope (areaInScope).
 */
export async function listCampaigns(db: Queryable, area: Area): Promise<Campaign[]> {
  const village = area.kind === 'village';
  const rows = await db.query<CampaignRow>(
    `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns
      WHERE commune_id = $1 ${village ? 'AND $2 = ANY(village_ids)' : ''}
      ORDER BY (status = 'active') DESC, due_on, created_at DESC, id`,
    village ? [area.parentId, area.id] : [area.id],
  );
  return rows.map(toCampaign);
}

/**
 * [C5] The active campaigns covering a village `user` may read ([PL6]), each narrowed to those villages
 * (a volunteer's phone holds no other village's records): by deadline, then by id.
 */
export async function myCampaigns(db: Queryable, user: User): Promise<Campaign[]> {
  const readable = await readableVillages(db, user);
  if (readable !== 'all' && readable.length === 0) return [];
  const rows = await db.query<CampaignRow>(
    `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns
      WHERE status = 'active' ${readable === 'all' ? '' : 'AND village_ids && $1::text[]'}
      ORDER BY due_on, id`,
    readable === 'all' ? [] : [readable],
  );
  const campaigns = rows.map(toCampaign);
  if (readable === 'all') return campaigns;
  const mine = new Set(readable);
  return campaigns.map((c) => ({ ...c, villageIds: c.villageIds.filter((v) => mine.has(v)) }));
}
