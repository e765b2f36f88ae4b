// The first screen's reads (reads.ts) through Dexie, for code that holds Dexie's notebook already: they
// join the caller's transaction when there is one. And Dexie's announcement of committed writes,
// turned into the plain table → keys map that the first screen's code understands without Dexie.
import Dexie, { cmp, RangeSet, type IndexableType, type IntervalTree, type ObservabilitySet } from 'dexie';
import type { NotebookDb } from './db.ts';
import type { HouseholdRecords, NotebookReads, TableChanges, TableName } from './reads.ts';
import type { HouseholdRow } from './rows.ts';
import { inListOrder } from './village-order.ts';

/** Above this many keys in one write, its keys are not listed (null): a reader rebuilds instead. */
const KEY_LIMIT = 1000;

/** The keys of a write's primary-key ranges, or null when one is a range (a clear) or too many. */
function keysOf(tree: IntervalTree): IDBValidKey[] | null {
  const keys: IDBValidKey[] = [];
  for (const node of RangeSet(tree)) {
    if (cmp(node.from, node.to) !== 0 || keys.length === KEY_LIMIT) return null;
    keys.push(node.from as IDBValidKey);
  }
  return keys;
}

/** What Dexie announced for the database `name`, per table (`idb://<name>/<table>/<index>` parts). */
export function tableChanges(name: string, parts: ObservabilitySet): TableChanges {
  const prefix = `idb://${name}/`;
  const out = new Map<string, IDBValidKey[] | null>();
  const primary = new Set<string>();
  for (const [part, tree] of Object.entries(parts)) {
    if (!part.startsWith(prefix)) continue;
    const rest = part.slice(prefix.length);
    const slash = rest.indexOf('/');
    const table = slash < 0 ? rest : rest.slice(0, slash);
    if (slash >= 0 && slash === rest.length - 1) {
      primary.add(table);
      out.set(table, keysOf(tree));
    } else if (!primary.has(table)) {
      // Only an index's part so far: the table changed, its keys unknown unless the primary part says.
      out.set(table, null);
    }
  }
  return out;
}

/**
 * Announces writes made past Dexie (write.ts, the quick path) as Dexie announces its own commits: to
 * this tab's listeners (onDexieChange), Dexie's live queries, and other tabs. The primary keys
 * written are exact; each index of a written table is announced whole (its values before and after
 * are not worked out), so a live query over any index runs again. The notebook keeps no live-query
 * cache (db.ts: `cache: 'disabled'`) that such a write would leave stale.
 */
export function announceWrites(db: NotebookDb, writes: { table: string; keys: IDBValidKey[] }[]): void {
  const parts: ObservabilitySet = {};
  for (const { table, keys } of writes) {
    parts[`idb://${db.name}/${table}/`] = new RangeSet().addKeys(keys as IndexableType[]);
    for (const index of db.table(table).schema.indexes)
      parts[`idb://${db.name}/${table}/${index.name}`] = new RangeSet(-Infinity, [[]]);
  }
  Dexie.on.storagemutated.fire(parts);
}

/** Subscribes `listener` to the committed writes of `db` (until it closes), outside any transaction. */
export function onDexieChange(db: NotebookDb, listener: (changes: TableChanges) => void): () => void {
  const onMutated = (parts: ObservabilitySet) => {
    const changes = tableChanges(db.name, parts);
    if (changes.size > 0) Dexie.ignoreTransaction(() => listener(changes));
  };
  const off = () => Dexie.on.storagemutated.unsubscribe(onMutated);
  Dexie.on.storagemutated.subscribe(onMutated);
  db.on('close', off);
  return off;
}

export class DexieReads implements NotebookReads {
  constructor(private readonly db: NotebookDb) {}

  get name(): string {
    return this.db.name;
  }

  get<T>(table: TableName, key: IDBValidKey): Promise<T | undefined> {
    return this.db.table<T, IDBValidKey>(table).get(key);
  }

  getMany<T>(table: TableName, keys: readonly IDBValidKey[]): Promise<(T | undefined)[]> {
    return this.db.table<T, IDBValidKey>(table).bulkGet([...keys]);
  }

  all<T>(table: TableName): Promise<T[]> {
    return this.db.table<T>(table).toArray();
  }

  count(table: TableName): Promise<number> {
    return this.db.table(table).count();
  }

  households(ids: readonly string[]): Promise<HouseholdRecords[]> {
    const db = this.db;
    const tables = [db.households, db.persons, db.tasks, db.visits, db.conflicts, db.rejected];
    return db.transaction('r', tables, () =>
      // Every read in flight at once: on a phone each round trip to the browser's storage can wait
      // behind the page's rendering.
      Promise.all(
        ids.map(async (id) => {
          const [household, persons, tasks, visits, conflicts, rejected] = await Promise.all([
            db.households.get(id),
            db.persons.where('householdId').equals(id).toArray(),
            db.tasks.where('householdId').equals(id).toArray(),
            db.visits.where('householdId').equals(id).toArray(),
            db.conflicts.where('householdId').equals(id).count(),
            db.rejected.where('householdId').equals(id).count(),
          ]);
          return { household, persons, tasks, visits, conflicts, rejected };
        }),
      ),
    );
  }

  villageRows(villageId: string): Promise<HouseholdRow[]> {
    return this.db.households.where('villageId').equals(villageId).toArray().then(inListOrder);
  }

  onChange(listener: (changes: TableChanges) => void): () => void {
    return onDexieChange(this.db, listener);
  }
}
