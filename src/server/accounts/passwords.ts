// Password hashing with scrypt (memory-hard, in node:crypto). The parameters are stored with each hash,
// so that they can be raised later without locking anyone out.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** log2 of scrypt's N for new hashes: 2^15, about 0.1 s of a server core per password. */
const LOG_N = 15;
let newHashLogN = LOG_N;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  // scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is just short of N=2^15, r=8.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((done, fail) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? fail(error) : done(key),
    ),
  );
}

/** `scrypt$<log2 N>$<r>$<p>$<salt>$<key>`, salt and key in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, newHashLogN, R, P);
  return ['scrypt', newHashLogN, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * For the test suite only (test/setup.ts), never called by the server's own code: new hashes at a
 * lower cost (`null`: back to the server's). The suite creates and signs in hundreds of accounts, and
 * at 2^15 scrypt alone took about a third of its time on a 2-core machine. Each hash keeps its own
 * parameters, so verifying works the same whatever the cost it was made with; processes started by
 * the tests (main.ts, the CLI) hash at the server's cost.
 */
export function setPasswordCostForTests(logN: number | null): void {
  newHashLogN = logN ?? LOG_N;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 20) return false;
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  const key = await derive(password, Buffer.from(parts[4] ?? '', 'base64url'), logN, r, p);
  return expected.length === key.length && timingSafeEqual(expected, key);
}

/**
 * [A6] A hash of no password, verified against when the phone is unknown: an unknown phone then costs
 * the same time as a wrong password, and the answer time does not tell which phones have accounts.
 */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}
