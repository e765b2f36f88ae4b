// The village index is kept up to date in place (src/db/list-index.ts): after any sequence of the
// volunteer's edits, deletes, moves, pulled pages and push answers with conflicts, it holds exactly what
// a rebuild from the database holds, and no rebuild happened on the way. Its summaries (the list's
// badges, filters and progress line) equal those computed from the members, tasks and visits then on
// the phone: the write path keeps each household's summary with it.
import Dexie, { type ObservabilitySet } from 'dexie';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotebookDb, notebookOf } from '../../../src/db/db.ts';
import { villageIndex, villageIndexBuilds } from '../../../src/db/list-index.ts';
import type { Readable } from '../../../src/db/reads.ts';
import { outboxEntries } from '../../../src/db/queries.ts';
import { householdSummary, toRecord } from '../../../src/db/record-rows.ts';
import { applyPullPage, applyPushResults } from '../../../src/db/server-answers.ts';
import { createRecord, deleteRecord, updateRecord } from '../../../src/db/write.ts';
import type { Change, MutationResult } from '../../../src/domain/sync-protocol.ts';
import { assertAsyncProperty } from '../../support/seeds.ts';

const VILLAGES = ['thon-a', 'thon-b'] as const;
const NAMES = [
  'Nguyễn Văn An',
  'Trần Thị Bình',
  'Lê Văn Cường',
  'Phạm Thị Dung',
  'Hoàng Văn Em',
  'Đỗ Thị Gấm',
];

let db: NotebookDb;
beforeEach(() => {
  db = new NotebookDb(`li-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

/**
 * The index as a rebuild from the database sees it (the same order as the list), with each summary
 * computed from the household's members, tasks and visits on the phone now.
 */
async function rebuilt(villageId: string) {
  // List order: folded head name, then id (IndexedDB's order of code units, as `<` compares).
  const rows = (await db.households.where('villageId').equals(villageId).toArray()).sort((a, b) =>
    a._sort !== b._sort ? (a._sort < b._sort ? -1 : 1) : a.id < b.id ? -1 : 1,
  );
  const under = async (id: string) =>
    householdSummary(
      await db.persons.where('householdId').equals(id).toArray(),
      await db.tasks.where('householdId').equals(id).toArray(),
      await db.visits.where('householdId').equals(id).toArray(),
    );
  const summaries = [];
  for (const r of rows) summaries.push(await under(r.id));
  const words = rows.map((r) => r._words);
  // What a keystroke matches: each row's words in one string, a space before each.
  const haystacks = words.map((w) => ` ${w.join(' ')}`);
  return { ids: rows.map((r) => r.id), words, haystacks, summaries };
}

/** Resolves once the next write of the notebook has committed and been announced. */
function nextWrite(): Promise<void> {
  return new Promise((resolve) => {
    const seen = (parts: ObservabilitySet) => {
      if (!Object.keys(parts).some((p) => p.startsWith(`idb://${db.name}/`))) return;
      Dexie.on.storagemutated.unsubscribe(seen);
      resolve();
    };
    Dexie.on.storagemutated.subscribe(seen);
  });
}

/** Writes are announced in commit order: once a last write is announced, so was every one before. */
async function announced(): Promise<void> {
  const barrier = nextWrite();
  await db.meta.put({ key: 'barrier', value: Date.now() });
  await barrier;
}

type Op =
  | { op: 'addHousehold'; village: number; name: number }
  | { op: 'renameHousehold'; pick: number; name: number }
  | { op: 'moveHousehold'; pick: number }
  | { op: 'deleteHousehold'; pick: number }
  | { op: 'addPerson'; pick: number; name: number }
  | { op: 'renamePerson'; pick: number; name: number }
  | { op: 'deletePerson'; pick: number }
  | { op: 'personStatus'; pick: number; born: number; which: number }
  | { op: 'personNote'; pick: number }
  | { op: 'movePerson'; pick: number; to: number }
  | { op: 'addTask'; pick: number }
  | { op: 'closeTask'; pick: number }
  | { op: 'deleteTask'; pick: number }
  | { op: 'addVisit'; pick: number; outcome: number }
  | { op: 'deleteVisit'; pick: number }
  | { op: 'pullPerson'; pick: number; name: number }
  | { op: 'pullMovePerson'; pick: number; to: number }
  | { op: 'pullRename'; pick: number; name: number }
  | { op: 'pullNew'; village: number; name: number }
  | { op: 'pullTombstone'; pick: number }
  | { op: 'conflict' };

