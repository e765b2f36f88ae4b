// Sealing and opening the notebook's rows with its data key (keyring.ts), synchronously.
//
// Why not WebCrypto here: its promises resolve in a later task, and an IndexedDB transaction that
// waits for one commits meanwhile. The write path reads a row, merges an edit and writes it back in
// one transaction (write.ts, server-answers.ts): the rows must be opened and sealed between two
// requests of the same transaction. So the records are sealed with a well-kept synchronous AES-GCM
// (@noble/ciphers, audited), with the key that WebCrypto unwrapped from the PIN or recovery wrap.
// The cost: while the notebook is unlocked, its key's bytes are in the page's memory (WebCrypto's
// non-extractable keys would hide them from page script, which can read the opened records anyway).
// At lock the bytes are zeroed and dropped.
//
// A sealed value is one byte array: a random 12-byte IV, then AES-GCM-256's ciphertext and tag. Each
// is bound to its place by the additional data (`table/id`): a ciphertext copied to another row does
// not open. Tags for the one index on a secret (a person's ID number) are AES-CMAC under a key derived
// from the data key: equal ID numbers give equal tags, and the tag tells nothing else.
import { cmac, gcm } from '@noble/ciphers/aes.js';

const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Why a sealed value did not open: another key, another place, or damaged bytes. */
export class SealBroken extends Error {
  constructor(readonly place: string) {
    super(`a sealed value at ${place} did not open`);
    this.name = 'SealBroken';
  }
}

export class RowCipher {
  private key: Uint8Array;
  private indexKey: Uint8Array;
  /**
   * The same key in WebCrypto, for opening many rows at once outside a transaction (openMany): its
   * AES-GCM runs off the page's thread and in parallel, where a phone's slow core would open 10,000
   * rows one by one. Non-extractable; dropped with the cipher.
   */
  private webKey: Promise<CryptoKey> | null;

  /** `key`: the notebook's 32-byte data key. The cipher keeps its own copy (zeroed by destroy()). */
  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new Error('row cipher: the data key must be 32 bytes');
    this.key = key.slice();
    this.indexKey = cmac(encoder.encode('so06 notebook index key v1'), this.key);
    this.webKey = globalThis.crypto.subtle.importKey('raw', this.key.slice(), 'AES-GCM', false, ['decrypt']);
    // A failed import shows when openMany is used (it then opens row by row).
    this.webKey.catch(() => undefined);
  }

  seal(value: unknown, place: string): Uint8Array {
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const data = gcm(this.key, iv, encoder.encode(place)).encrypt(encoder.encode(JSON.stringify(value)));
    const out = new Uint8Array(IV_BYTES + data.length);
    out.set(iv);
    out.set(data, IV_BYTES);
    return out;
  }

  /** The value sealed at `place`; throws SealBroken when it does not open there with this key. */
  open<T = unknown>(sealed: Uint8Array, place: string): T {
    let plain: Uint8Array;
    try {
      plain = gcm(this.key, sealed.subarray(0, IV_BYTES), encoder.encode(place)).decrypt(
        sealed.subarray(IV_BYTES),
      );
    } catch {
      throw new SealBroken(place);
    }
    return JSON.parse(decoder.decode(plain)) as T;
  }

  /**
   * The values sealed at `places`, opened by WebCrypto in parallel (the same AES-GCM, IV, tag and
   * additional data as open()); for reads whose transaction is over. Throws SealBroken like open().
   */
  async openMany<T = unknown>(items: readonly { sealed: Uint8Array; place: string }[]): Promise<T[]> {
    const key = await this.webKey?.catch(() => null);
    if (!key) return items.map((i) => this.open<T>(i.sealed, i.place));
    return Promise.all(
      items.map(async ({ sealed, place }) => {
        let plain: ArrayBuffer;
        try {
          plain = await globalThis.crypto.subtle.decrypt(
            { name: 'AES-GCM', iv: sealed.slice(0, IV_BYTES), additionalData: encoder.encode(place) },
            key,
            sealed.slice(IV_BYTES),
          );
        } catch {
          throw new SealBroken(place);
        }
        return JSON.parse(decoder.decode(plain)) as T;
      }),
    );
  }

  /** A keyed tag of `text` for an index: the same text gives the same tag under this notebook's key. */
  tag(text: string): string {
    const mac = cmac(encoder.encode(text), this.indexKey);
    let out = '';
    for (const b of mac) out += b.toString(16).padStart(2, '0');
    return out;
  }

  /** Zero the key's bytes: after a lock nothing of it stays in memory that this object holds. */
  destroy(): void {
    this.key.fill(0);
    this.indexKey.fill(0);
    this.webKey = null;
  }
}
