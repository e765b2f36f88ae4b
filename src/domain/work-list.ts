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
  /** To do: campaign by campaign, due soonest first; within one, in the households' order (workListOf). */
  items: WorkItem[];
  /** Items of households marked refused or moved away: not to visit, counted apart. */
  outOfReach: WorkItem[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A household as the rules see it: its members, open tasks and latest `met` visit. The phone keeps one
 * with each household row (db/rows.ts, WorkSummary), so that the work list reads nothing but the
 * village index in memory; `workViews` builds them from records.
 */
export interface WorkHouseholdView extends WorkHousehold {
  persons: readonly (PersonForRules & { id: string })[];
  openTasks: readonly { id: string; kind: TaskKind }[];
  /** The latest day of a `met` visit, or '' for none. */
  lastMet: string;
}

/**
 * The views of `records`' households (a record whose household is not among them is left out), by
 * household id and each one's members and tasks by id: a stable order for a list made from records.
 */
export function workViews(records: WorkRecords): WorkHouseholdView[] {
  const views = new Map<string, WorkHouseholdView & { persons: WorkPerson[]; openTasks: WorkTask[] }>();
  for (const h of records.households) views.set(h.id, { ...h, persons: [], openTasks: [], lastMet: '' });
  for (const p of records.persons) views.get(p.householdId)?.persons.push(p);
  for (const t of records.tasks) if (t.status === 'open') views.get(t.householdId)?.openTasks.push(t);
  for (const v of records.visits) {
    const h = views.get(v.householdId);
    if (h && v.outcome === 'met' && v.visitedOn > h.lastMet) h.lastMet = v.visitedOn;
  }
  const byId = (a: { id: string }, b: { id: string }) => byText(a.id, b.id);
  const out = [...views.values()].sort(byId);
  for (const h of out) {
    h.persons.sort(byId);
    h.openTasks.sort(byId);
  }
  return out;
}

/**
 * The work list of `campaigns` over `records`, on `today` (`YYYY-MM-DD`, Vietnam's date). A campaign
 * lists only records of its own villages; each rule is judged on the campaign's deadline.
 */
export function workList(campaigns: readonly WorkCampaign[], records: WorkRecords, today: string): WorkList {
  return workListOf(campaigns, workViews(records), today);
}

/**
 * What a household gives each campaign, kept per view object and per campaign (its id, deadline,
 * rule, villages) and day: the phone's views are made once per household row and replaced when the
 * household is written (db/campaigns.ts), so after a tap only that household is judged again, not
 * the village's thousands of people. Views made afresh from records just miss, and are let go.
 */
const judged = new WeakMap<WorkHouseholdView, Map<string, { items: readonly WorkItem[] }>>();

/**
 * `workList` over household views: the campaigns due soonest first (then by id), and within each the
 * items in the order of `households` (the phone gives them in walking order: db/campaigns.ts), each
 * household's in its members' and tasks' order. No sort of the items: a campaign of a large village
 * lists thousands, and sorting them cost more than judging them.
 */
export function workListOf(
  campaigns: readonly WorkCampaign[],
  households: readonly WorkHouseholdView[],
  today: string,
): WorkList {
  const list: WorkList = { items: [], outOfReach: [] };
  const ordered = [...campaigns].sort((a, b) => byText(a.dueOn, b.dueOn) || byText(a.id, b.id));
  for (const c of ordered) {
    const villages = new Set(c.villageIds);
    const key = JSON.stringify([c.id, c.dueOn, c.rule, c.villageIds, today]);
    for (const h of households) {
      if (!villages.has(h.villageId)) continue;
      let byCampaign = judged.get(h);
      if (!byCampaign) judged.set(h, (byCampaign = new Map()));
      let found = byCampaign.get(key);
      if (!found) byCampaign.set(key, (found = { items: householdItems(c, h, today > c.dueOn) }));
      const into = h.outOfReach ? list.outOfReach : list.items;
      for (const item of found.items) into.push(item);
    }
  }
  return list;
}

/** The items campaign `c` finds in household `h` (one of its villages'). */
function householdItems(c: WorkCampaign, h: WorkHouseholdView, overdue: boolean): WorkItem[] {
  const out: WorkItem[] = [];
  // Items written out whole (no spread of a shared base): thousands are made per list.
  switch (ruleTargets(c.rule)) {
    case 'person':
      for (const p of h.persons) {
        const match = personMatch(c.rule, p, c.dueOn);
        if (match)
          out.push({
            campaignId: c.id,
            dueOn: c.dueOn,
            overdue,
            entity: 'person',
            entityId: p.id,
            householdId: h.id,
            match,
          });
      }
      break;
    case 'household':
      // No `met` visit on or after the rule's day is: the latest `met` visit is before it.
      if (householdMatches(c.rule, h.lastMet ? [{ visitedOn: h.lastMet, outcome: 'met' }] : []))
        out.push({
          campaignId: c.id,
          dueOn: c.dueOn,
          overdue,
          entity: 'household',
          entityId: h.id,
          householdId: h.id,
        });
      break;
    case 'task':
      for (const t of h.openTasks)
        if (taskMatches(c.rule, { kind: t.kind, status: 'open' }))
          out.push({
            campaignId: c.id,
            dueOn: c.dueOn,
            overdue,
            entity: 'task',
            entityId: t.id,
            householdId: h.id,
          });
      break;
  }
  return out;
}
