// The first screen's reads with plain IndexedDB, without Dexie (reads.ts): a settled notebook's rows
// are stored as they are, so reading them needs no more than a transaction and a request. A notebook
// that is missing or at an older schema is opened by Dexie first (it creates and upgrades), then read.
// The connection gives way when Dexie asks for an upgrade and is opened again at the next read.
import type { HouseholdRow } from './rows.ts';
import type { NotebookReads, TableChanges, TableName } from './reads.ts';
import { NATIVE_VERSION } from './schema-version.ts';

/** The stores the first screen reads: a notebook without one of them is not at the current schema. */
const STORES: readonly TableName[] = ['households', 'meta', 'outbox', 'conflicts', 'rejected'];

/** Open the notebook as it is, or null when there is none; never creates one. */
export function openExisting(name: string, factory: IDBFactory): Promise<IDBDatabase | null> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name);
    // Only a missing database upgrades when no version is asked for: abort, so nothing is created.
    let missing = false;
    request.onupgradeneeded = () => {
      missing = true;
      request.transaction?.abort();
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => (missing ? resolve(null) : reject(request.error ?? new Error('open failed')));
  });
}

function isCurrent(db: IDBDatabase): boolean {
  return db.version >= NATIVE_VERSION && STORES.every((s) => db.objectStoreNames.contains(s));
}

function answer<T>(request: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result as T);
    request.onerror = () => reject(request.error ?? new Error('read failed'));
  });
}

export interface RawReadsOptions {
  factory: IDBFactory;
  keyRange: typeof IDBKeyRange;
  /** Makes Dexie create or upgrade the notebook (it then holds the current schema). */
  openWithDexie: () => Promise<unknown>;
  /** Where committed writes are announced (through Dexie, once it is loaded). */
  onChange: (listener: (changes: TableChanges) => void) => () => void;
}

export class RawReads implements NotebookReads {
  private connection: Promise<IDBDatabase> | undefined;

  constructor(
    readonly name: string,
    private readonly options: RawReadsOptions,
  ) {}

  onChange(listener: (changes: TableChanges) => void): () => void {
    return this.options.onChange(listener);
  }

  private connect(): Promise<IDBDatabase> {
    const opening = (async () => {
      const { factory, openWithDexie } = this.options;
      let db = await openExisting(this.name, factory);
      if (!db || !isCurrent(db)) {
        db?.close();
        await openWithDexie();
        db = await openExisting(this.name, factory);
        if (!db || !isCurrent(db)) {
          db?.close();
          throw new Error(`the notebook ${this.name} is not at schema ${NATIVE_VERSION / 10}`);
        }
      }
      const opened = db;
      const drop = () => {
        opened.close();
        if (this.connection === opening) this.connection = undefined;
      };
      // Dexie upgrading (a new build) or the browser closing the database: give way, reopen next time.
      opened.onversionchange = drop;
      opened.onclose = drop;
      return opened;
    })();
    opening.catch(() => {
      if (this.connection === opening) this.connection = undefined;
    });
    this.connection = opening;
    return opening;
  }

  /** One read-only transaction on `table`; a connection closed under it is reopened once. */
  private async read<T>(table: TableName, run: (store: IDBObjectStore) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const db = await (this.connection ?? this.connect());
      let store: IDBObjectStore;
      try {
        store = db.transaction(table, 'readonly').objectStore(table);
      } catch (error) {
        // InvalidStateError: the connection is closing (an upgrade began between two reads).
        if (attempt > 0 || !(error instanceof DOMException) || error.name !== 'InvalidStateError')
          throw error;
        this.connection = undefined;
        continue;
      }
      return run(store);
    }
  }

  get<T>(table: TableName, key: IDBValidKey): Promise<T | undefined> {
    return this.read(table, (s) => answer<T | undefined>(s.get(key)));
  }

  getMany<T>(table: TableName, keys: readonly IDBValidKey[]): Promise<(T | undefined)[]> {
    // One transaction, every request in flight at once.
    return this.read(table, (s) => Promise.all(keys.map((k) => answer<T | undefined>(s.get(k)))));
  }

  all<T>(table: TableName): Promise<T[]> {
    return this.read(table, (s) => answer<T[]>(s.getAll()));
  }

  count(table: TableName): Promise<number> {
    return this.read(table, (s) => answer<number>(s.count()));
  }

  villageRows(villageId: string): Promise<HouseholdRow[]> {
    // Dexie's compound index and the bounds of its between(): [v, -Infinity] … [v, [[]]].
    const range = this.options.keyRange.bound([villageId, -Infinity], [villageId, [[]]]);
    return this.read('households', (s) => answer<HouseholdRow[]>(s.index('[villageId+_sort]').getAll(range)));
  }
}
