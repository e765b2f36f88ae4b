// The household screen's read, and the households it is about to show kept in memory: once the list
// has settled, the households on screen are read ahead (one transaction for all of them), and a tap
// on one shows it at once instead of waiting for IndexedDB's answer, which a phone delivers only after
// the frame the tap paints. Any write to a table the screen reads drops what was read ahead, so a
// household read ahead is never older than the last write announced; the screen reads it again anyway
// and shows the answer when it comes.
import type { Household, Person, Task, Visit } from '../domain/records.ts';
import type { HouseholdRecords, NotebookReads, Readable, TableName } from './reads.ts';
import { toRecord } from './record-rows.ts';
import type { HouseholdDetail } from './types.ts';

/** A household's unresolved conflicts and rejected edits: the badges of the list and the household. */
export interface IssueCount {
  conflicts: number;
  rejected: number;
}

export interface HouseholdScreenData {
  detail: HouseholdDetail;
  issues: IssueCount | null;
}

/** What the household screen reads: its records, and the conflicts and rejected edits it counts. */
export const HOUSEHOLD_TABLES: readonly TableName[] = [
  'households',
  'persons',
  'tasks',
  'visits',
  'conflicts',
  'rejected',
];

const RELATION_ORDER = ['head', 'spouse', 'parent', 'child', 'grandchild', 'sibling', 'other'];

/** The household with its members (head first, then by age), tasks (open first), visits (newest first). */
export function householdDetail(r: HouseholdRecords): HouseholdDetail | undefined {
  if (!r.household) return undefined;
  const persons = [...r.persons].sort(
    (a, b) =>
      RELATION_ORDER.indexOf(a.relation) - RELATION_ORDER.indexOf(b.relation) ||
      a.birthDate.localeCompare(b.birthDate),
  );
  const tasks = [...r.tasks].sort((a, b) => (a.status === b.status ? 0 : a.status === 'open' ? -1 : 1));
  const visits = [...r.visits].sort((a, b) => b.visitedOn.localeCompare(a.visitedOn));
  return {
    household: toRecord<Household>(r.household),
    persons: persons.map((p) => toRecord<Person>(p)),
    tasks: tasks.map((t) => toRecord<Task>(t)),
    visits: visits.map((v) => toRecord<Visit>(v)),
  };
}

function screenData(r: HouseholdRecords): HouseholdScreenData | null {
  const detail = householdDetail(r);
  if (!detail) return null;
  const { conflicts, rejected } = r;
  return { detail, issues: conflicts + rejected > 0 ? { conflicts, rejected } : null };
}

/** The household screen's one read: the household, everything under it, its issue counts. */
export async function householdScreen(db: Readable, id: string): Promise<HouseholdScreenData | null> {
  const [records] = await db.reads.households([id]);
  return screenData(records!);
}

/** Households read ahead, by id (null: not on the phone). */
interface ReadAhead {
  screens: Map<string, HouseholdScreenData | null>;
  /** Moves on at every write of a table the screen reads: a read started before it is not kept. */
  generation: number;
}

/** More than a list page or two; past it, what was read ahead is dropped. */
const READ_AHEAD_LIMIT = 100;

const readAheads = new WeakMap<NotebookReads, ReadAhead>();

function readAheadOf(reads: NotebookReads): ReadAhead {
  const cached = readAheads.get(reads);
  if (cached) return cached;
  const fresh: ReadAhead = { screens: new Map(), generation: 0 };
  reads.onChange((changes) => {
    if (!HOUSEHOLD_TABLES.some((table) => changes.has(table))) return;
    fresh.screens.clear();
    fresh.generation += 1;
  });
  readAheads.set(reads, fresh);
  return fresh;
}

/** Reads ahead the households of `ids` not read ahead yet. A failed read only means no read-ahead. */
export async function readAhead(db: Readable, ids: readonly string[]): Promise<void> {
  const ahead = readAheadOf(db.reads);
  const missing = ids.filter((id) => !ahead.screens.has(id)).slice(0, READ_AHEAD_LIMIT);
  if (missing.length === 0) return;
  const generation = ahead.generation;
  let records: HouseholdRecords[];
  try {
    records = await db.reads.households(missing);
  } catch {
    return;
  }
  if (ahead.generation !== generation) return;
  if (ahead.screens.size + missing.length > READ_AHEAD_LIMIT) ahead.screens.clear();
  missing.forEach((id, i) => ahead.screens.set(id, screenData(records[i]!)));
}

/** The household's screen as read ahead, or undefined when it was not (or a write came since). */
export function readAheadScreen(db: Readable, id: string): HouseholdScreenData | null | undefined {
  return readAheads.get(db.reads)?.screens.get(id);
}
