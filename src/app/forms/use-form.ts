// A form's input as strings, its field errors, and its "unsaved input" flag reported to unsaved.ts.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FieldIssue, WriteResult } from '../../db/types.ts';
import type { Messages } from '../i18n/vi.ts';
import { markDirty } from '../shell/unsaved.ts';

export type Errors = Record<string, string | undefined>;

export function useForm<T extends Record<string, string>>(formId: string, initial: T) {
  const start = useRef(initial).current;
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const latest = useRef(values);
  latest.current = values;

  // Closing the form (saved, cancelled, navigated away) means it holds nothing to protect any more.
  useEffect(() => () => markDirty(formId, false), [formId]);

  const set = (field: keyof T & string) => (value: string) => {
    const next = { ...latest.current, [field]: value };
    latest.current = next;
    setValues(next);
    markDirty(
      formId,
      Object.keys(start).some((k) => next[k] !== start[k]),
    );
    // The volunteer is fixing this field: its old error no longer describes what is typed.
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  /**
   * What every field of the form takes for `name`: `<TextField {...form.field('note')} label=… />`.
   * Text and date fields call onInput, choices onChange; both are the same setter.
   */
  const field = (name: keyof T & string) => ({
    name,
    value: values[name] as string,
    error: errors[name],
    onInput: set(name),
    onChange: set(name),
  });

  return { values, set, field, errors, setErrors, saved: () => markDirty(formId, false) };
}

/** Each field's first problem, in the interface language. Dates say how to type them. */
export function issueMessages(
  t: Messages,
  issues: readonly FieldIssue[],
  dateFields: readonly string[] = [],
) {
  const out: Errors = {};
  for (const { field, reason } of issues) {
    if (out[field]) continue;
    out[field] =
      reason === 'invalid_format' && dateFields.includes(field) ? t.form.badDate : t.reason[reason];
  }
  return out;
}

/** The message for a refused write that is not about one field. */
export function failureMessage(t: Messages, result: WriteResult<unknown>): string | null {
  if (result.ok) return null;
  // A missing household or member is no field the volunteer can fix: say what happened instead.
  if (result.code === 'invalid' && result.issues.some((i) => i.reason === 'invalid_reference')) {
    return t.reason.invalid_reference;
  }
  if (result.code === 'invalid') return t.form.fixFields;
  if (result.code === 'not_found') return t.form.gone;
  // The browser's own words (English, technical) stay out of sight; a full phone is worth naming.
  return result.message.startsWith('QuotaExceededError') ? t.form.storageFull : t.form.storage;
}

/** Moves the focus to the first field with an error on screen (in page order), once it is drawn. */
export function focusFirstError(errors: Errors) {
  if (!Object.values(errors).some(Boolean)) return;
  setTimeout(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
}
