// A commune's volunteers from the management screen (SYNC-API.md [M8]–[M11]): create, assign villages,
// reset a password, deactivate and bring back. Only volunteers: police and admin accounts stay with the
// admin's own API and the CLI (least privilege: a commune's manager cannot make another manager).
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { areaId } from '../../domain/records.ts';
import type { User } from '../../domain/users.ts';
import type { Session } from '../accounts/tokens.ts';
import { accountPassword, accountPhone, areaIdsOf, personName } from '../accounts/users.ts';
import { hashPassword } from '../accounts/passwords.ts';
import type { Queryable, Store } from '../store/store.ts';
import { appendManageAudit, type ManageAction } from './manage-audit.ts';
import {
  communesOfVillages,
  managedVolunteer,
  managesCommune,
  type ManageScope,
  type ManagedVolunteer,
} from './scope.ts';
import type { ManageResult } from './villages.ts';

const villageIds = z.array(areaId).min(1, 'a volunteer works in at least one village').max(50);

export const newVolunteerSchema = z.object({
  name: personName,
  phone: accountPhone,
  villageIds,
  // Optional: a volunteer set up by QR code never needs one ([M20]).
  password: accountPassword.optional(),
});
export const volunteerChangeSchema = z
  .object({ name: personName.optional(), villageIds: villageIds.optional(), active: z.boolean().optional() })
  .refine((v) => v.name !== undefined || v.villageIds !== undefined || v.active !== undefined, {
    message: 'name, villageIds or active is needed',
  });
export const passwordSchema = z.object({ password: accountPassword });

const stamp = (session: Session, now: number) => ({
  at: new Date(now).toISOString(),
  actorId: session.user.id,
  deviceId: session.deviceId,
});

/**
 * [M9] Villages a manager may give: existing villages of managed communes, not archived, all of one
 * commune (a volunteer belongs to one working group's commune).
 */
async function checkVillages(
  db: Queryable,
  scope: ManageScope,
  ids: readonly string[],
  keep: readonly string[] = [],
): Promise<{ ok: true; communeId: string } | { ok: false; message: string }> {
  const unique = [...new Set(ids)];
  const communes = await communesOfVillages(db, unique);
  const bad = unique.filter((_, i) => communes[i] === null || !managesCommune(scope, communes[i]!));
  if (bad.length > 0)
    return { ok: false, message: `villageIds: not a village you manage: ${bad.join(', ')}` };
  if (new Set(communes).size > 1) return { ok: false, message: 'villageIds: villages of one commune only' };
  const archived = await db.query<{ id: string }>(
    'SELECT id FROM areas WHERE id = ANY($1::text[]) AND archived_at IS NOT NULL',
    [unique.filter((id) => !keep.includes(id))],
  );
  if (archived.length > 0)
    return { ok: false, message: `villageIds: archived village ${archived.map((r) => r.id).join(', ')}` };
  return { ok: true, communeId: communes[0]! };
}

/** [M8] The volunteers of the managed communes (all of whose villages are theirs, [M3]), by name. */
export async function listVolunteers(db: Queryable, scope: ManageScope): Promise<ManagedVolunteer[]> {
  const rows = await db.query<{
    id: string;
    name: string;
    phone: string;
    area_ids: unknown;
    deactivated_at: unknown;
  }>(
    `SELECT u.id, u.name, u.phone, u.area_ids, u.deactivated_at FROM users u
      WHERE u.role = 'volunteer' AND EXISTS (
        SELECT 1 FROM areas a WHERE a.kind = 'village' AND a.parent_id = ANY($1::text[]) AND u.area_ids ? a.id)
      ORDER BY u.name, u.phone`,
    [scope.communes.map((c) => c.id)],
  );
  const areaIds = rows.map((r) => areaIdsOf(r.area_ids));
  const villages = [...new Set(areaIds.flat())];
  const communeOf = new Map(
    (await communesOfVillages(db, villages)).map((commune, i) => [villages[i]!, commune]),
  );
  return rows.flatMap((r, i) => {
    const communes = areaIds[i]!.map((id) => communeOf.get(id) ?? null);
    if (communes.some((c) => c === null || !managesCommune(scope, c))) return [];
    return [
      {
        id: r.id,
        name: r.name,
        phone: r.phone,
        role: 'volunteer' as const,
        areaIds: areaIds[i]!,
        active: r.deactivated_at === null,
        communeId: communes[0] ?? null,
      },
    ];
  });
}

