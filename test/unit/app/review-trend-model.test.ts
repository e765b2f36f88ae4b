// The trends screen's arithmetic, by hand ([G3]–[G5]): the ranges asked for, the rows of a series, the
// chart's scaling and its gaps, the target that applies to a village, and who is behind by how many.
import { describe, expect, it } from 'vitest';
import type { SnapshotCounts, Target, TrendAnswer } from '../../../src/domain/trends.ts';
import {
  behindList,
  CHART,
  chartModel,
  neededToReach,
  periodLabel,
  periodText,
  targetFor,
  trendRange,
  trendRows,
  withTarget,
  xOf,
  yOf,
  type TrendRow,
} from '../../../src/app/review/trend-model.ts';

const ZERO: SnapshotCounts = {
  households: 0,
  householdsVisited: 0,
  persons: 0,
  persons14plus: 0,
  cccdIssued14plus: 0,
  vneidLevel2Active14plus: 0,
  openTasks: 0,
  tasksDone: 0,
  vneidRegistered14plus: 0,
};
const counts = (day: string, c: Partial<SnapshotCounts>) => ({ ...ZERO, ...c, day });
const target = (areaId: string, percent: number, measure: Target['measure'] = 'cccd14'): Target => ({
  areaId,
  measure,
  percent,
  dueOn: null,
  setAt: '2026-11-01T00:00:00Z',
  setBy: 'u-police',
});

describe('trendRange', () => {
  it('asks 30 days, 12 weeks from a Monday, 12 months from the 1st', () => {
    // 2026-11-25 is a Wednesday: its week began on Monday 23/11.
    expect(trendRange('day', '2026-11-25')).toEqual({ from: '2026-10-27', to: '2026-11-25' });
    expect(trendRange('week', '2026-11-25')).toEqual({ from: '2026-09-07', to: '2026-11-25' });
    expect(trendRange('month', '2026-11-25')).toEqual({ from: '2025-12-01', to: '2026-11-25' });
    expect(trendRange('month', '2026-01-31')).toEqual({ from: '2025-02-01', to: '2026-01-31' });
    // A Sunday is the last day of its week.
    expect(trendRange('week', '2026-11-29').from).toBe('2026-09-07');
  });
});

describe('period labels', () => {
  it('dd/mm for days and weeks (the Monday), mm/yyyy for months', () => {
    expect(periodLabel('day', '2026-11-05')).toBe('05/11');
    expect(periodLabel('week', '2026-11-02')).toBe('02/11');
    expect(periodLabel('month', '2026-11-01')).toBe('11/2026');
    expect(periodText('week', { start: '2026-11-02', end: '2026-11-08' })).toBe('02/11 – 08/11/2026');
    expect(periodText('day', { start: '2026-11-02', end: '2026-11-02' })).toBe('02/11/2026');
  });
});

describe('neededToReach', () => {
  it.each([
    // percent, part, whole, needed
    [90, 270, 300, 0], // 90% of 300 is 270 exactly (not 270.00000000000006, one too many)
    [90, 269, 300, 1],
    [90, 30, 41, 7], // 36.9 → 37
    [70, 170, 250, 5],
    [92.5, 0, 40, 37],
    [33.3, 0, 3, 1], // 0.999 → 1
    [50, 80, 100, 0], // above: never negative
    [90, 0, 0, 0],
  ])('%s%% with %s of %s: %s more', (percent, part, whole, needed) => {
    expect(neededToReach(percent, part, whole)).toBe(needed);
  });
});

describe('chart model', () => {
  const row = (start: string, share: number | null): TrendRow => ({
    start,
    end: start,
    day: share === null ? null : start,
    part: share,
    whole: share === null ? null : 100,
    share,
  });

  it('scales 0–100 % to the plot, bottom to top, and spreads the periods across it', () => {
    expect(yOf(0)).toBe(CHART.height - CHART.bottom);
    expect(yOf(100)).toBe(CHART.top);
    expect(yOf(50)).toBe(CHART.top + (CHART.height - CHART.top - CHART.bottom) / 2);
    expect(yOf(120)).toBe(CHART.top);
    expect(xOf(0, 5)).toBe(CHART.left);
    expect(xOf(4, 5)).toBe(CHART.width - CHART.right);
    expect(xOf(0, 1)).toBe(CHART.left + (CHART.width - CHART.left - CHART.right) / 2);
  });

  it('breaks the line at a null: a lone point is a circle with no line', () => {
    const rows = [
      row('2026-11-01', 10),
      row('2026-11-02', 20),
      row('2026-11-03', null),
      row('2026-11-04', 40),
      row('2026-11-05', null),
      row('2026-11-06', 60),
      row('2026-11-07', 70),
    ];
    const m = chartModel(rows, 'day', 90);
    expect(m.points.map((p) => p.index)).toEqual([0, 1, 3, 5, 6]);
    expect(m.paths).toEqual([
      `M${xOf(0, 7)},${yOf(10)} L${xOf(1, 7)},${yOf(20)}`,
      `M${xOf(5, 7)},${yOf(60)} L${xOf(6, 7)},${yOf(70)}`,
    ]);
    expect(m.targetY).toBe(yOf(90));
    expect(chartModel(rows, 'day', null).targetY).toBeNull();
    expect(m.yTicks.map((t) => t.value)).toEqual([0, 25, 50, 75, 100]);
  });

  it('names at most 6 periods on the axis, always the latest', () => {
    const days = Array.from({ length: 30 }, (_, i) => row(`2026-10-${String(i + 1).padStart(2, '0')}`, i));
    const { xLabels } = chartModel(days, 'day', null);
    expect(xLabels.length).toBeLessThanOrEqual(6);
    expect(xLabels.at(-1)).toMatchObject({ index: 29, text: '30/10' });
    const weeks = chartModel(days.slice(0, 6), 'week', null).xLabels;
    expect(weeks).toHaveLength(6);
  });
});

