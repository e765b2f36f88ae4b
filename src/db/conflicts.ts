// Resolving what the server answered on the phone, where the person who knows the household is ([P19]):
// a conflict is resolved for the client's side ("keep mine": a new edit on the server's version) or
// for the server's ("take theirs": the server's values are already on the phone); a rejected edit is sent again (perhaps fixed) or discarded.
import { notebookTables, recordTable, type NotebookDb } from './db.ts';
import type { WriteResult } from './types.ts';
import { deleteRecord, recreateRecord, updateRecord } from './write.ts';

class Abort extends Error {
  constructor(readonly result: WriteResult<never>) {
    super('abort');
  }
}

async function run(db: NotebookDb, body: () => Promise<void>): Promise<WriteResult<{ id: string }>> {
  try {
    await db.transaction('rw', notebookTables(db), body);
    return { ok: true, record: { id: '' } };
  } catch (error) {
    if (error instanceof Abort) return error.result;
    return { ok: false, code: 'storage', message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * [P19] "Keep mine" (client): the phone's values again, as a new edit at the server's version; "take
 * theirs" (server): the conflict is closed, the server's values being already on the phone.
 */
export function resolveConflict(
  db: NotebookDb,
  id: string,
  side: 'client' | 'server',
): Promise<WriteResult<{ id: string }>> {
  return run(db, async () => {
    const conflict = await db.conflicts.get(id);
    if (!conflict) throw new Abort({ ok: false, code: 'not_found' });
    if (side === 'client') {
      const patch = Object.fromEntries(conflict.fields.map((f) => [f.field, f.client]));
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

/** [P19] Send a rejected edit again, with `fields` fixed by the person (or as it was). */
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
