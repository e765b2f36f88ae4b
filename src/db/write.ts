// The one write path of the phone: validate, write the record and append its outbox mutation in the
// same read-write transaction. Nothing else writes the record tables or the outbox (the server's answers enter
// through server-answers.ts beside it). Invariant: a record on the phone differs from the
// server's copy only by mutations that are still in the outbox. Field rules judge the values a write
// sets, never a value it keeps as stored (see judge), like the server's merge. They also normalise text
// (src/domain/text.ts): the record and its mutation hold the NFC, cleaned value, the one the server keeps.
// Only the entity's own field names are read from an input or copied into a record: a `__proto__` key in
// an input (JSON.parse makes it an own key) is dropped like any unknown key, never assigned.
import Dexie, { type Table } from 'dexie';
import {
  crossFieldIssues,
  FIELDS,
  isFieldName,
  PARTIAL_FIELDS,
  type Entity,
  type FieldsOf,
  type RecordOf,
} from '../domain/records.ts';
import { isBlankText } from '../domain/text.ts';
import { fieldProblems, type FieldProblem } from '../domain/validation.ts';
import { recordTable, type NotebookDb } from './db.ts';
import { fromStored, toStored } from './crypto/sealed-rows.ts';
import { announceWrites } from './dexie-reads.ts';
import { answer } from './raw-reads.ts';
import { addRecord, emptyRecordSet, FEEDS_HOUSEHOLD_ROW, putRecordRows, toRecord } from './record-rows.ts';
import type { OutboxEntry, WriteResult } from './types.ts';

/** The clock and id source, passed in so that tests decide them. */
export interface WriteOptions {
  now?: () => number;
  newId?: () => string;
  /**
   * The server version this edit was made on, when it is newer than the record's row: resolving a
   * conflict as "keep mine" answers the version the server reported, so it is not a conflict again.
   */
  baseVersion?: number;
}

const defaults = { now: () => Date.now(), newId: () => crypto.randomUUID() };

type AnyRow = Record<string, unknown> & {
  id: string;
  version: number;
  updatedAt?: string;
  updatedBy?: string;
};

/** Fields that may be left out of a record (and are cleared by `null` in a mutation). */
const OPTIONAL_KEYS: Record<Entity, ReadonlySet<string>> = Object.fromEntries(
  Object.entries(FIELDS).map(([entity, schema]) => [
    entity,
    new Set(
      Object.entries(schema.shape)
        .filter(([, s]) => s.safeParse(undefined).success)
        .map(([k]) => k),
    ),
  ]),
) as unknown as Record<Entity, ReadonlySet<string>>;

class Refused extends Error {
  constructor(readonly result: WriteResult<never>) {
    super('refused');
  }
}

/** What one write may touch: the record tables, the outbox and the server copy it keeps. */
const writeTables = (db: NotebookDb) => [
  db.households,
  db.persons,
  db.tasks,
  db.visits,
  db.outbox,
  db.serverCopies,
];

/** Create a record with a new id. `fields` must hold every required field of the entity. */
export function createRecord<E extends Entity>(
  db: NotebookDb,
  entity: E,
  fields: Record<string, unknown>,
  options: WriteOptions = {},
): Promise<WriteResult<RecordOf<E>>> {
  const { newId } = { ...defaults, ...options };
  return upsert(db, entity, newId(), fields, true, options);
}

/** Create a record under a given id: a rejected creation sent again keeps its id. */
export function recreateRecord<E extends Entity>(
  db: NotebookDb,
  entity: E,
  id: string,
  fields: Record<string, unknown>,
  options: WriteOptions = {},
): Promise<WriteResult<RecordOf<E>>> {
  return upsert(db, entity, id, fields, true, options);
}

/** Change some fields of an existing record. Unchanged values queue nothing. */
export function updateRecord<E extends Entity>(
  db: NotebookDb,
  entity: E,
  id: string,
  patch: Record<string, unknown>,
  options: WriteOptions = {},
): Promise<WriteResult<RecordOf<E>>> {
  return upsert(db, entity, id, patch, false, options);
}

/** What an edit of a stored row comes to: the record after it and the fields its mutation carries. */
interface Edit<E extends Entity> {
  record: RecordOf<E>;
  changed: Record<string, unknown>;
}

