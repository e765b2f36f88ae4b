// Resolving what the server answered on the phone, where the person who knows the household is:
// a conflict is kept ("keep mine": a new edit on the server's version) or dropped ("take theirs": the
// server's values are already on the phone); a rejected edit is sent again (perhaps fixed) or discarded.
import { recordTable, type NotebookDb } from './db.ts';
import type { WriteResult } from './types.ts';
import { deleteRecord, recreateRecord, updateRecord } from './write.ts';

class Abort extends Error {
  constructor(readonly result: WriteResult<never>) {
    super('abort');
  }
}

function allTables(db: NotebookDb) {
  return [
    db.households,
    db.persons,
    db.tasks,
    db.visits,
    db.outbox,
    db.conflicts,
    db.rejected,
    db.serverCopies,
  ];
}

async function run(db: NotebookDb, body: () => Promise<void>): Promise<WriteResult<{ id: string }>> {
  try {
    await db.transaction('rw', allTables(db), body);
    return { ok: true, record: { id: '' } };
  } catch (error) {
    if (error instanceof Abort) return error.result;
    return { ok: false, code: 'storage', message: error instanceof Error ? error.message : String(error) };
  }
}

export function resolveConflict(
  db: NotebookDb,
  id: string,
  choice: 'mine' | 'theirs',
): Promise<WriteResult<{ id: string }>> {
  return run(db, async () => {
    const conflict = await db.conflicts.get(id);
    if (!conflict) throw new Abort({ ok: false, code: 'not_found' });
    if (choice === 'mine') {
      const patch = Object.fromEntries(conflict.fields.map((f) => [f.field, f.mine]));
      const r = await updateRecord(db, conflict.entity, conflict.entityId, patch, {
        baseVersion: conflict.version,
      });
      if (!r.ok) throw new Abort(r);
    }
    await db.conflicts.delete(id);
  });
}

export function discardRejected(db: NotebookDb, id: string): Promise<WriteResult<{ id: string }>> {
  return run(db, async () => {
    if (!(await db.rejected.get(id))) throw new Abort({ ok: false, code: 'not_found' });
    await db.rejected.delete(id);
  });
}

/** Send a rejected edit again, with `fields` fixed by the person (or as it was). */
export function resendRejected(
  db: NotebookDb,
  id: string,
  fields?: Record<string, unknown>,
): Promise<WriteResult<{ id: string }>> {
  return run(db, async () => {
    const rejected = await db.rejected.get(id);
    if (!rejected) throw new Abort({ ok: false, code: 'not_found' });
    const values = fields ?? rejected.fields;
    if (rejected.op === 'delete') {
      const r = await deleteRecord(db, rejected.entity, rejected.entityId);
      if (!r.ok && r.code !== 'not_found') throw new Abort(r);
      await db.rejected.delete(id);
      return;
    }
    const exists = await recordTable(db, rejected.entity).get(rejected.entityId);
    const r = exists
      ? await updateRecord(db, rejected.entity, rejected.entityId, values)
      : await recreateRecord(db, rejected.entity, rejected.entityId, values);
    if (!r.ok) throw new Abort(r);
    await db.rejected.delete(id);
  });
}
