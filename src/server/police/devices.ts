// Which phones of an area have synced, and when (SYNC-API.md "Devices", [D1]): the devices of the users
// given that area or one of its villages, with those users' areas ([D5], an addition: the review says which
// village's group has gone quiet).
//
// [D2] Only devices that signed in: a login creates the row of its (device, user) and issues a token to that
// device; push and pull only touch the row of their token's device (sync-service). Rows that servers
// before issue 12 let a push create under a deviceId taken from its body (another phone's, or made up)
// have no token of that device and user, and are left out here rather than deleted.
import type { DeviceSync } from '../../domain/review.ts';
import type { Area } from '../accounts/areas.ts';
import { areaIdsOf } from '../accounts/users.ts';
import type { Queryable } from '../store/store.ts';

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

export async function devicesOf(
  db: Queryable,
  area: Area,
  villages: readonly Area[],
): Promise<(DeviceSync & { areaIds: string[] })[]> {
  const ids = [...new Set([area.id, ...villages.map((v) => v.id)])];
  const rows = await db.query<{
    device_id: string;
    user_id: string;
    name: string;
    area_ids: unknown;
    last_push_at: unknown;
    last_pull_at: unknown;
  }>(
    `SELECT d.device_id, d.user_id, u.name, u.area_ids, d.last_push_at, d.last_pull_at
       FROM devices d JOIN users u ON u.id = d.user_id
      WHERE u.area_ids ?| $1::text[]
        AND EXISTS (SELECT 1 FROM tokens t WHERE t.user_id = d.user_id AND t.device_id = d.device_id)
      ORDER BY u.name, d.device_id`,
    [ids],
  );
  return rows.map((r) => ({
    deviceId: r.device_id,
    userId: r.user_id,
    userName: r.name,
    lastPushAt: iso(r.last_push_at),
    lastPullAt: iso(r.last_pull_at),
    areaIds: areaIdsOf(r.area_ids),
  }));
}
