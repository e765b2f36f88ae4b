// The village's households as the campaigns' rules see them, for the volunteer's work list (issue 17,
// domain/work-list.ts): from the village index in memory (list-index.ts), whose rows keep what the
// rules judge (rows.ts, WorkSummary), in the order the volunteer walks the village. Apart from
// db/campaigns.ts: the first screen reads the campaigns' meta row, never this.
import { fold } from '../domain/fold.ts';
import type { Household } from '../domain/records.ts';
import { workViews, type WorkHouseholdView, type WorkRecords } from '../domain/work-list.ts';
import type { NotebookDb } from './db.ts';
import { onForgetVillageIndexes, villageIndex } from './list-index.ts';
import type { HouseholdRow } from './rows.ts';

/** A household as the work list reads it: the rules' view, and what its line shows. */
export type PhoneWorkHousehold = WorkHouseholdView & Pick<Household, 'address' | 'headName'>;

/** A household row's view for the rules, from the summary its write kept (rows.ts, WorkSummary). */
function viewOf(row: HouseholdRow): PhoneWorkHousehold | undefined {
  const work = row._summary.work;
  if (!work) return undefined;
  return {
    id: row.id,
    villageId: row.villageId,
    outOfReach: row.outOfReach,
    address: row.address,
    headName: row.headName,
    // The eldest first within a household: the head, as a rule, and the order of a door's talk.
    persons: work.persons
      .map(([id, birthDate, cccdStatus, cccdIssuedOn, vneidStatus, phone]) => ({
        id,
        birthDate,
        cccdStatus,
        cccdIssuedOn: cccdIssuedOn || null,
        vneidStatus,
        phone: phone ? 'yes' : null,
      }))
      .sort((a, b) =>
        a.birthDate < b.birthDate ? -1 : a.birthDate > b.birthDate ? 1 : a.id < b.id ? -1 : 1,
      ),
    openTasks: work.openTasks.map(([id, kind]) => ({ id, kind })),
    lastMet: work.lastMet,
  };
}

/**
 * The walking order's key of an address: folded (tone-blind, as the list's order is) with every
 * number padded, so that plain string order puts "Số 2" before "Số 10". A collator's compare (the
 * screens' VI_ORDER) costs a hundred milliseconds over a large village's households on a cheap phone;
 * this key is made once per row.
 */
export function walkKey(address: string): string {
  return fold(address).replace(/\d+/g, (digits) => digits.padStart(9, '0'));
}

interface Walked {
  row: HouseholdRow;
  view: PhoneWorkHousehold | undefined;
  key: string;
}

/** Per row object (rows are replaced, never changed, when written): its view and walking key. */
const walked = new WeakMap<HouseholdRow, Walked>();

/** A village's households in walking order, as last made from one snapshot of its index. */
interface Walk {
  rows: readonly HouseholdRow[];
  order: Walked[];
  views: PhoneWorkHousehold[];
}
/** Per notebook and village: the last walk, patched rather than sorted again after a write. */
const walks = new WeakMap<object, Map<string, Walk>>();

// A lock drops the walks with the indexes: they hold the notebook's opened rows.
onForgetVillageIndexes((readable) => walks.delete(readable as NotebookDb));

/** Above this many households changed since the last walk, sorting again costs less than patching. */
const PATCH_LIMIT = 200;

function walkedOf(row: HouseholdRow): Walked {
  let w = walked.get(row);
  if (!w) {
    w = { row, view: viewOf(row), key: `${walkKey(row.address)}\u0000${row.id}` };
    walked.set(row, w);
  }
  return w;
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Where `w` goes in `order` (sorted by key). */
function positionOf(order: readonly Walked[], w: Walked): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order[mid]!.key < w.key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `rows` in walking order: the last walk of the village with the rows a write replaced taken out and
 * their new rows put in at their places (an edit touches one household: no sort of thousands), or
 * sorted afresh when there is no last walk or much changed.
 */
function walkOf(last: Walk | undefined, rows: readonly HouseholdRow[]): Walked[] {
  if (last) {
    const before = new Set(last.rows);
    const added = rows.filter((r) => !before.has(r));
    if (added.length <= PATCH_LIMIT) {
      const now = new Set(rows);
      const order = last.order.filter((w) => now.has(w.row));
      for (const row of added) {
        const w = walkedOf(row);
        order.splice(positionOf(order, w), 0, w);
      }
      return order;
    }
  }
  return rows.map(walkedOf).sort(byKey);
}

/**
 * The households of `villageId` as the work list's rules see them (domain/work-list.ts), in walking
 * order (by address), from the village index in memory (list-index.ts: kept in place through every
 * write). Views and keys are kept per row, the order per village, patched after a write: after an
 * edit only the edited household is made again. A row written by a build before the summary held
 * `work` has its records read instead, in one batch: the same answer, only slower, until the
 * household is next written.
 */
export async function workHouseholdsOf(db: NotebookDb, villageId: string): Promise<PhoneWorkHousehold[]> {
  const { rows } = await villageIndex(db, villageId);
  let byVillage = walks.get(db);
  if (!byVillage) walks.set(db, (byVillage = new Map()));
  const last = byVillage.get(villageId);
  if (last?.rows === rows) return last.views;
  const order = walkOf(last, rows);
  const older = order.filter((w) => !w.view).map((w) => w.row.id);
  if (older.length === 0) {
    const views = order.map((w) => w.view!);
    byVillage.set(villageId, { rows, order, views });
    return views;
  }
  // Older rows are read again each time (their records may change without the index knowing), and
  // the records read are whole households: their views keep the address and head name.
  const fromRecords = workViews(await recordsOfHouseholds(db, older)) as PhoneWorkHousehold[];
  const ready = [
    ...order.filter((w) => w.view).map((w) => ({ key: w.key, view: w.view! })),
    ...fromRecords.map((view) => ({ key: `${walkKey(view.address)}\u0000${view.id}`, view })),
  ].sort(byKey);
  return ready.map((r) => r.view);
}

/** The records of `villageId` that the work list reads, opened (the notebook must be unlocked). */
export async function workRecordsOf(db: NotebookDb, villageId: string): Promise<WorkRecords> {
  const ids = (await db.households.where('villageId').equals(villageId).primaryKeys()) as string[];
  return recordsOfHouseholds(db, ids);
}

/** Households `ids` and their members, tasks and visits, in one read transaction. */
async function recordsOfHouseholds(db: NotebookDb, ids: readonly string[]): Promise<WorkRecords> {
  return db.transaction('r', [db.households, db.persons, db.tasks, db.visits], async () => {
    const households = (await db.households.bulkGet([...ids])).filter((h) => h !== undefined);
    const [persons, tasks, visits] = await Promise.all([
      db.persons.where('householdId').anyOf(ids).toArray(),
      db.tasks.where('householdId').anyOf(ids).toArray(),
      db.visits.where('householdId').anyOf(ids).toArray(),
    ]);
    return { households, persons, tasks, visits };
  });
}
