// [M26] How long a commune's phones stay open unused before the notebook locks itself (issue 16):
// set by an admin per commune, 1 to 30 minutes; null brings back the default (5). Phones learn it
// from their areas ([A16]: a commune's `lockMinutes`) at sign-in and at each refresh of their villages.
import { z } from 'zod';
import type { Session } from '../accounts/tokens.ts';
import type { Store } from '../store/store.ts';
import { appendManageAudit } from './manage-audit.ts';
import { managesCommune, type ManageScope } from './scope.ts';
import type { ManageResult } from './villages.ts';

export const LOCK_MINUTES_MIN = 1;
export const LOCK_MINUTES_MAX = 30;

export const communeLockSchema = z.object({
  lockMinutes: z.number().int().min(LOCK_MINUTES_MIN).max(LOCK_MINUTES_MAX).nullable(),
});

export async function setCommuneLock(
  store: Store,
  scope: ManageScope,
  session: Session,
  communeId: string,
  lockMinutes: number | null,
  now: number,
): Promise<ManageResult<{ id: string; lockMinutes: number | null }>> {
  // Whether a phone may stay open longer is the admin's call, not the commune's own managers'.
  if (session.user.role !== 'admin')
    return { ok: false, code: 'forbidden', message: "a commune's lock time is set by an admin" };
  if (!managesCommune(scope, communeId)) return { ok: false, code: 'not_found', message: 'no such commune' };
  return store.transaction(async (tx) => {
    const [row] = await tx.query<{ lock_minutes: number | null }>(
      "SELECT lock_minutes FROM areas WHERE id = $1 AND kind = 'commune' FOR UPDATE",
      [communeId],
    );
    if (!row) return { ok: false, code: 'not_found', message: 'no such commune' };
    const before = row.lock_minutes === null ? null : Number(row.lock_minutes);
    if (before !== lockMinutes) {
      await tx.query('UPDATE areas SET lock_minutes = $2 WHERE id = $1', [communeId, lockMinutes]);
      await appendManageAudit(tx, {
        at: new Date(now).toISOString(),
        actorId: session.user.id,
        deviceId: session.deviceId,
        communeId,
        action: 'commune.lock',
        targetAreaId: communeId,
        details: { old: before, new: lockMinutes },
      });
    }
    return { ok: true, value: { id: communeId, lockMinutes } };
  });
}
