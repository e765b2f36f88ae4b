// Who a campaign (rà soát) targets (issue 17): rules the domain can state precisely, judged on the
// campaign's deadline, so that a campaign's list is computed from the records as they are — never
// copied — and follows them as they change. The same functions run on the phone (the volunteer's work
// list, offline) and on the server (the police's progress).
//
// Every rule is judged on a date `on` (`YYYY-MM-DD`, Vietnam's date): the deadline. "Turns 14 before
// the deadline" includes whoever turns 14 on the deadline day itself, as the Identity Law counts age
// (dates.ts, addYears: someone born on 29 February turns 14 on 1 March of a common year).
import { ageOn, addYears } from './dates.ts';
import type { CccdStatus, TaskKind, TaskStatus, VisitOutcome, VneidStatus } from './enums.ts';
import { CARD_AGE, RENEWAL_AGES, is14Plus, renewalOf, turns14On } from './identity-law.ts';

/** Age from which the "60+" option of the VNeID rule counts a person (the elderly needing a home visit). */
export const ELDERLY_AGE = 60;
/** Years after a renewal age during which a card of unknown issue date is worth reading ([card_renewal]). */
const CHECK_YEARS = 2;

/**
 * The rules a campaign may target with (one per campaign):
 * - `card_at_14`: persons 14 or more on the deadline without an issued card; with `turningFrom`, only
 *   those who turn 14 on or after that date (the newly 14 of a review period).
 * - `card_renewal`: holders of an issued card whose renewal (25, 40, 60, with the 2-year grace of
 *   Art. 21 cl. 2) falls due on or before the deadline; a card without its issue date counts when the
 *   holder reaches 25, 40 or 60 in the 2 years up to the deadline (someone must read the date on it).
 * - `vneid_level2`: persons 14 or more on the deadline without an active level-2 VNeID account; with
 *   `elderlyOnly`, only those 60 or more on the deadline; with `withPhoneOnly`, only those whose phone
 *   number is recorded.
 * - `not_visited_since`: households with no visit that met them ([T3]'s `met`) on or after `since`.
 * - `open_tasks`: open tasks of the given kinds (e.g. `wrong_info`, `missing_id`).
 */
export type CampaignRule =
  | { kind: 'card_at_14'; turningFrom?: string | null }
  | { kind: 'card_renewal' }
  | { kind: 'vneid_level2'; elderlyOnly?: boolean; withPhoneOnly?: boolean }
  | { kind: 'not_visited_since'; since: string }
  | { kind: 'open_tasks'; taskKinds: readonly TaskKind[] };

export type CampaignRuleKind = CampaignRule['kind'];
export const CAMPAIGN_RULE_KINDS = [
  'card_at_14',
  'card_renewal',
  'vneid_level2',
  'not_visited_since',
  'open_tasks',
] as const satisfies readonly CampaignRuleKind[];

/** What a rule's items are: persons, households or tasks. */
export function ruleTargets(rule: CampaignRule): 'person' | 'household' | 'task' {
  switch (rule.kind) {
    case 'card_at_14':
    case 'card_renewal':
    case 'vneid_level2':
      return 'person';
    case 'not_visited_since':
      return 'household';
    case 'open_tasks':
      return 'task';
  }
}

/** The fields of a person the person rules read. */
export interface PersonForRules {
  birthDate: string;
  cccdStatus: CccdStatus;
  cccdIssuedOn?: string | null | undefined;
  vneidStatus: VneidStatus;
  phone?: string | null | undefined;
}

/** Why a person is on a campaign's list, for the work list's line ("đủ 14 tuổi ngày …"). */
export type PersonMatch =
  | { kind: 'card_at_14'; turns14On: string }
  | { kind: 'card_renewal'; age: number; dueOn: string }
  | { kind: 'card_renewal_check'; age: number }
  | { kind: 'vneid_level2' };

/** Whether (and why) a person is targeted by a person rule on `on`; null when not, or not a person rule. */
export function personMatch(rule: CampaignRule, p: PersonForRules, on: string): PersonMatch | null {
  switch (rule.kind) {
    case 'card_at_14': {
      const turns = turns14On(p.birthDate);
      if (turns > on || p.cccdStatus === 'issued') return null;
      if (rule.turningFrom && turns < rule.turningFrom) return null;
      return { kind: 'card_at_14', turns14On: turns };
    }
    case 'card_renewal':
      return renewalMatch(p, on);
    case 'vneid_level2': {
      if (!is14Plus(p.birthDate, on) || p.vneidStatus === 'level2_active') return null;
      if (rule.elderlyOnly && ageOn(p.birthDate, on) < ELDERLY_AGE) return null;
      if (rule.withPhoneOnly && !p.phone?.trim()) return null;
      return { kind: 'vneid_level2' };
    }
    default:
      return null;
  }
}

function renewalMatch(p: PersonForRules, on: string): PersonMatch | null {
  if (p.cccdStatus !== 'issued') return null;
  if (p.cccdIssuedOn) {
    const renewal = renewalOf(p.birthDate, p.cccdIssuedOn);
    return renewal && renewal.dueOn <= on ? { kind: 'card_renewal', ...renewal } : null;
  }
  // Unknown issue date: the renewal ages (not 14: a teenager's card was issued for the duty at 14)
  // reached in the 2 years up to the deadline. Earlier ones are left out, or every adult whose issue
  // date was never recorded would fill the list (identity-law.ts's card_renewal_check says the same).
  const age = ageOn(p.birthDate, on);
  const reached = RENEWAL_AGES.find(
    (a) => a !== CARD_AGE && age >= a && addYears(p.birthDate, a) > addYears(on, -CHECK_YEARS),
  );
  return reached === undefined ? null : { kind: 'card_renewal_check', age: reached };
}

/** A household's visits as the household rule reads them. */
export interface VisitForRules {
  visitedOn: string;
  outcome: VisitOutcome;
}

/** Whether a household is targeted by `not_visited_since`: no `met` visit on or after `since`. */
export function householdMatches(rule: CampaignRule, visits: readonly VisitForRules[]): boolean {
  if (rule.kind !== 'not_visited_since') return false;
  return !visits.some((v) => v.outcome === 'met' && v.visitedOn >= rule.since);
}

/** Whether a task is targeted by `open_tasks`: open, of one of the rule's kinds. */
export function taskMatches(rule: CampaignRule, task: { kind: TaskKind; status: TaskStatus }): boolean {
  return rule.kind === 'open_tasks' && task.status === 'open' && rule.taskKinds.includes(task.kind);
}
