// What a signed-in person sees while the notebook is locked (issue 16): set a PIN (a new phone, or the
// first start of the build that brings encryption, which seals the notebook in place with its pending
// edits), or unlock with it; after 5 wrong PINs, or a forgotten one, sign in again with the password
// (online) and choose a new PIN. Nothing here ever deletes an edit. The shell shows the notebook again
// as soon as the lock opens (app.tsx listens to it).
import { useEffect, useState } from 'preact/hooks';
import {
  MAX_PIN_FAILURES,
  pinFailures,
  readKeyring,
  recoverWithNewPin,
  sealNotebook,
  unlockByDevice,
  unlockByPin,
} from '../../db/crypto/notebook-keys.ts';
import type { DeviceWrappedKey } from '../../db/crypto/keyring.ts';
import type { NotebookDb } from '../../db/db.ts';
import type { Session } from '../../sync/session.ts';
import { FormError, TextField } from '../components/fields.tsx';
import { useT } from '../i18n/i18n.ts';
import type { AppServices } from '../shell/services.ts';
import { NewPinForm, PinField } from './pin-fields.tsx';

export interface LockGateProps {
  db: NotebookDb;
  session: Session;
  setSession: (session: Session) => void;
  services: AppServices;
  /** Locked by the idle timer (rather than at start): said above the PIN. */
  idle: boolean;
}

/** The account's recovery secret when the server can be reached now, else null. */
async function fetchRecovery(services: AppServices): Promise<Uint8Array<ArrayBuffer> | null> {
  const session = await services.sessions.get();
  if (!session) return null;
  const answer = await services.account.recoveryKey(session.token);
  return answer.ok ? answer.value : null;
}

export default function LockGate(props: LockGateProps) {
  const { db } = props;
  // undefined while read; then whether the notebook has a keyring, how many wrong PINs it counts, and
  // the fingerprint's credential when turned on.
  const [state, setState] = useState<
    { sealed: boolean; failures: number; device: DeviceWrappedKey | null } | undefined
  >(undefined);
  const [recovering, setRecovering] = useState(false);
  const reload = () =>
    Promise.all([readKeyring(db), pinFailures(db)]).then(([keyring, failures]) =>
      setState({ sealed: keyring !== null, failures, device: keyring?.byDevice ?? null }),
    );
  useEffect(() => {
    void reload();
  }, [db]);
  if (!state) return null;
  if (!state.sealed) return <PinSetup {...props} onAlreadySealed={() => void reload()} />;
  if (recovering || state.failures >= MAX_PIN_FAILURES)
    return (
      <Recover
        {...props}
        tooMany={state.failures >= MAX_PIN_FAILURES}
        back={state.failures < MAX_PIN_FAILURES ? () => setRecovering(false) : null}
      />
    );
  return (
    <Unlock
      {...props}
      device={state.device}
      onTooMany={() => setState({ ...state, failures: MAX_PIN_FAILURES })}
      onForgot={() => setRecovering(true)}
    />
  );
}

function PinSetup({ db, services, onAlreadySealed }: LockGateProps & { onAlreadySealed: () => void }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (pin: string) => {
    setBusy(true);
    setFailure(null);
    try {
      // Online, the recovery wrap is made now; offline, at the first unlock with a network.
      const recovery = await fetchRecovery(services).catch(() => null);
      const sealed = await sealNotebook(db, pin, recovery);
      if (sealed === 'already_sealed') onAlreadySealed();
    } catch (error) {
      setFailure(`${t.app.readError} (${error instanceof Error ? error.name : 'Error'})`);
      setBusy(false);
    }
  };
  return (
    <section class="screen lock">
      <h1>{t.lock.setupTitle}</h1>
      <p class="lead">{t.lock.setupIntro}</p>
      <NewPinForm
        submitLabel={t.lock.setupSubmit}
        busyLabel={t.lock.sealing}
        busy={busy}
        failure={failure}
        submit={(pin) => void submit(pin)}
      />
    </section>
  );
}

