// Tests of the calendar-date helpers: Vietnam's date, ages, 29 February, dd/mm/yyyy.
import { describe, it, expect } from 'vitest';
import {
  addYears,
  ageOn,
  formatDateVi,
  isRealDate,
  isoDateInVietnam,
  parseDateVi,
} from '../../../src/domain/dates.ts';

describe('isoDateInVietnam', () => {
  it.each([
    [
      '16:59:59.999 UTC is still the same day in Vietnam',
      Date.UTC(2024, 0, 1, 16, 59, 59, 999),
      '2024-01-01',
    ],
    ['17:00 UTC is midnight, the next day, in Vietnam', Date.UTC(2024, 0, 1, 17, 0, 0), '2024-01-02'],
    ['New Year comes at 17:00 UTC on 31 December', Date.UTC(2024, 11, 31, 17, 0, 0), '2025-01-01'],
    ['just before that it is still 31 December', Date.UTC(2024, 11, 31, 16, 59, 59), '2024-12-31'],
    ['00:30 UTC is the same day (07:30 in Vietnam)', Date.UTC(2024, 5, 15, 0, 30), '2024-06-15'],
    [
      'the offset stays +7 in (European) summer: no daylight saving',
      Date.UTC(2024, 6, 1, 17, 0),
      '2024-07-02',
    ],
  ])('%s', (_rule, ms, want) => {
    expect(isoDateInVietnam(ms)).toBe(want);
  });
});

describe('addYears', () => {
  it.each([
    ['29 Feb + 1 year is 1 March of a common year', '2000-02-29', 1, '2001-03-01'],
    ['29 Feb + 4 years is 29 Feb of a leap year', '2000-02-29', 4, '2004-02-29'],
    ['29 Feb + 100 years: 2100 is not a leap year', '2000-02-29', 100, '2100-03-01'],
    ['29 Feb − 2 years is 1 March', '2000-02-29', -2, '1998-03-01'],
    ['an ordinary date keeps its day and month', '2011-06-15', 14, '2025-06-15'],
    ['28 Feb stays 28 Feb', '2001-02-28', 3, '2004-02-28'],
  ])('%s', (_rule, iso, years, want) => {
    expect(addYears(iso, years)).toBe(want);
  });
});

describe('ageOn', () => {
  it.each([
    ['the day before the birthday: not yet', '2011-06-15', '2025-06-14', 13],
    ['on the birthday: one more year', '2011-06-15', '2025-06-15', 14],
    ['the day after the birthday', '2011-06-15', '2025-06-16', 14],
    ['born 29 Feb, on 28 Feb of a common year: not yet', '2000-02-29', '2001-02-28', 0],
    ['born 29 Feb, on 1 March of a common year', '2000-02-29', '2001-03-01', 1],
    ['born 29 Feb, on 29 Feb of a leap year', '2000-02-29', '2004-02-29', 4],
    ['on the day of birth', '2024-05-05', '2024-05-05', 0],
    ['across a year end', '1999-12-31', '2000-01-01', 0],
  ])('%s', (_rule, birth, today, want) => {
    expect(ageOn(birth, today)).toBe(want);
  });
});

describe('isRealDate', () => {
  it.each([
    ['29 Feb of a leap year', '2024-02-29', true],
    ['29 Feb of a common year', '2023-02-29', false],
    ['29 Feb 1900 (century, not leap)', '1900-02-29', false],
    ['29 Feb 2000 (divisible by 400, leap)', '2000-02-29', true],
    ['31 April', '2024-04-31', false],
    ['31 December', '2024-12-31', true],
    ['month 13', '2024-13-01', false],
    ['month 00', '2024-00-10', false],
    ['day 00', '2024-01-00', false],
    ['a month without its leading zero', '2024-1-01', false],
    ['dd/mm/yyyy', '01/01/2024', false],
    ['trailing text', '2024-01-01T00:00', false],
  ])('%s → %s', (_rule, iso, want) => {
    expect(isRealDate(iso)).toBe(want);
  });
});

describe('parseDateVi / formatDateVi', () => {
  it.each([
    ['dd/mm/yyyy', '29/02/2024', '2024-02-29'],
    ['d/m/yyyy without leading zeros', '1/2/2024', '2024-02-01'],
    ['dots as separators', '01.02.2024', '2024-02-01'],
    ['dashes and surrounding spaces', ' 05-06-2020 ', '2020-06-05'],
    ['day first, not month first', '12/01/2024', '2024-01-12'],
    ['a day that does not exist', '31/04/2024', null],
    ['29 Feb of a common year', '29/02/2023', null],
    ['ISO order', '2024-01-01', null],
    ['a two-digit year', '01/01/24', null],
    ['text', 'hôm nay', null],
    ['empty', '', null],
  ])('parseDateVi reads %s', (_rule, text, want) => {
    expect(parseDateVi(text)).toBe(want);
  });

  it.each([
    ['2024-02-29', '29/02/2024'],
    ['1999-12-31', '31/12/1999'],
    ['2025-01-05', '05/01/2025'],
  ])('formatDateVi writes %s as %s, and parseDateVi reads it back', (iso, vi) => {
    expect(formatDateVi(iso)).toBe(vi);
    expect(parseDateVi(vi)).toBe(iso);
  });
});
