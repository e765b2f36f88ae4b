// The cursor of the review's paged lists (gaps, persons, devices, issues): opaque to the caller, it
// holds where the last page stopped — the village's place in the area's list of villages and the
// sort key of the last row given within it, or (devices, issues) the last row's sort key — so that
// the next page continues after that row even when rows were added, changed or removed meanwhile.
//
// A sort key holds what the list is sorted by (an address, a birth date, a name): citizens' data that
// must not travel readable in a query string, where a proxy's access log would keep it. So the cursor
// is sealed (AES-256-GCM) under a key derived from the caller's token (its hash, which every server
// process reads from the database with the session): no one without the token reads it, and a cursor
// changed by a single bit, made for another list or another area, or sent with another sign-in fails
// its tag and is refused (400 naming `cursor`, never a 5xx). It grants nothing: the area is judged
// again on every page.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** The lists that page, each with its own cursors: `gaps-all` is the gaps with `all=1`. */
export type PagedList = 'gaps' | 'gaps-all' | 'persons' | 'persons-full' | 'devices' | 'issues';

/** A row's place in its list: the values it is sorted by, last of all its id. */
export type SortKey = (string | number)[];

/** Where a page stopped. */
export interface CursorState {
  /** The village being paged (village-by-village lists): its index in the area's villages, and its id. */
  village?: { index: number; id: string };
  /** The sort key of the last row given (within `village`), or null to start at the village's first row. */
  after: SortKey | null;
  /** When the paging began (its first page), milliseconds: a whole-ID-number paging has a lifetime. */
  startedAt: number;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Long enough for a key of a few long addresses; anything longer was not made here. */
const MAX_CURSOR_CHARS = 4096;

const stateSchema = z
  .object({
    v: z.number().int().nonnegative().optional(),
    vid: z.string().max(64).optional(),
    k: z
      .array(z.union([z.string().max(1000), z.number().int()]))
      .max(8)
      .nullable(),
    t: z.number().int().nonnegative(),
  })
  .strict();

function keyOf(tokenHash: string): Buffer {
  return createHmac('sha256', tokenHash).update('so06 review cursor v1').digest();
}

const aadOf = (list: PagedList, areaId: string) => Buffer.from(`v1|${list}|${areaId}`, 'utf8');

/** Seals where a page of `list` for `areaId` stopped, for the holder of `tokenHash`'s token only. */
export function encodeCursor(tokenHash: string, list: PagedList, areaId: string, state: CursorState): string {
  const plain = JSON.stringify({
    ...(state.village ? { v: state.village.index, vid: state.village.id } : {}),
    k: state.after,
    t: state.startedAt,
  });
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(tokenHash), iv);
  cipher.setAAD(aadOf(list, areaId));
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
}

export type DecodedCursor = { ok: true; state: CursorState } | { ok: false; message: string };

export const BAD_CURSOR =
  'cursor: not a cursor of this list and area given to this sign-in; start again without one';

/**
 * The state a cursor holds, if this server sealed it for this list, area and token; a value, never a
 * throw ([E6]): garbage, a changed byte, another list's or area's or sign-in's cursor are all refused.
 */
export function decodeCursor(
  tokenHash: string,
  list: PagedList,
  areaId: string,
  text: string,
): DecodedCursor {
  const bad: DecodedCursor = { ok: false, message: BAD_CURSOR };
  if (text.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(text)) return bad;
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES + 2) return bad;
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(tokenHash), bytes.subarray(0, IV_BYTES));
    decipher.setAAD(aadOf(list, areaId));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    plain = Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return bad;
  }
  let value: unknown;
  try {
    value = JSON.parse(plain);
  } catch {
    return bad;
  }
  const parsed = stateSchema.safeParse(value);
  if (!parsed.success) return bad;
  const { v, vid, k, t } = parsed.data;
  if ((v === undefined) !== (vid === undefined)) return bad;
  return {
    ok: true,
    state: {
      ...(v !== undefined && vid !== undefined ? { village: { index: v, id: vid } } : {}),
      after: k,
      startedAt: t,
    },
  };
}
