// The SQL of the records table for a push: load the rows a batch touches in one statement, write the
// batch's final states in one, and the two cascades (a household's move, a household's delete).
// Every statement here runs under the records lock (store.ts LOCK_RECORDS): seq values are taken in
// commit order.
import type { Entity } from '../../domain/enums.ts';
import type { Queryable } from '../store/store.ts';
import type { FieldVersion } from './merge.ts';

export interface StoredRow {
  id: string;
  entity: Entity;
  villageId: string;
  householdId: string;
  version: number;
  data: Record<string, unknown>;
  fieldVersions: Record<string, FieldVersion>;
  deleted: boolean;
}

interface RawRow {
  id: string;
  entity: Entity;
  village_id: string;
  household_id: string;
  version: number;
  data: unknown;
  field_versions: unknown;
  deleted: boolean;
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export async function loadRecords(db: Queryable, ids: readonly string[]): Promise<StoredRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<RawRow>(
    `SELECT id, entity, village_id, household_id, version, data, field_versions, deleted
       FROM records WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return rows.map((r) => ({
    id: r.id,
    entity: r.entity,
    villageId: r.village_id,
    householdId: r.household_id,
    version: Number(r.version),
    data: json<Record<string, unknown>>(r.data),
    fieldVersions: json<Record<string, FieldVersion>>(r.field_versions),
    deleted: r.deleted,
  }));
}

export interface RowWrite extends StoredRow {
  updatedAt: string;
  updatedBy: string;
}

/** Writes final states; each row gets a fresh seq, so that pulls past the old one see it again. */
export async function writeRecords(db: Queryable, rows: readonly RowWrite[]): Promise<void> {
  if (rows.length === 0) return;
  const payload = rows.map((r) => ({
    id: r.id,
    entity: r.entity,
    village_id: r.villageId,
    household_id: r.householdId,
    version: r.version,
    data: r.data,
    field_versions: r.fieldVersions,
    deleted: r.deleted,
    updated_at: r.updatedAt,
    updated_by: r.updatedBy,
  }));
  await db.query(
    `INSERT INTO records (id, entity, village_id, household_id, version, data, field_versions, deleted,
                          updated_at, updated_by, seq)
     SELECT x.id, x.entity, x.village_id, x.household_id, x.version, x.data, x.field_versions, x.deleted,
            x.updated_at, x.updated_by, nextval('record_seq')
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, entity text, village_id text, household_id uuid,
            version integer, data jsonb, field_versions jsonb, deleted boolean, updated_at timestamptz,
            updated_by uuid)
     ON CONFLICT (id) DO UPDATE SET village_id = EXCLUDED.village_id, household_id = EXCLUDED.household_id,
            version = EXCLUDED.version, data = EXCLUDED.data, field_versions = EXCLUDED.field_versions,
            deleted = EXCLUDED.deleted, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by,
            seq = EXCLUDED.seq`,
    [JSON.stringify(payload)],
  );
}

/**
 * A household moved to another village: its persons, tasks and visits follow it (they belong to the
 * village of their household), with a fresh seq so that the new village's phones pull them.
 */
export async function moveChildren(
  db: Queryable,
  moves: readonly { householdId: string; villageId: string }[],
) {
  if (moves.length === 0) return;
  await db.query(
    `UPDATE records r SET village_id = m.village_id, seq = nextval('record_seq')
       FROM jsonb_to_recordset($1::jsonb) AS m(household_id uuid, village_id text)
      WHERE r.household_id = m.household_id AND r.entity <> 'household' AND r.village_id <> m.village_id`,
    [JSON.stringify(moves.map((m) => ({ household_id: m.householdId, village_id: m.villageId })))],
  );
}

/** A household's delete tombstones its persons, tasks and visits too, each with its audit entry. */
export async function tombstoneChildren(
  db: Queryable,
  deletes: readonly { householdId: string; mutationId: string }[],
  who: { at: string; userId: string; deviceId: string },
): Promise<void> {
  if (deletes.length === 0) return;
  await db.query(
    `WITH gone AS (
       UPDATE records r SET deleted = true, version = r.version + 1, seq = nextval('record_seq'),
              updated_at = $2::timestamptz, updated_by = $3::uuid
         FROM jsonb_to_recordset($1::jsonb) AS d(household_id uuid, mutation_id uuid)
        WHERE r.household_id = d.household_id AND r.entity <> 'household' AND NOT r.deleted
        RETURNING r.id, r.entity, d.mutation_id
     )
     INSERT INTO audit (at, user_id, device_id, mutation_id, entity, entity_id, op, changes)
     SELECT $2::timestamptz, $3::uuid, $4, mutation_id, entity, id, 'delete',
            '{"deleted": {"old": false, "new": true}}'::jsonb
       FROM gone`,
    [
      JSON.stringify(deletes.map((d) => ({ household_id: d.householdId, mutation_id: d.mutationId }))),
      who.at,
      who.userId,
      who.deviceId,
    ],
  );
}
