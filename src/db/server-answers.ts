// Where the server's answers enter the phone: pulled pages (with rebase of pending edits), push
// results (acknowledged, conflicting or rejected mutations) and whole records (initial loads).
// Invariant kept by every function here: a record's row = its local view (local-view.ts), the
// server's last state of it + the fields of its mutations still in the outbox, in queue order. The
// server's state is kept apart (serverCopies) only while the record has mutations in the outbox (the
// write path keeps it at the first one: write.ts); a settled record's row is the server's state, and
// keeps no second copy of itself on the phone. Each function runs in one transaction, so a killed tab
// leaves the phone either before or after an answer, never half-way. Field values are copied only
// under the entity's own field names (isFieldName): a `__proto__` key in a mutation or an answer is
// never assigned.
import {
  isFieldName,
  type Entity,
  type Household,
  type Person,
  type Task,
  type Visit,
} from '../domain/records.ts';
import type { Change, MutationResult } from '../domain/sync-protocol.ts';
import {
  notebookTables,
  recordTable,
  type ConflictRow,
  type NotebookDb,
  type RejectedRow,
  type ServerCopyRow,
} from './db.ts';
import { localView } from './local-view.ts';
import { addRecord, emptyRecordSet, householdsLeft, putRecordRows, type RecordSet } from './record-rows.ts';
import { CURSOR_KEY, FIRST_PULL_KEY } from './pull-state.ts';
import type { OutboxEntry } from './types.ts';

/** Pending mutations of these records, in queue order. */
async function pendingOf(db: NotebookDb, ids: readonly string[]): Promise<Map<string, OutboxEntry[]>> {
  const out = new Map<string, OutboxEntry[]>();
  if ((await db.outbox.count()) === 0) return out;
  const entries = await db.outbox
    .where('entityId')
    .anyOf([...ids])
    .toArray();
  entries.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  for (const e of entries) out.set(e.entityId, [...(out.get(e.entityId) ?? []), e]);
  return out;
}

/**
 * Delete these records' rows; the households they hung under are returned, for their rows (search words,
 * list summary) to be rebuilt.
 */
async function deleteRows(
  db: NotebookDb,
  gone: readonly { entity: Entity; id: string }[],
): Promise<string[]> {
  const refresh: string[] = [];
  for (const { entity, id } of gone) {
    const table = recordTable(db, entity);
    const row = (await table.get(id)) as { householdId?: string } | undefined;
    if (entity !== 'household' && row?.householdId) refresh.push(row.householdId);
    await table.delete(id);
  }
  return refresh;
}

/** Remove records (and, for households, what hangs under them) from the phone's view and copies. */
async function removeRecords(db: NotebookDb, gone: { entity: Entity; id: string }[]): Promise<string[]> {
  const refresh = await deleteRows(db, gone);
  for (const { entity, id } of gone) {
    await db.serverCopies.delete(id);
    if (entity === 'household') {
      for (const t of [db.persons, db.tasks, db.visits] as const) {
        const ids = (await t.where('householdId').equals(id).primaryKeys()) as string[];
        await t.bulkDelete(ids);
        await db.serverCopies.bulkDelete(ids);
      }
    }
  }
  return refresh;
}

/** Rebuild the rows of these records from their server copies and pending edits. */
async function rebuild(db: NotebookDb, targets: { entity: Entity; id: string }[]): Promise<void> {
  const ids = targets.map((t) => t.id);
  const [copies, pending] = await Promise.all([db.serverCopies.bulkGet(ids), pendingOf(db, ids)]);
  const put: RecordSet = emptyRecordSet();
  const gone: { entity: Entity; id: string }[] = [];
  targets.forEach(({ entity, id }, i) => {
    const view = localView(copies[i], pending.get(id) ?? []);
    if (view) addRecord(put, entity, view);
    else gone.push({ entity, id });
  });
  // A record gone from this view keeps no copy only when the server deleted it; here the server
  // still has it (or never had it), so only the row goes.
  const left = await householdsLeft(db, put);
  await putRecordRows(db, put, [...left, ...(await deleteRows(db, gone))]);
}

