// The files the commune police take away from the review: CSV for any tool, XLSX for Excel. The
// screens load this module with a dynamic import, so papaparse and write-excel-file stay out of the
// first bundle that every volunteer's phone downloads.
//
// Both open right in an Excel of any language: the CSV's first row is its header (title lines are
// the XLSX's alone), its counts are plain integers, its shares whole percents ("66%", which every
// Excel locale reads as a number), its dates ISO (yyyy-mm-dd, read as the right date whatever the
// locale's order of day and month), and its codes made of digits stay text (="0012345").
import Papa from 'papaparse';
import writeXlsxFile, { type Cell, type Row } from 'write-excel-file/browser';
import { formatDateVi, isoDateInVietnam } from '../../domain/dates.ts';
import {
  percent,
  type GapHousehold,
  type MissingPerson,
  type TalliesAnswer,
  type TallyRow,
} from '../../domain/review.ts';
import {
  csvCell,
  csvTextCell,
  gapColumns,
  personColumns,
  type ColumnKind,
  type ExportCell,
  type ExportColumn,
  type ExportColumnOf,
  type PersonValueLabels,
  type Share,
} from '../../domain/review-export.ts';
import { formatClockVi } from '../text/format-time.ts';
import type { ExportLabels } from './export-labels.ts';

// The columns, their cells and the CSV's cell rules are the domain's (src/domain/review-export.ts),
// shared with the server's streamed CSV; what is the browser's alone (papaparse, the XLSX) is here.
export {
  floorPercent,
  maskedIdNumber,
  type ColumnKind,
  type ExportCell,
  type ExportColumn,
  type PersonValueLabels,
  type Share,
} from '../../domain/review-export.ts';

/** One sheet's worth of figures, written the same way to CSV and XLSX, rows in the screen's order. */
export interface ExportTable {
  columns: readonly ExportColumn[];
  rows: ExportCell[][];
}

type Column<T> = ExportColumnOf<T>;

function tableOf<T>(columns: Column<T>[], items: readonly T[]): ExportTable {
  return {
    columns: columns.map(({ label, csvLabel, kind }) =>
      csvLabel ? { label, csvLabel, kind } : { label, kind },
    ),
    rows: items.map((item) => columns.map((c) => c.value(item))),
  };
}

/**
 * One row per village in the order given (the table's on screen), then the area's total. Shares are
 * of the persons aged 14 and over.
 */
export function overviewTable(tallies: TalliesAnswer, labels: ExportLabels): ExportTable {
  const l = labels.overview;
  const columns: Column<TallyRow>[] = [
    { label: l.village, kind: 'text', value: (r) => r.areaName },
    { label: l.households, kind: 'count', value: (r) => r.households },
    { label: l.householdsVisited, kind: 'count', value: (r) => r.householdsVisited },
    { label: l.persons, kind: 'count', value: (r) => r.persons },
    { label: l.persons14plus, kind: 'count', value: (r) => r.persons14plus },
    { label: l.cccdIssued, kind: 'count', value: (r) => r.cccdIssued14plus },
    {
      label: l.cccdPercent,
      csvLabel: l.cccdPercentCsv,
      kind: 'share',
      value: (r) => ({ part: r.cccdIssued14plus, whole: r.persons14plus }),
    },
    { label: l.vneidLevel2, kind: 'count', value: (r) => r.vneidLevel2Active14plus },
    {
      label: l.vneidPercent,
      csvLabel: l.vneidPercentCsv,
      kind: 'share',
      value: (r) => ({ part: r.vneidLevel2Active14plus, whole: r.persons14plus }),
    },
    { label: l.openTasks, kind: 'count', value: (r) => r.openTasks },
  ];
  return tableOf(columns, [...tallies.rows, { ...tallies.total, areaName: l.total }]);
}

/** The households as listed on screen (in that order): their gaps, and when they were last met. */
export function gapTable(
  households: readonly GapHousehold[],
  villageNames: ReadonlyMap<string, string>,
  labels: ExportLabels,
): ExportTable {
  return tableOf(gapColumns(villageNames, labels), households);
}

/**
 * [RV11] The persons still missing a card or VNeID, in the order given, with their household. The ID
 * number whole when `fullIds` (a code: Excel keeps all 12 digits as text), else `••••••••2345`.
 */
export function personTable(
  persons: readonly MissingPerson[],
  villageNames: ReadonlyMap<string, string>,
  labels: ExportLabels,
  fullIds: boolean,
  values: PersonValueLabels,
): ExportTable {
  return tableOf(personColumns(villageNames, labels, fullIds, values), persons);
}

