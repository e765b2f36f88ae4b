// The trail of what the commune's managers did (SYNC-API.md [M12]): who, from which device, when, which
// action on which volunteer, village or phone, and the values it set. Append-only (a trigger refuses
// UPDATE and DELETE, migration 6). Never a password, a set-up code or a citizen's data.
import type { ManageAction } from '../../domain/manage.ts';
import { jsonColumn, type Queryable } from '../store/store.ts';

export type { ManageAction };

export interface ManageAuditInput {
  at: string;
  actorId: string;
  deviceId: string;
  communeId: string | null;
  action: ManageAction;
  targetUserId?: string | null;
  targetAreaId?: string | null;
  targetDeviceId?: string | null;
  details?: Record<string, unknown>;
}

export interface ManageAuditEntry extends Required<ManageAuditInput> {
  id: number;
  actorName: string | null;
  targetUserName: string | null;
}

export async function appendManageAudit(db: Queryable, e: ManageAuditInput): Promise<void> {
  await db.query(
    `INSERT INTO manage_audit (at, actor_id, device_id, commune_id, action, target_user_id, target_area_id,
       target_device_id, details)
     VALUES ($1::timestamptz, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
    [
      e.at,
      e.actorId,
      e.deviceId,
      e.communeId,
      e.action,
      e.targetUserId ?? null,
      e.targetAreaId ?? null,
      e.targetDeviceId ?? null,
      JSON.stringify(e.details ?? {}),
    ],
  );
}

/** [M12] The entries of some communes, newest first, `limit` at a time below the id `before`. */
export async function listManageAudit(
  db: Queryable,
  communeIds: readonly string[],
  page: { before: number | null; limit: number },
): Promise<{ entries: ManageAuditEntry[]; next: number | null }> {
  const rows = await db.query<{
    id: unknown;
    at: unknown;
    actor_id: string;
    device_id: string;
    commune_id: string | null;
    action: ManageAction;
    target_user_id: string | null;
    target_area_id: string | null;
    target_device_id: string | null;
    details: unknown;
    actor_name: string | null;
    target_user_name: string | null;
  }>(
    `SELECT m.*, a.name AS actor_name, t.name AS target_user_name
       FROM manage_audit m LEFT JOIN users a ON a.id = m.actor_id LEFT JOIN users t ON t.id = m.target_user_id
      WHERE m.commune_id = ANY($1::text[]) AND ($2::bigint IS NULL OR m.id < $2::bigint)
      ORDER BY m.id DESC LIMIT $3`,
    [communeIds, page.before, page.limit + 1],
  );
  const entries = rows.slice(0, page.limit).map((r) => ({
    id: Number(r.id),
    at: new Date(r.at as string).toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    deviceId: r.device_id,
    communeId: r.commune_id,
    action: r.action,
    targetUserId: r.target_user_id,
    targetUserName: r.target_user_name,
    targetAreaId: r.target_area_id,
    targetDeviceId: r.target_device_id,
    details: jsonColumn<Record<string, unknown>>(r.details),
  }));
  return { entries, next: rows.length > page.limit ? (entries.at(-1)?.id ?? null) : null };
}
