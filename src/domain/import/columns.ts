// The columns of a commune's household list, and how a spreadsheet's own headers are matched to them.
// Lists come from the population database's exports and from village heads' own files: the same
// column is "Họ và tên", "HỌ TÊN", "Ho va ten" or "Họ và tên nhân khẩu", often under a title and a
// blank line. Guessing the mapping spares the officer from picking twelve columns by hand; the screen
// shows the guess and lets them correct it, so a guess must never be clever at the cost of being wrong.
import { fold } from '../fold.ts';

/** The fields an import reads, in the template's column order. */
export const IMPORT_FIELDS = [
  'householdCode',
  'headName',
  'address',
  'fullName',
  'birthDate',
  'gender',
  'relation',
  'idNumber',
  'phone',
  'cccdStatus',
  'vneidStatus',
  'note',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** For each field, the 0-based index of the column that holds it, or null when the file has none. */
export type ColumnMapping = Record<ImportField, number | null>;

/** The downloadable template's headers, one per field in IMPORT_FIELDS order: guessMapping maps them exactly. */
export const TEMPLATE_COLUMNS: readonly string[] = [
  'Mã hộ',
  'Họ tên chủ hộ',
  'Địa chỉ',
  'Họ và tên',
  'Ngày sinh (dd/mm/yyyy)',
  'Giới tính (Nam/Nữ)',
  'Quan hệ với chủ hộ',
  'Số định danh cá nhân',
  'Số điện thoại',
  'Tình trạng thẻ CCCD',
  'Tài khoản VNeID',
  'Ghi chú',
];

/** Each field as the screens and the problems name it. */
export const FIELD_LABELS: Readonly<Record<ImportField, string>> = {
  householdCode: 'Mã hộ',
  headName: 'Họ tên chủ hộ',
  address: 'Địa chỉ',
  fullName: 'Họ và tên',
  birthDate: 'Ngày sinh',
  gender: 'Giới tính',
  relation: 'Quan hệ với chủ hộ',
  idNumber: 'Số định danh cá nhân',
  phone: 'Số điện thoại',
  cccdStatus: 'Tình trạng thẻ CCCD',
  vneidStatus: 'Tài khoản VNeID',
  note: 'Ghi chú',
};

/**
 * The columns a list cannot do without; each entry is met by any one of its fields. A person needs a
 * name, a birth date and a gender (the record requires them and nothing can stand in for them). A
 * household needs an address (the record requires it) and a head: either a "Họ tên chủ hộ" column, or a
 * "Quan hệ với chủ hộ" column whose «Chủ hộ» row names the head (the head-first layout, check.ts). A
 * household code alone is not enough: it groups rows but names no head. Everything else is optional:
 * the statuses default to «chưa có», and a missing ID number is what the working group is there to fill.
 */
export const REQUIRED_COLUMNS: readonly (readonly ImportField[])[] = [
  ['fullName'],
  ['birthDate'],
  ['gender'],
  ['address'],
  ['headName', 'relation'],
];

/** The required columns that `mapping` lacks, as in REQUIRED_COLUMNS: empty when the list can be read. */
export function missingColumns(mapping: ColumnMapping): (readonly ImportField[])[] {
  return REQUIRED_COLUMNS.filter((any) => any.every((f) => mapping[f] === null));
}

/** "Thiếu cột Họ tên chủ hộ (hoặc Quan hệ với chủ hộ)": one missing entry of REQUIRED_COLUMNS in words. */
export function missingColumnMessage(any: readonly ImportField[]): string {
  const [first, ...rest] = any.map((f) => FIELD_LABELS[f]);
  return `Thiếu cột ${first}${rest.length ? ` (hoặc ${rest.join(', ')})` : ''}`;
}

export function emptyMapping(): ColumnMapping {
  return Object.fromEntries(IMPORT_FIELDS.map((f) => [f, null])) as ColumnMapping;
}

/**
 * Headers as people write them, folded (see headerWords): each field's most usual first, since among
 * two columns that both match exactly ("Địa chỉ" and "Số nhà") the earlier synonym wins. No phrase may
 * serve two fields (a test checks it).
 */
const SYNONYMS: Readonly<Record<ImportField, readonly string[]>> = {
  householdCode: ['ma ho', 'ma ho gia dinh', 'so ho', 'ma so ho', 'so ho khau', 'ma ho khau'],
  headName: ['ho ten chu ho', 'ho va ten chu ho', 'chu ho', 'ten chu ho'],
  address: ['dia chi', 'dia chi thuong tru', 'noi o', 'noi o hien nay', 'noi thuong tru', 'so nha'],
  fullName: ['ho va ten', 'ho ten', 'ten nhan khau', 'ho ten nhan khau', 'ho va ten nhan khau'],
  birthDate: ['ngay sinh', 'ngay thang nam sinh', 'sinh ngay'],
  gender: ['gioi tinh', 'nam nu', 'gioi'],
  relation: ['quan he voi chu ho', 'quan he', 'qh voi chu ho', 'qh voi ch', 'quan he chu ho'],
  idNumber: [
    'so dinh danh ca nhan',
    'so dinh danh',
    'ma dinh danh',
    'ma so dinh danh',
    'so cccd',
    'cccd',
    'so can cuoc',
    'so can cuoc cong dan',
    'so cmnd cccd',
    'so cccd cmnd',
    'so ddcn',
  ],
  phone: ['so dien thoai', 'sdt', 'dien thoai', 'so dt', 'dt'],
  cccdStatus: [
    'tinh trang the cccd',
    'tinh trang cccd',
    'the can cuoc',
    'the cccd',
    'tinh trang the can cuoc',
  ],
  vneidStatus: [
    'tai khoan vneid',
    'vneid',
    'dinh danh dien tu',
    'tai khoan dinh danh dien tu',
    'muc dinh danh dien tu',
  ],
  note: ['ghi chu'],
};

/** The synonym table, for tests. */
export const HEADER_SYNONYMS = SYNONYMS;

const NOT_WORD = /[^\p{L}\p{N}]+/gu;
// "(dd/mm/yyyy)", "(Nam/Nữ)", "[bắt buộc]": hints about the format, not the name of the column.
const BRACKETED = /\([^)]*\)|\[[^\]]*\]/g;

