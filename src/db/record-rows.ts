// Between records (what the contract knows) and the phone's rows: persons, tasks and visits are stored
// as they are; a household's row adds its search words, sort key and the summary of its members, tasks
// and visits that the list shows (db.ts, HouseholdSummary), for one record and in bulk. Every write of
// rows goes through here (write.ts for the volunteer's edits, server-answers.ts for what the server
// sends), inside the caller's transaction.
import type { Table } from 'dexie';
import { fold, foldWords } from '../domain/fold.ts';
import type { Entity, Household, Person, Task, Visit } from '../domain/records.ts';
import type { NotebookDb } from './db.ts';
import { GAP_CARD, GAP_VNEID, type HouseholdRow, type HouseholdSummary } from './rows.ts';

/** The record without the local `_` fields, as the rest of the app and the server see it. */
export function toRecord<R extends object>(row: R): R {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!k.startsWith('_')) out[k] = v;
  return out as R;
}

/**
 * The fields of a member, task or visit that its household's row is derived from (householdWords and
 * householdSummary below): an edit that changes none of them (a note, a phone number) leaves the
 * household's row as it is, and the write path does not read the household's other records for it.
 */
export const FEEDS_HOUSEHOLD_ROW: Readonly<Record<Exclude<Entity, 'household'>, readonly string[]>> = {
  // cccdIssuedOn, phone, a task's kind and a visit's day: what the campaigns' rules judge (`work`).
  person: ['householdId', 'fullName', 'birthDate', 'cccdStatus', 'vneidStatus', 'cccdIssuedOn', 'phone'],
  task: ['householdId', 'status', 'kind'],
  visit: ['householdId', 'outcome', 'visitedOn'],
};

/** The household's search words: its own head name, address and code, and every member's name. */
export function householdWords(h: Household, members: readonly Pick<Person, 'fullName'>[]): string[] {
  const parts = [h.headName, h.address, h.householdCode ?? '', ...members.map((m) => m.fullName)];
  return foldWords(parts.join(' '));
}

/** What the list needs of a household's members, tasks and visits (see HouseholdSummary). */
export function householdSummary(
  members: readonly Pick<
    Person,
    'id' | 'birthDate' | 'cccdStatus' | 'cccdIssuedOn' | 'vneidStatus' | 'phone'
  >[],
  tasks: readonly Pick<Task, 'id' | 'kind' | 'status'>[],
  visits: readonly Pick<Visit, 'outcome' | 'visitedOn'>[],
): HouseholdSummary {
  const open = tasks.filter((t) => t.status === 'open');
  let lastMet = '';
  for (const v of visits) if (v.outcome === 'met' && v.visitedOn > lastMet) lastMet = v.visitedOn;
  return {
    members: members.map((p) => [
      p.birthDate,
      (p.cccdStatus === 'issued' ? 0 : GAP_CARD) | (p.vneidStatus === 'level2_active' ? 0 : GAP_VNEID),
    ]),
    openTasks: open.length,
    visited: visits.some((v) => v.outcome === 'met'),
    work: {
      persons: members.map((p) => [
        p.id,
        p.birthDate,
        p.cccdStatus,
        p.cccdIssuedOn ?? '',
        p.vneidStatus,
        p.phone?.trim() ? 1 : 0,
      ]),
      openTasks: open.map((t) => [t.id, t.kind]),
      lastMet,
    },
  };
}

/** The household's row, from the household and everything that hangs under it on the phone. */
export function householdRow(
  h: Household,
  members: readonly Person[],
  tasks: readonly Task[],
  visits: readonly Visit[],
): HouseholdRow {
  return {
    ...h,
    _sort: fold(h.headName),
    _words: householdWords(h, members),
    _summary: householdSummary(members, tasks, visits),
  };
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
 * Put these records as the phone's rows, and rebuild the row of every household they belong to (its
 * words and summary). `alsoRefresh` names households whose members, tasks or visits changed in another
 * way (one removed, or moved to another household). Everything is read first and written after, in
 * one round trip each: what a household holds after the write is its stored rows, less those this
 * write puts (they may have moved away), plus those it puts under it.
 */
