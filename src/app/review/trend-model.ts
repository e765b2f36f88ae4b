// What the trends screen draws and lists, as pure functions of the server's answer ([G3]–[G5]): the
// days a period choice covers, one area's rows (the table behind the chart), the chart's geometry
// (scaled into a fixed viewBox, so the browser scales it to any width), the target that applies to an
// area, and which villages are behind it and by how many people, households or tasks.
import { formatDateVi } from '../../domain/dates.ts';
import {
  measureParts,
  measureShare,
  type Target,
  type TargetMeasure,
  type TrendAnswer,
  type TrendPeriod,
  type TrendSeries,
} from '../../domain/trends.ts';
import { VI_ORDER } from '../../domain/vi-order.ts';

/** How far back each period choice looks: 30 days, 12 weeks (from a Monday), 12 months. */
export const PERIODS_SHOWN: Record<TrendPeriod, number> = { day: 30, week: 12, month: 12 };

const addDays = (iso: string, days: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * The `from` and `to` of `GET /api/trends` for `period` ending `today` (Vietnam's date): the first
 * day of the earliest period shown (a Monday for weeks, the 1st for months), and today.
 */
export function trendRange(period: TrendPeriod, today: string): { from: string; to: string } {
  const n = PERIODS_SHOWN[period];
  if (period === 'day') return { from: addDays(today, -(n - 1)), to: today };
  if (period === 'week') {
    const d = new Date(`${today}T00:00:00Z`);
    const monday = addDays(today, -((d.getUTCDay() + 6) % 7));
    return { from: addDays(monday, -7 * (n - 1)), to: today };
  }
  const [y, m] = today.split('-').map(Number) as [number, number];
  const months = y * 12 + (m - 1) - (n - 1);
  const from = `${Math.floor(months / 12)}-${String((months % 12) + 1).padStart(2, '0')}-01`;
  return { from, to: today };
}

/** The chart's label of a period: dd/mm (a week by its Monday), or mm/yyyy for a month. */
export function periodLabel(period: TrendPeriod, start: string): string {
  const [y, m, d] = start.split('-');
  return period === 'month' ? `${m}/${y}` : `${d}/${m}`;
}

/** The table's name of a period, whole: a day, "dd/mm – dd/mm/yyyy" for a week, mm/yyyy for a month. */
export function periodText(period: TrendPeriod, p: { start: string; end: string }): string {
  if (period === 'day') return formatDateVi(p.start);
  if (period === 'month') return periodLabel('month', p.start);
  return `${periodLabel('week', p.start)} – ${formatDateVi(p.end)}`;
}

/** One period of one area: the last snapshot's day and figures, or nulls where there was none. */
export interface TrendRow {
  start: string;
  end: string;
  /** The day of the snapshot the figures are from. */
  day: string | null;
  part: number | null;
  whole: number | null;
  /** Percent, null with no snapshot or nothing to measure (whole 0). */
  share: number | null;
}

/** The rows of `series` for `measure`, one per period of the answer, in order. */
export function trendRows(answer: TrendAnswer, series: TrendSeries, measure: TargetMeasure): TrendRow[] {
  return answer.periods.map((p, i) => {
    const point = series.points[i] ?? null;
    if (!point) return { ...p, day: null, part: null, whole: null, share: null };
    const { part, whole } = measureParts(measure, point);
    return { ...p, day: point.day, part, whole, share: measureShare(measure, point) };
  });
}

/** The series of `areaId` in the answer: its total, or one of its villages. */
export function seriesOf(answer: TrendAnswer, areaId: string): TrendSeries | undefined {
  return answer.total.areaId === areaId ? answer.total : answer.villages.find((v) => v.areaId === areaId);
}

/**
 * The target of `measure` that applies to `areaId`: its own, else its commune's (a village without
 * one of its own works to the commune's).
 */
export function targetFor(
  targets: readonly Target[],
  areaId: string,
  communeId: string,
  measure: TargetMeasure,
): Target | undefined {
  const of = (id: string) => targets.find((t) => t.areaId === id && t.measure === measure);
  return of(areaId) ?? of(communeId);
}

/** Puts `saved` in the place of the target of the same area and measure; `null` removes that target. */
export function withTarget(
  targets: readonly Target[],
  areaId: string,
  measure: TargetMeasure,
  saved: Target | null,
): Target[] {
  const rest = targets.filter((t) => !(t.areaId === areaId && t.measure === measure));
  return saved ? [...rest, saved] : rest;
}

/**
 * How many more (persons, households, tasks) `part` must grow by to reach `percent` of `whole`:
 * ceil(percent·whole/100 − part), never negative. In integers (percent has one decimal), so that
 * 90% of 300 is 270 exactly, not 270.00000000000006 and one too many.
 */
export function neededToReach(percent: number, part: number, whole: number): number {
  const tenths = Math.round(percent * 10);
  return Math.max(0, Math.ceil((tenths * whole) / 1000) - part);
}

export type BehindRow =
  | {
      kind: 'behind' | 'reached';
      areaId: string;
      areaName: string;
      row: TrendRow;
      target: Target;
      needed: number;
      gap: number;
    }
  | { kind: 'noTarget'; areaId: string; areaName: string; row: TrendRow | null; target: undefined }
  | { kind: 'noData'; areaId: string; areaName: string; row: null; target: Target | undefined };

/** The last row of `rows` with a share (the area's latest figures in the range), if any. */
export function latestRow(rows: readonly TrendRow[]): TrendRow | null {
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i]!.share !== null) return rows[i]!;
  return null;
}

