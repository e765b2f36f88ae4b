// The working state of one push (push.ts): every record the batch touches or points at, loaded once,
// changed in memory mutation after mutation, and written back in a few statements at the end: each
// mutation sees the effect of the earlier ones of its batch ([P5]).
import type { Mutation } from '../../domain/sync-protocol.ts';
import type { User } from '../../domain/users.ts';
import type { AuditEntry } from '../audit.ts';
import type { Queryable } from '../store/store.ts';
import { loadRecords, type StoredRow } from './record-rows.ts';

export const AREA_ID = /^[a-z0-9-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Working extends StoredRow {
  dirty: boolean;
  /** The village the row had when loaded (null: new in this batch), to detect a household's move. */
  loadedVillageId: string | null;
}

export interface Batch {
  user: User;
  deviceId: string;
  at: string;
  rows: Map<string, Working>;
  villages: Map<string, { kind: string }>;
  writable: ReadonlySet<string> | 'all';
  audit: AuditEntry[];
  deletedHouseholds: { householdId: string; mutationId: string }[];
}

/**
 * The database answers uuids in lower case; the batch's look-ups must too. The mutation id is kept as
 * sent: the phone matches answers by it.
 */
export function normalizeIds(m: Mutation): Mutation {
  const fields = { ...m.fields };
  for (const key of ['householdId', 'personId']) {
    const v = fields[key];
    if (typeof v === 'string' && UUID.test(v)) fields[key] = v.toLowerCase();
  }
  return { ...m, entityId: m.entityId.toLowerCase(), fields };
}

/** Entity ids of the batch, and the households and persons its fields point at. */
export function referencedIds(mutations: readonly Mutation[]): string[] {
  const ids = new Set<string>();
  for (const m of mutations) {
    ids.add(m.entityId);
    for (const key of ['householdId', 'personId']) {
      const v = m.fields[key];
      if (typeof v === 'string' && UUID.test(v)) ids.add(v);
    }
  }
  return [...ids];
}

export async function loadInto(tx: Queryable, batch: Batch, ids: readonly string[]): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => !batch.rows.has(id));
  for (const row of await loadRecords(tx, missing)) {
    batch.rows.set(row.id, { ...row, dirty: false, loadedVillageId: row.villageId });
  }
}

/** [R3] The village a record belongs to now: a household's own, a child's through its household. */
export function villageOf(batch: Batch, row: Working): string | null {
  if (row.entity === 'household') return typeof row.data.villageId === 'string' ? row.data.villageId : null;
  const household = batch.rows.get(row.householdId);
  return household ? villageOf(batch, household) : null;
}

/** Deleted, or a child of a deleted household (the cascade may still be pending in this batch; [P14]). */
export function isGone(batch: Batch, row: Working): boolean {
  if (row.deleted) return true;
  if (row.entity === 'household') return false;
  const household = batch.rows.get(row.householdId);
  return household === undefined || household.deleted;
}

/** [P15] A volunteer writes only their villages; an admin ('all') every village. */
export const mayWrite = (batch: Batch, villageId: string | null): boolean =>
  villageId !== null && (batch.writable === 'all' || batch.writable.has(villageId));

/** The kinds of the areas `ids` names (only well-formed ids reach SQL). */
export async function loadVillages(tx: Queryable, batch: Batch, ids: Iterable<string>): Promise<void> {
  const areas = await tx.query<{ id: string; kind: string }>(
    'SELECT id, kind FROM areas WHERE id = ANY($1::text[])',
    [[...ids]],
  );
  for (const a of areas) batch.villages.set(a.id, { kind: a.kind });
}
