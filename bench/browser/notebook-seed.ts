// Loaded into the app's origin by bench/notebook.bench.ts: fills the phone's database with a
// generated village, as an initial pull would, times single edits through the one write path and the
// list query alone, and the floors of issue 14 (bench/browser/floors.ts) in the same page.
import { applyServerRecords } from '../../src/db/server-answers.ts';
import { notebookOf, openNotebook } from '../../src/db/db.ts';
import { sealNotebook, unlockByPin } from '../../src/db/crypto/notebook-keys.ts';
import { setProfile } from '../../src/db/settings.ts';
import { villageIndex } from '../../src/db/list-index.ts';
import { listHouseholds } from '../../src/db/queries.ts';
import { updateRecord } from '../../src/db/write.ts';
import { generateVillage } from '../../src/demo/generate.ts';
import { setCampaigns } from '../../src/db/campaigns.ts';
import { workHouseholdsOf } from '../../src/db/work-households.ts';
import { workListOf } from '../../src/domain/work-list.ts';
import { createSessionStore } from '../../src/sync/session.ts';
import { editFloor, firstPage, notebookPutFloor, openFloor, searchFloor, storageUsage } from './floors.ts';

const db = openNotebook();

async function seed(households: number, today: string) {
  const usageBefore = await storageUsage();
  const village = generateVillage({
    villageId: 'thon-bench',
    villageName: 'Thôn Đông',
    households,
    seed: 6,
    today,
  });
  const chunk = 1000;
  for (let i = 0; i < village.households.length; i += chunk) {
    const ids = new Set(village.households.slice(i, i + chunk).map((h) => h.id));
    await applyServerRecords(db, {
      households: village.households.slice(i, i + chunk),
      persons: village.persons.filter((p) => ids.has(p.householdId)),
      tasks: village.tasks.filter((t) => ids.has(t.householdId)),
      visits: village.visits.filter((v) => ids.has(v.householdId)),
    });
  }
  // Signed in as the village's volunteer, so that the app opens on the list (the bench serves no API).
  await createSessionStore().save({
    token: 'bench-token',
    expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    user: {
      id: 'bench-user',
      name: 'Bench',
      phone: '0900000009',
      role: 'volunteer',
      areaIds: ['thon-bench'],
    },
  });
  await setProfile(db, {
    volunteerName: 'Bench',
    villages: [{ id: 'thon-bench', name: 'Thôn Đông' }],
    villageId: 'thon-bench',
  });
  // The size of the same data as JSON (UTF-8 bytes): the storage floor.
  const { households: h, persons, tasks, visits } = village;
  const json = new Blob([JSON.stringify({ households: h, persons, tasks, visits })]).size;
  return {
    households: village.households.length,
    persons: village.persons.length,
    tasks: village.tasks.length,
    visits: village.visits.length,
    json,
    usageBefore,
  };
}

/** Time `n` one-field edits of different persons (record + outbox row, one transaction); each round
 * edits other persons, so that no edit is a no-op. */
async function edits(n: number, round = 0) {
  const ids = await db.persons
    .offset(round * n)
    .limit(n)
    .primaryKeys();
  const times: number[] = [];
  for (const [i, id] of ids.entries()) {
    const t0 = performance.now();
    const r = await updateRecord(db, 'person', id, { note: `Ghi chú ${round} ${i}` });
    times.push(performance.now() - t0);
    if (!r.ok) throw new Error(JSON.stringify(r));
  }
  return times;
}

/**
 * A member's card status tapped, `n` times (other persons than edits()'): the edit that changes what
 * the household's row derives (its list summary), so the write reads the household's records and
 * rewrites its row too.
 */
async function statusTaps(n: number, round = 0) {
  const ids = await db.persons
    .offset(20000 + round * n)
    .limit(n)
    .primaryKeys();
  const times: number[] = [];
  for (const id of ids) {
    const before = await db.persons.get(id);
    const t0 = performance.now();
    const r = await updateRecord(db, 'person', id, {
      cccdStatus: before?.cccdStatus === 'issued' ? 'none' : 'issued',
    });
    times.push(performance.now() - t0);
    if (!r.ok) throw new Error(JSON.stringify(r));
  }
  return times;
}

/**
 * The list's query right after an edit, as the list screen runs it when the edit is announced: `n`
 * edits of other persons (a member's note), each followed by the query for `text`, timed alone.
 */
async function queryAfterEdits(n: number, round: number, text: string, today: string) {
  await listHouseholds(db, { villageId: 'thon-bench', text, today });
  const ids = await db.persons
    .offset(5000 + round * n)
    .limit(n)
    .primaryKeys();
  const times: number[] = [];
  for (const [i, id] of ids.entries()) {
    const r = await updateRecord(db, 'person', id, { fullName: `Nguyễn Văn Sửa ${round} ${i}` });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const t0 = performance.now();
    await listHouseholds(db, { villageId: 'thon-bench', text, today });
    times.push(performance.now() - t0);
  }
  return times;
}

