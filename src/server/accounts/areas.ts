// The area tree (commune → village): provisioning, and which areas a user may see and write.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { fold } from '../../domain/fold.ts';
import { areaId } from '../../domain/records.ts';
import { lineText } from '../../domain/text.ts';
import type { Queryable } from '../store/store.ts';
import type { User } from '../../domain/users.ts';

/** [A1] The kinds of the area tree; provinces are not implemented yet (SYNC-API.md "Known gaps"). */
export const AREA_KINDS = ['commune', 'village'] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

export interface Area {
  id: string;
  kind: AreaKind;
  name: string;
  parentId: string | null;
}

export interface AreaRow {
  id: string;
  kind: AreaKind;
  name: string;
  parent_id: string | null;
  lock_minutes?: number | null;
}

/** [A16] A commune's own lock time ([M26]) only where an admin set one: phones default to 5 minutes. */
export const toArea = (r: AreaRow): Area => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  parentId: r.parent_id,
  ...(r.lock_minutes === null || r.lock_minutes === undefined ? {} : { lockMinutes: Number(r.lock_minutes) }),
});

/** [A2] An area's id ([a-z0-9-]{1,64}) and name; [A17] the body of POST /api/admin/areas. */
export const newAreaSchema = z.object({
  id: areaId.optional(),
  kind: z.enum(AREA_KINDS),
  // The users' name rule (users.ts personName): the phones read area names with max(100) code units too.
  name: lineText({ min: 1, max: 100, maxUnits: 100 }),
  parentId: areaId.nullable().optional(),
});
export type NewArea = z.infer<typeof newAreaSchema>;

export type CreateAreaResult =
  { ok: true; area: Area } | { ok: false; code: 'already_exists' | 'invalid_request'; message: string };

/** [A2] A readable id from the name (`Thôn Đông` → `thon-dong-3fa2`), within [a-z0-9-]{1,64}. */
export function areaIdFromName(name: string): string {
  const slug = fold(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  const suffix = randomBytes(3).toString('hex');
  return slug ? `${slug}-${suffix}` : `area-${suffix}`;
}

/**
 * [A1] A commune has no parent, a village's parent is an existing commune; [A17] a taken id is
 * `already_exists`, a bad parent `invalid_request` naming `parentId`.
 */
export async function createArea(db: Queryable, input: NewArea, now: number): Promise<CreateAreaResult> {
  const parentId = input.parentId ?? null;
  if (input.kind === 'commune' && parentId !== null) {
    return { ok: false, code: 'invalid_request', message: 'parentId: a commune has no parent area' };
  }
  if (input.kind === 'village') {
    if (parentId === null)
      return { ok: false, code: 'invalid_request', message: 'parentId: a village needs its commune' };
    const parent = await getArea(db, parentId);
    if (!parent || parent.kind !== 'commune') {
      return {
        ok: false,
        code: 'invalid_request',
        message: `parentId: ${parentId} is not an existing commune`,
      };
    }
  }
  const area: Area = {
    id: input.id ?? areaIdFromName(input.name),
    kind: input.kind,
    name: input.name,
    parentId,
  };
  const rows = await db.query(
    `INSERT INTO areas (id, kind, name, parent_id, created_at) VALUES ($1, $2, $3, $4, $5::timestamptz)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [area.id, area.kind, area.name, area.parentId, new Date(now).toISOString()],
  );
  if (rows.length === 0)
    return { ok: false, code: 'already_exists', message: `id: the area ${area.id} exists` };
  return { ok: true, area };
}

export async function getArea(db: Queryable, id: string): Promise<Area | null> {
  const rows = await db.query<AreaRow>('SELECT id, kind, name, parent_id FROM areas WHERE id = $1', [id]);
  return rows[0] ? toArea(rows[0]) : null;
}

export async function countAreas(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM areas');
  return Number(rows[0]?.n ?? 0);
}

const AREA_COLUMNS = 'id, kind, name, parent_id, lock_minutes';

/**
 * [A16] The areas a user may see: an admin all; police their communes and the villages under them; a
 * volunteer their villages and the communes above them.
 */
export async function areasVisibleTo(db: Queryable, user: User): Promise<Area[]> {
  const order = "ORDER BY (kind = 'village'), name, id";
  if (user.role === 'admin') {
    return (await db.query<AreaRow>(`SELECT ${AREA_COLUMNS} FROM areas ${order}`)).map(toArea);
  }
  const sql =
    user.role === 'police'
      ? `SELECT ${AREA_COLUMNS} FROM areas
          WHERE (kind = 'commune' AND id = ANY($1::text[])) OR (kind = 'village' AND parent_id = ANY($1::text[])) ${order}`
      : `SELECT ${AREA_COLUMNS} FROM areas
          WHERE (kind = 'village' AND id = ANY($1::text[]))
             OR id IN (SELECT parent_id FROM areas WHERE kind = 'village' AND id = ANY($1::text[])) ${order}`;
  return (await db.query<AreaRow>(sql, [user.areaIds])).map(toArea);
}

/** [PL6] The villages whose records a user may read (pull): 'all' for an admin, police their communes'. */
export async function readableVillages(db: Queryable, user: User): Promise<string[] | 'all'> {
  if (user.role === 'admin') return 'all';
  if (user.role === 'volunteer') return [...user.areaIds].sort();
  const rows = await db.query<{ id: string }>(
    "SELECT id FROM areas WHERE kind = 'village' AND parent_id = ANY($1::text[]) ORDER BY id",
    [user.areaIds],
  );
  return rows.map((r) => r.id);
}

/** [P15] The villages whose records a user may write (push): police none ([P1]), volunteers their own. */
export function writableVillages(user: User): ReadonlySet<string> | 'all' {
  if (user.role === 'admin') return 'all';
  if (user.role === 'police') return new Set();
  return new Set(user.areaIds);
}

export type AreaAccess =
  { ok: true; area: Area; villages: Area[] } | { ok: false; code: 'not_found' | 'forbidden' };

/**
 * Whether a user may look at one area's tallies or devices, and its villages ([T7], [D1], [RV1]). Police
 * and admins any area in their scope; a volunteer only their own villages (a commune id is forbidden to
 * them); an unknown area is `not_found`. The villages come by name ([T1]).
 */
export async function accessArea(db: Queryable, user: User, id: string): Promise<AreaAccess> {
  const area = await getArea(db, id);
  if (!area) return { ok: false, code: 'not_found' };
  const allowed =
    user.role === 'admin' ||
    (user.role === 'police' &&
      user.areaIds.includes(area.kind === 'commune' ? area.id : (area.parentId ?? ''))) ||
    (user.role === 'volunteer' && area.kind === 'village' && user.areaIds.includes(area.id));
  if (!allowed) return { ok: false, code: 'forbidden' };
  const villages =
    area.kind === 'village'
      ? [area]
      : (
          await db.query<AreaRow>(
            "SELECT id, kind, name, parent_id FROM areas WHERE kind = 'village' AND parent_id = $1 ORDER BY name, id",
            [area.id],
          )
        ).map(toArea);
  return { ok: true, area, villages };
}