/**
 * "Thôn chậm tiến độ": each village's latest share against the target that applies to it, by gap
 * (target − share, in points): the furthest behind first, then those that reached it, the furthest
 * ahead last; then villages with no target, then those with no figures. Ties by name.
 */
export function behindList(
  answer: TrendAnswer,
  measure: TargetMeasure,
  targets: readonly Target[],
  communeId: string,
): BehindRow[] {
  const rows: BehindRow[] = answer.villages.map((v) => {
    const row = latestRow(trendRows(answer, v, measure));
    const target = targetFor(targets, v.areaId, communeId, measure);
    const about = { areaId: v.areaId, areaName: v.areaName };
    if (!row) return { ...about, kind: 'noData', row: null, target };
    if (!target) return { ...about, kind: 'noTarget', row, target: undefined };
    const needed = neededToReach(target.percent, row.part!, row.whole!);
    return {
      ...about,
      kind: needed > 0 ? 'behind' : 'reached',
      row,
      target,
      needed,
      gap: target.percent - row.share!,
    };
  });
  const rank = { behind: 0, reached: 1, noTarget: 2, noData: 3 } as const;
  const gapOf = (r: BehindRow) => ('gap' in r ? r.gap : 0);
  return rows.sort(
    (a, b) => rank[a.kind] - rank[b.kind] || gapOf(b) - gapOf(a) || VI_ORDER.compare(a.areaName, b.areaName),
  );
}

// The chart's drawing space: a fixed viewBox the SVG scales to its box (360 px phone to a PC).
// Room on the left for "100%", on the right for half the last period's label (drawn centred on it).
export const CHART = { width: 640, height: 300, left: 76, right: 36, top: 32, bottom: 44 } as const;
export const Y_TICKS = [0, 25, 50, 75, 100] as const;
/** At most this many x labels (a phone draws them large): on 30 days every fifth; the table has all. */
const MAX_X_LABELS = 6;

export interface ChartPoint {
  index: number;
  x: number;
  y: number;
  share: number;
  row: TrendRow;
}

export interface ChartModel {
  /** The x of each period (null share or not). */
  xs: number[];
  points: ChartPoint[];
  /** One SVG path per run of periods with a share: a null breaks the line. */
  paths: string[];
  yTicks: { value: number; y: number }[];
  /** The periods named on the axis. */
  xLabels: { index: number; x: number; text: string }[];
  /** The target's y, when there is one. */
  targetY: number | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The y of `percent` (0 at the bottom of the plot, 100 at its top). */
export function yOf(percent: number): number {
  const plot = CHART.height - CHART.top - CHART.bottom;
  const clamped = Math.min(100, Math.max(0, percent));
  return round2(CHART.top + plot * (1 - clamped / 100));
}

/** The x of period `index` of `count`: spread across the plot, one period alone in its middle. */
export function xOf(index: number, count: number): number {
  const plot = CHART.width - CHART.left - CHART.right;
  if (count <= 1) return round2(CHART.left + plot / 2);
  return round2(CHART.left + (plot * index) / (count - 1));
}

export function chartModel(
  rows: readonly TrendRow[],
  period: TrendPeriod,
  targetPercent: number | null,
): ChartModel {
  const xs = rows.map((_, i) => xOf(i, rows.length));
  const points: ChartPoint[] = [];
  const paths: string[] = [];
  let run: string[] = [];
  rows.forEach((row, index) => {
    if (row.share === null) {
      if (run.length > 1) paths.push(run.join(' '));
      run = [];
      return;
    }
    const point = { index, x: xs[index]!, y: yOf(row.share), share: row.share, row };
    points.push(point);
    run.push(`${run.length === 0 ? 'M' : 'L'}${point.x},${point.y}`);
  });
  if (run.length > 1) paths.push(run.join(' '));
  const step = Math.max(1, Math.ceil(rows.length / MAX_X_LABELS));
  // Counted from the last period, so that the latest is always named.
  const xLabels = rows.flatMap((row, index) =>
    (rows.length - 1 - index) % step === 0
      ? [{ index, x: xs[index]!, text: periodLabel(period, row.start) }]
      : [],
  );
  return {
    xs,
    points,
    paths,
    yTicks: Y_TICKS.map((value) => ({ value, y: yOf(value) })),
    xLabels,
    targetY: targetPercent === null ? null : yOf(targetPercent),
  };
}
