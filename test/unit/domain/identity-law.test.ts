// Tests of the Identity Law 26/2023/QH15 rules per person: card from 14, renewals, VNeID level 2.
import { describe, it, expect } from 'vitest';
import {
  CARD_AGE,
  RENEWAL_AGES,
  is14Plus,
  needsCard,
  needsVneid,
  personHints,
  renewalOf,
  turns14On,
} from '../../../src/domain/identity-law.ts';
import type { PersonForHints, PersonHint } from '../../../src/domain/identity-law.ts';

describe('constants', () => {
  it('a card is due from 14 and renewed at 14, 25, 40 and 60', () => {
    expect(CARD_AGE).toBe(14);
    expect(RENEWAL_AGES).toEqual([14, 25, 40, 60]);
  });
});

describe('is14Plus / turns14On', () => {
  it.each([
    { rule: 'turns 14 today is 14+', birth: '2011-06-15', today: '2025-06-15', want: true },
    { rule: 'turns 14 tomorrow is not 14+', birth: '2011-06-16', today: '2025-06-15', want: false },
    { rule: 'well past 14 is 14+', birth: '1970-01-01', today: '2025-06-15', want: true },
    {
      rule: 'born 29 Feb is not 14 on 28 Feb of a common year',
      birth: '2012-02-29',
      today: '2026-02-28',
      want: false,
    },
    {
      rule: 'born 29 Feb is 14 on 1 March of a common year',
      birth: '2012-02-29',
      today: '2026-03-01',
      want: true,
    },
    {
      rule: 'born 29 Feb is not 14 the day before 1 March',
      birth: '2008-02-29',
      today: '2022-02-28',
      want: false,
    },
  ])('$rule', ({ birth, today, want }) => {
    expect(is14Plus(birth, today)).toBe(want);
  });

  it.each([
    ['2011-06-15', '2025-06-15'],
    ['2012-02-29', '2026-03-01'],
    ['2000-02-29', '2014-03-01'],
    ['2010-12-31', '2024-12-31'],
  ])('someone born %s turns 14 on %s', (birth, want) => {
    expect(turns14On(birth)).toBe(want);
  });
});

describe('needsCard / needsVneid', () => {
  it.each([
    { rule: '14+ without a card needs one', birth: '2000-01-01', status: 'none', want: true },
    { rule: '14+ who applied still needs one', birth: '2000-01-01', status: 'applied', want: true },
    { rule: '14+ who lost the card needs one', birth: '2000-01-01', status: 'lost', want: true },
    { rule: '14+ with a card does not', birth: '2000-01-01', status: 'issued', want: false },
    { rule: 'under 14 without a card does not', birth: '2011-06-16', status: 'none', want: false },
    { rule: 'turning 14 today without a card does', birth: '2011-06-15', status: 'none', want: true },
  ] as const)('needsCard: $rule', ({ birth, status, want }) => {
    expect(needsCard({ birthDate: birth, cccdStatus: status }, '2025-06-15')).toBe(want);
  });

  it.each([
    { rule: '14+ without an account needs level 2', birth: '2000-01-01', status: 'none', want: true },
    { rule: '14+ at level 1 needs level 2', birth: '2000-01-01', status: 'level1', want: true },
    { rule: '14+ pending level 2 still counts', birth: '2000-01-01', status: 'level2_pending', want: true },
    { rule: '14+ with level 2 active does not', birth: '2000-01-01', status: 'level2_active', want: false },
    { rule: 'under 14 goes through a parent, not counted', birth: '2011-06-16', status: 'none', want: false },
  ] as const)('needsVneid: $rule', ({ birth, status, want }) => {
    expect(needsVneid({ birthDate: birth, vneidStatus: status }, '2025-06-15')).toBe(want);
  });
});

