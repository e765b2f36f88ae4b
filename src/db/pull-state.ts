// How far the phone's pull has come, kept in the notebook's meta table: the cursor of the last page,
// and whether the first pull has reached its last page. Apart from server-answers.ts (which writes both
// in a page's transaction) so that the first screen can ask without loading the record schemas.
import type { NotebookDb } from './db.ts';
import type { Readable } from './reads.ts';
import type { MetaRow } from './rows.ts';

export const CURSOR_KEY = 'pullCursor';
/** 'partial' while the phone's first pull is under way, 'done' once a pull reached its last page. */
export const FIRST_PULL_KEY = 'firstPull';

/** The cursor of the last pulled page, or undefined before the first pull. */
export async function getPullCursor(db: NotebookDb): Promise<string | undefined> {
  const row = await db.meta.get(CURSOR_KEY);
  return typeof row?.value === 'string' ? row.value : undefined;
}

/**
 * [PL9] Whether the phone holds its villages in full: until the first pull has reached its last page, the
 * list's figures and badges describe half a village, and the screens say it is still loading.
 */
export type FirstPullState = 'not_started' | 'in_progress' | 'done';

export async function getFirstPullState(db: Readable): Promise<FirstPullState> {
  const [cursor, state] = await db.reads.getMany<MetaRow>('meta', [CURSOR_KEY, FIRST_PULL_KEY]);
  if (state?.value === 'done') return 'done';
  if (state?.value === 'partial') return 'in_progress';
  // A phone that pulled with a build older than this flag has a cursor and no flag: it finished its
  // first pull long ago in all likelihood, and must not see its list locked behind "loading" offline.
  return cursor ? 'done' : 'not_started';
}
