// The phone's schema versions carry stored data through (src/db/migrations.ts): a phone that kept
// conflicts under version 2 opens version 3 with every conflict still there, its sides renamed to the
// wire's names and its values untouched; a phone on version 3 opens version 4 with every household's
// list summary computed from what it holds, the fields of dropped indexes gone, and nothing else lost.
import Dexie from 'dexie';
import { afterEach, expect, it } from 'vitest';
import { GAP_CARD, GAP_VNEID, NotebookDb } from '../../../src/db/db.ts';
import { listHouseholds, villageProgress } from '../../../src/db/queries.ts';
import { SCHEMA_VERSION } from '../../../src/db/migrations.ts';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** The stores of versions 1 and 2, as a phone that shipped with them declared them. */
function oldSchema(name: string): Dexie {
  const old = new Dexie(name);
  old.version(1).stores({
    households: 'id, villageId, [villageId+_sort], *_words',
    persons:
      'id, householdId, *_words, idNumber, [_villageId+birthDate], [_villageId+cccdStatus+birthDate], [_villageId+vneidStatus+birthDate]',
    tasks: 'id, householdId, personId, [_villageId+status]',
    visits: 'id, householdId, [_villageId+outcome]',
    outbox: '++seq, &id, entityId',
    meta: 'key',
  });
  old.version(2).stores({
    serverCopies: 'id, entity',
    conflicts: 'id, entityId, householdId',
    rejected: 'id, entityId, householdId',
  });
  return old;
}

/** A database exactly as a phone on schema version 2 left it. */
async function version2(name: string, conflicts: unknown[]): Promise<void> {
  const old = oldSchema(name);
  await old.open();
  await old.table('conflicts').bulkPut(conflicts);
  old.close();
}

const hid = '44444444-4444-4444-8444-444444444444';
const conflict = (id: string, fields: unknown) => ({
  id,
  entity: 'household',
  entityId: hid,
  householdId: hid,
  fields,
  version: 4,
  at: '2026-11-20T03:00:00.000Z',
});

it('version 3 renames the sides of kept conflicts to client and server, values and nulls untouched', async () => {
  const name = `m-${crypto.randomUUID()}`;
  names.push(name);
  await version2(name, [
    conflict('11111111-1111-4111-8111-111111111111', [
      { field: 'headName', mine: 'Lê Văn B', theirs: 'Trần Văn A' },
      { field: 'phone', mine: null, theirs: '0912345678' },
    ]),
    conflict('22222222-2222-4222-8222-222222222222', [{ field: 'note', mine: 'Hẹn thứ Bảy', theirs: null }]),
  ]);

  const db = new NotebookDb(name);
  await db.open();
  expect(db.verno).toBe(SCHEMA_VERSION);
  const rows = await db.conflicts.orderBy('id').toArray();
  expect(rows.map((r) => r.fields)).toEqual([
    [
      { field: 'headName', client: 'Lê Văn B', server: 'Trần Văn A' },
      { field: 'phone', client: null, server: '0912345678' },
    ],
    [{ field: 'note', client: 'Hẹn thứ Bảy', server: null }],
  ]);
  expect(rows.map((r) => [r.entityId, r.version, r.at])).toEqual([
    [hid, 4, '2026-11-20T03:00:00.000Z'],
    [hid, 4, '2026-11-20T03:00:00.000Z'],
  ]);
  db.close();
});

it('a fresh phone opens at the latest version with no conflicts', async () => {
  const name = `m-${crypto.randomUUID()}`;
  names.push(name);
  const db = new NotebookDb(name);
  await db.open();
  expect(db.verno).toBe(SCHEMA_VERSION);
  expect(await db.conflicts.count()).toBe(0);
  db.close();
});