const pick = fc.nat(1000);
const BIRTH_DATES = ['1980-04-02', '2012-11-30', '2015-06-01'];
const VISIT_OUTCOMES = ['met', 'not_home', 'refused'] as const;
const name = fc.nat(NAMES.length - 1);
const village = fc.nat(VILLAGES.length - 1);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('addHousehold' as const), village, name }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('renameHousehold' as const), pick, name }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('moveHousehold' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteHousehold' as const), pick }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('addPerson' as const), pick, name }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('renamePerson' as const), pick, name }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deletePerson' as const), pick }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('personStatus' as const),
      pick,
      born: fc.nat(BIRTH_DATES.length - 1),
      which: fc.nat(4),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('personNote' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('movePerson' as const), pick, to: pick }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('addTask' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('closeTask' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteTask' as const), pick }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('addVisit' as const),
      pick,
      outcome: fc.nat(VISIT_OUTCOMES.length - 1),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteVisit' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('pullPerson' as const), pick, name }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('pullMovePerson' as const), pick, to: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('pullRename' as const), pick, name }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('pullNew' as const), village, name }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('pullTombstone' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('conflict' as const) }) },
);

const household = (villageId: string, headName: string) => ({ villageId, address: 'Xóm Đình', headName });
const person = (householdId: string, fullName: string) => ({
  householdId,
  fullName,
  birthDate: '1980-04-02',
  gender: 'male',
  relation: 'child',
  cccdStatus: 'issued',
  vneidStatus: 'level1',
});

let version = 100;
const serverHousehold = (id: string, villageId: string, headName: string): Change => ({
  entity: 'household',
  entityId: id,
  version: ++version,
  deleted: false,
  data: household(villageId, headName),
});

/** Runs one operation; a refused write (e.g. under a deleted household) is a fine outcome too. */
async function run(o: Op): Promise<void> {
  const households = await db.households.toArray();
  const persons = await db.persons.toArray();
  const h = households.length ? households[('pick' in o ? o.pick : 0) % households.length] : undefined;
  const p = persons.length ? persons[('pick' in o ? o.pick : 0) % persons.length] : undefined;
  const tasks = await db.tasks.toArray();
  const visits = await db.visits.toArray();
  const t = tasks.length ? tasks[('pick' in o ? o.pick : 0) % tasks.length] : undefined;
  const v = visits.length ? visits[('pick' in o ? o.pick : 0) % visits.length] : undefined;
  switch (o.op) {
    case 'addHousehold':
      await createRecord(db, 'household', household(VILLAGES[o.village]!, NAMES[o.name]!));
      return;
    case 'renameHousehold':
      if (h) await updateRecord(db, 'household', h.id, { headName: NAMES[o.name]! });
      return;
    case 'moveHousehold':
      if (h)
        await updateRecord(db, 'household', h.id, {
          villageId: h.villageId === 'thon-a' ? 'thon-b' : 'thon-a',
        });
      return;
    case 'deleteHousehold':
      if (h) await deleteRecord(db, 'household', h.id);
      return;
    case 'addPerson':
      if (h) await createRecord(db, 'person', person(h.id, NAMES[o.name]!));
      return;
    case 'renamePerson':
      if (p) await updateRecord(db, 'person', p.id, { fullName: NAMES[o.name]! });
      return;
    case 'deletePerson':
      if (p) await deleteRecord(db, 'person', p.id);
      return;
    case 'personStatus':
      // One field at a time: the write path must see that each one feeds the household's summary.
      if (p)
        await updateRecord(
          db,
          'person',
          p.id,
          [
            { birthDate: BIRTH_DATES[o.born]! },
            { cccdStatus: p.cccdStatus === 'issued' ? 'none' : 'issued' },
            { vneidStatus: p.vneidStatus === 'level2_active' ? 'level1' : 'level2_active' },
            // The campaigns' rules read these two (the summary's `work`, issue 17).
            { phone: p.phone ? null : '0912 345 678' },
            { cccdIssuedOn: p.cccdIssuedOn ? null : '2025-01-02' },
          ][o.which]!,
        );
      return;
    case 'personNote':
      if (p) await updateRecord(db, 'person', p.id, { note: `Ghi chú ${Date.now()}` });
      return;
    case 'movePerson': {
      const to = households.length ? households[o.to % households.length] : undefined;
      if (p && to) await updateRecord(db, 'person', p.id, { householdId: to.id });
      return;
    }
    case 'addTask':
      if (h)
        await createRecord(db, 'task', {
          householdId: h.id,
          kind: 'wrong_info',
          note: 'Sai ngày sinh',
          status: 'open',
        });
      return;
    case 'closeTask':
      if (t) await updateRecord(db, 'task', t.id, { status: t.status === 'open' ? 'done' : 'open' });
      return;
    case 'deleteTask':
      if (t) await deleteRecord(db, 'task', t.id);
      return;
    case 'addVisit':
      if (h)
        await createRecord(db, 'visit', {
          householdId: h.id,
          visitedOn: '2026-11-20',
          outcome: VISIT_OUTCOMES[o.outcome]!,
        });
      return;
    case 'deleteVisit':
      if (v) await deleteRecord(db, 'visit', v.id);
      return;
    case 'pullPerson':
      if (h)
        await applyPullPage(
          db,
          [
            {
              entity: 'person',
              entityId: crypto.randomUUID(),
              version: ++version,
              deleted: false,
              data: { ...person(h.id, NAMES[o.name]!), cccdStatus: 'none' },
            },
          ],
          `c${version}`,
        );
      return;
    case 'pullMovePerson': {
      // Another phone moved a member to another household: the pull brings the person only.
      const to = households.length ? households[o.to % households.length] : undefined;
      if (p && to)
        await applyPullPage(
          db,
          [
            {
              entity: 'person',
              entityId: p.id,
              version: ++version,
              deleted: false,
              data: { ...toRecord(p), householdId: to.id },
            },
          ],
          `c${version}`,
        );
      return;
    }
    case 'pullRename':
      if (h) await applyPullPage(db, [serverHousehold(h.id, h.villageId, NAMES[o.name]!)], `c${version}`);
      return;
    case 'pullNew':
      await applyPullPage(
        db,
        [serverHousehold(crypto.randomUUID(), VILLAGES[o.village]!, NAMES[o.name]!)],
        `c${version}`,
      );
      return;
    case 'pullTombstone':
      if (h)
        await applyPullPage(
          db,
          [{ entity: 'household', entityId: h.id, version: ++version, deleted: true, data: null }],
          `c${version}`,
        );
      return;
    case 'conflict': {
      // The server answers the oldest queued edit as it would: a conflict on every field it sent when
      // it holds the record (keeping its own values, the phone's copy of them), the creation applied
      // when it never had it, a refusal when it deleted it.
      const [sent] = await outboxEntries(db, 1);
      if (!sent) return;
      const copy = await db.serverCopies.get(sent.entityId);
      const answer: MutationResult =
        sent.op === 'delete' || (!copy && sent.baseVersion === 0)
          ? { id: sent.id, status: 'applied', version: ++version }
          : !copy
            ? {
                id: sent.id,
                status: 'rejected',
                error: { code: 'deleted', message: 'the record was deleted' },
              }
            : {
                id: sent.id,
                status: 'conflict',
                version: ++version,
                applied: [],
                conflicts: Object.keys(sent.fields).map((field) => ({
                  field,
                  server: copy.data[field] ?? null,
                  client: sent.fields[field],
                })),
              };
      await applyPushResults(db, [sent], [answer]);
      return;
    }
  }
}

// Read through Dexie (as code behind the first screen does) and with plain IndexedDB (as the first
// screen does, before and after Dexie has loaded: notebook.ts).
const readers: [string, (db: NotebookDb) => Promise<Readable>][] = [
  ['through Dexie', (d) => Promise.resolve(d)],
  [
    'with plain IndexedDB',
    async (d) => {
      const notebook = notebookOf(d);
      await notebook.open();
      return notebook;
    },
  ],
];

describe.each(readers)('the village search index, read %s', (_, readerOf) => {
  it('after random edits, deletes, moves, pulls and conflicts it equals a rebuild, and was never rebuilt', async () => {
    await assertAsyncProperty(
      'test/unit/db/list-index.test.ts > the index kept in place equals a rebuild',
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 40 }), async (ops) => {
        await db.delete();
        db = new NotebookDb(`li-${crypto.randomUUID()}`);
        const reader = await readerOf(db);
        // Opening the database announces every table as changed: let that pass before building.
        await announced();
        for (const v of VILLAGES) await villageIndex(reader, v);
        const builds = villageIndexBuilds(reader);
        for (const o of ops) await run(o);
        await announced();
        for (const v of VILLAGES) {
          const index = await villageIndex(reader, v);
          expect({
            ids: index.rows.map((r) => r.id),
            words: index.rows.map((r) => r._words),
            haystacks: index.haystacks,
            summaries: index.rows.map((r) => r._summary),
          }).toEqual(await rebuilt(v));
          // The rows the list shows are the stored rows, not stale copies of them.
          expect(index.rows).toEqual(await Promise.all(index.rows.map((r) => db.households.get(r.id))));
        }
        expect(villageIndexBuilds(reader)).toBe(builds);
      }),
      { numRuns: Number(process.env.INDEX_RUNS ?? 40) },
    );
  });
});
