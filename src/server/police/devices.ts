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
import type { SortKey } from './review-cursor.ts';

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

/**
 * [D1] The devices of the users given `area` or an area under it (`communes`: a province's), by user
 * name, then device id, then user id. All of them, or (`page`) at most `limit` after the device whose
 * sort key is `after`, and the key of the last one given when more follow.
 */
export async function devicesOf(
  db: Queryable,
  area: Area,
  villages: readonly Area[],
  communes: readonly Area[] = [],
): Promise<(DeviceSync & { areaIds: string[] })[]> {
  return (await readDevices(db, area, villages, communes, null, null)).map((r) => r.device);
}

export async function devicesPage(
  db: Queryable,
  area: Area,
  villages: readonly Area[],
  communes: readonly Area[],
  limit: number,
  after: SortKey | null,
): Promise<{ devices: (DeviceSync & { areaIds: string[] })[]; next: SortKey | null }> {
  const rows = await readDevices(db, area, villages, communes, limit + 1, after);
  const page = rows.slice(0, limit);
  return {
    devices: page.map((r) => r.device),
    next: rows.length > limit ? (page.at(-1)?.key ?? null) : null,
  };
}

async function readDevices(
  db: Queryable,
  area: Area,
  villages: readonly Area[],
  communes: readonly Area[],
  limit: number | null,
  after: SortKey | null,
): Promise<{ device: DeviceSync & { areaIds: string[] }; key: SortKey }[]> {
  const ids = [...new Set([area.id, ...communes.map((c) => c.id), ...villages.map((v) => v.id)])];
  const [name = null, deviceId = null, userId = null] = after ?? [];
  const rows = await db.query<{
    device_id: string;
    user_id: string;
    name: string;
    area_ids: unknown;
    last_push_at: unknown;
    last_pull_at: unknown;
  }>(
    // The user id last: the same phone signed in by two users of one name is two devices ([D3]), in
    // one order every time, which paging needs.
    `SELECT d.device_id, d.user_id, u.name, u.area_ids, d.last_push_at, d.last_pull_at
       FROM devices d JOIN users u ON u.id = d.user_id
      WHERE u.area_ids ?| $1::text[]
        AND EXISTS (SELECT 1 FROM tokens t WHERE t.user_id = d.user_id AND t.device_id = d.device_id)
        AND ($2::text IS NULL OR (u.name, d.device_id, d.user_id) > ($2::text, $3::text, $4::uuid))
      ORDER BY u.name, d.device_id, d.user_id
      LIMIT $5`,
    [ids, name, deviceId, userId, limit],
  );
  return rows.map((r) => ({
    device: {
      deviceId: r.device_id,
      userId: r.user_id,
      userName: r.name,
      lastPushAt: iso(r.last_push_at),
      lastPullAt: iso(r.last_pull_at),
      areaIds: areaIdsOf(r.area_ids),
    },
    key: [r.name, r.device_id, r.user_id],
  }));
}
