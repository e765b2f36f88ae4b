// Sign-in: the first screen of a new phone (and of a shared phone after a sign-out), and again after
// the sign-in expired (the phone number filled in, everything on the phone kept). The server's
// answers are said in plain Vietnamese: wrong number or password, too many attempts, no network.
// It shows before Dexie has loaded, and loads the sign-in flow with Dexie at the first try.
import { useState } from 'preact/hooks';
import { normalisePhone } from '../../domain/users.ts';
import type { SignInFailure } from '../shell/account-flow.ts';
import { BackLink } from '../components/back-link.tsx';
import { TextField } from '../components/fields.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { useT } from '../i18n/i18n.ts';
import type { Messages } from '../i18n/vi.ts';
import { paths } from '../shell/paths.ts';
import { wasRevoked } from '../shell/revoked-notice.ts';
import { useAccount } from '../shell/use-account.ts';
import { tooOldText } from '../text/sync-text.ts';
import { focusFirstError, type Errors } from '../forms/use-form.ts';

function failureText(t: Messages, failure: SignInFailure, again: boolean): string {
  switch (failure.kind) {
    case 'invalid_credentials':
    case 'unauthenticated':
      return t.signIn.invalidCredentials;
    case 'rate_limited':
      return t.signIn.rateLimited(Math.max(1, Math.ceil(failure.retryAfterMs / 60_000)));
    case 'network':
      return again ? t.signIn.networkAgain : t.signIn.network;
    case 'client_too_old':
      return tooOldText(t);
    // The server's own words are for its operator (its log), not for the volunteer. Forbidden, not
    // found and other refusals are no answers of the sign-in endpoints; a proxy in the way could
    // still give them.
    case 'server':
    case 'refused':
    case 'forbidden':
    case 'not_found':
      return t.signIn.server;
    case 'other_user_pending':
      return t.signIn.otherUserPending(failure.pending, failure.name);
  }
}

export default function SignInScreen() {
  const t = useT();
  const { notebook, services, session, setSession, sync, route } = useAccount();
  const again = session !== null;
  const [phone, setPhone] = useState(session?.user.phone ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [revoked] = useState(wasRevoked);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const number = normalisePhone(phone);
    const problems: Errors = {};
    if (!number) problems.phone = phone.trim() === '' ? t.reason.required : t.signIn.phoneInvalid;
    if (password === '') problems.password = t.reason.required;
    setErrors(problems);
    if (!number || password === '') return focusFirstError(problems);
    setBusy(true);
    setFailure(null);
    // The flow (and Dexie, to write the notebook) loads at the first try: the screen shows without it.
    // Its code missing with no network is said like any other sign-in with no network.
    const flow = await import('../shell/account-flow.ts').catch(() => null);
    if (!flow) {
      setBusy(false);
      setFailure(failureText(t, { kind: 'network', message: 'code not loaded' }, again));
      return;
    }
    const result = await flow.signIn({
      db: await notebook.open(),
      services,
      credentials: { phone: number, password },
      previous: session,
      halt: sync.halt,
    });
    setBusy(false);
    if (!result.ok) {
      setPassword('');
      setFailure(failureText(t, result.failure, again));
      return;
    }
    setSession(result.session);
    if (result.sameUser) void sync.signedIn();
    if (again) route(paths.list, true);
  };

  return (
    <section class="screen sign-in">
      {again && <BackLink href={paths.list} label={t.app.backToList} />}
      <h1>{again ? t.signIn.againTitle : t.signIn.title}</h1>
      <p class="lead">{again ? t.signIn.againIntro : t.signIn.intro}</p>
      {!again && <LanguageSwitch />}
      {!again && revoked && (
        <p class="notice" role="status">
          {t.signIn.revoked}
        </p>
      )}
      <form class="form" noValidate onSubmit={(e) => void submit(e)}>
        {failure && (
          <p class="form-error" role="alert">
            {failure}
          </p>
        )}
        <TextField
          name="phone"
          type="tel"
          inputMode="numeric"
          autoComplete="username"
          label={t.signIn.phone}
          value={phone}
          onInput={(v) => {
            setPhone(v);
            setErrors((x) => ({ ...x, phone: undefined }));
          }}
          error={errors.phone}
        />
        <TextField
          name="password"
          type="password"
          autoComplete="current-password"
          label={t.signIn.password}
          value={password}
          onInput={(v) => {
            setPassword(v);
            setErrors((x) => ({ ...x, password: undefined }));
          }}
          error={errors.password}
        />
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? t.signIn.submitting : t.signIn.submit}
          </button>
        </div>
      </form>
      {!again && (
        <div class="setup-ways">
          <p>{t.signIn.orSetup}</p>
          <div class="form-actions">
            <a class="button" href={paths.setup(true)}>
              {t.signIn.scanSetup}
            </a>
            <a class="button" href={paths.setup()}>
              {t.signIn.typeSetup}
            </a>
          </div>
        </div>
      )}
    </section>
  );
}
