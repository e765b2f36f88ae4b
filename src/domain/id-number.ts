// Reading the 12-digit personal ID number (số định danh cá nhân) and checking it against a person's record.
import { isoDateInVietnam } from './dates.ts';

/**
 * Province codes of birth registration (Circular 59/2021/TT-BCA, Annex I). An ID number keeps the code of
 * the province where the birth was registered for life, so these are the 63 provinces that existed when
 * the numbers were issued, not the merged provinces of 1 July 2025 ([R7]).
 */
export const PROVINCES: ReadonlyMap<string, string> = new Map([
  ['001', 'Hà Nội'],
  ['002', 'Hà Giang'],
  ['004', 'Cao Bằng'],
  ['006', 'Bắc Kạn'],
  ['008', 'Tuyên Quang'],
  ['010', 'Lào Cai'],
  ['011', 'Điện Biên'],
  ['012', 'Lai Châu'],
  ['014', 'Sơn La'],
  ['015', 'Yên Bái'],
  ['017', 'Hòa Bình'],
  ['019', 'Thái Nguyên'],
  ['020', 'Lạng Sơn'],
  ['022', 'Quảng Ninh'],
  ['024', 'Bắc Giang'],
  ['025', 'Phú Thọ'],
  ['026', 'Vĩnh Phúc'],
  ['027', 'Bắc Ninh'],
  ['030', 'Hải Dương'],
  ['031', 'Hải Phòng'],
  ['033', 'Hưng Yên'],
  ['034', 'Thái Bình'],
  ['035', 'Hà Nam'],
  ['036', 'Nam Định'],
  ['037', 'Ninh Bình'],
  ['038', 'Thanh Hóa'],
  ['040', 'Nghệ An'],
  ['042', 'Hà Tĩnh'],
  ['044', 'Quảng Bình'],
  ['045', 'Quảng Trị'],
  ['046', 'Thừa Thiên Huế'],
  ['048', 'Đà Nẵng'],
  ['049', 'Quảng Nam'],
  ['051', 'Quảng Ngãi'],
  ['052', 'Bình Định'],
  ['054', 'Phú Yên'],
  ['056', 'Khánh Hòa'],
  ['058', 'Ninh Thuận'],
  ['060', 'Bình Thuận'],
  ['062', 'Kon Tum'],
  ['064', 'Gia Lai'],
  ['066', 'Đắk Lắk'],
  ['067', 'Đắk Nông'],
  ['068', 'Lâm Đồng'],
  ['070', 'Bình Phước'],
  ['072', 'Tây Ninh'],
  ['074', 'Bình Dương'],
  ['075', 'Đồng Nai'],
  ['077', 'Bà Rịa - Vũng Tàu'],
  ['079', 'Hồ Chí Minh'],
  ['080', 'Long An'],
  ['082', 'Tiền Giang'],
  ['083', 'Bến Tre'],
  ['084', 'Trà Vinh'],
  ['086', 'Vĩnh Long'],
  ['087', 'Đồng Tháp'],
  ['089', 'An Giang'],
  ['091', 'Kiên Giang'],
  ['092', 'Cần Thơ'],
  ['093', 'Hậu Giang'],
  ['094', 'Sóc Trăng'],
  ['095', 'Bạc Liêu'],
  ['096', 'Cà Mau'],
]);

export type IdGender = 'male' | 'female';

export interface IdNumberInfo {
  provinceCode: string;
  provinceName: string;
  gender: IdGender;
  /** First year of the century the fourth digit stands for (1900, 2000, 2100, 2200 or 2300). */
  birthYearFrom: number;
  /** Last year of that century (birthYearFrom + 99). */
  birthYearTo: number;
  /** Digits 5–6: the last two digits of the birth year. */
  birthYearDigits: string;
  /** The birth year the number encodes: century start + the two digits. */
  birthYear: number;
}

/**
 * Why a number cannot be read: `province` is a code not in the list, `century` a birth year that has
 * not come yet (the fourth digit's century, or the year with digits 5–6, is after this year).
 */
export type IdParseFailure = 'empty' | 'not_digits' | 'length' | 'province' | 'century';
export type IdParseResult = { ok: true; info: IdNumberInfo } | { ok: false; reason: IdParseFailure };

/**
 * Century start by the fourth digit, even = male, odd = female (Circular 59/2021/TT-BCA Art. 7): 0/1 the
 * 1900s, 2/3 the 2000s, 4/5 the 2100s, 6/7 the 2200s, 8/9 the 2300s.
 */
const CENTURY_BY_DIGIT = [1900, 1900, 2000, 2000, 2100, 2100, 2200, 2200, 2300, 2300] as const;

// People type the number in groups ("001 099 012345", "001.099.012345"): the separators carry nothing.
const SEPARATORS = /[\s.-]+/g;

/** The same day of slack as records.ts's pastOrTodayDate, for a phone whose clock is a little off. */
const CLOCK_SLACK_MS = 86_400_000;

