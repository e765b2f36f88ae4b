// A per-village search index kept in memory between keystrokes: the village's household ids in list
// order with their folded words, and the filter sets. Walking IndexedDB's indexes at each keystroke
// costs 150–250 ms at 10,000 households in Chromium; matching words in memory costs a few ms. It
// holds ids and words only, never whole rows, and is dropped whenever a write (of this tab, another
// tab, or a pull) touches the record tables, so it is never staler than the database.
import Dexie, { type ObservabilitySet } from 'dexie';
import type { NotebookDb } from './db.ts';

export interface VillageIndex {
  /** Household ids in list order (folded head name, then id). */
  ids: string[];
  /** `words[i]` are the search words of `ids[i]`. */
  words: string[][];
}

interface Cache {
  villages: Map<string, Promise<VillageIndex>>;
  sets: Map<string, Promise<Set<string>>>;
}

const caches = new WeakMap<NotebookDb, Cache>();
const RECORD_TABLES = ['households', 'persons', 'tasks', 'visits'];

function cacheOf(db: NotebookDb): Cache {
  let cache = caches.get(db);
  if (cache) return cache;
  const fresh: Cache = { villages: new Map(), sets: new Map() };
  const prefixes = RECORD_TABLES.map((t) => `idb://${db.name}/${t}/`);
  const households = `idb://${db.name}/households/`;
  const onMutated = (parts: ObservabilitySet) => {
    const touched = Object.keys(parts);
    // Members' names live in the household rows' words, so the words change only with households.
    if (touched.some((part) => part.startsWith(households))) fresh.villages.clear();
    if (touched.some((part) => prefixes.some((p) => part.startsWith(p)))) fresh.sets.clear();
  };
  Dexie.on.storagemutated.subscribe(onMutated);
  db.on('close', () => Dexie.on.storagemutated.unsubscribe(onMutated));
  caches.set(db, fresh);
  cache = fresh;
  return cache;
}

/** The village's index, built from IndexedDB on first use after any write. */
export function villageIndex(db: NotebookDb, villageId: string): Promise<VillageIndex> {
  const cache = cacheOf(db);
  let index = cache.villages.get(villageId);
  if (!index) {
    index = db.households
      .where('[villageId+_sort]')
      .between([villageId, Dexie.minKey], [villageId, Dexie.maxKey])
      .toArray()
      .then((rows) => ({ ids: rows.map((r) => r.id), words: rows.map((r) => r._words) }));
    // A failed build must not stay cached: the next keystroke tries again.
    index.catch(() => cache.villages.delete(villageId));
    cache.villages.set(villageId, index);
  }
  return index;
}

/** A set of household ids computed once per key until the next write. */
export function cachedSet(
  db: NotebookDb,
  key: string,
  compute: () => Promise<Set<string>>,
): Promise<Set<string>> {
  const cache = cacheOf(db);
  let set = cache.sets.get(key);
  if (!set) {
    set = compute();
    set.catch(() => cache.sets.delete(key));
    cache.sets.set(key, set);
  }
  return set;
}