export async function putRecordRows(
  db: NotebookDb,
  records: RecordSet,
  alsoRefresh: readonly string[] = [],
): Promise<void> {
  const { households, persons, tasks, visits } = records;
  const touched = [
    ...new Set([
      ...households.map((h) => h.id),
      ...[...persons, ...tasks, ...visits].map((r) => r.householdId),
      ...alsoRefresh,
    ]),
  ];
  const incoming = new Map(households.map((h) => [h.id, h]));
  // One keyed read per household and table: Dexie's anyOf() walks a cursor over the whole index,
  // ~130 ms over 40,000 persons in Chromium, where keyed getAll() calls in flight together cost a few ms.
  const under = <T>(table: Table<T, string, unknown>) =>
    Promise.all(touched.map((id) => table.where('householdId').equals(id).toArray()));
  const [stored, storedMembers, storedTasks, storedVisits] = await Promise.all([
    db.households.bulkGet(touched.filter((id) => !incoming.has(id))),
    under(db.persons),
    under(db.tasks),
    under(db.visits),
  ]);
  const members = after(touched, storedMembers, persons);
  const taskLists = after(touched, storedTasks, tasks);
  const visitLists = after(touched, storedVisits, visits);
  const storedById = new Map(stored.flatMap((h) => (h ? [[h.id, h] as const] : [])));
  const rows = touched.flatMap((id, i) => {
    const h = incoming.get(id) ?? storedById.get(id);
    if (!h) return [];
    const row = householdRow(toRecord<Household>(h), members[i]!, taskLists[i]!, visitLists[i]!);
    // A stored household whose words and summary come out the same (a member's note, a task's text)
    // is not written again: no write, no announcement, no list re-run for an edit it cannot show.
    const old = storedById.get(id);
    return old && !incoming.has(id) && sameDerived(old, row) ? [] : [row];
  });
  await Promise.all([
    persons.length && db.persons.bulkPut(persons),
    tasks.length && db.tasks.bulkPut(tasks),
    visits.length && db.visits.bulkPut(visits),
    rows.length && db.households.bulkPut(rows),
  ]);
}

/**
 * The households that members, tasks or visits of `records` leave: stored under another household
 * than the one they are put under now (a pulled move). Their rows must be rebuilt too.
 */
export async function householdsLeft(db: NotebookDb, records: RecordSet): Promise<string[]> {
  const left = async <T extends { id: string; householdId: string }>(
    table: Table<T, string, unknown>,
    rows: readonly T[],
  ) => {
    if (rows.length === 0) return [];
    const before = await table.bulkGet(rows.map((r) => r.id));
    return before.flatMap((old, i) =>
      old && old.householdId !== rows[i]!.householdId ? [old.householdId] : [],
    );
  };
  const lists = await Promise.all([
    left(db.persons, records.persons),
    left(db.tasks, records.tasks),
    left(db.visits, records.visits),
  ]);
  return lists.flat();
}

/**
 * Each touched household's rows of one table after the write, in the order IndexedDB's householdId
 * index gives them (by id): the stored ones not being put, and the ones put under it.
 */
function after<T extends { id: string; householdId: string }>(
  touched: readonly string[],
  stored: readonly T[][],
  puts: readonly T[],
): T[][] {
  if (puts.length === 0) return stored as T[][];
  // The last put of an id wins, as in bulkPut.
  const latest = new Map(puts.map((r) => [r.id, r]));
  const put = [...latest.values()];
  return touched.map((id, i) =>
    [...stored[i]!.filter((r) => !latest.has(r.id)), ...put.filter((r) => r.householdId === id)].sort(
      (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    ),
  );
}

function sameDerived(a: HouseholdRow, b: HouseholdRow): boolean {
  return (
    a._sort === b._sort && JSON.stringify([a._words, a._summary]) === JSON.stringify([b._words, b._summary])
  );
}
