// [T8] The operator's check of the counters: every village's counters, brought to the day, against a
// recount of its records (police/tallies.ts villageCountsSql), in one transaction so that both read
// the same commits. Run after a restore (docs/DEPLOY.md) and by the tests; `repair` rewrites the
// counters of the villages that differ from their recount.
import { SNAPSHOT_COUNTS, type SnapshotCount } from '../../domain/trends.ts';
import type { Store } from '../store/store.ts';
import { SNAPSHOT_COLUMNS } from '../trends/snapshot-columns.ts';
import { cutoff14, villageCountsSql } from './tallies.ts';
import { lockVillageTallies, rollVillageTallies, VILLAGE_TALLY_COLUMNS } from './village-tallies.ts';

export interface TallyDifference {
  villageId: string;
  count: SnapshotCount;
  counter: number;
  recount: number;
}

export interface TallyCheck {
  villages: number;
  differences: TallyDifference[];
  repaired: number;
}

export function checkVillageTallies(
  store: Store,
  now: number,
  { repair = false }: { repair?: boolean } = {},
): Promise<TallyCheck> {
  return store.transaction(async (tx) => {
    const ids = (
      await tx.query<{ id: string }>(
        `SELECT id FROM areas WHERE kind = 'village'
         UNION SELECT village_id FROM village_tallies UNION SELECT DISTINCT village_id FROM records ORDER BY 1`,
      )
    ).map((r) => r.id);
    const cutoff = cutoff14(now);
    // Held to the end: no push changes these villages between the two reads.
    await lockVillageTallies(tx, ids);
    await rollVillageTallies(tx, ids, cutoff);
    const counters = await tx.query<Record<string, unknown> & { village_id: string }>(
      `SELECT ${VILLAGE_TALLY_COLUMNS} FROM village_tallies WHERE village_id = ANY($1::text[])`,
      [ids],
    );
    const recounts = await tx.query<Record<string, unknown> & { village_id: string }>(
      villageCountsSql({ forSnapshot: true }),
      [ids, cutoff],
    );
    const counted = new Map(counters.map((r) => [r.village_id, r]));
    const recounted = new Map(recounts.map((r) => [r.village_id, r]));
    const differences: TallyDifference[] = [];
    for (const id of ids) {
      for (const count of SNAPSHOT_COUNTS) {
        const counter = Number(counted.get(id)?.[count] ?? 0);
        const recount = Number(recounted.get(id)?.[count] ?? 0);
        if (counter !== recount) differences.push({ villageId: id, count, counter, recount });
      }
    }
    const wrong = [...new Set(differences.map((d) => d.villageId))];
    if (repair) {
      for (const id of wrong) {
        const r = recounted.get(id);
        // Migration 13 names the counters' columns as migration 11 named the snapshots'.
        const sets = SNAPSHOT_COUNTS.map((k, i) => `${SNAPSHOT_COLUMNS[k]} = $${i + 2}`).join(', ');
        await tx.query(`UPDATE village_tallies SET ${sets} WHERE village_id = $1`, [
          id,
          ...SNAPSHOT_COUNTS.map((k) => Number(r?.[k] ?? 0)),
        ]);
      }
    }
    return { villages: ids.length, differences, repaired: repair ? wrong.length : 0 };
  });
}