it('version 4 gives every household its list summary and drops the fields of the removed indexes, losing no record or edit', async () => {
  const name = `m-${crypto.randomUUID()}`;
  names.push(name);
  const old = oldSchema(name);
  old.version(3).stores({});
  await old.open();
  const h2 = '55555555-5555-4555-8555-555555555555';
  const member = (
    id: string,
    householdId: string,
    birthDate: string,
    cccdStatus: string,
    vneidStatus: string,
  ) => ({
    id,
    householdId,
    fullName: 'Lê Thị Hoa',
    birthDate,
    gender: 'female',
    relation: 'child',
    cccdStatus,
    vneidStatus,
    version: 3,
    _villageId: 'thon-dong',
    _words: ['le', 'thi', 'hoa'],
  });
  await old.table('households').bulkPut([
    {
      id: hid,
      villageId: 'thon-dong',
      address: 'Xóm Đình',
      headName: 'Lê Văn Ba',
      version: 2,
      _sort: 'le van ba',
      _words: ['le', 'van', 'ba', 'hoa'],
    },
    {
      id: h2,
      villageId: 'thon-dong',
      address: 'Xóm Chợ',
      headName: 'Trần Văn Tư',
      version: 1,
      _sort: 'tran van tu',
      _words: ['tran', 'van', 'tu'],
    },
  ]);
  await old
    .table('persons')
    .bulkPut([
      member('a1111111-1111-4111-8111-111111111111', hid, '1980-01-02', 'issued', 'level2_active'),
      member('a2222222-2222-4222-8222-222222222222', hid, '2000-05-06', 'none', 'level1'),
      member('a3333333-3333-4333-8333-333333333333', hid, '2020-05-06', 'none', 'none'),
    ]);
  await old.table('tasks').bulkPut([
    {
      id: 'b1111111-1111-4111-8111-111111111111',
      householdId: hid,
      kind: 'wrong_info',
      note: 'Sai tên',
      status: 'open',
      version: 1,
      _villageId: 'thon-dong',
    },
    {
      id: 'b2222222-2222-4222-8222-222222222222',
      householdId: hid,
      kind: 'missing_id',
      note: 'Thiếu số',
      status: 'done',
      version: 1,
      _villageId: 'thon-dong',
    },
  ]);
  await old.table('visits').bulkPut([
    {
      id: 'c1111111-1111-4111-8111-111111111111',
      householdId: h2,
      visitedOn: '2026-11-02',
      outcome: 'met',
      version: 1,
      _villageId: 'thon-dong',
    },
  ]);
  const pending = {
    id: 'd1111111-1111-4111-8111-111111111111',
    entity: 'household',
    entityId: hid,
    op: 'upsert',
    baseVersion: 2,
    fields: { address: 'Xóm Đình' },
    clientTime: '2026-11-20T03:00:00.000Z',
  };
  await old.table('outbox').add(pending);
  // Version 3 kept a copy of every record: h2's row kept version 0 after its creation was answered.
  await old.table('households').update(h2, { version: 0 });
  await old.table('serverCopies').bulkPut([
    {
      id: hid,
      entity: 'household',
      version: 2,
      data: { villageId: 'thon-dong', address: 'Xóm Cũ', headName: 'Lê Văn Ba' },
    },
    {
      id: h2,
      entity: 'household',
      version: 7,
      data: { villageId: 'thon-dong', address: 'Xóm Chợ', headName: 'Trần Văn Tư' },
    },
  ]);
  old.close();

  const db = new NotebookDb(name);
  await db.open();
  expect(db.verno).toBe(SCHEMA_VERSION);
  expect((await db.households.get(hid))!._summary).toMatchObject({
    members: [
      ['1980-01-02', 0],
      ['2000-05-06', GAP_CARD | GAP_VNEID],
      ['2020-05-06', GAP_CARD | GAP_VNEID],
    ],
    openTasks: 1,
    visited: false,
  });
  // What the campaigns' rules judge (issue 17) comes with it: the work list reads no record.
  expect((await db.households.get(hid))!._summary.work).toEqual({
    persons: [
      ['a1111111-1111-4111-8111-111111111111', '1980-01-02', 'issued', '', 'level2_active', 0],
      ['a2222222-2222-4222-8222-222222222222', '2000-05-06', 'none', '', 'level1', 0],
      ['a3333333-3333-4333-8333-333333333333', '2020-05-06', 'none', '', 'none', 0],
    ],
    openTasks: [['b1111111-1111-4111-8111-111111111111', 'wrong_info']],
    lastMet: '',
  });
  expect((await db.households.get(h2))!._summary).toEqual({
    members: [],
    openTasks: 0,
    visited: true,
    work: { persons: [], openTasks: [], lastMet: '2026-11-02' },
  });
  for (const row of [
    ...(await db.persons.toArray()),
    ...(await db.tasks.toArray()),
    ...(await db.visits.toArray()),
  ]) {
    expect(Object.keys(row).filter((k) => k.startsWith('_'))).toEqual([]);
  }
  expect(await db.persons.count()).toBe(3);
  expect(await db.tasks.count()).toBe(2);
  expect(await db.outbox.toArray()).toEqual([{ ...pending, seq: 1 }]);
  // The copy of the record with a queued edit stays for its rebase; the settled one's goes, its
  // version kept on the row.
  expect((await db.serverCopies.toArray()).map((c) => [c.id, c.version])).toEqual([[hid, 2]]);
  expect((await db.households.get(h2))!.version).toBe(7);
  expect((await db.households.get(hid))!.version).toBe(2);
  // The list and the progress line read the summaries: the phone's first screen after the update.
  const page = await listHouseholds(db, {
    villageId: 'thon-dong',
    today: '2026-11-30',
    filters: { noCard: true },
  });
  expect(page.rows.map((r) => [r.household.headName, r.members, r.noCard, r.noVneid, r.openTasks])).toEqual([
    ['Lê Văn Ba', 3, 1, 1, 1],
  ]);
  expect(await villageProgress(db, 'thon-dong', '2026-11-30')).toEqual({
    households: 2,
    householdsVisited: 1,
    persons14plus: 2,
    cccdIssued14plus: 1,
    vneidLevel2Active14plus: 1,
  });
  db.close();
});
