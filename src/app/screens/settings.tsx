// Settings: who is signed in, the language, the village being worked in (among the villages the
// server gives the account), the notebook's lock (PIN, fingerprint), and "Đăng xuất".
import { useState } from 'preact/hooks';
import { setProfile } from '../../db/settings.ts';
import { AccountInfo } from '../components/account-info.tsx';
import { BackLink } from '../components/back-link.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { LockSettings } from '../lock/lock-settings.tsx';
import { SignOutButton } from '../components/sign-out-button.tsx';
import { useDb } from '../shell/db-context.ts';
import { useT } from '../i18n/i18n.ts';
import { paths } from '../shell/paths.ts';
import { useProfile } from '../shell/profile-context.ts';

export default function SettingsScreen() {
  const t = useT();
  const db = useDb();
  const profile = useProfile();
  const [notice, setNotice] = useState('');

  const choose = async (villageId: string) => {
    const village = profile.villages.find((v) => v.id === villageId);
    if (!village) return;
    await setProfile(db, { ...profile, villageId });
    setNotice(t.settings.villageSwitched(village.name));
  };

  return (
    <section class="screen settings">
      <BackLink href={paths.list} label={t.app.backToList} />
      <h1>{t.settings.title}</h1>

      <AccountInfo />

      <LanguageSwitch />

      {profile.villages.length > 1 && (
        <fieldset class="field">
          <legend>{t.settings.currentVillage}</legend>
          <div class="village-list">
            {profile.villages.map((v) => (
              <label key={v.id} class="village-option">
                <input
                  type="radio"
                  name="villageId"
                  value={v.id}
                  checked={profile.villageId === v.id}
                  onChange={() => void choose(v.id)}
                />
                <span>{v.name}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {profile.villages.length === 1 && (
        <div class="field">
          <p class="label">{t.settings.currentVillage}</p>
          <p>{profile.villages[0]!.name}</p>
        </div>
      )}
      <p class="notice" role="status">
        {notice}
      </p>

      <LockSettings />

      <SignOutButton />
    </section>
  );
}
