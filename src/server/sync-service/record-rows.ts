// The SQL of the records table for a push: load the rows a batch touches in one statement, write the
// batch's final states in one, the two cascades (a household's move, a household's delete), and the
// departures of records that left a village.
// Every write here runs with the villages of its rows locked (push.ts step 3): within a village, seq
// values are taken in commit order.
import type { Entity } from '../../domain/enums.ts';
import { jsonColumn, type Queryable } from '../store/store.ts';
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
    data: jsonColumn<Record<string, unknown>>(r.data),
    fieldVersions: jsonColumn<Record<string, FieldVersion>>(r.field_versions),
    deleted: r.deleted,
  }));
}

/** The villages the records `ids` are in now (a child is in its household's village, [R3]). */
export async function villagesOfRecords(db: Queryable, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<{ village_id: string }>(
    'SELECT DISTINCT village_id FROM records WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return rows.map((r) => r.village_id);
}

/** Of `ids`, those that are villages. */
export async function existingVillages(db: Queryable, ids: Iterable<string>): Promise<string[]> {
  const list = [...ids];
  if (list.length === 0) return [];
  const rows = await db.query<{ id: string }>(
    "SELECT id FROM areas WHERE kind = 'village' AND id = ANY($1::text[])",
    [list],
  );
  return rows.map((r) => r.id);
}

export interface RowWrite extends StoredRow {
  updatedAt: string;
  updatedBy: string;
}

/** Writes final states; each row gets a fresh seq, so that pulls past the old one see it again ([PL4]). */
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
 * village of their household: [R3], [P16]), with a fresh seq so that the new village's phones pull them.
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

/**
 * A household's delete tombstones its persons, tasks and visits too ([P14]), each with its audit entry
 * ([A22]).
 * Answers the ids of the children it tombstoned.
 */
export async function tombstoneChildren(
  db: Queryable,
  deletes: readonly { householdId: string; mutationId: string }[],
  who: { at: string; userId: string; deviceId: string },
): Promise<string[]> {
  if (deletes.length === 0) return [];
  const gone = await db.query<{ entity_id: string }>(
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
       FROM gone
     RETURNING entity_id`,
    [
      JSON.stringify(deletes.map((d) => ({ household_id: d.householdId, mutation_id: d.mutationId }))),
      who.at,
      who.userId,
      who.deviceId,
    ],
  );
  return gone.map((r) => r.entity_id);
}

export interface Departures {
  /** Households that moved: each of their children left the household's old village. */
  households: readonly { householdId: string; oldVillageId: string }[];
  /** Records whose own village changed in the batch (a moved household, a child given another household). */
  records: readonly { recordId: string; oldVillageId: string }[];
  /** Records deleted by this batch: they left too (their tombstone went to the new village only). */
  deletedHere: readonly string[];
}

/**
 * "Left your area" ([PL8]): one departure row per record that left a village in this batch, so that the
 * old village's phones pull it as a tombstone (pull.ts). Records deleted before the batch need none: their
 * tombstone already went to the old village. Runs after every write of the batch, so the departures'
 * seqs come after the records' own new seqs.
 */
export async function recordDepartures(db: Queryable, departures: Departures): Promise<void> {
  if (departures.households.length === 0 && departures.records.length === 0) return;
  await db.query(
    `INSERT INTO record_departures (record_id, entity, old_village_id, version, seq)
     SELECT r.id, r.entity, l.old_village_id, r.version, nextval('record_seq')
       FROM (SELECT c.id, m.old_village_id
               FROM jsonb_to_recordset($1::jsonb) AS m(household_id uuid, old_village_id text)
               JOIN records c ON c.household_id = m.household_id AND c.entity <> 'household'
             UNION
             SELECT x.record_id, x.old_village_id
               FROM jsonb_to_recordset($2::jsonb) AS x(record_id uuid, old_village_id text)) AS l
       JOIN records r ON r.id = l.id
      WHERE r.village_id <> l.old_village_id AND (NOT r.deleted OR r.id = ANY($3::uuid[]))
      ORDER BY r.seq`,
    [
      JSON.stringify(
        departures.households.map((h) => ({ household_id: h.householdId, old_village_id: h.oldVillageId })),
      ),
      JSON.stringify(
        departures.records.map((r) => ({ record_id: r.recordId, old_village_id: r.oldVillageId })),
      ),
      [...departures.deletedHere],
    ],
  );
}
