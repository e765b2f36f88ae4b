// Sign-out wipes the phone's notebook, but never while edits wait for the server.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { NotebookDb } from '../../../src/db/db.ts';
import { applyPullPage } from '../../../src/db/server-answers.ts';
import { wipeNotebook } from '../../../src/db/wipe.ts';
import { createRecord } from '../../../src/db/write.ts';

let db: NotebookDb;
beforeEach(() => {
  db = new NotebookDb(`w-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

it('refuses while edits wait, and changes nothing', async () => {
  await createRecord(db, 'household', {
    villageId: 'thon-dong',
    address: 'Xóm Đình',
    headName: 'Lê Văn Tâm',
  });
  expect(await wipeNotebook(db)).toEqual({ ok: false, code: 'pending', pending: 1 });
  expect(await db.households.count()).toBe(1);
  expect(await db.outbox.count()).toBe(1);
});

it('with nothing waiting, removes every record, copy, cursor and setting', async () => {
  const id = crypto.randomUUID();
  await applyPullPage(
    db,
    [
      {
        entity: 'household',
        entityId: id,
        version: 1,
        deleted: false,
        data: { villageId: 'thon-dong', address: 'A', headName: 'B' },
      },
    ],
    'c-9',
  );
  expect(await wipeNotebook(db)).toEqual({ ok: true });
  for (const table of [db.households, db.serverCopies, db.meta]) expect(await table.count()).toBe(0);
});
