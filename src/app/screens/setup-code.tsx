// A new phone set up with a one-time code from the commune police (SYNC-API.md [M20]–[M24]): the QR
// code of the set-up sheet scanned with the camera built for CCCD cards, or its 8 characters typed.
// A phone's own camera app that opens the sheet's address lands here with the code in the address's
// fragment: it fills the field (and leaves the address at once), and the volunteer signs in with a tap.
import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  formatSetupCode,
  looksLikeSetupCode,
  normaliseSetupCode,
  setupCodeFromQr,
} from '../../domain/setup-code.ts';
import { BackLink } from '../components/back-link.tsx';
import { TextField } from '../components/fields.tsx';
import { useT } from '../i18n/i18n.ts';
import type { Messages } from '../i18n/vi.ts';
import type { SignInFailure } from '../shell/account-flow.ts';
import { paths } from '../shell/paths.ts';
import { useAccount } from '../shell/use-account.ts';
import { usePageVisible, useQrCamera } from '../scan/use-qr-camera.ts';
import { tooOldText } from '../text/sync-text.ts';

function failureText(t: Messages, failure: SignInFailure): string {
  switch (failure.kind) {
    case 'invalid_credentials':
    case 'unauthenticated':
      return t.setup.invalid;
    case 'rate_limited':
      return t.signIn.rateLimited(Math.max(1, Math.ceil(failure.retryAfterMs / 60_000)));
    case 'network':
      return t.signIn.network;
    case 'client_too_old':
      return tooOldText(t);
    case 'other_user_pending':
      return t.signIn.otherUserPending(failure.pending, failure.name);
    default:
      return t.signIn.server;
  }
}

export default function SetupCodeScreen() {
  const t = useT();
  const { notebook, services, session, setSession, sync, route } = useAccount();
  const { query } = useLocation();
  const [code, setCode] = useState(() => setupCodeFromQr(location.hash.slice(1)) ?? '');
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [scanning, setScanning] = useState(query.quet === '1');
  const video = useRef<HTMLVideoElement>(null);
  const visible = usePageVisible();
  const lastText = useRef('');

  useEffect(() => {
    // The code leaves the address (and the history) as soon as it is in the field.
    if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
  }, []);

  const submit = async (typed: string) => {
    if (busy) return;
    if (!looksLikeSetupCode(typed)) {
      setError(typed.trim() === '' ? t.reason.required : t.setup.codeInvalid);
      return;
    }
    setError(undefined);
    setBusy(true);
    setFailure(null);
    const flow = await import('../shell/account-flow.ts').catch(() => null);
    if (!flow) {
      setBusy(false);
      setFailure(t.signIn.network);
      return;
    }
    const result = await flow.signIn({
      db: await notebook.open(),
      services,
      credentials: { code: normaliseSetupCode(typed) },
      previous: session,
      halt: sync.halt,
    });
    setBusy(false);
    if (!result.ok) return setFailure(failureText(t, result.failure));
    setSession(result.session);
    route(paths.list, true);
  };

  /** A scanned text: a set-up code signs in at once; anything else is said and the camera goes on. */
  const read = (text: string): boolean => {
    if (text === lastText.current) return false;
    lastText.current = text;
    const found = setupCodeFromQr(text);
    if (!found) {
      setFailure(t.setup.notSetupQr);
      return false;
    }
    setCode(formatSetupCode(found));
    setScanning(false);
    void submit(found);
    return true;
  };
  const { camera } = useQrCamera(video, scanning && visible, read);
  const cameraFailed = scanning && camera.state === 'failed' ? camera.why : null;

  return (
    <section class="screen sign-in setup-code">
      <BackLink href={paths.list} label={t.setup.withPassword} />
      <h1>{t.setup.title}</h1>
      <p class="lead">{t.setup.intro}</p>
      <div class="scan-view" hidden={!scanning || cameraFailed !== null}>
        <video ref={video} class="scan-video" muted playsInline />
        {camera.state === 'starting' && <p class="scan-starting">{t.scan.starting}</p>}
      </div>
      {scanning && <p>{t.setup.aim}</p>}
      {cameraFailed && (
        <p class="form-error" role="alert">
          {{ denied: t.scan.denied, no_camera: t.scan.noCamera, failed: t.scan.failed }[cameraFailed]}
        </p>
      )}
      <div class="form-actions">
        <button
          type="button"
          class="button"
          aria-pressed={scanning}
          onClick={() => {
            lastText.current = '';
            setScanning(!scanning);
          }}
        >
          {scanning ? t.setup.stopScan : t.setup.scan}
        </button>
      </div>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit(code);
        }}
      >
        {failure && (
          <p class="form-error" role="alert">
            {failure}
          </p>
        )}
        <TextField
          name="setup-code"
          label={t.setup.code}
          hint={t.setup.codeHint}
          autoComplete="one-time-code"
          value={code}
          onInput={(v) => {
            setCode(v);
            setError(undefined);
          }}
          error={error}
        />
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? t.setup.submitting : t.setup.submit}
          </button>
        </div>
      </form>
    </section>
  );
}
