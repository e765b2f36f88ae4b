// Reads of the phone's notebook for the screens behind the first one (which reads through
// list-queries.ts): a household with everything under it, the conflicts and rejected edits.
import type { Table } from 'dexie';
import type { Entity, Person } from '../domain/records.ts';
import { recordTable, type ConflictRow, type NotebookDb, type RejectedRow } from './db.ts';
import { idNumberKey } from './crypto/sealed-rows.ts';
import { householdDetail } from './household-read.ts';
import { issueCounts, type IssueCount } from './list-queries.ts';
import { toRecord } from './record-rows.ts';
import type { HouseholdDetail, OutboxEntry } from './types.ts';

// The first screen's reads live apart, without Dexie; the screens behind it find them here too.
export { householdScreen } from './household-read.ts';
export {
  PAGE_SIZE,
  issueCounts,
  listHouseholds,
  outboxCount,
  villageProgress,
  type IssueCount,
} from './list-queries.ts';

/** A household with its members (head first, then by age), tasks (open first) and visits (newest first). */
export async function getHousehold(db: NotebookDb, id: string): Promise<HouseholdDetail | undefined> {
  const [records] = await db.reads.households([id]);
  return householdDetail(records!);
}

/** One record by id, without its local fields. */
export async function getPerson(db: NotebookDb, id: string): Promise<Person | undefined> {
  const row = await db.persons.get(id);
  return row && toRecord<Person>(row);
}

/** Persons of the phone holding this ID number (a duplicate check for the person form). */
export async function personsWithIdNumber(db: NotebookDb, idNumber: string): Promise<Person[]> {
  const rows = await db.persons.where('_idKey').equals(idNumberKey(db.lock.use(), idNumber)).toArray();
  return rows.map((r) => toRecord<Person>(r));
}

/** The outbox in push order. */
export function outboxEntries(db: NotebookDb, limit = 500): Promise<OutboxEntry[]> {
  return db.outbox.orderBy('seq').limit(limit).toArray();
}

/** One line of the commune-wide list: a household (its name when the phone knows one) and its counts. */
export interface IssueSummaryRow extends IssueCount {
  householdId: string;
  headName: string | null;
}

export async function issueSummary(db: NotebookDb): Promise<IssueSummaryRow[]> {
  const counts = await issueCounts(db);
  const ids = [...counts.keys()];
  const [households, names] = await Promise.all([db.households.bulkGet(ids), rejectedHouseholdNames(db)]);
  return ids
    .map((householdId, i) => ({
      householdId,
      headName: households[i]?.headName ?? names.get(householdId) ?? null,
      ...counts.get(householdId)!,
    }))
    .sort((a, b) => (a.headName ?? '\uffff').localeCompare(b.headName ?? '\uffff', 'vi'));
}

/** A household whose creation was rejected is gone from the phone: its name is in the rejected edit. */
async function rejectedHouseholdNames(db: NotebookDb): Promise<Map<string, string>> {
  const rows = await db.rejected.toArray();
  const out = new Map<string, string>();
  for (const r of rows) {
    if (r.entity === 'household' && typeof r.fields.headName === 'string')
      out.set(r.entityId, r.fields.headName);
  }
  return out;
}

/** A conflict or rejected edit with the record as the phone holds it now (null when it is gone). */
export type ConflictItem = ConflictRow & { record: Record<string, unknown> | null };
export type RejectedItem = RejectedRow & { record: Record<string, unknown> | null };

export interface IssueList {
  conflicts: ConflictItem[];
  rejected: RejectedItem[];
  /** Names of the households and persons the items point at, to show instead of ids. */
  names: { households: Record<string, string>; persons: Record<string, string> };
}

/** The conflicts and rejected edits of one household (or of the whole phone), oldest first. */
export async function listIssues(db: NotebookDb, householdId?: string): Promise<IssueList> {
  const [conflicts, rejected] = await Promise.all(
    householdId === undefined
      ? [db.conflicts.toArray(), db.rejected.toArray()]
      : [
          db.conflicts.where('householdId').equals(householdId).toArray(),
          db.rejected.where('householdId').equals(householdId).toArray(),
        ],
  );
  const byTime = (a: { at: string }, b: { at: string }) => a.at.localeCompare(b.at);
  conflicts.sort(byTime);
  rejected.sort(byTime);
  const current = (entity: Entity, id: string): Promise<Record<string, unknown> | null> =>
    (recordTable(db, entity) as Table<object, string>)
      .get(id)
      .then((row) => (row ? (toRecord(row) as Record<string, unknown>) : null));
  const [conflictRecords, rejectedRecords] = await Promise.all([
    Promise.all(conflicts.map((c) => current(c.entity, c.entityId))),
    Promise.all(rejected.map((r) => current(r.entity, r.entityId))),
  ]);

  // Every household and person id the items mention: their own, and the ones in their fields.
  const householdIds = new Set<string>();
  const personIds = new Set<string>();
  const note = (entity: string, entityId: string, ...fieldSets: Record<string, unknown>[]) => {
    if (entity === 'household') householdIds.add(entityId);
    if (entity === 'person') personIds.add(entityId);
    for (const f of fieldSets) {
      if (typeof f.householdId === 'string') householdIds.add(f.householdId);
      if (typeof f.personId === 'string') personIds.add(f.personId);
    }
  };
  conflicts.forEach((c, i) => {
    householdIds.add(c.householdId);
    const client = Object.fromEntries(c.fields.map((f) => [f.field, f.client]));
    const server = Object.fromEntries(c.fields.map((f) => [f.field, f.server]));
    note(c.entity, c.entityId, client, server, conflictRecords[i] ?? {});
  });
  rejected.forEach((r, i) => {
    householdIds.add(r.householdId);
    note(r.entity, r.entityId, r.fields, rejectedRecords[i] ?? {});
  });
  const hIds = [...householdIds].filter(Boolean);
  const pIds = [...personIds];
  const [households, persons] = await Promise.all([db.households.bulkGet(hIds), db.persons.bulkGet(pIds)]);
  const names: IssueList['names'] = { households: {}, persons: {} };
  hIds.forEach((id, i) => {
    const h = households[i];
    if (h) names.households[id] = h.headName;
  });
  pIds.forEach((id, i) => {
    const p = persons[i];
    if (p) names.persons[id] = p.fullName;
  });
  // A household or person whose creation was rejected is known only by the rejected edit.
  for (const r of rejected) {
    if (r.entity === 'household' && typeof r.fields.headName === 'string')
      names.households[r.entityId] ??= r.fields.headName;
    if (r.entity === 'person' && typeof r.fields.fullName === 'string')
      names.persons[r.entityId] ??= r.fields.fullName;
  }
  return {
    conflicts: conflicts.map((c, i) => ({ ...c, record: conflictRecords[i] ?? null })),
    rejected: rejected.map((r, i) => ({ ...r, record: rejectedRecords[i] ?? null })),
    names,
  };
}
