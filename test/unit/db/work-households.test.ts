// The work list on the phone reads the village index in memory (db/campaigns.ts workHouseholdsOf:
// each household row's summary keeps what the campaigns' rules judge) and no member, task or visit.
// Its answer must be the one the rules give over the records themselves, for every rule, through
// edits; and a row written by a build before the summary held it must still be judged, from its records.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workHouseholdsOf, workRecordsOf } from '../../../src/db/work-households.ts';
import { NotebookDb } from '../../../src/db/db.ts';
import { forgetVillageIndexes } from '../../../src/db/list-index.ts';
import { createRecord, updateRecord } from '../../../src/db/write.ts';
import type { WorkCampaign, WorkItem, WorkList } from '../../../src/domain/work-list.ts';
import { workList, workListOf } from '../../../src/domain/work-list.ts';

const V = 'thon-a';
const TODAY = '2026-11-30';
const due = '2026-12-31';
const campaign = (id: string, rule: WorkCampaign['rule']): WorkCampaign => ({
  id,
  name: id,
  villageIds: [V],
  dueOn: due,
  rule,
});
const CAMPAIGNS: WorkCampaign[] = [
  campaign('c1-card', { kind: 'card_at_14' }),
  campaign('c2-renewal', { kind: 'card_renewal' }),
  campaign('c3-vneid', { kind: 'vneid_level2', elderlyOnly: false, withPhoneOnly: true }),
  campaign('c4-elderly', { kind: 'vneid_level2', elderlyOnly: true }),
  campaign('c5-visits', { kind: 'not_visited_since', since: '2026-11-01' }),
  campaign('c6-tasks', { kind: 'open_tasks', taskKinds: ['wrong_info', 'missing_id'] }),
];

