// Local set-up until sign-in arrives with the server: the volunteer's name, their villages (the id is
// a slug of the typed name) and the current one; also the language switch. Shown at first start.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { LANGUAGES, setLanguage, setProfile, type Language, type LocalProfile } from '../../db/settings.ts';
import { TextField } from '../components/fields.tsx';
import { useDb } from '../db-context.ts';
import { useLanguage, useT } from '../i18n/i18n.ts';
import { vi } from '../i18n/vi.ts';
import { paths } from '../paths.ts';
import { useOptionalProfile } from '../profile-context.ts';
import { markDirty } from '../unsaved.ts';
import { focusFirstError, useForm, type Errors } from '../use-form.ts';
import { villageSlug } from '../village-slug.ts';

type Village = LocalProfile['villages'][number];

const FORM_ID = 'setup';

export function SetupScreen() {
  const t = useT();
  const db = useDb();
  const profile = useOptionalProfile();
  const { route } = useLocation();
  const first = profile === null;
  const form = useForm(FORM_ID, { volunteerName: profile?.volunteerName ?? '', newVillage: '' });
  const [villages, setVillages] = useState<Village[]>(profile?.villages ?? []);
  const [current, setCurrent] = useState(profile?.villageId ?? '');
  const [saving, setSaving] = useState(false);
  const { values, errors, setErrors } = form;
  const typedSlug = villageSlug(values.newVillage);

  /** The typed village added to the list; an error message instead when it cannot be. */
  const withTypedVillage = (): { villages: Village[]; current: string } | string => {
    const name = values.newVillage.trim();
    if (name === '') return { villages, current };
    const id = villageSlug(name);
    if (id === null) return t.setup.villageNameInvalid;
    if (villages.some((v) => v.id === id)) return t.setup.villageExists;
    // A village just added is where the volunteer is about to work.
    return { villages: [...villages, { id, name }], current: id };
  };

  const addVillage = () => {
    const next = withTypedVillage();
    if (typeof next === 'string') return setErrors({ ...errors, newVillage: next });
    setVillages(next.villages);
    setCurrent(next.current);
    form.set('newVillage')('');
    markDirty(FORM_ID, true);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    if (saving) return;
    const next = withTypedVillage();
    const problems: Errors = {};
    if (values.volunteerName.trim() === '') problems.volunteerName = t.reason.required;
    if (typeof next === 'string') problems.newVillage = next;
    else if (next.villages.length === 0) problems.newVillage = t.setup.needVillage;
    if (Object.keys(problems).length > 0 || typeof next === 'string') {
      setErrors(problems);
      focusFirstError(problems);
      return;
    }
    setSaving(true);
    const villageId = next.villages.some((v) => v.id === next.current) ? next.current : next.villages[0]!.id;
    await setProfile(db, { volunteerName: values.volunteerName.trim(), villages: next.villages, villageId });
    form.saved();
    setSaving(false);
    route(paths.list);
  };

  return (
    <section class="screen">
      <h1>{first ? t.setup.welcome : t.setup.title}</h1>
      {first && <p class="lead">{t.setup.intro}</p>}
      <LanguageSwitch />
      <form class="form" onSubmit={(e) => void save(e)} noValidate>
        <TextField
          name="volunteerName"
          label={t.setup.volunteerName}
          value={values.volunteerName}
          onInput={form.set('volunteerName')}
          error={errors.volunteerName}
          autoComplete="name"
        />
        {villages.length > 0 && (
          <fieldset class="field">
            <legend>{t.setup.currentVillage}</legend>
            <div class="village-list">
              {villages.map((v) => (
                <label key={v.id} class="village-option">
                  <input
                    type="radio"
                    name="villageId"
                    value={v.id}
                    checked={current === v.id}
                    onChange={() => {
                      setCurrent(v.id);
                      markDirty(FORM_ID, true);
                    }}
                  />
                  <span>
                    {v.name} <span class="muted">({t.setup.villageId(v.id)})</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <div class="add-village">
          <TextField
            name="newVillage"
            label={villages.length === 0 ? t.setup.newVillageFirst : t.setup.newVillage}
            value={values.newVillage}
            onInput={form.set('newVillage')}
            error={errors.newVillage}
            hint={typedSlug ? t.setup.villageId(typedSlug) : t.setup.newVillageHint}
          />
          {villages.length > 0 && (
            <button type="button" class="button" onClick={addVillage}>
              {t.setup.addVillage}
            </button>
          )}
        </div>
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={saving}>
            {first ? t.setup.start : t.setup.save}
          </button>
          {!first && (
            <a class="button" href={paths.list}>
              {t.form.cancel}
            </a>
          )}
        </div>
      </form>
    </section>
  );
}

/** Switches at once (and is kept on the phone): each language is named in itself, as in every catalogue. */
function LanguageSwitch() {
  const t = useT();
  const db = useDb();
  const language = useLanguage();
  return (
    <div class="field">
      <p class="label" id="language-label">
        {t.setup.language}
      </p>
      <div class="segmented" role="group" aria-labelledby="language-label">
        {LANGUAGES.map((l: Language) => (
          <button
            key={l}
            type="button"
            lang={l}
            class="segment"
            aria-pressed={language === l}
            onClick={() => void setLanguage(db, l)}
          >
            {vi.language[l]}
          </button>
        ))}
      </div>
    </div>
  );
}
