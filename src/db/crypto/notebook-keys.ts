// The notebook's keyring in its meta table, and what the app does with it: seal a notebook under a
// new PIN (a new phone's, or one kept in the clear by a build from before issue 16, with its pending
// edits), unlock it, count wrong PINs, change the PIN, add the recovery wrap once online.
//
// The keyring and the wrong-PIN count stay readable while locked (sealed-rows.ts): the lock screen
// needs them. The count protects a phone in a stranger's hand (5 tries, then an online sign-in); it
// cannot protect a copied profile, whose copy can reset it (docs/SECURITY.md).
import type { Table } from 'dexie';
import { notebookTables, type NotebookDb } from '../db.ts';
import type { Readable } from '../reads.ts';
import type { MetaRow } from '../rows.ts';
import {
  addRecovery,
  asKeyring,
  changePin,
  createKeyring,
  unlockWithPin,
  unlockWithRecovery,
  type StoredKeyring,
} from './keyring.ts';
import { RowCipher } from './row-cipher.ts';

export const KEYRING_KEY = 'keyring';
export const PIN_FAILURES_KEY = 'pinFailures';
/** Wrong PINs in a row after which only the password (online) unlocks the notebook. */
export const MAX_PIN_FAILURES = 5;

export async function readKeyring(db: Readable): Promise<StoredKeyring | null> {
  return asKeyring((await db.reads.get<MetaRow>('meta', KEYRING_KEY))?.value);
}

export async function pinFailures(db: Readable): Promise<number> {
  const value = (await db.reads.get<MetaRow>('meta', PIN_FAILURES_KEY))?.value;
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0;
}

/**
 * Seal every row of the notebook under a new key wrapped by `pin` (and the recovery secret when
 * known), in one transaction: the notebook is sealed whole with its keyring, or stays as it was. The
 * outbox keeps its order and its mutation ids, so its edits reach the server exactly once. A notebook
 * another tab sealed meanwhile is left alone ('already_sealed': unlock it instead). The notebook is
 * open (unlocked) afterwards.
 */
export async function sealNotebook(
  db: NotebookDb,
  pin: string,
  recoverySecret: Uint8Array<ArrayBuffer> | null,
  iterations?: number,
): Promise<'sealed' | 'already_sealed'> {
  const { keyring, key } = await createKeyring(pin, recoverySecret, iterations);
  try {
    return await db.transaction('rw', notebookTables(db), async () => {
      if (asKeyring((await db.meta.get(KEYRING_KEY))?.value)) return 'already_sealed' as const;
      // Read as they are (plain rows open as themselves), then written back sealed.
      const tables = notebookTables(db);
      const rows = await Promise.all(tables.map((t) => t.toArray()));
      db.lock.open(new RowCipher(key));
      await Promise.all(
        tables.map((t, i) => rows[i]!.length && (t as Table<unknown, IDBValidKey>).bulkPut(rows[i]!)),
      );
      await db.meta.put({ key: KEYRING_KEY, value: keyring });
      await db.meta.delete(PIN_FAILURES_KEY);
      return 'sealed' as const;
    });
  } catch (error) {
    if (db.lock.state === 'open') db.lock.lock();
    throw error;
  } finally {
    key.fill(0);
  }
}

export type UnlockResult =
  | { ok: true }
  | { ok: false; code: 'wrong_pin'; failures: number }
  | { ok: false; code: 'too_many' }
  | { ok: false; code: 'no_keyring' };

/**
 * Unlock with the PIN. A wrong one is counted (kept across restarts); from the MAX_PIN_FAILURES-th on,
 * the PIN is not even tried: only recovery (an online sign-in) unlocks. A keyring sealed offline gets
 * its recovery wrap here, at the first unlock where `recovery` can fetch the account's secret.
 */
export async function unlockByPin(
  db: NotebookDb,
  pin: string,
  recovery?: () => Promise<Uint8Array<ArrayBuffer> | null>,
): Promise<UnlockResult> {
  const keyring = await readKeyring(db);
  if (!keyring) return { ok: false, code: 'no_keyring' };
  if ((await pinFailures(db)) >= MAX_PIN_FAILURES) return { ok: false, code: 'too_many' };
  const opened = await unlockWithPin(keyring, pin);
  if (!opened.ok) {
    const failures = await db.transaction('rw', db.meta, async () => {
      const n = (await pinFailures(db)) + 1;
      await db.meta.put({ key: PIN_FAILURES_KEY, value: n });
      return n;
    });
    return failures >= MAX_PIN_FAILURES
      ? { ok: false, code: 'too_many' }
      : { ok: false, code: 'wrong_pin', failures };
  }
  try {
    db.lock.open(new RowCipher(opened.key));
    await db.meta.delete(PIN_FAILURES_KEY);
    const secret = keyring.byRecovery || !recovery ? null : await recovery().catch(() => null);
    if (secret)
      await db.meta.put({ key: KEYRING_KEY, value: await addRecovery(keyring, opened.key, secret) });
  } finally {
    opened.key.fill(0);
  }
  return { ok: true };
}

/**
 * Unlock with the account's recovery secret (after an online sign-in) and set a new PIN at once: the
 * wrong-PIN count starts again. Nothing of the notebook is rewritten but its keyring.
 */
export async function recoverWithNewPin(
  db: NotebookDb,
  recoverySecret: Uint8Array<ArrayBuffer>,
  newPin: string,
  iterations?: number,
): Promise<{ ok: true } | { ok: false; code: 'wrong_secret' | 'no_keyring' }> {
  const keyring = await readKeyring(db);
  if (!keyring) return { ok: false, code: 'no_keyring' };
  const opened = await unlockWithRecovery(keyring, recoverySecret);
  if (!opened.ok) return opened;
  const changed = await changePin(keyring, { recoverySecret }, newPin, iterations);
  if (!changed.ok) return changed;
  await db.transaction('rw', db.meta, async () => {
    await db.meta.put({ key: KEYRING_KEY, value: changed.keyring });
    await db.meta.delete(PIN_FAILURES_KEY);
  });
  db.lock.open(new RowCipher(opened.key));
  opened.key.fill(0);
  return { ok: true };
}

/** A new PIN proven by the current one (the settings screen). */
export async function changeNotebookPin(
  db: NotebookDb,
  oldPin: string,
  newPin: string,
  iterations?: number,
): Promise<{ ok: true } | { ok: false; code: 'wrong_secret' | 'no_keyring' }> {
  const keyring = await readKeyring(db);
  if (!keyring) return { ok: false, code: 'no_keyring' };
  const changed = await changePin(keyring, { pin: oldPin }, newPin, iterations);
  if (!changed.ok) return changed;
  await db.meta.put({ key: KEYRING_KEY, value: changed.keyring });
  return { ok: true };
}
