// Add or edit a member: every field with its error beside it, the ID number checked as it is typed,
// a "wrong information" task one tap away when the number disagrees with the record.
import { useRoute } from 'preact-iso';
import { useLayoutEffect, useState } from 'preact/hooks';
import {
  CCCD_STATUSES,
  GENDERS,
  RELATIONS,
  VNEID_BLOCKERS,
  VNEID_STATUSES,
  type Gender,
  type Person,
} from '../../domain/records.ts';
import { getPerson, personsWithIdNumber } from '../../db/queries.ts';
import { createRecord } from '../../db/write.ts';
import { DeleteButton } from '../components/delete-button.tsx';
import { ChoiceField, DateField, SelectField, TextField } from '../components/fields.tsx';
import { FormPlaceholder, FormScreen } from '../components/form-screen.tsx';
import { dateInputText, parseDateInput } from '../forms/date-input.ts';
import { useDb } from '../shell/db-context.ts';
import { useT } from '../i18n/i18n.ts';
import { vi, type Messages } from '../i18n/vi.ts';
import { useLiveQuery } from '../device/live-query.ts';
import { paths } from '../shell/paths.ts';
import { takeScan } from '../scan/scan-handoff.ts';
import { useForm } from '../forms/use-form.ts';
import { useRecordSave } from '../forms/use-record-form.ts';
import { idDigits, mismatchTexts, readIdNumber, type IdReading } from '../forms/id-number-check.ts';

const DATE_FIELDS = ['birthDate', 'cccdIssuedOn', 'vneidRegisteredOn'];

export default function PersonFormScreen() {
  const db = useDb();
  const { id: householdId = '', personId } = useRoute().params;
  const found = useLiveQuery(
    async () => (personId ? ((await getPerson(db, personId)) ?? null) : null),
    [db, personId],
  );
  const back = paths.household(householdId);
  if (personId === undefined) return <PersonForm householdId={householdId} />;
  if (found === undefined || found === null || found.householdId !== householdId) {
    return <FormPlaceholder gone={found === null || found?.householdId !== householdId} backHref={back} />;
  }
  return <PersonForm key={found.id} householdId={householdId} existing={found} />;
}

function wrongInfoTask(householdId: string, personId: string, note: string) {
  return { householdId, personId, kind: 'wrong_info', note, status: 'open' };
}

