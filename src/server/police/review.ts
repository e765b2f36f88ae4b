// What the commune police review reads (src/domain/review.ts): the households of an area that still
// have a gap, one household read-only, and the conflicts and rejected edits pushed in an area. Each is
// one or two set-based statements over the records' generated columns and indexes; nothing is logged.
import type { Entity } from '../../domain/enums.ts';
import { birthDateCutoff, isoDateInVietnam } from '../../domain/dates.ts';
import { CARD_AGE } from '../../domain/identity-law.ts';
import { FIELDS } from '../../domain/records.ts';
import type { GapHousehold, GapsAnswer, HouseholdView, SyncIssue } from '../../domain/review.ts';
import type { Change, RejectCode } from '../../domain/sync-protocol.ts';
import { readableVillages, type Area } from '../accounts/areas.ts';
import type { User } from '../../domain/users.ts';
import { jsonColumn, type Queryable } from '../store/store.ts';
import { VI_ORDER } from '../../domain/vi-order.ts';
import type { SortKey } from './review-cursor.ts';

/** [RV7] At most `limit` issues, 200 when absent. */
export const DEFAULT_ISSUES_LIMIT = 200;
export const MAX_ISSUES_LIMIT = 1000;

const iso = (v: unknown): string => new Date(v as string).toISOString();

/**
 * [RV2] The households (not deleted) of `villages` with at least one gap: a person 14+ (on the Vietnamese
 * date of `now`, as the tallies count them) without an issued card or an active level-2 VNeID, or an
 * open task. With `all`, every household of `villages`, its counts 0 when it has no gap (or no
 * members) ([RV4]). In the order of `villages` (accessArea's), then by address, then by id ([RV3]).
 */
export async function gaps(
  db: Queryable,
  villages: readonly Area[],
  now: number,
  { all = false }: { all?: boolean } = {},
): Promise<GapsAnswer> {
  const ids = villages.map((v) => v.id);
  const households = await readGaps(db, ids, gapCutoff(now), all);
  const villageOrder = new Map(ids.map((id, i) => [id, i]));
  households.sort(
    (a, b) =>
      (villageOrder.get(a.villageId) ?? 0) - (villageOrder.get(b.villageId) ?? 0) ||
      compareGapKeys(gapKey(a), gapKey(b)),
  );
  return { asOf: new Date(now).toISOString(), households };
}

/** [T4] The latest birth date of a person 14 or more on the Vietnamese date of `now`. */
export const gapCutoff = (now: number): string => birthDateCutoff(isoDateInVietnam(now), CARD_AGE);

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** [RV3] A household's place within its village: its address (Vietnamese order, numbers by value), its id. */
export const gapKey = (h: GapHousehold): SortKey => [h.address, h.id];

export function compareGapKeys(a: SortKey, b: SortKey): number {
  return VI_ORDER.compare(String(a[0]), String(b[0])) || byText(String(a[1]), String(b[1]));
}

/**
 * [RV2] [RV4] One village's gap list (or, `all`, every household of it), in its order ([RV3]): what a
 * page or a streamed file reads at a time, never more than a village in memory.
 */
export async function villageGaps(
  db: Queryable,
  villageId: string,
  cutoff: string,
  all: boolean,
): Promise<GapHousehold[]> {
  const households = await readGaps(db, [villageId], cutoff, all);
  return households.sort((a, b) => compareGapKeys(gapKey(a), gapKey(b)));
}

