// The first screen reads the notebook with plain IndexedDB (src/db/raw-reads.ts, notebook.ts): a
// notebook at the current schema is read without loading Dexie at all; a missing one reads as empty
// and is not created; an older one is upgraded by Dexie first, never by the plain reads; and the plain connection gives way
// to a later build's upgrade instead of blocking it, then reads on.
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { NotebookDb } from '../../../src/db/db.ts';
import { listHouseholds } from '../../../src/db/list-queries.ts';
import { Notebook } from '../../../src/db/notebook.ts';
import type { HouseholdRow } from '../../../src/db/rows.ts';
import { NATIVE_VERSION } from '../../../src/db/schema-version.ts';
import { getProfile } from '../../../src/db/settings.ts';
import { createRecord } from '../../../src/db/write.ts';

const names: string[] = [];
const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) db.close();
  for (const name of names.splice(0)) await Dexie.delete(name);
});

function name(): string {
  const n = `raw-${crypto.randomUUID()}`;
  names.push(n);
  return n;
}

/** A Notebook over `n` that counts how often it had to load Dexie's notebook. */
function counting(n: string) {
  const loads = { count: 0 };
  const notebook = new Notebook(n, () => {
    loads.count += 1;
    const db = new NotebookDb(n);
    opened.push(db);
    return Promise.resolve(db);
  });
  return { notebook, loads };
}

const HOUSEHOLD = {
  id: '11111111-1111-4111-8111-111111111111',
  villageId: 'thon-dong',
  headName: 'Nguyễn Văn Đức',
  address: 'Xóm Chùa',
  householdCode: null,
  notes: '',
};

/** A notebook at the current schema, with one household written through the write path. */
async function settledNotebook(n: string): Promise<void> {
  const db = new NotebookDb(n);
  await createRecord(db, 'household', HOUSEHOLD);
  await db.meta.put({
    key: 'profile',
    value: {
      volunteerName: 'Lê Thị Hoa',
      villages: [{ id: 'thon-dong', name: 'Thôn Đông' }],
      villageId: 'thon-dong',
    },
  });
  db.close();
}

describe('the first screen’s plain reads', () => {
  it('read a notebook at the current schema without loading Dexie', async () => {
    const n = name();
    await settledNotebook(n);
    const { notebook, loads } = counting(n);
    const page = await listHouseholds(notebook, { villageId: 'thon-dong', today: '2026-11-30' });
    expect(page.rows.map((r) => r.household.headName)).toEqual(['Nguyễn Văn Đức']);
    expect((await getProfile(notebook))?.villageId).toBe('thon-dong');
    expect(await notebook.reads.count('outbox')).toBe(1);
    expect(loads.count).toBe(0);
  });

  it('read a missing notebook (a first start) as empty, creating nothing and loading no Dexie', async () => {
    const n = name();
    const { notebook, loads } = counting(n);
    expect(await notebook.reads.count('outbox')).toBe(0);
    expect(await notebook.reads.villageRows('thon-dong')).toEqual([]);
    expect(await getProfile(notebook)).toBeUndefined();
    expect(loads.count).toBe(0);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(n);
    // Once Dexie has created it (a sign-in), the same reads see what is written.
    const db = await notebook.open();
    await createRecord(db, 'household', HOUSEHOLD);
    expect(await notebook.reads.count('outbox')).toBe(1);
  });

  it('let Dexie upgrade an older notebook first, then read its upgraded rows', async () => {
    const n = name();
    // Version 3's households, without the list summary that version 4 computes.
    const old = new Dexie(n);
    old.version(3).stores({
      households: 'id, villageId, [villageId+_sort], *_words',
      persons: 'id, householdId, idNumber',
      tasks: 'id, householdId',
      visits: 'id, householdId',
      outbox: '++seq, &id, entityId',
      meta: 'key',
      serverCopies: 'id, entity',
      conflicts: 'id, entityId, householdId',
      rejected: 'id, entityId, householdId',
    });
    await old
      .table('households')
      .put({ ...HOUSEHOLD, version: 3, _sort: 'nguyen van duc', _words: ['nguyen'] });
    old.close();

    const { notebook, loads } = counting(n);
    const rows = await notebook.reads.villageRows('thon-dong');
    expect(loads.count).toBe(1);
    expect(rows.map((r: HouseholdRow) => r._summary)).toEqual([
      { members: [], openTasks: 0, visited: false, work: { persons: [], openTasks: [], lastMet: '' } },
    ]);
  });

  it('give way to a later build’s upgrade, then read on', async () => {
    const n = name();
    await settledNotebook(n);
    const { notebook } = counting(n);
    expect(await notebook.reads.count('households')).toBe(1);
    // A later build opens the notebook at a higher version while the plain connection is open: the
    // upgrade must not be blocked by it.
    const later = new Dexie(n);
    later.version(NATIVE_VERSION / 10 + 1).stores({ households: 'id, villageId', extra: 'id' });
    const upgraded = later.open().then(() => 'upgraded');
    const blocked = new Promise((r) => later.on('blocked', () => r('blocked')));
    expect(await Promise.race([upgraded, blocked])).toBe('upgraded');
    later.close();
    expect(await notebook.reads.count('households')).toBe(1);
  });
});
