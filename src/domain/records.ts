// The four record kinds of SYNC-API.md ("Records") as zod schemas: the executable form of the contract,
// shared by the phone and the server. Field limits the contract leaves open are generous on purpose:
// a phone in the field may run an old version for weeks, so the server must never reject what an
// older phone could have sent. The exceptions are values no person can have (an ID number whose
// province code is not in the list, or whose birth year has not come; a name made only of invisible
// characters; a letter under more than four stacked marks): refused when written, on both sides, yet
// readable where already stored (STORED_FIELDS) and never judged again unless rewritten. Free text
// (names, address, code, phone, notes) follows text.ts: normalised to NFC, invisible and bidirectional
// controls stripped, lengths counted in what a person sees; what an older phone sends with such
// characters is stored clean, not refused.
import { z } from 'zod';
import { isoDateInVietnam } from './dates.ts';
import { parseIdNumber, type IdParseFailure } from './id-number.ts';
import { cleanedLine, lineText, noteText, storedLineText, storedNoteText } from './text.ts';
import type { FieldProblem } from './validation.ts';

export * from './enums.ts';
import {
  CCCD_STATUSES,
  GENDERS,
  OUT_OF_REACH,
  RELATIONS,
  TASK_KINDS,
  TASK_STATUSES,
  VISIT_OUTCOMES,
  VNEID_BLOCKERS,
  VNEID_STATUSES,
  type Entity,
} from './enums.ts';

/** Ids of households, persons, tasks, visits and mutations: UUIDs made on the phone. */
export const uuid = z.uuid();
/** [A2] Area ids, as `POST /api/admin/areas` allows them. */
export const areaId = z.string().regex(/^[a-z0-9-]{1,64}$/);

/** [R5] A calendar date `YYYY-MM-DD` that really exists (no 31 February). */
export const isoDate = z.iso.date();

/**
 * [R5] A date that is not after today. "Today" is Vietnam's date plus one day of slack, so that a phone
 * whose clock or zone is a little off is never refused a date that is today where the person stands.
 */
export const pastOrTodayDate = isoDate.refine((d) => d <= isoDateInVietnam(Date.now() + 86_400_000), {
  message: 'future_date',
});

/** [R4] Optional fields may be absent, or `null` in a mutation to clear them. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
/** [R6] Cleaned first: a number copied on Android comes wrapped in bidi embeddings, or no-break spaces. */
const phoneNumber = cleanedLine().regex(/^\+?[0-9 .-]{8,20}$/);

/** The free-text rules of a schema: as a value may be written now, or as it may be stored (read back). */
interface TextRules {
  line: (min: number, max: number) => z.ZodString;
  note: (max: number) => z.ZodString;
}
const WRITTEN: TextRules = { line: (min, max) => lineText({ min, max }), note: noteText };
const STORED: TextRules = { line: storedLineText, note: storedNoteText };

/** An ID number as older versions stored it: any 12 digits. */
const idNumberDigits = z.string().regex(/^\d{12}$/);
const idFailure = (id: string): IdParseFailure | null => {
  const parsed = parseIdNumber(id);
  return parsed.ok ? null : parsed.reason;
};
/**
 * [R7] An ID number as it may be written now: 12 digits whose province code is in the list and whose birth
 * year has come (id-number.ts). A number that only disagrees with the birth date or gender is kept:
 * that is a data-cleaning case (the "wrong information" task), not a typing error.
 */
const idNumber = idNumberDigits
  .refine((id) => idFailure(id) !== 'province', { message: 'id_province' })
  .refine((id) => idFailure(id) !== 'century', { message: 'id_century' });

// [R2] The fields of each entity and their rules (the table of SYNC-API.md "Records").
const householdShape = (t: TextRules) =>
  z.object({
    villageId: areaId,
    address: t.line(1, 200),
    headName: t.line(1, 100),
    householdCode: optional(t.line(1, 50)),
    phone: optional(phoneNumber),
    note: optional(t.note(2000)),
    // [R16] Refused, or moved away: counted apart by campaigns (issue 17).
    outOfReach: optional(z.enum(OUT_OF_REACH)),
    outOfReachOn: optional(pastOrTodayDate),
  });

