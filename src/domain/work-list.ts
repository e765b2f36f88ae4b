// The volunteer's work list ("Việc cần làm", issue 17): for the active campaigns of their villages,
// the people, households and tasks to see, computed on the phone from its own records — offline, the
// same rules as the server's progress (campaign-rules.ts) — due soonest first, overdue ones marked.
// An item leaves the list as soon as its record no longer matches (the card ticked, the visit
// logged, the task closed). A household marked out of reach ([R16]) is not to visit: its items are
// given apart, counted, never hidden.
import {
  householdMatches,
  personMatch,
  ruleTargets,
  taskMatches,
  type CampaignRule,
  type PersonForRules,
  type PersonMatch,
  type VisitForRules,
} from './campaign-rules.ts';
import type { OutOfReach, TaskKind, TaskStatus } from './enums.ts';

/** What the phone keeps of a campaign ([C5]). */
export interface WorkCampaign {
  id: string;
  name: string;
  villageIds: readonly string[];
  dueOn: string;
  rule: CampaignRule;
}

export interface WorkHousehold {
  id: string;
  villageId: string;
  outOfReach?: OutOfReach | null | undefined;
}
export type WorkPerson = PersonForRules & { id: string; householdId: string };
export interface WorkTask {
  id: string;
  householdId: string;
  kind: TaskKind;
  status: TaskStatus;
}
export type WorkVisit = VisitForRules & { householdId: string };

/** A village's records as the phone holds them. */
export interface WorkRecords {
  households: readonly WorkHousehold[];
  persons: readonly WorkPerson[];
  tasks: readonly WorkTask[];
  visits: readonly WorkVisit[];
}

export interface WorkItem {
  campaignId: string;
  dueOn: string;
  /** Today (Vietnam's date) is after the deadline. */
  overdue: boolean;
  entity: 'person' | 'household' | 'task';
  /** The person's, household's or task's id. */
  entityId: string;
  householdId: string;
  /** Why a person is listed (the rule's finding), for the line under the name. */
  match?: PersonMatch;
}

export interface WorkList {
  /** To do, due soonest first (then campaign, household, record). */
  items: WorkItem[];
  /** Items of households marked refused or moved away: not to visit, counted apart. */
  outOfReach: WorkItem[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The work list of `campaigns` over `records`, on `today` (`YYYY-MM-DD`, Vietnam's date). A campaign
 * lists only records of its own villages; each rule is judged on the campaign's deadline.
 */
export function workList(campaigns: readonly WorkCampaign[], records: WorkRecords, today: string): WorkList {
  const households = new Map(records.households.map((h) => [h.id, h]));
  const visitsOf = new Map<string, WorkVisit[]>();
  for (const v of records.visits) {
    const list = visitsOf.get(v.householdId);
    if (list) list.push(v);
    else visitsOf.set(v.householdId, [v]);
  }
  const list: WorkList = { items: [], outOfReach: [] };
  for (const c of campaigns) {
    const villages = new Set(c.villageIds);
    /** The household of a record, when it is one of the campaign's villages. */
    const inCampaign = (householdId: string) => {
      const h = households.get(householdId);
      return h && villages.has(h.villageId) ? h : undefined;
    };
    const add = (item: Omit<WorkItem, 'campaignId' | 'dueOn' | 'overdue'>, h: WorkHousehold) =>
      (h.outOfReach ? list.outOfReach : list.items).push({
        campaignId: c.id,
        dueOn: c.dueOn,
        overdue: today > c.dueOn,
        ...item,
      });
    switch (ruleTargets(c.rule)) {
      case 'person':
        for (const p of records.persons) {
          const h = inCampaign(p.householdId);
          const match = h && personMatch(c.rule, p, c.dueOn);
          if (h && match) add({ entity: 'person', entityId: p.id, householdId: h.id, match }, h);
        }
        break;
      case 'household':
        for (const h of records.households) {
          if (villages.has(h.villageId) && householdMatches(c.rule, visitsOf.get(h.id) ?? []))
            add({ entity: 'household', entityId: h.id, householdId: h.id }, h);
        }
        break;
      case 'task':
        for (const t of records.tasks) {
          const h = inCampaign(t.householdId);
          if (h && taskMatches(c.rule, t)) add({ entity: 'task', entityId: t.id, householdId: h.id }, h);
        }
        break;
    }
  }
  const order = (a: WorkItem, b: WorkItem) =>
    byText(a.dueOn, b.dueOn) ||
    byText(a.campaignId, b.campaignId) ||
    byText(a.householdId, b.householdId) ||
    byText(a.entityId, b.entityId);
  list.items.sort(order);
  list.outOfReach.sort(order);
  return list;
}
