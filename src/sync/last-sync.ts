// When this phone last finished a sync round without failure, kept beside the notebook so that the
// header can say it after a restart too. It lives in the notebook's meta table: a sign-out's wipe
// takes it with everything else of the signed-out person.
import type { NotebookDb } from '../db/db.ts';
import type { Readable } from '../db/reads.ts';
import type { MetaRow } from '../db/rows.ts';

const KEY = 'lastSyncAt';

export async function getLastSyncAt(db: Readable): Promise<number | null> {
  const row = await db.reads.get<MetaRow>('meta', KEY);
  return typeof row?.value === 'number' ? row.value : null;
}

export async function setLastSyncAt(db: NotebookDb, at: number): Promise<void> {
  await db.meta.put({ key: KEY, value: at });
}