function PersonForm({ householdId, existing }: { householdId: string; existing?: Person }) {
  const t = useT();
  const db = useDb();
  // A new member has no id until saved: the task waits for the save.
  const [taskOnSave, setTaskOnSave] = useState(false);
  const [taskCreatedFor, setTaskCreatedFor] = useState<string | null>(null);
  const form = useForm(`person:${existing?.id ?? `new:${householdId}`}`, {
    fullName: existing?.fullName ?? '',
    birthDate: dateInputText(existing?.birthDate),
    gender: existing?.gender ?? '',
    relation: existing?.relation ?? '',
    idNumber: existing?.idNumber ?? '',
    cccdStatus: existing?.cccdStatus ?? 'none',
    cccdIssuedOn: dateInputText(existing?.cccdIssuedOn),
    vneidStatus: existing?.vneidStatus ?? 'none',
    vneidBlocker: existing?.vneidBlocker ?? '',
    vneidRegisteredOn: dateInputText(existing?.vneidRegisteredOn),
    phone: existing?.phone ?? '',
    note: existing?.note ?? '',
  });
  const { values, errors } = form;
  const back = paths.household(householdId);
  // Values read from a CCCD card on the scan screen, entered once as if typed: unsaved until saved.
  useLayoutEffect(() => {
    const scanned = takeScan(householdId, existing?.id);
    for (const [field, value] of Object.entries(scanned ?? {})) form.set(field as keyof typeof values)(value);
  }, []);

  const record = {
    birthDate: parseDateInput(values.birthDate) || null,
    gender: (GENDERS as readonly string[]).includes(values.gender) ? (values.gender as Gender) : null,
  };
  const reading = readIdNumber(t, values.idNumber, record);
  const digits = reading.kind === 'ok' ? reading.digits : '';
  const others = useLiveQuery(
    async () => (digits ? (await personsWithIdNumber(db, digits)).filter((p) => p.id !== existing?.id) : []),
    [db, digits, existing?.id],
  );
  const mismatch = reading.kind === 'ok' && reading.mismatches.length > 0 ? reading : null;
  /** The task's note names the mismatch in Vietnamese: the commune police read it. */
  const taskNote = mismatch ? vi.idCheck.taskNote(mismatch.digits, mismatchTexts(vi, mismatch, record)) : '';

  const { saving, formError, showFailure, save, remove } = useRecordSave({
    entity: 'person',
    existingId: existing?.id,
    form,
    exitTo: back,
    dateFields: DATE_FIELDS,
    afterWrite: async (personId) => {
      if (!taskOnSave || !taskNote) return;
      const task = await createRecord(db, 'task', wrongInfoTask(householdId, personId, taskNote));
      if (!task.ok) showFailure(task);
    },
    adjustErrors: (fieldErrors) => {
      // The live check says best what is wrong with the number.
      if (fieldErrors.idNumber && reading.kind !== 'ok' && reading.kind !== 'empty')
        fieldErrors.idNumber = reading.message;
    },
  });
  const fields = () => ({
    ...values,
    householdId,
    idNumber: idDigits(values.idNumber),
    birthDate: parseDateInput(values.birthDate) ?? values.birthDate,
    cccdIssuedOn: parseDateInput(values.cccdIssuedOn) ?? values.cccdIssuedOn,
    vneidRegisteredOn: parseDateInput(values.vneidRegisteredOn) ?? values.vneidRegisteredOn,
    // [R15] A reason for not being at level 2 goes once the account is active.
    vneidBlocker: values.vneidStatus === 'level2_active' ? '' : values.vneidBlocker,
  });

  const openTask = async () => {
    if (!existing) return setTaskOnSave(true);
    const result = await createRecord(db, 'task', wrongInfoTask(householdId, existing.id, taskNote));
    if (result.ok) setTaskCreatedFor(taskNote);
    else showFailure(result);
  };

  return (
    <FormScreen
      title={existing ? t.personForm.titleEdit : t.personForm.titleNew}
      backHref={back}
      backLabel={t.app.backToHousehold}
      saving={saving}
      formError={formError}
      onSubmit={() => void save(fields())}
      remove={
        existing && (
          <DeleteButton question={t.form.confirmDeletePerson(existing.fullName)} onDelete={remove} />
        )
      }
    >
      <TextField {...form.field('fullName')} label={t.personForm.fullName} />
      <DateField {...form.field('birthDate')} label={t.personForm.birthDate} />
      <ChoiceField
        {...form.field('gender')}
        label={t.personForm.gender}
        options={GENDERS.map((g) => ({ value: g, label: t.gender[g] }))}
      />
      <SelectField
        {...form.field('relation')}
        label={t.personForm.relation}
        options={[{ value: '', label: '—' }, ...RELATIONS.map((r) => ({ value: r, label: t.relation[r] }))]}
      />
      <TextField
        {...form.field('idNumber')}
        label={t.personForm.idNumber}
        optional
        inputMode="numeric"
        error={errors.idNumber ?? (reading.kind === 'error' ? reading.message : undefined)}
        hint={
          <IdHint
            t={t}
            reading={reading}
            mismatchItems={mismatch ? mismatchTexts(t, mismatch, record) : []}
            others={others ?? []}
            task={
              taskCreatedFor === taskNote ? 'created' : taskOnSave ? 'on_save' : mismatch ? 'offer' : 'none'
            }
            onOpenTask={() => void openTask()}
          />
        }
      />
      <SelectField
        {...form.field('cccdStatus')}
        label={t.personForm.cccdStatus}
        options={CCCD_STATUSES.map((s) => ({ value: s, label: t.cccd[s] }))}
      />
      <DateField {...form.field('cccdIssuedOn')} label={t.personForm.cccdIssuedOn} optional />
      <SelectField
        {...form.field('vneidStatus')}
        label={t.personForm.vneidStatus}
        options={VNEID_STATUSES.map((s) => ({ value: s, label: t.vneid[s] }))}
      />
      {values.vneidStatus !== 'level2_active' && (
        <SelectField
          {...form.field('vneidBlocker')}
          label={t.personForm.vneidBlocker}
          options={[
            { value: '', label: '—' },
            ...VNEID_BLOCKERS.map((b) => ({ value: b, label: t.vneidBlocker[b] })),
          ]}
        />
      )}
      <DateField {...form.field('vneidRegisteredOn')} label={t.personForm.vneidRegisteredOn} optional />
      <TextField {...form.field('phone')} type="tel" inputMode="tel" label={t.personForm.phone} optional />
      <TextField {...form.field('note')} label={t.personForm.note} optional multiline />
    </FormScreen>
  );
}

interface IdHintProps {
  t: Messages;
  reading: IdReading;
  mismatchItems: string[];
  others: Person[];
  task: 'none' | 'offer' | 'on_save' | 'created';
  onOpenTask: () => void;
}

function IdHint({ t, reading, mismatchItems, others, task, onOpenTask }: IdHintProps) {
  if (reading.kind === 'partial') return <span>{reading.message}</span>;
  if (reading.kind !== 'ok') return null;
  const { info } = reading;
  return (
    <>
      <span>{t.idCheck.reads(info.provinceName, t.gender[info.gender], info.birthYear)}</span>
      {mismatchItems.length > 0 && (
        <div class="id-warning" role="alert">
          <p>{t.idCheck.mismatch}</p>
          <ul>
            {mismatchItems.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
          {task === 'offer' && (
            <button type="button" class="button" onClick={onOpenTask}>
              {t.idCheck.openTask}
            </button>
          )}
          {task === 'on_save' && <p class="ok-text">{t.idCheck.taskOnSave}</p>}
          {task === 'created' && <p class="ok-text">{t.idCheck.taskCreated}</p>}
        </div>
      )}
      {others.length > 0 && (
        <div class="id-warning" role="alert">
          <p>{t.idCheck.duplicate}</p>
          <ul>
            {others.map((p) => (
              <li key={p.id}>
                <a href={paths.household(p.householdId)}>{p.fullName}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
