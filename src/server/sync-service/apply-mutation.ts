// One mutation against the batch's working state (batch.ts): the checks of SYNC-API.md "Push" in the
// order a phone can act on them (the record exists, is this entity, is in the caller's villages, is not
// deleted), then the field merge (merge.ts) and the references of the merged record.
import type { Entity } from '../../domain/enums.ts';
import type { Mutation, MutationResult, RejectCode } from '../../domain/sync-protocol.ts';
import type { AuditEntry } from '../audit.ts';
import { hasUnstorableText } from '../unstorable-text.ts';
import { isGone, mayWrite, villageOf, type Batch, type Working } from './batch.ts';
import { mergeUpsert } from './merge.ts';

const reject = (id: string, code: RejectCode, message: string): MutationResult => ({
  id,
  status: 'rejected',
  error: { code, message },
});

/**
 * [P13] A delete leaves a tombstone at version + 1 ([R1]); deleting a deleted record is `applied` at its
 * version; an unknown record is `not_found`. [P15] Only a writer of the record's village may delete it.
 */
export function applyDelete(batch: Batch, m: Mutation): MutationResult {
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
  // [P14] The household's persons, tasks and visits are tombstoned with it (record-rows.ts).
  if (row.entity === 'household') batch.deletedHouseholds.push({ householdId: row.id, mutationId: m.id });
  return { id: m.id, status: 'applied', version: row.version };
}

export function applyUpsert(batch: Batch, m: Mutation): MutationResult {
  // PostgreSQL's jsonb refuses NUL and lone surrogates: refuse them here, as this mutation's answer
  // ([R12], [E3]: a push's `fields` are judged per mutation).
  if (hasUnstorableText(m.fields))
    return reject(m.id, 'invalid', 'text contains a NUL character or a broken surrogate');
  const row = batch.rows.get(m.entityId) ?? null;
  // [P11] An entity other than the stored record's is `invalid`.
  if (row && row.entity !== m.entity)
    return reject(m.id, 'invalid', `entityId is a ${row.entity}, not a ${m.entity}`);
  // [P13], [P14] An upsert of a deleted record, or of a child of a deleted household, is `deleted`.
  if (row && isGone(batch, row)) return reject(m.id, 'deleted', 'the record was deleted');
  // [P15] An existing record may only be touched by someone who may write its current village.
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
  // [P10] Nothing written (every field unchanged or conflicting): the version stays.
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
  // [A22] One audit entry per mutation that wrote something, with only the fields written.
  batch.audit.push(auditEntry(batch, m, decision.created ? 'create' : 'update', decision.changes));
  // [P8] The written fields are listed in `applied`, the held-back ones come back with both values.
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

/**
 * The references of the merged record. A household's `villageId` must be a village ([P15]) that the
 * caller may write, both villages for a move ([P16]); a person, task or visit must point at an
 * undeleted household of the caller's villages, a task's `personId` at an undeleted person of that
 * household ([P12]).
 */
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