/** The latest birth year an ID number can encode at `now` (ms): this year in Vietnam. */
export function latestBirthYear(now: number = Date.now()): number {
  return Number(isoDateInVietnam(now + CLOCK_SLACK_MS).slice(0, 4));
}

/**
 * The birth year that the first digits of an ID number (separators removed) encode: the fourth digit's
 * century start, plus digits 5–6 once both are there. Null before the fourth digit.
 */
export function encodedBirthYear(digits: string): number | null {
  const from = digits.length >= 4 ? CENTURY_BY_DIGIT[Number(digits[3])] : undefined;
  if (from === undefined) return null;
  return digits.length >= 6 && /^\d\d$/.test(digits.slice(4, 6)) ? from + Number(digits.slice(4, 6)) : from;
}

/**
 * Whether the first digits of an ID number can still be a person born by `now`: from the fourth digit,
 * its century must have begun; from the sixth, the encoded year must have come. Today that refuses 4–9
 * at once, and 2/3 with a year after this one.
 */
export function birthYearPossible(digits: string, now: number = Date.now()): boolean {
  const year = encodedBirthYear(digits);
  return year === null || year <= latestBirthYear(now);
}

/**
 * [R7] Reads an ID number as typed by a person. Never throws: a number that cannot be read is a value.
 * `now` (ms, the clock by default) decides which birth years have come.
 */
export function parseIdNumber(input: string, now: number = Date.now()): IdParseResult {
  if (typeof input !== 'string') return { ok: false, reason: 'empty' };
  const digits = input.replace(SEPARATORS, '');
  if (digits === '') return { ok: false, reason: 'empty' };
  if (!/^\d+$/.test(digits)) return { ok: false, reason: 'not_digits' };
  if (digits.length !== 12) return { ok: false, reason: 'length' };
  const provinceCode = digits.slice(0, 3);
  const provinceName = PROVINCES.get(provinceCode);
  if (provinceName === undefined) return { ok: false, reason: 'province' };
  if (!birthYearPossible(digits, now)) return { ok: false, reason: 'century' };
  const genderDigit = Number(digits[3]);
  const birthYearFrom = CENTURY_BY_DIGIT[genderDigit]!;
  const birthYearDigits = digits.slice(4, 6);
  return {
    ok: true,
    info: {
      provinceCode,
      provinceName,
      gender: genderDigit % 2 === 0 ? 'male' : 'female',
      birthYearFrom,
      birthYearTo: birthYearFrom + 99,
      birthYearDigits,
      birthYear: birthYearFrom + Number(birthYearDigits),
    },
  };
}

export type IdMismatch = 'gender' | 'century' | 'birth_year';
export type IdCheckResult =
  { ok: true; info: IdNumberInfo; mismatches: IdMismatch[] } | { ok: false; reason: IdParseFailure };

/**
 * Reads an ID number and lists where it disagrees with the person's recorded birth date and gender: each
 * disagreement is a data-cleaning case (a typo in the number or in the record). A field the record
 * does not have is not compared. The century and the two year digits are reported separately because
 * they point at different typos (a wrong fourth digit vs wrong fifth/sixth digits). A number that
 * cannot be anyone's (an unknown province, a birth year still to come) is a failure, not a mismatch.
 */
export function checkIdNumber(
  id: string,
  person: { birthDate?: string | null; gender?: IdGender | null },
  now: number = Date.now(),
): IdCheckResult {
  const parsed = parseIdNumber(id, now);
  if (!parsed.ok) return parsed;
  const { info } = parsed;
  const mismatches: IdMismatch[] = [];
  if (person.gender && person.gender !== info.gender) mismatches.push('gender');
  const yearText = /^(\d{4})-/.exec(person.birthDate ?? '')?.[1];
  if (yearText !== undefined) {
    const year = Number(yearText);
    if (year < info.birthYearFrom || year > info.birthYearTo) mismatches.push('century');
    if (yearText.slice(2) !== info.birthYearDigits) mismatches.push('birth_year');
  }
  return { ok: true, info, mismatches };
}

/**
 * The first 6 digits of the ID number of a person registered at birth in `provinceCode`. Meant for code
 * that builds numbers (test data), so a bad argument is a programming error and throws a RangeError.
 * Any year of the table's centuries (1900–2399) is built: whether it has come is parseIdNumber's call.
 */
export function idNumberPrefix(provinceCode: string, gender: IdGender, birthYear: number): string {
  if (!PROVINCES.has(provinceCode)) throw new RangeError(`unknown province code ${provinceCode}`);
  if (!Number.isInteger(birthYear) || birthYear < 1900 || birthYear > 2399) {
    throw new RangeError(`birth year ${birthYear} has no century digit`);
  }
  const centuryStart = Math.floor(birthYear / 100) * 100;
  const maleDigit = CENTURY_BY_DIGIT.indexOf(centuryStart as (typeof CENTURY_BY_DIGIT)[number]);
  const digit = maleDigit + (gender === 'female' ? 1 : 0);
  return `${provinceCode}${digit}${String(birthYear % 100).padStart(2, '0')}`;
}
