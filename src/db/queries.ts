// Reads of the phone's notebook for the screens. Lists stay fast at 10,000 households by walking
// indexes and keys, and reading whole rows only for the page on screen.
import Dexie from 'dexie';
import { birthDateCutoff } from '../domain/dates.ts';
import { foldWords } from '../domain/fold.ts';
import { needsCard, needsVneid } from '../domain/identity-law.ts';
import {
  CCCD_STATUSES,
  VNEID_STATUSES,
  type Household,
  type Person,
  type Task,
  type Visit,
} from '../domain/records.ts';
import type { NotebookDb } from './db.ts';
import { toRecord } from './rows.ts';
import type {
  HouseholdDetail,
  HouseholdFilters,
  HouseholdListQuery,
  HouseholdListRow,
  HouseholdPage,
  OutboxEntry,
  VillageProgress,
} from './types.ts';

export const PAGE_SIZE = 50;

export async function listHouseholds(db: NotebookDb, q: HouseholdListQuery): Promise<HouseholdPage> {
  const offset = q.offset ?? 0;
  const limit = q.limit ?? PAGE_SIZE;
  return db.transaction('r', [db.households, db.persons, db.tasks, db.visits], async () => {
    const wanted = await matchingIds(db, q);
    const inVillage = db.households
      .where('[villageId+_sort]')
      .between([q.villageId, Dexie.minKey], [q.villageId, Dexie.maxKey]);
    let total: number;
    let households: Household[];
    if (wanted === null) {
      total = await inVillage.count();
      households = await inVillage.offset(offset).limit(limit).toArray();
    } else {
      // Walk the village's keys in list order and keep the matches: keys only, no rows, until the
      // page is known.
      const ordered = (await inVillage.primaryKeys()).filter((id) => wanted.has(id));
      total = ordered.length;
      const page = ordered.slice(offset, offset + limit);
      households = (await db.households.bulkGet(page)).filter((h) => h !== undefined);
    }
    return { total, rows: await summarise(db, households, q.today) };
  });
}

/** The ids that the text and the filters allow, or null when nothing narrows the list. */
async function matchingIds(db: NotebookDb, q: HouseholdListQuery): Promise<Set<string> | null> {
  const sets: Promise<Set<string>>[] = [];
  for (const word of foldWords(q.text ?? '')) {
    sets.push(
      db.households
        .where('_words')
        .startsWith(word)
        .primaryKeys()
        .then((ids) => new Set(ids)),
    );
  }
  const f: HouseholdFilters = q.filters ?? {};
  const cutoff = birthDateCutoff(q.today, 14);
  if (f.noCard) {
    const statuses = CCCD_STATUSES.filter((s) => s !== 'issued');
    sets.push(householdsOfPersons(db, '[_villageId+cccdStatus+birthDate]', q.villageId, statuses, cutoff));
  }
  if (f.noVneid) {
    const statuses = VNEID_STATUSES.filter((s) => s !== 'level2_active');
    sets.push(householdsOfPersons(db, '[_villageId+vneidStatus+birthDate]', q.villageId, statuses, cutoff));
  }
  if (f.openTasks) {
    sets.push(
      db.tasks
        .where('[_villageId+status]')
        .equals([q.villageId, 'open'])
        .toArray()
        .then((tasks) => new Set(tasks.map((t) => t.householdId))),
    );
  }
  if (f.notVisited) {
    sets.push(
      Promise.all([
        db.households.where('villageId').equals(q.villageId).primaryKeys(),
        visitedHouseholds(db, q.villageId),
      ]).then(([all, visited]) => new Set(all.filter((id) => !visited.has(id)))),
    );
  }
  if (sets.length === 0) return null;
  const [first, ...rest] = await Promise.all(sets);
  return rest.reduce((acc, s) => new Set([...acc].filter((id) => s.has(id))), first!);
}

/** Households with a member aged 14+ (born on or before `cutoff`) whose status is one of `statuses`. */
function householdsOfPersons(
  db: NotebookDb,
  index: string,
  villageId: string,
  statuses: readonly string[],
  cutoff: string,
): Promise<Set<string>> {
  return Promise.all(
    statuses.map((s) =>
      db.persons
        .where(index)
        .between([villageId, s, Dexie.minKey], [villageId, s, cutoff], true, true)
        .toArray(),
    ),
  ).then((groups) => new Set(groups.flat().map((p) => p.householdId)));
}

async function visitedHouseholds(db: NotebookDb, villageId: string): Promise<Set<string>> {
  const visits = await db.visits.where('[_villageId+outcome]').equals([villageId, 'met']).toArray();
  return new Set(visits.map((v) => v.householdId));
}

