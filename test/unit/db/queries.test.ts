// The list, its search and filters, and the progress line, on a small village whose answers are known.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NotebookDb } from '../../../src/db/db.ts';
import { applyServerRecords } from '../../../src/db/server-answers.ts';
import { getHousehold, householdScreen, listHouseholds, villageProgress } from '../../../src/db/queries.ts';
import { createRecord, deleteRecord, updateRecord } from '../../../src/db/write.ts';

const today = '2026-11-23';
const v = 'thon-dong';
let db: NotebookDb;
const ids: Record<string, string> = {};

async function add(entity: 'household' | 'person' | 'task' | 'visit', fields: Record<string, unknown>) {
  const r = await createRecord(db, entity, fields);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.record.id;
}
const adult = { gender: 'male', relation: 'head', cccdStatus: 'issued', vneidStatus: 'level2_active' };

beforeAll(async () => {
  db = new NotebookDb(`q-${crypto.randomUUID()}`);
  ids.duc = await add('household', {
    villageId: v,
    address: 'Xóm Đình',
    headName: 'Nguyễn Văn Đức',
    householdCode: '0101',
  });
  await add('person', {
    ...adult,
    householdId: ids.duc,
    fullName: 'Nguyễn Văn Đức',
    birthDate: '1980-01-01',
  });
  // Turns 14 today: counts as 14+, needs a card and VNeID.
  await add('person', {
    ...adult,
    householdId: ids.duc,
    fullName: 'Nguyễn Thị Mai',
    birthDate: '2012-11-23',
    gender: 'female',
    relation: 'child',
    cccdStatus: 'none',
    vneidStatus: 'none',
  });
  await add('visit', { householdId: ids.duc, visitedOn: '2026-11-20', outcome: 'met' });

  ids.binh = await add('household', { villageId: v, address: 'Số 3, ngõ 7', headName: 'Trần Văn Bình' });
  await add('person', {
    ...adult,
    householdId: ids.binh,
    fullName: 'Trần Văn Bình',
    birthDate: '1975-05-05',
    vneidStatus: 'level1',
  });
  await add('person', {
    ...adult,
    householdId: ids.binh,
    fullName: 'Lê Thị Hằng',
    birthDate: '1978-06-06',
    gender: 'female',
    relation: 'spouse',
  });
  await add('task', {
    householdId: ids.binh,
    kind: 'missing_id',
    note: 'Thiếu số định danh',
    status: 'open',
  });

  ids.an = await add('household', { villageId: v, address: 'Xóm Chùa', headName: 'Phạm Văn An' });
  await add('person', { ...adult, householdId: ids.an, fullName: 'Phạm Văn An', birthDate: '1990-02-02' });
  // Turns 14 tomorrow: not yet 14+, no gap.
  await add('person', {
    ...adult,
    householdId: ids.an,
    fullName: 'Phạm Minh Khôi',
    birthDate: '2012-11-24',
    relation: 'child',
    cccdStatus: 'none',
    vneidStatus: 'none',
  });
  await add('visit', { householdId: ids.an, visitedOn: '2026-11-21', outcome: 'not_home' });
  await add('task', { householdId: ids.an, kind: 'other', note: 'Đã xử lý', status: 'done' });

  // Another village's household never shows in this one.
  await add('household', { villageId: 'thon-tay', address: 'Xóm Đình', headName: 'Nguyễn Văn Đức' });
});
afterEach(() => undefined);

const names = async (q: Partial<Parameters<typeof listHouseholds>[1]>) =>
  (await listHouseholds(db, { villageId: v, today, ...q })).rows.map((r) => r.household.headName);

describe('household list', () => {
  it('lists the village in head-name order (tone-blind), not other villages', async () => {
    expect(await names({})).toEqual(['Nguyễn Văn Đức', 'Phạm Văn An', 'Trần Văn Bình']);
  });

  it.each([
    ['nguyen van duc', ['Nguyễn Văn Đức']],
    ['NGUYEN', ['Nguyễn Văn Đức']],
    ['đức', ['Nguyễn Văn Đức']],
    ['hang', ['Trần Văn Bình']], // a member's name finds the household
    ['xom', ['Nguyễn Văn Đức', 'Phạm Văn An']], // address
    ['0101', ['Nguyễn Văn Đức']], // household code
    ['van b', ['Trần Văn Bình']],
    ['khôi phạm', ['Phạm Văn An']],
    ['zzz', []],
  ])('search %j finds %j', async (text, expected) => {
    expect(await names({ text })).toEqual(expected);
  });

  it.each([
    ['noCard', ['Nguyễn Văn Đức']],
    ['noVneid', ['Nguyễn Văn Đức', 'Trần Văn Bình']],
    ['openTasks', ['Trần Văn Bình']],
    ['notVisited', ['Phạm Văn An', 'Trần Văn Bình']],
  ] as const)('filter %s keeps %j', async (filter, expected) => {
    expect(await names({ filters: { [filter]: true } })).toEqual(expected);
  });

  it('filters and search combine', async () => {
    expect(await names({ text: 'van', filters: { noVneid: true, notVisited: true } })).toEqual([
      'Trần Văn Bình',
    ]);
  });

  it('the child who turns 14 tomorrow makes no gap today, and does the day after', async () => {
    expect(await names({ today: '2026-11-24', filters: { noCard: true } })).toEqual([
      'Nguyễn Văn Đức',
      'Phạm Văn An',
    ]);
  });

  it('rows carry their badges', async () => {
    const { rows } = await listHouseholds(db, { villageId: v, today });
    expect(rows.map((r) => [r.members, r.noCard, r.noVneid, r.openTasks, r.visited])).toEqual([
      [2, 1, 1, 0, true],
      [2, 0, 0, 0, false],
      [2, 0, 1, 1, false],
    ]);
  });

  it('pages without repeats or gaps', async () => {
    const pages = [];
    for (let offset = 0; offset < 3; offset += 2) {
      const page = await listHouseholds(db, { villageId: v, today, offset, limit: 2 });
      expect(page.total).toBe(3);
      pages.push(...page.rows.map((r) => r.household.id));
    }
    expect(pages).toEqual([ids.duc, ids.an, ids.binh]);
    const found = await listHouseholds(db, { villageId: v, today, text: 'van', offset: 2, limit: 2 });
    expect([found.total, found.rows.map((r) => r.household.id)]).toEqual([3, [ids.binh]]);
  });
});

