// Signed in, but the phone does not know the person's villages yet (the sign-in's villages request
// failed, or the account has none): ask the server again, or say why the notebook cannot open.
import { useEffect, useState } from 'preact/hooks';
import { refreshVillages } from '../shell/account-flow.ts';
import { SignOutButton } from '../components/sign-out-button.tsx';
import { useDb } from '../shell/db-context.ts';
import { useT } from '../i18n/i18n.ts';
import { useServices } from '../shell/services.ts';
import { useSession } from '../shell/session-context.ts';

type State = { kind: 'loading' } | { kind: 'none' } | { kind: 'failed'; why: string };

export default function VillagesGate() {
  const t = useT();
  const db = useDb();
  const services = useServices();
  const { session } = useSession();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!session) return;
    let current = true;
    setState({ kind: 'loading' });
    // On success the profile is written and the app shell replaces this screen with the list.
    void refreshVillages(db, services, session).then((result) => {
      if (!current) return;
      if (result.ok) {
        if (result.villages === 0) setState({ kind: 'none' });
        return;
      }
      const f = result.failure;
      const why =
        f.kind === 'network'
          ? t.sync.failure.network
          : f.kind === 'unauthenticated'
            ? t.sync.failure.unauthenticated
            : f.kind === 'rate_limited'
              ? t.sync.failure.rate_limited
              : f.kind === 'server'
                ? t.sync.failure.server
                : t.sync.failure.refused;
      setState({ kind: 'failed', why });
    });
    return () => {
      current = false;
    };
  }, [db, services, session, attempt]);

  return (
    <section class="screen">
      <h1>{t.settings.account}</h1>
      {session && <p class="lead">{t.settings.signedInAs(session.user.name, session.user.phone)}</p>}
      {state.kind === 'loading' && <p class="muted">{t.villages.loading}</p>}
      {state.kind === 'none' && <p class="notice warning">{t.villages.none}</p>}
      {state.kind === 'failed' && (
        <>
          <p class="notice warning" role="alert">
            {t.villages.failed(state.why)}
          </p>
          <button type="button" class="button primary" onClick={() => setAttempt((n) => n + 1)}>
            {t.villages.retry}
          </button>
        </>
      )}
      <SignOutButton />
    </section>
  );
}
