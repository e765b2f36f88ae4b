// Reading one cell of a household list into a record's value. Cells come from papaparse (always text)
// or read-excel-file (text, numbers, booleans, Date objects, null), and from people: dates in four
// orders and separators, "Nữ" or "nu" or "F", an ID number that Excel stored as a number and so lost
// its leading zero. Each reader accepts what a person clearly meant, refuses what could mean two things,
// and says why in Vietnamese, naming the value so the officer can find it in the file.
import type { z } from 'zod';
import { formatDateVi, isRealDate } from '../dates.ts';
import type { CccdStatus, Gender, Relation, VneidStatus } from '../enums.ts';
import { fold } from '../fold.ts';
import { encodedBirthYear, parseIdNumber } from '../id-number.ts';
import { FIELDS } from '../records.ts';
import { cleanLine, isBlankText } from '../text.ts';
import { FIELD_LABELS } from './columns.ts';

export type CellResult<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const fail = (message: string): CellResult<never> => ({ ok: false, message });

// The CSV export of Sổ 06 writes codes made of digits as ="0012345" so that Excel keeps them text:
// reading our own file back must give the digits.
const FORMULA_GUARD = /^="(.*)"$/s;

/** A cell as text: a Date as dd/mm/yyyy (its UTC day, see readDate), anything unknown as nothing. */
export function cellText(cell: unknown): string {
  if (typeof cell === 'string') return FORMULA_GUARD.exec(cell)?.[1] ?? cell;
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return String(cell);
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : formatDateVi(utcDay(cell));
  return '';
}

// A digit or a Latin letter (Vietnamese ones included) always shows: no need to clean the text to know.
// Asked of every cell of every row, so the quick answer matters on a list of 40,000 rows.
const SURELY_VISIBLE = /[0-9A-Za-z\u00C0-\u024F\u1E00-\u1EFF]/;

// Printable ASCII and the precomposed Latin letters Vietnamese is written with, words single-spaced:
// text the one-line rule leaves as it is (no control, format or ignorable character, no combining mark
// to compose, no space to collapse), so the common cell needs no cleaning pass.
const CLEAN_ALREADY = /^[\x21-\x7E\u00C0-\u024F\u1E00-\u1EFF]+(?: [\x21-\x7E\u00C0-\u024F\u1E00-\u1EFF]+)*$/;

/** A cell's text cleaned by the records' one-line rule (text.ts). */
export function cleanCellText(cell: unknown): string {
  const text = cellText(cell);
  return CLEAN_ALREADY.test(text) ? text : cleanLine(text);
}

/** True when a person sees nothing in the cell: null, empty, spaces or invisible characters only. */
export function isBlankCell(cell: unknown): boolean {
  if (typeof cell === 'string' && SURELY_VISIBLE.test(cell)) return false;
  return !(cell instanceof Date) && isBlankText(cellText(cell));
}

/** The value as the messages quote it: one line, and short, since a cell can hold a whole paragraph. */
function shown(cell: unknown): string {
  const text = cleanCellText(cell);
  return `«${text.length > 40 ? `${text.slice(0, 39)}…` : text}»`;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

// ——— Dates ———

const DAY_MS = 86_400_000;

// read-excel-file builds a date cell's Date at midnight UTC of the day Excel shows; read in the
// computer's zone, a Date at UTC midnight would be the day before anywhere west of Greenwich.
function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

// Excel's 1900 date system counts 1 for 1 January 1900 and keeps Lotus 1-2-3's 29 February 1900 as
// 60, so from 61 on a serial is one day more than the days since 31 December 1899.
const EXCEL_LAST_SERIAL = 2_958_465; // 31/12/9999
function excelSerialDay(serial: number): string | null {
  const day = Math.floor(serial);
  if (day < 1 || day > EXCEL_LAST_SERIAL || day === 60) return null;
  const epoch = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return utcDay(new Date(epoch + day * DAY_MS));
}

// A time after the date ("12/03/1985 00:00:00", "1985-03-12T00:00:00Z") says nothing about the day.
const TIME_SUFFIX = /[\sT]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const DMY = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d+)$/;
const YMD = /^(\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})$/;
const YEAR_ONLY = /^\d{4}$/;
// Old lists often give only the birth year; a number in this range is that, not a serial (it would be
// a day in 1905, and nobody on a list today was born then).
const isYearNumber = (n: number) => Number.isInteger(n) && n >= 1900 && n <= 2100;

