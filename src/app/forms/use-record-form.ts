// A record form's save and delete: write, then leave the form, or show on it why the write was refused.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import type { Entity, WriteResult } from '../../db/types.ts';
import { createRecord, deleteRecord, updateRecord } from '../../db/write.ts';
import { useDb } from '../shell/db-context.ts';
import { useT } from '../i18n/i18n.ts';
import { failureMessage, focusFirstError, issueMessages, type Errors } from './use-form.ts';

export interface RecordSaveOptions {
  entity: Entity;
  /** The record the form edits; undefined when the form adds one. */
  existingId: string | undefined;
  /** The form's field errors and unsaved flag (from useForm). */
  form: { setErrors: (errors: Errors) => void; saved: () => void };
  /** Where the form goes once its record is saved or deleted. */
  exitTo: string;
  /** Where it goes after a save instead, given the saved record's id. */
  savedTo?: (id: string) => string;
  /** Fields typed as dates: their format error says how to type one. */
  dateFields?: readonly string[];
  /** More writes once the record is written, while the form still says it is saving. */
  afterWrite?: (id: string) => Promise<void>;
  /** Rewrites the field errors of a refused save before they are shown. */
  adjustErrors?: (errors: Errors) => void;
}

export function useRecordSave(options: RecordSaveOptions) {
  const { entity, existingId, form, exitTo } = options;
  const t = useT();
  const db = useDb();
  const { route } = useLocation();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const showFailure = (result: WriteResult<unknown>) => setFormError(failureMessage(t, result));

  const leave = (href: string) => {
    form.saved();
    // Replace the form in the history: Back from where it lands does not reopen the form.
    route(href, true);
  };

  const save = async (fields: Record<string, unknown>) => {
    if (saving) return;
    setSaving(true);
    const result =
      existingId !== undefined
        ? await updateRecord(db, entity, existingId, fields)
        : await createRecord(db, entity, fields);
    if (result.ok) await options.afterWrite?.(result.record.id);
    setSaving(false);
    if (result.ok) return leave(options.savedTo?.(result.record.id) ?? exitTo);
    const fieldErrors = result.code === 'invalid' ? issueMessages(t, result.issues, options.dateFields) : {};
    options.adjustErrors?.(fieldErrors);
    form.setErrors(fieldErrors);
    showFailure(result);
    focusFirstError(fieldErrors);
  };

  const remove = async () => {
    if (existingId === undefined) return;
    const result = await deleteRecord(db, entity, existingId);
    // A record already gone is what the volunteer asked for.
    if (result.ok || result.code === 'not_found') leave(exitTo);
    else showFailure(result);
  };

  return { saving, formError, showFailure, save, remove };
}
