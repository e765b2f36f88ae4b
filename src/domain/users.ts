// Who uses Sổ 06, as the server stores them and the phone keeps them after sign-in: the roles and the
// public view of a user (never the password). Plain types, no zod: the phone reads its stored session
// with these before the first screen (sync/session.ts), and zod loads later.

/** [A3] Volunteers write their villages; police read their communes (or province); admins provision. */
export const ROLES = ['volunteer', 'police', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A user as the API shows them: the login answer's `user`, the admin's list, the token's identity. */
export interface User {
  id: string;
  name: string;
  phone: string;
  role: Role;
  /** Villages for a volunteer, communes (or a province) for the police, none for an admin. */
  areaIds: string[];
}

/** A Vietnamese mobile number as the server keeps it: 0 and nine digits (spaces and dots ignored). */
export function normalisePhone(typed: string): string | null {
  const digits = typed.replace(/[\s.-]/g, '');
  return /^0\d{9}$/.test(digits) ? digits : null;
}
