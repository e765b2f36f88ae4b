// The push algorithm (SYNC-API.md "Push"): one batch of mutations applied exactly once per user, in
// order, in one transaction, merged field by field, as the token's user on the token's device.
// Set-based: a handful of statements per batch, not per mutation. The steps are numbered as in the
// comments below.
import type { Entity } from '../../domain/enums.ts';
import type { Mutation, MutationResult, PushRequest, RejectCode } from '../../domain/sync-protocol.ts';
import { writableVillages } from '../accounts/areas.ts';
import { isTokenDevice, type Session } from '../accounts/tokens.ts';
import type { User } from '../accounts/users.ts';
import { appendAudit, type AuditEntry } from '../audit.ts';
import { hasUnstorableText } from '../unstorable-text.ts';
import { LOCK_RECORDS, lockForTransaction, type Queryable, type Store } from '../store/store.ts';
import { mergeUpsert } from './merge.ts';
import {
  loadRecords,
  moveChildren,
  recordDepartures,
  tombstoneChildren,
  writeRecords,
  type StoredRow,
} from './record-rows.ts';

const AREA_ID = /^[a-z0-9-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Working extends StoredRow {
  dirty: boolean;
  /** The village the row had when loaded (null: new in this batch), to detect a household's move. */
  loadedVillageId: string | null;
}

interface Batch {
  user: User;
  deviceId: string;
  at: string;
  rows: Map<string, Working>;
  villages: Map<string, { kind: string }>;
  writable: ReadonlySet<string> | 'all';
  audit: AuditEntry[];
  deletedHouseholds: { householdId: string; mutationId: string }[];
}

const reject = (id: string, code: RejectCode, message: string): MutationResult => ({
  id,
  status: 'rejected',
  error: { code, message },
});

export type PushOutcome =
  | { ok: true; results: MutationResult[] }
  /** The body named another device than the token's: nothing was read or stored. */
  | { ok: false; code: 'forbidden'; message: string };

/**
 * Applies `request` as `session`'s user on `session`'s device. Identity is the token's alone: the
 * body's deviceId must name the token's device (SYNC-API.md: "a push that names another deviceId with
 * it is refused"), or a volunteer could pass for another phone, whose earlier edits then never conflict
 * with theirs (merge.ts), or add phones to the devices list.
 */
export async function push(
  store: Store,
  session: Pick<Session, 'user' | 'deviceId'>,
  request: PushRequest,
  now: number,
): Promise<PushOutcome> {
  if (!isTokenDevice(session, request.deviceId)) {
    return {
      ok: false,
      code: 'forbidden',
      message: 'deviceId: this token was issued to another device; sign in on this device',
    };
  }
  const { user } = session;
  // The token's spelling of the device, as login stored it in tokens and devices.
  const { deviceId } = session;
  const mutations = request.mutations.map(normalizeIds);
  const at = new Date(now).toISOString();
  const results = await store.transaction(async (tx) => {
    // 1. Serialize every writer of records (any process, same database): sequence values are taken in
    //    commit order, so a pull never skips a row committed late; concurrent pushes touching one
    //    record behave as if sent one after the other.
    //    Exactly once rests on this lock too. Invariant: between the look-up of step 2 and the insert
    //    of step 6 no other push commits, so a retry racing its original (on this process or another
    //    one on the same database) waits here, then finds the first answer (READ COMMITTED: every
    //    statement after the lock sees each push committed before the lock was granted). The answers'
    //    primary key (user_id, id) is the backstop: without the lock a racing duplicate would fail its
    //    whole transaction, never apply twice.
    await lockForTransaction(tx, store.schema, LOCK_RECORDS);

    // 2. Which of this user's mutation ids were answered before (exactly once per user): one statement
    //    for the batch. A mutation id belongs to its author: another user's mutation with the same id
    //    is a new mutation of that user, judged on its own, and never sees this user's answer (it may
    //    carry another village's values).
    const answered = new Map<string, MutationResult>();
    const known = await tx.query<{ id: string; result: unknown }>(
      'SELECT id, result FROM mutations WHERE user_id = $1::uuid AND id = ANY($2::uuid[])',
      [user.id, [...new Set(mutations.map((m) => m.id))]],
    );
    for (const row of known) {
      answered.set(
        row.id.toLowerCase(),
        (typeof row.result === 'string' ? JSON.parse(row.result) : row.result) as MutationResult,
      );
    }

    // 3. Load every record the batch touches or points at, then the households of loaded children.
    const batch: Batch = {
      user,
      deviceId,
      at,
      rows: new Map(),
      villages: new Map(),
      writable: writableVillages(user),
      audit: [],
      deletedHouseholds: [],
    };
    await loadInto(tx, batch, referencedIds(mutations));
    const parents = [...batch.rows.values()]
      .filter((r) => r.entity !== 'household')
      .map((r) => r.householdId);
    await loadInto(tx, batch, parents);

    // 4. The villages named by households in the batch or already stored.
    const villageIds = new Set<string>();
    for (const m of mutations)
      // Only well-formed ids reach SQL: a NUL in a garbage id would fail the statement, not the mutation.
      if (
        m.entity === 'household' &&
        typeof m.fields.villageId === 'string' &&
        AREA_ID.test(m.fields.villageId)
      )
        villageIds.add(m.fields.villageId);
    for (const r of batch.rows.values()) villageIds.add(r.villageId);
    const areas = await tx.query<{ id: string; kind: string }>(
      'SELECT id, kind FROM areas WHERE id = ANY($1::text[])',
      [[...villageIds]],
    );
    for (const a of areas) batch.villages.set(a.id, { kind: a.kind });

    // 5. Each mutation in order, against the batch's working state; a replay gets its first answer.
    const results: MutationResult[] = [];
    const fresh: MutationResult[] = [];
    const unclean: { m: Mutation; position: number; result: MutationResult }[] = [];
    for (const [position, m] of mutations.entries()) {
      const earlier = answered.get(m.id.toLowerCase());
      if (earlier) {
        results.push(earlier);
        continue;
      }
      const result = m.op === 'delete' ? applyDelete(batch, m) : applyUpsert(batch, m);
      answered.set(m.id.toLowerCase(), result);
      results.push(result);
      fresh.push(result);
      if (result.status !== 'applied') unclean.push({ m, position, result });
    }

    // 6. Write the final states, the cascades, the audit trail, the answers and the conflicts and
    //    rejections for the police's review (sync_issues): a few statements.
    const dirty = [...batch.rows.values()].filter((r) => r.dirty);
    await writeRecords(
      tx,
      dirty.map((r) => ({
        ...r,
        villageId: villageOf(batch, r) ?? r.villageId,
        updatedAt: at,
        updatedBy: user.id,
      })),
    );
    // Records whose village changed: a moved household, a child given a household of another village.
    const left = dirty.flatMap((r) => {
      const current = villageOf(batch, r) ?? r.villageId;
      return r.loadedVillageId !== null && r.loadedVillageId !== current
        ? [{ row: r, oldVillageId: r.loadedVillageId, villageId: current }]
        : [];
    });
    const moves = left
      .filter((l) => l.row.entity === 'household')
      .map((l) => ({ householdId: l.row.id, villageId: l.villageId, oldVillageId: l.oldVillageId }));
    await moveChildren(tx, moves);
    const cascaded = await tombstoneChildren(tx, batch.deletedHouseholds, { at, userId: user.id, deviceId });
    // Last of the records' writes: the old villages' phones learn what left them (pull.ts).
    await recordDepartures(tx, {
      households: moves,
      records: left.map((l) => ({ recordId: l.row.id, oldVillageId: l.oldVillageId })),
      deletedHere: [...dirty.filter((r) => r.deleted).map((r) => r.id), ...cascaded],
    });
    await appendAudit(tx, batch.audit);
    await insertAnswers(tx, fresh, user.id, deviceId, at);
    await insertIssues(tx, issuesOf(batch, unclean), user.id, deviceId, at);
    // The token's device, whose row its login created: a push never adds a device of its own naming.
    await tx.query(
      `INSERT INTO devices (device_id, user_id, last_push_at) VALUES ($1, $2, $3::timestamptz)
       ON CONFLICT (device_id, user_id) DO UPDATE SET last_push_at = EXCLUDED.last_push_at`,
      [deviceId, user.id, at],
    );
    // 7. The store's transaction commits, durably, before this resolves and the answer is sent.
    return results;
  });
  return { ok: true, results };
}

/**
 * The database answers uuids in lower case; the batch's look-ups must too. The mutation id is kept as
 * sent: the phone matches answers by it.
 */
function normalizeIds(m: Mutation): Mutation {
  const fields = { ...m.fields };
  for (const key of ['householdId', 'personId']) {
    const v = fields[key];
    if (typeof v === 'string' && UUID.test(v)) fields[key] = v.toLowerCase();
  }
  return { ...m, entityId: m.entityId.toLowerCase(), fields };
}

/** Entity ids of the batch, and the households and persons its fields point at. */
function referencedIds(mutations: readonly Mutation[]): string[] {
  const ids = new Set<string>();
  for (const m of mutations) {
    ids.add(m.entityId);
    for (const key of ['householdId', 'personId']) {
      const v = m.fields[key];
      if (typeof v === 'string' && UUID.test(v)) ids.add(v);
    }
  }
  return [...ids];
}

async function loadInto(tx: Queryable, batch: Batch, ids: readonly string[]): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !batch.rows.has(id));
  for (const row of await loadRecords(tx, missing)) {
    batch.rows.set(row.id, { ...row, dirty: false, loadedVillageId: row.villageId });
  }
}

