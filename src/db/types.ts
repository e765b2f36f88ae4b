// The shapes the phone's storage hands to the rest of the app. Rows in IndexedDB carry a few derived,
// local-only fields (prefixed `_`) for the indexes; they never leave `src/db`.
import type { Entity, Household, Person, RecordOf, Task, Visit } from '../domain/records.ts';
import type { Mutation } from '../domain/sync-protocol.ts';
import type { FieldProblem } from '../domain/validation.ts';

/** Why a write was refused. `issues` names each bad field with a reason code the UI translates. */
export type WriteError =
  { code: 'invalid'; issues: FieldIssue[] } | { code: 'not_found' } | { code: 'storage'; message: string };

export type WriteResult<T> = { ok: true; record: T } | ({ ok: false } & WriteError);

/** One field's problem, with a reason code from the domain's closed list. */
export type FieldIssue = FieldProblem;

/** An outbox row: the push mutation of SYNC-API.md plus its place in the queue. */
export interface OutboxEntry extends Mutation {
  /** Auto-increment order of the queue: mutations are pushed in this order. */
  seq?: number;
}

export interface HouseholdFilters {
  /** Has a member aged 14+ whose card is not issued. */
  noCard?: boolean;
  /** Has a member aged 14+ without an active VNeID level-2 account. */
  noVneid?: boolean;
  /** Has an open data-cleaning task. */
  openTasks?: boolean;
  /** Has no visit with outcome `met`. */
  notVisited?: boolean;
}

export interface HouseholdListQuery {
  villageId: string;
  /** Free text, matched tone-blind against head name, members' names, address and household code. */
  text?: string;
  filters?: HouseholdFilters;
  offset?: number;
  limit?: number;
  /** `YYYY-MM-DD` in Vietnam: who is 14+ depends on it. */
  today: string;
}

/** A row of the household list: the household and the gaps to show as badges. */
export interface HouseholdListRow {
  household: Household;
  members: number;
  noCard: number;
  noVneid: number;
  openTasks: number;
  visited: boolean;
}

export interface HouseholdPage {
  total: number;
  rows: HouseholdListRow[];
}

export interface VillageProgress {
  households: number;
  householdsVisited: number;
  persons14plus: number;
  cccdIssued14plus: number;
  vneidLevel2Active14plus: number;
}

export interface HouseholdDetail {
  household: Household;
  persons: Person[];
  tasks: Task[];
  visits: Visit[];
}

export type { Entity, RecordOf };
