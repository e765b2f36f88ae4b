// The first screen's reads with plain IndexedDB, without Dexie (reads.ts): a settled notebook's rows
// are stored as they are, so reading them needs no more than a transaction and a request. A missing
// notebook (a first start) reads as empty, and is not created: Dexie creates it at sign-in. One at an
// older schema (the first start of a new build) is upgraded by Dexie first, then read. The connection
// gives way when Dexie asks for an upgrade and is opened again at the next read. Sealed rows are
// opened with the notebook's lock (crypto/sealed-rows.ts), after the reads: nothing follows them in
// their transaction.
import type { Person, Task, Visit } from '../domain/records.ts';
import type { NotebookLock } from './crypto/notebook-lock.ts';
import { fromStored, fromStoredMany } from './crypto/sealed-rows.ts';
import type { HouseholdRow } from './rows.ts';
import type { HouseholdRecords, NotebookReads, TableChanges, TableName } from './reads.ts';
import { NATIVE_VERSION } from './schema-version.ts';
import { inListOrder } from './village-order.ts';

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

/** A plain IndexedDB request's answer as a promise (awaited in its transaction, it stays active). */
export function answer<T>(request: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result as T);
    request.onerror = () => reject(request.error ?? new Error('read failed'));
  });
}

export interface RawReadsOptions {
  factory: IDBFactory;
  /** Makes Dexie create or upgrade the notebook (it then holds the current schema). */
  openWithDexie: () => Promise<unknown>;
  /** Where committed writes are announced (through Dexie, once it is loaded). */
  onChange: (listener: (changes: TableChanges) => void) => () => void;
  /** Opens sealed rows (the same lock as Dexie's notebook). */
  lock: NotebookLock;
}

export class RawReads implements NotebookReads {
  private connection: Promise<IDBDatabase | null> | undefined;

  constructor(
    readonly name: string,
    private readonly options: RawReadsOptions,
  ) {}

  onChange(listener: (changes: TableChanges) => void): () => void {
    return this.options.onChange(listener);
  }

  /** The open notebook, or null while there is none (nothing is kept: the next read looks again). */
  private connect(): Promise<IDBDatabase | null> {
    const opening = (async () => {
      const { factory, openWithDexie } = this.options;
      let db = await openExisting(this.name, factory);
      if (!db) return null;
      if (!isCurrent(db)) {
        db.close();
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
    const forget = () => {
      if (this.connection === opening) this.connection = undefined;
    };
    opening.then((db) => db ?? forget(), forget);
    this.connection = opening;
    return opening;
  }

  /** One read-only transaction on `tables`; a connection closed under it is reopened once. */
  private async readAll<T>(
    tables: TableName[],
    run: (tx: IDBTransaction) => Promise<T>,
    empty: T,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const db = await (this.connection ?? this.connect());
      if (!db) return empty;
      let tx: IDBTransaction;
      try {
        tx = db.transaction(tables, 'readonly');
      } catch (error) {
        // InvalidStateError: the connection is closing (an upgrade began between two reads).
        if (attempt > 0 || !(error instanceof DOMException) || error.name !== 'InvalidStateError')
          throw error;
        this.connection = undefined;
        continue;
      }
      return run(tx);
    }
  }

  private read<T>(table: TableName, run: (store: IDBObjectStore) => Promise<T>, empty: T): Promise<T> {
    return this.readAll([table], (tx) => run(tx.objectStore(table)), empty);
  }

  /** A stored row as the app knows it. */
  private open<T>(table: TableName, row: T): T {
    return fromStored(this.options.lock, table, row);
  }

  async get<T>(table: TableName, key: IDBValidKey): Promise<T | undefined> {
    return this.open(table, await this.read(table, (s) => answer<T | undefined>(s.get(key)), undefined));
  }

  async getMany<T>(table: TableName, keys: readonly IDBValidKey[]): Promise<(T | undefined)[]> {
    // One transaction, every request in flight at once.
    const rows = await this.read(
      table,
      (s) => Promise.all(keys.map((k) => answer<T | undefined>(s.get(k)))),
      keys.map(() => undefined),
    );
    return rows.map((r) => this.open(table, r));
  }

  async all<T>(table: TableName): Promise<T[]> {
    return (await this.read(table, (s) => answer<T[]>(s.getAll()), [])).map((r) => this.open(table, r));
  }

  count(table: TableName): Promise<number> {
    return this.read(table, (s) => answer<number>(s.count()), 0);
  }

  async households(ids: readonly string[]): Promise<HouseholdRecords[]> {
    const read = await this.storedHouseholds(ids);
    return read.map((r) => ({
      ...r,
      household: this.open('households', r.household),
      persons: r.persons.map((p) => this.open('persons', p)),
      tasks: r.tasks.map((t) => this.open('tasks', t)),
      visits: r.visits.map((v) => this.open('visits', v)),
    }));
  }

  private storedHouseholds(ids: readonly string[]): Promise<HouseholdRecords[]> {
    const tables: TableName[] = ['households', 'persons', 'tasks', 'visits', 'conflicts', 'rejected'];
    return this.readAll(
      tables,
      (tx) => {
        const under = <T>(table: TableName, id: string) =>
          answer<T[]>(tx.objectStore(table).index('householdId').getAll(id));
        const counted = (table: TableName, id: string) =>
          answer<number>(tx.objectStore(table).index('householdId').count(id));
        // Every request in flight at once: one round trip to the browser's storage.
        return Promise.all(
          ids.map(async (id) => {
            const [household, persons, tasks, visits, conflicts, rejected] = await Promise.all([
              answer<HouseholdRow | undefined>(tx.objectStore('households').get(id)),
              under<Person>('persons', id),
              under<Task>('tasks', id),
              under<Visit>('visits', id),
              counted('conflicts', id),
              counted('rejected', id),
            ]);
            return { household, persons, tasks, visits, conflicts, rejected };
          }),
        );
      },
      ids.map((): HouseholdRecords => ({
        household: undefined,
        persons: [],
        tasks: [],
        visits: [],
        conflicts: 0,
        rejected: 0,
      })),
    );
  }

  async villageRows(villageId: string): Promise<HouseholdRow[]> {
    const rows = await this.read(
      'households',
      (s) => answer<HouseholdRow[]>(s.index('villageId').getAll(villageId)),
      [],
    );
    // The whole village at once (the unlock's first list): opened in parallel, off the page's thread.
    return inListOrder(await fromStoredMany(this.options.lock, 'households', rows));
  }
}
