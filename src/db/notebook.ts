// The notebook as the app holds it from its first line: its first screen is read with plain IndexedDB
// (raw-reads.ts), and Dexie, with the schema, the write path and everything behind the first screen,
// loads when first asked for (right after the first screen, or at once when the notebook must be
// created or upgraded). Dexie is half of the first screen's JavaScript: a phone shows the list
// without having to parse it.
import { NotebookLock } from './crypto/notebook-lock.ts';
import type { NotebookDb } from './db.ts';
import { DEFAULT_DB_NAME } from './db-name.ts';
import { RawReads } from './raw-reads.ts';
import type { NotebookReads, Readable, TableChanges } from './reads.ts';

export interface NotebookFactory {
  indexedDB: IDBFactory;
  IDBKeyRange: typeof IDBKeyRange;
}

export class Notebook implements Readable {
  readonly reads: NotebookReads;
  private db: Promise<NotebookDb> | undefined;
  private readonly listeners = new Set<(changes: TableChanges) => void>();

  constructor(
    readonly name: string,
    private readonly load: () => Promise<NotebookDb>,
    factory: NotebookFactory = { indexedDB, IDBKeyRange },
    /** Whether the rows are sealed, and the key while unlocked: Dexie's notebook must share it. */
    readonly lock: NotebookLock = new NotebookLock('plain'),
  ) {
    this.reads = new RawReads(name, {
      factory: factory.indexedDB,
      lock,
      openWithDexie: () => this.open(),
      onChange: (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
    });
  }

  /**
   * Dexie's notebook, open (created or upgraded as needed). Writes go only through it, so nothing
   * is written in this tab before it has loaded: from then on it announces every write, this tab's
   * and other tabs'. A write another tab of the app makes in the moment before this tab's Dexie has
   * loaded is not announced here (Dexie carries those between tabs); this tab's screens show it at
   * their next read.
   */
  open(): Promise<NotebookDb> {
    const opening = (this.db ??= this.load().then(async (db) => {
      await db.open();
      db.reads.onChange((changes) => {
        for (const listener of this.listeners) listener(changes);
      });
      return db;
    }));
    // A failed load (its code missing offline, storage gone) is tried again at the next call.
    opening.catch(() => {
      if (this.db === opening) this.db = undefined;
    });
    return opening;
  }
}

/**
 * The app's notebook: Dexie's code loads on first use. It starts locked: the app unlocks it, or finds
 * it plain (from before its PIN) and seals it (crypto/).
 */
export function lazyNotebook(name = DEFAULT_DB_NAME): Notebook {
  const lock = new NotebookLock('locked');
  return new Notebook(
    name,
    () => import('./db.ts').then(({ openNotebook }) => openNotebook(name, lock)),
    { indexedDB, IDBKeyRange },
    lock,
  );
}
