// [C3] A new campaign, made by the commune police (or an admin). Its id comes from the client, so a
// retry after a lost answer is the same request again: the same fields answer the stored campaign
// (200, nothing new), other fields `409 already_exists`. However many copies arrive at once, the
// primary key lets one insert through; the others find it and compare.
import type { Campaign, NewCampaign } from '../../domain/campaigns.ts';
import type { CampaignRule } from '../../domain/campaign-rules.ts';
import type { Session } from '../accounts/tokens.ts';
import { accessArea, directsCommune } from '../accounts/areas.ts';
import { appendManageAudit } from '../manage/manage-audit.ts';
import type { Queryable, Store } from '../store/store.ts';
import { reconcile } from './reconcile.ts';
import { CAMPAIGN_COLUMNS, toCampaign, type CampaignRow } from './rows.ts';

export type CreateResult =
  | { ok: true; created: boolean; campaign: Campaign }
  | {
      ok: false;
      code: 'invalid_request' | 'forbidden' | 'not_found' | 'already_exists';
      message: string;
    };

/** A rule as stored and answered: its options without the absent ones (`null` is absent, [R4]). */
export function canonicalRule(rule: CampaignRule): CampaignRule {
  return Object.fromEntries(
    Object.entries(rule).filter(([, v]) => v !== null && v !== undefined),
  ) as CampaignRule;
}

/** JSON with sorted keys: a rule read back from jsonb comes with its keys in jsonb's order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What a request sets: two requests setting the same are the same request. */
const requested = (c: Omit<Campaign, 'status' | 'createdAt' | 'createdBy' | 'closedAt' | 'version'>) =>
  stable([c.id, c.communeId, c.name, c.villageIds, c.startsOn, c.dueOn, c.rule, c.targetPercent]);

type Wanted = Parameters<typeof requested>[0];

/** [C3] The answer to a request whose id is taken: 200 if it is this same request, else 409; null if free. */
async function storedAnswer(db: Queryable, wanted: Wanted): Promise<CreateResult | null> {
  const [row] = await db.query<CampaignRow>(`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE id = $1::uuid`, [
    wanted.id,
  ]);
  if (!row) return null;
  const campaign = toCampaign(row);
  if (requested(campaign) === requested(wanted)) return { ok: true, created: false, campaign };
  return { ok: false, code: 'already_exists', message: 'id: another campaign has this id' };
}

/** [C3] The villages must all be villages of the commune, none archived; null when they are. */
async function villageProblem(db: Queryable, input: NewCampaign): Promise<string | null> {
  const rows = await db.query<{ id: string; kind: string; parent_id: string | null; archived_at: unknown }>(
    'SELECT id, kind, parent_id, archived_at FROM areas WHERE id = ANY($1::text[])',
    [input.villageIds],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const bad = input.villageIds.find((id) => {
    const v = byId.get(id);
    return !v || v.kind !== 'village' || v.parent_id !== input.communeId || v.archived_at !== null;
  });
  return bad === undefined ? null : `villageIds: ${bad} is not a village in use of ${input.communeId}`;
}

export async function createCampaign(
  store: Store,
  session: Pick<Session, 'user' | 'deviceId'>,
  input: NewCampaign,
  now: number,
): Promise<CreateResult> {
  // [T7] The commune as the tallies judge an area: unknown 404, outside the caller's scope 403.
  const access = await accessArea(store, session.user, input.communeId);
  if (!access.ok) {
    const message =
      access.code === 'not_found' ? 'communeId: no such commune' : 'communeId: outside your scope';
    return { ok: false, code: access.code, message };
  }
  if (access.area.kind !== 'commune')
    return { ok: false, code: 'invalid_request', message: 'communeId: not a commune' };
  // [A4] A province's police read its communes' campaigns; the commune's own police launch them.
  if (!directsCommune(session.user, access.area.id))
    return {
      ok: false,
      code: 'forbidden',
      message: "communeId: only the commune's own police launch its campaigns",
    };

  const at = new Date(now).toISOString();
  const wanted = {
    id: input.id.toLowerCase(),
    communeId: input.communeId,
    name: input.name,
    villageIds: input.villageIds,
    startsOn: input.startsOn,
    dueOn: input.dueOn,
    rule: canonicalRule(input.rule),
    targetPercent: input.targetPercent ?? null,
  };
  // A retry is answered from what is stored, before its villages are judged again: one of them
  // archived since must not turn the campaign the phone already made into a refusal.
  const stored = await storedAnswer(store, wanted);
  if (stored) return stored;
  const problem = await villageProblem(store, input);
  if (problem) return { ok: false, code: 'invalid_request', message: problem };

  return store.transaction(async (tx): Promise<CreateResult> => {
    const [row] = await tx.query<CampaignRow>(
      `INSERT INTO campaigns (id, commune_id, name, village_ids, starts_on, due_on, rule, target_percent,
                              status, created_at, created_by, closed_at, version)
       VALUES ($1::uuid, $2, $3, $4::text[], $5, $6, $7::jsonb, $8, 'active', $9::timestamptz, $10::uuid, NULL, 1)
       ON CONFLICT (id) DO NOTHING
       RETURNING ${CAMPAIGN_COLUMNS}`,
      [
        wanted.id,
        wanted.communeId,
        wanted.name,
        wanted.villageIds,
        wanted.startsOn,
        wanted.dueOn,
        JSON.stringify(wanted.rule),
        wanted.targetPercent,
        at,
        session.user.id,
      ],
    );
    if (!row) {
      // Taken since the look above, by a copy of this request or another one: a concurrent insert
      // waited on the key until the first committed, so the stored row is there to read.
      return (
        (await storedAnswer(tx, wanted)) ?? {
          ok: false,
          code: 'already_exists',
          message: 'id: another campaign has this id',
        }
      );
    }
    const campaign = toCampaign(row);
    await appendManageAudit(tx, {
      at,
      actorId: session.user.id,
      deviceId: session.deviceId,
      communeId: campaign.communeId,
      action: 'campaign.create',
      targetAreaId: campaign.communeId,
      // A campaign's name is the police's words, never a citizen's data.
      details: { campaignId: campaign.id, name: campaign.name },
    });
    // [C7] Its first look at the records: who it targets from the start.
    await reconcile(tx, campaign, now);
    return { ok: true, created: true, campaign };
  });
}
