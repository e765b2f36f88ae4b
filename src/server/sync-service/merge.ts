// The merge of one upsert into a record's stored state: a pure function (no I/O, no clock), so that
// every rule of SYNC-API.md "Push" that lives here can be table-tested.
//
// Invariants:
// - [P8] a field conflicts iff another device wrote it after `baseVersion` (its field version > baseVersion
//   and that write's writer ≠ this writer) AND the stored value differs from the one sent. A writer is
//   a device AND the user signed in on it: a volunteer who signs in under another phone's id is not
//   that phone's owner, and gets the other phone's edits as conflicts (field versions written before
//   users were recorded name only the device, and are judged by it);
// - conflicting fields are not written, the other sent fields are ([P8]);
// - [P10] a field sent equal to the stored value is not a change; the version goes up by one only when
//   at least one field is written ([R1]);
// - every value a mutation writes satisfies its rule in FIELDS[entity], and after the merge the whole
//   record satisfies crossFieldIssues, or nothing is written;
// - [R8] a value kept as stored (not sent, or sent equal to the stored one) is not judged again by its field
//   rule: records stored under an older, looser rule (an ID number with an unlisted province) must stay
//   editable in their other fields. Writing such a value anew is refused;
// - field rules also normalise text (src/domain/text.ts: NFC, invisible and bidi controls stripped), and
//   a sent value is compared with the stored one AFTER its rule: a name resent in NFD, or with a
//   zero-width space, is the stored name, so it is neither a change nor a conflict ([R11]);
// - only the entity's own field names are ever read from `fields` or written into a record: a
//   `__proto__`, `constructor` or `prototype` key is an unknown field like any other (step 2), never an
//   assignment that swaps an object's prototype ([R13]).
import type { Entity } from '../../domain/enums.ts';
import {
  crossFieldIssues,
  FIELDS,
  isFieldName,
  PARTIAL_FIELDS,
  type FieldsOf,
} from '../../domain/records.ts';
import { describeProblems, fieldProblems } from '../../domain/validation.ts';

export interface FieldVersion {
  /** The record version that last wrote the field. */
  v: number;
  /** The device that wrote it. */
  device: string;
  /** The user signed in on that device (absent on field versions written before it was recorded). */
  user?: string;
}

/** Fields are kept without nulls: a field cleared by `null` is absent from `data`. */
export interface RecordState {
  version: number;
  data: Record<string, unknown>;
  fieldVersions: Record<string, FieldVersion>;
  deleted: boolean;
}

export interface UpsertInput {
  entity: Entity;
  baseVersion: number;
  fields: Record<string, unknown>;
  /** The device of the session's token, never the body's. */
  device: string;
  /** The session's user. */
  user: string;
}

/** [P9] The same writer: the same device and, where it was recorded, the same user on it. */
function sameWriter(fv: FieldVersion, input: UpsertInput): boolean {
  return fv.device === input.device && (fv.user === undefined || fv.user === input.user);
}

export interface FieldConflict {
  field: string;
  server: unknown;
  client: unknown;
}

export interface FieldChange {
  old: unknown;
  new: unknown;
}

export type MergeDecision =
  | { kind: 'rejected'; code: 'invalid' | 'not_found' | 'deleted'; message: string }
  /** Nothing to write: every sent field equals the stored one or conflicts. */
  | { kind: 'unchanged'; version: number; conflicts: FieldConflict[] }
  | {
      kind: 'write';
      created: boolean;
      next: RecordState;
      written: string[];
      conflicts: FieldConflict[];
      changes: Record<string, FieldChange>;
    };

const invalid = (message: string): MergeDecision => ({ kind: 'rejected', code: 'invalid', message });

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

/** Drops absent and null fields: the stored shape of a record's data (own properties only). */
function compact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null));
}