describe('renewalOf', () => {
  it.each([
    {
      rule: 'issued at 5: renewed at 14',
      birth: '2015-01-10',
      issued: '2020-01-10',
      want: { age: 14, dueOn: '2029-01-10' },
    },
    {
      rule: 'issued at 12 exactly: skips 14, renewed at 25',
      birth: '2000-06-15',
      issued: '2012-06-15',
      want: { age: 25, dueOn: '2025-06-15' },
    },
    {
      rule: 'issued at 22: renewed at 25',
      birth: '2000-06-15',
      issued: '2022-06-15',
      want: { age: 25, dueOn: '2025-06-15' },
    },
    {
      rule: 'issued the day before turning 23: renewed at 25',
      birth: '2000-06-15',
      issued: '2023-06-14',
      want: { age: 25, dueOn: '2025-06-15' },
    },
    {
      rule: 'issued on the 23rd birthday: skips 25, renewed at 40',
      birth: '2000-06-15',
      issued: '2023-06-15',
      want: { age: 40, dueOn: '2040-06-15' },
    },
    {
      rule: 'issued at 23y6m: skips 25, renewed at 40',
      birth: '2000-06-15',
      issued: '2023-12-15',
      want: { age: 40, dueOn: '2040-06-15' },
    },
    {
      rule: 'issued the day before turning 58: renewed at 60',
      birth: '1960-06-15',
      issued: '2018-06-14',
      want: { age: 60, dueOn: '2020-06-15' },
    },
    { rule: 'issued at 58: valid for life', birth: '1960-06-15', issued: '2018-06-15', want: null },
    { rule: 'issued at 70: valid for life', birth: '1950-06-15', issued: '2020-06-15', want: null },
    {
      rule: 'born 29 Feb, issued 28 Feb at 23 (before the window): renewed at 25 on 1 March',
      birth: '2000-02-29',
      issued: '2023-02-28',
      want: { age: 25, dueOn: '2025-03-01' },
    },
    {
      rule: 'born 29 Feb, issued 1 March at 23 (window open): skips 25',
      birth: '2000-02-29',
      issued: '2023-03-01',
      want: { age: 40, dueOn: '2040-02-29' },
    },
  ])('$rule', ({ birth, issued, want }) => {
    expect(renewalOf(birth, issued)).toEqual(want);
  });
});

