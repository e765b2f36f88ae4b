// Text PostgreSQL cannot store (text and jsonb refuse it): a NUL character, or half of a UTF-16
// surrogate pair. Inputs carrying it are refused as values, never left to fail in the database.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const bad = (s: string): boolean => s.includes('\u0000') || LONE_SURROGATE.test(s);

/** Walks without recursion: a body nested 100,000 levels deep must not overflow the stack. */
export function hasUnstorableText(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (bad(v)) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (bad(k)) return true;
        stack.push(x);
      }
    }
  }
  return false;
}
