// The notebook's keyring in its meta table, and what the app does with it: seal a notebook under a
// new PIN (a new phone's, or one kept in the clear by a build from before issue 16, with its pending
// edits), unlock it (PIN, or the phone's fingerprint where turned on), count wrong PINs, change the
// PIN, add the recovery wrap once online.
//
// The keyring and the wrong-PIN count stay readable while locked (sealed-rows.ts): the lock screen
// needs them. The count protects a phone in a stranger's hand (5 tries, then an online sign-in); it
// cannot protect a copied profile, whose copy can reset it (docs/SECURITY.md).
import type { Table } from 'dexie';
import { notebookTables, type NotebookDb } from '../db.ts';
import type { Readable } from '../reads.ts';
import type { MetaRow } from '../rows.ts';
import {
  addDeviceWrap,
  addRecovery,
  asKeyring,
  changePin,
  createKeyring,
  unlockWithDevice,
  unlockWithPin,
  unlockWithRecovery,
  type StoredKeyring,
  type Unlocked,
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

/** One more wrong PIN, counted in the notebook (across restarts): the count now. */
async function countWrongPin(db: NotebookDb): Promise<number> {
  return db.transaction('rw', db.meta, async () => {
    const n = (await pinFailures(db)) + 1;
    await db.meta.put({ key: PIN_FAILURES_KEY, value: n });
    return n;
  });
}

type PinChecked =
  | { ok: true; keyring: StoredKeyring; key: Uint8Array<ArrayBuffer> }
  | { ok: false; code: 'wrong_pin'; failures: number }
  | { ok: false; code: 'too_many' }
  | { ok: false; code: 'no_keyring' };

/**
 * The data key opened by `pin`, wherever a PIN is asked (unlock, settings): each wrong one counted;
 * from the MAX_PIN_FAILURES-th on, the PIN is not even tried: only recovery (an online sign-in) unlocks.
 */
async function checkPin(db: NotebookDb, pin: string): Promise<PinChecked> {
  const keyring = await readKeyring(db);
  if (!keyring) return { ok: false, code: 'no_keyring' };
  if ((await pinFailures(db)) >= MAX_PIN_FAILURES) return { ok: false, code: 'too_many' };
  const opened = await unlockWithPin(keyring, pin);
  if (opened.ok) return { ok: true, keyring, key: opened.key };
  const failures = await countWrongPin(db);
  return failures >= MAX_PIN_FAILURES
    ? { ok: false, code: 'too_many' }
    : { ok: false, code: 'wrong_pin', failures };
}

/**
 * Open the notebook with a key just unwrapped: the wrong-PIN count starts again, and a keyring sealed
 * offline gets its recovery wrap here, at the first unlock where `recovery` can fetch the account's
 * secret. The key's bytes are zeroed after.
 */
async function openWith(
  db: NotebookDb,
  keyring: StoredKeyring,
  key: Uint8Array<ArrayBuffer>,
  recovery?: () => Promise<Uint8Array<ArrayBuffer> | null>,
): Promise<void> {
  try {
    db.lock.open(new RowCipher(key));
    await db.meta.delete(PIN_FAILURES_KEY);
    const secret = keyring.byRecovery || !recovery ? null : await recovery().catch(() => null);
    if (secret) await db.meta.put({ key: KEYRING_KEY, value: await addRecovery(keyring, key, secret) });
  } finally {
    key.fill(0);
  }
}

export type UnlockResult =
  | { ok: true }
  | { ok: false; code: 'wrong_pin'; failures: number }
  | { ok: false; code: 'too_many' }
  | { ok: false; code: 'no_keyring' };

/** Unlock with the PIN (counted and limited as checkPin says). */
export async function unlockByPin(
  db: NotebookDb,
  pin: string,
  recovery?: () => Promise<Uint8Array<ArrayBuffer> | null>,
): Promise<UnlockResult> {
  const checked = await checkPin(db, pin);
  if (!checked.ok) return checked;
  await openWith(db, checked.keyring, checked.key, recovery);
  return { ok: true };
}

/**
 * Unlock with the phone's authenticator: `prfOutput` is what it gave for the keyring's credential and
 * input (device-unlock.ts). Not after 5 wrong PINs: the rule is an online sign-in then, whoever holds
 * the phone. 'wrong_secret' (an authenticator reset, another credential) is not a wrong PIN.
 */
export async function unlockByDevice(
  db: NotebookDb,
  prfOutput: Uint8Array<ArrayBuffer>,
  recovery?: () => Promise<Uint8Array<ArrayBuffer> | null>,
): Promise<{ ok: true } | { ok: false; code: 'wrong_secret' | 'too_many' | 'no_keyring' }> {
  const keyring = await readKeyring(db);
  if (!keyring?.byDevice) return { ok: false, code: 'no_keyring' };
  if ((await pinFailures(db)) >= MAX_PIN_FAILURES) return { ok: false, code: 'too_many' };
  const opened: Unlocked = await unlockWithDevice(keyring, prfOutput);
  if (!opened.ok) return opened;
  await openWith(db, keyring, opened.key, recovery);
  return { ok: true };
}

/** What the phone's authenticator gave when the fingerprint unlock was turned on. */
export interface DeviceSecret {
  credentialId: string;
  prfInput: string;
  prfOutput: Uint8Array<ArrayBuffer>;
}

export type DeviceEnableResult =
  { ok: true } | Exclude<PinChecked, { ok: true }> | { ok: false; code: 'not_enrolled' };

/**
 * Turn on the fingerprint unlock: the PIN proves the person and opens the key (a wrong one counted as
 * anywhere), `enrol` asks the phone's authenticator (null: refused, cancelled or no PRF), and the key
 * is wrapped by its secret. A credential turned on before is replaced.
 */
export async function enableDeviceUnlock(
  db: NotebookDb,
  pin: string,
  enrol: () => Promise<DeviceSecret | null>,
): Promise<DeviceEnableResult> {
  const checked = await checkPin(db, pin);
  if (!checked.ok) return checked;
  try {
    await db.meta.delete(PIN_FAILURES_KEY);
    const device = await enrol().catch(() => null);
    if (!device) return { ok: false, code: 'not_enrolled' };
    const keyring = await addDeviceWrap(checked.keyring, checked.key, device);
    device.prfOutput.fill(0);
    await db.meta.put({ key: KEYRING_KEY, value: keyring });
    return { ok: true };
  } finally {
    checked.key.fill(0);
  }
}

/** Turn the fingerprint unlock off: only the PIN (and recovery) open the notebook again. */
export async function disableDeviceUnlock(db: NotebookDb): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const keyring = asKeyring((await db.meta.get(KEYRING_KEY))?.value);
    if (!keyring?.byDevice) return;
    const { byDevice: _off, ...rest } = keyring;
    await db.meta.put({ key: KEYRING_KEY, value: rest });
  });
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

/** A new PIN proven by the current one (the settings screen; a wrong one counted as at unlock). */
export async function changeNotebookPin(
  db: NotebookDb,
  oldPin: string,
  newPin: string,
  iterations?: number,
): Promise<{ ok: true } | Exclude<PinChecked, { ok: true }>> {
  const checked = await checkPin(db, oldPin);
  if (!checked.ok) return checked;
  checked.key.fill(0);
  const changed = await changePin(checked.keyring, { pin: oldPin }, newPin, iterations);
  // The PIN was just checked: a failure here is a keyring changed meanwhile (another tab).
  if (!changed.ok) return { ok: false, code: 'no_keyring' };
  await db.transaction('rw', db.meta, async () => {
    await db.meta.put({ key: KEYRING_KEY, value: changed.keyring });
    await db.meta.delete(PIN_FAILURES_KEY);
  });
  return { ok: true };
}
