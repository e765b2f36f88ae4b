// The commune's phones for its managers (SYNC-API.md [D7]–[D11]): what each reported at its last sync,
// and their revocation. Revoking is a request the phone carries out at its next contact: it pushes
// its outbox first (pushes are still taken), pulls nothing more, then confirms, wipes its notebook and
// returns to sign-in; the confirmation ends its tokens. A phone that never comes back stays "revoking"
// and loses nothing on the server: everything it pushed before is there.
import { z } from 'zod';
import { uuid } from '../../domain/records.ts';
import { areaIdsOf } from '../accounts/users.ts';
import type { Session } from '../accounts/tokens.ts';
import type { Queryable, Store } from '../store/store.ts';
import { appendManageAudit } from './manage-audit.ts';
import { managedVolunteer, type ManageScope } from './scope.ts';
import type { ManageResult } from './villages.ts';

/** [D6] A phone is quiet when it has not pushed or pulled for 3 days. */
const QUIET_MS = 3 * 86_400_000;

export type DeviceState = 'active' | 'revoking' | 'revoked';

export interface ManagedDevice {
  deviceId: string;
  userId: string;
  userName: string;
  areaIds: string[];
  lastPushAt: string | null;
  lastPullAt: string | null;
  build: number | null;
  pending: number | null;
  storageBytes: number | null;
  reportedAt: string | null;
  quiet: boolean;
  state: DeviceState;
  revokeRequestedAt: string | null;
  revokedAt: string | null;
}

export const revokeSchema = z.object({ deviceId: z.string().min(1).max(200), userId: uuid });

interface DeviceRow {
  device_id: string;
  user_id: string;
  name: string;
  area_ids: unknown;
  last_push_at: unknown;
  last_pull_at: unknown;
  build: number | null;
  pending: number | null;
  storage_bytes: unknown;
  reported_at: unknown;
  revoke_requested_at: unknown;
  revoked_at: unknown;
}

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

function toDevice(r: DeviceRow, now: number): ManagedDevice {
  const last = Math.max(
    Date.parse(iso(r.last_push_at) ?? '') || 0,
    Date.parse(iso(r.last_pull_at) ?? '') || 0,
  );
  const state: DeviceState =
    r.revoked_at !== null ? 'revoked' : r.revoke_requested_at !== null ? 'revoking' : 'active';
  return {
    deviceId: r.device_id,
    userId: r.user_id,
    userName: r.name,
    areaIds: areaIdsOf(r.area_ids),
    lastPushAt: iso(r.last_push_at),
    lastPullAt: iso(r.last_pull_at),
    build: r.build,
    pending: r.pending,
    storageBytes: r.storage_bytes === null ? null : Number(r.storage_bytes),
    reportedAt: iso(r.reported_at),
    quiet: state === 'active' && now - last > QUIET_MS,
    state,
    revokeRequestedAt: iso(r.revoke_requested_at),
    revokedAt: iso(r.revoked_at),
  };
}

const SELECT = `SELECT d.device_id, d.user_id, u.name, u.area_ids, d.last_push_at, d.last_pull_at, d.build,
    d.pending, d.storage_bytes, d.reported_at, d.revoke_requested_at, d.revoked_at
  FROM devices d JOIN users u ON u.id = d.user_id`;

/**
 * [D7] The phones of the volunteers of some communes (only phones that signed in: [D2]), the quiet and
 * the revoking first, then by volunteer.
 */
export async function listDevices(
  db: Queryable,
  communeIds: readonly string[],
  now: number,
): Promise<ManagedDevice[]> {
  const rows = await db.query<DeviceRow>(
    `${SELECT}
      WHERE u.role = 'volunteer'
        AND EXISTS (SELECT 1 FROM areas a WHERE a.kind = 'village' AND a.parent_id = ANY($1::text[]) AND u.area_ids ? a.id)
        AND EXISTS (SELECT 1 FROM tokens t WHERE t.user_id = d.user_id AND t.device_id = d.device_id)
      ORDER BY u.name, d.device_id`,
    [communeIds],
  );
  const rank = (d: ManagedDevice) =>
    d.state === 'revoking' ? 0 : d.quiet ? 1 : d.state === 'active' ? 2 : 3;
  return rows.map((r) => toDevice(r, now)).sort((a, b) => rank(a) - rank(b));
}

