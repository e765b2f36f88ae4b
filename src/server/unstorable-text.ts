// The server's guard against text PostgreSQL cannot store (text and jsonb refuse it): a NUL character,
// or half of a UTF-16 surrogate pair, anywhere in a body, keys included. The rule itself is the domain's
// (src/domain/text.ts), which the phone applies to every text field before it stores: both sides refuse
// the same strings. This walk covers what no field rule sees (unknown keys, bodies of other endpoints),
// so that such inputs are refused as values, never left to fail in the database ([E3], [E6], [R12]).
import { isUnstorableText } from '../domain/text.ts';

/** Walks without recursion: a body nested 100,000 levels deep must not overflow the stack. */
export function hasUnstorableText(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (isUnstorableText(v)) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (isUnstorableText(k)) return true;
        stack.push(x);
      }
    }
  }
  return false;
}
