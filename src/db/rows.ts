// The rows of the notebook's tables as IndexedDB holds them, apart from Dexie (db.ts): the first
// screen reads them without loading Dexie (raw-reads.ts), and the types cost nothing at run time.
import type { CccdStatus, TaskKind, VneidStatus } from '../domain/enums.ts';
import type { Entity, Household } from '../domain/records.ts';

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
  /**
   * What the campaigns' rules judge (issue 17, domain/work-list.ts), so that the work list reads the
   * village index in memory and no member, task or visit. Absent from rows written before it existed:
   * the work list reads those households' records instead (db/campaigns.ts).
   */
  work?: WorkSummary;
}

/**
 * Per member `[id, birthDate, cccdStatus, cccdIssuedOn or '', vneidStatus, has a phone 1/0]`; the
 * open tasks `[id, kind]`; the latest day of a `met` visit, or ''. Tuples: it is kept with every
 * household, and the notebook's size is a budget (issue 14).
 */
export interface WorkSummary {
  persons: [
    id: string,
    birthDate: string,
    cccd: CccdStatus,
    cccdIssuedOn: string,
    vneid: VneidStatus,
    phone: 0 | 1,
  ][];
  openTasks: [id: string, kind: TaskKind][];
  lastMet: string;
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