async function deviceOf(db: Queryable, deviceId: string, userId: string, now: number) {
  const rows = await db.query<DeviceRow>(`${SELECT} WHERE d.device_id = $1 AND d.user_id = $2`, [
    deviceId,
    userId,
  ]);
  return rows[0] ? toDevice(rows[0], now) : null;
}

/** [D8] Asks a managed volunteer's phone to hand in its edits and wipe itself. Asking again changes nothing. */
export async function requestRevoke(
  store: Store,
  scope: ManageScope,
  session: Session,
  input: z.infer<typeof revokeSchema>,
  now: number,
): Promise<ManageResult<ManagedDevice>> {
  return store.transaction(async (tx) => {
    const volunteer = await managedVolunteer(tx, scope, input.userId);
    const device = volunteer && (await deviceOf(tx, input.deviceId, input.userId, now));
    if (!volunteer || !device)
      return { ok: false, code: 'not_found', message: 'no such phone in your communes' };
    if (device.state !== 'active') return { ok: true, value: device };
    const at = new Date(now).toISOString();
    await tx.query(
      'UPDATE devices SET revoke_requested_at = $3::timestamptz, revoke_requested_by = $4 WHERE device_id = $1 AND user_id = $2',
      [input.deviceId, input.userId, at, session.user.id],
    );
    await appendManageAudit(tx, {
      at,
      actorId: session.user.id,
      deviceId: session.deviceId,
      communeId: volunteer.communeId,
      action: 'device.revoke',
      targetUserId: input.userId,
      targetDeviceId: input.deviceId,
    });
    return { ok: true, value: (await deviceOf(tx, input.deviceId, input.userId, now))! };
  });
}

/** [D9] Whether the token's device is asked to revoke itself. */
export async function isRevoking(
  db: Queryable,
  session: Pick<Session, 'deviceId' | 'user'>,
): Promise<boolean> {
  const rows = await db.query(
    'SELECT 1 FROM devices WHERE device_id = $1 AND user_id = $2 AND revoke_requested_at IS NOT NULL AND revoked_at IS NULL',
    [session.deviceId, session.user.id],
  );
  return rows.length > 0;
}

/**
 * [D10] The phone has handed in its edits and wiped itself: every token of that device and user ends.
 * Refused when the phone was not asked (a phone cannot end its own tokens here: logout does that).
 */
export async function confirmRevoked(store: Store, session: Session, now: number): Promise<boolean> {
  return store.transaction(async (tx) => {
    if (!(await isRevoking(tx, session))) return false;
    const at = new Date(now).toISOString();
    await tx.query('UPDATE devices SET revoked_at = $3::timestamptz WHERE device_id = $1 AND user_id = $2', [
      session.deviceId,
      session.user.id,
      at,
    ]);
    await tx.query(
      'UPDATE tokens SET revoked_at = $3::timestamptz WHERE device_id = $1 AND user_id = $2 AND revoked_at IS NULL',
      [session.deviceId, session.user.id, at],
    );
    const villages = await tx.query<{ parent_id: string | null }>(
      'SELECT parent_id FROM areas WHERE id = ANY($1::text[]) ORDER BY id LIMIT 1',
      [session.user.areaIds],
    );
    await appendManageAudit(tx, {
      at,
      actorId: session.user.id,
      deviceId: session.deviceId,
      communeId: villages[0]?.parent_id ?? null,
      action: 'device.revoked',
      targetUserId: session.user.id,
      targetDeviceId: session.deviceId,
    });
    return true;
  });
}