/** [M9] A new volunteer; without a password the account can only be set up by a code ([M20]). */
export async function createVolunteer(
  store: Store,
  scope: ManageScope,
  session: Session,
  input: z.infer<typeof newVolunteerSchema>,
  now: number,
): Promise<ManageResult<ManagedVolunteer>> {
  // Hashed before the transaction: scrypt is slow, and a transaction should not wait on it. A random
  // password nobody knows stands for "none" (the login compares hashes as ever).
  const hash = await hashPassword(input.password ?? randomBytes(32).toString('base64url'));
  return store.transaction(async (tx) => {
    const villages = await checkVillages(tx, scope, input.villageIds);
    if (!villages.ok) return { ok: false, code: 'invalid_request', message: villages.message };
    const user: User = {
      id: randomUUID(),
      name: input.name,
      phone: input.phone,
      role: 'volunteer',
      areaIds: [...new Set(input.villageIds)],
    };
    const rows = await tx.query(
      `INSERT INTO users (id, name, phone, password_hash, role, area_ids, created_at)
       VALUES ($1, $2, $3, $4, 'volunteer', $5::jsonb, $6::timestamptz)
       ON CONFLICT (phone) DO NOTHING RETURNING id`,
      [user.id, user.name, user.phone, hash, JSON.stringify(user.areaIds), new Date(now).toISOString()],
    );
    if (rows.length === 0)
      return { ok: false, code: 'already_exists', message: 'phone: another user has this phone number' };
    await appendManageAudit(tx, {
      ...stamp(session, now),
      communeId: villages.communeId,
      action: 'volunteer.create',
      targetUserId: user.id,
      details: { name: user.name, villageIds: user.areaIds, password: input.password !== undefined },
    });
    return { ok: true, value: { ...user, active: true, communeId: villages.communeId } };
  });
}

/**
 * [M10] [M11] Rename, reassign, deactivate or bring back a volunteer. Deactivating refuses their logins
 * and set-up codes and asks every phone of theirs to hand in its edits and wipe itself ([D8]): their
 * tokens are not cut at once, so nothing they wrote offline is lost.
 */
export async function changeVolunteer(
  store: Store,
  scope: ManageScope,
  session: Session,
  id: string,
  change: z.infer<typeof volunteerChangeSchema>,
  now: number,
): Promise<ManageResult<ManagedVolunteer>> {
  return store.transaction(async (tx) => {
    const volunteer = await managedVolunteer(tx, scope, id);
    if (!volunteer) return { ok: false, code: 'not_found', message: 'no such volunteer in your communes' };
    const at = new Date(now).toISOString();
    const audit = (action: ManageAction, details: Record<string, unknown>, communeId = volunteer.communeId) =>
      appendManageAudit(tx, { ...stamp(session, now), communeId, action, targetUserId: id, details });
    let next = volunteer;
    const fields: Record<string, unknown> = {};
    if (change.name !== undefined && change.name !== volunteer.name) fields.name = change.name;
    const newVillages = change.villageIds && [...new Set(change.villageIds)];
    if (newVillages && newVillages.join() !== volunteer.areaIds.join()) {
      const villages = await checkVillages(tx, scope, newVillages, volunteer.areaIds);
      if (!villages.ok) return { ok: false, code: 'invalid_request', message: villages.message };
      fields.villageIds = newVillages;
      next = { ...next, communeId: villages.communeId };
    }
    if (Object.keys(fields).length > 0) {
      await tx.query(
        'UPDATE users SET name = COALESCE($2, name), area_ids = COALESCE($3::jsonb, area_ids) WHERE id = $1',
        [id, fields.name ?? null, fields.villageIds ? JSON.stringify(fields.villageIds) : null],
      );
      await audit('volunteer.update', fields, next.communeId);
      next = {
        ...next,
        name: (fields.name as string | undefined) ?? next.name,
        areaIds: (fields.villageIds as string[] | undefined) ?? next.areaIds,
      };
    }
    if (change.active !== undefined && change.active !== volunteer.active) {
      await tx.query('UPDATE users SET deactivated_at = $2::timestamptz WHERE id = $1', [
        id,
        change.active ? null : at,
      ]);
      if (!change.active) {
        await tx.query(
          'UPDATE setup_codes SET cancelled_at = $2::timestamptz WHERE user_id = $1 AND used_at IS NULL AND cancelled_at IS NULL',
          [id, at],
        );
        await tx.query(
          `UPDATE devices SET revoke_requested_at = $2::timestamptz, revoke_requested_by = $3
            WHERE user_id = $1 AND revoke_requested_at IS NULL AND revoked_at IS NULL`,
          [id, at, session.user.id],
        );
      }
      await audit(change.active ? 'volunteer.reactivate' : 'volunteer.deactivate', {});
      next = { ...next, active: change.active };
    }
    return { ok: true, value: next };
  });
}

/**
 * [M11] A new password for a volunteer who forgot theirs. Their phones stay signed in (a forgotten
 * password is no stolen phone: revoking a phone is its own action, [D8]).
 */
export async function setVolunteerPassword(
  store: Store,
  scope: ManageScope,
  session: Session,
  id: string,
  password: string,
  now: number,
): Promise<ManageResult<null>> {
  const hash = await hashPassword(password);
  return store.transaction(async (tx) => {
    const volunteer = await managedVolunteer(tx, scope, id);
    if (!volunteer) return { ok: false, code: 'not_found', message: 'no such volunteer in your communes' };
    await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, hash]);
    await appendManageAudit(tx, {
      ...stamp(session, now),
      communeId: volunteer.communeId,
      action: 'volunteer.password',
      targetUserId: id,
    });
    return { ok: true, value: null };
  });
}
