// User accounts: the provisioning schema (the same for the API and the CLI), creation, listing and
// password resets. A user's areas must exist and fit the role (SYNC-API.md [A4]).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { areaId } from '../../domain/records.ts';
import { lineText } from '../../domain/text.ts';
import { ROLES, type Role, type User } from '../../domain/users.ts';
import { jsonColumn, type Queryable } from '../store/store.ts';
import { hashPassword } from './passwords.ts';
import { revokeAllTokens } from './tokens.ts';

export interface UserRow {
  id: string;
  name: string;
  phone: string;
  role: Role;
  area_ids: unknown;
}

/** users.area_ids (jsonb) as a list of area ids; anything else is no area at all. */
export function areaIdsOf(column: unknown): string[] {
  const ids = jsonColumn<unknown>(column);
  return Array.isArray(ids) ? ids.map(String) : [];
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    role: row.role,
    areaIds: areaIdsOf(row.area_ids),
  };
}

export const accountPhone = z.string().regex(/^0\d{9}$/, 'phone must be 0 followed by 9 digits');
// An upper bound keeps a huge "password" from costing the server more than scrypt already does.
export const accountPassword = z.string().min(8, 'password must have at least 8 characters').max(1024);
/**
 * A user's name, by the records' one-line text rule (src/domain/text.ts: NFC, invisible and bidi
 * controls stripped, spaces collapsed, 1–100 characters as a person counts them), and at most 100
 * UTF-16 code units: every phone build reads the name into its profile with `max(100)` in code units
 * (src/db/profile-schema.ts), and a longer one would fail its sign-in.
 */
export const personName = lineText({ min: 1, max: 100, maxUnits: 100 });

/** [A18] The body of POST /api/admin/users (and of the CLI's create-user). */
export const newUserSchema = z.object({
  name: personName,
  phone: accountPhone,
  password: accountPassword,
  role: z.enum(ROLES),
  areaIds: z.array(areaId).max(1000).default([]),
});
export type NewUser = z.infer<typeof newUserSchema>;

export type CreateUserResult =
  { ok: true; user: User } | { ok: false; code: 'already_exists' | 'invalid_request'; message: string };

/**
 * [A4] The kinds of area each role is given: volunteers work in villages, police answer for communes
 * or for provinces (all their communes), admins need none.
 */
const AREA_KINDS_OF_ROLE: Record<Role, readonly string[] | null> = {
  volunteer: ['village'],
  police: ['commune', 'province'],
  admin: null,
};

/** [A4] The areas must exist and be of the role's kind, or `areaIds` is named. */
export async function checkAreasForRole(
  db: Queryable,
  role: Role,
  areaIds: readonly string[],
): Promise<{ ok: true } | { ok: false; message: string }> {
  const unique = [...new Set(areaIds)];
  const rows = await db.query<{ id: string; kind: string }>(
    'SELECT id, kind FROM areas WHERE id = ANY($1::text[])',
    [unique],
  );
  const kinds = new Map(rows.map((r) => [r.id, r.kind]));
  const missing = unique.filter((id) => !kinds.has(id));
  if (missing.length > 0) return { ok: false, message: `areaIds: unknown area ${missing.join(', ')}` };
  const wanted = AREA_KINDS_OF_ROLE[role];
  const wrong = wanted ? unique.filter((id) => !wanted.includes(kinds.get(id) ?? '')) : [];
  if (wrong.length > 0)
    return {
      ok: false,
      message: `areaIds: a ${role} is given ${wanted!.join(' or ')} areas; ${wrong.join(', ')} is not`,
    };
  return { ok: true };
}

export async function createUser(db: Queryable, input: NewUser, now: number): Promise<CreateUserResult> {
  const areas = await checkAreasForRole(db, input.role, input.areaIds);
  if (!areas.ok) return { ok: false, code: 'invalid_request', message: areas.message };
  const user: User = {
    id: randomUUID(),
    name: input.name,
    phone: input.phone,
    role: input.role,
    areaIds: [...new Set(input.areaIds)],
  };
  const passwordHash = await hashPassword(input.password);
  // ON CONFLICT rather than a look-up first: two admins creating one phone at once get one 201, one 409
  // ([A18]).
  const rows = await db.query<{ id: string }>(
    `INSERT INTO users (id, name, phone, password_hash, role, area_ids, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::timestamptz)
     ON CONFLICT (phone) DO NOTHING RETURNING id`,
    [
      user.id,
      user.name,
      user.phone,
      passwordHash,
      user.role,
      JSON.stringify(user.areaIds),
      new Date(now).toISOString(),
    ],
  );
  if (rows.length === 0)
    return { ok: false, code: 'already_exists', message: 'phone: another user has this phone number' };
  return { ok: true, user };
}

/** [A19] Every user, never a password or its hash. */
export async function listUsers(db: Queryable): Promise<User[]> {
  const rows = await db.query<UserRow>(
    'SELECT id, name, phone, role, area_ids FROM users ORDER BY created_at, phone',
  );
  return rows.map(toUser);
}

export async function findUserByPhone(
  db: Queryable,
  phone: string,
): Promise<(User & { passwordHash: string; deactivated: boolean }) | null> {
  const rows = await db.query<UserRow & { password_hash: string; deactivated_at: unknown }>(
    'SELECT id, name, phone, role, area_ids, password_hash, deactivated_at FROM users WHERE phone = $1',
    [phone],
  );
  const row = rows[0];
  return row
    ? { ...toUser(row), passwordHash: row.password_hash, deactivated: row.deactivated_at !== null }
    : null;
}

export async function resetPassword(
  db: Queryable,
  phone: string,
  password: string,
  now: number,
): Promise<{ ok: true; user: User } | { ok: false; code: 'not_found'; message: string }> {
  const user = await findUserByPhone(db, phone);
  if (!user) return { ok: false, code: 'not_found', message: `no user has the phone ${phone}` };
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [
    user.id,
    await hashPassword(password),
  ]);
  await revokeAllTokens(db, user.id, now); // [S5] reset-password revokes every token of the user
  return { ok: true, user: toUser({ ...user, area_ids: user.areaIds }) };
}

/** [S3] ADMIN_PHONE / ADMIN_PASSWORD: create this admin when no user has the phone; never change one. */
export async function ensureAdmin(
  db: Queryable,
  input: { phone: string; password: string; name?: string },
  now: number,
): Promise<CreateUserResult | { ok: true; existed: true }> {
  const parsed = newUserSchema.safeParse({
    name: input.name ?? 'Quản trị',
    phone: input.phone,
    password: input.password,
    role: 'admin',
    areaIds: [],
  });
  if (!parsed.success) {
    return {
      ok: false,
      code: 'invalid_request',
      message: parsed.error.issues.map((i) => i.message).join('; '),
    };
  }
  if (await findUserByPhone(db, input.phone)) return { ok: true, existed: true };
  const created = await createUser(db, parsed.data, now);
  // Another process starting at the same moment created it first: that is the same outcome ([S3]).
  if (!created.ok && created.code === 'already_exists') return { ok: true, existed: true };
  return created;
}