/**
 * A date as `YYYY-MM-DD`: dd/mm/yyyy (also d/m/yyyy, and with - or . between), yyyy-mm-dd, a Date (its UTC
 * calendar day, as read-excel-file gives it) or an Excel serial number. Day before month always: that is
 * how Vietnam writes dates, and 03/04/1990 is 3 April. Refused: a day that does not exist, a year before
 * 1900 or of two digits, a year alone, and a day after `today` (`YYYY-MM-DD`).
 */
export function readDate(cell: unknown, today: string, label = FIELD_LABELS.birthDate): CellResult<string> {
  if (isBlankCell(cell)) return fail(`Thiếu ${lowerFirst(label)}`);
  const unreadable = () =>
    fail(`${label} ${shown(cell)} không đọc được: ghi theo dạng ngày/tháng/năm (dd/mm/yyyy)`);
  const yearOnly = () => fail(`${label} chỉ có năm ${shown(cell)}: cần đủ ngày, tháng, năm (dd/mm/yyyy)`);
  let iso: string | null;
  let text: string;
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return unreadable();
    iso = utcDay(cell);
    text = formatDateVi(iso);
  } else if (typeof cell === 'number') {
    if (isYearNumber(cell)) return yearOnly();
    iso = excelSerialDay(cell);
    if (iso === null) return cell === 60 ? fail(`${label} 29/02/1900 không có thật`) : unreadable();
    text = formatDateVi(iso);
  } else {
    text = cleanCellText(cell).replace(TIME_SUFFIX, '');
    if (YEAR_ONLY.test(text)) return yearOnly();
    const ymd = YMD.exec(text);
    const dmy = ymd ? null : DMY.exec(text);
    const [y, m, d] = ymd ? [ymd[1]!, ymd[2]!, ymd[3]!] : dmy ? [dmy[3]!, dmy[2]!, dmy[1]!] : [];
    if (y === undefined || m === undefined || d === undefined) return unreadable();
    if (y.length !== 4) {
      return y.length === 2 ? fail(`${label} ${text}: năm cần đủ 4 chữ số (dd/mm/yyyy)`) : unreadable();
    }
    iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  }
  if (!isRealDate(iso)) return fail(`${label} ${text} không có thật`);
  if (iso < '1900-01-01') return fail(`${label} ${text} trước năm 1900`);
  if (iso > today) return fail(`${label} ${text} sau hôm nay`);
  return ok(iso);
}

// ——— Words: gender, relation, statuses ———

