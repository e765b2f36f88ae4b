// Conflicts and rejected edits resolved on the phone.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { discardRejected, resendRejected, resolveConflict } from '../../../src/db/conflicts.ts';
import { NotebookDb } from '../../../src/db/db.ts';
import { getHousehold, outboxEntries } from '../../../src/db/queries.ts';
import { applyPullPage, applyPushResults } from '../../../src/db/server-answers.ts';
import { createRecord, updateRecord } from '../../../src/db/write.ts';

let db: NotebookDb;
beforeEach(() => {
  db = new NotebookDb(`c-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

const hid = '44444444-4444-4444-8444-444444444444';
const household = { villageId: 'thon-dong', address: 'Xóm Đình', headName: 'Nguyễn Văn Đức' };

async function conflicted() {
  await applyPullPage(
    db,
    [{ entity: 'household', entityId: hid, version: 1, deleted: false, data: household }],
    'c1',
  );
  await updateRecord(db, 'household', hid, { headName: 'Của tôi' });
  const [sent] = await outboxEntries(db);
  await applyPushResults(
    db,
    [sent!],
    [
      {
        id: sent!.id,
        status: 'conflict',
        version: 4,
        applied: [],
        conflicts: [{ field: 'headName', server: 'Của họ', client: 'Của tôi' }],
      },
    ],
  );
  return sent!.id;
}

it('keep mine: queues my value again on the version the server reported, and the conflict goes', async () => {
  const id = await conflicted();
  expect(await resolveConflict(db, id, 'client')).toMatchObject({ ok: true });
  expect(await db.conflicts.count()).toBe(0);
  expect((await outboxEntries(db)).map((m) => [m.fields, m.baseVersion])).toEqual([
    [{ headName: 'Của tôi' }, 4],
  ]);
  expect((await getHousehold(db, hid))!.household.headName).toBe('Của tôi');
});

it('take theirs: nothing is queued, the server value stays, the conflict goes', async () => {
  const id = await conflicted();
  expect(await resolveConflict(db, id, 'server')).toMatchObject({ ok: true });
  expect(await db.outbox.count()).toBe(0);
  expect((await getHousehold(db, hid))!.household.headName).toBe('Của họ');
});

it('a rejected creation sent again, fixed, keeps its id; discarding drops it', async () => {
  const r = await createRecord(db, 'household', household);
  if (!r.ok) throw new Error('setup');
  const [sent] = await outboxEntries(db);
  await applyPushResults(
    db,
    [sent!],
    [{ id: sent!.id, status: 'rejected', error: { code: 'invalid', message: 'x' } }],
  );
  expect(await resendRejected(db, sent!.id, { ...household, address: 'Số 2' })).toMatchObject({ ok: true });
  const [again] = await outboxEntries(db);
  expect([again!.entityId, again!.fields.address, again!.baseVersion]).toEqual([r.record.id, 'Số 2', 0]);
  expect(await db.rejected.count()).toBe(0);
  expect(await discardRejected(db, sent!.id)).toEqual({ ok: false, code: 'not_found' });
});
