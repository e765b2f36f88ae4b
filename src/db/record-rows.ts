// Between records (what the contract knows) and the phone's rows (records plus the local index fields:
// a household's search words and sort key, the village of members, tasks and visits), for one record
// and in bulk. Every write of rows goes through here (write.ts for the volunteer's edits,
// server-answers.ts for what the server sends), inside the caller's transaction.
import { fold, foldWords } from '../domain/fold.ts';
import type { Entity, Household, Person, Task, Visit } from '../domain/records.ts';
import type { HouseholdRow, NotebookDb, PersonRow } from './db.ts';

/** The record without the local `_` fields, as the rest of the app and the server see it. */
export function toRecord<R extends object>(row: R): R {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!k.startsWith('_')) out[k] = v;
  return out as R;
}

/** The household's search words: its own head name, address and code, and every member's name. */
export function householdWords(h: Household, members: readonly Pick<Person, 'fullName'>[]): string[] {
  const parts = [h.headName, h.address, h.householdCode ?? '', ...members.map((m) => m.fullName)];
  return foldWords(parts.join(' '));
}

export function householdRow(h: Household, members: readonly Pick<Person, 'fullName'>[]): HouseholdRow {
  return { ...h, _sort: fold(h.headName), _words: householdWords(h, members) };
}

export interface RecordSet {
  households: Household[];
  persons: Person[];
  tasks: Task[];
  visits: Visit[];
}

export const emptyRecordSet = (): RecordSet => ({ households: [], persons: [], tasks: [], visits: [] });

const SET_KEY = { household: 'households', person: 'persons', task: 'tasks', visit: 'visits' } as const;

/** Add one record of `entity` to the set it belongs in. */
export function addRecord(set: RecordSet, entity: Entity, record: unknown): RecordSet {
  (set[SET_KEY[entity]] as unknown[]).push(record);
  return set;
}

/**
 * Put these records as the phone's rows. `alsoRefresh` names households whose members changed in
 * another way (a member removed), so that their search words are rebuilt too.
 */
export async function putRecordRows(
  db: NotebookDb,
  records: RecordSet,
  alsoRefresh: readonly string[] = [],
): Promise<void> {
  const { households, persons, tasks, visits } = records;
  const before = await db.households.bulkGet(households.map((h) => h.id));
  const parentIds = [...new Set([...persons, ...tasks, ...visits].map((r) => r.householdId))];
  const parents = await db.households.bulkGet(parentIds);
  const villageOf = new Map<string, string>();
  for (const h of parents) if (h) villageOf.set(h.id, h.villageId);
  for (const h of households) villageOf.set(h.id, h.villageId);
  const village = (householdId: string) => villageOf.get(householdId) ?? '';

  await db.persons.bulkPut(
    persons.map((p): PersonRow => ({
      ...p,
      _villageId: village(p.householdId),
      _words: foldWords(p.fullName),
    })),
  );
  await db.tasks.bulkPut(tasks.map((t) => ({ ...t, _villageId: village(t.householdId) })));
  await db.visits.bulkPut(visits.map((v) => ({ ...v, _villageId: village(v.householdId) })));

  // A household that moved to another village takes its members, tasks and visits with it.
  for (const [i, h] of households.entries()) {
    const old = before[i];
    if (old && old.villageId !== h.villageId) {
      const move = { _villageId: h.villageId };
      await db.persons.where('householdId').equals(h.id).modify(move);
      await db.tasks.where('householdId').equals(h.id).modify(move);
      await db.visits.where('householdId').equals(h.id).modify(move);
    }
  }

  // Search words come from the household and all its members now on the phone.
  const touched = [
    ...new Set([...households.map((h) => h.id), ...persons.map((p) => p.householdId), ...alsoRefresh]),
  ];
  const incoming = new Map(households.map((h) => [h.id, h]));
  const stored = await db.households.bulkGet(touched);
  const members = new Map<string, Person[]>();
  // One keyed read per household: Dexie's anyOf() walks a cursor over every person (see queries.ts).
  const lists = await Promise.all(touched.map((id) => db.persons.where('householdId').equals(id).toArray()));
  touched.forEach((id, i) => members.set(id, lists[i] ?? []));
  const rows = touched.flatMap((id, i) => {
    const h = incoming.get(id) ?? stored[i];
    return h ? [householdRow(toRecord<Household>(h), members.get(id) ?? [])] : [];
  });
  await db.households.bulkPut(rows);
}