/** Folded words of a cell: "Vợ/chồng" and "VO - CHONG" are both "vo chong". */
function foldedWords(cell: unknown): string {
  return fold(cellText(cell))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The same with the marks kept: "bà" (grandmother) is not "ba" (father, in the South). */
function markedWords(cell: unknown): string {
  return cleanCellText(cell)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}

function wordTable<T extends string>(words: Record<T, readonly string[]>): Map<string, T> {
  const table = new Map<string, T>();
  for (const [value, list] of Object.entries(words) as [T, readonly string[]][]) {
    for (const w of list) table.set(foldedWords(w), value);
  }
  return table;
}

const GENDER_WORDS = wordTable<Gender>({
  male: ['nam', 'nam giới', 'trai', 'm', 'male'],
  female: ['nữ', 'nữ giới', 'gái', 'f', 'female'],
});

/** Nam or Nữ, with or without marks, or M/F, male/female. */
export function readGender(cell: unknown): CellResult<Gender> {
  if (isBlankCell(cell)) return fail('Thiếu giới tính');
  const gender = GENDER_WORDS.get(foldedWords(cell));
  return gender ? ok(gender) : fail(`Giới tính ${shown(cell)} không rõ: ghi Nam hoặc Nữ`);
}

/**
 * Relations to the head as lists write them. The record knows seven (head, spouse, child, parent,
 * grandchild, sibling, other), as the volunteers' form does, so:
 * - in-laws are `other`: con dâu, con rể, bố/mẹ vợ or chồng, anh rể, chị dâu… are not the head's child,
 *   parent or sibling, and the form would not call them so either;
 * - grandparents (ông, bà, ông nội…) are `other`: `parent` is bố/mẹ (GLOSSARY.md);
 * - cháu, cháu nội, cháu ngoại are `grandchild` (cháu may also be a nephew; the glossary reads it as
 *   grandchild, and a volunteer corrects the rare nephew on the visit);
 * - uncles and aunts (cô, dì, chú, bác, cậu, thím, mợ), great-grandchildren (chắt), lodgers: `other`;
 * - "Ba" (father, in the South) and "Bà" (grandmother) are the same letters without marks, and files
 *   are often typed without marks: "ba" is refused as unclear (Bà is read, and Bố, Cha for a father).
 * The English codes are accepted too (a file written by another tool).
 */
const RELATION_WORDS: Record<Relation, readonly string[]> = {
  head: ['chủ hộ', 'chủ hộ gia đình', 'head'],
  spouse: ['vợ', 'chồng', 'vợ chồng', 'spouse'],
  child: ['con', 'con trai', 'con gái', 'con ruột', 'con đẻ', 'con nuôi', 'child'],
  parent: ['bố', 'mẹ', 'cha', 'ba', 'má', 'bố mẹ', 'cha mẹ', 'bố đẻ', 'mẹ đẻ', 'cha đẻ', 'parent'],
  grandchild: ['cháu', 'cháu nội', 'cháu ngoại', 'grandchild'],
  sibling: [
    'anh',
    'chị',
    'em',
    'anh trai',
    'chị gái',
    'em trai',
    'em gái',
    'anh ruột',
    'chị ruột',
    'em ruột',
    'anh chị em',
    'sibling',
  ],
  other: [
    'khác',
    'ông',
    'bà',
    'ông nội',
    'bà nội',
    'ông ngoại',
    'bà ngoại',
    'con dâu',
    'con rể',
    'bố vợ',
    'mẹ vợ',
    'bố chồng',
    'mẹ chồng',
    'cha vợ',
    'cha chồng',
    'anh rể',
    'chị dâu',
    'em dâu',
    'em rể',
    'chắt',
    'cô',
    'dì',
    'chú',
    'bác',
    'cậu',
    'thím',
    'mợ',
    'ở nhờ',
    'người ở nhờ',
    'other',
  ],
};

// With marks first, so "Ba" and "Bà" are told apart; then without, for files typed without marks,
// where a word that folds like another of a different relation ("ba") is refused as unclear.
const RELATION_MARKED = new Map<string, Relation>();
const RELATION_FOLDED = new Map<string, { relation: Relation | null; words: string[] }>();
for (const [relation, words] of Object.entries(RELATION_WORDS) as [Relation, readonly string[]][]) {
  for (const word of words) {
    RELATION_MARKED.set(markedWords(word), relation);
    const key = foldedWords(word);
    const seen = RELATION_FOLDED.get(key);
    if (!seen) RELATION_FOLDED.set(key, { relation, words: [word] });
    else {
      seen.words.push(word);
      if (seen.relation !== relation) seen.relation = null;
    }
  }
}

/** «Chủ hộ», «Vợ», «Con gái», «Cháu nội»… (see RELATION_WORDS); unknown or unclear words are refused. */
export function readRelation(cell: unknown): CellResult<Relation> {
  if (isBlankCell(cell)) return fail('Thiếu quan hệ với chủ hộ');
  const key = foldedWords(cell);
  const folded = RELATION_FOLDED.get(key);
  // "ba" in a file typed without marks may be "Bà" as well as "Ba": only marks can tell.
  const unclear = folded !== undefined && folded.relation === null;
  const marked = unclear && markedWords(cell) === key ? undefined : RELATION_MARKED.get(markedWords(cell));
  if (marked) return ok(marked);
  if (folded?.relation) return ok(folded.relation);
  if (folded) {
    const options = folded.words.map((w) => `«${w.charAt(0).toUpperCase()}${w.slice(1)}»`).join(' hay ');
    return fail(`Quan hệ ${shown(cell)} không rõ là ${options}: ghi có dấu`);
  }
  return fail(
    `Quan hệ ${shown(cell)} không rõ: ghi Chủ hộ, Vợ, Chồng, Con, Bố, Mẹ, Cháu, Anh, Chị, Em hoặc Khác`,
  );
}

// The statuses as the glossary and the app's own screens and exports word them, and the short forms
// lists use. A blank cell is `none`: an empty "VNeID" column means nobody has checked yet.
const CCCD_WORDS = wordTable<CccdStatus>({
  none: ['chưa có thẻ', 'chưa có', 'chưa', 'chưa cấp', 'chưa làm', 'không', 'không có', 'none'],
  applied: [
    'đã nộp hồ sơ',
    'đã nộp hồ sơ (chờ nhận thẻ)',
    'đã nộp',
    'chờ nhận thẻ',
    'chờ cấp',
    'đang làm',
    'đang chờ',
    'applied',
  ],
  issued: ['đã có thẻ', 'đã có', 'có', 'có thẻ', 'đã cấp', 'đã cấp thẻ', 'đã nhận thẻ', 'issued'],
  lost: ['mất/hỏng thẻ', 'mất thẻ', 'hỏng thẻ', 'mất', 'hỏng', 'mất hỏng', 'cần cấp lại', 'lost'],
});

const VNEID_WORDS = wordTable<VneidStatus>({
  none: ['chưa đăng ký', 'chưa có', 'chưa', 'không', 'không có', 'none'],
  level1: ['mức 1', 'đã đăng ký mức 1', 'đã kích hoạt mức 1', 'level 1', 'level1'],
  level2_pending: [
    'mức 2 đang chờ kích hoạt',
    'mức 2 chờ kích hoạt',
    'mức 2 chưa kích hoạt',
    'đang chờ kích hoạt',
    'chờ kích hoạt',
    'đã đăng ký mức 2',
    'level2_pending',
  ],
  level2_active: [
    'đã kích hoạt mức 2',
    'mức 2 đã kích hoạt',
    'mức 2',
    'đã kích hoạt',
    'level 2',
    'level2',
    'level2_active',
  ],
});

/** «Chưa có thẻ», «Đã nộp hồ sơ», «Đã có thẻ», «Mất/hỏng thẻ» and their short forms; blank is `none`. */
export function readCccdStatus(cell: unknown): CellResult<CccdStatus> {
  if (isBlankCell(cell)) return ok('none');
  const status = CCCD_WORDS.get(foldedWords(cell));
  return status
    ? ok(status)
    : fail(
        `Tình trạng thẻ CCCD ${shown(cell)} không rõ: ghi Chưa có thẻ, Đã nộp hồ sơ, Đã có thẻ hoặc Mất/hỏng thẻ`,
      );
}

/** «Chưa đăng ký», «Mức 1», «Mức 2 đang chờ kích hoạt», «Đã kích hoạt mức 2» and short forms; blank is `none`. */
export function readVneidStatus(cell: unknown): CellResult<VneidStatus> {
  if (isBlankCell(cell)) return ok('none');
  const status = VNEID_WORDS.get(foldedWords(cell));
  return status
    ? ok(status)
    : fail(
        `Tài khoản VNeID ${shown(cell)} không rõ: ghi Chưa đăng ký, Mức 1, Mức 2 đang chờ kích hoạt hoặc Đã kích hoạt mức 2`,
      );
}

// ——— Numbers: ID number, phone ———

// Separators people type between groups of digits, and the apostrophe that forces text in a spreadsheet.
const DIGIT_SEPARATORS = /[\s.\-()]+/g;
// A long number Excel has already shown in scientific notation ("1,23457E+11"): its last digits are gone.
const SCIENTIFIC = /^\d+([.,]\d+)?e\+?\d+$/i;

function digitsOf(cell: unknown): string {
  return cleanCellText(cell).replace(/^'/, '').replace(DIGIT_SEPARATORS, '');
}

/**
 * The 12-digit personal ID number, or undefined for a blank cell. Spaces and dots between groups go. A
 * number cell of 11 digits gets its leading 0 back silently: a spreadsheet that stored the number as a
 * number dropped it, since every province code begins with 0. Of 10 digits, two zeros: the codes of Hà
 * Nội, Hà Giang, Cao Bằng, Bắc Kạn and Tuyên Quang begin with 00 (a shorter number is not ours to guess).
 * The number must pass the domain's rule (id-number.ts): a known province, a birth year come by `today`,
 * which also catches most padded typos (a province code 007 does not exist).
 */
export function readIdNumber(cell: unknown, today: string): CellResult<string | undefined> {
  if (isBlankCell(cell)) return ok(undefined);
  const label = FIELD_LABELS.idNumber;
  if (typeof cell === 'number' && !Number.isSafeInteger(cell)) {
    return fail(`${label} ${shown(cell)} không phải dãy 12 chữ số`);
  }
  let digits = digitsOf(cell);
  if (SCIENTIFIC.test(digits)) {
    return fail(
      `${label} ${shown(cell)} đã bị Excel làm tròn: định dạng cột là Văn bản (Text) rồi nhập lại số`,
    );
  }
  if (typeof cell === 'number' && (digits.length === 10 || digits.length === 11))
    digits = digits.padStart(12, '0');
  // Noon in Vietnam on `today`: the same year as the records' rule takes from the clock.
  const parsed = parseIdNumber(digits, Date.parse(`${today}T12:00:00+07:00`));
  if (parsed.ok) return ok(digits);
  switch (parsed.reason) {
    case 'length':
      return fail(`${label} cần đúng 12 chữ số (ô này có ${digits.length})`);
    case 'province':
      return fail(`${label} ${digits}: ${digits.slice(0, 3)} không phải mã tỉnh (3 chữ số đầu)`);
    case 'century':
      return fail(`${label} ${digits} ghi năm sinh ${encodedBirthYear(digits)}, năm đó chưa tới`);
    default:
      return fail(`${label} ${shown(cell)} chỉ được gồm chữ số`);
  }
}

// Mobile numbers are 10 digits from 03, 05, 07, 08, 09; landlines 11 digits from 02 (since 2017–2018).
const VIETNAM_PHONE = /^(0[35789]\d{8}|02\d{9})$/;

/**
 * A Vietnamese phone number as its digits ("0912345678"), or undefined for a blank cell. "+84"/"84" in
 * front is the leading 0; a number cell lost that 0, so 9 or 10 digits from a number cell get it back.
 * The result meets the records' phone rule.
 */
export function readPhone(cell: unknown): CellResult<string | undefined> {
  if (isBlankCell(cell)) return ok(undefined);
  let digits = digitsOf(cell).replace(/^\+?84(?=\d{9,10}$)/, '0');
  if (typeof cell === 'number' && /^[1-9]\d{8,9}$/.test(digits)) digits = `0${digits}`;
  return VIETNAM_PHONE.test(digits)
    ? ok(digits)
    : fail(
        `${FIELD_LABELS.phone} ${shown(cell)} không đúng: di động có 10 chữ số bắt đầu bằng 03, 05, 07, 08, 09 (số bàn 11 chữ số, bắt đầu bằng 02)`,
      );
}

// ——— Text ———

export type TextField = 'fullName' | 'headName' | 'address' | 'householdCode' | 'note';

// The records' own rules (text.ts through FIELDS), so an imported value is one the records accept:
// cleaned (NFC, invisible characters gone), and no longer than the record allows.
const TEXT_RULES: Record<TextField, z.ZodType<string | null | undefined>> = {
  fullName: FIELDS.person.shape.fullName,
  headName: FIELDS.household.shape.headName,
  address: FIELDS.household.shape.address,
  householdCode: FIELDS.household.shape.householdCode,
  note: FIELDS.person.shape.note,
};

/**
 * Free text cleaned by the records' rule, or undefined for a blank cell (whether blank is allowed is the
 * caller's call: a name is required, a note is not). Numbers are their digits ("Mã hộ" 102 is "102").
 */
export function readText(cell: unknown, field: TextField): CellResult<string | undefined> {
  if (isBlankCell(cell)) return ok(undefined);
  const parsed = TEXT_RULES[field].safeParse(cellText(cell));
  if (parsed.success) return ok(parsed.data ?? undefined);
  const issue = parsed.error.issues[0];
  return issue?.code === 'too_big'
    ? fail(`${FIELD_LABELS[field]} dài quá ${String(issue.maximum)} ký tự`)
    : fail(`${FIELD_LABELS[field]} ${shown(cell)} có ký tự không dùng được`);
}
