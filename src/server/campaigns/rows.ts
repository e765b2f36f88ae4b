// A campaign's row and its answer ([C1]): the one mapping between the `campaigns` table (migration 10)
// and the wire, and the look-ups every campaign endpoint shares.
import type { Campaign, CampaignStatus } from '../../domain/campaigns.ts';
import type { CampaignRule } from '../../domain/campaign-rules.ts';
import type { User } from '../../domain/users.ts';
import { directsCommune, readsCommune } from '../accounts/areas.ts';
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
 * The campaign `id` (lower-case uuid) if `user` may read its commune ([T7]; a province's police read
 * their communes' campaigns), or with `direct` may direct it (close it: the commune's own police or an
 * admin, [A4]); else null: unknown and out of scope read alike ([C6], [C7]). `forUpdate` locks its row
 * to the end of the transaction, so that its looks at the records ([C7]) and its close come one after
 * the other.
 */
export async function campaignInScope(
  db: Queryable,
  user: User,
  id: string,
  { forUpdate = false, direct = false }: { forUpdate?: boolean; direct?: boolean } = {},
): Promise<Campaign | null> {
  const [row] = await db.query<CampaignRow & { province_id: string | null }>(
    `SELECT ${CAMPAIGN_COLUMNS}, (SELECT parent_id FROM areas WHERE areas.id = campaigns.commune_id) AS province_id
       FROM campaigns WHERE id = $1::uuid${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!row) return null;
  const allowed = direct
    ? directsCommune(user, row.commune_id)
    : readsCommune(user, row.commune_id, row.province_id);
  return allowed ? toCampaign(row) : null;
}
