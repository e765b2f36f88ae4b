// Sign-out on a shared phone: the signed-out person's data leaves the phone. Refused while edits
// wait in the outbox: they exist nowhere else yet.
import type { NotebookDb } from './db.ts';

export type WipeResult = { ok: true } | { ok: false; code: 'pending'; pending: number };

export async function wipeNotebook(db: NotebookDb): Promise<WipeResult> {
  return db.transaction(
    'rw',
    [
      db.households,
      db.persons,
      db.tasks,
      db.visits,
      db.outbox,
      db.meta,
      db.serverCopies,
      db.conflicts,
      db.rejected,
    ],
    async () => {
      const pending = await db.outbox.count();
      if (pending > 0) return { ok: false as const, code: 'pending' as const, pending };
      await Promise.all(
        [
          db.households,
          db.persons,
          db.tasks,
          db.visits,
          db.meta,
          db.serverCopies,
          db.conflicts,
          db.rejected,
        ].map((t) => t.clear()),
      );
      return { ok: true as const };
    },
  );
}
