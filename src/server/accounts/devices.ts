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
    await db.query(
      'INSERT INTO devices (device_id, user_id) VALUES ($1, $2) ON CONFLICT (device_id, user_id) DO NOTHING',
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
