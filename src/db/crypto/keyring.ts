// The notebook's data key and the two ways to it (issue 16: citizens' data encrypted at rest).
//
// One random 256-bit key per notebook seals every row of citizens' data (AES-GCM, row-cipher.ts). It
// is never stored as such: the phone keeps it wrapped (AES-GCM-encrypted) twice —
//  - by a key derived from the volunteer's 6-digit PIN (PBKDF2-SHA-256, a random salt, an iteration
//    count stored with it so that it can be raised later), for the daily unlock, offline;
//  - by a key derived from a recovery secret the server holds for the account (32 random bytes given at
//    an online sign-in, HKDF-SHA-256: already high in entropy, no stretching needed), so that a
//    forgotten PIN, or 5 wrong ones, costs an online sign-in and never the unsynced edits. A notebook
//    sealed offline (the update's first start in a lane) has no recovery wrap until its next online
//    moment (addRecovery);
//  - optionally, by a key derived (HKDF) from a secret the phone's own authenticator gives after a
//    fingerprint or screen lock (WebAuthn's PRF extension, device-unlock.ts): a convenience on top of
//    the PIN, never instead of it. The authenticator keeps its secret; the notebook stores only the
//    credential's id and the PRF's input.
// The derivations and the wraps are WebCrypto's. Unwrapped, the key is handed out as bytes: rows are
// sealed synchronously inside IndexedDB transactions (row-cipher.ts says why), and the lock zeroes
// them. Changing the PIN re-wraps the same key: nothing already sealed is rewritten. A wrong PIN is
// told by the wrap's failed tag, never by a stored check value.
//
// Everything stored is text (base64url): the keyring is a small JSON row of the notebook's meta table.

export const PIN_ITERATIONS = 600_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;

const subtle = () => globalThis.crypto.subtle;

export interface WrappedKey {
  /** How the wrapping key was made from the secret. */
  kdf: { name: 'PBKDF2-SHA-256'; iterations: number; salt: string } | { name: 'HKDF-SHA-256'; salt: string };
  iv: string;
  wrapped: string;
}

/** The data key wrapped by the phone's authenticator's PRF output for one credential and input. */
export interface DeviceWrappedKey extends WrappedKey {
  credentialId: string;
  prfInput: string;
}

export interface StoredKeyring {
  version: 1;
  byPin: WrappedKey;
  /** Absent while the notebook was sealed offline and has not been online since. */
  byRecovery?: WrappedKey;
  /** Present while the volunteer has turned on the fingerprint (or screen lock) unlock. */
  byDevice?: DeviceWrappedKey;
}

/** The data key's 32 bytes, or why not. */
export type Unlocked = { ok: true; key: Uint8Array<ArrayBuffer> } | { ok: false; code: 'wrong_secret' };