/** The gap households (or all households) of `ids`, in no order. */
async function readGaps(
  db: Queryable,
  ids: readonly string[],
  cutoff: string,
  all: boolean,
): Promise<GapHousehold[]> {
  // One pass over the households' persons, tasks and visits of those villages, grouped per household;
  // then the households that have a gap, joined by primary key, or (all) every household, its counts
  // joined when it has any.
  const counts = `counts AS (
       SELECT household_id,
              count(*) FILTER (WHERE entity = 'person' AND birth_date <= $2) AS persons14plus,
              count(*) FILTER (WHERE entity = 'person' AND birth_date <= $2
                                 AND cccd_status IS DISTINCT FROM 'issued') AS without_card,
              count(*) FILTER (WHERE entity = 'person' AND birth_date <= $2
                                 AND vneid_status IS DISTINCT FROM 'level2_active') AS without_vneid,
              count(*) FILTER (WHERE entity = 'task' AND task_status = 'open') AS open_tasks,
              max(data ->> 'visitedOn') FILTER (WHERE entity = 'visit' AND visit_outcome = 'met') AS last_met_on
         FROM records
        WHERE NOT deleted AND village_id = ANY($1::text[]) AND entity <> 'household'
        GROUP BY household_id
     )`;
  const columns = `h.id, h.village_id, h.data ->> 'headName' AS head_name, h.data ->> 'address' AS address,
            h.data ->> 'householdCode' AS household_code,
            coalesce(c.persons14plus, 0)::int AS persons14plus, coalesce(c.without_card, 0)::int AS without_card,
            coalesce(c.without_vneid, 0)::int AS without_vneid, coalesce(c.open_tasks, 0)::int AS open_tasks,
            c.last_met_on`;
  const sql = all
    ? `WITH ${counts}
       SELECT ${columns}
         FROM records h LEFT JOIN counts c ON c.household_id = h.id
        WHERE h.entity = 'household' AND NOT h.deleted AND h.village_id = ANY($1::text[])`
    : `WITH ${counts}
       SELECT ${columns}
         FROM counts c JOIN records h ON h.id = c.household_id
        WHERE (c.without_card > 0 OR c.without_vneid > 0 OR c.open_tasks > 0)
          AND h.entity = 'household' AND NOT h.deleted AND h.village_id = ANY($1::text[])`;
  const rows = await db.query<{
    id: string;
    village_id: string;
    head_name: string | null;
    address: string | null;
    household_code: string | null;
    persons14plus: unknown;
    without_card: unknown;
    without_vneid: unknown;
    open_tasks: unknown;
    last_met_on: string | null;
  }>(sql, [ids, cutoff]);
  return rows.map((r) => ({
    id: r.id,
    villageId: r.village_id,
    headName: r.head_name ?? '',
    address: r.address ?? '',
    householdCode: r.household_code ?? null,
    persons14plus: Number(r.persons14plus),
    withoutCard14plus: Number(r.without_card),
    withoutVneid14plus: Number(r.without_vneid),
    openTasks: Number(r.open_tasks),
    lastMetOn: r.last_met_on ?? null,
  }));
}

interface RecordRow {
  id: string;
  entity: Entity;
  village_id: string;
  version: number;
  data: unknown;
  updated_at: unknown;
  updated_by: string;
}

/** A live record in the pull's shape: every field of its entity (null when absent), who changed it last and when. */
function toChange(row: RecordRow): Change & { updatedAt: string } {
  const stored = jsonColumn<Record<string, unknown>>(row.data);
  const data: Record<string, unknown> = {};
  for (const field of Object.keys(FIELDS[row.entity].shape)) data[field] = stored[field] ?? null;
  // [RV5] A person's ID number is not in the view: its last four digits are, and the whole number is
  // one audited request away ([RV10]).
  if (row.entity === 'person') {
    const id = data.idNumber;
    delete data.idNumber;
    if (typeof id === 'string') data.idNumberEnd = idNumberEnd(id);
  }
  const updatedAt = iso(row.updated_at);
  data.updatedAt = updatedAt;
  data.updatedBy = row.updated_by;
  return {
    entity: row.entity,
    entityId: row.id,
    version: Number(row.version),
    deleted: false,
    data,
    updatedAt,
  };
}