/**
 * Apply one pulled page and its cursor together. Records with pending edits are rebased: the server's
 * state, then the pending fields again. Tombstones remove the record and what hangs under it.
 * `hasMore` is the server's word that pages follow: the first pull is done with the first page
 * that has none after it (written in the same transaction as that page: [PL9]). The rebase keeps every
 * edit not yet acknowledged on top of the server's records ([PL10]).
 */
export async function applyPullPage(
  db: NotebookDb,
  changes: readonly Change[],
  cursor: string | null,
  hasMore = false,
): Promise<void> {
  await db.transaction('rw', notebookTables(db), async () => {
    const gone = changes
      .filter((c) => c.deleted || !c.data)
      .map((c) => ({ entity: c.entity, id: c.entityId }));
    const refresh = await removeRecords(db, gone);
    const live = changes.filter((c) => !c.deleted && c.data);
    const pending = await pendingOf(
      db,
      live.map((c) => c.entityId),
    );
    await db.serverCopies.bulkPut(
      live
        .filter((c) => pending.has(c.entityId))
        .map((c) => ({ id: c.entityId, entity: c.entity, version: c.version, data: c.data! })),
    );
    const put: RecordSet = emptyRecordSet();
    const hidden: { entity: Entity; id: string }[] = [];
    for (const c of live) {
      const view = localView(
        { id: c.entityId, entity: c.entity, version: c.version, data: c.data! },
        pending.get(c.entityId) ?? [],
      );
      if (view) addRecord(put, c.entity, view);
      else hidden.push({ entity: c.entity, id: c.entityId });
    }
    const left = await householdsLeft(db, put);
    await putRecordRows(db, put, [...refresh, ...left, ...(await deleteRows(db, hidden))]);
    if (cursor !== null) await db.meta.put({ key: CURSOR_KEY, value: cursor });
    if (!hasMore) await db.meta.put({ key: FIRST_PULL_KEY, value: 'done' });
    else if ((await db.meta.get(FIRST_PULL_KEY))?.value !== 'done') {
      await db.meta.put({ key: FIRST_PULL_KEY, value: 'partial' });
    }
  });
}

/** The household a record belongs to, for the conflict and rejected badges. */
function householdOf(entry: OutboxEntry, row: Record<string, unknown> | undefined): string {
  if (entry.entity === 'household') return entry.entityId;
  const fromEntry = entry.fields.householdId;
  if (typeof fromEntry === 'string') return fromEntry;
  return typeof row?.householdId === 'string' ? row.householdId : '';
}

/**
 * Apply the server's answers to a pushed batch. An outbox row leaves only here, and only for a
 * mutation the server answered ([P18]). `applied`: done. `conflict`: kept as a conflict to resolve; the
 * server's values of the conflicting fields become the phone's. `rejected`: kept with its reason.
 */
