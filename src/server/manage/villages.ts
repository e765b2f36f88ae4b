// A commune's villages from the management screen (SYNC-API.md [M5]–[M7]): create, rename, archive.
// An archived village keeps its households and their history and is still reviewed; it only takes no
// new volunteer. A village is never deleted: phones offline may still hold its edits.
import { z } from 'zod';
import { areaId } from '../../domain/records.ts';
import { lineText } from '../../domain/text.ts';
import { createArea } from '../accounts/areas.ts';
import type { Session } from '../accounts/tokens.ts';
import type { Store } from '../store/store.ts';
import { appendManageAudit } from './manage-audit.ts';
import { managedVillage, managesCommune, type ManageScope, type ManagedVillage } from './scope.ts';

const villageName = lineText({ min: 1, max: 100, maxUnits: 100 });

export const newVillageSchema = z.object({ communeId: areaId, name: villageName, id: areaId.optional() });
export const villageChangeSchema = z
  .object({ name: villageName.optional(), archived: z.boolean().optional() })
  .refine((v) => v.name !== undefined || v.archived !== undefined, { message: 'name or archived is needed' });

export type ManageResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: 'not_found' | 'forbidden' | 'already_exists' | 'invalid_request'; message: string };

const stamp = (session: Session, now: number) => ({
  at: new Date(now).toISOString(),
  actorId: session.user.id,
  deviceId: session.deviceId,
});

/** [M5] A new village of a managed commune. */
export async function createVillage(
  store: Store,
  scope: ManageScope,
  session: Session,
  input: z.infer<typeof newVillageSchema>,
  now: number,
): Promise<ManageResult<ManagedVillage>> {
  if (!managesCommune(scope, input.communeId))
    return { ok: false, code: 'forbidden', message: 'communeId: not a commune you manage' };
  return store.transaction(async (tx) => {
    const created = await createArea(
      tx,
      { id: input.id, kind: 'village', name: input.name, parentId: input.communeId },
      now,
    );
    if (!created.ok) return created;
    await appendManageAudit(tx, {
      ...stamp(session, now),
      communeId: input.communeId,
      action: 'village.create',
      targetAreaId: created.area.id,
      details: { name: input.name },
    });
    return { ok: true, value: { ...created.area, archived: false } };
  });
}

/** [M6] [M7] Rename, archive or bring back a village of a managed commune. */
export async function changeVillage(
  store: Store,
  scope: ManageScope,
  session: Session,
  id: string,
  change: z.infer<typeof villageChangeSchema>,
  now: number,
): Promise<ManageResult<ManagedVillage>> {
  return store.transaction(async (tx) => {
    const village = await managedVillage(tx, scope, id);
    if (!village) return { ok: false, code: 'not_found', message: 'no such village in your communes' };
    const audit = { ...stamp(session, now), communeId: village.parentId, targetAreaId: id };
    let next = village;
    if (change.name !== undefined && change.name !== village.name) {
      await tx.query('UPDATE areas SET name = $2 WHERE id = $1', [id, change.name]);
      await appendManageAudit(tx, {
        ...audit,
        action: 'village.rename',
        details: { old: village.name, new: change.name },
      });
      next = { ...next, name: change.name };
    }
    if (change.archived !== undefined && change.archived !== village.archived) {
      if (change.archived) {
        // [M7] Its volunteers first: a volunteer left with an archived village would work in a void.
        const assigned = await tx.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM users
            WHERE role = 'volunteer' AND deactivated_at IS NULL AND area_ids ? $1`,
          [id],
        );
        const n = Number(assigned[0]?.n ?? 0);
        if (n > 0)
          return {
            ok: false,
            code: 'invalid_request',
            message: `archived: ${n} active volunteer(s) still work in this village`,
          };
      }
      await tx.query('UPDATE areas SET archived_at = $2::timestamptz WHERE id = $1', [
        id,
        change.archived ? new Date(now).toISOString() : null,
      ]);
      await appendManageAudit(tx, {
        ...audit,
        action: change.archived ? 'village.archive' : 'village.unarchive',
      });
      next = { ...next, archived: change.archived };
    }
    return { ok: true, value: next };
  });
}
