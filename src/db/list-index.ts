// A per-village index kept in memory between keystrokes: the village's household ids in list order
// with their folded words and list summaries (db.ts, HouseholdSummary). Walking IndexedDB's indexes at
// each keystroke costs 150–250 ms at 10,000 households in Chromium; matching words and filtering
// summaries in memory costs a few ms, and the progress line is counted from the same summaries. It
// holds ids, words, sort keys and summaries, never whole rows.
//
// It is never staler than the database. Every committed write (of this tab, another tab, or a pull)
// is announced by Dexie with the keys it touched: the households among them are read again and put
// in place (removed, re-inserted at their list position, or moved to another village's index), so an
// edit costs the volunteer's next keystroke nothing. A write that names a range of households rather
// than keys (a wipe), or very many of them (a first pull's page), drops the index instead: the next
// keystroke rebuilds it once. A member's, task's or visit's write rewrites its household's row (its
// summary), so watching the households is enough.
import Dexie, { cmp, RangeSet, type IntervalTree, type ObservabilitySet } from 'dexie';
import type { HouseholdRow, HouseholdSummary, NotebookDb } from './db.ts';

export interface VillageIndex {
  /** Household ids in list order (folded head name, then id). */
  ids: string[];
  /** `words[i]` are the search words of `ids[i]`. */
  words: string[][];
  /** `sorts[i]` is the folded head name of `ids[i]`: the order the list and the index share. */
  sorts: string[];
  /** `summaries[i]` is what the list needs of the members, tasks and visits of `ids[i]`. */
  summaries: HouseholdSummary[];
}

interface Cache {
  villages: Map<string, Promise<VillageIndex>>;
  /** How many times an index was built from IndexedDB (a test's window on "no rebuild"). */
  builds: number;
}

/** Above this many households in one write, one rebuild costs less than reading each in place. */
const PATCH_LIMIT = 200;

const caches = new WeakMap<NotebookDb, Cache>();

/** The household ids a write touched, or null when it named a range (a clear) or too many. */
function changedIds(tree: IntervalTree): string[] | null {
  const ids: string[] = [];
  for (const node of RangeSet(tree)) {
    if (typeof node.from !== 'string' || cmp(node.from, node.to) !== 0) return null;
    ids.push(node.from);
    if (ids.length > PATCH_LIMIT) return null;
  }
  return ids;
}

/** Where a row of this sort key and id goes in the list order (IndexedDB's order: code units). */
function positionOf(index: VillageIndex, sort: string, id: string): number {
  let lo = 0;
  let hi = index.ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = index.sorts[mid]!;
    if (s < sort || (s === sort && index.ids[mid]! < id)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A new index: `index` without the `changed` households, then those of `rows` that are in this
 * village at their places. New arrays: a query holding the old index keeps a consistent one.
 */
function patched(
  index: VillageIndex,
  villageId: string,
  changed: ReadonlySet<string>,
  rows: readonly (HouseholdRow | undefined)[],
): VillageIndex {
  const next: VillageIndex = { ids: [], words: [], sorts: [], summaries: [] };
  for (let i = 0; i < index.ids.length; i++) {
    if (changed.has(index.ids[i]!)) continue;
    next.ids.push(index.ids[i]!);
    next.words.push(index.words[i]!);
    next.sorts.push(index.sorts[i]!);
    next.summaries.push(index.summaries[i]!);
  }
  for (const row of rows) {
    if (!row || row.villageId !== villageId) continue;
    const at = positionOf(next, row._sort, row.id);
    next.ids.splice(at, 0, row.id);
    next.words.splice(at, 0, row._words);
    next.sorts.splice(at, 0, row._sort);
    next.summaries.splice(at, 0, row._summary);
  }
  return next;
}

function cacheOf(db: NotebookDb): Cache {
  let cache = caches.get(db);
  if (cache) return cache;
  const fresh: Cache = { villages: new Map(), builds: 0 };
  const households = `idb://${db.name}/households/`;
  const onMutated = (parts: ObservabilitySet) => {
    const keys = parts[households];
    if (!keys || fresh.villages.size === 0) return;
    const ids = changedIds(keys);
    if (ids === null) return fresh.villages.clear();
    if (ids.length === 0) return;
    // Read once for every village cached; outside any transaction the announcement came from.
    const rows = Dexie.ignoreTransaction(() => db.households.bulkGet(ids));
    const changed = new Set(ids);
    for (const [villageId, index] of fresh.villages) {
      const next = Promise.all([index, rows]).then(([idx, r]) => patched(idx, villageId, changed, r));
      // A failed read must not stay cached: the next keystroke rebuilds.
      next.catch(() => {
        if (fresh.villages.get(villageId) === next) fresh.villages.delete(villageId);
      });
      fresh.villages.set(villageId, next);
    }
  };
  Dexie.on.storagemutated.subscribe(onMutated);
  db.on('close', () => Dexie.on.storagemutated.unsubscribe(onMutated));
  caches.set(db, fresh);
  cache = fresh;
  return cache;
}

/** The village's index, built from IndexedDB on first use, then kept in place through writes. */
export function villageIndex(db: NotebookDb, villageId: string): Promise<VillageIndex> {
  const cache = cacheOf(db);
  let index = cache.villages.get(villageId);
  if (!index) {
    cache.builds += 1;
    const built = db.households
      .where('[villageId+_sort]')
      .between([villageId, Dexie.minKey], [villageId, Dexie.maxKey])
      .toArray()
      .then((rows) => ({
        ids: rows.map((r) => r.id),
        words: rows.map((r) => r._words),
        sorts: rows.map((r) => r._sort),
        summaries: rows.map((r) => r._summary),
      }));
    index = built;
    // A failed build must not stay cached: the next keystroke tries again.
    built.catch(() => {
      if (cache.villages.get(villageId) === built) cache.villages.delete(villageId);
    });
    cache.villages.set(villageId, built);
  }
  return index;
}

/** How many times `db`'s village indexes were built from IndexedDB (not patched in place). */
export function villageIndexBuilds(db: NotebookDb): number {
  return cacheOf(db).builds;
}