/** [RV5], [RV11] Members as the phone lists them: the head first, then spouse, parents, children … */
export const RELATION_ORDER: readonly string[] = [
  'head',
  'spouse',
  'parent',
  'child',
  'grandchild',
  'sibling',
  'other',
];
const ENTITY_ORDER: Entity[] = ['household', 'person', 'task', 'visit'];
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** [RV5] As the phone shows them: members head first then by age, open tasks first, newest visits first. */
function compareRecords(a: Change, b: Change): number {
  const byEntity = ENTITY_ORDER.indexOf(a.entity) - ENTITY_ORDER.indexOf(b.entity);
  if (byEntity !== 0) return byEntity;
  const x = a.data ?? {};
  const y = b.data ?? {};
  let order = 0;
  if (a.entity === 'person') {
    order =
      RELATION_ORDER.indexOf(text(x.relation)) - RELATION_ORDER.indexOf(text(y.relation)) ||
      text(x.birthDate).localeCompare(text(y.birthDate));
  } else if (a.entity === 'task') {
    order = (x.status === 'open' ? 0 : 1) - (y.status === 'open' ? 0 : 1);
  } else if (a.entity === 'visit') {
    order = text(y.visitedOn).localeCompare(text(x.visitedOn));
  }
  return order || (a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0);
}

/** Whether `user` may read the records of `villageId` ([PL6]): out of scope reads as unknown. */
async function mayRead(db: Queryable, user: User, villageId: string): Promise<boolean> {
  const readable = await readableVillages(db, user);
  return readable === 'all' || readable.includes(villageId);
}

/**
 * [RV5] One household and its live persons, tasks and visits, if it exists, is not deleted and lies in a
 * village the user may read; null otherwise (the caller answers 404 alike, revealing nothing: [RV6]).
 */
export async function householdView(db: Queryable, user: User, id: string): Promise<HouseholdView | null> {
  const [household] = await db.query<RecordRow & { village_name: string | null }>(
    `SELECT r.id, r.entity, r.village_id, r.version, r.data, r.updated_at, r.updated_by, a.name AS village_name
       FROM records r LEFT JOIN areas a ON a.id = r.village_id
      WHERE r.id = $1::uuid AND r.entity = 'household' AND NOT r.deleted`,
    [id],
  );
  if (!household || !(await mayRead(db, user, household.village_id))) return null;
  const children = await db.query<RecordRow>(
    `SELECT id, entity, village_id, version, data, updated_at, updated_by
       FROM records WHERE household_id = $1::uuid AND entity <> 'household' AND NOT deleted`,
    [household.id],
  );
  const { updatedAt: _updatedAt, ...head } = toChange(household);
  return {
    household: head,
    villageName: household.village_name ?? household.village_id,
    records: children.map(toChange).sort(compareRecords),
  };
}

/** The last four digits of an ID number: what the police views show of it ([RV5], [RV7]). */
export function idNumberEnd(id: string): string {
  return id.slice(-4);
}

const masked = (v: unknown) => (typeof v === 'string' ? `••••••••${idNumberEnd(v)}` : v);

/**
 * [RV10] A person's whole ID number, for a police officer or admin who may read the person's village;
 * null when the person is unknown, deleted or out of scope (404 alike). With the ids the audit needs.
 */
export async function personIdNumber(
  db: Queryable,
  user: User,
  personId: string,
): Promise<{
  idNumber: string | null;
  villageId: string;
  householdId: string;
  communeId: string | null;
} | null> {
  const [row] = await db.query<{
    data: unknown;
    village_id: string;
    household_id: string;
    commune_id: string | null;
  }>(
    `SELECT r.data, r.village_id, r.household_id, a.parent_id AS commune_id
       FROM records r LEFT JOIN areas a ON a.id = r.village_id
      WHERE r.id = $1::uuid AND r.entity = 'person' AND NOT r.deleted`,
    [personId],
  );
  if (!row || !(await mayRead(db, user, row.village_id))) return null;
  const id = jsonColumn<Record<string, unknown>>(row.data).idNumber;
  return {
    idNumber: typeof id === 'string' ? id : null,
    villageId: row.village_id,
    householdId: row.household_id,
    communeId: row.commune_id,
  };
}

/**
 * [RV7] The conflicts and rejected edits pushed in `villages`, newest first (within one push the later
 * mutation first), at most `limit`; the household's head and address as they are now.
 */
