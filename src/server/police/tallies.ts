// Tallies per village (SYNC-API.md "Tallies"): read from each village's counters ([T8],
// village-tallies.ts), a row per village whatever the number of persons. The recount below, one
// set-based statement over the records, says what the counters must say: the tests and the operator's
// check (cli `check-tallies`) compare the two.
import { birthDateCutoff, isoDateInVietnam } from '../../domain/dates.ts';
import { CARD_AGE } from '../../domain/identity-law.ts';
import { TALLY_COUNTS, type TalliesAnswer, type TallyCount, type TallyRow } from '../../domain/review.ts';
import type { Area } from '../accounts/areas.ts';
import type { Store } from '../store/store.ts';
import { readVillageTallies } from './village-tallies.ts';
import { REGISTERED_SQL } from './funnel.ts';

export type { TallyRow };

export type Tallies = TalliesAnswer;

type Counts = Record<TallyCount, number>;

const zero = (): Counts => Object.fromEntries(TALLY_COUNTS.map((k) => [k, 0])) as Counts;

/**
 * The recount: the counts of each village of `$1` (a text[] of village ids) with at least one live record, persons
 * judged 14+ when born on or before `$2` ([T4]): the columns `village_id` and those of TALLY_COUNTS, and
 * with `forSnapshot` the two more of a daily snapshot ([G1]: live tasks `done`, and persons 14+
 * registered for VNeID level 2 as the funnel counts them, [RV12]). One statement for the tallies and
 * the snapshots, so that a snapshot holds exactly what the tallies said at its moment.
 */
export function villageCountsSql(options: { forSnapshot?: boolean } = {}): string {
  const snapshot = options.forSnapshot === true;
  // The registration is read from the jsonb `data`, outside the index records_tally: only the snapshot
  // (once a day) pays for it, never the tallies.
  const extraInner = snapshot
    ? `,
                    count(*) FILTER (WHERE entity = 'task' AND task_status = 'done') AS "tasksDone",
                    count(*) FILTER (WHERE entity = 'person' AND birth_date <= $2 AND ${REGISTERED_SQL('records')})
                      AS "vneidRegistered14plus"`
    : '';
  const extraOuter = snapshot
    ? `,
            c."tasksDone",
            c."vneidRegistered14plus"`
    : '';
  // Live records only ([T2]); [T5] cards and level-2 VNeID among the 14+; [T6] open tasks.
  // [T3] The distinct count of visited households has its own pass over the met visits only: inside the
  // main pass it made the planner sort every live record of the commune (bench/tallies.bench.ts).
  return `SELECT c.village_id,
            c.households,
            coalesce(m.visited, 0) AS "householdsVisited",
            c.persons,
            c."persons14plus",
            c."cccdIssued14plus",
            c."vneidLevel2Active14plus",
            c."openTasks"${extraOuter}
       FROM (SELECT village_id,
                    count(*) FILTER (WHERE entity = 'household') AS households,
                    count(*) FILTER (WHERE entity = 'person') AS persons,
                    count(*) FILTER (WHERE entity = 'person' AND birth_date <= $2) AS "persons14plus",
                    count(*) FILTER (WHERE entity = 'person' AND birth_date <= $2 AND cccd_status = 'issued')
                      AS "cccdIssued14plus",
                    count(*) FILTER (WHERE entity = 'person' AND birth_date <= $2 AND vneid_status = 'level2_active')
                      AS "vneidLevel2Active14plus",
                    count(*) FILTER (WHERE entity = 'task' AND task_status = 'open') AS "openTasks"${extraInner}
               FROM records
              WHERE NOT deleted AND village_id = ANY($1::text[])
              GROUP BY village_id) c
       LEFT JOIN (SELECT village_id, count(DISTINCT household_id) AS visited
                    FROM records
                   WHERE NOT deleted AND entity = 'visit' AND visit_outcome = 'met' AND village_id = ANY($1::text[])
                   GROUP BY village_id) m ON m.village_id = c.village_id`;
}

/** [T4] The birth date on or before which a person is 14 or more on Vietnam's date of `now`. */
export const cutoff14 = (now: number): string => birthDateCutoff(isoDateInVietnam(now), CARD_AGE);

/**
 * `area` is the area asked for; `villages` its villages (itself, for a village). [T1] One row per
 * village (an empty one with zeros), and `total` under the id and name of the area asked for; [T8] for
 * a province (`communes` given) one row per commune, each the sum of its villages.
 */
export async function tallies(
  store: Store,
  scope: { area: Area; villages: readonly Area[]; communes?: readonly Area[] },
  now: number,
): Promise<Tallies> {
  const { area, villages, communes } = scope;
  const rows = await readVillageTallies(
    store,
    villages.map((v) => v.id),
    cutoff14(now),
  );
  const byVillage = new Map(rows.map((r) => [r.village_id, r]));
  const total: TallyRow = { areaId: area.id, areaName: area.name, ...zero() };
  const groups = communes ?? villages;
  const out = new Map<string, TallyRow>(
    groups.map((g) => [g.id, { areaId: g.id, areaName: g.name, ...zero() }]),
  );
  for (const v of villages) {
    const r = byVillage.get(v.id);
    const row = out.get(communes ? (v.parentId ?? '') : v.id);
    for (const k of TALLY_COUNTS) {
      const n = Number(r?.[k] ?? 0);
      if (row) row[k] += n;
      total[k] += n;
    }
  }
  return { asOf: new Date(now).toISOString(), rows: [...out.values()], total };
}
