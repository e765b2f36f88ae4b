// A campaign's row and its answer ([C1]): the one mapping between the `campaigns` table (migration 10)
// and the wire, and the look-ups every campaign endpoint shares.
import type { Campaign, CampaignStatus } from '../../domain/campaigns.ts';
import type { CampaignRule } from '../../domain/campaign-rules.ts';
import type { User } from '../../domain/users.ts';
import { jsonColumn, type Queryable } from '../store/store.ts';

export interface CampaignRow {
  id: string;
  commune_id: string;
  name: string;
  village_ids: unknown;
  starts_on: string;
  due_on: string;
  rule: unknown;
  target_percent: number | null;
  status: CampaignStatus;
  created_at: unknown;
  created_by: string;
  closed_at: unknown;
  version: number;
}

export const CAMPAIGN_COLUMNS =
  'id, commune_id, name, village_ids, starts_on, due_on, rule, target_percent, status, created_at, created_by, closed_at, version';

const iso = (v: unknown): string => new Date(v as string).toISOString();

/** A text[] column: both drivers parse it, but a cast may leave its literal (`{a,b}`); ids hold no comma or quote. */
function textArray(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  const s = String(v ?? '');
  return s === '{}' ? [] : s.replace(/^\{|\}$/g, '').split(',');
}

export function toCampaign(r: CampaignRow): Campaign {
  return {
    id: r.id,
    communeId: r.commune_id,
    name: r.name,
    villageIds: textArray(r.village_ids),
    startsOn: r.starts_on,
    dueOn: r.due_on,
    rule: jsonColumn<CampaignRule>(r.rule),
    targetPercent: r.target_percent === null ? null : Number(r.target_percent),
    status: r.status,
    createdAt: iso(r.created_at),
    createdBy: r.created_by,
    closedAt: r.closed_at === null || r.closed_at === undefined ? null : iso(r.closed_at),
    version: Number(r.version),
  };
}

/**
 * The campaign `id` (lower-case uuid) if `user` may read its commune ([T7]), else null: unknown and out
 * of scope read alike ([C6], [C7]). `forUpdate` locks its row to the end of the transaction, so that
 * its looks at the records ([C7]) and its close come one after the other.
 */
export async function campaignInScope(
  db: Queryable,
  user: User,
  id: string,
  { forUpdate = false }: { forUpdate?: boolean } = {},
): Promise<Campaign | null> {
  const [row] = await db.query<CampaignRow>(
    `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE id = $1::uuid${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!row) return null;
  return mayReadCommune(user, row.commune_id) ? toCampaign(row) : null;
}

/** [T7] As accessArea judges a commune: police read their own, admins every one, volunteers none. */
export function mayReadCommune(user: User, communeId: string): boolean {
  return user.role === 'admin' || (user.role === 'police' && user.areaIds.includes(communeId));
}