let db: NotebookDb;
beforeEach(() => {
  db = new NotebookDb(`wh-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

async function created(entity: 'household' | 'person' | 'task' | 'visit', data: Record<string, unknown>) {
  const r = await createRecord(db, entity, data as never);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return (r.record as { id: string }).id;
}

/** A village with someone for every rule, and someone for none. */
async function seed() {
  const h1 = await created('household', { villageId: V, address: 'Số 1', headName: 'Lê Văn Ba' });
  const h2 = await created('household', { villageId: V, address: 'Số 2', headName: 'Trần Thị Tư' });
  await created('household', { villageId: 'thon-b', address: 'Số 3', headName: 'Ngô Văn Năm' });
  const p = (householdId: string, fullName: string, more: Record<string, unknown>) =>
    created('person', {
      householdId,
      fullName,
      gender: 'male',
      relation: 'child',
      cccdStatus: 'none',
      vneidStatus: 'none',
      ...more,
    });
  const teen = await p(h1, 'Lê Thị Mai', { birthDate: '2012-12-20' });
  const elder = await p(h1, 'Lê Văn Ba', {
    birthDate: '1950-03-04',
    cccdStatus: 'issued',
    phone: '0912 345 678',
  });
  const renew = await p(h2, 'Trần Thị Tư', {
    birthDate: '2001-06-01',
    cccdStatus: 'issued',
    cccdIssuedOn: '2016-07-01',
  });
  await p(h2, 'Trần Văn Sáu', { birthDate: '2020-01-01' });
  const task = await created('task', {
    householdId: h2,
    kind: 'wrong_info',
    note: 'Sai ngày sinh',
    status: 'open',
  });
  await created('task', { householdId: h1, kind: 'deceased', note: '', status: 'open' });
  await created('visit', { householdId: h2, visitedOn: '2026-11-10', outcome: 'met' });
  await created('visit', { householdId: h1, visitedOn: '2026-11-12', outcome: 'not_home' });
  return { h1, h2, teen, elder, renew, task };
}

/** The list as a set: the two come in different orders (walking order; ids). */
const asSet = (list: WorkList) => ({
  items: [...list.items].sort(byItem),
  outOfReach: [...list.outOfReach].sort(byItem),
});
const byItem = (a: WorkItem, b: WorkItem) =>
  `${a.campaignId}:${a.entityId}` < `${b.campaignId}:${b.entityId}` ? -1 : 1;

async function both() {
  const fromIndex = asSet(workListOf(CAMPAIGNS, await workHouseholdsOf(db, V), TODAY));
  const fromRecords = asSet(workList(CAMPAIGNS, await workRecordsOf(db, V), TODAY));
  return { fromIndex, fromRecords };
}

const keys = (items: { campaignId: string; entityId: string }[]) =>
  items.map((i) => `${i.campaignId}:${i.entityId}`);

describe('the work list from the village index', () => {
  it('equals the rules over the records, for every rule, and follows edits', async () => {
    const s = await seed();
    let { fromIndex, fromRecords } = await both();
    expect(fromIndex).toEqual(fromRecords);
    // Hand-checked: the teen (card), the one whose card falls due at 25 (renewal), the elder with a
    // phone (VNeID with phone, and 60+), household 1 (no met visit since 1/11), the wrong-info task.
    expect(keys(fromIndex.items).sort()).toEqual(
      [
        `c1-card:${s.teen}`,
        `c2-renewal:${s.renew}`,
        `c3-vneid:${s.elder}`,
        `c4-elderly:${s.elder}`,
        `c5-visits:${s.h1}`,
        `c6-tasks:${s.task}`,
      ].sort(),
    );

    // Each edit takes its item off (or puts one on), through the write path only.
    await updateRecord(db, 'person', s.teen, { cccdStatus: 'issued' });
    await updateRecord(db, 'person', s.elder, { phone: null });
    await updateRecord(db, 'task', s.task, { kind: 'other' });
    await updateRecord(db, 'person', s.renew, { cccdIssuedOn: '2026-02-01' });
    await created('visit', { householdId: s.h1, visitedOn: '2026-11-20', outcome: 'met' });
    ({ fromIndex, fromRecords } = await both());
    expect(fromIndex).toEqual(fromRecords);
    expect(keys(fromIndex.items)).toEqual([`c4-elderly:${s.elder}`]);

    await updateRecord(db, 'household', s.h1, { outOfReach: 'moved_away', outOfReachOn: '2026-11-25' });
    ({ fromIndex, fromRecords } = await both());
    expect(fromIndex).toEqual(fromRecords);
    expect(fromIndex.items).toEqual([]);
    expect(keys(fromIndex.outOfReach)).toEqual([`c4-elderly:${s.elder}`]);
  });

  it('judges a household row written before the summary kept the rules’ fields from its records', async () => {
    const s = await seed();
    const { fromRecords } = await both();
    // As an older build left it: the same row without `work`.
    const row = (await db.households.get(s.h2))!;
    delete row._summary.work;
    await db.households.put(row);
    forgetVillageIndexes(db);
    expect((await db.households.get(s.h2))!._summary.work).toBeUndefined();
    const fromIndex = asSet(workListOf(CAMPAIGNS, await workHouseholdsOf(db, V), TODAY));
    expect(fromIndex).toEqual(fromRecords);
  });

  it('comes in walking order, kept through edits, moves and new households without sorting again', async () => {
    const at = (address: string, headName: string) =>
      created('household', { villageId: V, address, headName });
    const ten = await at('Số 10 Xóm Chợ', 'Hộ Mười');
    const two = await at('Số 2 Xóm Chợ', 'Hộ Hai');
    const dinh = await at('Đình làng', 'Hộ Đình');
    const addresses = async () => (await workHouseholdsOf(db, V)).map((h) => h.address);
    // Tone-blind, numbers by value: "Đình" is "dinh", before "so …"; 2 before 10.
    expect(await addresses()).toEqual(['Đình làng', 'Số 2 Xóm Chợ', 'Số 10 Xóm Chợ']);
    await updateRecord(db, 'household', two, { address: 'Số 12 Xóm Chợ' });
    await created('household', { villageId: V, address: 'Số 11 Xóm Chợ', headName: 'Hộ Mười Một' });
    await updateRecord(db, 'household', dinh, { villageId: 'thon-b' });
    expect(await addresses()).toEqual(['Số 10 Xóm Chợ', 'Số 11 Xóm Chợ', 'Số 12 Xóm Chợ']);
    forgetVillageIndexes(db);
    expect(await addresses()).toEqual(['Số 10 Xóm Chợ', 'Số 11 Xóm Chợ', 'Số 12 Xóm Chợ']);
    expect(ten).toBeTruthy();
  });
});