export const toBase64 = (bytes: ArrayBuffer | Uint8Array): string => {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let text = '';
  for (const b of view) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

export const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => {
  const plain = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(plain.length);
  for (let i = 0; i < plain.length; i++) bytes[i] = plain.charCodeAt(i);
  return bytes;
};

export const random = (n: number): Uint8Array<ArrayBuffer> =>
  globalThis.crypto.getRandomValues(new Uint8Array(n));

/** The key that wraps the data key, from a secret (the PIN's digits, or the recovery secret's bytes). */
async function wrappingKey(kdf: WrappedKey['kdf'], secret: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const algorithm = kdf.name === 'PBKDF2-SHA-256' ? 'PBKDF2' : 'HKDF';
  const base = await subtle().importKey('raw', secret, algorithm, false, ['deriveKey']);
  const params =
    kdf.name === 'PBKDF2-SHA-256'
      ? { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(kdf.salt), iterations: kdf.iterations }
      : {
          name: 'HKDF',
          hash: 'SHA-256',
          salt: fromBase64(kdf.salt),
          info: new TextEncoder().encode('so06 notebook key'),
        };
  return subtle().deriveKey(params, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

const pinBytes = (pin: string) => new TextEncoder().encode(pin);

async function wrap(
  dataKey: Uint8Array<ArrayBuffer>,
  kdf: WrappedKey['kdf'],
  secret: Uint8Array<ArrayBuffer>,
): Promise<WrappedKey> {
  const iv = random(IV_BYTES);
  const wrapped = await subtle().encrypt({ name: 'AES-GCM', iv }, await wrappingKey(kdf, secret), dataKey);
  return { kdf, iv: toBase64(iv), wrapped: toBase64(wrapped) };
}

async function unwrap(w: WrappedKey, secret: Uint8Array<ArrayBuffer>): Promise<Unlocked> {
  try {
    const key = await subtle().decrypt(
      { name: 'AES-GCM', iv: fromBase64(w.iv) },
      await wrappingKey(w.kdf, secret),
      fromBase64(w.wrapped),
    );
    return { ok: true, key: new Uint8Array(key) };
  } catch {
    // The tag did not match: another secret (or a damaged row), never a thrown error for the screen.
    return { ok: false, code: 'wrong_secret' };
  }
}

const pinKdf = (iterations: number): WrappedKey['kdf'] => ({
  name: 'PBKDF2-SHA-256',
  iterations,
  salt: toBase64(random(SALT_BYTES)),
});
const recoveryKdf = (): WrappedKey['kdf'] => ({ name: 'HKDF-SHA-256', salt: toBase64(random(SALT_BYTES)) });

/** A new notebook's key, wrapped by the PIN and (when known) by the account's recovery secret. */
export async function createKeyring(
  pin: string,
  recoverySecret: Uint8Array<ArrayBuffer> | null,
  iterations = PIN_ITERATIONS,
): Promise<{ keyring: StoredKeyring; key: Uint8Array<ArrayBuffer> }> {
  const key = random(32);
  const keyring: StoredKeyring = { version: 1, byPin: await wrap(key, pinKdf(iterations), pinBytes(pin)) };
  if (recoverySecret) keyring.byRecovery = await wrap(key, recoveryKdf(), recoverySecret);
  return { keyring, key };
}

/** The recovery wrap added to a keyring sealed offline, with the key of the unlocked notebook. */
export async function addRecovery(
  keyring: StoredKeyring,
  key: Uint8Array<ArrayBuffer>,
  recoverySecret: Uint8Array<ArrayBuffer>,
): Promise<StoredKeyring> {
  return { ...keyring, byRecovery: await wrap(key, recoveryKdf(), recoverySecret) };
}

export function unlockWithPin(keyring: StoredKeyring, pin: string): Promise<Unlocked> {
  return unwrap(keyring.byPin, pinBytes(pin));
}

export async function unlockWithRecovery(
  keyring: StoredKeyring,
  secret: Uint8Array<ArrayBuffer>,
): Promise<Unlocked> {
  return keyring.byRecovery ? unwrap(keyring.byRecovery, secret) : { ok: false, code: 'wrong_secret' };
}

/**
 * The fingerprint unlock turned on: the data key (opened by the PIN just typed) wrapped by the PRF
 * output `prfOutput` of the credential `credentialId` for the input `prfInput`.
 */
export async function addDeviceWrap(
  keyring: StoredKeyring,
  key: Uint8Array<ArrayBuffer>,
  device: { credentialId: string; prfInput: string; prfOutput: Uint8Array<ArrayBuffer> },
): Promise<StoredKeyring> {
  const wrapped = await wrap(key, recoveryKdf(), device.prfOutput);
  return {
    ...keyring,
    byDevice: { ...wrapped, credentialId: device.credentialId, prfInput: device.prfInput },
  };
}

export async function unlockWithDevice(
  keyring: StoredKeyring,
  prfOutput: Uint8Array<ArrayBuffer>,
): Promise<Unlocked> {
  return keyring.byDevice ? unwrap(keyring.byDevice, prfOutput) : { ok: false, code: 'wrong_secret' };
}

/**
 * A new PIN, proven by the old PIN or by the recovery secret: the same data key wrapped anew (with a
 * new salt, at today's iteration count), so that nothing sealed needs rewriting.
 */
export async function changePin(
  keyring: StoredKeyring,
  proof: { pin: string } | { recoverySecret: Uint8Array<ArrayBuffer> },
  newPin: string,
  iterations = PIN_ITERATIONS,
): Promise<{ ok: true; keyring: StoredKeyring } | { ok: false; code: 'wrong_secret' }> {
  const opened =
    'pin' in proof
      ? await unlockWithPin(keyring, proof.pin)
      : await unlockWithRecovery(keyring, proof.recoverySecret);
  if (!opened.ok) return opened;
  const byPin = await wrap(opened.key, pinKdf(iterations), pinBytes(newPin));
  opened.key.fill(0);
  return { ok: true, keyring: { ...keyring, byPin } };
}

/** A stored keyring as read back (a meta row's value), or null when it is not one. */
export function asKeyring(value: unknown): StoredKeyring | null {
  const k = value as Partial<StoredKeyring> | null;
  const wrapped = (w: unknown) =>
    typeof (w as WrappedKey | undefined)?.wrapped === 'string' &&
    typeof (w as WrappedKey).iv === 'string' &&
    typeof (w as WrappedKey).kdf?.salt === 'string';
  const device = (w: unknown) =>
    wrapped(w) &&
    typeof (w as DeviceWrappedKey).credentialId === 'string' &&
    typeof (w as DeviceWrappedKey).prfInput === 'string';
  if (!(k?.version === 1 && wrapped(k.byPin) && (k.byRecovery === undefined || wrapped(k.byRecovery))))
    return null;
  // A damaged fingerprint wrap costs the fingerprint, never the notebook: the PIN still opens it.
  if (k.byDevice !== undefined && !device(k.byDevice)) {
    const { byDevice: _dropped, ...rest } = k as StoredKeyring;
    return rest;
  }
  return k as StoredKeyring;
}
