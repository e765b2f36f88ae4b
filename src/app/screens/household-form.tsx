// Add a household to the current village, or edit one (and delete it, with everything under it).
import { useRoute } from 'preact-iso';
import { OUT_OF_REACH, type Household } from '../../domain/records.ts';
import { getHousehold } from '../../db/queries.ts';
import { DeleteButton } from '../components/delete-button.tsx';
import { DateField, SelectField, TextField } from '../components/fields.tsx';
import { FormPlaceholder, FormScreen } from '../components/form-screen.tsx';
import { useDb } from '../shell/db-context.ts';
import { useT } from '../i18n/i18n.ts';
import { useLiveQuery } from '../device/live-query.ts';
import { paths } from '../shell/paths.ts';
import { useProfile } from '../shell/profile-context.ts';
import { useForm } from '../forms/use-form.ts';
import { useRecordSave } from '../forms/use-record-form.ts';
import { todayInVietnam } from '../device/today.ts';
import { dateInputText, parseDateInput } from '../forms/date-input.ts';

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
    outOfReach: existing?.outOfReach ?? '',
    outOfReachOn: dateInputText(existing?.outOfReachOn),
  });
  const { values } = form;
  // [R16] Marked out of reach without a date: from today; back in reach: no date either.
  const fields = () => {
    const typed = values.outOfReachOn.trim();
    const since = typed ? (parseDateInput(typed) ?? typed) : todayInVietnam();
    return { ...values, outOfReachOn: values.outOfReach ? since : '' };
  };
  const back = existing ? paths.household(existing.id) : paths.list;
  const { saving, formError, save, remove } = useRecordSave({
    entity: 'household',
    existingId: existing?.id,
    form,
    // The saved household opens in place of the form: Back from it goes to the list, not the form.
    savedTo: paths.household,
    exitTo: paths.list,
    dateFields: ['outOfReachOn'],
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
      onSubmit={() => void save(fields())}
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
      <TextField {...form.field('headName')} label={t.householdForm.headName} autoComplete="off" />
      <TextField {...form.field('address')} label={t.householdForm.address} />
      <TextField {...form.field('householdCode')} label={t.householdForm.householdCode} optional />
      <TextField {...form.field('phone')} type="tel" inputMode="tel" label={t.householdForm.phone} optional />
      {villages.length > 1 && (
        <SelectField
          {...form.field('villageId')}
          label={t.householdForm.village}
          options={villages.map((v) => ({ value: v.id, label: v.name }))}
        />
      )}
      <TextField {...form.field('note')} label={t.householdForm.note} optional multiline />
      {existing && (
        <>
          <SelectField
            {...form.field('outOfReach')}
            label={t.householdForm.outOfReach}
            hint={t.householdForm.outOfReachHint}
            options={[
              { value: '', label: t.householdForm.inReach },
              ...OUT_OF_REACH.map((r) => ({ value: r, label: t.outOfReach[r] })),
            ]}
          />
          {values.outOfReach && (
            <DateField {...form.field('outOfReachOn')} label={t.householdForm.outOfReachOn} optional />
          )}
        </>
      )}
    </FormScreen>
  );
}
