// The households on the list are read ahead so that a tap shows one at once (src/db/household-read.ts):
// what was read ahead equals the household screen's own read, and is never older than the last write
// announced: any write to a table the screen reads drops it, and a read that a write overtook is not
// kept.
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { NotebookDb, notebookOf } from '../../../src/db/db.ts';
import { householdScreen, readAhead, readAheadScreen } from '../../../src/db/household-read.ts';
import type { Notebook } from '../../../src/db/notebook.ts';
import { createRecord, updateRecord } from '../../../src/db/write.ts';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

const VILLAGE = 'thon-dong';

async function village(): Promise<{ db: NotebookDb; notebook: Notebook; ids: string[]; members: string[] }> {
  const db = new NotebookDb(`ha-${crypto.randomUUID()}`);
  names.push(db.name);
  const notebook = notebookOf(db);
  await notebook.open();
  const ids: string[] = [];
  const members: string[] = [];
  for (const headName of ['Nguyễn Văn Đức', 'Trần Thị Lan', 'Lê Văn Hùng']) {
    const h = await createRecord(db, 'household', { villageId: VILLAGE, headName, address: 'Xóm Chùa' });
    if (!h.ok) throw new Error('household refused');
    ids.push(h.record.id);
    const p = await createRecord(db, 'person', {
      householdId: h.record.id,
      fullName: headName,
      birthDate: '1970-01-01',
      gender: 'male',
      relation: 'head',
      cccdStatus: 'issued',
      vneidStatus: 'level2_active',
    });
    if (!p.ok) throw new Error('person refused');
    members.push(p.record.id);
  }
  return { db, notebook, ids, members };
}

describe('households read ahead', () => {
  it('hold what the household screen reads', async () => {
    const { notebook, ids } = await village();
    await readAhead(notebook, ids);
    for (const id of ids) expect(readAheadScreen(notebook, id)).toEqual(await householdScreen(notebook, id));
    expect(readAheadScreen(notebook, ids[0]!)!.detail.persons).toHaveLength(1);
  });

  it('are dropped by a write to what the screen shows', async () => {
    const { db, notebook, ids, members } = await village();
    await readAhead(notebook, ids);
    await updateRecord(db, 'person', members[0]!, { birthDate: '1971-02-03' });
    await new Promise((r) => setTimeout(r, 10)); // the write's announcement
    for (const id of ids) expect(readAheadScreen(notebook, id)).toBeUndefined();
  });

  it('are never older than the last write, when a write lands during the read', async () => {
    const { db, notebook, ids, members } = await village();
    for (let round = 0; round < 10; round++) {
      const reading = readAhead(notebook, ids);
      await updateRecord(db, 'person', members[round % 3]!, { fullName: `Tên ${round}` });
      await reading;
      await new Promise((r) => setTimeout(r, 10));
      for (const id of ids) {
        const ahead = readAheadScreen(notebook, id);
        if (ahead !== undefined) expect(ahead).toEqual(await householdScreen(notebook, id));
      }
    }
  });
});
