// The review's lists of households and persons, page by page and village by village (issue 18: a whole
// province on one deployment). A village holds at most a few thousand households: each page reads the
// village it stopped in (sorted in memory as the whole list is, [RV3]) and goes on after the last row
// it gave, then the next villages, until the page is full. So a page never holds more than a village
// and a page in memory, and a row that stays unchanged through the paging comes exactly once, whatever
// else was added, changed or removed meanwhile: its sort key did not move, and the next page starts
// strictly after the key of the last row given.
import type { GapHousehold, MissingPerson } from '../../domain/review.ts';
import type { Area } from '../accounts/areas.ts';
import type { Queryable } from '../store/store.ts';
import { comparePersonKeys, personKey, villageMissingPersons } from './person-list.ts';
import type { CursorState, SortKey } from './review-cursor.ts';
import { compareGapKeys, gapCutoff, gapKey, villageGaps } from './review.ts';

/** A list read one village at a time, each village's rows in the list's order. */
export interface VillageList<Row> {
  read(village: Area): Promise<Row[]>;
  key(row: Row): SortKey;
  compare(a: SortKey, b: SortKey): number;
}

export interface Page<Row> {
  rows: Row[];
  /** Where the next page starts, or null when this one is the last. */
  next: CursorState | null;
}

/**
 * At most `limit` rows of `list` over `villages` (in their order), from where `from` stopped (null:
 * the first row). A cursor's village is found by its id; a village no longer in the area's list is
 * taken from its former place on.
 */
export async function pageByVillage<Row>(
  list: VillageList<Row>,
  villages: readonly Area[],
  from: CursorState | null,
  limit: number,
  startedAt: number,
): Promise<Page<Row>> {
  let index = 0;
  let after: SortKey | null = null;
  if (from?.village) {
    const found = villages.findIndex((v) => v.id === from.village!.id);
    if (found >= 0) {
      index = found;
      after = from.after;
    } else index = Math.min(from.village.index, villages.length);
  }
  const rows: Row[] = [];
  for (; index < villages.length; index++, after = null) {
    const village = villages[index]!;
    const all = await list.read(village);
    const start = after === null ? 0 : firstAfter(all, after, list);
    const taken = all.slice(start, start + (limit - rows.length));
    rows.push(...taken);
    if (rows.length < limit) continue;
    // The page is full: the rest of this village, or the next village's first row, comes next.
    const last = taken.at(-1);
    if (last !== undefined && start + taken.length < all.length)
      return { rows, next: { village: { index, id: village.id }, after: list.key(last), startedAt } };
    const following = villages[index + 1];
    return {
      rows,
      next: following ? { village: { index: index + 1, id: following.id }, after: null, startedAt } : null,
    };
  }
  return { rows, next: null };
}

/** The index of the first row whose key sorts after `after` (binary search: the rows are sorted). */
function firstAfter<Row>(rows: readonly Row[], after: SortKey, list: VillageList<Row>): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list.compare(list.key(rows[mid]!), after) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [RV2] [RV4] The households with a gap (or, `all`, every household) of a village at a time. */
export function gapList(db: Queryable, now: number, all: boolean): VillageList<GapHousehold> {
  const cutoff = gapCutoff(now);
  return {
    read: (village) => villageGaps(db, village.id, cutoff, all),
    key: gapKey,
    compare: compareGapKeys,
  };
}

/** [RV11] The persons with a gap of a village at a time, ID numbers whole only with `fullIds`. */
export function personList(db: Queryable, now: number, fullIds: boolean): VillageList<MissingPerson> {
  const cutoff = gapCutoff(now);
  return {
    read: (village) => villageMissingPersons(db, village.id, cutoff, fullIds),
    key: personKey,
    compare: comparePersonKeys,
  };
}