describe('progress line', () => {
  it('counts as the tallies do: visited = a met visit; 14+ on today', async () => {
    expect(await villageProgress(db, v, today)).toEqual({
      households: 3,
      householdsVisited: 1,
      persons14plus: 5,
      cccdIssued14plus: 4,
      vneidLevel2Active14plus: 3,
    });
    expect((await villageProgress(db, v, '2026-11-24')).persons14plus).toBe(6);
  });
});

describe('records from the server', () => {
  it('enter without outbox rows and are searchable by members', async () => {
    const other = new NotebookDb(`s-${crypto.randomUUID()}`);
    const hid = crypto.randomUUID();
    await applyServerRecords(other, {
      households: [{ id: hid, version: 3, villageId: v, address: 'Xóm Mới', headName: 'Hoàng Văn Nam' }],
      persons: [
        {
          id: crypto.randomUUID(),
          version: 2,
          householdId: hid,
          fullName: 'Đỗ Thị Tuyết',
          birthDate: '1990-01-01',
          gender: 'female',
          relation: 'spouse',
          cccdStatus: 'issued',
          vneidStatus: 'none',
        },
      ],
    });
    expect(await other.outbox.count()).toBe(0);
    const page = await listHouseholds(other, { villageId: v, today, text: 'tuyet' });
    expect(page.rows.map((r) => r.household)).toEqual([
      { id: hid, version: 3, villageId: v, address: 'Xóm Mới', headName: 'Hoàng Văn Nam' },
    ]);
    expect((await getHousehold(other, hid))!.persons.map((p) => p.fullName)).toEqual(['Đỗ Thị Tuyết']);
    await other.delete();
  });
});

describe('the in-memory search index', () => {
  it('follows every write: a renamed head, a new member, a deleted household, a new open task', async () => {
    const own = new NotebookDb(`i-${crypto.randomUUID()}`);
    const h = await createRecord(own, 'household', {
      villageId: v,
      address: 'Xóm Đình',
      headName: 'Vũ Văn Hải',
    });
    if (!h.ok) throw new Error('setup');
    const find = async (text: string, filters = {}) =>
      (await listHouseholds(own, { villageId: v, today, text, filters })).rows.map(
        (r) => r.household.headName,
      );
    expect(await find('hai')).toEqual(['Vũ Văn Hải']);
    expect(await find('', { openTasks: true })).toEqual([]);

    await updateRecord(own, 'household', h.record.id, { headName: 'Vũ Văn Hùng' });
    expect(await find('hai')).toEqual([]);
    expect(await find('hung')).toEqual(['Vũ Văn Hùng']);

    await createRecord(own, 'person', {
      householdId: h.record.id,
      fullName: 'Đinh Thị Nga',
      birthDate: '1985-01-01',
      gender: 'female',
      relation: 'spouse',
      cccdStatus: 'issued',
      vneidStatus: 'none',
    });
    expect(await find('nga')).toEqual(['Vũ Văn Hùng']);

    await createRecord(own, 'task', { householdId: h.record.id, kind: 'other', note: '', status: 'open' });
    expect(await find('', { openTasks: true })).toEqual(['Vũ Văn Hùng']);

    await deleteRecord(own, 'household', h.record.id);
    expect(await find('hung')).toEqual([]);
    await own.delete();
  });
});

describe('the household screen', () => {
  it('reads the household and counts only its own conflicts and rejected edits', async () => {
    const own = new NotebookDb(`s-${crypto.randomUUID()}`);
    const a = await createRecord(own, 'household', {
      villageId: v,
      address: 'Xóm Đình',
      headName: 'Vũ Văn Hải',
    });
    const b = await createRecord(own, 'household', {
      villageId: v,
      address: 'Xóm Chùa',
      headName: 'Lê Thị Hoa',
    });
    if (!a.ok || !b.ok) throw new Error('setup');
    expect(await householdScreen(own, a.record.id)).toMatchObject({
      detail: { household: { headName: 'Vũ Văn Hải' }, persons: [] },
      issues: null,
    });
    const issue = { entity: 'household' as const, at: '2026-11-30T02:00:00.000Z' };
    await own.conflicts.bulkPut([
      {
        ...issue,
        id: crypto.randomUUID(),
        entityId: a.record.id,
        householdId: a.record.id,
        fields: [],
        version: 2,
      },
      {
        ...issue,
        id: crypto.randomUUID(),
        entityId: b.record.id,
        householdId: b.record.id,
        fields: [],
        version: 2,
      },
    ]);
    await own.rejected.put({
      ...issue,
      id: crypto.randomUUID(),
      entityId: a.record.id,
      householdId: a.record.id,
      op: 'upsert',
      fields: {},
      code: 'invalid',
      message: 'headName: required',
    });
    expect((await householdScreen(own, a.record.id))?.issues).toEqual({ conflicts: 1, rejected: 1 });
    expect((await householdScreen(own, b.record.id))?.issues).toEqual({ conflicts: 1, rejected: 0 });
    expect(await householdScreen(own, crypto.randomUUID())).toBeNull();
    await own.delete();
  });
});
