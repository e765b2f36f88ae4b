// A per-village index kept in memory between keystrokes: the village's household rows in list order,
// with their folded words and list summaries (db.ts, HouseholdSummary). Walking IndexedDB's indexes at
// each keystroke costs 150–250 ms at 10,000 households in Chromium, and even reading the page's 25
// rows back costs a round trip to the browser's storage process per keystroke; matching words and
// filtering summaries in memory costs a few ms, and the progress line is counted from the same
// summaries. The rows are the households' own (a few hundred bytes each): no member, task or visit.
//
// It is never staler than the database. Every committed write (of this tab, another tab, or a pull)
// is announced with the keys it touched (reads.ts, onChange): the households among them are read again and put
// in place (removed, re-inserted at their list position, or moved to another village's index), so an
// edit costs the volunteer's next keystroke nothing. A write that names a range of households rather
// than keys (a wipe), or very many of them (a first pull's page), drops the index instead: the next
// keystroke rebuilds it once. A member's, task's or visit's write rewrites its household's row (its
// summary), so watching the households is enough.
import type { Readable, NotebookReads } from './reads.ts';
import type { HouseholdRow } from './rows.ts';

export interface VillageIndex {
  /** The village's household rows in list order (folded head name `_sort`, then id). */
  rows: readonly HouseholdRow[];
  /**
   * Per row (same position), its folded words in one string, each word after a space (haystackOf):
   * what a keystroke matches. Measured at 10,000 households, matching one string per row is ~5× faster
   * than walking each row's array of words: the rows, read from IndexedDB and sorted into list order,
   * lie scattered in memory, and a dozen small strings per row cost a cache miss each.
   */
  haystacks: readonly string[];
}

/** A row's folded words as one string, a space before each: " nguyen van an so 12 ...". */
export function haystackOf(row: HouseholdRow): string {
  return ` ${row._words.join(' ')}`;
}

function indexOf(rows: readonly HouseholdRow[]): VillageIndex {
  return { rows, haystacks: rows.map(haystackOf) };
}

interface Cache {
  villages: Map<string, Promise<VillageIndex>>;
  /** How many times an index was built from IndexedDB (a test's window on "no rebuild"). */
  builds: number;
}

/** Above this many households in one write, one rebuild costs less than reading each in place. */
const PATCH_LIMIT = 200;

const caches = new WeakMap<NotebookReads, Cache>();

/** Where `row` goes in the list order of `rows` (IndexedDB's order: code units). */
function positionOf(rows: readonly HouseholdRow[], row: HouseholdRow): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = rows[mid]!;
    if (m._sort < row._sort || (m._sort === row._sort && m.id < row.id)) lo = mid + 1;
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
  const next: HouseholdRow[] = [];
  const haystacks: string[] = [];
  for (const [i, r] of index.rows.entries()) {
    if (changed.has(r.id)) continue;
    next.push(r);
    haystacks.push(index.haystacks[i]!);
  }
  for (const row of rows) {
    if (!row || row.villageId !== villageId) continue;
    const at = positionOf(next, row);
    next.splice(at, 0, row);
    haystacks.splice(at, 0, haystackOf(row));
  }
  return { rows: next, haystacks };
}

function cacheOf(reads: NotebookReads): Cache {
  const cached = caches.get(reads);
  if (cached) return cached;
  const fresh: Cache = { villages: new Map(), builds: 0 };
  reads.onChange((changes) => {
    const keys = changes.get('households');
    if (keys === undefined || fresh.villages.size === 0) return;
    if (keys === null || keys.length > PATCH_LIMIT) return fresh.villages.clear();
    if (keys.length === 0) return;
    const ids = keys as string[];
    const rows = reads.getMany<HouseholdRow>('households', ids);
    const changed = new Set(ids);
    for (const [villageId, index] of fresh.villages) {
      const next = Promise.all([index, rows]).then(([idx, r]) => patched(idx, villageId, changed, r));
      // A failed read must not stay cached: the next keystroke rebuilds.
      next.catch(() => {
        if (fresh.villages.get(villageId) === next) fresh.villages.delete(villageId);
      });
      fresh.villages.set(villageId, next);
    }
  });
  caches.set(reads, fresh);
  return fresh;
}

/** The village's index, built from IndexedDB on first use, then kept in place through writes. */
export function villageIndex({ reads }: Readable, villageId: string): Promise<VillageIndex> {
  const cache = cacheOf(reads);
  let index = cache.villages.get(villageId);
  if (!index) {
    cache.builds += 1;
    const built = reads.villageRows(villageId).then(indexOf);
    index = built;
    // A failed build must not stay cached: the next keystroke tries again.
    built.catch(() => {
      if (cache.villages.get(villageId) === built) cache.villages.delete(villageId);
    });
    cache.villages.set(villageId, built);
  }
  return index;
}

/** What else keeps opened rows per notebook (the work list's walks), told when the indexes go. */
const forgetters = new Set<(db: Readable) => void>();

export function onForgetVillageIndexes(forget: (db: Readable) => void): void {
  forgetters.add(forget);
}

/** Drops the indexes read through `db`: the notebook was locked, and they hold its opened rows. */
export function forgetVillageIndexes(db: Readable): void {
  caches.get(db.reads)?.villages.clear();
  for (const forget of forgetters) forget(db);
}

/** How many times the village indexes read through `db` were built from IndexedDB (not patched). */
export function villageIndexBuilds({ reads }: Readable): number {
  return cacheOf(reads).builds;
}
