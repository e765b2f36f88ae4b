// One look of a campaign at the records ([C7]): the live records of its villages judged by the rule,
// with the very functions the phones run (campaign-rules.ts) on the campaign's deadline, and the
// campaign's items brought up to date. An item is a record the rule matched at some look; what it is
// now follows from the record alone:
// - matching now: `pending`; no longer matching: `done`;
// - its household marked out of reach ([R16]): `out_of_reach`, whatever the rule says, until unmarked;
// - deleted (itself or its household), or no longer in the campaign's villages (its household moved
//   to a village the campaign does not cover): `gone`, counted nowhere. Not `done`: nobody did it.
// Runs in the caller's transaction, with the campaign's row locked (rows.ts campaignInScope), so that
// two looks at once come one after the other; the items' primary key is the backstop.
import type { Campaign } from '../../domain/campaigns.ts';
import {
  householdMatches,
  personMatch,
  ruleTargets,
  taskMatches,
  type CampaignRule,
  type VisitForRules,
} from '../../domain/campaign-rules.ts';
import type { CccdStatus, TaskKind, TaskStatus, VneidStatus } from '../../domain/enums.ts';
import { jsonColumn, type Queryable } from '../store/store.ts';

export const ITEM_STATES = ['pending', 'done', 'out_of_reach', 'gone'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

/** A live record of the campaign's villages, of the rule's entity, judged. */
interface Judged {
  id: string;
  villageId: string;
  householdId: string;
  outOfReach: boolean;
  matches: boolean;
}

interface PersonRow {
  id: string;
  village_id: string;
  household_id: string;
  birth_date: string | null;
  cccd_status: CccdStatus;
  cccd_issued_on: string | null;
  vneid_status: VneidStatus;
  phone: string | null;
  out_of_reach: string | null;
}

interface HouseholdRow {
  id: string;
  village_id: string;
  out_of_reach: string | null;
  visits: unknown;
}

interface TaskRow {
  id: string;
  village_id: string;
  household_id: string;
  kind: TaskKind;
  status: TaskStatus;
  out_of_reach: string | null;
}

// Each read is ONE statement, so that it sees the records at one instant (READ COMMITTED): a push
// committing half-way cannot give a person without their household's mark. Only the columns the rules
// read, never a name or an ID number.

async function judgePersons(db: Queryable, rule: CampaignRule, villages: string[], on: string) {
  const rows = await db.query<PersonRow>(
    `SELECT p.id, p.village_id, p.household_id, p.birth_date, p.cccd_status, p.vneid_status,
            p.data ->> 'cccdIssuedOn' AS cccd_issued_on, p.data ->> 'phone' AS phone,
            h.data ->> 'outOfReach' AS out_of_reach
       FROM records p JOIN records h ON h.id = p.household_id AND h.entity = 'household' AND NOT h.deleted
      WHERE p.entity = 'person' AND NOT p.deleted AND p.village_id = ANY($1::text[])`,
    [villages],
  );
  return rows.map((r): Judged => ({
    id: r.id,
    villageId: r.village_id,
    householdId: r.household_id,
    outOfReach: r.out_of_reach !== null,
    // A person always has a birth date ([R2]); one without could not be judged, so it is not matched.
    matches:
      r.birth_date !== null &&
      personMatch(
        rule,
        {
          birthDate: r.birth_date,
          cccdStatus: r.cccd_status,
          cccdIssuedOn: r.cccd_issued_on,
          vneidStatus: r.vneid_status,
          phone: r.phone,
        },
        on,
      ) !== null,
  }));
}

async function judgeHouseholds(db: Queryable, rule: CampaignRule, villages: string[]) {
  const rows = await db.query<HouseholdRow>(
    `WITH visits AS (
       SELECT household_id,
              json_agg(json_build_object('visitedOn', data ->> 'visitedOn', 'outcome', visit_outcome)) AS visits
         FROM records
        WHERE entity = 'visit' AND NOT deleted AND village_id = ANY($1::text[])
        GROUP BY household_id
     )
     SELECT h.id, h.village_id, h.data ->> 'outOfReach' AS out_of_reach, v.visits
       FROM records h LEFT JOIN visits v ON v.household_id = h.id
      WHERE h.entity = 'household' AND NOT h.deleted AND h.village_id = ANY($1::text[])`,
    [villages],
  );
  return rows.map((r): Judged => ({
    id: r.id,
    villageId: r.village_id,
    householdId: r.id,
    outOfReach: r.out_of_reach !== null,
    matches: householdMatches(rule, r.visits === null ? [] : jsonColumn<VisitForRules[]>(r.visits)),
  }));
}

async function judgeTasks(db: Queryable, rule: CampaignRule, villages: string[]) {
  const rows = await db.query<TaskRow>(
    `SELECT t.id, t.village_id, t.household_id, t.data ->> 'kind' AS kind, t.task_status AS status,
            h.data ->> 'outOfReach' AS out_of_reach
       FROM records t JOIN records h ON h.id = t.household_id AND h.entity = 'household' AND NOT h.deleted
      WHERE t.entity = 'task' AND NOT t.deleted AND t.village_id = ANY($1::text[])`,
    [villages],
  );
  return rows.map((r): Judged => ({
    id: r.id,
    villageId: r.village_id,
    householdId: r.household_id,
    outOfReach: r.out_of_reach !== null,
    matches: taskMatches(rule, { kind: r.kind, status: r.status }),
  }));
}

function judge(db: Queryable, campaign: Campaign): Promise<Judged[]> {
  const villages = [...campaign.villageIds];
  switch (ruleTargets(campaign.rule)) {
    case 'person':
      return judgePersons(db, campaign.rule, villages, campaign.dueOn);
    case 'household':
      return judgeHouseholds(db, campaign.rule, villages);
    case 'task':
      return judgeTasks(db, campaign.rule, villages);
  }
}

interface ItemRow {
  entity_id: string;
  village_id: string;
  household_id: string;
  state: ItemState;
}

interface ItemWrite {
  id: string;
  villageId: string;
  householdId: string;
  state: ItemState;
}

/** [C7] Looks at the records now and brings the campaign's items up to date (see the top of the file). */
export async function reconcile(db: Queryable, campaign: Campaign, now: number): Promise<void> {
  const judged = await judge(db, campaign);
  const items = await db.query<ItemRow>(
    'SELECT entity_id, village_id, household_id, state FROM campaign_items WHERE campaign_id = $1::uuid',
    [campaign.id],
  );
  const before = new Map(items.map((i) => [i.entity_id, i]));
  const writes: ItemWrite[] = [];
  const live = new Set<string>();
  for (const r of judged) {
    live.add(r.id);
    const item = before.get(r.id);
    if (!r.matches && !item) continue; // never matched: not an item
    const state: ItemState = r.outOfReach ? 'out_of_reach' : r.matches ? 'pending' : 'done';
    if (
      !item ||
      item.state !== state ||
      item.village_id !== r.villageId ||
      item.household_id !== r.householdId
    ) {
      writes.push({ id: r.id, villageId: r.villageId, householdId: r.householdId, state });
    }
  }
  for (const item of items) {
    if (!live.has(item.entity_id) && item.state !== 'gone') {
      writes.push({
        id: item.entity_id,
        villageId: item.village_id,
        householdId: item.household_id,
        state: 'gone',
      });
    }
  }
  if (writes.length === 0) return;
  // One statement for every change; `state_since` moves only when the state does.
  await db.query(
    `INSERT INTO campaign_items (campaign_id, entity, entity_id, village_id, household_id, state, first_seen_at, state_since)
     SELECT $1::uuid, $2, w.entity_id::uuid, w.village_id, w.household_id::uuid, w.state, $7::timestamptz, $7::timestamptz
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS w (entity_id, village_id, household_id, state)
     ON CONFLICT (campaign_id, entity_id) DO UPDATE
        SET village_id = EXCLUDED.village_id, household_id = EXCLUDED.household_id, state = EXCLUDED.state,
            state_since = CASE WHEN campaign_items.state = EXCLUDED.state
                               THEN campaign_items.state_since ELSE EXCLUDED.state_since END`,
    [
      campaign.id,
      ruleTargets(campaign.rule),
      writes.map((w) => w.id),
      writes.map((w) => w.villageId),
      writes.map((w) => w.householdId),
      writes.map((w) => w.state),
      new Date(now).toISOString(),
    ],
  );
}