/** The badges of each household on the page, from its members, tasks and visits. */
async function summarise(
  db: NotebookDb,
  households: Household[],
  today: string,
): Promise<HouseholdListRow[]> {
  const ids = households.map((h) => h.id);
  const [persons, tasks, visits] = await Promise.all([
    db.persons.where('householdId').anyOf(ids).toArray(),
    db.tasks.where('householdId').anyOf(ids).toArray(),
    db.visits.where('householdId').anyOf(ids).toArray(),
  ]);
  const by = <T extends { householdId: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.householdId, [...(m.get(r.householdId) ?? []), r]);
    return m;
  };
  const personsOf = by(persons);
  const tasksOf = by(tasks);
  const visitsOf = by(visits);
  return households.map((h) => {
    const members = personsOf.get(h.id) ?? [];
    return {
      household: toRecord<Household>(h),
      members: members.length,
      noCard: members.filter((p) => needsCard(p, today)).length,
      noVneid: members.filter((p) => needsVneid(p, today)).length,
      openTasks: (tasksOf.get(h.id) ?? []).filter((t) => t.status === 'open').length,
      visited: (visitsOf.get(h.id) ?? []).some((v) => v.outcome === 'met'),
    };
  });
}

/** The village's progress line, counted the way the server's tallies count (SYNC-API "Tallies"). */
export async function villageProgress(
  db: NotebookDb,
  villageId: string,
  today: string,
): Promise<VillageProgress> {
  const cutoff = birthDateCutoff(today, 14);
  const adults = (index: string, status?: string) => {
    const lower = status ? [villageId, status, Dexie.minKey] : [villageId, Dexie.minKey];
    const upper = status ? [villageId, status, cutoff] : [villageId, cutoff];
    return db.persons.where(index).between(lower, upper, true, true).count();
  };
  return db.transaction('r', [db.households, db.persons, db.visits], async () => {
    const [households, visited, persons14plus, cccdIssued14plus, vneidLevel2Active14plus] = await Promise.all(
      [
        db.households.where('villageId').equals(villageId).count(),
        visitedHouseholds(db, villageId),
        adults('[_villageId+birthDate]'),
        adults('[_villageId+cccdStatus+birthDate]', 'issued'),
        adults('[_villageId+vneidStatus+birthDate]', 'level2_active'),
      ],
    );
    return {
      households,
      householdsVisited: visited.size,
      persons14plus,
      cccdIssued14plus,
      vneidLevel2Active14plus,
    };
  });
}

const RELATION_ORDER = ['head', 'spouse', 'parent', 'child', 'grandchild', 'sibling', 'other'];

/** A household with its members (head first, then by age), tasks (open first) and visits (newest first). */
export async function getHousehold(db: NotebookDb, id: string): Promise<HouseholdDetail | undefined> {
  return db.transaction('r', [db.households, db.persons, db.tasks, db.visits], async () => {
    const household = await db.households.get(id);
    if (!household) return undefined;
    const [persons, tasks, visits] = await Promise.all([
      db.persons.where('householdId').equals(id).toArray(),
      db.tasks.where('householdId').equals(id).toArray(),
      db.visits.where('householdId').equals(id).toArray(),
    ]);
    persons.sort(
      (a, b) =>
        RELATION_ORDER.indexOf(a.relation) - RELATION_ORDER.indexOf(b.relation) ||
        a.birthDate.localeCompare(b.birthDate),
    );
    tasks.sort((a, b) => (a.status === b.status ? 0 : a.status === 'open' ? -1 : 1));
    visits.sort((a, b) => b.visitedOn.localeCompare(a.visitedOn));
    return {
      household: toRecord<Household>(household),
      persons: persons.map((p) => toRecord<Person>(p)),
      tasks: tasks.map((t) => toRecord<Task>(t)),
      visits: visits.map((v) => toRecord<Visit>(v)),
    };
  });
}

/** One record by id, without its local fields. */
export async function getPerson(db: NotebookDb, id: string): Promise<Person | undefined> {
  const row = await db.persons.get(id);
  return row && toRecord<Person>(row);
}

/** Persons of the phone holding this ID number (a duplicate check for the person form). */
export async function personsWithIdNumber(db: NotebookDb, idNumber: string): Promise<Person[]> {
  const rows = await db.persons.where('idNumber').equals(idNumber).toArray();
  return rows.map((r) => toRecord<Person>(r));
}

/** How many edits wait in the outbox for the server. */
export function outboxCount(db: NotebookDb): Promise<number> {
  return db.outbox.count();
}

/** The outbox in push order. */
export function outboxEntries(db: NotebookDb, limit = 500): Promise<OutboxEntry[]> {
  return db.outbox.orderBy('seq').limit(limit).toArray();
}
