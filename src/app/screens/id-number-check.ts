// What the typed ID number says, checked as it is typed: wrong length or province at once, then a
// mismatch with the birth date or gender (a data-cleaning case) and a duplicate on this phone.
import { PROVINCES, checkIdNumber, type IdMismatch, type IdNumberInfo } from '../../domain/id-number.ts';
import type { Gender } from '../../domain/records.ts';
import type { Messages } from '../i18n/vi.ts';

export type IdReading =
  | { kind: 'empty' }
  /** Still typing: fewer than 12 digits, nothing wrong yet. */
  | { kind: 'partial'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'ok'; digits: string; info: IdNumberInfo; mismatches: IdMismatch[] };

/** The digits of an ID number as typed in groups ("001 099 012345", "001.099.012345"). */
export function idDigits(text: string): string {
  return text.replace(/[\s.-]+/g, '');
}

export function readIdNumber(
  t: Messages,
  text: string,
  record: { birthDate: string | null; gender: Gender | null },
): IdReading {
  const digits = idDigits(text);
  if (digits === '') return { kind: 'empty' };
  if (!/^\d+$/.test(digits)) return { kind: 'error', message: t.idCheck.notDigits };
  // The province is known from the third digit: say so before the other nine are typed.
  if (digits.length >= 3 && !PROVINCES.has(digits.slice(0, 3))) {
    return { kind: 'error', message: t.idCheck.province(digits.slice(0, 3)) };
  }
  if (digits.length < 12) return { kind: 'partial', message: t.idCheck.length(digits.length) };
  if (digits.length > 12) return { kind: 'error', message: t.idCheck.length(digits.length) };
  const checked = checkIdNumber(digits, record);
  if (!checked.ok) return { kind: 'error', message: t.idCheck.length(digits.length) };
  return { kind: 'ok', digits, info: checked.info, mismatches: checked.mismatches };
}

/** Each disagreement in words, in the catalogue `t` (the app writes task notes in Vietnamese). */
export function mismatchTexts(
  t: Messages,
  reading: Extract<IdReading, { kind: 'ok' }>,
  record: { birthDate: string | null; gender: Gender | null },
): string[] {
  const year = record.birthDate?.slice(0, 4) ?? '';
  return reading.mismatches.map((m) => {
    switch (m) {
      case 'gender':
        return t.idCheck.mismatchGender(
          t.gender[reading.info.gender],
          record.gender ? t.gender[record.gender] : '',
        );
      case 'century':
        return t.idCheck.mismatchCentury(reading.info.birthYearFrom, reading.info.birthYearTo, year);
      case 'birth_year':
        return t.idCheck.mismatchYear(reading.info.birthYearDigits, year);
    }
  });
}