describe('targets and who is behind', () => {
  const answer: TrendAnswer = {
    areaId: 'xa',
    period: 'week',
    from: '2026-11-09',
    to: '2026-11-22',
    periods: [
      { start: '2026-11-09', end: '2026-11-15' },
      { start: '2026-11-16', end: '2026-11-22' },
    ],
    total: { areaId: 'xa', areaName: 'Xã', points: [null, null] },
    villages: [
      // 90% of 300 exactly: reached.
      {
        areaId: 'a',
        areaName: 'Thôn A',
        points: [null, counts('2026-11-20', { persons14plus: 300, cccdIssued14plus: 270 })],
      },
      // Its latest figures are of the week before: 68% against its own 70%.
      {
        areaId: 'b',
        areaName: 'Thôn B',
        points: [counts('2026-11-14', { persons14plus: 250, cccdIssued14plus: 170 }), null],
      },
      // 30 of 41 (73.2%) against the commune's 90%: 7 short.
      {
        areaId: 'c',
        areaName: 'Thôn C',
        points: [null, counts('2026-11-22', { persons14plus: 41, cccdIssued14plus: 30 })],
      },
      { areaId: 'd', areaName: 'Thôn D', points: [null, null] },
      // 100%: ten points above the target, the furthest ahead, so the last of those with figures.
      {
        areaId: 'e',
        areaName: 'Thôn E',
        points: [null, counts('2026-11-22', { persons14plus: 10, cccdIssued14plus: 10 })],
      },
    ],
    targets: [],
  };
  const targets = [target('xa', 90), target('b', 70), target('xa', 50, 'visited')];

  it("a village works to its own target, else to its commune's", () => {
    expect(targetFor(targets, 'b', 'xa', 'cccd14')?.percent).toBe(70);
    expect(targetFor(targets, 'a', 'xa', 'cccd14')?.percent).toBe(90);
    expect(targetFor(targets, 'a', 'xa', 'vneid14')).toBeUndefined();
    expect(withTarget(targets, 'b', 'cccd14', null).map((t) => t.areaId)).toEqual(['xa', 'xa']);
    expect(
      targetFor(withTarget(targets, 'xa', 'cccd14', target('xa', 95)), 'a', 'xa', 'cccd14')?.percent,
    ).toBe(95);
  });

  it('lists by gap: the furthest behind first, the furthest ahead last, then those with no figures', () => {
    const list = behindList(answer, 'cccd14', targets, 'xa');
    expect(list.map((b) => [b.areaId, b.kind, 'needed' in b ? b.needed : null])).toEqual([
      ['c', 'behind', 7],
      ['b', 'behind', 5],
      ['a', 'reached', 0],
      ['e', 'reached', 0],
      ['d', 'noData', null],
    ]);
    expect(list[1]!.row?.day).toBe('2026-11-14');
  });

  it('with no target, the villages are listed without a gap', () => {
    const list = behindList(answer, 'vneid14', targets, 'xa');
    expect(list.map((b) => b.kind)).toEqual(['noTarget', 'noTarget', 'noTarget', 'noTarget', 'noData']);
  });

  it('rows carry the part, the whole and the share of the measure', () => {
    const rows = trendRows(answer, answer.villages[2]!, 'cccd14');
    expect(rows[0]).toMatchObject({ day: null, share: null });
    expect(rows[1]).toMatchObject({ day: '2026-11-22', part: 30, whole: 41 });
    expect(rows[1]!.share).toBeCloseTo(73.17, 2);
  });
});
