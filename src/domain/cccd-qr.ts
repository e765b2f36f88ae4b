// Reading the QR code of the chip CCCD card (DESIGN.md "QR code of the chip CCCD card"). The layout is
// what community parsers report, not an official spec: every field is checked on its own, a bad field is
// left out and named in `problems`, and the rest of the card is still read. Problems are stable codes;
// cccd-qr-messages.ts words them in Vietnamese and English.
import { isRealDate } from './dates.ts';
import type { Gender } from './enums.ts';
import { fold } from './fold.ts';
import { checkIdNumber } from './id-number.ts';

export type CccdQrField =
  'idNumber' | 'oldIdNumber' | 'fullName' | 'birthDate' | 'gender' | 'address' | 'cccdIssuedOn';

/** What was read from the card; dates are `YYYY-MM-DD`, names and addresses NFC with single spaces. */
export interface CccdQrFields {
  idNumber?: string;
  oldIdNumber?: string;
  fullName?: string;
  birthDate?: string;
  gender?: Gender;
  address?: string;
  cccdIssuedOn?: string;
}

export const CCCD_QR_PROBLEM_CODES = [
  // about the whole payload (field 'payload')
  'empty',
  'binary',
  'not_cccd',
  'extra_fields',
  'nothing_usable',
  // about one field
  'missing',
  'invalid_format',
  'invalid_length',
  'province',
  'garbled',
  'invalid_date',
  'future_date',
  'before_birth',
  'id_gender_mismatch',
  'id_century_mismatch',
  'id_birth_year_mismatch',
] as const;
export type CccdQrProblemCode = (typeof CCCD_QR_PROBLEM_CODES)[number];

export interface CccdQrProblem {
  field: CccdQrField | 'payload';
  code: CccdQrProblemCode;
  /** `error`: the value is not in `fields`. `warning`: it is, but a person should look at it. */
  severity: 'error' | 'warning';
  /** Values the message quotes (digit counts, codes, years). */
  params?: Record<string, string | number>;
}

/** 7 fields with the old CMND number second, or 6 fields without it. */
export type CccdQrLayout = 'with_old_number' | 'without_old_number';

export interface CccdQrResult {
  /** An ID number, or a name together with a birth date, was read: enough to find or fill a person. */
  ok: boolean;
  layout: CccdQrLayout | null;
  fields: CccdQrFields;
  problems: CccdQrProblem[];
}

const LAYOUTS: Record<CccdQrLayout, readonly CccdQrField[]> = {
  with_old_number: ['idNumber', 'oldIdNumber', 'fullName', 'birthDate', 'gender', 'address', 'cccdIssuedOn'],
  without_old_number: ['idNumber', 'fullName', 'birthDate', 'gender', 'address', 'cccdIssuedOn'],
};

const DIGITS = /^\d+$/;
const DATE = /^\d{8}$|^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/;
// Ê Đê and Jrai names carry apostrophes (H'Hen), some names hyphens; digits or symbols mean a misread.
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u;
const HAS_LETTER = /\p{L}/u;
// C0/C1 controls never occur in a card's text; U+FFFD alone may be one misdecoded letter, so it is not here.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BINARY = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/;
const REPLACEMENT = '\uFFFD';

/** The rough shape of each field, used only to tell the two layouts apart. */
const LOOKS_LIKE: Record<CccdQrField, (s: string) => boolean> = {
  idNumber: (s) => DIGITS.test(s),
  oldIdNumber: (s) => s === '' || DIGITS.test(s),
  fullName: (s) => NAME.test(s),
  birthDate: (s) => DATE.test(s),
  gender: (s) => readGender(s) !== undefined,
  address: (s) => HAS_LETTER.test(s),
  cccdIssuedOn: (s) => DATE.test(s),
};

/** Reads the text of a CCCD card's QR code. Never throws: whatever cannot be read is in `problems`. */
export function parseCccdQr(text: string, today: string): CccdQrResult {
  const clean = typeof text === 'string' ? text.normalize('NFC').trim() : '';
  if (clean === '') return refused('empty');
  if (BINARY.test(clean)) return refused('binary');
  const parts = clean.split('|').map((p) => p.replace(/\s+/g, ' ').trim());
  // Trailing separators add empty fields that carry nothing.
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  const layout = pickLayout(parts);
  if (layout === null) return refused('not_cccd');

  const names = LAYOUTS[layout];
  const raw = (field: CccdQrField) => parts[names.indexOf(field)] ?? '';
  const found: Partial<Record<CccdQrField, Outcome>> = {
    fullName: readName(raw('fullName')),
    birthDate: readDate(raw('birthDate'), today),
    gender: readGenderField(raw('gender')),
    address: readAddress(raw('address')),
  };
  if (layout === 'with_old_number') found.oldIdNumber = readOldNumber(raw('oldIdNumber'));
  const birthDate = found.birthDate?.value;
  const issued = readDate(raw('cccdIssuedOn'), today);
  if (issued.value !== undefined && birthDate !== undefined && issued.value < birthDate) {
    issued.problems.push(dropped('before_birth'));
    delete issued.value;
  }
  found.cccdIssuedOn = issued;
  found.idNumber = readIdNumber(raw('idNumber'), birthDate, found.gender?.value as Gender | undefined, today);

  const fields: Record<string, string> = {};
  const problems: CccdQrProblem[] = [];
  for (const field of names) {
    const outcome = found[field];
    if (!outcome) continue;
    if (outcome.value !== undefined) fields[field] = outcome.value;
    for (const p of outcome.problems) problems.push({ field, ...p });
  }
  if (parts.length > names.length) {
    problems.push({
      field: 'payload',
      code: 'extra_fields',
      severity: 'warning',
      params: { count: parts.length - names.length },
    });
  }
  const ok =
    fields.idNumber !== undefined || (fields.fullName !== undefined && fields.birthDate !== undefined);
  if (!ok) problems.push({ field: 'payload', code: 'nothing_usable', severity: 'error' });
  return { ok, layout, fields: fields as CccdQrFields, problems };
}

