// The files the commune police take away from the review: CSV for any tool, XLSX for Excel. The
// screens load this module with a dynamic import, so papaparse and write-excel-file stay out of the
// first bundle that every volunteer's phone downloads.
import Papa from 'papaparse';
import writeXlsxFile, { type Cell, type Row } from 'write-excel-file/browser';
import { formatDateVi, isoDateInVietnam } from '../../domain/dates.ts';
import { percent, type GapHousehold, type TalliesAnswer, type TallyRow } from '../../domain/review.ts';
import { formatClockVi } from '../format-time.ts';
import type { ExportLabels } from './export-labels.ts';

export type ExportCell = string | number;

/** One sheet's worth of figures, written the same way to CSV and XLSX. */
export interface ExportTable {
  header: string[];
  rows: ExportCell[][];
  /** Excel number formats by column; CSV has none and writes the plain number. */
  numberFormats?: readonly (string | undefined)[];
}

interface Column<T> {
  label: string;
  value: (item: T) => ExportCell;
  format?: string;
}

const ONE_DECIMAL = '0.0';

function tableOf<T>(columns: Column<T>[], items: readonly T[]): ExportTable {
  return {
    header: columns.map((c) => c.label),
    rows: items.map((item) => columns.map((c) => c.value(item))),
    numberFormats: columns.map((c) => c.format),
  };
}

/** One row per village, then the area's total. Percents are of the persons aged 14 and over. */
export function overviewTable(tallies: TalliesAnswer, labels: ExportLabels): ExportTable {
  const l = labels.overview;
  const columns: Column<TallyRow>[] = [
    { label: l.village, value: (r) => r.areaName },
    { label: l.households, value: (r) => r.households },
    { label: l.householdsVisited, value: (r) => r.householdsVisited },
    { label: l.persons, value: (r) => r.persons },
    { label: l.persons14plus, value: (r) => r.persons14plus },
    { label: l.cccdIssued, value: (r) => r.cccdIssued14plus },
    {
      label: l.cccdPercent,
      value: (r) => percent(r.cccdIssued14plus, r.persons14plus),
      format: ONE_DECIMAL,
    },
    { label: l.vneidLevel2, value: (r) => r.vneidLevel2Active14plus },
    {
      label: l.vneidPercent,
      value: (r) => percent(r.vneidLevel2Active14plus, r.persons14plus),
      format: ONE_DECIMAL,
    },
    { label: l.openTasks, value: (r) => r.openTasks },
  ];
  return tableOf(columns, [...tallies.rows, { ...tallies.total, areaName: l.total }]);
}

/** The households still missing a card, a VNeID activation or a task's completion. */
export function gapTable(
  households: readonly GapHousehold[],
  villageNames: ReadonlyMap<string, string>,
  labels: ExportLabels,
): ExportTable {
  const l = labels.gaps;
  const columns: Column<GapHousehold>[] = [
    // An unknown village still shows its id, so the row can be traced rather than lost.
    { label: l.village, value: (h) => villageNames.get(h.villageId) ?? h.villageId },
    { label: l.householdCode, value: (h) => h.householdCode ?? '' },
    { label: l.headName, value: (h) => h.headName },
    { label: l.address, value: (h) => h.address },
    { label: l.persons14plus, value: (h) => h.persons14plus },
    { label: l.withoutCard, value: (h) => h.withoutCard14plus },
    { label: l.withoutVneid, value: (h) => h.withoutVneid14plus },
    { label: l.openTasks, value: (h) => h.openTasks },
    { label: l.lastMet, value: (h) => (h.lastMetOn === null ? '' : formatDateVi(h.lastMetOn)) },
  ];
  return tableOf(columns, households);
}

/** `dd/mm/yyyy HH:mm` on Vietnam's clock, whatever zone the officer's computer is set to. */
export function asOfText(asOf: string): string {
  const ms = Date.parse(asOf);
  return `${formatDateVi(isoDateInVietnam(ms))} ${formatClockVi(ms)}`;
}

/** The line above each table: the commune and when the server counted. */
export function exportTitle(communeName: string, asOf: string, labels: ExportLabels): string {
  return labels.title(communeName, asOfText(asOf));
}

export interface CsvMeta {
  titleLines?: readonly string[];
}

// Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection"). The
// pattern has no `$` so that a text with a line break after the formula is caught as well.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The CSV text. The BOM makes Excel read it as UTF-8 rather than the ANSI code page, which would
 * garble Vietnamese; papaparse prefixes an apostrophe to text cells that would run as formulas and
 * leaves numbers alone.
 */
export function csvText(table: ExportTable, meta: CsvMeta = {}): string {
  const lines = (meta.titleLines ?? []).map((line) => [line]);
  const body = Papa.unparse([...lines, table.header, ...table.rows], {
    newline: '\r\n',
    escapeFormulae: FORMULA_START,
  });
  return `\uFEFF${body}`;
}

export function csvBlob(table: ExportTable, meta: CsvMeta = {}): Blob {
  return new Blob([csvText(table, meta)], { type: 'text/csv;charset=utf-8' });
}

export interface XlsxSheet {
  name: string;
  table: ExportTable;
  titleLines?: readonly string[];
}

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

/** Widths in characters from the longest text of each column; the title lines may overflow. */
function columnWidths(table: ExportTable): { width: number }[] {
  return table.header.map((label, i) => {
    const longest = Math.max([...label].length, ...table.rows.map((row) => [...String(row[i] ?? '')].length));
    return { width: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2)) };
  });
}

function dataCell(value: ExportCell, format: string | undefined): Cell {
  // Typed cells, so that Excel sums the counts instead of treating them as text.
  if (typeof value === 'number') return format ? { value, type: Number, format } : { value, type: Number };
  return { value, type: String };
}

function sheetRows(sheet: XlsxSheet): Row[] {
  const { table } = sheet;
  return [
    ...(sheet.titleLines ?? []).map((line): Row => [{ value: line, type: String, fontWeight: 'bold' }]),
    table.header.map((label): Cell => ({ value: label, type: String, fontWeight: 'bold', wrap: true })),
    ...table.rows.map((row) => row.map((value, i) => dataCell(value, table.numberFormats?.[i]))),
  ];
}

/** One workbook with a sheet per table; the header row stays in view while scrolling. */
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