export function mergeUpsert(stored: RecordState | null, input: UpsertInput): MergeDecision {
  const schema = FIELDS[input.entity];
  // 1. A tombstone stays a tombstone ([P13]).
  if (stored?.deleted) return { kind: 'rejected', code: 'deleted', message: 'the record was deleted' };

  // 2. Unknown field names are refused ([R13]), not silently dropped: an old or buggy phone should
  // hear of it.
  // `fields` keeps a `__proto__` key sent in the JSON as an own key (sync-protocol.ts): refused here.
  const unknown = Object.keys(input.fields).filter((f) => !isFieldName(input.entity, f));
  if (unknown.length > 0) return invalid(`unknown field: ${unknown.join(', ')}`);

  // 3. Creation: baseVersion 0 of an unknown id, carrying every required field, at version 1 ([P11], [R1],
  //    [R2]); a field rule broken is `invalid` with `field: reason` pairs ([R14]).
  if (stored === null) {
    if (input.baseVersion > 0) {
      return {
        kind: 'rejected',
        code: 'not_found',
        message: `no record with baseVersion ${input.baseVersion}`,
      };
    }
    const parsed = schema.safeParse(input.fields);
    if (!parsed.success) return invalid(describeProblems(fieldProblems(parsed.error, input.fields)));
    const data = compact(parsed.data as Record<string, unknown>);
    const cross = crossFieldIssues(input.entity, data as FieldsOf[typeof input.entity]);
    if (cross.length > 0) return invalid(describeProblems(cross));
    const fieldVersions: Record<string, FieldVersion> = {};
    const changes: Record<string, FieldChange> = {};
    for (const [k, v] of Object.entries(data)) {
      fieldVersions[k] = { v: 1, device: input.device, user: input.user };
      changes[k] = { old: null, new: v };
    }
    return {
      kind: 'write',
      created: true,
      next: { version: 1, data, fieldVersions, deleted: false },
      written: Object.keys(data),
      conflicts: [],
      changes,
    };
  }

  // 4. Update (also a create of an existing id, with base 0): any subset ([P11]), null clears an optional
  // field ([R4]).
  // Field rules judge the values sent that differ from the stored ones; a value sent as stored is kept
  // as stored, unjudged (see the invariants above). A value that differs only before its rule (NFD of
  // a stored NFC name) is judged, normalised, then found equal in step 5.
  const judged = Object.fromEntries(
    Object.entries(input.fields).filter(([field, v]) => !same(v ?? null, stored.data[field] ?? null)),
  );
  const parsed = PARTIAL_FIELDS[input.entity].safeParse(judged);
  if (!parsed.success) return invalid(describeProblems(fieldProblems(parsed.error, judged)));
  const sent = parsed.data as Record<string, unknown>;

  // 5. Field by field, in the order sent: skip equal values ([P10], [R11]), hold back conflicts ([P8]),
  // write the rest.
  const nextVersion = stored.version + 1;
  const data = { ...stored.data };
  const fieldVersions = { ...stored.fieldVersions };
  const written: string[] = [];
  const conflicts: FieldConflict[] = [];
  const changes: Record<string, FieldChange> = {};
  for (const field of Object.keys(judged)) {
    const client = sent[field] ?? null;
    const server = stored.data[field] ?? null;
    if (same(client, server)) continue;
    const fv = stored.fieldVersions[field];
    if (fv && fv.v > input.baseVersion && !sameWriter(fv, input)) {
      conflicts.push({ field, server, client });
      continue;
    }
    if (client === null) delete data[field];
    else data[field] = client;
    fieldVersions[field] = { v: nextVersion, device: input.device, user: input.user };
    changes[field] = { old: server, new: client };
    written.push(field);
  }
  if (written.length === 0) return { kind: 'unchanged', version: stored.version, conflicts };

  // 6. The cross-field rules over the merged record as a whole ([R5]: e.g. a card issued before the birth
  // date now recorded). Its fields are the stored ones and those judged in step 4: none is judged again.
  const problems = crossFieldIssues(input.entity, data as FieldsOf[typeof input.entity]);
  if (problems.length > 0) return invalid(describeProblems(problems));

  return {
    kind: 'write',
    created: false,
    next: { version: nextVersion, data, fieldVersions, deleted: false },
    written,
    conflicts,
    changes,
  };
}