type FieldProblem = Omit<CccdQrProblem, 'field'>;
interface Outcome {
  value?: string;
  problems: FieldProblem[];
}

function refused(code: CccdQrProblemCode): CccdQrResult {
  return { ok: false, layout: null, fields: {}, problems: [{ field: 'payload', code, severity: 'error' }] };
}

const dropped = (code: CccdQrProblemCode, params?: FieldProblem['params']): FieldProblem =>
  params ? { code, severity: 'error', params } : { code, severity: 'error' };
const missing = (): Outcome => ({ problems: [dropped('missing')] });

/**
 * The layout whose field shapes the parts fit best. The second field decides a tie: digits or nothing
 * is an old CMND number, anything else is a name. Fewer than two fitting fields is not a card.
 */
function pickLayout(parts: readonly string[]): CccdQrLayout | null {
  const score = (layout: CccdQrLayout) =>
    LAYOUTS[layout].filter((field, i) => i < parts.length && LOOKS_LIKE[field](parts[i]!)).length;
  const withOld = score('with_old_number');
  const withoutOld = score('without_old_number');
  if (parts.length < 2 || Math.max(withOld, withoutOld) < 2) return null;
  if (withOld !== withoutOld) return withOld > withoutOld ? 'with_old_number' : 'without_old_number';
  return LOOKS_LIKE.oldIdNumber(parts[1]!) ? 'with_old_number' : 'without_old_number';
}

function readIdNumber(
  raw: string,
  birthDate: string | undefined,
  gender: Gender | undefined,
  today: string,
): Outcome {
  if (raw === '') return missing();
  // The same day as the dates' check: noon of `today` in Vietnam, not the phone's clock.
  const now = Date.parse(`${today}T12:00:00+07:00`);
  const checked = checkIdNumber(raw, { birthDate: birthDate ?? null, gender: gender ?? null }, now);
  if (!checked.ok) {
    const digits = raw.replace(/[\s.-]+/g, '');
    switch (checked.reason) {
      case 'length':
        return { problems: [dropped('invalid_length', { digits: digits.length, expected: 12 })] };
      case 'province':
        return { problems: [dropped('province', { code: digits.slice(0, 3) })] };
      default:
        return { problems: [dropped('invalid_format')] };
    }
  }
  const { info } = checked;
  const problems: FieldProblem[] = checked.mismatches.map((m) => {
    if (m === 'gender') return { code: 'id_gender_mismatch', severity: 'warning' };
    if (m === 'century') return { code: 'id_century_mismatch', severity: 'warning' };
    const year = birthDate!.slice(0, 4);
    return {
      code: 'id_birth_year_mismatch',
      severity: 'warning',
      params: { digits: info.birthYearDigits, year },
    };
  });
  return { value: raw.replace(/[\s.-]+/g, ''), problems };
}

function readOldNumber(raw: string): Outcome {
  // An empty old number is normal: the person never had a CMND, or the card leaves it out.
  if (raw === '') return { problems: [] };
  if (!DIGITS.test(raw)) return { problems: [dropped('invalid_format')] };
  // A CMND has 9 digits; the CMND issued from 2012 to 2016 has 12.
  if (raw.length !== 9 && raw.length !== 12) {
    return { problems: [dropped('invalid_length', { digits: raw.length, expected: '9/12' })] };
  }
  return { value: raw, problems: [] };
}

function readName(raw: string): Outcome {
  if (raw === '') return missing();
  if (raw.includes(REPLACEMENT)) return { problems: [dropped('garbled')] };
  if (!NAME.test(raw) || raw.length > 100) return { problems: [dropped('invalid_format')] };
  return { value: raw, problems: [] };
}

function readAddress(raw: string): Outcome {
  if (raw === '') return missing();
  if (raw.includes(REPLACEMENT)) return { problems: [dropped('garbled')] };
  if (!HAS_LETTER.test(raw)) return { problems: [dropped('invalid_format')] };
  return { value: raw, problems: [] };
}

function readGender(raw: string): Gender | undefined {
  const folded = fold(raw);
  if (folded === 'nam') return 'male';
  if (folded === 'nu') return 'female';
  return undefined;
}

function readGenderField(raw: string): Outcome {
  if (raw === '') return missing();
  const gender = readGender(raw);
  return gender ? { value: gender, problems: [] } : { problems: [dropped('invalid_format')] };
}

/** `ddmmyyyy` as the card writes it (or `dd/mm/yyyy`), which must be a real day and not after `today`. */
function readDate(raw: string, today: string): Outcome {
  if (raw === '') return missing();
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(raw) ?? /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(raw);
  if (!m) return { problems: [dropped('invalid_format')] };
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  // Before 1900 no ID number has a century digit for it (0/1 is the 1900s): a misread, not a person.
  if (!isRealDate(iso) || iso < '1900-01-01') return { problems: [dropped('invalid_date')] };
  if (iso > today) return { problems: [dropped('future_date')] };
  return { value: iso, problems: [] };
}
