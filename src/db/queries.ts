// Reads of the phone's notebook for the screens. Lists stay fast at 10,000 households by walking
// indexes and keys, and reading whole rows only for the page on screen.
import Dexie, { type Table } from 'dexie';
import { birthDateCutoff } from '../domain/dates.ts';
import { foldWords } from '../domain/fold.ts';
import { needsCard, needsVneid } from '../domain/identity-law.ts';
import { CCCD_STATUSES, VNEID_STATUSES } from '../domain/enums.ts';
import type { Household, Person, Task, Visit } from '../domain/records.ts';
import type { NotebookDb } from './db.ts';
import { cachedSet, villageIndex } from './list-index.ts';
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
  // A screen may re-run this from its own handler of the very write event that drops the cache:
  // let every handler of that event run first, so a stale index is never handed out.
  await Promise.resolve();
  const [index, allowed] = await Promise.all([villageIndex(db, q.villageId), filterSet(db, q)]);
  const words = foldWords(q.text ?? '');
  let ids = index.ids;
  if (words.length > 0 || allowed) {
    ids = [];
    for (let i = 0; i < index.ids.length; i++) {
      const id = index.ids[i]!;
      if (allowed && !allowed.has(id)) continue;
      if (words.length > 0 && !matchesWords(index.words[i]!, words)) continue;
      ids.push(id);
    }
  }
  const page = ids.slice(offset, offset + limit);
  const households = (await db.households.bulkGet(page)).filter((h) => h !== undefined);
  return { total: ids.length, rows: await summarise(db, households, q.today) };
}

/** Every query word is the start of one of the household's words (tone-blind, both sides folded). */
function matchesWords(householdWords: readonly string[], queryWords: readonly string[]): boolean {
  return queryWords.every((q) => householdWords.some((w) => w.startsWith(q)));
}

/** The households the filters allow (all of them must hold), or null when no filter is on. */
async function filterSet(db: NotebookDb, q: HouseholdListQuery): Promise<Set<string> | null> {
  const f: HouseholdFilters = q.filters ?? {};
  const v = q.villageId;
  const cutoff = birthDateCutoff(q.today, 14);
  const wanted: Promise<Set<string>>[] = [];
  if (f.noCard) {
    const statuses = CCCD_STATUSES.filter((s) => s !== 'issued');
    wanted.push(
      cachedSet(db, `noCard ${v} ${cutoff}`, () =>
        householdsOfPersons(db, '[_villageId+cccdStatus+birthDate]', v, statuses, cutoff),
      ),
    );
  }
  if (f.noVneid) {
    const statuses = VNEID_STATUSES.filter((s) => s !== 'level2_active');
    wanted.push(
      cachedSet(db, `noVneid ${v} ${cutoff}`, () =>
        householdsOfPersons(db, '[_villageId+vneidStatus+birthDate]', v, statuses, cutoff),
      ),
    );
  }
  if (f.openTasks) {
    wanted.push(
      cachedSet(db, `openTasks ${v}`, async () => {
        const tasks = await db.tasks.where('[_villageId+status]').equals([v, 'open']).toArray();
        return new Set(tasks.map((t) => t.householdId));
      }),
    );
  }
  if (f.notVisited) {
    wanted.push(
      cachedSet(db, `notVisited ${v}`, async () => {
        const [all, visited] = await Promise.all([
          db.households.where('villageId').equals(v).primaryKeys(),
          visitedHouseholds(db, v),
        ]);
        return new Set(all.filter((id) => !visited.has(id)));
      }),
    );
  }
  if (wanted.length === 0) return null;
  const [first, ...rest] = await Promise.all(wanted);
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
  // One equality read per household, all in flight together: Dexie's anyOf() walks a cursor that
  // costs ~130 ms over 40,000 persons in Chromium, where 50 keyed getAll() calls cost a few ms.
  const each = <T>(table: Table<T, string>) =>
    Promise.all(ids.map((id) => table.where('householdId').equals(id).toArray())).then((r) => r.flat());
  const [persons, tasks, visits] = await Promise.all([each(db.persons), each(db.tasks), each(db.visits)]);
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
