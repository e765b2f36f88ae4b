// Log a visit with a date and a note (the household screen logs today's visit in one tap), or edit one.
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { VISIT_OUTCOMES, type Visit } from '../../domain/records.ts';
import { getHousehold } from '../../db/queries.ts';
import { createRecord, deleteRecord, updateRecord } from '../../db/write.ts';
import { DeleteButton } from '../components/delete-button.tsx';
import { ChoiceField, DateField, TextField } from '../components/fields.tsx';
import { FormPlaceholder, FormScreen } from '../components/form-screen.tsx';
import { dateInputText, parseDateInput } from '../date-input.ts';
import { useDb } from '../db-context.ts';
import { useT } from '../i18n/i18n.ts';
import { useLiveQuery } from '../live-query.ts';
import { paths } from '../paths.ts';
import { todayInVietnam } from '../today.ts';
import { failureMessage, focusFirstError, issueMessages, useForm } from '../use-form.ts';

export default function VisitFormScreen() {
  const db = useDb();
  const { id: householdId = '', visitId } = useRoute().params;
  const detail = useLiveQuery(async () => (await getHousehold(db, householdId)) ?? null, [db, householdId]);
  const back = paths.household(householdId);
  if (detail === undefined) return <FormPlaceholder gone={false} backHref={back} />;
  const existing = visitId ? detail?.visits.find((v) => v.id === visitId) : undefined;
  if (detail === null || (visitId && !existing)) return <FormPlaceholder gone backHref={back} />;
  return <VisitForm key={visitId ?? 'new'} householdId={householdId} existing={existing} />;
}

function VisitForm({ householdId, existing }: { householdId: string; existing: Visit | undefined }) {
  const t = useT();
  const db = useDb();
  const { route } = useLocation();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm(`visit:${existing?.id ?? `new:${householdId}`}`, {
    visitedOn: dateInputText(existing?.visitedOn ?? todayInVietnam()),
    outcome: existing?.outcome ?? '',
    note: existing?.note ?? '',
  });
  const { values, errors } = form;
  const back = paths.household(householdId);

  const save = async () => {
    if (saving) return;
    setSaving(true);
    const fields = {
      ...values,
      householdId,
      visitedOn: parseDateInput(values.visitedOn) ?? values.visitedOn,
    };
    const result = existing
      ? await updateRecord(db, 'visit', existing.id, fields)
      : await createRecord(db, 'visit', fields);
    setSaving(false);
    if (result.ok) {
      form.saved();
      route(back, true);
      return;
    }
    const fieldErrors = result.code === 'invalid' ? issueMessages(t, result.issues, ['visitedOn']) : {};
    form.setErrors(fieldErrors);
    setFormError(failureMessage(t, result));
    focusFirstError(fieldErrors);
  };

  const remove = async () => {
    if (!existing) return;
    const result = await deleteRecord(db, 'visit', existing.id);
    if (result.ok || result.code === 'not_found') {
      form.saved();
      route(back, true);
    } else setFormError(failureMessage(t, result));
  };

  return (
    <FormScreen
      title={existing ? t.visitForm.titleEdit : t.visitForm.titleNew}
      backHref={back}
      backLabel={t.app.backToHousehold}
      saving={saving}
      formError={formError}
      onSubmit={() => void save()}
      remove={existing && <DeleteButton question={t.form.confirmDeleteVisit} onDelete={remove} />}
    >
      <DateField
        name="visitedOn"
        label={t.visitForm.visitedOn}
        value={values.visitedOn}
        onInput={form.set('visitedOn')}
        error={errors.visitedOn}
      />
      <ChoiceField
        name="outcome"
        label={t.visitForm.outcome}
        value={values.outcome}
        options={VISIT_OUTCOMES.map((o) => ({ value: o, label: t.outcome[o] }))}
        onChange={form.set('outcome')}
        error={errors.outcome}
      />
      <TextField
        name="note"
        label={t.visitForm.note}
        optional
        multiline
        value={values.note}
        onInput={form.set('note')}
        error={errors.note}
      />
    </FormScreen>
  );
}
