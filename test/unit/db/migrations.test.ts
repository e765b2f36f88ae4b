// The phone's schema versions carry stored data through (src/db/migrations.ts): a phone that kept
// conflicts under version 2 opens version 3 with every conflict still there, its sides renamed to the
// wire's names and its values untouched.
import Dexie from 'dexie';
import { afterEach, expect, it } from 'vitest';
import { NotebookDb } from '../../../src/db/db.ts';
import { SCHEMA_VERSION } from '../../../src/db/migrations.ts';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** A database exactly as a phone on schema version 2 left it (the stores of versions 1 and 2). */
async function version2(name: string, conflicts: unknown[]): Promise<void> {
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
