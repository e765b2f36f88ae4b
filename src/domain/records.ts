// The four record kinds of SYNC-API.md ("Records") as zod schemas: the executable form of the contract,
// shared by the phone and the server. Field limits the contract leaves open are generous on purpose:
// a phone in the field may run an old version for weeks, so the server must never reject what an
// older phone could have sent.
import { z } from 'zod';
import { isoDateInVietnam } from './dates.ts';
import type { FieldProblem } from './validation.ts';

export * from './enums.ts';
import {
  CCCD_STATUSES,
  GENDERS,
  RELATIONS,
  TASK_KINDS,
  TASK_STATUSES,
  VISIT_OUTCOMES,
  VNEID_STATUSES,
  type Entity,
} from './enums.ts';

/** Ids of households, persons, tasks, visits and mutations: UUIDs made on the phone. */
export const uuid = z.uuid();
/** Area ids, as `POST /api/admin/areas` allows them. */
export const areaId = z.string().regex(/^[a-z0-9-]{1,64}$/);

/** A calendar date `YYYY-MM-DD` that really exists (no 31 February). */
export const isoDate = z.iso.date();

/**
 * A date that is not after today. "Today" is Vietnam's date plus one day of slack, so that a phone
 * whose clock or zone is a little off is never refused a date that is today where the person stands.
 */
export const pastOrTodayDate = isoDate.refine((d) => d <= isoDateInVietnam(Date.now() + 86_400_000), {
  message: 'future_date',
});

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
/** Optional fields may be absent, or `null` in a mutation to clear them. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
const phoneNumber = z.string().regex(/^\+?[0-9 .-]{8,20}$/);

export const householdFields = z.object({
  villageId: areaId,
  address: text(1, 200),
  headName: text(1, 100),
  householdCode: optional(text(1, 50)),
  phone: optional(phoneNumber),
  note: optional(text(0, 2000)),
});

export const personFields = z.object({
  householdId: uuid,
  fullName: text(1, 100),
  birthDate: pastOrTodayDate,
  gender: z.enum(GENDERS),
  relation: z.enum(RELATIONS),
  idNumber: optional(z.string().regex(/^\d{12}$/)),
  cccdStatus: z.enum(CCCD_STATUSES),
  vneidStatus: z.enum(VNEID_STATUSES),
  cccdIssuedOn: optional(pastOrTodayDate),
  phone: optional(phoneNumber),
  note: optional(text(0, 2000)),
});

export const taskFields = z.object({
  householdId: uuid,
  personId: optional(uuid),
  kind: z.enum(TASK_KINDS),
  note: text(0, 2000),
  status: z.enum(TASK_STATUSES),
});

export const visitFields = z.object({
  householdId: uuid,
  visitedOn: pastOrTodayDate,
  outcome: z.enum(VISIT_OUTCOMES),
  note: optional(text(0, 2000)),
});

export type HouseholdFields = z.infer<typeof householdFields>;
export type PersonFields = z.infer<typeof personFields>;
export type TaskFields = z.infer<typeof taskFields>;
export type VisitFields = z.infer<typeof visitFields>;

/** Field schemas by entity: a new record must carry them all, an update any subset. */
export const FIELDS = {
  household: householdFields,
  person: personFields,
  task: taskFields,
  visit: visitFields,
} as const;

export type FieldsOf = {
  household: HouseholdFields;
  person: PersonFields;
  task: TaskFields;
  visit: VisitFields;
};

/** Every record has a phone-made id; the server adds its version and who changed it last. */
export interface RecordMeta {
  id: string;
  /** The server's version of this record; 0 while the server has never seen it. */
  version: number;
  updatedAt?: string | undefined;
  updatedBy?: string | undefined;
}

export type Household = HouseholdFields & RecordMeta;
export type Person = PersonFields & RecordMeta;
export type Task = TaskFields & RecordMeta;
export type Visit = VisitFields & RecordMeta;
export type RecordOf<E extends Entity> = FieldsOf[E] & RecordMeta;

/**
 * Checks that span fields of one whole record (after a merge), beyond each field's own rule.
 * Returns the names of the offending fields with a reason code; empty when the record is coherent.
 */
export function crossFieldIssues<E extends Entity>(entity: E, fields: FieldsOf[E]): FieldProblem[] {
  if (entity !== 'person') return [];
  const p = fields as PersonFields;
  const issues: FieldProblem[] = [];
  if (p.cccdIssuedOn && p.cccdIssuedOn < p.birthDate) {
    issues.push({ field: 'cccdIssuedOn', reason: 'before_birth' });
  }
  return issues;
}
