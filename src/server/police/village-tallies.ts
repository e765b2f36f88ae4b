// [T8] Each village's tallies as counters (table village_tallies, migration 12): the records' triggers
// keep them exact at every commit; here they are brought to a day's "14 or more" and read. A province's
// tallies read one row per village, never its persons.
import type { Queryable, Store } from '../store/store.ts';

/** The counters' columns as the tallies and the snapshots name them ([T1], [G1]). */
export const VILLAGE_TALLY_COLUMNS = `village_id,
       households,
       households_visited AS "householdsVisited",
       persons,
       persons14plus AS "persons14plus",
       cccd_issued14plus AS "cccdIssued14plus",
       vneid_level2_active14plus AS "vneidLevel2Active14plus",
       open_tasks AS "openTasks",
       tasks_done AS "tasksDone",
       vneid_registered14plus AS "vneidRegistered14plus"`;

/**
 * Locks the counters of `villageIds` (their rows made when missing), in village order, to the end of
 * the caller's transaction. A push takes them before it writes records: the triggers then find them
 * held, and a push and a roll-over always lock in the same order (no deadlock).
 */
export async function lockVillageTallies(tx: Queryable, villageIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(villageIds)].sort();
  if (ids.length === 0) return;
  await tx.query(
    'INSERT INTO village_tallies (village_id) SELECT unnest($1::text[]) ON CONFLICT (village_id) DO NOTHING',
    [ids],
  );
  await tx.query(
    'SELECT 1 FROM village_tallies WHERE village_id = ANY($1::text[]) ORDER BY village_id FOR UPDATE',
    [ids],
  );
}

/**
 * [PL4] A pull's look at `villages` (every village for 'all'): waits until no push writing one of them
 * is under way, and keeps new ones out until the caller's transaction ends. Every writer takes its
 * villages' rows FOR UPDATE before it takes a sequence value, so within a village sequence order is
 * commit order; with these rows shared, what the caller reads next is every change of these villages
 * up to the highest sequence value it sees, none left to commit below it.
 */
export async function shareVillageTallies(tx: Queryable, villages: readonly string[] | 'all'): Promise<void> {
  if (villages === 'all') {
    await tx.query('SELECT 1 FROM village_tallies ORDER BY village_id FOR KEY SHARE');
    return;
  }
  if (villages.length === 0) return;
  await tx.query(
    'SELECT 1 FROM village_tallies WHERE village_id = ANY($1::text[]) ORDER BY village_id FOR KEY SHARE',
    [villages],
  );
}

/**
 * Brings the counters of `villageIds` to `cutoff` (persons born on or before it are 14+) inside the
 * caller's transaction: each row is locked, then the persons born between its cutoff and `cutoff` are
 * added (a later day) or taken away (an earlier one, a clock set back). Locked before they are counted:
 * what a writer committed before the lock is in the count, what it commits after counts against the
 * new cutoff (the triggers read the row's cutoff under the same lock).
 */
export async function rollVillageTallies(
  tx: Queryable,
  villageIds: readonly string[],
  cutoff: string,
): Promise<void> {
  if (villageIds.length === 0) return;
  const stale = await tx.query<{ village_id: string; cutoff14: string }>(
    `SELECT village_id, cutoff14 FROM village_tallies
      WHERE village_id = ANY($1::text[]) AND cutoff14 <> $2 ORDER BY village_id FOR UPDATE`,
    [villageIds, cutoff],
  );
  // Usually one old cutoff (yesterday's) for all: one range of the birth-date index per old cutoff.
  const byCutoff = new Map<string, string[]>();
  for (const r of stale) byCutoff.set(r.cutoff14, [...(byCutoff.get(r.cutoff14) ?? []), r.village_id]);
  for (const [old, ids] of byCutoff) {
    const [low, high, sign] = old < cutoff ? [old, cutoff, 1] : [cutoff, old, -1];
    await tx.query(
      `UPDATE village_tallies t
          SET cutoff14 = $4,
              persons14plus = t.persons14plus + $5 * coalesce(d.persons, 0),
              cccd_issued14plus = t.cccd_issued14plus + $5 * coalesce(d.cccd, 0),
              vneid_level2_active14plus = t.vneid_level2_active14plus + $5 * coalesce(d.vneid, 0),
              vneid_registered14plus = t.vneid_registered14plus + $5 * coalesce(d.registered, 0)
         FROM unnest($1::text[]) AS s(village_id)
         LEFT JOIN (SELECT village_id,
                           count(*) AS persons,
                           count(*) FILTER (WHERE cccd_status = 'issued') AS cccd,
                           count(*) FILTER (WHERE vneid_status = 'level2_active') AS vneid,
                           count(*) FILTER (WHERE coalesce(data ->> 'vneidRegisteredOn', '') <> ''
                                              OR vneid_status IN ('level2_pending', 'level2_active')) AS registered
                      FROM records
                     WHERE entity = 'person' AND NOT deleted AND birth_date > $2 AND birth_date <= $3
                       AND village_id = ANY($1::text[])
                     GROUP BY village_id) d ON d.village_id = s.village_id
        WHERE t.village_id = s.village_id`,
      [ids, low, high, cutoff, sign],
    );
  }
}

export type VillageTallyRow = { village_id: string } & Record<string, unknown>;

/**
 * The counters of `villageIds` at `cutoff`: read at once when every row is at that cutoff (the case of
 * every read but the first of a day), else rolled in a transaction of their own first.
 */
export async function readVillageTallies(
  store: Store,
  villageIds: readonly string[],
  cutoff: string,
): Promise<VillageTallyRow[]> {
  if (villageIds.length === 0) return [];
  const read = (db: Queryable) =>
    db.query<VillageTallyRow & { cutoff14: string }>(
      `SELECT cutoff14, ${VILLAGE_TALLY_COLUMNS} FROM village_tallies WHERE village_id = ANY($1::text[])`,
      [villageIds],
    );
  const rows = await read(store);
  if (rows.every((r) => r.cutoff14 === cutoff)) return rows;
  return store.transaction(async (tx) => {
    await rollVillageTallies(tx, villageIds, cutoff);
    return read(tx);
  });
}

/** How many villages one roll-over transaction locks at most: pushes to the others go on meanwhile. */
const ROLL_CHUNK = 500;

/**
 * Every village's counters brought to `cutoff`, 500 villages per transaction: the server's minute timer
 * runs it, so that after midnight the first read of a province does not pay for the day's roll-over.
 * Returns how many villages it moved.
 */
export async function rollAllVillageTallies(store: Store, cutoff: string): Promise<number> {
  const stale = await store.query<{ village_id: string }>(
    'SELECT village_id FROM village_tallies WHERE cutoff14 <> $1 ORDER BY village_id',
    [cutoff],
  );
  const ids = stale.map((r) => r.village_id);
  for (let i = 0; i < ids.length; i += ROLL_CHUNK) {
    const chunk = ids.slice(i, i + ROLL_CHUNK);
    await store.transaction((tx) => rollVillageTallies(tx, chunk, cutoff));
  }
  return ids.length;
}
