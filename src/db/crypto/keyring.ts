// The notebook's data key and the two ways to it (issue 16: citizens' data encrypted at rest).
//
// One random AES-GCM 256 key per notebook encrypts every record the phone keeps. It is never stored
// as such: the phone keeps it wrapped (encrypted) twice —
//  - by a key derived from the volunteer's 6-digit PIN (PBKDF2-SHA-256, a random salt, an iteration
//    count stored with it so that it can be raised later), for the daily unlock, offline;
//  - by a key derived from a recovery secret the server holds for the account (32 random bytes given at
//    an online sign-in, HKDF-SHA-256: already high in entropy, no stretching needed), so that a
//    forgotten PIN, or 5 wrong ones, costs an online sign-in and never the unsynced edits.
// In memory the unwrapped key is non-extractable: page script can use it while the notebook is
// unlocked but cannot read its bytes. Changing the PIN re-wraps the same key: nothing already encrypted
// is rewritten. Wrapping is AES-GCM too, so a wrong PIN is told by the failed tag, not by a guess.
//
// Everything stored is plain text (base64url), so that the keyring is a small JSON row of the notebook.

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

export interface StoredKeyring {
  version: 1;
  byPin: WrappedKey;
  byRecovery: WrappedKey;
}

export type Unlocked = { ok: true; key: CryptoKey } | { ok: false; code: 'wrong_secret' };

const toBase64 = (bytes: ArrayBuffer | Uint8Array): string => {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let text = '';
  for (const b of view) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => {
  const plain = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(plain.length);
  for (let i = 0; i < plain.length; i++) bytes[i] = plain.charCodeAt(i);
  return bytes;
};

const random = (n: number): Uint8Array<ArrayBuffer> => globalThis.crypto.getRandomValues(new Uint8Array(n));

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
  return subtle().deriveKey(params, base, { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}

const pinBytes = (pin: string) => new TextEncoder().encode(pin);

async function wrap(
  dataKey: CryptoKey,
  kdf: WrappedKey['kdf'],
  secret: Uint8Array<ArrayBuffer>,
): Promise<WrappedKey> {
  const iv = random(IV_BYTES);
  const wrapped = await subtle().wrapKey('raw', dataKey, await wrappingKey(kdf, secret), {
    name: 'AES-GCM',
    iv,
  });
  return { kdf, iv: toBase64(iv), wrapped: toBase64(wrapped) };
}

async function unwrap(
  w: WrappedKey,
  secret: Uint8Array<ArrayBuffer>,
  extractable: boolean,
): Promise<Unlocked> {
  try {
    const key = await subtle().unwrapKey(
      'raw',
      fromBase64(w.wrapped),
      await wrappingKey(w.kdf, secret),
      { name: 'AES-GCM', iv: fromBase64(w.iv) },
      { name: 'AES-GCM', length: 256 },
      extractable,
      ['encrypt', 'decrypt'],
    );
    return { ok: true, key };
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

/** A new notebook's key, wrapped by the PIN and by the account's recovery secret. */
export async function createKeyring(
  pin: string,
  recoverySecret: Uint8Array<ArrayBuffer>,
  iterations = PIN_ITERATIONS,
): Promise<{ keyring: StoredKeyring; key: CryptoKey }> {
  const extractable = (await subtle().generateKey({ name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
    'decrypt',
  ])) as CryptoKey;
  const keyring: StoredKeyring = {
    version: 1,
    byPin: await wrap(extractable, pinKdf(iterations), pinBytes(pin)),
    byRecovery: await wrap(extractable, recoveryKdf(), recoverySecret),
  };
  // What the notebook keeps in memory cannot be exported by any script of the page.
  const unlocked = await unwrap(keyring.byPin, pinBytes(pin), false);
  if (!unlocked.ok) throw new Error('keyring: a key just wrapped did not unwrap');
  return { keyring, key: unlocked.key };
}

export function unlockWithPin(keyring: StoredKeyring, pin: string): Promise<Unlocked> {
  return unwrap(keyring.byPin, pinBytes(pin), false);
}

export function unlockWithRecovery(
  keyring: StoredKeyring,
  secret: Uint8Array<ArrayBuffer>,
): Promise<Unlocked> {
  return unwrap(keyring.byRecovery, secret, false);
}

/**
 * A new PIN, proven by the old PIN or by the recovery secret: the same data key wrapped anew (with a
 * new salt, at today's iteration count), so that nothing encrypted needs rewriting.
 */
export async function changePin(
  keyring: StoredKeyring,
  proof: { pin: string } | { recoverySecret: Uint8Array<ArrayBuffer> },
  newPin: string,
  iterations = PIN_ITERATIONS,
): Promise<{ ok: true; keyring: StoredKeyring } | { ok: false; code: 'wrong_secret' }> {
  const opened =
    'pin' in proof
      ? await unwrap(keyring.byPin, pinBytes(proof.pin), true)
      : await unwrap(keyring.byRecovery, proof.recoverySecret, true);
  if (!opened.ok) return opened;
  return {
    ok: true,
    keyring: { ...keyring, byPin: await wrap(opened.key, pinKdf(iterations), pinBytes(newPin)) },
  };
}

/** A record's value sealed: its own random IV, bound to where it is stored (`aad`: table and id). */
export interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

export async function seal(key: CryptoKey, value: unknown, aad: string): Promise<Sealed> {
  const iv = random(IV_BYTES);
  const data = await subtle().encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(aad) },
    key,
    new TextEncoder().encode(JSON.stringify(value)),
  );
  return { iv, data };
}

/** The value, or null when the key, the place or the bytes are not the ones it was sealed with. */
export async function open<T = unknown>(key: CryptoKey, sealed: Sealed, aad: string): Promise<T | null> {
  try {
    const plain = await subtle().decrypt(
      { name: 'AES-GCM', iv: sealed.iv, additionalData: new TextEncoder().encode(aad) },
      key,
      sealed.data,
    );
    return JSON.parse(new TextDecoder().decode(plain)) as T;
  } catch {
    return null;
  }
}
