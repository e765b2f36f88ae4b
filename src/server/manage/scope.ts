// Who may manage what (SYNC-API.md "Managing a commune", [M1]–[M4]): an admin every commune; commune
// police their own communes when the server lets them (POLICE_MANAGE, on by default: the commune
// police run the working groups); volunteers nothing. Managing means the commune's villages, its
// volunteers (never police or admins), their set-up codes and phones, and importing its households.
import { toArea, type Area, type AreaRow } from '../accounts/areas.ts';
import { areaIdsOf } from '../accounts/users.ts';
import type { Queryable } from '../store/store.ts';
import type { User } from '../../domain/users.ts';

export interface ManageScope {
  /** The communes managed, by name. */
  communes: Area[];
}

/** [M1] The communes `user` manages, or null when they manage none (then every /api/manage call is 403). */
export async function manageScope(
  db: Queryable,
  user: User,
  policeManage: boolean,
): Promise<ManageScope | null> {
  if (user.role === 'admin') {
    const rows = await db.query<AreaRow>(
      "SELECT id, kind, name, parent_id, lock_minutes FROM areas WHERE kind = 'commune' ORDER BY name, id",
    );
    return { communes: rows.map(toArea) };
  }
  if (user.role !== 'police' || !policeManage) return null;
  const rows = await db.query<AreaRow>(
    "SELECT id, kind, name, parent_id, lock_minutes FROM areas WHERE kind = 'commune' AND id = ANY($1::text[]) ORDER BY name, id",
    [user.areaIds],
  );
  return rows.length > 0 ? { communes: rows.map(toArea) } : null;
}

export function managesCommune(scope: ManageScope, communeId: string): boolean {
  return scope.communes.some((c) => c.id === communeId);
}

export interface ManagedVillage extends Area {
  archived: boolean;
}

/** The villages of the communes managed (archived ones too, marked), by name. */
export async function managedVillages(db: Queryable, scope: ManageScope): Promise<ManagedVillage[]> {
  const rows = await db.query<AreaRow & { archived_at: unknown }>(
    `SELECT id, kind, name, parent_id, archived_at FROM areas
      WHERE kind = 'village' AND parent_id = ANY($1::text[]) ORDER BY name, id`,
    [scope.communes.map((c) => c.id)],
  );
  return rows.map((r) => ({ ...toArea(r), archived: r.archived_at !== null }));
}

/** A village of a managed commune, or null (unknown, or another commune's: the same answer, [M3]). */
export async function managedVillage(
  db: Queryable,
  scope: ManageScope,
  id: string,
): Promise<ManagedVillage | null> {
  const rows = await db.query<AreaRow & { archived_at: unknown }>(
    "SELECT id, kind, name, parent_id, archived_at FROM areas WHERE id = $1 AND kind = 'village'",
    [id],
  );
  const row = rows[0];
  if (!row || !managesCommune(scope, row.parent_id ?? '')) return null;
  return { ...toArea(row), archived: row.archived_at !== null };
}

export interface ManagedVolunteer extends User {
  active: boolean;
  /** The commune of their villages (of the first, should an admin have given villages of two). */
  communeId: string | null;
}

/**
 * [M3] A volunteer every one of whose villages is in a managed commune, or null (unknown, not a
 * volunteer, or someone else's: one answer, so that a manager learns nothing of other communes).
 */
export async function managedVolunteer(
  db: Queryable,
  scope: ManageScope,
  id: string,
): Promise<ManagedVolunteer | null> {
  const rows = await db.query<{
    id: string;
    name: string;
    phone: string;
    role: string;
    area_ids: unknown;
    deactivated_at: unknown;
  }>('SELECT id, name, phone, role, area_ids, deactivated_at FROM users WHERE id = $1', [id]);
  const row = rows[0];
  if (!row || row.role !== 'volunteer') return null;
  const areaIds = areaIdsOf(row.area_ids);
  const communes = await communesOfVillages(db, areaIds);
  if (areaIds.length === 0 || communes.some((c) => c === null || !managesCommune(scope, c))) return null;
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    role: 'volunteer',
    areaIds,
    active: row.deactivated_at === null,
    communeId: communes[0] ?? null,
  };
}

/** The commune of each village id (null for an id that is not a village). */
export async function communesOfVillages(
  db: Queryable,
  villageIds: readonly string[],
): Promise<(string | null)[]> {
  if (villageIds.length === 0) return [];
  const rows = await db.query<{ id: string; parent_id: string | null }>(
    "SELECT id, parent_id FROM areas WHERE kind = 'village' AND id = ANY($1::text[])",
    [villageIds],
  );
  const parent = new Map(rows.map((r) => [r.id, r.parent_id]));
  return villageIds.map((id) => parent.get(id) ?? null);
}
