// Add a household to the current village, or edit one (and delete it, with everything under it).
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import type { Household } from '../../domain/records.ts';
import { getHousehold } from '../../db/queries.ts';
import { createRecord, deleteRecord, updateRecord } from '../../db/write.ts';
import { DeleteButton } from '../components/delete-button.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { FormPlaceholder, FormScreen } from '../components/form-screen.tsx';
import { useDb } from '../db-context.ts';
import { useT } from '../i18n/i18n.ts';
import { useLiveQuery } from '../live-query.ts';
import { paths } from '../paths.ts';
import { useProfile } from '../profile-context.ts';
import { failureMessage, focusFirstError, issueMessages, useForm } from '../use-form.ts';

export default function HouseholdFormScreen() {
  const db = useDb();
  const id = useRoute().params.id;
  const found = useLiveQuery(
    async () => (id ? ((await getHousehold(db, id))?.household ?? null) : null),
    [db, id],
  );
  if (id === undefined) return <HouseholdForm />;
  if (found === undefined || found === null)
    return <FormPlaceholder gone={found === null} backHref={paths.list} />;
  return <HouseholdForm key={found.id} existing={found} />;
}

function HouseholdForm({ existing }: { existing?: Household }) {
  const t = useT();
  const db = useDb();
  const profile = useProfile();
  const { route } = useLocation();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm(`household:${existing?.id ?? 'new'}`, {
    villageId: existing?.villageId ?? profile.villageId,
    headName: existing?.headName ?? '',
    address: existing?.address ?? '',
    householdCode: existing?.householdCode ?? '',
    phone: existing?.phone ?? '',
    note: existing?.note ?? '',
  });
  const { values, errors } = form;
  const back = existing ? paths.household(existing.id) : paths.list;

  const save = async () => {
    if (saving) return;
    setSaving(true);
    const result = existing
      ? await updateRecord(db, 'household', existing.id, values)
      : await createRecord(db, 'household', values);
    setSaving(false);
    if (result.ok) {
      form.saved();
      // Replace the form in the history: Back from the household goes to the list, not the form.
      route(paths.household(result.record.id), true);
      return;
    }
    const fieldErrors = result.code === 'invalid' ? issueMessages(t, result.issues) : {};
    form.setErrors(fieldErrors);
    setFormError(failureMessage(t, result));
    focusFirstError(fieldErrors);
  };

  const remove = async () => {
    if (!existing) return;
    const result = await deleteRecord(db, 'household', existing.id);
    if (result.ok || result.code === 'not_found') {
      form.saved();
      route(paths.list, true);
    } else setFormError(failureMessage(t, result));
  };

  // Moving a household between villages only makes sense for a volunteer of several villages.
  const villages = profile.villages.some((v) => v.id === values.villageId)
    ? profile.villages
    : [...profile.villages, { id: values.villageId, name: values.villageId }];

  return (
    <FormScreen
      title={existing ? t.householdForm.titleEdit : t.householdForm.titleNew}
      backHref={back}
      backLabel={existing ? t.app.backToHousehold : t.app.backToList}
      saving={saving}
      formError={formError}
      onSubmit={() => void save()}
      remove={
        existing && (
          <DeleteButton
            question={t.form.confirmDeleteHousehold(existing.headName)}
            detail={t.form.confirmDeleteHouseholdDetail}
            onDelete={remove}
          />
        )
      }
    >
      <TextField
        name="headName"
        label={t.householdForm.headName}
        value={values.headName}
        onInput={form.set('headName')}
        error={errors.headName}
        autoComplete="off"
      />
      <TextField
        name="address"
        label={t.householdForm.address}
        value={values.address}
        onInput={form.set('address')}
        error={errors.address}
      />
      <TextField
        name="householdCode"
        label={t.householdForm.householdCode}
        optional
        value={values.householdCode}
        onInput={form.set('householdCode')}
        error={errors.householdCode}
      />
      <TextField
        name="phone"
        type="tel"
        inputMode="tel"
        label={t.householdForm.phone}
        optional
        value={values.phone}
        onInput={form.set('phone')}
        error={errors.phone}
      />
      {villages.length > 1 && (
        <SelectField
          name="villageId"
          label={t.householdForm.village}
          value={values.villageId}
          options={villages.map((v) => ({ value: v.id, label: v.name }))}
          onChange={form.set('villageId')}
          error={errors.villageId}
        />
      )}
      <TextField
        name="note"
        label={t.householdForm.note}
        optional
        multiline
        value={values.note}
        onInput={form.set('note')}
        error={errors.note}
      />
    </FormScreen>
  );
}
