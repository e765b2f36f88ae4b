// Who a campaign targets (issue 17), rule by rule at its boundaries: turning 14 on the deadline day,
// a card issued 23 months against 25 months before turning 25, 60 on the deadline, a visit on the very
// day of `since`. Each row: the person (or household, task), the deadline, and whether (why) it is on
// the list.
import { describe, expect, it } from 'vitest';
import {
  householdMatches,
  personMatch,
  ruleTargets,
  taskMatches,
  type CampaignRule,
  type PersonForRules,
} from '../../../src/domain/campaign-rules.ts';

const person = (p: Partial<PersonForRules> & { birthDate: string }): PersonForRules => ({
  cccdStatus: 'none',
  vneidStatus: 'none',
  ...p,
});

interface Row {
  what: string;
  rule: CampaignRule;
  p: PersonForRules;
  on: string;
  expected: ReturnType<typeof personMatch>;
}

const CARD_AT_14: CampaignRule = { kind: 'card_at_14' };
const RENEWAL: CampaignRule = { kind: 'card_renewal' };
const VNEID: CampaignRule = { kind: 'vneid_level2' };

const rows: Row[] = [
  // card_at_14: 14 or more on the deadline, no card in hand.
  {
    what: 'turns 14 on the deadline day: on the list',
    rule: CARD_AT_14,
    p: person({ birthDate: '2012-12-31' }),
    on: '2026-12-31',
    expected: { kind: 'card_at_14', turns14On: '2026-12-31' },
  },
  {
    what: 'turns 14 the day after the deadline: not yet',
    rule: CARD_AT_14,
    p: person({ birthDate: '2013-01-01' }),
    on: '2026-12-31',
    expected: null,
  },
  {
    what: 'already 14 with a card: done',
    rule: CARD_AT_14,
    p: person({ birthDate: '2010-05-01', cccdStatus: 'issued' }),
    on: '2026-12-31',
    expected: null,
  },
  {
    what: 'applied, not yet collected: still on the list',
    rule: CARD_AT_14,
    p: person({ birthDate: '2010-05-01', cccdStatus: 'applied' }),
    on: '2026-12-31',
    expected: { kind: 'card_at_14', turns14On: '2024-05-01' },
  },
  {
    what: 'card lost: on the list',
    rule: CARD_AT_14,
    p: person({ birthDate: '1980-05-01', cccdStatus: 'lost' }),
    on: '2026-12-31',
    expected: { kind: 'card_at_14', turns14On: '1994-05-01' },
  },
  {
    what: 'born 29 February: 14 on 1 March of a common year, not on 28 February',
    rule: CARD_AT_14,
    p: person({ birthDate: '2012-02-29' }),
    on: '2026-02-28',
    expected: null,
  },
  {
    what: 'born 29 February: on the list from 1 March',
    rule: CARD_AT_14,
    p: person({ birthDate: '2012-02-29' }),
    on: '2026-03-01',
    expected: { kind: 'card_at_14', turns14On: '2026-03-01' },
  },
  {
    what: 'turningFrom: turned 14 the day before it: not among the newly 14',
    rule: { kind: 'card_at_14', turningFrom: '2026-12-01' },
    p: person({ birthDate: '2012-11-30' }),
    on: '2026-12-31',
    expected: null,
  },
  {
    what: 'turningFrom: turns 14 on that very day: among them',
    rule: { kind: 'card_at_14', turningFrom: '2026-12-01' },
    p: person({ birthDate: '2012-12-01' }),
    on: '2026-12-31',
    expected: { kind: 'card_at_14', turns14On: '2026-12-01' },
  },

  // card_renewal: 25 on 2026-06-15 for someone born 2001-06-15; the grace window opens at 23.
  {
    what: 'card issued 25 months before turning 25: renewal due at 25',
    rule: RENEWAL,
    p: person({ birthDate: '2001-06-15', cccdStatus: 'issued', cccdIssuedOn: '2024-05-15' }),
    on: '2026-12-31',
    expected: { kind: 'card_renewal', age: 25, dueOn: '2026-06-15' },
  },
  {
    what: 'card issued 23 months before turning 25: valid until 40, not on the list',
    rule: RENEWAL,
    p: person({ birthDate: '2001-06-15', cccdStatus: 'issued', cccdIssuedOn: '2024-07-15' }),
    on: '2026-12-31',
    expected: null,
  },
  {
    what: 'card issued exactly 2 years before 25: in the grace window, not on the list',
    rule: RENEWAL,
    p: person({ birthDate: '2001-06-15', cccdStatus: 'issued', cccdIssuedOn: '2024-06-15' }),
    on: '2026-12-31',
    expected: null,
  },
  {
    what: 'card issued a day before the grace window: due at 25',
    rule: RENEWAL,
    p: person({ birthDate: '2001-06-15', cccdStatus: 'issued', cccdIssuedOn: '2024-06-14' }),
    on: '2026-12-31',
    expected: { kind: 'card_renewal', age: 25, dueOn: '2026-06-15' },
  },
  {
    what: 'renewal falls due on the deadline day: on the list',
    rule: RENEWAL,
    p: person({ birthDate: '2001-06-15', cccdStatus: 'issued', cccdIssuedOn: '2020-01-10' }),
    on: '2026-06-15',
    expected: { kind: 'card_renewal', age: 25, dueOn: '2026-06-15' },
  },
  {
    what: 'renewal falls due the day after the deadline: not yet',
    rule: RENEWAL,
    p: person({ birthDate: '2001-06-15', cccdStatus: 'issued', cccdIssuedOn: '2020-01-10' }),
    on: '2026-06-14',
    expected: null,
  },
  {
    what: 'card issued at 58: valid for life',
    rule: RENEWAL,
    p: person({ birthDate: '1960-03-01', cccdStatus: 'issued', cccdIssuedOn: '2018-03-01' }),
    on: '2026-12-31',
    expected: null,
  },
  {
    what: 'card issued at 39 years 11 months, due at 60 not 40',
    rule: RENEWAL,
    p: person({ birthDate: '1986-01-20', cccdStatus: 'issued', cccdIssuedOn: '2025-12-20' }),
    on: '2026-12-31',
    expected: null,
  },
  {
    what: 'no card at all: not a renewal (card_at_14 finds them)',
    rule: RENEWAL,
    p: person({ birthDate: '1990-01-01' }),
    on: '2026-12-31',
    expected: null,
  },
  {
    what: 'issue date unknown, 25 reached within the 2 years up to the deadline: read the card',
    rule: RENEWAL,
    p: person({ birthDate: '2001-06-15', cccdStatus: 'issued' }),
    on: '2026-12-31',
    expected: { kind: 'card_renewal_check', age: 25 },
  },
  {
    what: 'issue date unknown, 25 reached more than 2 years before the deadline: left out',
    rule: RENEWAL,
    p: person({ birthDate: '1999-12-31', cccdStatus: 'issued' }),
    on: '2026-12-31',
    expected: null,
  },
  {
    what: 'issue date unknown, 60 reached this year: read the card',
    rule: RENEWAL,
    p: person({ birthDate: '1966-03-10', cccdStatus: 'issued' }),
    on: '2026-12-31',
    expected: { kind: 'card_renewal_check', age: 60 },
  },

  // vneid_level2: 14 or more on the deadline without an active level-2 account.
  {
    what: 'VNeID: 14 on the deadline, level 1: on the list',
    rule: VNEID,
    p: person({ birthDate: '2012-12-31', vneidStatus: 'level1' }),
    on: '2026-12-31',
    expected: { kind: 'vneid_level2' },
  },
  {
    what: 'VNeID: 14 the day after: not yet',
    rule: VNEID,
    p: person({ birthDate: '2013-01-01' }),
    on: '2026-12-31',
    expected: null,
  },
  {
    what: 'VNeID: level 2 waiting for approval is not active: on the list',
    rule: VNEID,
    p: person({ birthDate: '1990-01-01', vneidStatus: 'level2_pending' }),
    on: '2026-12-31',
    expected: { kind: 'vneid_level2' },
  },
  {
    what: 'VNeID: level 2 active: done',
    rule: VNEID,
    p: person({ birthDate: '1990-01-01', vneidStatus: 'level2_active' }),
    on: '2026-12-31',
    expected: null,
  },
  {
    what: '60+ only: 60 on the deadline day',
    rule: { kind: 'vneid_level2', elderlyOnly: true },
    p: person({ birthDate: '1966-12-31' }),
    on: '2026-12-31',
    expected: { kind: 'vneid_level2' },
  },
  {
    what: '60+ only: 60 the day after the deadline: not among them',
    rule: { kind: 'vneid_level2', elderlyOnly: true },
    p: person({ birthDate: '1967-01-01' }),
    on: '2026-12-31',
    expected: null,
  },
  {
    what: 'with a phone only: no phone recorded',
    rule: { kind: 'vneid_level2', withPhoneOnly: true },
    p: person({ birthDate: '1990-01-01', phone: null }),
    on: '2026-12-31',
    expected: null,
  },
  {
    what: 'with a phone only: a blank phone is none',
    rule: { kind: 'vneid_level2', withPhoneOnly: true },
    p: person({ birthDate: '1990-01-01', phone: '   ' }),
    on: '2026-12-31',
    expected: null,
  },
  {
    what: 'with a phone only: a phone recorded',
    rule: { kind: 'vneid_level2', withPhoneOnly: true },
    p: person({ birthDate: '1990-01-01', phone: '0912345678' }),
    on: '2026-12-31',
    expected: { kind: 'vneid_level2' },
  },
  {
    what: 'a household rule never matches a person',
    rule: { kind: 'not_visited_since', since: '2026-01-01' },
    p: person({ birthDate: '1990-01-01' }),
    on: '2026-12-31',
    expected: null,
  },
];

