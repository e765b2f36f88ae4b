// [G6] A trend: for each village of the area, per period, the last daily snapshot within the period
// (and within from–to), and their sum. One set-based statement: DISTINCT ON keeps the latest row of
// each (village, period) over the commune's index (commune_id, day), or a village's own (village_id,
// day). The periods are numbered in SQL from the first one's start (a Monday for weeks, the 1st for
// months), as domain/trends.ts periodsBetween lists them. Each village's points come back as one JSON
// array: on PGlite, handing over 9,000 rows of 12 columns cost more than the query itself
// (bench/trends.bench.ts).
import {
  SNAPSHOT_COUNTS,
  periodsBetween,
  type TrendAnswer,
  type TrendPoint,
  type TrendSeries,
} from '../../domain/trends.ts';
import type { Area } from '../accounts/areas.ts';
import { jsonColumn, type Queryable } from '../store/store.ts';
import { COUNT_COLUMNS } from './snapshot-columns.ts';
import { targetsFor } from './targets.ts';
import type { TrendRequest } from './trend-request.ts';

/** The SQL of the index in `periods` of a snapshot's period, `$4` being the first period's start. */
const PERIOD_INDEX_SQL = {
  day: 's.day::date - $4::date',
  week: '(s.day::date - $4::date) / 7',
  month: `(substr(s.day, 1, 4)::int - substr($4, 1, 4)::int) * 12 + substr(s.day, 6, 2)::int - substr($4, 6, 2)::int`,
} as const;

/** [period index, day, …the counts in SNAPSHOT_COUNTS' order]. */
type PointTuple = [number, string, ...number[]];

/**
 * [G6] `villages` are the area's villages as [T1] lists them (by name, archived ones too); a village
 * archived (at the time of the read) is kept only when it has a snapshot in the span, so that the
 * totals of the days it counted stay whole and a long-gone village adds no empty series.
 */
export async function readTrend(
  db: Queryable,
  area: Area,
  villages: readonly Area[],
  request: TrendRequest,
): Promise<TrendAnswer> {
  const { period, from, to } = request;
  const periods = periodsBetween(period, from, to);
  const where = area.kind === 'village' ? 's.village_id = $1' : 's.commune_id = $1';
  const rows = await db.query<{ village_id: string; points: unknown }>(
    `SELECT l.village_id,
            json_agg(json_build_array(l.i, l.day, ${COUNT_COLUMNS.split(', ')
              .map((c) => `l.${c}`)
              .join(', ')}))::text AS points
       FROM (SELECT DISTINCT ON (s.village_id, i) s.*, ${PERIOD_INDEX_SQL[period]} AS i
               FROM tally_snapshots s
              WHERE ${where} AND s.reason = 'daily' AND s.day >= $2 AND s.day <= $3
              ORDER BY s.village_id, i, s.day DESC) l
      GROUP BY l.village_id`,
    [area.id, from, to, periods[0]!.start],
  );
  const archived = new Set(
    (
      await db.query<{ id: string }>(
        'SELECT id FROM areas WHERE id = ANY($1::text[]) AND archived_at IS NOT NULL',
        [villages.map((v) => v.id)],
      )
    ).map((r) => r.id),
  );
  const points = new Map<string, (TrendPoint | null)[]>();
  for (const r of rows) {
    const series: (TrendPoint | null)[] = periods.map(() => null);
    for (const [i, day, ...counts] of jsonColumn<PointTuple[]>(r.points)) {
      if (i < 0 || i >= series.length) continue;
      const point = { day } as TrendPoint;
      SNAPSHOT_COUNTS.forEach((k, j) => (point[k] = Number(counts[j] ?? 0)));
      series[i] = point;
    }
    points.set(r.village_id, series);
  }
  const shown = villages.filter((v) => !archived.has(v.id) || points.has(v.id));
  const series: TrendSeries[] = shown.map((v) => ({
    areaId: v.id,
    areaName: v.name,
    points: points.get(v.id) ?? periods.map(() => null),
  }));
  const total: TrendSeries = {
    areaId: area.id,
    areaName: area.name,
    points: periods.map((_, i) => sumPoints(series.map((s) => s.points[i] ?? null))),
  };
  return {
    areaId: area.id,
    period,
    from,
    to,
    periods,
    total,
    villages: series,
    targets: await targetsFor(db, area, villages),
  };
}

/** The sum of the points that exist, on the latest of their days; null when none does. */
function sumPoints(points: readonly (TrendPoint | null)[]): TrendPoint | null {
  let sum: TrendPoint | null = null;
  for (const p of points) {
    if (!p) continue;
    if (!sum) sum = { ...p };
    else {
      for (const k of SNAPSHOT_COUNTS) sum[k] += p[k];
      if (p.day > sum.day) sum.day = p.day;
    }
  }
  return sum;
}
