// Add a household to the current village, or edit one (and delete it, with everything under it).
import { useRoute } from 'preact-iso';
import type { Household } from '../../domain/records.ts';
import { getHousehold } from '../../db/queries.ts';
import { DeleteButton } from '../components/delete-button.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { FormPlaceholder, FormScreen } from '../components/form-screen.tsx';
import { useDb } from '../db-context.ts';
import { useT } from '../i18n/i18n.ts';
import { useLiveQuery } from '../live-query.ts';
import { paths } from '../paths.ts';
import { useProfile } from '../profile-context.ts';
import { useForm } from '../use-form.ts';
import { useRecordSave } from '../use-record-form.ts';

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
  const profile = useProfile();
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
  const { saving, formError, save, remove } = useRecordSave({
    entity: 'household',
    existingId: existing?.id,
    form,
    // The saved household opens in place of the form: Back from it goes to the list, not the form.
    savedTo: paths.household,
    exitTo: paths.list,
  });

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
      onSubmit={() => void save(values)}
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