/** The village a record belongs to now: a household's own, a child's through its household. */
function villageOf(batch: Batch, row: Working): string | null {
  if (row.entity === 'household') return typeof row.data.villageId === 'string' ? row.data.villageId : null;
  const household = batch.rows.get(row.householdId);
  return household ? villageOf(batch, household) : null;
}

/** Deleted, or a child of a deleted household (the cascade may still be pending in this batch). */
function isGone(batch: Batch, row: Working): boolean {
  if (row.deleted) return true;
  if (row.entity === 'household') return false;
  const household = batch.rows.get(row.householdId);
  return household === undefined || household.deleted;
}

const mayWrite = (batch: Batch, villageId: string | null): boolean =>
  villageId !== null && (batch.writable === 'all' || batch.writable.has(villageId));

function applyDelete(batch: Batch, m: Mutation): MutationResult {
  const row = batch.rows.get(m.entityId);
  if (!row) return reject(m.id, 'not_found', 'no such record');
  if (row.entity !== m.entity)
    return reject(m.id, 'invalid', `entityId is a ${row.entity}, not a ${m.entity}`);
  if (!mayWrite(batch, villageOf(batch, row)))
    return reject(m.id, 'forbidden', 'the record is outside your villages');
  // Deleting twice changes nothing; the phone learns it is gone.
  if (isGone(batch, row)) return { id: m.id, status: 'applied', version: row.version };
  row.deleted = true;
  row.version += 1;
  row.dirty = true;
  batch.audit.push(auditEntry(batch, m, 'delete', { deleted: { old: false, new: true } }));
  if (row.entity === 'household') batch.deletedHouseholds.push({ householdId: row.id, mutationId: m.id });
  return { id: m.id, status: 'applied', version: row.version };
}