export async function applyPushResults(
  db: NotebookDb,
  sent: readonly OutboxEntry[],
  results: readonly MutationResult[],
  now: () => number = Date.now,
): Promise<void> {
  const byId = new Map(results.map((r) => [r.id, r]));
  await db.transaction('rw', notebookTables(db), async () => {
    const touched: { entity: Entity; id: string }[] = [];
    const at = new Date(now()).toISOString();
    for (const entry of sent) {
      const result = byId.get(entry.id);
      if (!result) continue; // not answered: it stays queued and goes again
      if (entry.seq !== undefined) await db.outbox.delete(entry.seq);
      const copy = await db.serverCopies.get(entry.entityId);
      if (result.status === 'applied') {
        await acknowledge(db, entry, copy, result.version);
        continue;
      }
      const row = (await recordTable(db, entry.entity).get(entry.entityId)) as
        Record<string, unknown> | undefined;
      const householdId = householdOf(entry, row);
      touched.push({ entity: entry.entity, id: entry.entityId });
      if (result.status === 'conflict') {
        const conflict: ConflictRow = {
          id: entry.id,
          entity: entry.entity,
          entityId: entry.entityId,
          householdId,
          fields: result.conflicts.map((c) => ({ field: c.field, client: c.client, server: c.server })),
          version: result.version,
          at,
        };
        await db.conflicts.put(conflict);
        // A record no longer on the phone (a tombstone pulled while this edit waited) gets no copy
        // made of the answer's few fields: the conflict is kept for the person, nothing is rebuilt
        // from half a record.
        if (!copy && !row) continue;
        // What the server now holds: its values where we conflicted, ours where it applied them. The
        // copy keeps its version: the server's may include others' changes not pulled yet, and a base
        // version that claims to have seen them could overwrite them without a conflict.
        const data: Record<string, unknown> = { ...(copy?.data ?? stripLocal(row)) };
        for (const field of result.applied) {
          if (isFieldName(entry.entity, field)) data[field] = entry.fields[field];
        }
        for (const c of result.conflicts) if (isFieldName(entry.entity, c.field)) data[c.field] = c.server;
        await db.serverCopies.put({
          id: entry.entityId,
          entity: entry.entity,
          version: copy?.version ?? 0,
          data,
        });
      } else {
        const rejected: RejectedRow = {
          id: entry.id,
          entity: entry.entity,
          entityId: entry.entityId,
          householdId,
          op: entry.op,
          fields: entry.fields,
          code: result.error.code,
          message: result.error.message,
          at,
        };
        await db.rejected.put(rejected);
      }
    }
    // A record with no mutation left in the outbox is settled: its row becomes its copy, the server's
    // state as the phone knows it (a creation takes the version the server gave it), and the copy goes.
    const answered = sent.filter((e) => byId.has(e.id));
    const stillPending = await pendingOf(
      db,
      answered.map((e) => e.entityId),
    );
    const settled = new Map<string, Entity>();
    for (const e of answered) if (!stillPending.has(e.entityId)) settled.set(e.entityId, e.entity);
    const settledIds = [...settled.keys()];
    const copies = await db.serverCopies.bulkGet(settledIds);
    const rebuilt = new Map(touched.map((t) => [t.id, t.entity]));
    settledIds.forEach((id, i) => copies[i] && rebuilt.set(id, settled.get(id)!));
    if (rebuilt.size)
      await rebuild(
        db,
        [...rebuilt].map(([id, entity]) => ({ entity, id })),
      );
    await db.serverCopies.bulkDelete(settledIds);
  });
}

/**
 * An applied mutation: the server holds its fields now. They join the server copy, whose version
 * stays (see the conflict case); a record created here gets its first copy, at the version the
 * server gave it, which holds nothing but these fields.
 */
async function acknowledge(
  db: NotebookDb,
  entry: OutboxEntry,
  copy: ServerCopyRow | undefined,
  version: number,
) {
  if (entry.op === 'delete') {
    await db.serverCopies.delete(entry.entityId);
    return;
  }
  const fields = Object.entries(entry.fields).filter(([k]) => isFieldName(entry.entity, k));
  if (copy) {
    await db.serverCopies.put({ ...copy, data: { ...copy.data, ...Object.fromEntries(fields) } });
  } else if (entry.baseVersion === 0) {
    await db.serverCopies.put({
      id: entry.entityId,
      entity: entry.entity,
      version,
      data: Object.fromEntries(fields),
    });
  }
}

function stripLocal(row: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!row) return {};
  return Object.fromEntries(Object.entries(row).filter(([k]) => !k.startsWith('_')));
}

// Records that come from the server as whole records (an initial load, the demo, benchmarks) enter the
// phone as one pulled page would: with their server copies, and no outbox entry.
export interface ServerRecords {
  households?: Household[];
  persons?: Person[];
  tasks?: Task[];
  visits?: Visit[];
}

/** Put server records on the phone in one transaction, with their local index fields. */
export async function applyServerRecords(db: NotebookDb, records: ServerRecords): Promise<void> {
  const kinds: [Entity, readonly { id: string; version: number }[] | undefined][] = [
    ['household', records.households],
    ['person', records.persons],
    ['task', records.tasks],
    ['visit', records.visits],
  ];
  const changes = kinds.flatMap(([entity, list]) =>
    (list ?? []).map(({ id, version, ...data }) => ({ entity, entityId: id, version, deleted: false, data })),
  );
  await applyPullPage(db, changes, null);
}
