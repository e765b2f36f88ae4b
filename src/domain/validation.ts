// Turns zod's issues into the field + reason pairs that the app translates into Vietnamese and the
// server into its `invalid` messages. Reasons are a closed list so that each has a translation.
import type { z } from 'zod';

export type FieldReason =
  | 'required'
  | 'too_long'
  | 'invalid_format'
  | 'invalid_value'
  | 'future_date'
  | 'before_birth'
  | 'invalid_reference';

export interface FieldProblem {
  field: string;
  reason: FieldReason;
}

/** `input` is what was parsed: a missing or blank field is `required`, whatever zod's wording. */
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

function reasonOf(issue: z.core.$ZodIssue, raw: unknown): FieldReason {
  const blank = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
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
      return issue.message === 'future_date' ? 'future_date' : 'invalid_format';
    default:
      return blank ? 'required' : 'invalid_format';
  }
}

/** One line naming each bad field, for logs and the server's English `message`. */
export function describeProblems(problems: readonly FieldProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.reason}`).join('; ');
}
