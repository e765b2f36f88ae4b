// The province screen's arithmetic (issue 18), apart from the screen so that it is tested alone: each
// commune's figures (the tallies, one row per commune) joined with how its working groups keep up
// ([RV13] activity), the table's order, the communes with quiet villages, and the exported table. Pure:
// no screen, no spreadsheet library (export.ts loads on the tap).
import { isoDateInVietnam } from '../../domain/dates.ts';
import { fold } from '../../domain/fold.ts';
import {
  percent,
  type ActivityAnswer,
  type ActivityRow,
  type TalliesAnswer,
  type TallyCount,
  type TallyRow,
} from '../../domain/review.ts';
import { VI_ORDER } from '../../domain/vi-order.ts';
import { formatClockVi } from '../text/format-time.ts';
import type { ExportCell, ExportColumn, ExportTable } from './export.ts';
import type { ProvinceMessages } from './province-messages.ts';

/** A commune's figures, and its groups' activity (null when the server could not say). */
export interface ProvinceRow extends TallyRow {
  activity: ActivityRow | null;
}

export interface ProvinceFigures {
  rows: ProvinceRow[];
  total: ProvinceRow;
}

/**
 * The tallies' communes with their activity, by id. A commune the activity names but the tallies do not
 * (a commune made between the two answers) is kept with zero figures: better a row of zeros than a
 * commune missing from the province's list.
 */
export function joinProvince(tallies: TalliesAnswer, activity: ActivityAnswer | null): ProvinceFigures {
  const byId = new Map((activity?.rows ?? []).map((a) => [a.areaId, a]));
  const rows: ProvinceRow[] = tallies.rows.map((t) => ({ ...t, activity: byId.get(t.areaId) ?? null }));
  const seen = new Set(rows.map((r) => r.areaId));
  for (const a of activity?.rows ?? []) {
    if (seen.has(a.areaId)) continue;
    rows.push({
      areaId: a.areaId,
      areaName: a.areaName,
      households: 0,
      householdsVisited: 0,
      persons: 0,
      persons14plus: 0,
      cccdIssued14plus: 0,
      vneidLevel2Active14plus: 0,
      openTasks: 0,
      activity: a,
    });
  }
  return { rows, total: { ...tallies.total, activity: activity?.total ?? null } };
}

export type ProvinceSortKey =
  'areaName' | TallyCount | 'cccdPercent' | 'vneidPercent' | 'villages' | 'quietVillages' | 'lastSync';

export interface ProvinceSort {
  key: ProvinceSortKey;
  dir: 'asc' | 'desc';
}

/**
 * The order the screen opens with: the communes furthest behind first, by their share of persons 14+
 * with an active VNeID level-2 account, lowest first. Not the CCCD share: every citizen 14+ must hold a
 * card (Identity Law, Art. 19) and the old CMND stopped being valid on 31 Dec 2024, so card shares sit
 * close together near the top; VNeID level 2 is where communes spread apart and what the province
 * reports upward. One tap on another heading (or the phone's "Sắp xếp theo") ranks by anything else. A
 * commune with nobody counted yet reads 0 % and so comes first too: it is behind, or has not started.
 */
export const BEHIND_FIRST: ProvinceSort = { key: 'vneidPercent', dir: 'asc' };

function sortValue(row: ProvinceRow, key: ProvinceSortKey): number | string {
  switch (key) {
    case 'areaName':
      return row.areaName;
    case 'cccdPercent':
      return percent(row.cccdIssued14plus, row.persons14plus);
    case 'vneidPercent':
      return percent(row.vneidLevel2Active14plus, row.persons14plus);
    // Not known (the activity did not load) sorts below every known figure.
    case 'villages':
      return row.activity?.villages ?? -1;
    case 'quietVillages':
      return row.activity?.quietVillages ?? -1;
    case 'lastSync': {
      const at = row.activity?.lastSyncAt;
      // Never synced sorts as the oldest.
      return at ? Date.parse(at) : -Infinity;
    }
    default:
      return row[key];
  }
}

