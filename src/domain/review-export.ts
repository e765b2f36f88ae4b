// The review's exported lists as both sides write them: the columns of the households with a gap and
// of the persons still missing a card or VNeID ([RV2], [RV11]), their headings in Vietnamese and
// English, and how a cell is written into a CSV. The browser builds its CSV and XLSX files from these
// (src/app/review/export.ts); the server streams a whole province's list as CSV with the same columns
// and headings (src/server/police/review-csv.ts), so that a file reads the same wherever it was made.
import { formatDateVi } from './dates.ts';
import type { CccdStatus, Relation, VneidStatus } from './enums.ts';
import type { GapHousehold, MissingPerson } from './review.ts';

/** A share of persons 14+: exact (one decimal) in the XLSX, a whole percent rounded down in the CSV. */
export interface Share {
  part: number;
  whole: number;
}

/**
 * What a column holds, and so how each format writes it: text (guarded against formulas), a code
 * (kept as text: leading zeros and long digit strings survive), a count, a share, a date.
 */
export type ColumnKind = 'text' | 'code' | 'count' | 'share' | 'date';

export type ExportCell = string | number | Share | null;

export interface ExportColumn {
  /** The header, in the XLSX and (unless csvLabel) in the CSV. */
  label: string;
  csvLabel?: string;
  kind: ColumnKind;
}

/** A column and how an item fills it. */
export interface ExportColumnOf<T> extends ExportColumn {
  value: (item: T) => ExportCell;
}

export interface ExportLabels {
  overview: {
    village: string;
    households: string;
    householdsVisited: string;
    persons: string;
    persons14plus: string;
    cccdIssued: string;
    /** The XLSX's share column: exact, one decimal. */
    cccdPercent: string;
    /** The CSV's: a whole percent rounded down, which every Excel locale reads as a number. */
    cccdPercentCsv: string;
    vneidLevel2: string;
    vneidPercent: string;
    vneidPercentCsv: string;
    openTasks: string;
    total: string;
  };
  gaps: {
    /** The commune of each row, in the lists of a whole province only. */
    commune: string;
    village: string;
    householdCode: string;
    headName: string;
    address: string;
    persons14plus: string;
    withoutCard: string;
    withoutVneid: string;
    openTasks: string;
    lastMet: string;
  };
  /** [RV11] The persons still missing a card or VNeID. */
  persons: {
    village: string;
    householdCode: string;
    headName: string;
    address: string;
    fullName: string;
    birthDate: string;
    relation: string;
    /** The column when the whole numbers were asked for. */
    idNumber: string;
    /** The column otherwise: the last four digits only. */
    idNumberEnd: string;
    cccdStatus: string;
    vneidStatus: string;
    gaps: string;
  };
  sheets: { overview: string; gaps: string; households: string; persons: string };
  /** The XLSX's line above the table (never in the CSV, whose first row is the header): which
   * commune, and when the server counted (`dd/mm/yyyy HH:mm`). */
  title: (communeName: string, asOf: string) => string;
}

export const exportLabelsVi: ExportLabels = {
  overview: {
    village: 'Thôn',
    households: 'Số hộ',
    householdsVisited: 'Hộ đã gặp',
    persons: 'Nhân khẩu',
    persons14plus: 'Từ 14 tuổi',
    cccdIssued: 'Đã cấp CCCD',
    cccdPercent: 'Tỷ lệ có CCCD (%)',
    cccdPercentCsv: 'Tỷ lệ có CCCD (%, làm tròn xuống)',
    vneidLevel2: 'VNeID mức 2',
    vneidPercent: 'Tỷ lệ có VNeID mức 2 (%)',
    vneidPercentCsv: 'Tỷ lệ có VNeID mức 2 (%, làm tròn xuống)',
    openTasks: 'Việc còn mở',
    total: 'Tổng cộng',
  },
  gaps: {
    commune: 'Xã, phường',
    village: 'Thôn',
    householdCode: 'Mã hộ',
    headName: 'Chủ hộ',
    address: 'Địa chỉ',
    persons14plus: 'Từ 14 tuổi',
    withoutCard: 'Chưa có CCCD',
    withoutVneid: 'Chưa có VNeID mức 2',
    openTasks: 'Việc còn mở',
    lastMet: 'Lần gặp gần nhất',
  },
  persons: {
    village: 'Thôn',
    householdCode: 'Mã hộ',
    headName: 'Chủ hộ',
    address: 'Địa chỉ',
    fullName: 'Họ và tên',
    birthDate: 'Ngày sinh',
    relation: 'Quan hệ với chủ hộ',
    idNumber: 'Số định danh',
    idNumberEnd: 'Số định danh (4 số cuối)',
    cccdStatus: 'Thẻ căn cước (CCCD)',
    vneidStatus: 'VNeID',
    gaps: 'Còn thiếu',
  },
  sheets: {
    overview: 'Tổng hợp',
    gaps: 'Hộ còn thiếu',
    households: 'Danh sách hộ',
    persons: 'Nhân khẩu còn thiếu',
  },
  title: (communeName, asOf) => `${communeName} — Số liệu lúc ${asOf}`,
};

