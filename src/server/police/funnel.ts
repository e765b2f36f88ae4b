// [RV12] The VNeID level-2 funnel per village (issue 17): persons 14+ → registered at the police
// (thu nhận hồ sơ) → level 2 active, and why the rest are not there yet. One set-based statement over
// the records' generated columns and the partial index records_tally, as the tallies; the blocker and
// the registration date live in the jsonb `data`. Counts only: nothing of a citizen leaves the database.
import { birthDateCutoff, isoDateInVietnam } from '../../domain/dates.ts';
import { VNEID_BLOCKERS } from '../../domain/enums.ts';
import { CARD_AGE } from '../../domain/identity-law.ts';
import {
  FUNNEL_BLOCKERS,
  type FunnelAnswer,
  type FunnelBlocker,
  type FunnelRow,
} from '../../domain/trends.ts';
import type { Area } from '../accounts/areas.ts';
import type { Queryable } from '../store/store.ts';

/**
 * [RV12] A person 14+ counts as registered for level 2 when the police took the application
 * (`vneidRegisteredOn` set) or the status says it was taken (`level2_pending`, `level2_active`). The
 * daily snapshots' `vneidRegistered14plus` ([G1]) counts with this same predicate, on alias `r`.
 */
export const REGISTERED_SQL = (r = 'records') =>
  `(coalesce(${r}.data ->> 'vneidRegisteredOn', '') <> '' OR ${r}.vneid_status IN ('level2_pending', 'level2_active'))`;

const zeroRow = (areaId: string, areaName: string): FunnelRow => ({
  areaId,
  areaName,
  persons14plus: 0,
  registered: 0,
  activated: 0,
  blockers: Object.fromEntries(FUNNEL_BLOCKERS.map((k) => [k, 0])) as Record<FunnelBlocker, number>,
});

/** The SQL alias of each blocker's count column. */
const column = (b: FunnelBlocker) => `b_${b}`;

/**
 * `area` is the area asked for; `villages` its villages (itself, for a village). One row per village
 * in the order given (an empty one with zeros), `total` under the id and name of the area asked for,
 * judged on Vietnam's date of `now` ([T4]); deleted records never count ([T2]).
 */
export async function funnel(
  db: Queryable,
  area: Area,
  villages: readonly Area[],
  now: number,
): Promise<FunnelAnswer> {
  const cutoff = birthDateCutoff(isoDateInVietnam(now), CARD_AGE);
  // One pass over the live persons 14+ of the villages (records_tally, then the row for `data`): each
  // person's blocker worked out once — the one recorded, 'unknown' for none, 'other' for a value this
  // server does not know (a newer phone's, or one written by hand) — then counted per village.
  const rows = await db.query<{ village_id: string } & Record<string, unknown>>(
    `SELECT village_id,
            count(*) AS persons14plus,
            count(*) FILTER (WHERE registered) AS registered,
            count(*) FILTER (WHERE active) AS activated,
            ${FUNNEL_BLOCKERS.map(
              (b, i) => `count(*) FILTER (WHERE NOT active AND blocker = $${i + 4}) AS ${column(b)}`,
            ).join(',\n            ')}
       FROM (SELECT village_id,
                    coalesce(vneid_status = 'level2_active', false) AS active,
                    ${REGISTERED_SQL()} AS registered,
                    CASE WHEN coalesce(data ->> 'vneidBlocker', '') = '' THEN 'unknown'
                         WHEN data ->> 'vneidBlocker' = ANY($3::text[]) THEN data ->> 'vneidBlocker'
                         ELSE 'other' END AS blocker
               FROM records
              WHERE NOT deleted AND entity = 'person' AND village_id = ANY($1::text[]) AND birth_date <= $2) p
      GROUP BY village_id`,
    [villages.map((v) => v.id), cutoff, [...VNEID_BLOCKERS], ...FUNNEL_BLOCKERS],
  );
  const byVillage = new Map(rows.map((r) => [r.village_id, r]));
  const total = zeroRow(area.id, area.name);
  const out = villages.map((v) => {
    const r = byVillage.get(v.id);
    const row = zeroRow(v.id, v.name);
    if (r) {
      row.persons14plus = Number(r.persons14plus ?? 0);
      row.registered = Number(r.registered ?? 0);
      row.activated = Number(r.activated ?? 0);
      for (const b of FUNNEL_BLOCKERS) row.blockers[b] = Number(r[column(b)] ?? 0);
    }
    total.persons14plus += row.persons14plus;
    total.registered += row.registered;
    total.activated += row.activated;
    for (const b of FUNNEL_BLOCKERS) total.blockers[b] += row.blockers[b];
    return row;
  });
  return { asOf: new Date(now).toISOString(), rows: out, total };
}
