// The VNeID funnel screen's arithmetic ([RV12]): the villages in the order the mobile registration team
// should visit them, the villages that most need home visits, the parts of each stacked bar, and the
// table the officer exports. Pure: no screen, no spreadsheet library (export.ts loads on the tap).
import { fold } from '../../domain/fold.ts';
import { isoDateInVietnam } from '../../domain/dates.ts';
import { percent } from '../../domain/review.ts';
import { FUNNEL_BLOCKERS, type FunnelRow } from '../../domain/trends.ts';
import { VI_ORDER } from '../../domain/vi-order.ts';
import type { ExportColumn, ExportTable } from './export.ts';
import type { FunnelMessages } from './funnel-messages.ts';

/** The persons 14+ of a row not yet at level 2: what a mobile team still has to reach. */
export const remaining = (row: FunnelRow): number => Math.max(0, row.persons14plus - row.activated);

/**
 * The villages by how many persons 14+ are not yet activated, most first; then by the village's name
 * (Vietnamese order) and id, so that the order never depends on the server's.
 */
export function byRemaining(rows: readonly FunnelRow[]): FunnelRow[] {
  return [...rows].sort(
    (a, b) =>
      remaining(b) - remaining(a) ||
      VI_ORDER.compare(a.areaName, b.areaName) ||
      (a.areaId < b.areaId ? -1 : a.areaId > b.areaId ? 1 : 0),
  );
}

/** How many villages the "Cần đến tận nhà" line names. */
export const HOME_VISIT_TOP = 3;

/** The villages with the most persons needing a home visit (none without one), most first. */
export function topHomeVisits(rows: readonly FunnelRow[], n = HOME_VISIT_TOP): FunnelRow[] {
  return rows
    .filter((r) => r.blockers.home_visit > 0)
    .sort((a, b) => b.blockers.home_visit - a.blockers.home_visit || VI_ORDER.compare(a.areaName, b.areaName))
    .slice(0, n);
}

/**
 * A row's stacked bar as shares (percent) of its persons 14+: activated, application taken but not yet
 * activated, and no application yet. All 0 when there is nobody to count.
 */
export function barParts(row: FunnelRow): { activated: number; waiting: number; notRegistered: number } {
  const whole = row.persons14plus;
  if (whole === 0) return { activated: 0, waiting: 0, notRegistered: 0 };
  const activated = Math.min(row.activated, whole);
  const registered = Math.min(Math.max(row.registered, activated), whole);
  return {
    activated: (100 * activated) / whole,
    waiting: (100 * (registered - activated)) / whole,
    notRegistered: (100 * (whole - registered)) / whole,
  };
}

/** The share columns' figure, as the screen shows it (one decimal). */
export const shareOf = (part: number, whole: number): number => percent(part, whole);

/**
 * The table of the screen, for CSV and XLSX: the villages in the order given (the screen's), then the
 * commune's total; the funnel's counts with their shares of the persons 14+, then the blockers.
 */
export function funnelTable(rows: readonly FunnelRow[], total: FunnelRow, f: FunnelMessages): ExportTable {
  const columns: ExportColumn[] = [
    { label: f.village, kind: 'text' },
    { label: f.persons14plus, kind: 'count' },
    { label: f.registered, kind: 'count' },
    { label: f.registeredPercent, csvLabel: f.registeredPercentCsv, kind: 'share' },
    { label: f.activated, kind: 'count' },
    { label: f.activatedPercent, csvLabel: f.activatedPercentCsv, kind: 'share' },
    { label: f.remaining, kind: 'count' },
    ...FUNNEL_BLOCKERS.map((b): ExportColumn => ({ label: f.blockers[b], kind: 'count' })),
  ];
  const line = (row: FunnelRow, name: string) => [
    name,
    row.persons14plus,
    row.registered,
    { part: row.registered, whole: row.persons14plus },
    row.activated,
    { part: row.activated, whole: row.persons14plus },
    remaining(row),
    ...FUNNEL_BLOCKERS.map((b) => row.blockers[b]),
  ];
  return { columns, rows: [...rows.map((r) => line(r, r.areaName)), line(total, f.total)] };
}

/** `so06-vneid-theo-thon-xa-an-binh-2026-11-23.xlsx`, named like the review's other files (download.ts). */
export function funnelFileName(areaName: string, asOf: string, ext: 'csv' | 'xlsx'): string {
  const slug = fold(areaName)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const parts = ['so06', 'vneid-theo-thon', slug, isoDateInVietnam(Date.parse(asOf))].filter((p) => p !== '');
  return `${parts.join('-')}.${ext}`;
}