function applyUpsert(batch: Batch, m: Mutation): MutationResult {
  // PostgreSQL's jsonb refuses NUL and lone surrogates: refuse them here, as this mutation's answer.
  if (hasUnstorableText(m.fields))
    return reject(m.id, 'invalid', 'text contains a NUL character or a broken surrogate');
  const row = batch.rows.get(m.entityId) ?? null;
  if (row && row.entity !== m.entity)
    return reject(m.id, 'invalid', `entityId is a ${row.entity}, not a ${m.entity}`);
  if (row && isGone(batch, row)) return reject(m.id, 'deleted', 'the record was deleted');
  // An existing record may only be touched by someone who may write its current village.
  if (row && !mayWrite(batch, villageOf(batch, row))) {
    return reject(m.id, 'forbidden', 'the record is outside your villages');
  }

  const decision = mergeUpsert(row, {
    entity: m.entity,
    baseVersion: m.baseVersion,
    fields: m.fields,
    device: batch.deviceId,
    user: batch.user.id,
  });
  if (decision.kind === 'rejected') return reject(m.id, decision.code, decision.message);
  if (decision.kind === 'unchanged') {
    return decision.conflicts.length > 0
      ? {
          id: m.id,
          status: 'conflict',
          version: decision.version,
          applied: [],
          conflicts: decision.conflicts,
        }
      : { id: m.id, status: 'applied', version: decision.version };
  }

  // The references of the merged record: its village (households), its household and person (others).
  const data = decision.next.data;
  const problem = checkReferences(batch, m.entity, row, data);
  if (problem) return reject(m.id, problem.code, problem.message);

  const householdId = m.entity === 'household' ? m.entityId : String(data.householdId);
  const next: Working = {
    id: m.entityId,
    entity: m.entity,
    villageId: '',
    householdId,
    version: decision.next.version,
    data,
    fieldVersions: decision.next.fieldVersions,
    deleted: false,
    dirty: true,
    loadedVillageId: row?.loadedVillageId ?? null,
  };
  batch.rows.set(next.id, next);
  next.villageId = villageOf(batch, next) ?? '';
  batch.audit.push(auditEntry(batch, m, decision.created ? 'create' : 'update', decision.changes));
  return decision.conflicts.length > 0
    ? {
        id: m.id,
        status: 'conflict',
        version: next.version,
        applied: decision.written,
        conflicts: decision.conflicts,
      }
    : { id: m.id, status: 'applied', version: next.version };
}

type Problem = { code: RejectCode; message: string } | null;

