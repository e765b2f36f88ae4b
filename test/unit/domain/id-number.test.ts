// Tests of reading the 12-digit personal ID number and checking it against a person's record.
import { describe, it, expect, vi } from 'vitest';
import { setClock } from '../../support/clock.ts';
import {
  PROVINCES,
  birthYearPossible,
  checkIdNumber,
  encodedBirthYear,
  idNumberPrefix,
  latestBirthYear,
  parseIdNumber,
} from '../../../src/domain/id-number.ts';
import type { IdMismatch } from '../../../src/domain/id-number.ts';

// Fixed "now"s for the century rule (a birth year still to come cannot be right): mid-2026 and 2031.
const IN_2026 = Date.parse('2026-06-15T00:00:00+07:00');
const IN_2031 = Date.parse('2031-03-01T00:00:00+07:00');

describe('PROVINCES', () => {
  it('lists the 63 province codes of Circular 59/2021, each 3 digits between 001 and 096', () => {
    expect(PROVINCES.size).toBe(63);
    for (const code of PROVINCES.keys()) {
      expect(code).toMatch(/^\d{3}$/);
      expect(Number(code)).toBeGreaterThanOrEqual(1);
      expect(Number(code)).toBeLessThanOrEqual(96);
    }
  });

  it.each([
    ['001', 'Hà Nội'],
    ['031', 'Hải Phòng'],
    ['046', 'Thừa Thiên Huế'],
    ['079', 'Hồ Chí Minh'],
    ['096', 'Cà Mau'],
  ])('code %s is %s', (code, name) => {
    expect(PROVINCES.get(code)).toBe(name);
  });
});