export async function syncIssues(
  db: Queryable,
  villages: readonly Area[],
  limit: number,
): Promise<SyncIssue[]> {
  return (await readIssues(db, villages, limit, null)).map((r) => r.issue);
}

/**
 * [RV7] One page of the issues: at most `limit` after the issue whose sort key is `after` (null: from
 * the newest), and the key of the last one given when more follow (null on the last page). The order
 * is the list's: time, newest first; the later mutation of a push first; then mutation and author.
 */
export async function syncIssuesPage(
  db: Queryable,
  villages: readonly Area[],
  limit: number,
  after: SortKey | null,
): Promise<{ issues: SyncIssue[]; next: SortKey | null }> {
  const rows = await readIssues(db, villages, limit + 1, after);
  const page = rows.slice(0, limit);
  return {
    issues: page.map((r) => r.issue),
    next: rows.length > limit ? (page.at(-1)?.key ?? null) : null,
  };
}

/** An issue's sort key: its time as the database holds it (microseconds), its place in the push, its ids. */
const issueKey = (atKey: string, position: number, mutationId: string, userId: string): SortKey => [
  atKey,
  position,
  mutationId,
  userId,
];

async function readIssues(
  db: Queryable,
  villages: readonly Area[],
  limit: number,
  after: SortKey | null,
): Promise<{ issue: SyncIssue; key: SortKey }[]> {
  const [at = null, position = null, mutationId = null, userId = null] = after ?? [];
  const rows = await db.query<{
    mutation_id: string;
    at: unknown;
    at_key: string;
    position: unknown;
    status: 'conflict' | 'rejected';
    user_id: string;
    user_name: string | null;
    device_id: string;
    village_id: string;
    household_id: string;
    entity: Entity;
    entity_id: string;
    detail: unknown;
    head_name: string | null;
    address: string | null;
  }>(
    // The keyset of the order below: after (at, position) descending, then (mutation, user) ascending.
    `SELECT s.mutation_id, s.at, s.at::text AS at_key, s.position, s.status, s.user_id, u.name AS user_name,
            s.device_id, s.village_id, s.household_id, s.entity, s.entity_id, s.detail,
            h.data ->> 'headName' AS head_name, h.data ->> 'address' AS address
       FROM sync_issues s
       LEFT JOIN users u ON u.id = s.user_id
       LEFT JOIN records h ON h.id = s.household_id AND h.entity = 'household' AND NOT h.deleted
      WHERE s.village_id = ANY($1::text[])
        AND ($3::text IS NULL
             OR s.at < $3::timestamptz
             OR (s.at = $3::timestamptz
                 AND (s.position < $4::int
                      OR (s.position = $4::int AND (s.mutation_id, s.user_id) > ($5::uuid, $6::uuid)))))
      ORDER BY s.at DESC, s.position DESC, s.mutation_id, s.user_id
      LIMIT $2`,
    [villages.map((v) => v.id), limit, at, position, mutationId, userId],
  );
  return rows.map((r) => {
    const detail = jsonColumn<unknown>(r.detail);
    const issue: SyncIssue = {
      mutationId: r.mutation_id,
      at: iso(r.at),
      status: r.status,
      userId: r.user_id,
      userName: r.user_name ?? '',
      deviceId: r.device_id,
      villageId: r.village_id,
      householdId: r.household_id,
      entity: r.entity,
      entityId: r.entity_id,
      headName: r.head_name ?? null,
      address: r.address ?? null,
    };
    if (r.status === 'conflict') {
      // [RV7] An ID number's two sides as their last four digits, as everywhere in the review.
      issue.conflicts = (detail as { field: string; server: unknown; client: unknown }[]).map((c) =>
        c.field === 'idNumber' ? { ...c, server: masked(c.server), client: masked(c.client) } : c,
      );
    } else {
      issue.error = detail as { code: RejectCode; message: string };
    }
    return { issue, key: issueKey(r.at_key, Number(r.position), r.mutation_id, r.user_id) };
  });
}