function checkReferences(
  batch: Batch,
  entity: Entity,
  row: Working | null,
  data: Record<string, unknown>,
): Problem {
  if (entity === 'household') {
    const villageId = String(data.villageId);
    if (row && villageOf(batch, row) === villageId) return null;
    if (batch.villages.get(villageId)?.kind !== 'village') {
      return { code: 'invalid_reference', message: `villageId: ${villageId} is not a village` };
    }
    // A move needs both villages: the old one was checked before the merge.
    if (!mayWrite(batch, villageId))
      return { code: 'forbidden', message: `villageId: ${villageId} is not one of your villages` };
    return null;
  }
  const householdId = String(data.householdId);
  const household = batch.rows.get(householdId);
  if (!household || household.entity !== 'household' || household.deleted) {
    return { code: 'invalid_reference', message: `householdId: no household ${householdId}` };
  }
  if (!mayWrite(batch, villageOf(batch, household))) {
    return { code: 'invalid_reference', message: `householdId: ${householdId} is not in your villages` };
  }
  if (entity === 'task' && typeof data.personId === 'string') {
    const person = batch.rows.get(data.personId);
    if (
      !person ||
      person.entity !== 'person' ||
      isGone(batch, person) ||
      person.data.householdId !== householdId
    ) {
      return {
        code: 'invalid_reference',
        message: `personId: no person ${data.personId} in household ${householdId}`,
      };
    }
  }
  return null;
}

function auditEntry(
  batch: Batch,
  m: Mutation,
  op: AuditEntry['op'],
  changes: AuditEntry['changes'],
): AuditEntry {
  return {
    at: batch.at,
    userId: batch.user.id,
    deviceId: batch.deviceId,
    mutationId: m.id,
    entity: m.entity,
    entityId: m.entityId,
    op,
    changes,
  };
}

interface IssueRow {
  mutation_id: string;
  position: number;
  status: 'conflict' | 'rejected';
  village_id: string;
  household_id: string;
  entity: Entity;
  entity_id: string;
  detail: unknown;
}

/**
 * The conflicts and rejections of the batch that belong to a household of one of the caller's
 * villages, as known once the batch is applied (a household's village now, a child's through its
 * household; a new household refused: the village it named, if a real one). Unknown records, unknown
 * villages and other villages' records are left out: what a volunteer could not touch is not their
 * village's issue, and a forged id never reaches the review.
 */
function issuesOf(
  batch: Batch,
  unclean: readonly { m: Mutation; position: number; result: MutationResult }[],
): IssueRow[] {
  const out: IssueRow[] = [];
  for (const { m, position, result } of unclean) {
    if (result.status === 'applied') continue;
    const row = batch.rows.get(m.entityId);
    let householdId: string | null = null;
    let villageId: string | null = null;
    if (row) {
      householdId = row.entity === 'household' ? row.id : row.householdId;
    } else if (m.entity === 'household') {
      householdId = m.entityId;
      const named = m.fields.villageId;
      if (typeof named === 'string' && batch.villages.get(named)?.kind === 'village') villageId = named;
    } else if (typeof m.fields.householdId === 'string') {
      householdId = m.fields.householdId;
    }
    if (householdId === null) continue;
    const household = batch.rows.get(householdId);
    if (household) {
      if (household.entity !== 'household') continue;
      villageId = villageOf(batch, household);
    } else if (householdId !== m.entityId) continue;
    if (villageId === null || !mayWrite(batch, villageId)) continue;
    out.push({
      mutation_id: m.id,
      position,
      status: result.status,
      village_id: villageId,
      household_id: householdId,
      entity: m.entity,
      entity_id: m.entityId,
      detail: result.status === 'conflict' ? result.conflicts : result.error,
    });
  }
  return out;
}

async function insertIssues(
  tx: Queryable,
  issues: readonly IssueRow[],
  userId: string,
  deviceId: string,
  at: string,
) {
  if (issues.length === 0) return;
  await tx.query(
    `INSERT INTO sync_issues (mutation_id, at, position, status, user_id, device_id, village_id, household_id,
                              entity, entity_id, detail)
     SELECT x.mutation_id, $4::timestamptz, x.position, x.status, $2::uuid, $3, x.village_id, x.household_id,
            x.entity, x.entity_id, x.detail
       FROM jsonb_to_recordset($1::jsonb) AS x(mutation_id uuid, position integer, status text,
            village_id text, household_id uuid, entity text, entity_id uuid, detail jsonb)
     ON CONFLICT (user_id, mutation_id) DO NOTHING`,
    [JSON.stringify(issues), userId, deviceId, at],
  );
}

/** The answers of the batch's new mutations, under the user who sent them (migration 5's key). */
async function insertAnswers(
  tx: Queryable,
  results: readonly MutationResult[],
  userId: string,
  deviceId: string,
  at: string,
) {
  if (results.length === 0) return;
  await tx.query(
    `INSERT INTO mutations (id, user_id, device_id, result, at)
     SELECT x.id, $2::uuid, $3, x.result, $4::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, result jsonb)`,
    [JSON.stringify(results.map((r) => ({ id: r.id, result: r }))), userId, deviceId, at],
  );
}