describe('parseIdNumber', () => {
  it('reads province, gender, century and birth year from a valid number', () => {
    expect(parseIdNumber('079305000123')).toEqual({
      ok: true,
      info: {
        provinceCode: '079',
        provinceName: 'Hồ Chí Minh',
        gender: 'female',
        birthYearFrom: 2000,
        birthYearTo: 2099,
        birthYearDigits: '05',
        birthYear: 2005,
      },
    });
  });

  // Circular 59/2021/TT-BCA Art. 7. Read at a "now" in 2400, when every century of the table has begun.
  const IN_2400 = Date.parse('2400-06-01T00:00:00Z');
  it.each([
    { digit: 0, gender: 'male', from: 1900, year: 1999 },
    { digit: 1, gender: 'female', from: 1900, year: 1999 },
    { digit: 2, gender: 'male', from: 2000, year: 2099 },
    { digit: 3, gender: 'female', from: 2000, year: 2099 },
    { digit: 4, gender: 'male', from: 2100, year: 2199 },
    { digit: 5, gender: 'female', from: 2100, year: 2199 },
    { digit: 6, gender: 'male', from: 2200, year: 2299 },
    { digit: 7, gender: 'female', from: 2200, year: 2299 },
    { digit: 8, gender: 'male', from: 2300, year: 2399 },
    { digit: 9, gender: 'female', from: 2300, year: 2399 },
  ])('fourth digit $digit means $gender born $from–$year', ({ digit, gender, from, year }) => {
    const r = parseIdNumber(`001${digit}99012345`, IN_2400);
    if (!r.ok) throw new Error(r.reason);
    expect(r.info.gender).toBe(gender);
    expect(r.info.birthYearFrom).toBe(from);
    expect(r.info.birthYearTo).toBe(from + 99);
    expect(r.info.birthYear).toBe(year);
  });

  it('reads every listed province code', () => {
    for (const [code, name] of PROVINCES) {
      const r = parseIdNumber(`${code}099012345`);
      expect(r.ok && r.info.provinceName).toBe(name);
    }
  });

  it.each([
    ['surrounding spaces', '  001099012345 '],
    ['groups separated by spaces', '001 099 012345'],
    ['groups separated by dots', '001.099.012345'],
    ['a tab and spaces', '001\t099  012 345'],
  ])('accepts %s', (_label, input) => {
    const r = parseIdNumber(input);
    expect(r.ok && r.info.birthYear).toBe(1999);
  });

  it.each([
    ['an empty string', '', 'empty'],
    ['only spaces', '   ', 'empty'],
    ['a letter among the digits', '00109901234a', 'not_digits'],
    ['a letter O for a zero', '0010990123O5', 'not_digits'],
    ['a word', 'không có', 'not_digits'],
    ['11 digits', '00109901234', 'length'],
    ['13 digits', '0010990123456', 'length'],
    ['9 digits (an old CMND number)', '012345678', 'length'],
    ['province 000, never assigned', '000099012345', 'province'],
    ['province 003, a gap in the list', '003099012345', 'province'],
    ['province 097, after Cà Mau', '097099012345', 'province'],
    ['province 099, the one typed most often by mistake', '099099012345', 'province'],
  ])('refuses %s with reason %s', (_label, input, reason) => {
    expect(parseIdNumber(input)).toEqual({ ok: false, reason });
  });

  it('returns a failure instead of throwing when given a non-string at run time', () => {
    expect(parseIdNumber(undefined as unknown as string)).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('checkIdNumber', () => {
  it.each<{
    rule: string;
    id: string;
    birthDate?: string | null;
    gender?: 'male' | 'female' | null;
    want: IdMismatch[];
  }>([
    {
      rule: 'agrees with a man born 1999',
      id: '001099012345',
      birthDate: '1999-05-01',
      gender: 'male',
      want: [],
    },
    {
      rule: 'agrees with a woman born 2005',
      id: '079305000123',
      birthDate: '2005-01-01',
      gender: 'female',
      want: [],
    },
    {
      rule: 'agrees with a woman born 2024 (digit 3)',
      id: '001324012345',
      birthDate: '2024-12-31',
      gender: 'female',
      want: [],
    },
    {
      rule: 'gender: digit says male, record says female',
      id: '001099012345',
      birthDate: '1999-05-01',
      gender: 'female',
      want: ['gender'],
    },
    {
      rule: 'gender: digit says female, record says male',
      id: '079305000123',
      birthDate: '2005-01-01',
      gender: 'male',
      want: ['gender'],
    },
    {
      rule: 'century: digit 0 (1900s) for someone born 2005',
      id: '001005012345',
      birthDate: '2005-03-02',
      gender: 'male',
      want: ['century'],
    },
    {
      rule: 'century: digit 2 (2000s) for someone born 1905',
      id: '001205012345',
      birthDate: '1905-03-02',
      gender: 'male',
      want: ['century'],
    },
    {
      rule: 'century and year digits both wrong',
      id: '001099012345',
      birthDate: '2005-03-02',
      gender: 'male',
      want: ['century', 'birth_year'],
    },
    {
      rule: 'birth_year: digits 98 for someone born 1999',
      id: '001098012345',
      birthDate: '1999-05-01',
      gender: 'male',
      want: ['birth_year'],
    },
    {
      rule: 'all three wrong',
      id: '001098012345',
      birthDate: '2005-05-01',
      gender: 'female',
      want: ['gender', 'century', 'birth_year'],
    },
    { rule: 'nothing compared when the record has no birth date or gender', id: '001098012345', want: [] },
    {
      rule: 'nothing compared when they are null',
      id: '001098012345',
      birthDate: null,
      gender: null,
      want: [],
    },
    {
      rule: 'only gender compared without a birth date',
      id: '001098012345',
      gender: 'female',
      want: ['gender'],
    },
  ])('$rule', ({ id, birthDate, gender, want }) => {
    const r = checkIdNumber(id, { birthDate, gender });
    expect(r.ok && r.mismatches).toEqual(want);
  });

  it('checks at the "now" it is given: a number of 2030 reads in 2031, with its mismatches', () => {
    const r = checkIdNumber('001230012345', { birthDate: '2003-01-01', gender: 'male' }, IN_2031);
    expect(r.ok && r.mismatches).toEqual(['birth_year']);
    expect(checkIdNumber('001230012345', { birthDate: '2030-01-01' }, IN_2026)).toEqual({
      ok: false,
      reason: 'century',
    });
  });

  it('passes on why a number cannot be read', () => {
    expect(checkIdNumber('003099012345', { birthDate: '1999-01-01', gender: 'male' })).toEqual({
      ok: false,
      reason: 'province',
    });
    expect(checkIdNumber('00109901234', {})).toEqual({ ok: false, reason: 'length' });
  });

  it('reads a spaced number before checking it', () => {
    const r = checkIdNumber(' 001 099 012345 ', { birthDate: '1999-01-01', gender: 'male' });
    expect(r.ok && r.mismatches).toEqual([]);
  });
});

describe('idNumberPrefix', () => {
  it.each([
    ['001', 'male', 1999, '001099'],
    ['001', 'female', 1900, '001100'],
    ['079', 'female', 2005, '079305'],
    ['001', 'male', 2000, '001200'],
    ['048', 'male', 2100, '048400'],
    ['048', 'female', 2299, '048799'],
    ['001', 'male', 2300, '001800'],
    ['096', 'female', 2399, '096999'],
  ] as const)('province %s, %s born %i → %s', (code, gender, year, want) => {
    expect(idNumberPrefix(code, gender, year)).toBe(want);
  });

  it.each([
    ['male', 1950],
    ['female', 1950],
    ['male', 2024],
    ['female', 2009],
    ['male', 1900],
  ] as const)('a number built for a %s born %i reads back the same gender and year', (gender, year) => {
    const r = checkIdNumber(`${idNumberPrefix('036', gender, year)}123456`, {
      birthDate: `${year}-07-01`,
      gender,
    });
    expect(r.ok && r.mismatches).toEqual([]);
    expect(r.ok && r.info.birthYear).toBe(year);
  });

  it.each([
    ['an unknown province', '003', 1999],
    ['a year before 1900 (8/9 is the 2300s, not the 1800s)', '001', 1899],
    ['a year after 2399', '001', 2400],
    ['a fractional year', '001', 1999.5],
  ] as const)('throws a RangeError for %s', (_label, code, year) => {
    expect(() => idNumberPrefix(code, 'male', year)).toThrow(RangeError);
  });
});

describe('a birth year still to come cannot be right (the century rule)', () => {
  it.each([
    ['4th digit 4 (2100s), already at the 4th digit', '0014', false],
    ['4th digit 5 (2100s)', '0015', false],
    ['4th digit 6 (2200s)', '0016', false],
    ['4th digit 7 (2200s)', '0017', false],
    ['4th digit 8 (2300s, not the 1800s)', '0018', false],
    ['4th digit 9 (2300s)', '0019', false],
    ['4th digit 2, year 2026 (this year)', '001226', true],
    ['4th digit 3, year 2027 (next year), known at the 6th digit', '001327', false],
    ['4th digit 2, year 2090 (a swapped 09)', '001290', false],
    ['4th digit 2 before the year is typed', '0012', true],
    ['4th digit 2 with one year digit', '00129', true],
    ['4th digit 0 (1900s), any year', '001099', true],
    ['4th digit 1 (1900s)', '001100', true],
    ['only 3 digits: nothing to say yet', '001', true],
  ])('%s: possible = %s', (_label, digits, possible) => {
    expect(birthYearPossible(digits, IN_2026)).toBe(possible);
  });

  it.each([
    ['4th digit 4 (born 2105)', '001405012345'],
    ['4th digit 8 (born 2305)', '001805012345'],
    ['4th digit 9 (born 2399)', '001999012345'],
    ['4th digit 2, born 2090', '001290012345'],
    ['4th digit 3, born 2027', '001327012345'],
  ])('parseIdNumber refuses %s with reason century', (_label, id) => {
    expect(parseIdNumber(id, IN_2026)).toEqual({ ok: false, reason: 'century' });
  });

  it('reads a number of this year, and the same number once its year has come', () => {
    expect(parseIdNumber('001226012345', IN_2026).ok).toBe(true);
    expect(parseIdNumber('001330012345', IN_2026)).toEqual({ ok: false, reason: 'century' });
    expect(parseIdNumber('001330012345', IN_2031).ok).toBe(true);
  });

  it('gives a phone whose clock is a day behind the new year in Vietnam its slack', () => {
    // 31 December 2026, 10:00 in Vietnam: with one day of slack the year 2027 has come.
    const newYearsEve = Date.parse('2026-12-31T10:00:00+07:00');
    expect(latestBirthYear(newYearsEve)).toBe(2027);
    expect(parseIdNumber('001327012345', newYearsEve).ok).toBe(true);
    expect(latestBirthYear(Date.parse('2026-12-30T10:00:00+07:00'))).toBe(2026);
  });

  it('uses the clock when no "now" is given', () => {
    // The clock set to mid-2026, then to 2031: the answers follow it (with the real clock, "born 2099"
    // would read as possible from 2099 on, and the test could not tell the clock from a default).
    try {
      setClock('2026-06-15T10:00:00+07:00');
      expect(latestBirthYear()).toBe(2026);
      expect(parseIdNumber('001499012345')).toEqual({ ok: false, reason: 'century' });
      expect(parseIdNumber('001299012345')).toEqual({ ok: false, reason: 'century' });
      expect(parseIdNumber('001330012345')).toEqual({ ok: false, reason: 'century' });
      expect(parseIdNumber('001200012345').ok).toBe(true);
      setClock('2031-03-01T10:00:00+07:00');
      expect(latestBirthYear()).toBe(2031);
      expect(parseIdNumber('001330012345').ok).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('encodes the year from the 4th digit on: century start, then the two year digits', () => {
    expect(encodedBirthYear('001')).toBeNull();
    expect(encodedBirthYear('0012')).toBe(2000);
    expect(encodedBirthYear('00129')).toBe(2000);
    expect(encodedBirthYear('001290')).toBe(2090);
    expect(encodedBirthYear('001890012345')).toBe(2390);
  });
});
