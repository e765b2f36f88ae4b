// Add or edit a data-cleaning task of a household (about one member or the whole household).
import { useLocation, useRoute } from 'preact-iso';
import { TASK_KINDS, TASK_STATUSES, type Person, type Task } from '../../domain/records.ts';
import { getHousehold } from '../../db/queries.ts';
import { DeleteButton } from '../components/delete-button.tsx';
import { ChoiceField, SelectField, TextField } from '../components/fields.tsx';
import { FormPlaceholder, FormScreen } from '../components/form-screen.tsx';
import { useDb } from '../shell/db-context.ts';
import { useT } from '../i18n/i18n.ts';
import { useLiveQuery } from '../device/live-query.ts';
import { paths } from '../shell/paths.ts';
import { useForm } from '../forms/use-form.ts';
import { useRecordSave } from '../forms/use-record-form.ts';

export default function TaskFormScreen() {
  const db = useDb();
  const { id: householdId = '', taskId } = useRoute().params;
  const detail = useLiveQuery(async () => (await getHousehold(db, householdId)) ?? null, [db, householdId]);
  const back = paths.household(householdId);
  if (detail === undefined) return <FormPlaceholder gone={false} backHref={back} />;
  const existing = taskId ? detail?.tasks.find((task) => task.id === taskId) : undefined;
  if (detail === null || (taskId && !existing)) return <FormPlaceholder gone backHref={back} />;
  return (
    <TaskForm key={taskId ?? 'new'} householdId={householdId} persons={detail.persons} existing={existing} />
  );
}

function TaskForm(props: { householdId: string; persons: Person[]; existing: Task | undefined }) {
  const { householdId, persons, existing } = props;
  const t = useT();
  const { query } = useLocation();
  const form = useForm(`task:${existing?.id ?? `new:${householdId}`}`, {
    kind: existing?.kind ?? '',
    // `?nguoi=<id>` opens the form about one member.
    personId: existing?.personId ?? query.nguoi ?? '',
    note: existing?.note ?? '',
    status: existing?.status ?? 'open',
  });
  const { values } = form;
  const back = paths.household(householdId);
  const { saving, formError, save, remove } = useRecordSave({
    entity: 'task',
    existingId: existing?.id,
    form,
    exitTo: back,
  });

  return (
    <FormScreen
      title={existing ? t.taskForm.titleEdit : t.taskForm.titleNew}
      backHref={back}
      backLabel={t.app.backToHousehold}
      saving={saving}
      formError={formError}
      onSubmit={() => void save({ ...values, householdId })}
      remove={existing && <DeleteButton question={t.form.confirmDeleteTask} onDelete={remove} />}
    >
      <SelectField
        {...form.field('kind')}
        label={t.taskForm.kind}
        options={[{ value: '', label: '—' }, ...TASK_KINDS.map((k) => ({ value: k, label: t.taskKind[k] }))]}
      />
      <SelectField
        {...form.field('personId')}
        label={t.taskForm.person}
        options={[
          { value: '', label: t.household.wholeHousehold },
          ...persons.map((p) => ({ value: p.id, label: p.fullName })),
        ]}
      />
      <TextField {...form.field('note')} label={t.taskForm.note} optional multiline />
      {existing && (
        <ChoiceField
          {...form.field('status')}
          label={t.taskForm.status}
          options={TASK_STATUSES.map((s) => ({ value: s, label: t.taskStatus[s] }))}
        />
      )}
    </FormScreen>
  );
}
