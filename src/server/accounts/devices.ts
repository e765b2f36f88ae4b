// The phones a user signed in from (table devices, one row per device and user): the row is born at
// login, and push and pull stamp their time on it. The police's devices list reads these rows
// (police/devices.ts). Only the token's device is ever touched: a request never names a device of its
// own (SYNC-API.md [D2]).
import type { Queryable } from '../store/store.ts';

export type DeviceEvent = 'login' | 'push' | 'pull';

/** [D4] The column each event stamps; a login only makes sure the row exists ([D2]). */
const STAMP = { login: null, push: 'last_push_at', pull: 'last_pull_at' } as const;

/**
 * Records that `deviceId` of `userId` signed in, pushed or pulled at `at` (ISO instant). [D3] The row's
 * key is (device, user): the same user on a second phone is a second device.
 */
export async function touchDevice(
  db: Queryable,
  device: { deviceId: string; userId: string },
  event: DeviceEvent,
  at: string,
): Promise<void> {
  const column = STAMP[event];
  if (column === null) {
    // [D11] A sign-in on a phone whose revocation is done starts it afresh (its notebook was wiped); one
    // still revoking stays so: the new token hands in the edits and wipes like the old one.
    await db.query(
      `INSERT INTO devices (device_id, user_id) VALUES ($1, $2)
       ON CONFLICT (device_id, user_id) DO UPDATE SET revoke_requested_at = NULL, revoke_requested_by = NULL,
         revoked_at = NULL WHERE devices.revoked_at IS NOT NULL`,
      [device.deviceId, device.userId],
    );
    return;
  }
  await db.query(
    `INSERT INTO devices (device_id, user_id, ${column}) VALUES ($1, $2, $3::timestamptz)
     ON CONFLICT (device_id, user_id) DO UPDATE SET ${column} = EXCLUDED.${column}`,
    [device.deviceId, device.userId, at],
  );
}

/** [D7] What a phone says of itself on push and pull (SYNC-API.md [V1] headers); any of them may be missing. */
export interface DeviceReport {
  build: number | null;
  pending: number | null;
  storageBytes: number | null;
}

/** A report header's whole number, or null when absent or malformed (a report never refuses a sync). */
export function reportNumber(text: string | undefined): number | null {
  return text !== undefined && /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : null;
}

/**
 * [D7] Keeps the phone's last report on its row, after a push or pull it made succeeded; says whether
 * the phone is asked to revoke itself ([D9]).
 */
export async function recordReport(
  db: Queryable,
  device: { deviceId: string; userId: string },
  report: DeviceReport,
  at: string,
): Promise<{ revoke: boolean }> {
  const rows = await db.query<{ revoke: boolean }>(
    `UPDATE devices SET build = COALESCE($3, build), pending = COALESCE($4, pending),
       storage_bytes = COALESCE($5, storage_bytes), reported_at = $6::timestamptz
     WHERE device_id = $1 AND user_id = $2
     RETURNING (revoke_requested_at IS NOT NULL AND revoked_at IS NULL) AS revoke`,
    [device.deviceId, device.userId, report.build, report.pending, report.storageBytes, at],
  );
  return { revoke: rows[0]?.revoke === true };
}