/** Time the list query alone (no rendering) for each text, once the village's index is built. */
async function queries(texts: string[], today: string) {
  const t0 = performance.now();
  await villageIndex(db, 'thon-bench');
  const build = performance.now() - t0;
  const times: number[] = [];
  for (const text of texts) {
    const start = performance.now();
    await listHouseholds(db, { villageId: 'thon-bench', text, today });
    times.push(performance.now() - start);
  }
  return { build, times };
}

/** Seal the seeded notebook under `pin` (the update's first start at this size): its time in ms. */
async function seal(pin: string) {
  const t0 = performance.now();
  const result = await sealNotebook(db, pin, null);
  if (result !== 'sealed') throw new Error(result);
  return performance.now() - t0;
}

/** This page's handle unlocked with the PIN (a sealed notebook opens nothing without it): ms. */
async function unlock(pin: string) {
  const t0 = performance.now();
  const result = await unlockByPin(db, pin);
  if (!result.ok) throw new Error(JSON.stringify(result));
  return performance.now() - t0;
}

/** Opening `n` households as the household screen reads them (one transaction, plain IndexedDB). */
async function householdReads(n: number, round: number) {
  const ids = await db.households
    .offset(round * n)
    .limit(n)
    .primaryKeys();
  const reads = notebookOf(db).reads;
  const times: number[] = [];
  for (const id of ids) {
    const t0 = performance.now();
    const [h] = await reads.households([id]);
    times.push(performance.now() - t0);
    if (!h?.household) throw new Error(`household ${id} not read`);
  }
  return times;
}

/**
 * The volunteer's work list (issue 17) at this size, `n` times each way: two campaigns of the village
 * (card at 14, VNeID level 2). `cold`: the list judged from nothing (campaigns it has never judged: the
 * first open after unlock, or a new campaign). `read` and `judged`: after a tap (one person's card
 * ticked through the write path), the village's households as the rules see them (the village index
 * in memory) and the judging, as the screen re-runs them. The screen's work, without its rendering.
 */
async function workLists(n: number, today: string) {
  const dueOn = `${String(Number(today.slice(0, 4)) + 1)}${today.slice(4)}`;
  const common = { villageIds: ['thon-bench'], startsOn: today, dueOn };
  const campaignsNamed = (suffix: string) => [
    { ...common, id: `c1${suffix}`, name: 'Rà soát người đủ 14 tuổi', rule: { kind: 'card_at_14' as const } },
    { ...common, id: `c2${suffix}`, name: 'VNeID mức 2', rule: { kind: 'vneid_level2' as const } },
  ];
  const campaigns = campaignsNamed('');
  await setCampaigns(db, campaigns);
  const cold: number[] = [];
  const read: number[] = [];
  const judged: number[] = [];
  let items = 0;
  const households = await workHouseholdsOf(db, 'thon-bench');
  for (let i = 0; i < n; i++) {
    const fresh = campaignsNamed(`-${crypto.randomUUID()}`);
    const t0 = performance.now();
    workListOf(fresh, households, today);
    cold.push(performance.now() - t0);
  }
  workListOf(campaigns, households, today);
  const persons = (await workHouseholdsOf(db, 'thon-bench')).flatMap((h) => h.persons.map((p) => p.id));
  for (let i = 0; i < n; i++) {
    const id = persons[(i * 997) % persons.length]!;
    const before = await db.persons.get(id);
    const r = await updateRecord(db, 'person', id, {
      cccdStatus: before?.cccdStatus === 'issued' ? 'none' : 'issued',
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    // The write's announcement patches the index (list-index.ts) before the screen's query re-runs.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const t0 = performance.now();
    const now = await workHouseholdsOf(db, 'thon-bench');
    const t1 = performance.now();
    items = workListOf(campaigns, now, today).items.length;
    read.push(t1 - t0);
    judged.push(performance.now() - t1);
  }
  return { cold, read, judged, items };
}

/** The floors of issue 14 for one round, timed after the app's own figures of the same page. */
async function floors(keyTexts: string[], opens: number, edits: number, round: number) {
  const village = 'thon-bench';
  return {
    search: await searchFloor(db, village, keyTexts),
    open: await openFloor(await firstPage(db, village), opens),
    edit: await editFloor(db, edits, round),
  };
}

Object.assign(window, {
  benchSeed: seed,
  benchSeal: seal,
  benchUnlock: unlock,
  benchHouseholdReads: householdReads,
  benchEdits: edits,
  benchNotebookPuts: (n: number, round: number) => notebookPutFloor(db, n, round),
  benchStatusTaps: statusTaps,
  benchQueries: queries,
  benchQueryAfterEdits: queryAfterEdits,
  benchFloors: floors,
  benchWorkLists: workLists,
  benchUsage: storageUsage,
});
document.title = 'seed ready';