export const exportLabelsEn: ExportLabels = {
  overview: {
    village: 'Village',
    households: 'Households',
    householdsVisited: 'Households met',
    persons: 'Persons',
    persons14plus: 'Aged 14+',
    cccdIssued: 'CCCD issued',
    cccdPercent: 'CCCD share (%)',
    cccdPercentCsv: 'CCCD share (%, rounded down)',
    vneidLevel2: 'VNeID level 2',
    vneidPercent: 'VNeID level 2 share (%)',
    vneidPercentCsv: 'VNeID level 2 share (%, rounded down)',
    openTasks: 'Open tasks',
    total: 'Total',
  },
  gaps: {
    commune: 'Commune',
    village: 'Village',
    householdCode: 'Household code',
    headName: 'Head of household',
    address: 'Address',
    persons14plus: 'Aged 14+',
    withoutCard: 'Without CCCD',
    withoutVneid: 'Without VNeID level 2',
    openTasks: 'Open tasks',
    lastMet: 'Last met',
  },
  persons: {
    village: 'Village',
    householdCode: 'Household code',
    headName: 'Head of household',
    address: 'Address',
    fullName: 'Full name',
    birthDate: 'Birth date',
    relation: 'Relation to the head',
    idNumber: 'ID number',
    idNumberEnd: 'ID number (last 4 digits)',
    cccdStatus: 'ID card (CCCD)',
    vneidStatus: 'VNeID',
    gaps: 'Missing',
  },
  sheets: {
    overview: 'Overview',
    gaps: 'Households with gaps',
    households: 'Households',
    persons: 'Persons with gaps',
  },
  title: (communeName, asOf) => `${communeName} — figures as of ${asOf}`,
};

/** The words of a person's relation and statuses, as the forms of the officer's language name them. */
export interface PersonValueLabels {
  relation: Record<Relation, string>;
  cccd: Record<CccdStatus, string>;
  vneid: Record<VneidStatus, string>;
}

/**
 * The Vietnamese words of the phone's forms (src/app/i18n/vi.ts, which a unit test keeps equal), for
 * the files the server writes: the server knows no catalogue of the app's.
 */
export const personValuesVi: PersonValueLabels = {
  relation: {
    head: 'Chủ hộ',
    spouse: 'Vợ/chồng',
    child: 'Con',
    parent: 'Bố/mẹ',
    grandchild: 'Cháu',
    sibling: 'Anh/chị/em',
    other: 'Khác',
  },
  cccd: {
    none: 'Chưa có thẻ',
    applied: 'Đã nộp hồ sơ (chờ nhận thẻ)',
    issued: 'Đã có thẻ',
    lost: 'Mất/hỏng thẻ',
  },
  vneid: {
    none: 'Chưa đăng ký',
    level1: 'Mức 1',
    level2_pending: 'Mức 2 đang chờ kích hoạt',
    level2_active: 'Đã kích hoạt mức 2',
  },
};

/** [RV11] What the officer sees of a number not asked for whole: its last four digits, as the views show them. */
export const maskedIdNumber = (end: string | null | undefined): string | null =>
  end ? `••••••••${end}` : null;

/** The households as listed: their gaps, and when they were last met. */
export function gapColumns(
  villageNames: ReadonlyMap<string, string>,
  labels: ExportLabels,
): ExportColumnOf<GapHousehold>[] {
  const l = labels.gaps;
  return [
    // An unknown village still shows its id, so the row can be traced rather than lost.
    { label: l.village, kind: 'text', value: (h) => villageNames.get(h.villageId) ?? h.villageId },
    { label: l.householdCode, kind: 'code', value: (h) => h.householdCode },
    { label: l.headName, kind: 'text', value: (h) => h.headName },
    { label: l.address, kind: 'text', value: (h) => h.address },
    { label: l.persons14plus, kind: 'count', value: (h) => h.persons14plus },
    { label: l.withoutCard, kind: 'count', value: (h) => h.withoutCard14plus },
    { label: l.withoutVneid, kind: 'count', value: (h) => h.withoutVneid14plus },
    { label: l.openTasks, kind: 'count', value: (h) => h.openTasks },
    { label: l.lastMet, kind: 'date', value: (h) => h.lastMetOn },
  ];
}

/**
 * [RV11] The persons still missing a card or VNeID, with their household. The ID number whole when
 * `fullIds` (a code: Excel keeps all 12 digits as text), else `••••••••2345`.
 */
