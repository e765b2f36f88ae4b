// Records' fields in the words and formats of the forms (labels from the catalogue, dates dd/mm/yyyy,
// statuses by name), for screens that show stored values outside a form: conflicts and rejected edits.
import { formatDateVi, isRealDate } from '../../domain/dates.ts';
import type { Entity } from '../../domain/enums.ts';
import type { Messages } from '../i18n/vi.ts';
import { groupIdNumber } from './record-format.ts';

/** Fields typed as dates in the forms. */
export const DATE_FIELDS: readonly string[] = ['birthDate', 'cccdIssuedOn', 'visitedOn'];

/** Each entity's field labels, as its form names them. */
export function fieldLabels(t: Messages, entity: Entity): Record<string, string> {
  switch (entity) {
    case 'household':
      return {
        villageId: t.householdForm.village,
        headName: t.householdForm.headName,
        address: t.householdForm.address,
        householdCode: t.householdForm.householdCode,
        phone: t.householdForm.phone,
        note: t.householdForm.note,
      };
    case 'person':
      return {
        householdId: t.issues.household,
        fullName: t.personForm.fullName,
        birthDate: t.personForm.birthDate,
        gender: t.personForm.gender,
        relation: t.personForm.relation,
        idNumber: t.personForm.idNumber,
        cccdStatus: t.personForm.cccdStatus,
        cccdIssuedOn: t.personForm.cccdIssuedOn,
        vneidStatus: t.personForm.vneidStatus,
        phone: t.personForm.phone,
        note: t.personForm.note,
      };
    case 'task':
      return {
        householdId: t.issues.household,
        personId: t.taskForm.person,
        kind: t.taskForm.kind,
        note: t.taskForm.note,
        status: t.taskForm.status,
      };
    case 'visit':
      return {
        householdId: t.issues.household,
        visitedOn: t.visitForm.visitedOn,
        outcome: t.visitForm.outcome,
        note: t.visitForm.note,
      };
  }
}

/**
 * The server's reason for an `invalid` edit ("phone: invalid_format; birthDate: future_date", as
 * describeProblems writes it) in the form's words: "Số điện thoại: Không đúng định dạng.". Null for
 * any other message: those are English for operators and never reach the volunteer as they are.
 */
export function serverProblemsText(t: Messages, entity: Entity, message: string): string | null {
  const labels = fieldLabels(t, entity);
  const reasons = t.reason as Record<string, string>;
  const parts = message.split('; ').map((part) => /^([\w.]+): (\w+)$/.exec(part));
  if (parts.some((m) => !m || !(m[2]! in reasons))) return null;
  return parts.map((m) => `${labels[m![1]!] ?? m![1]}: ${reasons[m![2]!]}`).join(' ');
}

/** The fields of `values` in the order the entity's form shows them; unknown ones last. */
export function inFormOrder(t: Messages, entity: Entity, fields: readonly string[]): string[] {
  const order = Object.keys(fieldLabels(t, entity));
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  return [...fields].sort((a, b) => rank(a) - rank(b));
}

export function fieldLabel(t: Messages, entity: Entity, field: string): string {
  return fieldLabels(t, entity)[field] ?? field;
}

/** The choices of a field with a closed list of values, by the labels the forms show; null otherwise. */
export function fieldChoices(t: Messages, entity: Entity, field: string): Record<string, string> | null {
  const byField: Record<string, Record<string, string>> = {
    gender: t.gender,
    relation: t.relation,
    cccdStatus: t.cccd,
    vneidStatus: t.vneid,
    kind: t.taskKind,
    outcome: t.outcome,
  };
  if (entity === 'task' && field === 'status') return t.taskStatus;
  return byField[field] ?? null;
}

/** What the phone knows of the ids a value may hold: village, household and person names. */
export interface NameBook {
  villages: readonly { id: string; name: string }[];
  households: Record<string, string>;
  persons: Record<string, string>;
}

/** A stored value as the forms and screens show it. */
export function fieldValueText(
  t: Messages,
  entity: Entity,
  field: string,
  value: unknown,
  names: NameBook,
): string {
  if (value === null || value === undefined || value === '') return t.issues.empty;
  if (typeof value !== 'string') return typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (DATE_FIELDS.includes(field)) return isRealDate(value) ? formatDateVi(value) : value;
  const choices = fieldChoices(t, entity, field);
  if (choices) return choices[value] ?? value;
  if (field === 'villageId') return names.villages.find((v) => v.id === value)?.name ?? value;
  if (field === 'householdId') return names.households[value] ?? value;
  if (field === 'personId') return names.persons[value] ?? value;
  if (field === 'idNumber') return groupIdNumber(value);
  return value;
}

/** "Hộ: Nguyễn Văn Đức", "Nhân khẩu: …", "Việc làm sạch dữ liệu: Sai thông tin", "Lần đến hộ: 01/03/2025". */
export function recordTitle(
  t: Messages,
  entity: Entity,
  values: Record<string, unknown>,
  entityId: string,
  names: NameBook,
): string {
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  switch (entity) {
    case 'household':
      return t.issues.record.household(
        text(values.headName) ?? names.households[entityId] ?? t.issues.unknownHousehold,
      );
    case 'person':
      return t.issues.record.person(text(values.fullName) ?? names.persons[entityId] ?? '—');
    case 'task': {
      const kind = text(values.kind);
      return t.issues.record.task(kind ? fieldValueText(t, 'task', 'kind', kind, names) : '—');
    }
    case 'visit': {
      const date = text(values.visitedOn);
      return t.issues.record.visit(date ? fieldValueText(t, 'visit', 'visitedOn', date, names) : '—');
    }
  }
}