/** `dd/mm/yyyy HH:mm` on Vietnam's clock, whatever zone the officer's computer is set to. */
export function asOfText(asOf: string): string {
  const ms = Date.parse(asOf);
  return `${formatDateVi(isoDateInVietnam(ms))} ${formatClockVi(ms)}`;
}

/** The XLSX's line above each table: the commune and when the server counted. */
export function exportTitle(communeName: string, asOf: string, labels: ExportLabels): string {
  return labels.title(communeName, asOfText(asOf));
}

/** The CSV's rows as written: the header first, then the data. */
export function csvRows(table: ExportTable): string[][] {
  return [
    table.columns.map((c) => csvTextCell(c.csvLabel ?? c.label)),
    ...table.rows.map((row) => row.map((value, i) => csvCell(value, table.columns[i]?.kind ?? 'text'))),
  ];
}

/**
 * The CSV text: the header row first, after the BOM that makes Excel read UTF-8 rather than the ANSI
 * code page (which would garble Vietnamese). Formula guarding is done cell by cell above, by column
 * kind, so papaparse's own (which would put an apostrophe before ="0012345") is off.
 */
export function csvText(table: ExportTable): string {
  return `\uFEFF${Papa.unparse(csvRows(table), { newline: '\r\n', escapeFormulae: false })}`;
}

export function csvBlob(table: ExportTable): Blob {
  return new Blob([csvText(table)], { type: 'text/csv;charset=utf-8' });
}

export interface XlsxSheet {
  name: string;
  table: ExportTable;
  titleLines?: readonly string[];
}

const isShare = (v: ExportCell): v is Share => typeof v === 'object' && v !== null;

const SHEET_NAME_MAX = 31;

/**
 * A name Excel accepts: no []:*?/\, at most 31 characters, not blank, and unique in the workbook
 * (Excel compares names without regard to case).
 */
export function sheetName(name: string, taken: ReadonlySet<string> = new Set()): string {
  const base =
    [...name.replace(/[[\]:*?/\\]/g, ' ').trim()]
      .slice(0, SHEET_NAME_MAX)
      .join('')
      .replace(/^'+|'+$/g, '')
      .trim() || 'Sheet';
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    candidate = [...base].slice(0, SHEET_NAME_MAX - suffix.length).join('') + suffix;
  }
  return candidate;
}

const MIN_WIDTH = 8;
const MAX_WIDTH = 50;
const DATE_FORMAT = 'dd/mm/yyyy';
const ONE_DECIMAL = '0.0';

/** What a cell shows in the XLSX, for the column widths. */
function shownText(value: ExportCell, kind: ColumnKind): string {
  if (value === null) return '';
  if (isShare(value)) return percent(value.part, value.whole).toFixed(1);
  if (kind === 'date') return DATE_FORMAT;
  return String(value);
}

/** Widths in characters from the longest text of each column; the title lines may overflow. */
function columnWidths(table: ExportTable): { width: number }[] {
  return table.columns.map(({ label, kind }, i) => {
    const longest = Math.max(
      [...label].length,
      ...table.rows.map((row) => [...shownText(row[i] ?? null, kind)].length),
    );
    return { width: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2)) };
  });
}

/** `YYYY-MM-DD` as the Date write-excel-file turns into that day (it reads dates in UTC). */
function calendarDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

function xlsxCell(value: ExportCell, kind: ColumnKind): Cell {
  if (value === null) return null;
  // Typed cells, so that Excel sums the counts instead of treating them as text; codes are string
  // cells whatever they look like.
  if (isShare(value)) return { value: percent(value.part, value.whole), type: Number, format: ONE_DECIMAL };
  if (typeof value === 'number') return { value, type: Number };
  if (kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return { value: calendarDate(value), type: Date, format: DATE_FORMAT };
  return { value, type: String };
}

function sheetRows(sheet: XlsxSheet): Row[] {
  const { table } = sheet;
  return [
    ...(sheet.titleLines ?? []).map((line): Row => [{ value: line, type: String, fontWeight: 'bold' }]),
    table.columns.map((c): Cell => ({ value: c.label, type: String, fontWeight: 'bold', wrap: true })),
    ...table.rows.map((row) => row.map((value, i) => xlsxCell(value, table.columns[i]?.kind ?? 'text'))),
  ];
}

/** One workbook with a sheet per table; the title and header rows stay in view while scrolling. */
export function xlsxBlob(sheets: readonly XlsxSheet[]): Promise<Blob> {
  const taken = new Set<string>();
  return writeXlsxFile(
    sheets.map((sheet) => {
      const name = sheetName(sheet.name, taken);
      taken.add(name.toLowerCase());
      return {
        data: sheetRows(sheet),
        sheet: name,
        columns: columnWidths(sheet.table),
        stickyRowsCount: (sheet.titleLines?.length ?? 0) + 1,
      };
    }),
  ).toBlob();
}
