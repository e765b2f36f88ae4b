// The review's lists page after page (issue 18: a big commune's gap list was one answer of 20 MB):
// each screen asks for the first page, shows it, and asks for the next while the officer reads, until
// the server says there is no more. A plain function over the review client's page calls, so that the
// screens and the exports share one loop.
import type { HttpResult } from '../../sync/http-client.ts';

/**
 * How many rows the review's screens ask for at a time (the server's most): a page of households is
 * about 200 KB, there at once on a slow line, and a commune of 8,000 households is 8 pages.
 */
export const REVIEW_PAGE_SIZE = 1000;
/** The issues come 200 at a time, as many as the screen showed before paging, newest first. */
export const ISSUES_PAGE_SIZE = 200;

/**
 * Every page of a list, one after the other: `fetchPage(cursor)` from the first page (null) until a
 * page's `nextCursor` is null. `onPage` sees the rows so far after each page (a screen shows them while
 * the rest come). The first failure ends it; the rows fetched before it went to `onPage` only.
 */
export async function everyPage<P extends { nextCursor: string | null }, T>(
  fetchPage: (cursor: string | null) => Promise<HttpResult<P>>,
  rowsOf: (page: P) => readonly T[],
  onPage?: (rows: readonly T[], page: P) => void,
): Promise<HttpResult<{ rows: T[]; first: P }>> {
  const rows: T[] = [];
  let first: P | null = null;
  let cursor: string | null = null;
  // A server that never ends a list is a fault, not a reason to loop for ever.
  for (let n = 0; n < 100_000; n++) {
    const page = await fetchPage(cursor);
    if (!page.ok) return page;
    first ??= page.value;
    rows.push(...rowsOf(page.value));
    onPage?.(rows, page.value);
    cursor = page.value.nextCursor;
    if (cursor === null) return { ok: true, value: { rows, first } };
  }
  return { ok: false, failure: { kind: 'server', status: 200, message: 'the list never ended' } };
}