/** The record after `patch` (judged, or Refused), and the fields it changes (none: nothing to write). */
function applyPatch<E extends Entity>(
  entity: E,
  id: string,
  existing: AnyRow | undefined,
  patch: Record<string, unknown>,
  creating: boolean,
): Edit<E> & { fields: FieldsOf[E]; before: Record<string, unknown>; problems: FieldProblem[] } {
  if (!creating && !existing) throw new Refused({ ok: false, code: 'not_found' });
  if (creating && existing) throw new Refused(invalid([{ field: 'id', reason: 'invalid_value' }]));
  const before: Record<string, unknown> = existing ? toRecord(existing) : {};
  const fields = judge(entity, before, patch, creating);
  const problems = crossFieldIssues(entity, fields);
  const changed = changedFields(entity, before, fields as Record<string, unknown>, creating);
  const record = { ...(fields as object), id, version: existing ? existing.version : 0 } as RecordOf<E>;
  if (existing?.updatedAt !== undefined) record.updatedAt = existing.updatedAt;
  if (existing?.updatedBy !== undefined) record.updatedBy = existing.updatedBy;
  return { record, changed, fields, before, problems };
}

async function upsert<E extends Entity>(
  db: NotebookDb,
  entity: E,
  id: string,
  input: Record<string, unknown>,
  creating: boolean,
  options: WriteOptions,
): Promise<WriteResult<RecordOf<E>>> {
  const { now, newId } = { ...defaults, ...options };
  const patch = blankToNull(entity, input);
  if (!creating && quickUpdatable(entity, patch))
    return guard(() => quickUpdate(db, entity, id, patch, options));
  return guard(() =>
    db.transaction('rw', writeTables(db), async () => {
      const table = recordTable(db, entity);
      // The row and its kept server state in one round trip to storage (a phone pays each one).
      const [existing, copy] = await Promise.all([
        table.get(id) as Promise<AnyRow | undefined>,
        db.serverCopies.get(id),
      ]);
      const edit = applyPatch(entity, id, existing, patch, creating);
      const { record, changed } = edit;
      const problems = [...edit.problems, ...(await referenceIssues(db, entity, edit.fields, edit.before))];
      if (problems.length) throw new Refused(invalid(problems));
      if (Object.keys(changed).length === 0) return { ok: true as const, record };

      const base = Math.max(record.version, options.baseVersion ?? 0);
      await Promise.all([
        existing && !copy && keepServerCopy(db, entity, existing),
        putRow(db, entity, record, existing, changed),
        db.outbox.add(mutation(newId(), entity, id, 'upsert', base, changed, now())),
      ]);
      return { ok: true as const, record };
    }),
  );
}

/** Delete a record: it leaves the phone at once, and a tombstone mutation is queued for the server. */
export function deleteRecord(
  db: NotebookDb,
  entity: Entity,
  id: string,
  options: WriteOptions = {},
): Promise<WriteResult<{ id: string }>> {
  const { now, newId } = { ...defaults, ...options };
  return guard(() =>
    db.transaction('rw', writeTables(db), async () => {
      const table = recordTable(db, entity);
      const existing = (await table.get(id)) as AnyRow | undefined;
      if (!existing) throw new Refused({ ok: false, code: 'not_found' });
      if (!(await db.serverCopies.get(id))) await keepServerCopy(db, entity, existing);
      await table.delete(id);
      if (entity === 'household') {
        // What hangs under a household goes with it, as the server's tombstone takes it too.
        await db.persons.where('householdId').equals(id).delete();
        await db.tasks.where('householdId').equals(id).delete();
        await db.visits.where('householdId').equals(id).delete();
      } else {
        // The household's row summarises its members, tasks and visits: one fewer now.
        await putRecordRows(db, emptyRecordSet(), [String(existing.householdId)]);
      }
      await db.outbox.add(mutation(newId(), entity, id, 'delete', existing.version, {}, now()));
      return { ok: true as const, record: { id } };
    }),
  );
}

/** The store each child entity lives in. */
const CHILD_STORES = { person: 'persons', task: 'tasks', visit: 'visits' } as const;

/**
 * Whether an update can take the quick path: a member's, task's or visit's, setting no field that its
 * household's row derives from (FEEDS_HOUSEHOLD_ROW) and no reference (a task's person): a note, a
 * phone number, an ID number. Decided from the patch alone, before reading anything.
 */
function quickUpdatable(entity: Entity, patch: Record<string, unknown>): entity is keyof typeof CHILD_STORES {
  if (entity === 'household' || Object.hasOwn(patch, 'personId')) return false;
  return !FEEDS_HOUSEHOLD_ROW[entity].some((f) => Object.hasOwn(patch, f));
}

/**
 * The quick path of an update (quickUpdatable): the same reads, rules and writes as below (the row and
 * its kept server copy read, the row, the copy and the outbox entry written in one strict read-write
 * transaction), with plain IndexedDB requests instead of Dexie's: Dexie's per-request machinery was
 * most of an edit's time (measured: p95 5–6 ms against 2–2.5 ms for the same requests). The write is
 * announced as Dexie announces its own (dexie-reads.ts, announceWrites), so the screens, Dexie's live
 * queries and the other tabs see it. Rows are sealed and opened here as Dexie's middleware does
 * (crypto/sealed-rows.ts).
 */
