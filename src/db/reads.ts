// The reads the first screen needs (the shell's settings, the list, its badges, the header's counts),
// as an interface apart from Dexie: the app's first screen reads IndexedDB directly (raw-reads.ts) and
// only loads Dexie, about half of its JavaScript, for what comes next (notebook.ts). Dexie's notebook
// offers the same reads (db.ts), so the code behind a screen takes either.
import type { Person, Task, Visit } from '../domain/records.ts';
import type { HouseholdRow } from './rows.ts';

export type TableName =
  | 'households'
  | 'persons'
  | 'tasks'
  | 'visits'
  | 'outbox'
  | 'meta'
  | 'serverCopies'
  | 'conflicts'
  | 'rejected';

/**
 * What one committed write touched, per table: the primary keys it wrote or deleted, or null when it
 * named a range (a table cleared) or more keys than are worth listing.
 */
export type TableChanges = ReadonlyMap<string, readonly IDBValidKey[] | null>;

export interface NotebookReads {
  /** The IndexedDB database's name. */
  readonly name: string;
  get<T>(table: TableName, key: IDBValidKey): Promise<T | undefined>;
  getMany<T>(table: TableName, keys: readonly IDBValidKey[]): Promise<(T | undefined)[]>;
  all<T>(table: TableName): Promise<T[]>;
  count(table: TableName): Promise<number>;
  /** A village's household rows in list order (folded head name, then id): its index's range. */
  villageRows(villageId: string): Promise<HouseholdRow[]>;
  /** Households with everything under them, all read in one transaction. */
  households(ids: readonly string[]): Promise<HouseholdRecords[]>;
  /**
   * Calls `listener` after every committed write to the notebook, this tab's and other tabs', outside
   * any transaction. Answers the unsubscribe.
   */
  onChange(listener: (changes: TableChanges) => void): () => void;
}

/** A household's row and everything under it, as the household screen shows it. */
export interface HouseholdRecords {
  household: HouseholdRow | undefined;
  persons: Person[];
  tasks: Task[];
  visits: Visit[];
  /** How many conflicts and rejected edits of the household wait for the volunteer. */
  conflicts: number;
  rejected: number;
}

/** The notebook as the first screen knows it (Notebook, before and after Dexie) or Dexie's NotebookDb. */
export interface Readable {
  readonly reads: NotebookReads;
}
