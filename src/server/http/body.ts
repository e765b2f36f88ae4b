// Reads a JSON body and checks it against a zod schema of src/domain or of the server. Every way a
// body can be wrong (content type, not JSON, wrong shape) is an answer value, never a thrown error: a
// `400 invalid_request` naming the first bad field ([E3], [E6]).
import type { Context } from 'hono';
import type { z } from 'zod';
import { describeProblems, fieldProblems } from '../../domain/validation.ts';
import { hasUnstorableText } from '../unstorable-text.ts';
import { fail } from './errors.ts';

export type BodyResult<T> = { ok: true; data: T } | { ok: false; response: Response };

/**
 * `checkText: false` leaves unstorable text to the caller (push rejects the one mutation carrying
 * it, not its whole batch: [E3], [R12]).
 */
export async function readJson<S extends z.ZodType>(
  c: Context,
  schema: S,
  options: { checkText?: boolean } = {},
): Promise<BodyResult<z.infer<S>>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type.trim())) {
    return { ok: false, response: fail(c, 'invalid_request', 'content-type must be application/json') };
  }
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'unreadable';
    return { ok: false, response: fail(c, 'invalid_request', `body is not JSON: ${reason}`) };
  }
  if (options.checkText !== false && hasUnstorableText(value)) {
    return {
      ok: false,
      response: fail(c, 'invalid_request', 'text contains a NUL character or a broken surrogate'),
    };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    // The field and reason (as the phone reads them), then zod's own words for a person reading it.
    const detail = parsed.error.issues[0]?.message;
    const message = describeProblems(fieldProblems(parsed.error, value)) + (detail ? ` (${detail})` : '');
    return { ok: false, response: fail(c, 'invalid_request', message) };
  }
  return { ok: true, data: parsed.data };
}