async function quickUpdate<E extends keyof typeof CHILD_STORES>(
  db: NotebookDb,
  entity: E,
  id: string,
  patch: Record<string, unknown>,
  options: WriteOptions,
): Promise<WriteResult<RecordOf<E>>> {
  const { now, newId } = { ...defaults, ...options };
  if (!db.isOpen()) await db.open();
  const store = CHILD_STORES[entity];
  const tx = db.backendDB().transaction([store, 'serverCopies', 'outbox'], 'readwrite', {
    durability: 'strict',
  });
  const committed = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
  let outcome: { result: WriteResult<RecordOf<E>>; seq?: IDBValidKey; copied: boolean };
  try {
    // Every request of the transaction is made from the answers' callbacks (awaits of request
    // answers only), so the transaction stays active from the first read to the last write.
    const [stored, copy] = await Promise.all([
      answer<AnyRow | undefined>(tx.objectStore(store).get(id)),
      answer<unknown>(tx.objectStore('serverCopies').get(id)),
    ]);
    const existing = fromStored(db.lock, store, stored);
    const edit = applyPatch(entity, id, existing, patch, false);
    if (edit.problems.length) throw new Refused(invalid(edit.problems));
    const { record, changed } = edit;
    if (Object.keys(changed).length === 0) outcome = { result: { ok: true, record }, copied: false };
    else {
      const copied = existing!.version > 0 && copy === undefined;
      if (copied) {
        const { id: _, version, ...data } = toRecord(existing!);
        tx.objectStore('serverCopies').put(toStored(db.lock, 'serverCopies', { id, entity, version, data }));
      }
      tx.objectStore(store).put(toStored(db.lock, store, record));
      const base = Math.max(record.version, options.baseVersion ?? 0);
      const entry = mutation(newId(), entity, id, 'upsert', base, changed, now());
      const added = answer<IDBValidKey>(
        tx.objectStore('outbox').add(toStored(db.lock, 'outbox', { ...entry })),
      );
      // The last request is made: commit now, with the writes, rather than a round trip later once
      // their answers have come back to this page (IDBTransaction.commit; older browsers commit when
      // the answers are handled, as before). A write that fails still aborts the whole transaction.
      tx.commit?.();
      outcome = { result: { ok: true, record }, seq: await added, copied };
    }
  } catch (error) {
    // Nothing of a refused or failed write may land: abort what was asked of the transaction.
    try {
      tx.abort();
    } catch {
      // Already finished (a request failed and took it down).
    }
    committed.catch(() => undefined);
    throw error;
  }
  await committed;
  if (outcome.seq !== undefined) {
    announceWrites(db, [
      { table: store, keys: [id] },
      { table: 'outbox', keys: [outcome.seq] },
      ...(outcome.copied ? [{ table: 'serverCopies', keys: [id] }] : []),
    ]);
  }
  return outcome.result;
}

/**
 * Before the first pending edit of a record the server knows (one with no copy kept yet), keep the
 * server's state of it: until then its row is that state (server-answers.ts keeps no copy of a settled
 * record), and a rebase or a refused edit needs it back. A record new here (version 0) has none.
 */
async function keepServerCopy(db: NotebookDb, entity: Entity, existing: AnyRow): Promise<void> {
  if (existing.version === 0) return;
  const { id, version, ...data } = toRecord(existing);
  await db.serverCopies.put({ id, entity, version, data });
}

function mutation(
  id: string,
  entity: Entity,
  entityId: string,
  op: 'upsert' | 'delete',
  baseVersion: number,
  fields: Record<string, unknown>,
  now: number,
): OutboxEntry {
  return { id, entity, entityId, op, baseVersion, fields, clientTime: new Date(now).toISOString() };
}

/**
 * Write the row through the same writer as the server's answers, so that the households' derived fields
 * (search words, list summary) have one definition. A member, task or visit moved to another household
 * leaves its old household's row to be rebuilt too.
 */
async function putRow(
  db: NotebookDb,
  entity: Entity,
  record: RecordOf<Entity>,
  existing: AnyRow | undefined,
  changed: Record<string, unknown>,
) {
  // A change its household's row does not derive from (a note, a phone number): the row alone.
  if (
    entity !== 'household' &&
    existing &&
    !FEEDS_HOUSEHOLD_ROW[entity].some((f) => Object.hasOwn(changed, f))
  )
    return (recordTable(db, entity) as Table<RecordOf<Entity>, string>).put(record);
  const movedFrom =
    entity !== 'household' &&
    existing &&
    existing.householdId !== (record as { householdId: string }).householdId
      ? [String(existing.householdId)]
      : [];
  await putRecordRows(db, addRecord(emptyRecordSet(), entity, record), movedFrom);
}