describe('campaign rules: persons', () => {
  it.each(rows)('$what', ({ rule, p, on, expected }) => {
    expect(personMatch(rule, p, on)).toEqual(expected);
  });
});

describe('campaign rules: households and tasks', () => {
  const since = '2026-10-01';
  const rule: CampaignRule = { kind: 'not_visited_since', since };
  it.each([
    { what: 'never visited', visits: [], expected: true },
    {
      what: 'met on the very day of `since`',
      visits: [{ visitedOn: since, outcome: 'met' }],
      expected: false,
    },
    { what: 'met the day before', visits: [{ visitedOn: '2026-09-30', outcome: 'met' }], expected: true },
    { what: 'not at home since', visits: [{ visitedOn: '2026-10-05', outcome: 'not_home' }], expected: true },
    { what: 'refused since', visits: [{ visitedOn: '2026-10-05', outcome: 'refused' }], expected: true },
    {
      what: 'not at home, then met',
      visits: [
        { visitedOn: '2026-10-05', outcome: 'not_home' },
        { visitedOn: '2026-10-06', outcome: 'met' },
      ],
      expected: false,
    },
  ] as const)('not visited since: $what → $expected', ({ visits, expected }) => {
    expect(householdMatches(rule, visits)).toBe(expected);
  });

  it('open tasks of the chosen kinds only', () => {
    const tasks: CampaignRule = { kind: 'open_tasks', taskKinds: ['wrong_info', 'missing_id'] };
    expect(taskMatches(tasks, { kind: 'wrong_info', status: 'open' })).toBe(true);
    expect(taskMatches(tasks, { kind: 'missing_id', status: 'open' })).toBe(true);
    expect(taskMatches(tasks, { kind: 'missing_id', status: 'done' })).toBe(false);
    expect(taskMatches(tasks, { kind: 'deceased', status: 'open' })).toBe(false);
    expect(taskMatches(rule, { kind: 'wrong_info', status: 'open' })).toBe(false);
  });

  it('says what each rule lists', () => {
    expect(ruleTargets({ kind: 'card_at_14' })).toBe('person');
    expect(ruleTargets({ kind: 'card_renewal' })).toBe('person');
    expect(ruleTargets({ kind: 'vneid_level2' })).toBe('person');
    expect(ruleTargets(rule)).toBe('household');
    expect(ruleTargets({ kind: 'open_tasks', taskKinds: ['other'] })).toBe('task');
  });
});
