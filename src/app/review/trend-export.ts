// The trend as a file: the figures behind the chart, period by period, for the commune and then each
// village, written by the review's export machinery (export.ts: CSV with a BOM and guarded cells,
// XLSX with typed cells). This module holds only the table and the file name; the builders load on
// the first tap, as on the overview.
import { fold } from '../../domain/fold.ts';
import type { TargetMeasure, TrendAnswer } from '../../domain/trends.ts';
import type { ExportCell, ExportTable } from './export.ts';
import { trendRows } from './trend-model.ts';
import type { TrendsMessages } from './trends-messages.ts';

/**
 * One row per area and period: the commune's periods first, then each village's in the answer's
 * order. Dates are dates (ISO in the CSV, dd/mm/yyyy cells in the XLSX); a period with no snapshot
 * keeps its row with empty figures, so that every area has the same periods.
 */
export function trendTable(answer: TrendAnswer, measure: TargetMeasure, m: TrendsMessages): ExportTable {
  const words = m.measures[measure];
  const e = m.export;
  const rows: ExportCell[][] = [answer.total, ...answer.villages].flatMap((series) =>
    trendRows(answer, series, measure).map((r) => [
      series.areaName,
      r.start,
      r.end,
      r.day,
      r.part,
      r.whole,
      r.share === null ? null : { part: r.part!, whole: r.whole! },
    ]),
  );
  return {
    columns: [
      { label: e.area, kind: 'text' },
      { label: e.from, kind: 'date' },
      { label: e.to, kind: 'date' },
      { label: e.day, kind: 'date' },
      { label: words.part, kind: 'count' },
      { label: words.whole, kind: 'count' },
      { label: e.share, csvLabel: e.shareCsv, kind: 'share' },
    ],
    rows,
  };
}

/** `so06-xu-huong-cccd14-tuan-xa-an-binh-2026-11-23.xlsx`: what, how, where, up to which day. */
export function trendFileName(answer: TrendAnswer, measure: TargetMeasure, ext: 'csv' | 'xlsx'): string {
  const period = { day: 'ngay', week: 'tuan', month: 'thang' }[answer.period];
  const area = fold(answer.total.areaName)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const parts = ['so06', 'xu-huong', measure.toLowerCase(), period, area || answer.areaId, answer.to];
  return `${parts.join('-')}.${ext}`;
}
