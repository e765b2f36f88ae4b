// The settings' "Khoá sổ" (issue 16): lock now (before handing the phone over), change the PIN, and
// turn the fingerprint unlock on or off where the phone offers it. Shown for a sealed notebook only.
// Every PIN typed here is counted as at the lock screen: the fifth wrong one locks the notebook, and
// then only the password (online) opens it.
import { useEffect, useState } from 'preact/hooks';
import {
  MAX_PIN_FAILURES,
  changeNotebookPin,
  disableDeviceUnlock,
  enableDeviceUnlock,
  readKeyring,
} from '../../db/crypto/notebook-keys.ts';
import { FormError } from '../components/fields.tsx';
import { useT } from '../i18n/i18n.ts';
import { useDb } from '../shell/db-context.ts';
import { useSession } from '../shell/session-context.ts';
import { NewPinForm, PinField } from './pin-fields.tsx';

type Mode = 'idle' | 'change' | 'device';
type PinFailure = { code: 'wrong_pin'; failures: number } | { code: 'too_many' | 'no_keyring' };

export function LockSettings() {
  const t = useT();
  const db = useDb();
  const { session } = useSession();
  const [sealed, setSealed] = useState(false);
  const [deviceOn, setDeviceOn] = useState(false);
  const [offered, setOffered] = useState(false);
  const [mode, setMode] = useState<Mode>('idle');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState('');

  const reload = () =>
    readKeyring(db).then((keyring) => {
      setSealed(keyring !== null);
      setDeviceOn(Boolean(keyring?.byDevice));
    });
  useEffect(() => {
    void reload();
    // The WebAuthn code loads only where it may be offered (the settings, the lock screen).
    void import('./device-unlock.ts').then((m) => m.deviceUnlockOffered()).then(setOffered);
  }, [db]);

  /** A wrong PIN said with the tries left; the fifth locks the notebook (the lock screen asks the password). */
  const pinFailed = (result: PinFailure) => {
    if (result.code === 'too_many') return db.lock.lock();
    setFailure(
      result.code === 'wrong_pin' ? t.lock.wrongPin(MAX_PIN_FAILURES - result.failures) : t.app.readError,
    );
  };
  const start = (next: Mode) => {
    setMode(next);
    setFailure(null);
    setNotice('');
  };

  const changePin = async (pin: string, current: string) => {
    setBusy(true);
    setFailure(null);
    const result = await changeNotebookPin(db, current, pin);
    setBusy(false);
    if (!result.ok) return pinFailed(result);
    setMode('idle');
    setNotice(t.settings.pinChanged);
  };

  const turnOn = async (pin: string) => {
    if (!session) return;
    setBusy(true);
    setFailure(null);
    const { enrolDevice } = await import('./device-unlock.ts');
    const result = await enableDeviceUnlock(db, pin, () => enrolDevice(session.user));
    setBusy(false);
    if (!result.ok) {
      if (result.code === 'not_enrolled') return setFailure(t.settings.deviceNotEnrolled);
      return pinFailed(result);
    }
    setMode('idle');
    setNotice(t.settings.deviceEnabled);
    await reload();
  };

  const turnOff = async () => {
    await disableDeviceUnlock(db);
    setNotice(t.settings.deviceDisabled);
    await reload();
  };

  if (!sealed) return null;
  return (
    <section class="lock-settings" aria-labelledby="lock-settings-title">
      <h2 id="lock-settings-title">{t.settings.security}</h2>
      <p class="muted">{t.settings.lockNowHint}</p>
      <div class="form-actions">
        <button type="button" class="button" onClick={() => db.lock.lock()}>
          {t.settings.lockNow}
        </button>
        {mode !== 'change' && (
          <button type="button" class="button" onClick={() => start('change')}>
            {t.settings.changePin}
          </button>
        )}
      </div>
      {mode === 'change' && (
        <NewPinForm
          withCurrent
          submitLabel={t.settings.changePin}
          busyLabel={t.lock.unlocking}
          busy={busy}
          failure={failure}
          submit={(pin, current) => void changePin(pin, current)}
          cancel={{ label: t.settings.cancel, onClick: () => start('idle') }}
        />
      )}

      {(offered || deviceOn) && (
        <div class="lock-device-setting">
          <h3>{t.settings.device}</h3>
          <p class="muted">{t.settings.deviceIntro}</p>
          {deviceOn && <p>{t.settings.deviceOn}</p>}
          {deviceOn ? (
            <button type="button" class="button" onClick={() => void turnOff()}>
              {t.settings.deviceTurnOff}
            </button>
          ) : mode === 'device' ? (
            <DevicePinForm
              busy={busy}
              failure={failure}
              submit={(pin) => void turnOn(pin)}
              cancel={() => start('idle')}
            />
          ) : (
            <button type="button" class="button" onClick={() => start('device')}>
              {t.settings.deviceTurnOn}
            </button>
          )}
        </div>
      )}
      <p class="notice" role="status">
        {notice}
      </p>
    </section>
  );
}

/** The PIN that turns the fingerprint on: it proves the person and opens the key to wrap. */
function DevicePinForm(props: {
  busy: boolean;
  failure: string | null;
  submit: (pin: string) => void;
  cancel: () => void;
}) {
  const t = useT();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const onSubmit = (e: Event) => {
    e.preventDefault();
    if (props.busy) return;
    setError(pin.length === 6 ? undefined : t.lock.pinFormat);
    if (pin.length !== 6) return document.getElementById('pin-device')?.focus();
    props.submit(pin);
    setPin('');
  };
  return (
    <form class="form" noValidate onSubmit={onSubmit}>
      <FormError text={props.failure} />
      <PinField
        name="pin-device"
        label={t.settings.deviceConfirmPin}
        value={pin}
        error={error}
        onInput={setPin}
      />
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={props.busy}>
          {t.settings.deviceTurnOn}
        </button>
        <button type="button" class="button" onClick={props.cancel}>
          {t.settings.cancel}
        </button>
      </div>
    </form>
  );
}
