// The pull cursor ([PL3]): opaque to the phone, it carries the last sequence number sent and a digest of the
// villages it was sent for. When the caller's villages change, the digest no longer matches and the
// pull starts again from the beginning, so that records of a newly given village are not skipped ([PL7]).
import { createHash } from 'node:crypto';

export interface CursorState {
  seq: number;
  scope: string;
}

export function scopeDigest(villages: readonly string[] | 'all'): string {
  const text = villages === 'all' ? '*' : [...villages].sort().join(',');
  return createHash('sha256').update(text).digest('base64url').slice(0, 12);
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify({ v: 1, s: state.seq, a: state.scope })).toString('base64url');
}

export type DecodedCursor = { ok: true; state: CursorState } | { ok: false; message: string };

/** [PL3] A cursor this server did not make is refused (a value, never a throw: [E6]). */
export function decodeCursor(text: string): DecodedCursor {
  const bad: DecodedCursor = { ok: false, message: 'cursor: not a cursor this server gave out' };
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return bad;
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as {
      v?: unknown;
      s?: unknown;
      a?: unknown;
    };
    if (
      value.v !== 1 ||
      !Number.isSafeInteger(value.s) ||
      (value.s as number) < 0 ||
      typeof value.a !== 'string'
    )
      return bad;
    return { ok: true, state: { seq: value.s as number, scope: value.a } };
  } catch {
    return bad;
  }
}