/**
 * The record's fields after this write, or Refused with the problems of the values it sets. A creation
 * is judged whole by FIELDS; an update judges only the fields whose value it changes, and keeps the
 * others as stored. Invariant: a value kept as stored is never judged again by a field rule (the
 * server's merge does the same), so a record stored under an older or looser rule (an ID number whose
 * province code is not in the list, a date that was "today" on a clock a day ahead) can still be edited
 * in its other fields; writing such a value anew is refused. Cross-field rules judge the whole record.
 */
function judge<E extends Entity>(
  entity: E,
  before: Record<string, unknown>,
  patch: Record<string, unknown>,
  creating: boolean,
): FieldsOf[E] {
  if (creating) {
    const whole = dropNulls(patch);
    const parsed = FIELDS[entity].safeParse(whole);
    if (!parsed.success) throw new Refused(invalid(fieldProblems(parsed.error, whole)));
    return parsed.data as FieldsOf[E];
  }
  const changing = Object.fromEntries(
    Object.entries(fieldsOnly(entity, patch)).filter(([k, v]) => v !== (before[k] ?? null)),
  );
  const parsed = PARTIAL_FIELDS[entity].safeParse(changing);
  if (!parsed.success) throw new Refused(invalid(fieldProblems(parsed.error, changing)));
  // A required field cannot be cleared (null fails its rule above), so the record stays whole.
  return dropNulls({ ...fieldsOnly(entity, before), ...parsed.data }) as FieldsOf[E];
}

/**
 * Persons, tasks and visits must hang under a household on this phone; a task's person in it. Like
 * every field rule, only a reference the write sets anew is judged (see judge()): a status tap on a
 * member does not read its household again, one round trip to storage less per edit.
 */
async function referenceIssues(
  db: NotebookDb,
  entity: Entity,
  fields: unknown,
  before: Record<string, unknown>,
): Promise<FieldProblem[]> {
  if (entity === 'household') return [];
  const f = fields as { householdId: string; personId?: string | null };
  if (f.householdId === before.householdId && (f.personId ?? null) === (before.personId ?? null)) return [];
  if (!(await db.households.get(f.householdId))) {
    return [{ field: 'householdId', reason: 'invalid_reference' }];
  }
  if (entity === 'task' && f.personId) {
    const person = await db.persons.get(f.personId);
    if (!person || person.householdId !== f.householdId) {
      return [{ field: 'personId', reason: 'invalid_reference' }];
    }
  }
  return [];
}

/** Only the entity's own fields (no id, version or local `_` fields), own properties only. */
function fieldsOnly(entity: Entity, record: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(FIELDS[entity].shape);
  return Object.fromEntries(
    keys.filter((k) => Object.hasOwn(record, k) && record[k] !== undefined).map((k) => [k, record[k]]),
  );
}

/**
 * The entity's own fields of an input; a blank optional input means "no value": `null`, which clears the
 * field. Blank as a person sees it: a note of only a zero-width space clears the note (text.ts).
 */
function blankToNull(entity: Entity, input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input)
      .filter(([k]) => isFieldName(entity, k))
      .map(([k, v]) => [
        k,
        OPTIONAL_KEYS[entity].has(k) && typeof v === 'string' && isBlankText(v) ? null : v,
      ]),
  );
}

/** Own properties only, as Object.fromEntries makes them (never a prototype set by `__proto__`). */
function dropNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

/**
 * The fields a mutation must carry: on creation every field; on update those whose value changed,
 * a cleared optional field as `null`.
 */
function changedFields(
  entity: Entity,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  creating: boolean,
): Record<string, unknown> {
  if (creating) return { ...after };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(FIELDS[entity].shape)) {
    const was = before[key] ?? null;
    const now = after[key] ?? null;
    if (was !== now) out[key] = now;
  }
  return out;
}

function invalid(issues: FieldProblem[]): WriteResult<never> {
  return { ok: false, code: 'invalid', issues };
}

/** Expected refusals become values; storage failures (quota, a closed database) become `storage`. */
async function guard<T>(run: () => Promise<WriteResult<T>>): Promise<WriteResult<T>> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Refused) return error.result;
    const name = error instanceof Dexie.DexieError || error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'storage', message: `${name}: ${message}` };
  }
}
