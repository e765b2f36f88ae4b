// The server's answers on the phone: pulled pages rebase pending edits; push results acknowledge,
// keep conflicts and rejections; the outbox loses a row only for an answered mutation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotebookDb } from '../../../src/db/db.ts';
import { getHousehold, listHouseholds, outboxEntries } from '../../../src/db/queries.ts';
import { getPullCursor } from '../../../src/db/pull-state.ts';
import { applyPullPage, applyPushResults } from '../../../src/db/server-answers.ts';
import { createRecord, deleteRecord, updateRecord } from '../../../src/db/write.ts';
import { change, hid, household, person, pid } from './pulled-records.ts';

let db: NotebookDb;
beforeEach(() => {
  db = new NotebookDb(`sa-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('pull', () => {
  it('a page and its cursor land together; records become the phone view', async () => {
    await applyPullPage(
      db,
      [change('household', hid, 2, household), change('person', pid, 1, person)],
      'c-1',
    );
    expect(await getPullCursor(db)).toBe('c-1');
    const detail = await getHousehold(db, hid);
    expect(detail?.household).toMatchObject({ ...household, version: 2 });
    expect(detail?.persons.map((p) => p.fullName)).toEqual(['Nguyễn Thị Mai']);
    // The member's name is searchable through the household.
    const page = await listHouseholds(db, { villageId: 'thon-dong', today: '2026-11-23', text: 'mai' });
    expect(page.total).toBe(1);
  });

  it('rebases a record with pending edits: server state, then my pending fields', async () => {
    await applyPullPage(db, [change('household', hid, 1, household)], 'c-1');
    await updateRecord(db, 'household', hid, { address: 'Số 9, ngõ 2' });
    await applyPullPage(
      db,
      [change('household', hid, 2, { ...household, headName: 'Nguyễn Văn Đạt' })],
      'c-2',
    );
    const h = (await getHousehold(db, hid))!.household;
    expect([h.headName, h.address, h.version]).toEqual(['Nguyễn Văn Đạt', 'Số 9, ngõ 2', 2]);
    expect((await outboxEntries(db)).map((m) => m.fields)).toEqual([{ address: 'Số 9, ngõ 2' }]);
  });

  it('a tombstone removes the household and what hangs under it', async () => {
    await applyPullPage(
      db,
      [change('household', hid, 1, household), change('person', pid, 1, person)],
      'c-1',
    );
    await applyPullPage(db, [change('household', hid, 2, null)], 'c-2');
    expect(await getHousehold(db, hid)).toBeUndefined();
    expect(await db.persons.count()).toBe(0);
    expect(await db.serverCopies.count()).toBe(0);
  });

  it('a record deleted here stays deleted when the server sends an update of it', async () => {
    await applyPullPage(db, [change('household', hid, 1, household)], 'c-1');
    await deleteRecord(db, 'household', hid);
    await applyPullPage(db, [change('household', hid, 2, { ...household, address: 'X' })], 'c-2');
    expect(await getHousehold(db, hid)).toBeUndefined();
  });
});

describe('push results', () => {
  it('applied: the outbox row leaves; an unanswered one stays', async () => {
    const a = await createRecord(db, 'household', household);
    const b = await createRecord(db, 'household', { ...household, headName: 'Lê Văn Tâm' });
    if (!a.ok || !b.ok) throw new Error('setup');
    const sent = await outboxEntries(db);
    await applyPushResults(db, sent, [{ id: sent[0]!.id, status: 'applied', version: 1 }]);
    expect((await outboxEntries(db)).map((m) => m.id)).toEqual([sent[1]!.id]);
    // Settled: the created row takes the version the server gave it and keeps no second copy; the
    // record still queued is the phone's alone.
    expect((await db.households.get(a.record.id))?.version).toBe(1);
    expect(await db.serverCopies.count()).toBe(0);
  });

  it('conflict: kept for the person to resolve, and the server value shows on the phone', async () => {
    await applyPullPage(db, [change('household', hid, 1, household)], 'c-1');
    await updateRecord(db, 'household', hid, { headName: 'Của tôi', address: 'Địa chỉ của tôi' });
    const [sent] = await outboxEntries(db);
    await applyPushResults(
      db,
      [sent!],
      [
        {
          id: sent!.id,
          status: 'conflict',
          version: 3,
          applied: ['address'],
          conflicts: [{ field: 'headName', server: 'Của họ', client: 'Của tôi' }],
        },
      ],
    );
    expect(await db.outbox.count()).toBe(0);
    const h = (await getHousehold(db, hid))!.household;
    expect([h.headName, h.address]).toEqual(['Của họ', 'Địa chỉ của tôi']);
    expect(await db.conflicts.toArray()).toMatchObject([
      {
        id: sent!.id,
        entityId: hid,
        householdId: hid,
        fields: [{ field: 'headName', client: 'Của tôi', server: 'Của họ' }],
      },
    ]);
  });

  it('[P8] a conflict for a record the phone no longer has is kept, and no half record comes back', async () => {
    // The server deleted the household while my edit waited; a server that still answers the edit
    // with a conflict must not make the round fail (it would fail the same way at every retry).
    await applyPullPage(db, [change('household', hid, 1, household)], 'c-1');
    await updateRecord(db, 'household', hid, { headName: 'Của tôi' });
    await applyPullPage(db, [change('household', hid, 2, null)], 'c-2');
    const [sent] = await outboxEntries(db);
    await applyPushResults(
      db,
      [sent!],
      [
        {
          id: sent!.id,
          status: 'conflict',
          version: 2,
          applied: [],
          conflicts: [{ field: 'headName', server: 'Của họ', client: 'Của tôi' }],
        },
      ],
    );
    expect(await db.outbox.count()).toBe(0);
    expect(await db.households.get(hid)).toBeUndefined();
    expect(await db.serverCopies.get(hid)).toBeUndefined();
    expect(await db.conflicts.toArray()).toMatchObject([{ id: sent!.id, entityId: hid }]);
  });

  it('rejected: kept with its reason; a rejected create leaves the phone view', async () => {
    const r = await createRecord(db, 'household', household);
    if (!r.ok) throw new Error('setup');
    const [sent] = await outboxEntries(db);
    await applyPushResults(
      db,
      [sent!],
      [{ id: sent!.id, status: 'rejected', error: { code: 'forbidden', message: 'not your village' } }],
    );
    expect(await db.outbox.count()).toBe(0);
    expect(await db.households.count()).toBe(0);
    expect(await db.rejected.toArray()).toMatchObject([
      { id: sent!.id, entityId: r.record.id, code: 'forbidden', fields: household, op: 'upsert' },
    ]);
  });

  it('rejected update: the phone shows the server state again, later pending edits on top', async () => {
    await applyPullPage(db, [change('household', hid, 1, household)], 'c-1');
    await updateRecord(db, 'household', hid, { address: 'Bị từ chối' });
    await updateRecord(db, 'household', hid, { headName: 'Vẫn chờ' });
    const [first] = await outboxEntries(db);
    await applyPushResults(
      db,
      [first!],
      [{ id: first!.id, status: 'rejected', error: { code: 'invalid', message: 'address' } }],
    );
    const h = (await getHousehold(db, hid))!.household;
    expect([h.address, h.headName]).toEqual([household.address, 'Vẫn chờ']);
    expect(await db.outbox.count()).toBe(1);
  });
});

describe('the server state kept on the phone', () => {
  /** A household and its member, pulled: settled records, nothing queued. */
  const pullHouseholdWithMember = () =>
    applyPullPage(db, [change('household', hid, 2, household), change('person', pid, 1, person)], 'c-1');

  it('a settled record keeps no second copy; its first edit keeps the server state until the answer', async () => {
    await pullHouseholdWithMember();
    expect(await db.serverCopies.count()).toBe(0);
    await updateRecord(db, 'person', pid, { fullName: 'Nguyễn Thị Hoa' });
    expect(await db.serverCopies.get(pid)).toEqual({ id: pid, entity: 'person', version: 1, data: person });
    const [sent] = await outboxEntries(db);
    await applyPushResults(db, [sent!], [{ id: sent!.id, status: 'applied', version: 2 }]);
    expect(await db.serverCopies.count()).toBe(0);
    expect((await db.persons.get(pid))?.fullName).toBe('Nguyễn Thị Hoa');
  });

  it('a refused delete of a settled record brings it back as the server holds it, members too', async () => {
    await pullHouseholdWithMember();
    await deleteRecord(db, 'person', pid);
    expect(await getHousehold(db, hid)).toMatchObject({ persons: [] });
    const [sent] = await outboxEntries(db);
    await applyPushResults(
      db,
      [sent!],
      [{ id: sent!.id, status: 'rejected', error: { code: 'forbidden', message: 'not yours' } }],
    );
    expect((await getHousehold(db, hid))?.persons).toEqual([{ ...person, id: pid, version: 1 }]);
    expect(await db.serverCopies.count()).toBe(0);
    // The household's list row counts the member again.
    const page = await listHouseholds(db, { villageId: 'thon-dong', today: '2026-11-23' });
    expect(page.rows.map((r) => [r.members, r.noCard])).toEqual([[1, 1]]);
  });
});
