// The audit trail: one append-only row per applied change (who, which device, when, which fields, the
// old and new values). The table refuses UPDATE and DELETE (a trigger, migration 2): [A22].
import { jsonColumn, type Queryable } from './store/store.ts';
import type { FieldChange } from './sync-service/merge.ts';

export type AuditOp = 'create' | 'update' | 'delete' | 'seed';

export interface AuditEntry {
  at: string;
  /** Who and which phone: the token's user and device, never the push body's. */
  userId: string;
  deviceId: string;
  /**
   * The mutation that made the change (null: not a push, e.g. the demo seed). Mutation ids belong to
   * their author: (userId, mutationId) names one mutation, the id alone may name one of each user.
   */
  mutationId: string | null;
  entity: string;
  entityId: string;
  op: AuditOp;
  changes: Record<string, FieldChange>;
}

/** [A22] One entry per applied mutation (and per child a household's delete tombstoned: record-rows.ts). */
export async function appendAudit(db: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const payload = entries.map((e) => ({
    at: e.at,
    user_id: e.userId,
    device_id: e.deviceId,
    mutation_id: e.mutationId,
    entity: e.entity,
    entity_id: e.entityId,
    op: e.op,
    changes: e.changes,
  }));
  await db.query(
    `INSERT INTO audit (at, user_id, device_id, mutation_id, entity, entity_id, op, changes)
     SELECT at, user_id, device_id, mutation_id, entity, entity_id, op, changes
       FROM jsonb_to_recordset($1::jsonb) AS x(at timestamptz, user_id uuid, device_id text, mutation_id uuid,
            entity text, entity_id uuid, op text, changes jsonb)`,
    [JSON.stringify(payload)],
  );
}

interface AuditRow {
  id: unknown;
  at: unknown;
  user_id: string;
  device_id: string;
  mutation_id: string | null;
  entity: string;
  entity_id: string;
  op: AuditOp;
  changes: unknown;
}

/** [A21] A record's history, oldest first ([] for a record never written). */
export async function auditOf(db: Queryable, entityId: string): Promise<(AuditEntry & { id: number })[]> {
  const rows = await db.query<AuditRow>(
    `SELECT id, at, user_id, device_id, mutation_id, entity, entity_id, op, changes
       FROM audit WHERE entity_id = $1::uuid ORDER BY id`,
    [entityId],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at as string).toISOString(),
    userId: r.user_id,
    deviceId: r.device_id,
    mutationId: r.mutation_id,
    entity: r.entity,
    entityId: r.entity_id,
    op: r.op,
    changes: jsonColumn<Record<string, FieldChange>>(r.changes),
  }));
}
