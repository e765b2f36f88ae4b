// What the typed ID number says, checked as it is typed: wrong length, province or century at once, then
// a mismatch with the birth date or gender (a data-cleaning case) and a duplicate on this phone. Whatever
// this shows as an error, the domain schema (records.ts) refuses too, on the phone and on the server.
import {
  PROVINCES,
  checkIdNumber,
  encodedBirthYear,
  latestBirthYear,
  type IdMismatch,
  type IdNumberInfo,
  type IdParseFailure,
} from '../../domain/id-number.ts';
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

/**
 * Reads the typed number. `now` (ms, the clock by default) decides which birth years have come: the same
 * default as the schema's, so that the form and the save agree.
 */
export function readIdNumber(
  t: Messages,
  text: string,
  record: { birthDate: string | null; gender: Gender | null },
  now: number = Date.now(),
): IdReading {
  const digits = idDigits(text);
  if (digits === '') return { kind: 'empty' };
  const failure = earlyFailure(digits, now);
  if (failure) return { kind: 'error', message: failureText(t, failure, digits, now) };
  if (digits.length < 12) return { kind: 'partial', message: t.idCheck.length(digits.length) };
  const checked = checkIdNumber(digits, record, now);
  if (!checked.ok) return { kind: 'error', message: failureText(t, checked.reason, digits, now) };
  return { kind: 'ok', digits, info: checked.info, mismatches: checked.mismatches };
}

/** What is already wrong with the digits typed so far, before all 12 are there. */
function earlyFailure(digits: string, now: number): IdParseFailure | null {
  if (!/^\d+$/.test(digits)) return 'not_digits';
  // The province is known from the third digit: say so before the other nine are typed.
  if (digits.length >= 3 && !PROVINCES.has(digits.slice(0, 3))) return 'province';
  // The century from the fourth digit, the birth year from the sixth: a year still to come is a typo.
  const year = encodedBirthYear(digits);
  if (year !== null && year > latestBirthYear(now)) return 'century';
  if (digits.length > 12) return 'length';
  return null;
}

function failureText(t: Messages, failure: IdParseFailure, digits: string, now: number): string {
  switch (failure) {
    case 'empty':
    case 'length':
      return t.idCheck.length(digits.length);
    case 'not_digits':
      return t.idCheck.notDigits;
    case 'province':
      return t.idCheck.province(digits.slice(0, 3));
    case 'century': {
      // A century not begun yet (4–9 today) is the fourth digit's fault; a year to come, digits 4–6's.
      const centuryStart = encodedBirthYear(digits.slice(0, 4)) ?? 0;
      return centuryStart > latestBirthYear(now)
        ? t.idCheck.century(digits.charAt(3))
        : t.idCheck.futureYear(encodedBirthYear(digits) ?? centuryStart);
    }
  }
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