const personShape = <I extends z.ZodString>(t: TextRules, id: I) =>
  z.object({
    householdId: uuid,
    fullName: t.line(1, 100),
    birthDate: pastOrTodayDate,
    gender: z.enum(GENDERS),
    relation: z.enum(RELATIONS),
    idNumber: optional(id),
    cccdStatus: z.enum(CCCD_STATUSES),
    vneidStatus: z.enum(VNEID_STATUSES),
    cccdIssuedOn: optional(pastOrTodayDate),
    phone: optional(phoneNumber),
    note: optional(t.note(2000)),
    // [R15] Why not yet at VNeID level 2, and when the police took the application (issue 17).
    vneidBlocker: optional(z.enum(VNEID_BLOCKERS)),
    vneidRegisteredOn: optional(pastOrTodayDate),
  });

const taskShape = (t: TextRules) =>
  z.object({
    householdId: uuid,
    personId: optional(uuid),
    kind: z.enum(TASK_KINDS),
    note: t.note(2000),
    status: z.enum(TASK_STATUSES),
  });

const visitShape = (t: TextRules) =>
  z.object({
    householdId: uuid,
    visitedOn: pastOrTodayDate,
    outcome: z.enum(VISIT_OUTCOMES),
    note: optional(t.note(2000)),
  });

export const householdFields = householdShape(WRITTEN);
export const personFields = personShape(WRITTEN, idNumber);
export const taskFields = taskShape(WRITTEN);
export const visitFields = visitShape(WRITTEN);

export type HouseholdFields = z.infer<typeof householdFields>;
export type PersonFields = z.infer<typeof personFields>;
export type TaskFields = z.infer<typeof taskFields>;
export type VisitFields = z.infer<typeof visitFields>;

/**
 * [R2] Field schemas by entity: the rules a value must meet to be WRITTEN (a new record must carry them all,
 * an update any subset). A value kept as stored is not judged by them again: see STORED_FIELDS.
 */
export const FIELDS = {
  household: householdFields,
  person: personFields,
  task: taskFields,
  visit: visitFields,
} as const;

/** Update schemas, built once: any subset of an entity's fields, each judged by its rule. */
export const PARTIAL_FIELDS = {
  household: householdFields.partial(),
  person: personFields.partial(),
  task: taskFields.partial(),
  visit: visitFields.partial(),
} as const;

/**
 * [R8] A person as it may be STORED: records written before a rule was tightened stay readable. The ID
 * number is any 12 digits here (the province and century checks came later), so a legacy number
 * whose province code is not in the list is still a person to show, count and edit. Its text is read
 * by the stored rule of text.ts (a name stored as only a zero-width space under the older rule is read,
 * as an empty name).
 */
export const storedPersonFields = personShape(STORED, idNumberDigits);

/**
 * Schemas for records as stored on the server and the phones, for code that parses records read back
 * (the commune review's household view): as lenient as every rule a stored record may predate. Parse
 * stored data with these, never with FIELDS, or a legacy value silently drops the whole record. They
 * refuse nothing for the characters of a text, and return it cleaned for display (text.ts).
 */
export const STORED_FIELDS = {
  household: householdShape(STORED),
  person: storedPersonFields,
  task: taskShape(STORED),
  visit: visitShape(STORED),
} as const;

/**
 * [R13] Whether `name` is a field of `entity`: an own key of its schema, so that `__proto__`,
 * `constructor` or `toString` never pass for one (`name in shape` would say yes to them).
 */
export function isFieldName(entity: Entity, name: string): boolean {
  return Object.hasOwn(FIELDS[entity].shape, name);
}

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
 * Checks that span fields of one whole record (after a merge), beyond each field's own rule: [R5] a
 * card issued (or [R15] a VNeID application taken) before the birth date is `before_birth`.
 * Returns the names of the offending fields with a reason code; empty when the record is coherent.
 */
export function crossFieldIssues<E extends Entity>(entity: E, fields: FieldsOf[E]): FieldProblem[] {
  if (entity !== 'person') return [];
  const p = fields as PersonFields;
  const issues: FieldProblem[] = [];
  if (p.cccdIssuedOn && p.cccdIssuedOn < p.birthDate) {
    issues.push({ field: 'cccdIssuedOn', reason: 'before_birth' });
  }
  if (p.vneidRegisteredOn && p.vneidRegisteredOn < p.birthDate) {
    issues.push({ field: 'vneidRegisteredOn', reason: 'before_birth' });
  }
  return issues;
}
