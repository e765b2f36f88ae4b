// Which part of each row is sealed (issue 16). A stored row keeps in the clear only what IndexedDB's
// keys and indexes need and what the contract calls bookkeeping (ids, versions, times); everything
// else — names, birth dates, ID numbers, phones, addresses, notes, the household's search words and
// summary, an outbox edit's fields, a conflict's two sides — is sealed into `_s` (row-cipher.ts),
// bound to its table and id. A person's ID number, which the phone looks up (another member with the
// same number), is indexed by its keyed tag `_idKey`, never by its value.
//
// A row without `_s` is read as it is: a notebook from before its PIN was set, or one being sealed
// (seal-notebook.ts). The same two functions serve Dexie (sealing-middleware.ts), the first screen's
// plain reads (raw-reads.ts) and the quick edit (write.ts).
import type { TableName } from '../reads.ts';
import { NotebookLocked, type NotebookLock } from './notebook-lock.ts';
import type { RowCipher } from './row-cipher.ts';

type Row = Record<string, unknown>;

/** The fields each table keeps in the clear; every other field is sealed. */
const CLEAR: Readonly<Record<TableName, readonly string[]>> = {
  households: ['id', 'villageId', 'version', 'updatedAt'],
  persons: ['id', 'householdId', 'version', 'updatedAt', '_idKey'],
  tasks: ['id', 'householdId', 'version', 'updatedAt'],
  visits: ['id', 'householdId', 'version', 'updatedAt'],
  serverCopies: ['id', 'entity', 'version'],
  outbox: ['seq', 'id', 'entity', 'entityId', 'op', 'baseVersion', 'clientTime'],
  conflicts: ['id', 'entity', 'entityId', 'householdId', 'version', 'at'],
  rejected: ['id', 'entity', 'entityId', 'householdId', 'op', 'code', 'at'],
  meta: ['key'],
};

/**
 * Meta rows sealed: the police's review cache (volunteers' names and phones beside the figures). The
 * others stay readable while locked, as the lock screen and the worker need them: the keyring, the
 * language, the pull's cursor, the time of the last sync, the wrong-PIN count.
 */
const SEALED_META_PREFIXES = ['review:'];

function isSealed(table: TableName, row: Row): boolean {
  if (table !== 'meta') return true;
  const key = String(row.key);
  return SEALED_META_PREFIXES.some((p) => key.startsWith(p));
}

/**
 * The sealed bytes as stored: a one-byte string (each char one byte), which IndexedDB's serializer
 * copies as it is, where a Uint8Array costs it an array buffer of its own. Rows sealed by the first
 * sealing build hold the Uint8Array: both are read.
 */
function stored(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192)
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  return out;
}

function sealedBytes(value: unknown): Uint8Array | null {
  if (ArrayBuffer.isView(value)) return value as Uint8Array;
  if (typeof value !== 'string') return null;
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) bytes[i] = value.charCodeAt(i);
  return bytes;
}

/** Where a row is sealed: its table and its id (a meta row's key; an outbox entry's mutation id). */
const place = (table: TableName, row: Row) => `${table}/${String(table === 'meta' ? row.key : row.id)}`;

/** The person's ID number under the index: its tag when sealed, the number itself in a plain notebook. */
export function idNumberKey(cipher: RowCipher | null, idNumber: string): string {
  return cipher ? cipher.tag(idNumber) : idNumber;
}

/** The row as IndexedDB stores it (throws NotebookLocked when the notebook is locked). */
export function toStored(lock: NotebookLock, table: TableName, value: object): Row {
  const row = value as Row;
  if (!isSealed(table, row)) return row;
  const cipher = lock.use();
  let whole = row;
  if (table === 'persons') {
    const { _idKey: _, ...rest } = row;
    whole = typeof row.idNumber === 'string' ? { ...rest, _idKey: idNumberKey(cipher, row.idNumber) } : rest;
  }
  if (!cipher) return whole;
  const clear: Row = {};
  const secret: Row = {};
  const keep = CLEAR[table];
  for (const [k, v] of Object.entries(whole)) (keep.includes(k) ? clear : secret)[k] = v;
  clear._s = stored(cipher.seal(secret, place(table, row)));
  return clear;
}

/** The row as the app knows it (throws NotebookLocked for a sealed row while locked). */
export function fromStored<T>(lock: NotebookLock, table: TableName, value: T): T {
  const row = value as Row | undefined;
  const bytes = row && sealedBytes(row._s);
  if (!bytes) return value;
  // A sealed row where this tab thought the notebook plain (another tab sealed it): locked here too.
  const cipher = lock.use();
  if (!cipher) throw new NotebookLocked();
  const { _s, ...clear } = row;
  return { ...clear, ...cipher.open<Row>(bytes, place(table, row)) } as T;
}

/**
 * Many stored rows as the app knows them, the sealed ones opened together by WebCrypto (row-cipher.ts
 * openMany): for a read whose transaction is over, like a village's 10,000 households at unlock.
 */
export async function fromStoredMany<T>(
  lock: NotebookLock,
  table: TableName,
  rows: readonly T[],
): Promise<T[]> {
  const sealed = rows.flatMap((s, i) => {
    const bytes = sealedBytes((s as Row | undefined)?._s);
    return bytes ? [{ i, bytes }] : [];
  });
  if (sealed.length === 0) return [...rows];
  const cipher = lock.use();
  if (!cipher) throw new NotebookLocked();
  const opened = await cipher.openMany<Row>(
    sealed.map(({ i, bytes }) => ({ sealed: bytes, place: place(table, rows[i] as Row) })),
  );
  const out = [...rows];
  sealed.forEach(({ i }, k) => {
    const { _s, ...clear } = rows[i] as Row;
    out[i] = { ...clear, ...opened[k] } as T;
  });
  return out;
}

export const SEALED_TABLES: readonly TableName[] = Object.keys(CLEAR) as TableName[];
