// Turns zod's issues into the field + reason pairs that the app translates into Vietnamese and the
// server into its `invalid` messages. Reasons are a closed list so that each has a translation ([R14]).
import type { z } from 'zod';
import { isBlankText } from './text.ts';

export type FieldReason =
  | 'required'
  | 'too_long'
  | 'invalid_format'
  | 'invalid_value'
  | 'future_date'
  | 'before_birth'
  /** An ID number whose first 3 digits are not a province code of the list. */
  | 'id_province'
  /** An ID number whose 4th digit (or 4th–6th) encodes a birth year that has not come. */
  | 'id_century'
  | 'invalid_reference';

export interface FieldProblem {
  field: string;
  reason: FieldReason;
}

/**
 * [R10] `input` is what was parsed: a missing or blank field is `required`, whatever zod's wording. Blank is
 * what a person sees: spaces, or only invisible characters (text.ts), as a name of one zero-width space.
 */
export function fieldProblems(error: z.ZodError, input: unknown): FieldProblem[] {
  const seen = new Set<string>();
  const out: FieldProblem[] = [];
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || '(body)';
    if (seen.has(field)) continue;
    seen.add(field);
    const raw =
      input && typeof input === 'object' ? (input as Record<string, unknown>)[String(issue.path[0])] : input;
    out.push({ field, reason: reasonOf(issue, raw) });
  }
  return out;
}

/** The reasons that schema refinements name in their message (records.ts, text.ts). */
const CUSTOM_REASONS: ReadonlySet<string> = new Set<FieldReason>([
  // Text that cannot be stored (NUL, a broken surrogate) or a letter under a tall stack of marks.
  'invalid_value',
  'future_date',
  'id_province',
  'id_century',
]);

function reasonOf(issue: z.core.$ZodIssue, raw: unknown): FieldReason {
  const blank = raw === undefined || raw === null || (typeof raw === 'string' && isBlankText(raw));
  switch (issue.code) {
    case 'invalid_type':
      return blank ? 'required' : 'invalid_format';
    case 'too_small':
      return blank ? 'required' : 'invalid_format';
    case 'too_big':
      return 'too_long';
    case 'invalid_value':
      return blank ? 'required' : 'invalid_value';
    case 'custom':
      return CUSTOM_REASONS.has(issue.message) ? (issue.message as FieldReason) : 'invalid_format';
    default:
      return blank ? 'required' : 'invalid_format';
  }
}

/** [R14] One line naming each bad field (`field: reason`), for logs and the server's English `message`. */
export function describeProblems(problems: readonly FieldProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.reason}`).join('; ');
}