describe('personHints', () => {
  const base = { cccdStatus: 'issued', cccdIssuedOn: null, vneidStatus: 'level2_active' } as const;
  const vneid: PersonHint = { code: 'vneid_level2_expected' };

  it.each<{ rule: string; p: PersonForHints; today: string; want: PersonHint[] }>([
    // Card from 14.
    {
      rule: 'turns 14 today, no card: card required and VNeID level 2 expected',
      p: { birthDate: '2011-06-15', cccdStatus: 'none', vneidStatus: 'none' },
      today: '2025-06-15',
      want: [{ code: 'card_required' }, vneid],
    },
    {
      rule: 'turns 14 tomorrow, no card: no hint yet',
      p: { birthDate: '2011-06-16', cccdStatus: 'none', vneidStatus: 'none' },
      today: '2025-06-15',
      want: [],
    },
    {
      rule: 'born 29 Feb, 28 Feb of the 14th common year: no hint yet',
      p: { birthDate: '2012-02-29', cccdStatus: 'none', vneidStatus: 'none' },
      today: '2026-02-28',
      want: [],
    },
    {
      rule: 'born 29 Feb, 1 March of the 14th common year: card required',
      p: { birthDate: '2012-02-29', cccdStatus: 'none', vneidStatus: 'level2_active' },
      today: '2026-03-01',
      want: [{ code: 'card_required' }],
    },
    {
      rule: 'applied for a card: waiting',
      p: { birthDate: '1990-01-01', cccdStatus: 'applied', vneidStatus: 'level2_active' },
      today: '2025-06-15',
      want: [{ code: 'card_applied' }],
    },
    {
      rule: 'applied under 14 (on request): still waiting, no VNeID hint',
      p: { birthDate: '2015-01-01', cccdStatus: 'applied', vneidStatus: 'none' },
      today: '2025-06-15',
      want: [{ code: 'card_applied' }],
    },
    {
      rule: 'lost the card',
      p: { birthDate: '1990-01-01', cccdStatus: 'lost', vneidStatus: 'level1' },
      today: '2025-06-15',
      want: [{ code: 'card_lost' }, vneid],
    },
    // VNeID.
    {
      rule: 'VNeID pending level 2 is still expected',
      p: {
        birthDate: '1990-01-01',
        cccdStatus: 'issued',
        cccdIssuedOn: '2021-05-01',
        vneidStatus: 'level2_pending',
      },
      today: '2025-06-15',
      want: [vneid],
    },
    {
      rule: 'card valid and level 2 active: nothing to do',
      p: {
        birthDate: '1990-01-01',
        cccdStatus: 'issued',
        cccdIssuedOn: '2021-05-01',
        vneidStatus: 'level2_active',
      },
      today: '2025-06-15',
      want: [],
    },
    // Renewal with a known issue date.
    {
      rule: 'issued 18 months before turning 25: no renewal at 25',
      p: { ...base, birthDate: '2000-06-15', cccdIssuedOn: '2023-12-15' },
      today: '2025-06-15',
      want: [],
    },
    {
      rule: 'issued 18 months before turning 25: renewal due at 40',
      p: { ...base, birthDate: '2000-06-15', cccdIssuedOn: '2023-12-15' },
      today: '2040-06-15',
      want: [{ code: 'card_renewal_due', age: 40, dueOn: '2040-06-15' }],
    },
    {
      rule: 'issued 18 months before turning 25: renewal soon the day before 40',
      p: { ...base, birthDate: '2000-06-15', cccdIssuedOn: '2023-12-15' },
      today: '2040-06-14',
      want: [{ code: 'card_renewal_soon', age: 40, dueOn: '2040-06-15' }],
    },
    {
      rule: 'issued 3 years before turning 25: renewal due on the 25th birthday',
      p: { ...base, birthDate: '2000-06-15', cccdIssuedOn: '2022-06-15' },
      today: '2025-06-15',
      want: [{ code: 'card_renewal_due', age: 25, dueOn: '2025-06-15' }],
    },
    {
      rule: 'issued 3 years before turning 25: still due a year after 25',
      p: { ...base, birthDate: '2000-06-15', cccdIssuedOn: '2022-06-15' },
      today: '2026-06-15',
      want: [{ code: 'card_renewal_due', age: 25, dueOn: '2025-06-15' }],
    },
    {
      rule: 'renewal 90 days ahead is soon',
      p: { ...base, birthDate: '2000-06-15', cccdIssuedOn: '2022-06-15' },
      today: '2025-03-17',
      want: [{ code: 'card_renewal_soon', age: 25, dueOn: '2025-06-15' }],
    },
    {
      rule: 'renewal 91 days ahead is not yet soon',
      p: { ...base, birthDate: '2000-06-15', cccdIssuedOn: '2022-06-15' },
      today: '2025-03-16',
      want: [],
    },
    {
      rule: 'several renewals missed: due since the first one, when the card stopped being valid',
      p: { ...base, birthDate: '1980-06-15', cccdIssuedOn: '2000-01-01' },
      today: '2025-06-15',
      want: [{ code: 'card_renewal_due', age: 25, dueOn: '2005-06-15' }],
    },
    {
      rule: 'child card issued at 5: renewal due at 14, and VNeID expected',
      p: { birthDate: '2011-01-10', cccdStatus: 'issued', cccdIssuedOn: '2016-01-10', vneidStatus: 'none' },
      today: '2025-06-15',
      want: [{ code: 'card_renewal_due', age: 14, dueOn: '2025-01-10' }, vneid],
    },
    {
      rule: 'issued at 58: valid for life',
      p: { ...base, birthDate: '1960-06-15', cccdIssuedOn: '2018-06-15' },
      today: '2025-06-15',
      want: [],
    },
    {
      rule: 'born 29 Feb, renewal at 25 falls on 1 March: soon on 28 Feb',
      p: { ...base, birthDate: '2000-02-29', cccdIssuedOn: '2020-01-01' },
      today: '2025-02-28',
      want: [{ code: 'card_renewal_soon', age: 25, dueOn: '2025-03-01' }],
    },
    {
      rule: 'born 29 Feb, renewal at 25 falls on 1 March: due on 1 March',
      p: { ...base, birthDate: '2000-02-29', cccdIssuedOn: '2020-01-01' },
      today: '2025-03-01',
      want: [{ code: 'card_renewal_due', age: 25, dueOn: '2025-03-01' }],
    },
    // Renewal with an unknown issue date.
    {
      rule: 'issue date unknown, just turned 25: check the card',
      p: { ...base, birthDate: '2000-06-15' },
      today: '2025-06-16',
      want: [{ code: 'card_renewal_check', age: 25 }],
    },
    {
      rule: 'issue date unknown, the day before 25: nothing to check yet',
      p: { ...base, birthDate: '2000-06-15' },
      today: '2025-06-14',
      want: [],
    },
    {
      rule: 'issue date unknown, last day of age 26: still check',
      p: { ...base, birthDate: '2000-06-15' },
      today: '2027-06-14',
      want: [{ code: 'card_renewal_check', age: 25 }],
    },
    {
      rule: 'issue date unknown, 27: no longer flagged',
      p: { ...base, birthDate: '2000-06-15' },
      today: '2027-06-15',
      want: [],
    },
    {
      rule: 'issue date unknown, turned 40 a year ago: check',
      p: { ...base, birthDate: '1984-06-15', cccdIssuedOn: undefined },
      today: '2025-06-15',
      want: [{ code: 'card_renewal_check', age: 40 }],
    },
    {
      rule: 'issue date unknown, turned 60: check',
      p: { ...base, birthDate: '1965-06-15' },
      today: '2025-06-15',
      want: [{ code: 'card_renewal_check', age: 60 }],
    },
    {
      rule: 'issue date unknown, turned 14: not flagged (the card was issued for 14)',
      p: { ...base, birthDate: '2011-06-15' },
      today: '2025-06-15',
      want: [],
    },
  ])('$rule', ({ p, today, want }) => {
    expect(personHints(p, today)).toEqual(want);
  });
});
