// The recovery key of an account (SYNC-API.md [A23]): the server's half of the phones' encrypted
// notebooks (issue 16, src/db/crypto/keyring.ts). A phone wraps its notebook's key with it at the PIN's
// set-up, so that a forgotten PIN costs an online sign-in and never the unsynced edits. One per account,
// made at the first request (two first requests at once get the same key: one statement decides), and
// never changed: a phone offline at a change could no longer recover its notebook. Never in a log,
// the login's answer, /api/me or any list.
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../store/store.ts';

export async function recoveryKeyOf(db: Queryable, userId: string): Promise<string> {
  const rows = await db.query<{ recovery_key: string }>(
    'UPDATE users SET recovery_key = COALESCE(recovery_key, $2) WHERE id = $1 RETURNING recovery_key',
    [userId, randomBytes(32).toString('base64url')],
  );
  const key = rows[0]?.recovery_key;
  if (!key) throw new Error('recovery key: the token’s user is gone');
  return key;
}
