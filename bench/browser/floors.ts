// The floors of issue 14, timed in the same page and profile as the app's figures: what the phone's
// browser does at best for each hot path, without the app's layers. Bundled into the seeding page
// (bench/browser/notebook-seed.ts), which the notebook bench loads beside the app.
import type { NotebookDb } from '../../src/db/db.ts';
import { villageIndex } from '../../src/db/list-index.ts';
import { PAGE_SIZE } from '../../src/db/queries.ts';
import { foldWords } from '../../src/domain/fold.ts';

const RECORD_STORES = ['households', 'persons', 'tasks', 'visits'] as const;

/** A short breath between timed operations, as the app's measurements leave between keystrokes. */
const pause = (ms = 20) => new Promise((done) => setTimeout(done, ms));

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((done, fail) => {
    req.onsuccess = () => done(req.result);
    req.onerror = () => fail(req.error);
  });
}

function openIdb(name: string, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  const req = upgrade ? indexedDB.open(name, 1) : indexedDB.open(name);
  if (upgrade) req.onupgradeneeded = () => upgrade(req.result);
  return request(req);
}

/** The households the app's list shows first, in list order (the app's open measurement taps those). */
export async function firstPage(db: NotebookDb, villageId: string): Promise<string[]> {
  return (await villageIndex(db, villageId)).rows.slice(0, PAGE_SIZE).map((r) => r.id);
}

/**
 * Search floor: the village's folded words in a plain array, and per text the app's matching rule
 * (every typed word starts one of the household's words; an empty text lists everyone), the first
 * page of hits rendered as plain `<li>` into a visible list. Timed from the text to the list in the DOM.
 */
export async function searchFloor(db: NotebookDb, villageId: string, texts: readonly string[]) {
  const { rows } = await villageIndex(db, villageId);
  const items = rows.map((r) => ({
    id: r.id,
    words: [...r._words],
    label: `${r.headName} · ${r.address}`,
  }));
  const list = document.createElement('ul');
  document.body.append(list);
  const times: number[] = [];
  for (const text of texts) {
    await pause();
    const t0 = performance.now();
    const words = foldWords(text);
    const hits =
      words.length === 0
        ? items
        : items.filter((item) => words.every((q) => item.words.some((w) => w.startsWith(q))));
    const lis = hits.slice(0, PAGE_SIZE).map((item) => {
      const li = document.createElement('li');
      li.dataset.householdId = item.id;
      li.textContent = item.label;
      return li;
    });
    list.replaceChildren(...lis);
    list.dataset.total = String(hits.length);
    times.push(performance.now() - t0);
  }
  list.remove();
  return times;
}

/**
 * Open floor: one household's row, persons, tasks and visits read with bare IndexedDB (one readonly
 * transaction, the `householdId` index), timed to all rows in memory. The same households, in the
 * same order, as the app's open measurement taps.
 */
export async function openFloor(ids: readonly string[], n: number) {
  const idb = await openIdb('so06');
  const times: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const id = ids[(i * 7) % ids.length]!;
      await pause();
      const t0 = performance.now();
      const tx = idb.transaction([...RECORD_STORES], 'readonly');
      const [household, ...children] = await Promise.all([
        request(tx.objectStore('households').get(id)),
        ...RECORD_STORES.slice(1).map((s) => request(tx.objectStore(s).index('householdId').getAll(id))),
      ]);
      times.push(performance.now() - t0);
      if (!household || !Array.isArray(children[0]) || children[0].length === 0) {
        throw new Error(`household ${id}: no rows`);
      }
    }
  } finally {
    idb.close();
  }
  return times;
}

/**
 * Edit floor: one strict-durability put of a record-sized object (a person row of the notebook, its
 * note changed) into a scratch store of a separate bare database, timed to `oncomplete`; back to back,
 * as the app's edits are timed.
 */
export async function editFloor(db: NotebookDb, n: number, round: number) {
  const persons = await db.persons.limit(n).toArray();
  const name = 'so06-bench-floor';
  const idb = await openIdb(name, (d) => d.createObjectStore('scratch', { keyPath: 'id' }));
  try {
    const records = persons.map((person, i) => ({ ...person, note: `Sàn ${round} ${i}` }));
    return await timedStrictPuts(idb, 'scratch', records);
  } finally {
    idb.close();
    await request(indexedDB.deleteDatabase(name));
  }
}

/**
 * The same floor inside the notebook itself: one strict put of a person row (its note changed) into
 * the notebook's own `persons` store, other persons than the app's edits, timed right after them in
 * the same storage state. Apart from editFloor's tiny scratch database, this is what any write to a
 * notebook of this size costs the storage.
 */
export async function notebookPutFloor(db: NotebookDb, n: number, round: number) {
  const persons = await db.persons
    .offset(30000 + round * n)
    .limit(n)
    .toArray();
  const records = persons.map((person, i) => ({ ...person, note: `Sàn sổ ${round} ${i}` }));
  return timedStrictPuts(db.backendDB(), 'persons', records);
}

/** Each record put in a strict-durability transaction of its own, back to back, timed to `oncomplete`. */
async function timedStrictPuts(idb: IDBDatabase, store: string, records: readonly object[]) {
  const times: number[] = [];
  for (const record of records) {
    const t0 = performance.now();
    await new Promise<void>((done, fail) => {
      const tx = idb.transaction(store, 'readwrite', { durability: 'strict' });
      tx.objectStore(store).put(record);
      tx.oncomplete = () => done();
      tx.onerror = () => fail(tx.error);
      tx.onabort = () => fail(tx.error);
    });
    times.push(performance.now() - t0);
  }
  return times;
}

/** The origin's storage use as the browser counts it (bytes). */
export async function storageUsage(): Promise<number> {
  return (await navigator.storage.estimate()).usage ?? NaN;
}