/** Folded words of `text`: no marks, lower case, punctuation as spaces, single spaces. */
export function headerWords(text: string): string {
  return fold(text).replace(NOT_WORD, ' ').trim();
}

function headerText(cell: unknown): string {
  return typeof cell === 'string' ? cell : typeof cell === 'number' ? String(cell) : '';
}

// How well a header matches a synonym. The whole header with its brackets ("Họ và tên (chủ hộ)")
// outranks the header without them ("Họ và tên"); a header that only begins with the synonym ("Địa chỉ
// thường trú hiện nay") comes last. Only a start counts as a partial match: "Quan hệ với chủ hộ" holds
// "chủ hộ" and "Ngày cấp CCCD" holds "CCCD", and neither is that column.
const WHOLE = 3;
const WITHOUT_BRACKETS = 2;
const STARTS_WITH = 1;

interface Candidate {
  field: ImportField;
  column: number;
  kind: number;
  /** Words of the synonym: at a header's start, the longer one is the more specific. */
  words: number;
  rank: number;
}

function candidatesOf(header: unknown, column: number): Candidate[] {
  const raw = headerText(header);
  const whole = headerWords(raw);
  const bare = headerWords(raw.replace(BRACKETED, ' '));
  if (whole === '' && bare === '') return [];
  const out: Candidate[] = [];
  for (const field of IMPORT_FIELDS) {
    SYNONYMS[field].forEach((syn, rank) => {
      const kind =
        whole === syn
          ? WHOLE
          : bare === syn
            ? WITHOUT_BRACKETS
            : `${bare} `.startsWith(`${syn} `)
              ? STARTS_WITH
              : 0;
      if (kind > 0) out.push({ field, column, kind, words: syn.split(' ').length, rank });
    });
  }
  return out;
}

/**
 * The likeliest column of each field among `headers` (one row of cells). Best matches are taken first,
 * each field gets one column and each column one field: "Họ tên chủ hộ" goes to the head's name before
 * "Họ tên" can claim it for the person's.
 */
export function guessMapping(headers: readonly unknown[]): ColumnMapping {
  const candidates = headers.flatMap(candidatesOf);
  candidates.sort((a, b) => b.kind - a.kind || b.words - a.words || a.rank - b.rank || a.column - b.column);
  const mapping = emptyMapping();
  const taken = new Set<number>();
  for (const c of candidates) {
    if (mapping[c.field] !== null || taken.has(c.column)) continue;
    mapping[c.field] = c.column;
    taken.add(c.column);
  }
  return mapping;
}

/** How many of the rows above the header a list may have (a title, the village, a date, blank lines). */
export const HEADER_SEARCH_ROWS = 15;

/**
 * The 0-based index of the header row: among the first HEADER_SEARCH_ROWS rows, the first whose guessed
 * mapping meets the most entries of REQUIRED_COLUMNS. A title ("DANH SÁCH HỘ GIA ĐÌNH THÔN ĐÔNG") meets
 * none, and a data row meets none either (names and dates are not headers). Null when no row meets any:
 * then the file is not a list this import knows, and the screen says so rather than guess row 1.
 */
export function findHeaderRow(rows: readonly (readonly unknown[])[]): number | null {
  let best: number | null = null;
  let bestScore = 0;
  rows.slice(0, HEADER_SEARCH_ROWS).forEach((row, index) => {
    const score = REQUIRED_COLUMNS.length - missingColumns(guessMapping(row)).length;
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}
