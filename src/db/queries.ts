// Reads of the phone's notebook for the screens. Lists stay fast at 10,000 households by walking
// indexes and keys, and reading whole rows only for the page on screen.
import Dexie, { type Table } from 'dexie';
import { birthDateCutoff } from '../domain/dates.ts';
import { foldWords } from '../domain/fold.ts';
import { CARD_AGE, needsCard, needsVneid } from '../domain/identity-law.ts';
import { CCCD_STATUSES, VNEID_STATUSES } from '../domain/enums.ts';
import type { Entity, Household, Person, Task, Visit } from '../domain/records.ts';
import { recordTable, type ConflictRow, type NotebookDb, type RejectedRow } from './db.ts';
import { cachedSet, villageIndex } from './list-index.ts';
import { toRecord } from './record-rows.ts';
import type {
  HouseholdDetail,
  HouseholdFilters,
  HouseholdListQuery,
  HouseholdListRow,
  HouseholdPage,
  OutboxEntry,
  VillageProgress,
} from './types.ts';

/**
 * Households a list page holds: about four screens of rows on a 360×640 phone. Every row costs three
 * keyed reads at each keystroke (its members, tasks and visits for the badges), so a page is kept to
 * what a volunteer scrolls through before narrowing the search; "Xem thêm" adds the next page.
 */
export const PAGE_SIZE = 25;

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
  const cutoff = birthDateCutoff(q.today, CARD_AGE);
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
  const cutoff = birthDateCutoff(today, CARD_AGE);
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

/** A household's unresolved conflicts and rejected edits: the badges of the list and the household. */
export interface IssueCount {
  conflicts: number;
  rejected: number;
}

/**
 * Conflicts and rejected edits counted by household. Both tables hold a handful of rows at most (each
 * waits for the person's decision), so they are read whole rather than per household on screen.
 */
export async function issueCounts(db: NotebookDb): Promise<Map<string, IssueCount>> {
  const [conflicts, rejected] = await Promise.all([db.conflicts.toArray(), db.rejected.toArray()]);
  const out = new Map<string, IssueCount>();
  const at = (id: string) => {
    let count = out.get(id);
    if (!count) out.set(id, (count = { conflicts: 0, rejected: 0 }));
    return count;
  };
  for (const c of conflicts) at(c.householdId).conflicts += 1;
  for (const r of rejected) at(r.householdId).rejected += 1;
  return out;
}

/**
 * The household screen's one read: the household with its members, tasks and visits, and the count of
 * its conflicts and rejected edits (by the tables' householdId indexes, not the whole tables).
 */
export async function householdScreen(
  db: NotebookDb,
  id: string,
): Promise<{ detail: HouseholdDetail; issues: IssueCount | null } | null> {
  const [detail, conflicts, rejected] = await Promise.all([
    getHousehold(db, id),
    db.conflicts.where('householdId').equals(id).count(),
    db.rejected.where('householdId').equals(id).count(),
  ]);
  if (!detail) return null;
  return { detail, issues: conflicts + rejected > 0 ? { conflicts, rejected } : null };
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