/** The rows in the order asked; ties keep the commune name order, so the table never jumps. */
export function sortProvince(rows: readonly ProvinceRow[], sort: ProvinceSort): ProvinceRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    const order =
      typeof x === 'string' && typeof y === 'string' ? VI_ORDER.compare(x, y) : x === y ? 0 : x < y ? -1 : 1;
    return order !== 0
      ? sign * order
      : VI_ORDER.compare(a.areaName, b.areaName) || (a.areaId < b.areaId ? -1 : a.areaId > b.areaId ? 1 : 0);
  });
}

/** As the overview: a first tap sorts names A→Z and figures largest first; a second tap reverses. */
export function nextProvinceSort(current: ProvinceSort, key: ProvinceSortKey): ProvinceSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'areaName' ? 'asc' : 'desc' };
}

/** A row's quiet villages, 0 when not known. */
const quietOf = (row: ProvinceRow) => row.activity?.quietVillages ?? 0;

/**
 * "Xã/phường có tổ im lặng": the communes with at least one quiet village, the most quiet villages
 * first, then the larger share of its villages quiet, then by name.
 */
export function quietCommunes(rows: readonly ProvinceRow[]): ProvinceRow[] {
  const share = (r: ProvinceRow) =>
    r.activity && r.activity.villages > 0 ? quietOf(r) / r.activity.villages : 0;
  return rows
    .filter((r) => quietOf(r) > 0)
    .sort(
      (a, b) => quietOf(b) - quietOf(a) || share(b) - share(a) || VI_ORDER.compare(a.areaName, b.areaName),
    );
}

/**
 * A time in the exported files: `yyyy-mm-dd HH:mm` on Vietnam's clock, the order every spreadsheet
 * locale reads the same way (export.ts writes its dates ISO for that reason).
 */
export function fileTime(iso: string): string {
  const ms = Date.parse(iso);
  return `${isoDateInVietnam(ms)} ${formatClockVi(ms)}`;
}

/**
 * The table of the screen, for CSV and XLSX: the communes in the order given (the screen's), then the
 * province's total; the figures with their shares of persons 14+, then the groups' activity (empty
 * cells where it is not known).
 */
export function provinceTable(figures: ProvinceFigures, m: ProvinceMessages): ExportTable {
  const l = m.file;
  const columns: ExportColumn[] = [
    { label: l.commune, kind: 'text' },
    { label: l.households, kind: 'count' },
    { label: l.householdsVisited, kind: 'count' },
    { label: l.persons, kind: 'count' },
    { label: l.persons14plus, kind: 'count' },
    { label: l.cccdIssued, kind: 'count' },
    { label: l.cccdPercent, csvLabel: l.cccdPercentCsv, kind: 'share' },
    { label: l.vneidLevel2, kind: 'count' },
    { label: l.vneidPercent, csvLabel: l.vneidPercentCsv, kind: 'share' },
    { label: l.openTasks, kind: 'count' },
    { label: l.villages, kind: 'count' },
    { label: l.quietVillages, kind: 'count' },
    { label: l.phones, kind: 'count' },
    { label: l.lastSync, kind: 'text' },
  ];
  const line = (row: ProvinceRow, name: string): ExportCell[] => [
    name,
    row.households,
    row.householdsVisited,
    row.persons,
    row.persons14plus,
    row.cccdIssued14plus,
    { part: row.cccdIssued14plus, whole: row.persons14plus },
    row.vneidLevel2Active14plus,
    { part: row.vneidLevel2Active14plus, whole: row.persons14plus },
    row.openTasks,
    row.activity?.villages ?? null,
    row.activity?.quietVillages ?? null,
    row.activity?.phones ?? null,
    row.activity?.lastSyncAt ? fileTime(row.activity.lastSyncAt) : row.activity ? m.never : null,
  ];
  return {
    columns,
    rows: [...figures.rows.map((r) => line(r, r.areaName)), line(figures.total, l.total)],
  };
}

/** `so06-tong-hop-tinh-tinh-thai-nguyen-2026-11-23.xlsx`, named like the review's other files. */
export function provinceFileName(provinceName: string, asOf: string, ext: 'csv' | 'xlsx'): string {
  const slug = fold(provinceName)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const parts = ['so06', 'tong-hop-tinh', slug, isoDateInVietnam(Date.parse(asOf))].filter((p) => p !== '');
  return `${parts.join('-')}.${ext}`;
}
