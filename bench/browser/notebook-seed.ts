// Loaded into the app's origin by bench/notebook.bench.ts: fills the phone's database with a
// generated village, as an initial pull would, and times single edits through the one write path.
import { applyServerRecords } from '../../src/db/server-answers.ts';
import { openNotebook } from '../../src/db/db.ts';
import { setProfile } from '../../src/db/settings.ts';
import { villageIndex } from '../../src/db/list-index.ts';
import { listHouseholds } from '../../src/db/queries.ts';
import { updateRecord } from '../../src/db/write.ts';
import { generateVillage } from '../../src/demo/generate.ts';
import { createSessionStore } from '../../src/sync/session.ts';

const db = openNotebook();

async function seed(households: number, today: string) {
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
  return { households: village.households.length, persons: village.persons.length };
}

/** Time `n` one-field edits of different persons (record + outbox row, one transaction). */
async function edits(n: number) {
  const ids = await db.persons.limit(n).primaryKeys();
  const times: number[] = [];
  for (const [i, id] of ids.entries()) {
    const t0 = performance.now();
    const r = await updateRecord(db, 'person', id, { note: `Ghi chú ${i}` });
    times.push(performance.now() - t0);
    if (!r.ok) throw new Error(JSON.stringify(r));
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

Object.assign(window, { benchSeed: seed, benchEdits: edits, benchQueries: queries });
document.title = 'seed ready';
