// Log a visit with a date and a note (the household screen logs today's visit in one tap), or edit one.
import { useRoute } from 'preact-iso';
import { VISIT_OUTCOMES, type Visit } from '../../domain/records.ts';
import { getHousehold } from '../../db/queries.ts';
import { DeleteButton } from '../components/delete-button.tsx';
import { ChoiceField, DateField, TextField } from '../components/fields.tsx';
import { FormPlaceholder, FormScreen } from '../components/form-screen.tsx';
import { dateInputText, parseDateInput } from '../forms/date-input.ts';
import { useDb } from '../shell/db-context.ts';
import { useT } from '../i18n/i18n.ts';
import { useLiveQuery } from '../device/live-query.ts';
import { paths } from '../shell/paths.ts';
import { todayInVietnam } from '../device/today.ts';
import { useForm } from '../forms/use-form.ts';
import { useRecordSave } from '../forms/use-record-form.ts';

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
  const form = useForm(`visit:${existing?.id ?? `new:${householdId}`}`, {
    visitedOn: dateInputText(existing?.visitedOn ?? todayInVietnam()),
    outcome: existing?.outcome ?? '',
    note: existing?.note ?? '',
  });
  const { values } = form;
  const back = paths.household(householdId);
  const { saving, formError, save, remove } = useRecordSave({
    entity: 'visit',
    existingId: existing?.id,
    form,
    exitTo: back,
    dateFields: ['visitedOn'],
  });
  const fields = () => ({
    ...values,
    householdId,
    visitedOn: parseDateInput(values.visitedOn) ?? values.visitedOn,
  });

  return (
    <FormScreen
      title={existing ? t.visitForm.titleEdit : t.visitForm.titleNew}
      backHref={back}
      backLabel={t.app.backToHousehold}
      saving={saving}
      formError={formError}
      onSubmit={() => void save(fields())}
      remove={existing && <DeleteButton question={t.form.confirmDeleteVisit} onDelete={remove} />}
    >
      <DateField {...form.field('visitedOn')} label={t.visitForm.visitedOn} />
      <ChoiceField
        {...form.field('outcome')}
        label={t.visitForm.outcome}
        options={VISIT_OUTCOMES.map((o) => ({ value: o, label: t.outcome[o] }))}
      />
      <TextField {...form.field('note')} label={t.visitForm.note} optional multiline />
    </FormScreen>
  );
}
