// Tallies per village (SYNC-API.md "Tallies"): one set-based statement over the records' generated
// columns and the partial index records_tally, so that a commune of 10,000 households stays fast.
import { birthDateCutoff, isoDateInVietnam } from '../../domain/dates.ts';
import { CARD_AGE } from '../../domain/identity-law.ts';
import { TALLY_COUNTS, type TalliesAnswer, type TallyCount, type TallyRow } from '../../domain/review.ts';
import type { Area } from '../accounts/areas.ts';
import type { Queryable } from '../store/store.ts';

export type { TallyRow };

export type Tallies = TalliesAnswer;

type Counts = Record<TallyCount, number>;

const zero = (): Counts => Object.fromEntries(TALLY_COUNTS.map((k) => [k, 0])) as Counts;

/**
 * `area` is the area asked for; `villages` its villages (itself, for a village). [T1] One row per
 * village (an empty one with zeros), and `total` under the id and name of the area asked for; no
 * province rows yet (SYNC-API.md "Known gaps").
 */
export async function tallies(
  db: Queryable,
  area: Area,
  villages: readonly Area[],
  now: number,
): Promise<Tallies> {
  // [T4] 14 or more on asOf's date in Vietnam: born on or before the cutoff.
  const cutoff = birthDateCutoff(isoDateInVietnam(now), CARD_AGE);
  const rows = await db.query<{ village_id: string } & Record<string, unknown>>(
    // Live records only ([T2]); [T5] cards and level-2 VNeID among the 14+; [T6] open tasks.
    // [T3] The distinct count of visited households has its own pass over the met visits only: inside the
    // main pass it made the planner sort every live record of the commune (bench/tallies.bench.ts).
    `SELECT c.village_id,
            c.households,
            coalesce(m.visited, 0) AS "householdsVisited",
            c.persons,
            c."persons14plus",
            c."cccdIssued14plus",
            c."vneidLevel2Active14plus",
            c."openTasks"
       FROM (SELECT village_id,
                    count(*) FILTER (WHERE entity = 'household') AS households,
                    count(*) FILTER (WHERE entity = 'person') AS persons,
                    count(*) FILTER (WHERE entity = 'person' AND birth_date <= $2) AS "persons14plus",
                    count(*) FILTER (WHERE entity = 'person' AND birth_date <= $2 AND cccd_status = 'issued')
                      AS "cccdIssued14plus",
                    count(*) FILTER (WHERE entity = 'person' AND birth_date <= $2 AND vneid_status = 'level2_active')
                      AS "vneidLevel2Active14plus",
                    count(*) FILTER (WHERE entity = 'task' AND task_status = 'open') AS "openTasks"
               FROM records
              WHERE NOT deleted AND village_id = ANY($1::text[])
              GROUP BY village_id) c
       LEFT JOIN (SELECT village_id, count(DISTINCT household_id) AS visited
                    FROM records
                   WHERE NOT deleted AND entity = 'visit' AND visit_outcome = 'met' AND village_id = ANY($1::text[])
                   GROUP BY village_id) m ON m.village_id = c.village_id`,
    [villages.map((v) => v.id), cutoff],
  );
  const byVillage = new Map(rows.map((r) => [r.village_id, r]));
  const total: TallyRow = { areaId: area.id, areaName: area.name, ...zero() };
  const out: TallyRow[] = villages.map((v) => {
    const r = byVillage.get(v.id);
    const row: TallyRow = { areaId: v.id, areaName: v.name, ...zero() };
    for (const k of TALLY_COUNTS) {
      row[k] = Number(r?.[k] ?? 0);
      total[k] += row[k];
    }
    return row;
  });
  return { asOf: new Date(now).toISOString(), rows: out, total };
}
