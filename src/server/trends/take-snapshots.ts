// [G1] [G2] Taking snapshots: each village's counts, exactly as the tallies ([T1]–[T6]) say them at
// that moment, plus [G1]'s two more, written once and never changed. The counts are the tallies' own
// counters ([T8], police/village-tallies.ts), brought to the moment's day and read inside the INSERT
// under their locks, so that what is stored is what the tallies said.
import { isoDateInVietnam } from '../../domain/dates.ts';
import { SNAPSHOT_COUNTS } from '../../domain/trends.ts';
import { cutoff14 } from '../police/tallies.ts';
import { rollVillageTallies, VILLAGE_TALLY_COLUMNS } from '../police/village-tallies.ts';
import type { Queryable, Store } from '../store/store.ts';
import { COUNT_COLUMNS } from './snapshot-columns.ts';
import { snapshotDayDue } from './snapshot-time.ts';

export type SnapshotReason = { reason: 'daily' } | { reason: 'campaign_close'; campaignId: string };

/**
 * Snapshots `villageIds` (all of one commune) at `now`, for Vietnam's date of `now`, inside the
 * caller's transaction (`tx`: the counters are rolled to the day under their locks first). A village that
 * already has its snapshot (the day's, or the campaign's) is left as it is: ON CONFLICT DO NOTHING
 * against the unique indexes of migration 11, so two processes at once write one row ([G2]).
 * Returns the villages written.
 */
export async function snapshotVillages(
  tx: Queryable,
  communeId: string,
  villageIds: readonly string[],
  now: number,
  why: SnapshotReason,
): Promise<string[]> {
  if (villageIds.length === 0) return [];
  await rollVillageTallies(tx, villageIds, cutoff14(now));
  const counts = SNAPSHOT_COUNTS.map((k) => `coalesce(c."${k}", 0)`).join(', ');
  const rows = await tx.query<{ village_id: string }>(
    `INSERT INTO tally_snapshots (village_id, commune_id, day, taken_at, reason, campaign_id, ${COUNT_COLUMNS})
     SELECT v.id, $2, $3, $4::timestamptz, $5, $6::uuid, ${counts}
       FROM areas v
       LEFT JOIN (SELECT ${VILLAGE_TALLY_COLUMNS} FROM village_tallies) c ON c.village_id = v.id
      WHERE v.kind = 'village' AND v.id = ANY($1::text[])
     ON CONFLICT DO NOTHING
     RETURNING village_id`,
    [
      villageIds,
      communeId,
      isoDateInVietnam(now),
      new Date(now).toISOString(),
      why.reason,
      why.reason === 'campaign_close' ? why.campaignId : null,
    ],
  );
  return rows.map((r) => r.village_id);
}

export interface DailySnapshotReport {
  /** The Vietnam date snapshotted, or null when its snapshot time has not come. */
  day: string | null;
  /** How many villages got their row now (0 when another process, or an earlier check, took them). */
  villages: number;
}

/**
 * [G1] [G2] The daily snapshot of Vietnam's date of `now`, once that day's snapshot time (`minutes`
 * after midnight) has come: one row for each live (not archived) village of every commune that has
 * none yet for the day. Cheap when there is nothing to do (one look-up per village through the unique
 * index), which the scheduler relies on: it asks every minute.
 */
export async function takeDailySnapshots(
  store: Store,
  now: number,
  minutes: number,
): Promise<DailySnapshotReport> {
  const day = snapshotDayDue(now, minutes);
  if (!day) return { day: null, villages: 0 };
  const missing = await store.query<{ id: string; parent_id: string }>(
    `SELECT v.id, v.parent_id
       FROM areas v
      WHERE v.kind = 'village' AND v.archived_at IS NULL AND v.parent_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM tally_snapshots s
                         WHERE s.reason = 'daily' AND s.village_id = v.id AND s.day = $1)
      ORDER BY v.parent_id, v.id`,
    [day],
  );
  const byCommune = new Map<string, string[]>();
  for (const r of missing) byCommune.set(r.parent_id, [...(byCommune.get(r.parent_id) ?? []), r.id]);
  let written = 0;
  // One statement per commune: a province's server counts commune by commune, never all at once.
  for (const [communeId, villageIds] of byCommune) {
    written += (
      await store.transaction((tx) => snapshotVillages(tx, communeId, villageIds, now, { reason: 'daily' }))
    ).length;
  }
  return { day, villages: written };
}
