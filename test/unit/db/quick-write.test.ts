// An update its household's row does not derive from (a note, a phone number) takes the write path's
// quick way (src/db/write.ts, quickUpdate): plain IndexedDB requests in one transaction instead of
// Dexie's. It must keep every guarantee of the one write path: the row, the kept server copy and the
// outbox entry together or not at all, refusals writing nothing, and the write announced as Dexie
// announces its own, to the screens' listeners and to Dexie's live queries (which keep no cache).
import { liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotebookDb, notebookOf } from '../../../src/db/db.ts';
import { outboxEntries } from '../../../src/db/queries.ts';
import type { TableChanges } from '../../../src/db/reads.ts';
import { applyPullPage } from '../../../src/db/server-answers.ts';
import { updateRecord } from '../../../src/db/write.ts';
import { change, hid, household, person, pid } from './pulled-records.ts';

let db: NotebookDb;
beforeEach(() => {
  db = new NotebookDb(`qw-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

/** A household and its member as a pull leaves them: settled, known to the server at version 3. */
async function pulled() {
  await applyPullPage(db, [change('household', hid, 3, household), change('person', pid, 3, person)], 'c-1');
}

describe('the quick update of a member', () => {
  it('writes the row, keeps the server copy and queues the mutation, all in one', async () => {
    await pulled();
    const result = await updateRecord(db, 'person', pid, {
      note: 'Đi làm xa, về cuối tuần',
      phone: '0912 345 678',
    });
    expect(result.ok).toBe(true);
    expect(await db.persons.get(pid)).toMatchObject({
      note: 'Đi làm xa, về cuối tuần',
      phone: '0912 345 678',
      version: 3,
    });
    const copy = await db.serverCopies.get(pid);
    expect(copy).toMatchObject({ entity: 'person', version: 3 });
    expect(copy!.data).not.toHaveProperty('note');
    const [entry] = await outboxEntries(db);
    expect(entry).toMatchObject({
      entity: 'person',
      entityId: pid,
      op: 'upsert',
      baseVersion: 3,
      fields: { note: 'Đi làm xa, về cuối tuần', phone: '0912 345 678' },
    });
    // A second edit keeps the first copy (the server's state), and queues its own mutation.
    await updateRecord(db, 'person', pid, { note: 'Đã về' });
    expect((await db.serverCopies.get(pid))!.data).toEqual(copy!.data);
    expect((await outboxEntries(db)).map((e) => e.fields)).toEqual([
      { note: 'Đi làm xa, về cuối tuần', phone: '0912 345 678' },
      { note: 'Đã về' },
    ]);
  });

  it('writes nothing when refused, and says why', async () => {
    await pulled();
    const result = await updateRecord(db, 'person', pid, { phone: 'không có số' });
    expect(result).toMatchObject({ ok: false, code: 'invalid', issues: [{ field: 'phone' }] });
    expect(await db.persons.get(pid)).not.toHaveProperty('phone');
    expect(await db.serverCopies.get(pid)).toBeUndefined();
    expect(await outboxEntries(db)).toEqual([]);
    expect(await updateRecord(db, 'person', '33333333-3333-4333-8333-333333333333', { note: 'x' })).toEqual({
      ok: false,
      code: 'not_found',
    });
  });

  it('lands nothing of an edit whose last write fails after the commit was asked', async () => {
    // The quick path asks for the commit with its last request (IDBTransaction.commit): a write that
    // fails then must still take the whole transaction down. Here the outbox entry's id is taken.
    await pulled();
    const sameId = () => '44444444-4444-4444-8444-444444444444';
    await updateRecord(db, 'person', pid, { note: 'Lần một' }, { newId: sameId });
    expect(await updateRecord(db, 'person', pid, { note: 'Lần hai' }, { newId: sameId })).toMatchObject({
      ok: false,
      code: 'storage',
    });
    expect((await db.persons.get(pid))!.note).toBe('Lần một');
    expect((await outboxEntries(db)).map((e) => e.fields)).toEqual([{ note: 'Lần một' }]);
    // The record's first edit kept the server's copy; the failed one changed nothing of it.
    expect((await db.serverCopies.get(pid))!.data).not.toHaveProperty('note');
  });

  it('writes nothing when nothing changes', async () => {
    await pulled();
    await updateRecord(db, 'person', pid, { note: 'Ghi chú' });
    await updateRecord(db, 'person', pid, { note: 'Ghi chú' });
    expect(await outboxEntries(db)).toHaveLength(1);
  });

  it('is announced to the screens’ listeners and to Dexie’s live queries', async () => {
    await pulled();
    const notebook = notebookOf(db);
    await notebook.open();
    const heard: TableChanges[] = [];
    notebook.reads.onChange((changes) => heard.push(changes));
    // A live query over an index, as the screens behind the list hold them.
    const notes: (string | null | undefined)[] = [];
    const subscription = liveQuery(() => db.persons.where('householdId').equals(hid).toArray()).subscribe(
      (rows) => notes.push(rows[0]?.note),
    );
    await until(() => notes.length === 1);
    await updateRecord(db, 'person', pid, { note: 'Mới' });
    await until(() => notes.at(-1) === 'Mới');
    subscription.unsubscribe();
    const persons = heard.find((c) => c.has('persons'));
    expect(persons!.get('persons')).toEqual([pid]);
    expect(heard.some((c) => c.has('outbox'))).toBe(true);
  });
});

async function until(done: () => boolean) {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(done()).toBe(true);
}
