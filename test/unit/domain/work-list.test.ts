// The volunteer's work list (issue 17) over a small hand-worked village pair: exactly the expected
// people, households and tasks per campaign, due soonest first, overdue once past the deadline, the
// households out of reach apart, and an item gone as soon as its record no longer matches.
import { describe, expect, it } from 'vitest';
import { workList, type WorkCampaign, type WorkRecords } from '../../../src/domain/work-list.ts';

const A = 'thon-a';
const B = 'thon-b';
const H1 = 'h1'; // village A
const H2 = 'h2'; // village A, refused the working group
const H3 = 'h3'; // village B
const H4 = 'h4'; // village A, met on 5 November

const records: WorkRecords = {
  households: [
    { id: H1, villageId: A },
    { id: H2, villageId: A, outOfReach: 'refused' },
    { id: H3, villageId: B },
    { id: H4, villageId: A },
  ],
  persons: [
    // Turns 14 on the deadline of the card campaign: listed.
    { id: 'p-turns-14', householdId: H1, birthDate: '2012-12-31', cccdStatus: 'none', vneidStatus: 'none' },
    // Turns 14 the day after: not yet.
    { id: 'p-13', householdId: H1, birthDate: '2013-01-01', cccdStatus: 'none', vneidStatus: 'none' },
    // An adult with a card and level 2: nothing to do.
    {
      id: 'p-done',
      householdId: H1,
      birthDate: '1980-01-01',
      cccdStatus: 'issued',
      vneidStatus: 'level2_active',
    },
    // 60 on 10 December, no level 2: the elderly VNeID campaign.
    { id: 'p-60', householdId: H4, birthDate: '1966-12-10', cccdStatus: 'issued', vneidStatus: 'level1' },
    // In the refused household, 14+ without a card: apart.
    { id: 'p-refused', householdId: H2, birthDate: '2000-01-01', cccdStatus: 'none', vneidStatus: 'none' },
    // Village B, not in the campaigns of A.
    { id: 'p-b', householdId: H3, birthDate: '2000-01-01', cccdStatus: 'none', vneidStatus: 'none' },
  ],
  tasks: [
    { id: 't-open', householdId: H1, kind: 'wrong_info', status: 'open' },
    { id: 't-done', householdId: H1, kind: 'wrong_info', status: 'done' },
    { id: 't-other', householdId: H4, kind: 'deceased', status: 'open' },
  ],
  visits: [{ householdId: H4, visitedOn: '2026-11-05', outcome: 'met' }],
};

const CARD: WorkCampaign = {
  id: 'c-card',
  name: 'Rà soát người đủ 14 tuổi',
  villageIds: [A],
  dueOn: '2026-12-31',
  rule: { kind: 'card_at_14' },
};
const ELDERLY: WorkCampaign = {
  id: 'c-vneid',
  name: 'VNeID cho người cao tuổi',
  villageIds: [A],
  dueOn: '2026-12-15',
  rule: { kind: 'vneid_level2', elderlyOnly: true },
};
const VISITS: WorkCampaign = {
  id: 'c-visit',
  name: 'Đến hộ chưa gặp',
  villageIds: [A, B],
  dueOn: '2027-01-15',
  rule: { kind: 'not_visited_since', since: '2026-11-01' },
};
const TASKS: WorkCampaign = {
  id: 'c-tasks',
  name: 'Sửa thông tin sai',
  villageIds: [A],
  dueOn: '2026-12-20',
  rule: { kind: 'open_tasks', taskKinds: ['wrong_info'] },
};

const ids = (items: { campaignId: string; entityId: string }[]) =>
  items.map((i) => `${i.campaignId}:${i.entityId}`);

describe('the work list', () => {
  it('lists exactly the expected items, due soonest first, the refused household apart', () => {
    const list = workList([CARD, ELDERLY, VISITS, TASKS], records, '2026-12-01');
    expect(ids(list.items)).toEqual([
      'c-vneid:p-60',
      'c-tasks:t-open',
      'c-card:p-turns-14',
      'c-visit:h1',
      'c-visit:h3',
    ]);
    expect(ids(list.outOfReach)).toEqual(['c-card:p-refused', 'c-visit:h2']);
    expect(list.items.every((i) => !i.overdue)).toBe(true);
    expect(list.items[2]).toMatchObject({
      entity: 'person',
      householdId: H1,
      match: { kind: 'card_at_14', turns14On: '2026-12-31' },
    });
  });

  it('marks overdue the items of campaigns past their deadline, from the day after it', () => {
    const onDeadline = workList([ELDERLY, CARD], records, '2026-12-15');
    expect(onDeadline.items.map((i) => i.overdue)).toEqual([false, false]);
    const after = workList([ELDERLY, CARD], records, '2026-12-16');
    expect(after.items.map((i) => [i.campaignId, i.overdue])).toEqual([
      ['c-vneid', true],
      ['c-card', false],
    ]);
  });

  it('drops an item once its record no longer matches: a card ticked, a visit logged, a task closed', () => {
    const done: WorkRecords = {
      ...records,
      persons: records.persons.map((p) => (p.id === 'p-turns-14' ? { ...p, cccdStatus: 'issued' } : p)),
      tasks: records.tasks.map((t) => (t.id === 't-open' ? { ...t, status: 'done' } : t)),
      visits: [...records.visits, { householdId: H1, visitedOn: '2026-12-01', outcome: 'met' }],
    };
    expect(ids(workList([CARD, ELDERLY, VISITS, TASKS], done, '2026-12-01').items)).toEqual([
      'c-vneid:p-60',
      'c-visit:h3',
    ]);
    // A visit that did not meet anyone does not take the household off the list.
    const notHome: WorkRecords = {
      ...records,
      visits: [...records.visits, { householdId: H1, visitedOn: '2026-12-01', outcome: 'not_home' }],
    };
    expect(ids(workList([VISITS], notHome, '2026-12-01').items)).toEqual(['c-visit:h1', 'c-visit:h3']);
  });

  it('a household back in reach comes back to the list', () => {
    const back: WorkRecords = {
      ...records,
      households: records.households.map((h) => (h.id === H2 ? { ...h, outOfReach: null } : h)),
    };
    const list = workList([CARD], back, '2026-12-01');
    expect(ids(list.items)).toEqual(['c-card:p-turns-14', 'c-card:p-refused']);
    expect(list.outOfReach).toEqual([]);
  });
});
