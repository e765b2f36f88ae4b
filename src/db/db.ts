// The phone's database: Dexie over IndexedDB, with the four record tables, the outbox and a small
// metadata table. Every read and write of records stays inside src/db: the rows of citizens' data are
// sealed and opened on their way to and from IndexedDB (crypto/, issue 16), below everything else.
import Dexie, { type EntityTable } from 'dexie';
import type { Entity, Person, Task, Visit } from '../domain/records.ts';
import type { ConflictRow, HouseholdRow, MetaRow, RejectedRow, ServerCopyRow } from './rows.ts';
import { DEFAULT_DB_NAME } from './db-name.ts';
import { DexieReads } from './dexie-reads.ts';
import { NotebookLock } from './crypto/notebook-lock.ts';
import { sealingMiddleware } from './crypto/sealing-middleware.ts';
import { applyMigrations } from './migrations.ts';
import { Notebook, type NotebookFactory } from './notebook.ts';
import type { NotebookReads, Readable } from './reads.ts';
import type { OutboxEntry } from './types.ts';

export {
  GAP_CARD,
  GAP_VNEID,
  type ConflictField,
  type ConflictRow,
  type HouseholdRow,
  type HouseholdSummary,
  type MetaRow,
  type RejectedRow,
  type ServerCopyRow,
} from './rows.ts';

export class NotebookDb extends Dexie implements Readable {
  households!: EntityTable<HouseholdRow, 'id'>;
  persons!: EntityTable<Person, 'id'>;
  tasks!: EntityTable<Task, 'id'>;
  visits!: EntityTable<Visit, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  meta!: EntityTable<MetaRow, 'key'>;
  serverCopies!: EntityTable<ServerCopyRow, 'id'>;
  conflicts!: EntityTable<ConflictRow, 'id'>;
  rejected!: EntityTable<RejectedRow, 'id'>;
  /** The first screen's reads (reads.ts), through Dexie: inside a transaction, they join it. */
  readonly reads: NotebookReads = new DexieReads(this);
  /** The IndexedDB it opens (a test's fake one, or the browser's). */
  readonly factory: NotebookFactory;
  /** Whether its rows are sealed, and the key while unlocked (plain unless one is given). */
  readonly lock: NotebookLock;

  constructor(name: string, options: Partial<NotebookFactory> & { lock?: NotebookLock } = {}) {
    const { lock, ...factory } = options;
    super(name, {
      ...factory,
      // Chromium commits IndexedDB transactions "relaxed" by default: a killed tab may lose what was
      // acknowledged on screen. Strict durability flushes each commit to disk before it resolves.
      chromeTransactionDurability: 'strict',
      // No live-query cache: the quick edits of write.ts are written past Dexie, which could not
      // update its cache (it drops entries only for other tabs' writes). Live queries read again.
      cache: 'disabled',
    });
    this.factory = {
      indexedDB: factory.indexedDB ?? indexedDB,
      IDBKeyRange: factory.IDBKeyRange ?? IDBKeyRange,
    };
    this.lock = lock ?? new NotebookLock('plain');
    this.use(sealingMiddleware(this.lock));
    applyMigrations(this);
  }
}

/**
 * Every table of the notebook: the scope of the transactions that may touch any of them (a server
 * answer with its rebase, a conflict's resolution, a sign-out's wipe). The review cache and settings
 * live in `meta`.
 */
export function notebookTables(db: NotebookDb) {
  return [
    db.households,
    db.persons,
    db.tasks,
    db.visits,
    db.outbox,
    db.meta,
    db.serverCopies,
    db.conflicts,
    db.rejected,
  ];
}

/** The table that holds records of `entity`. */
export function recordTable(db: NotebookDb, entity: Entity) {
  return { household: db.households, person: db.persons, task: db.tasks, visit: db.visits }[entity];
}

export { DEFAULT_DB_NAME };

export function openNotebook(name = DEFAULT_DB_NAME, lock?: NotebookLock): NotebookDb {
  return new NotebookDb(name, lock ? { lock } : {});
}

/** The app's handle on an already made notebook (a test's): its first screen reads it directly too. */
export function notebookOf(db: NotebookDb): Notebook {
  return new Notebook(db.name, () => Promise.resolve(db), db.factory, db.lock);
}
