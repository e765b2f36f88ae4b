// The launch form's model ("Tạo đợt rà soát"): what the officer typed → the body of POST /api/campaigns,
// checked with the wire's own schema (newCampaignSchema), each problem said beside its field. Nothing
// is sent while any field is wrong. Dates are typed dd/mm/yyyy as everywhere in the app.
import type { CampaignRule, CampaignRuleKind } from '../../domain/campaign-rules.ts';
import { newCampaignSchema, type NewCampaign } from '../../domain/campaigns.ts';
import type { TaskKind } from '../../domain/enums.ts';
import type { HttpFailure } from '../../sync/http-client.ts';
import { dateInputText, parseDateInput } from '../forms/date-input.ts';
import type { CampaignField, CampaignMessages } from './campaign-messages.ts';

export interface CampaignFormState {
  kind: CampaignRuleKind;
  /** card_at_14: "từ ngày", typed; empty for none. */
  turningFrom: string;
  elderlyOnly: boolean;
  withPhoneOnly: boolean;
  /** not_visited_since, typed. */
  since: string;
  taskKinds: TaskKind[];
  name: string;
  /** Once the officer writes the name, a change of rule no longer replaces it. */
  nameEdited: boolean;
  villageIds: string[];
  startsOn: string;
  dueOn: string;
  targetPercent: string;
}

export type FieldErrors = Partial<Record<CampaignField, string>>;

export function initialForm(today: string, villageIds: readonly string[], name: string): CampaignFormState {
  return {
    kind: 'card_at_14',
    turningFrom: '',
    elderlyOnly: false,
    withPhoneOnly: false,
    since: '',
    taskKinds: [],
    name,
    nameEdited: false,
    villageIds: [...villageIds],
    startsOn: dateInputText(today),
    dueOn: '',
    targetPercent: '',
  };
}

/** A typed date as the schema reads it: ISO when it is one, else the text itself (which it refuses). */
const dateValue = (text: string): string => parseDateInput(text) || text.trim();

/** The rule the form says; options left empty are left out. */
export function ruleOf(s: CampaignFormState): CampaignRule {
  switch (s.kind) {
    case 'card_at_14':
      return s.turningFrom.trim()
        ? { kind: 'card_at_14', turningFrom: dateValue(s.turningFrom) }
        : { kind: 'card_at_14' };
    case 'card_renewal':
      return { kind: 'card_renewal' };
    case 'vneid_level2':
      return {
        kind: 'vneid_level2',
        ...(s.elderlyOnly ? { elderlyOnly: true } : {}),
        ...(s.withPhoneOnly ? { withPhoneOnly: true } : {}),
      };
    case 'not_visited_since':
      return { kind: 'not_visited_since', since: dateValue(s.since) };
    case 'open_tasks':
      return { kind: 'open_tasks', taskKinds: s.taskKinds };
  }
}

const RULE_FIELDS = new Set<string>(['turningFrom', 'since', 'taskKinds']);
const TOP_FIELDS = new Set<string>(['name', 'villageIds', 'startsOn', 'dueOn', 'targetPercent']);

/**
 * The request, or what is wrong with it field by field. `villageOrder`: the commune's villages as the
 * form lists them, so that the campaign keeps that order whatever order they were ticked in.
 */
export function buildCampaign(
  s: CampaignFormState,
  about: { id: string; communeId: string; villageOrder: readonly string[] },
  m: CampaignMessages,
): { ok: true; value: NewCampaign } | { ok: false; errors: FieldErrors } {
  const target = s.targetPercent.trim();
  const candidate = {
    id: about.id,
    communeId: about.communeId,
    name: s.name,
    villageIds: about.villageOrder.filter((v) => s.villageIds.includes(v)),
    startsOn: dateValue(s.startsOn),
    dueOn: dateValue(s.dueOn),
    rule: ruleOf(s),
    // A whole number as typed, else the text, which the schema refuses.
    ...(target === '' ? {} : { targetPercent: /^\d{1,3}$/.test(target) ? Number(target) : target }),
  };
  const parsed = newCampaignSchema.safeParse(candidate);
  const errors: FieldErrors = {};
  const e = m.form.errors;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [top, sub] = issue.path.map(String);
      const field = top === 'rule' && sub && RULE_FIELDS.has(sub) ? sub : top;
      if (!field || errors[field as CampaignField]) continue;
      if (field === 'name') errors.name = issue.code === 'too_big' ? e.nameTooLong : e.name;
      else if (field === 'dueOn')
        errors.dueOn = issue.code === 'custom' && !errors.startsOn ? e.dueBeforeStart : e.dueOn;
      else if (TOP_FIELDS.has(field) || RULE_FIELDS.has(field))
        errors[field as CampaignField] = e[field as CampaignField];
    }
  }
  // The schema compares the dates only once everything else is right: say it at once.
  if (!errors.startsOn && !errors.dueOn && candidate.startsOn > candidate.dueOn && parseDateInput(s.dueOn))
    errors.dueOn = e.dueBeforeStart;
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, value: parsed.data };
  if (Object.keys(errors).length === 0) errors.name = e.name; // never silently unsendable
  return { ok: false, errors };
}

/**
 * A refused launch in words ([C3]): 403, 409 (the id was taken by other fields: an earlier attempt
 * that did arrive), 400 naming a field, no answer. `labels` names the form's fields.
 */
export function launchFailureText(
  m: CampaignMessages,
  failure: HttpFailure,
  why: Record<HttpFailure['kind'], string>,
): string {
  const f = m.form.refused;
  switch (failure.kind) {
    case 'forbidden':
      return f.forbidden;
    case 'network':
      return f.network;
    case 'refused': {
      if (failure.code === 'already_exists') return f.alreadyExists;
      const field = /^([A-Za-z]+)/.exec(failure.message)?.[1] ?? '';
      if (field === 'villageIds') return f.villages;
      const labels: Record<string, string> = {
        name: m.form.name,
        startsOn: m.form.startsOn,
        dueOn: m.form.dueOn,
        targetPercent: m.form.targetPercent,
        rule: m.form.kind,
      };
      return labels[field] ? f.invalid(labels[field]) : f.other(why.refused);
    }
    default:
      return f.other(why[failure.kind]);
  }
}
