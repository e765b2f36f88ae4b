// The area tree (province → commune → village): provisioning, and which areas a user may see and write.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { fold } from '../../domain/fold.ts';
import { areaId } from '../../domain/records.ts';
import { lineText } from '../../domain/text.ts';
import type { Queryable } from '../store/store.ts';
import type { User } from '../../domain/users.ts';

/** [A1] The kinds of the area tree: a province (tỉnh, thành phố) above communes since 7/2025. */
export const AREA_KINDS = ['province', 'commune', 'village'] as const;
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

/** [A1] The kind of parent each kind of area takes: null for none. */
const PARENT_KIND: Record<AreaKind, AreaKind | null> = {
  province: null,
  commune: 'province',
  village: 'commune',
};

/**
 * [A1] A province has no parent; a commune none (as before provinces) or an existing province; a
 * village an existing commune. [A17] A taken id is `already_exists`, a bad parent `invalid_request`
 * naming `parentId`.
 */
export async function createArea(db: Queryable, input: NewArea, now: number): Promise<CreateAreaResult> {
  const parentId = input.parentId ?? null;
  const parentKind = PARENT_KIND[input.kind];
  if (parentKind === null && parentId !== null) {
    return { ok: false, code: 'invalid_request', message: `parentId: a ${input.kind} has no parent area` };
  }
  if (input.kind === 'village' && parentId === null)
    return { ok: false, code: 'invalid_request', message: 'parentId: a village needs its commune' };
  if (parentKind !== null && parentId !== null) {
    const parent = await getArea(db, parentId);
    if (!parent || parent.kind !== parentKind) {
      return {
        ok: false,
        code: 'invalid_request',
        message: `parentId: ${parentId} is not an existing ${parentKind}`,
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
  // [T8] [PL4] A village's counters row from its first moment: pulls wait on it for the village's
  // writes under way (police/village-tallies.ts shareVillageTallies).
  if (area.kind === 'village')
    await db.query(
      'INSERT INTO village_tallies (village_id) VALUES ($1) ON CONFLICT (village_id) DO NOTHING',
      [area.id],
    );
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

/** Provinces first, then communes, then villages; by name within a kind. */
const AREA_ORDER = "ORDER BY CASE kind WHEN 'province' THEN 0 WHEN 'commune' THEN 1 ELSE 2 END, name, id";

/**
 * [A4] The communes a police officer answers for, as SQL over `$1` (their area ids): those given them,
 * and every commune of the provinces given them.
 */
const POLICE_COMMUNES = `SELECT id FROM areas
  WHERE kind = 'commune' AND (id = ANY($1::text[]) OR parent_id = ANY($1::text[]))`;

/**
 * [A16] The areas a user may see: an admin all; police their provinces, their communes (those of
 * their provinces included) and the villages under them; a volunteer their villages and the communes
 * above them (never a province: phones of older builds know no such kind).
 */
export async function areasVisibleTo(db: Queryable, user: User): Promise<Area[]> {
  if (user.role === 'admin') {
    return (await db.query<AreaRow>(`SELECT ${AREA_COLUMNS} FROM areas ${AREA_ORDER}`)).map(toArea);
  }
  const sql =
    user.role === 'police'
      ? `SELECT ${AREA_COLUMNS} FROM areas
          WHERE (kind = 'province' AND id = ANY($1::text[]))
             OR id IN (${POLICE_COMMUNES})
             OR (kind = 'village' AND parent_id IN (${POLICE_COMMUNES})) ${AREA_ORDER}`
      : `SELECT ${AREA_COLUMNS} FROM areas
          WHERE (kind = 'village' AND id = ANY($1::text[]))
             OR id IN (SELECT parent_id FROM areas WHERE kind = 'village' AND id = ANY($1::text[])) ${AREA_ORDER}`;
  return (await db.query<AreaRow>(sql, [user.areaIds])).map(toArea);
}

/**
 * [PL6] The villages whose records a user may read (pull): 'all' for an admin, police their communes'
 * (a province's police: every commune of it).
 */
export async function readableVillages(db: Queryable, user: User): Promise<string[] | 'all'> {
  if (user.role === 'admin') return 'all';
  if (user.role === 'volunteer') return [...user.areaIds].sort();
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM areas WHERE kind = 'village' AND parent_id IN (${POLICE_COMMUNES}) ORDER BY id`,
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

/**
 * [A4] Whether police read a commune: it is theirs, or its province is. `provinceId` is the commune's
 * parent (null for a commune without a province).
 */
export function readsCommune(user: User, communeId: string, provinceId: string | null): boolean {
  if (user.role === 'admin') return true;
  if (user.role !== 'police') return false;
  return user.areaIds.includes(communeId) || (provinceId !== null && user.areaIds.includes(provinceId));
}

/**
 * [A4] Whether a user directs a commune's work (launches and closes its campaigns, sets its targets): an
 * admin, or police given that commune by name. A province's police read its communes and direct none.
 * The rule is the domain's: the phones judge it the same, and offer no control the server refuses.
 */
export { directsCommune } from '../../domain/directs.ts';

export type AreaAccess =
  | {
      ok: true;
      area: Area;
      /** The area's villages: itself for a village; by name, or commune by commune for a province. */
      villages: Area[];
      /** A province's communes, by name; absent for a commune or a village. */
      communes?: Area[];
    }
  | { ok: false; code: 'not_found' | 'forbidden' };

/** An area and the areas above it, nearest first. */
async function lineage(db: Queryable, id: string): Promise<Area[]> {
  const rows = await db.query<AreaRow & { depth: number }>(
    `WITH RECURSIVE up AS (
       SELECT id, kind, name, parent_id, 0 AS depth FROM areas WHERE id = $1
       UNION ALL
       SELECT a.id, a.kind, a.name, a.parent_id, up.depth + 1 FROM areas a JOIN up ON a.id = up.parent_id
        WHERE up.depth < 3)
     SELECT id, kind, name, parent_id, depth FROM up ORDER BY depth`,
    [id],
  );
  return rows.map(toArea);
}

/**
 * Whether a user may look at one area's tallies or devices, and its villages ([T7], [D1], [RV1]). Police
 * and admins any area in their scope (a province's police: the province, its communes and their
 * villages); a volunteer only their own villages (a commune id is forbidden to them); an unknown area
 * is `not_found`. The villages come by name ([T1]), a province's commune by commune.
 */
export async function accessArea(db: Queryable, user: User, id: string): Promise<AreaAccess> {
  const [area, ...above] = await lineage(db, id);
  if (!area) return { ok: false, code: 'not_found' };
  const allowed =
    user.role === 'admin' ||
    (user.role === 'police' &&
      [area, ...above].some((a) => a.kind !== 'village' && user.areaIds.includes(a.id))) ||
    (user.role === 'volunteer' && area.kind === 'village' && user.areaIds.includes(area.id));
  if (!allowed) return { ok: false, code: 'forbidden' };
  if (area.kind === 'village') return { ok: true, area, villages: [area] };
  if (area.kind === 'commune') {
    const villages = await db.query<AreaRow>(
      "SELECT id, kind, name, parent_id FROM areas WHERE kind = 'village' AND parent_id = $1 ORDER BY name, id",
      [area.id],
    );
    return { ok: true, area, villages: villages.map(toArea) };
  }
  const communes = (
    await db.query<AreaRow>(
      "SELECT id, kind, name, parent_id FROM areas WHERE kind = 'commune' AND parent_id = $1 ORDER BY name, id",
      [area.id],
    )
  ).map(toArea);
  const villages = (
    await db.query<AreaRow>(
      `SELECT v.id, v.kind, v.name, v.parent_id FROM areas v JOIN areas c ON c.id = v.parent_id
        WHERE v.kind = 'village' AND c.kind = 'commune' AND c.parent_id = $1
        ORDER BY c.name, c.id, v.name, v.id`,
      [area.id],
    )
  ).map(toArea);
  return { ok: true, area, villages, communes };
}
