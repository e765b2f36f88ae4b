// Targets, daily snapshots, trends and the VNeID funnel on the wire (issue 17, SYNC-API.md "Targets,
// snapshots and trends", [G1]–…, and [RV12]), as zod schemas shared by the server (it checks the
// bodies it reads) and the app (it checks the answers it gets), and the arithmetic both sides agree
// on: what share a target measures, and which period a day belongs to.
import { z } from 'zod';
import { VNEID_BLOCKERS } from './enums.ts';
import { areaId, isoDate } from './records.ts';
import { TALLY_COUNTS } from './review.ts';

const count = z.number().int().nonnegative();

/**
 * [G1] What a snapshot keeps of a village on a day: the tallies of [T1] as they were at that moment,
 * and two more counts the targets and the funnel need (live tasks `done`; persons 14+ registered for
 * VNeID level 2 at the police: [RV12]'s `registered`).
 */
export const SNAPSHOT_COUNTS = [...TALLY_COUNTS, 'tasksDone', 'vneidRegistered14plus'] as const;
export type SnapshotCount = (typeof SNAPSHOT_COUNTS)[number];
export type SnapshotCounts = Record<SnapshotCount, number>;

export const snapshotCountsSchema = z.object(
  Object.fromEntries(SNAPSHOT_COUNTS.map((k) => [k, count])) as Record<SnapshotCount, typeof count>,
);

/** [G3] What a target measures: a share, numerator over denominator, of snapshot (or tally) counts. */
export const TARGET_MEASURES = ['cccd14', 'vneid14', 'visited', 'tasksClosed'] as const;
export type TargetMeasure = (typeof TARGET_MEASURES)[number];

/** [G3] The numerator and denominator of `measure` in `counts`. */
export function measureParts(
  measure: TargetMeasure,
  counts: SnapshotCounts,
): { part: number; whole: number } {
  switch (measure) {
    case 'cccd14':
      return { part: counts.cccdIssued14plus, whole: counts.persons14plus };
    case 'vneid14':
      return { part: counts.vneidLevel2Active14plus, whole: counts.persons14plus };
    case 'visited':
      return { part: counts.householdsVisited, whole: counts.households };
    case 'tasksClosed':
      return { part: counts.tasksDone, whole: counts.tasksDone + counts.openTasks };
  }
}

/** [G3] The share in percent (one decimal kept by the caller's formatting), or null when nothing to measure. */
export function measureShare(measure: TargetMeasure, counts: SnapshotCounts): number | null {
  const { part, whole } = measureParts(measure, counts);
  return whole === 0 ? null : (100 * part) / whole;
}

/** [G4] The body of `PUT /api/targets`: `percent` null removes the target. */
export const targetInputSchema = z.strictObject({
  areaId,
  measure: z.enum(TARGET_MEASURES),
  percent: z.number().min(1).max(100).multipleOf(0.1).nullable(),
  dueOn: isoDate.nullable().optional(),
});
export type TargetInput = z.infer<typeof targetInputSchema>;

/** [G4] A target as the server answers it. */
export const targetSchema = z.object({
  areaId: z.string(),
  measure: z.enum(TARGET_MEASURES),
  percent: z.number(),
  dueOn: z.string().nullable(),
  setAt: z.string(),
  setBy: z.string(),
});
export type Target = z.infer<typeof targetSchema>;

export const targetsAnswerSchema = z.object({ targets: z.array(targetSchema) });
export type TargetsAnswer = z.infer<typeof targetsAnswerSchema>;

export const TREND_PERIODS = ['day', 'week', 'month'] as const;
export type TrendPeriod = (typeof TREND_PERIODS)[number];

/** [G5] The most days one trend request may span (a year and a little, for "this month vs a year ago"). */
export const MAX_TREND_DAYS = 400;

/** [G5] One point of a series: the counts of the last snapshot in the period, and that snapshot's day. */
export const trendPointSchema = snapshotCountsSchema.extend({ day: z.string() });
export type TrendPoint = z.infer<typeof trendPointSchema>;

/** [G5] A series: one entry per period of `periods`, null where the area has no snapshot in it. */
export const trendSeriesSchema = z.object({
  areaId: z.string(),
  areaName: z.string(),
  points: z.array(trendPointSchema.nullable()),
});
export type TrendSeries = z.infer<typeof trendSeriesSchema>;

/** [G5] `GET /api/trends`. */
export const trendAnswerSchema = z.object({
  areaId: z.string(),
  period: z.enum(TREND_PERIODS),
  from: z.string(),
  to: z.string(),
  periods: z.array(z.object({ start: z.string(), end: z.string() })),
  total: trendSeriesSchema,
  villages: z.array(trendSeriesSchema),
  targets: z.array(targetSchema),
});
export type TrendAnswer = z.infer<typeof trendAnswerSchema>;

/** [RV12] Why persons 14+ are not at level 2 yet: the blockers recorded, and `unknown` for none. */
export const FUNNEL_BLOCKERS = [...VNEID_BLOCKERS, 'unknown'] as const;
export type FunnelBlocker = (typeof FUNNEL_BLOCKERS)[number];

/** [RV12] One area's funnel: 14+ → registered at the police → level 2 active, and the blockers of the rest. */
export const funnelRowSchema = z.object({
  areaId: z.string(),
  areaName: z.string(),
  persons14plus: count,
  registered: count,
  activated: count,
  blockers: z.object(
    Object.fromEntries(FUNNEL_BLOCKERS.map((k) => [k, count])) as Record<FunnelBlocker, typeof count>,
  ),
});
export type FunnelRow = z.infer<typeof funnelRowSchema>;

/** [RV12] `GET /api/review/funnel?areaId=`: one row per village, and the total under the area asked for. */
export const funnelAnswerSchema = z.object({
  asOf: z.string(),
  rows: z.array(funnelRowSchema),
  total: funnelRowSchema,
});
export type FunnelAnswer = z.infer<typeof funnelAnswerSchema>;

// Periods: Vietnam's calendar dates (YYYY-MM-DD); weeks start on Monday (as Vietnamese calendars do).

/** [G5] The first day of the period of `period` holding `day`. */
export function periodStart(period: TrendPeriod, day: string): string {
  if (period === 'day') return day;
  if (period === 'month') return `${day.slice(0, 7)}-01`;
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  d.setUTCDate(d.getUTCDate() - back);
  return d.toISOString().slice(0, 10);
}

/** [G5] The last day of the period that starts on `start`. */
export function periodEnd(period: TrendPeriod, start: string): string {
  if (period === 'day') return start;
  const d = new Date(`${start}T00:00:00Z`);
  if (period === 'week') d.setUTCDate(d.getUTCDate() + 6);
  else {
    d.setUTCMonth(d.getUTCMonth() + 1);
    d.setUTCDate(0);
  }
  return d.toISOString().slice(0, 10);
}

/** [G5] The periods from the one holding `from` to the one holding `to`, in order. */
export function periodsBetween(
  period: TrendPeriod,
  from: string,
  to: string,
): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = [];
  let start = periodStart(period, from);
  while (start <= to) {
    const end = periodEnd(period, start);
    out.push({ start, end });
    const next = new Date(`${end}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    start = next.toISOString().slice(0, 10);
  }
  return out;
}