export function personColumns(
  villageNames: ReadonlyMap<string, string>,
  labels: ExportLabels,
  fullIds: boolean,
  values: PersonValueLabels,
): ExportColumnOf<MissingPerson>[] {
  const l = labels.persons;
  const gaps = (p: MissingPerson) =>
    [
      p.cccdStatus !== 'issued' ? labels.gaps.withoutCard : null,
      p.vneidStatus !== 'level2_active' ? labels.gaps.withoutVneid : null,
    ]
      .filter((g) => g !== null)
      .join(', ');
  return [
    { label: l.village, kind: 'text', value: (p) => villageNames.get(p.villageId) ?? p.villageId },
    { label: l.householdCode, kind: 'code', value: (p) => p.householdCode },
    { label: l.headName, kind: 'text', value: (p) => p.headName },
    { label: l.address, kind: 'text', value: (p) => p.address },
    { label: l.fullName, kind: 'text', value: (p) => p.fullName },
    { label: l.birthDate, kind: 'date', value: (p) => p.birthDate },
    { label: l.relation, kind: 'text', value: (p) => values.relation[p.relation] ?? p.relation },
    fullIds
      ? { label: l.idNumber, kind: 'code', value: (p) => p.idNumber ?? null }
      : { label: l.idNumberEnd, kind: 'code', value: (p) => maskedIdNumber(p.idNumberEnd) },
    { label: l.cccdStatus, kind: 'text', value: (p) => values.cccd[p.cccdStatus] ?? p.cccdStatus },
    { label: l.vneidStatus, kind: 'text', value: (p) => values.vneid[p.vneidStatus] ?? p.vneidStatus },
    { label: l.gaps, kind: 'text', value: gaps },
  ];
}

/** `part` of `whole` as a whole percent rounded down: 100 only when complete, 0 when nothing to count. */
export function floorPercent({ part, whole }: Share): number {
  // Integers: part * 100 is exact, and a quotient that is a whole number comes out exactly.
  return whole === 0 ? 0 : Math.floor((part * 100) / whole);
}

// Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection"). The
// pattern has no `$` so that a text with a line break after the formula is caught as well.
const FORMULA_START = /^[=+\-@\t\r]/;

// A code Excel would turn into a number or a date (dropping leading zeros, rounding a 12-digit ID,
// reading "01-05" as 1 May): digits, and the separators of numbers and dates between them.
const NUMBER_LIKE = /^\d[\d .,/:-]*$/;

const isShare = (v: ExportCell): v is Share => typeof v === 'object' && v !== null;

/** A text cell as the CSV writes it: an apostrophe before anything a spreadsheet would run. */
export function csvTextCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * How a CSV writes a date: `iso` (yyyy-mm-dd, which any Excel reads as the right day whatever its
 * locale: the browser's files) or `vi` (dd/mm/yyyy, as Vietnam writes dates: the server's files).
 */
export type CsvDates = 'iso' | 'vi';

/** One cell of the CSV, as written (before quoting). */
export function csvCell(value: ExportCell, kind: ColumnKind, dates: CsvDates = 'iso'): string {
  if (value === null) return '';
  if (isShare(value)) return `${floorPercent(value)}%`;
  if (typeof value === 'number') return String(value);
  switch (kind) {
    case 'code':
      // Excel's text formula: the cell shows 0012345, as text. Only digits and separators get here,
      // so there is no quote to escape and nothing to run.
      return NUMBER_LIKE.test(value) ? `="${value}"` : csvTextCell(value);
    case 'date':
      return dates === 'vi' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDateVi(value) : value;
    default:
      return csvTextCell(value);
  }
}

/** The byte order mark that makes Excel read a CSV as UTF-8 rather than the ANSI code page. */
export const CSV_BOM = '\uFEFF';

/**
 * One field as a CSV line holds it: quoted (its quotes doubled) when it holds a comma, a quote, a line
 * break or a byte order mark, or begins or ends with a space, as papaparse's `unparse` quotes (the browser's files).
 */
export function csvField(text: string): string {
  return /[",\r\n\uFEFF]/.test(text) || text.startsWith(' ') || text.endsWith(' ')
    ? `"${text.replace(/"/g, '""')}"`
    : text;
}

/** One line of a CSV, with its CRLF. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** The header line of `columns` (each header guarded like any text cell). */
export function csvHeader(columns: readonly ExportColumn[]): string {
  return csvLine(columns.map((c) => csvTextCell(c.csvLabel ?? c.label)));
}

/** One item's line under `columns`. */
export function csvItemLine<T>(
  columns: readonly ExportColumnOf<T>[],
  item: T,
  dates: CsvDates = 'iso',
): string {
  return csvLine(columns.map((c) => csvCell(c.value(item), c.kind, dates)));
}