function Unlock(
  props: LockGateProps & { device: DeviceWrappedKey | null; onTooMany: () => void; onForgot: () => void },
) {
  const { db, services, session, device } = props;
  const t = useT();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (pin.length !== 6) {
      setFailure(t.lock.pinFormat);
      return;
    }
    setBusy(true);
    const result = await unlockByPin(db, pin, () => fetchRecovery(services));
    if (result.ok) return; // the shell shows the notebook
    setBusy(false);
    setPin('');
    if (result.code === 'too_many') props.onTooMany();
    else if (result.code === 'wrong_pin') setFailure(t.lock.wrongPin(MAX_PIN_FAILURES - result.failures));
    else setFailure(t.app.readError);
    document.getElementById('pin')?.focus();
  };
  const byDevice = async () => {
    if (busy || !device) return;
    setBusy(true);
    setFailure(null);
    const { deviceSecret } = await import('./device-unlock.ts');
    const secret = await deviceSecret(device);
    const result = secret
      ? await unlockByDevice(db, secret, () => fetchRecovery(services))
      : ({ ok: false, code: 'cancelled' } as const);
    secret?.fill(0);
    if (result.ok) return; // the shell shows the notebook
    setBusy(false);
    if (result.code === 'too_many') props.onTooMany();
    // Cancelled, or an authenticator that no longer knows the credential: the PIN is there.
    else setFailure(result.code === 'cancelled' ? t.lock.deviceCancelled : t.lock.deviceFailed);
  };
  return (
    <section class="screen lock">
      <h1>{t.lock.unlockTitle}</h1>
      {props.idle && (
        <p class="notice" role="status">
          {t.lock.locked}
        </p>
      )}
      <p class="lead">{t.lock.unlockIntro(session.user.name)}</p>
      <form class="form" noValidate onSubmit={(e) => void submit(e)}>
        <FormError text={failure} />
        <PinField name="pin" label={t.lock.pin} value={pin} onInput={setPin} />
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? t.lock.unlocking : t.lock.unlockSubmit}
          </button>
        </div>
      </form>
      {device && (
        <p class="lock-device">
          <button type="button" class="button" disabled={busy} onClick={() => void byDevice()}>
            {t.lock.deviceSubmit}
          </button>
        </p>
      )}
      <p class="lock-alt">
        <button type="button" onClick={props.onForgot}>
          {t.lock.forgot}
        </button>
      </p>
    </section>
  );
}

/**
 * The password, online, then a new PIN: the login proves the account, its recovery secret opens the
 * notebook's key (docs/SECURITY.md). Only the signed-in account's own number: the notebook is theirs.
 */
function Recover(props: LockGateProps & { tooMany: boolean; back: (() => void) | null }) {
  const { db, services, session, setSession } = props;
  const t = useT();
  const [password, setPassword] = useState('');
  const [secret, setSecret] = useState<Uint8Array<ArrayBuffer> | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const signIn = async (e: Event) => {
    e.preventDefault();
    if (busy || password === '') return;
    setBusy(true);
    setFailure(null);
    const deviceId = await services.sessions.deviceId();
    const login = await services.account.login(session.user.phone, password, deviceId);
    setPassword('');
    if (!login.ok) {
      setBusy(false);
      const kind = login.failure.kind;
      setFailure(
        kind === 'network'
          ? t.lock.recoverOffline
          : kind === 'invalid_credentials' || kind === 'unauthenticated'
            ? t.signIn.invalidCredentials
            : kind === 'rate_limited'
              ? t.signIn.rateLimited(Math.max(1, Math.ceil(login.failure.retryAfterMs / 60_000)))
              : t.signIn.server,
      );
      return;
    }
    if (login.value.user.id !== session.user.id) {
      void services.account.logout(login.value.token).catch(() => undefined);
      setBusy(false);
      setFailure(t.lock.recoverFailed);
      return;
    }
    await services.sessions.save(login.value);
    setSession(login.value);
    const key = await services.account.recoveryKey(login.value.token);
    setBusy(false);
    if (!key.ok) setFailure(key.failure.kind === 'network' ? t.lock.recoverOffline : t.signIn.server);
    else setSecret(key.value);
  };

  const newPin = async (pin: string) => {
    if (!secret) return;
    setBusy(true);
    const result = await recoverWithNewPin(db, secret, pin);
    if (result.ok) return; // the shell shows the notebook
    setBusy(false);
    setFailure(t.lock.recoverFailed);
  };

  if (secret)
    return (
      <section class="screen lock">
        <h1>{t.lock.newPinTitle}</h1>
        <NewPinForm
          submitLabel={t.lock.setupSubmit}
          busyLabel={t.lock.unlocking}
          busy={busy}
          failure={failure}
          submit={(pin) => void newPin(pin)}
        />
      </section>
    );
  return (
    <section class="screen lock">
      <h1>{t.lock.recoverTitle}</h1>
      {props.tooMany && (
        <p class="notice" role="status">
          {t.lock.tooMany}
        </p>
      )}
      <p class="lead">{t.lock.recoverIntro(session.user.phone)}</p>
      <form class="form" noValidate onSubmit={(e) => void signIn(e)}>
        <FormError text={failure} />
        <TextField
          name="password"
          type="password"
          autoComplete="current-password"
          label={t.signIn.password}
          value={password}
          onInput={setPassword}
        />
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? t.signIn.submitting : t.lock.recoverSubmit}
          </button>
          {props.back && (
            <button type="button" class="button" onClick={props.back}>
              {t.lock.backToPin}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
