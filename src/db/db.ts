// The phone's database: Dexie over IndexedDB, with the four record tables, the outbox and a small
// metadata table. Every read and write of records stays inside src/db, so that encryption at rest
// (coming) changes this folder alone.
import Dexie, { type EntityTable } from 'dexie';
import type { Entity, Household, Person, Task, Visit } from '../domain/records.ts';
import { DEFAULT_DB_NAME } from './db-name.ts';
import { applyMigrations } from './migrations.ts';
import type { OutboxEntry } from './types.ts';

/**
 * What the household's list row, its filters and the village's progress line need of its members,
 * tasks and visits, kept with the household by the write path (record-rows.ts) so that a keystroke
 * reads no member, task or visit. Ages are not stored: who is 14+ depends on the day, so each member's
 * birth date is kept and compared with the day's cutoff when read.
 */
export interface HouseholdSummary {
  /** One entry per member: birth date and gaps (GAP_CARD: no card issued, GAP_VNEID: not level 2). */
  members: [birthDate: string, gaps: number][];
  openTasks: number;
  /** A visit with outcome `met`. */
  visited: boolean;
}
export const GAP_CARD = 1;
export const GAP_VNEID = 2;

/** Local-only fields derived in the write path, never sent to the server. */
export interface HouseholdRow extends Household {
  /** Folded head name: the list's sort order within a village. */
  _sort: string;
  /** Folded words of head name, address, household code and every member's name: tone-blind search. */
  _words: string[];
  _summary: HouseholdSummary;
}

/** The last state the server sent of one record (its `data` holds every field). */
export interface ServerCopyRow {
  id: string;
  entity: Entity;
  version: number;
  data: Record<string, unknown>;
}

/** One field of a conflict: the same shape as on the wire. */
export interface ConflictField {
  field: string;
  client: unknown;
  server: unknown;
}

/**
 * A push answered `conflict`: the fields the server kept, each with its two sides under the wire's
 * names (SYNC-API.md [P8]): `client`, this phone's value, and `server`, the value the server kept.
 */
export interface ConflictRow {
  /** The mutation's id. */
  id: string;
  entity: Entity;
  entityId: string;
  /** The household it belongs to (itself for a household): the badge on the list. */
  householdId: string;
  fields: ConflictField[];
  /** The record's version on the server when it answered. */
  version: number;
  at: string;
}

/** A push answered `rejected`: the edit, and the server's reason, until fixed and resent or discarded. */
export interface RejectedRow {
  id: string;
  entity: Entity;
  entityId: string;
  householdId: string;
  op: 'upsert' | 'delete';
  fields: Record<string, unknown>;
  code: string;
  message: string;
  at: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export class NotebookDb extends Dexie {
  households!: EntityTable<HouseholdRow, 'id'>;
  persons!: EntityTable<Person, 'id'>;
  tasks!: EntityTable<Task, 'id'>;
  visits!: EntityTable<Visit, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  meta!: EntityTable<MetaRow, 'key'>;
  serverCopies!: EntityTable<ServerCopyRow, 'id'>;
  conflicts!: EntityTable<ConflictRow, 'id'>;
  rejected!: EntityTable<RejectedRow, 'id'>;

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

export function openNotebook(name = DEFAULT_DB_NAME): NotebookDb {
  return new NotebookDb(name);
}
