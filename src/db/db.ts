// The phone's database: Dexie over IndexedDB, with the four record tables, the outbox and a small
// metadata table. Every read and write of records stays inside src/db, so that encryption at rest
// (coming) changes this folder alone.
import Dexie, { type EntityTable } from 'dexie';
import type { Household, Person, Task, Visit } from '../domain/records.ts';
import { applyMigrations } from './migrations.ts';
import type { OutboxEntry } from './types.ts';

/** Local-only fields that feed the indexes: derived in the write path, never sent to the server. */
export interface HouseholdRow extends Household {
  /** Folded head name: the list's sort order within a village. */
  _sort: string;
  /** Folded words of head name, address, household code and every member's name: tone-blind search. */
  _words: string[];
}
export interface PersonRow extends Person {
  _villageId: string;
  _words: string[];
}
export interface TaskRow extends Task {
  _villageId: string;
}
export interface VisitRow extends Visit {
  _villageId: string;
}
export interface MetaRow {
  key: string;
  value: unknown;
}

export class NotebookDb extends Dexie {
  households!: EntityTable<HouseholdRow, 'id'>;
  persons!: EntityTable<PersonRow, 'id'>;
  tasks!: EntityTable<TaskRow, 'id'>;
  visits!: EntityTable<VisitRow, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  meta!: EntityTable<MetaRow, 'key'>;

  constructor(name: string, options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {}) {
    super(name, {
      ...options,
      // Chromium commits IndexedDB transactions "relaxed" by default: a killed tab may lose what was
      // acknowledged on screen. Strict durability flushes each commit to disk before it resolves.
      chromeTransactionDurability: 'strict',
    });
    applyMigrations(this);
  }
}

export const DEFAULT_DB_NAME = 'so06';

export function openNotebook(name = DEFAULT_DB_NAME): NotebookDb {
  return new NotebookDb(name);
}
