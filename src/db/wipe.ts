// Sign-out on a shared phone: the signed-out person's data (and the notebook's key) leaves the phone. Refused while edits
// wait in the outbox: they exist nowhere else yet.
import { notebookTables, type NotebookDb } from './db.ts';

export type WipeResult = { ok: true } | { ok: false; code: 'pending'; pending: number };

export async function wipeNotebook(db: NotebookDb): Promise<WipeResult> {
  const result = await db.transaction('rw', notebookTables(db), async () => {
    const pending = await db.outbox.count();
    if (pending > 0) return { ok: false as const, code: 'pending' as const, pending };
    // The outbox is empty already: clearing it too changes nothing.
    await Promise.all(notebookTables(db).map((t) => t.clear()));
    return { ok: true as const };
  });
  // Its keyring went with the rest: the key in memory locks no notebook now, and must not seal the
  // next person's. A notebook kept plain (tests, a build from before the PIN) stays plain.
  if (result.ok) db.lock.lock(false);
  return result;
}
