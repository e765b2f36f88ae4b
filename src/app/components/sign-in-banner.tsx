// The sign-in expired or was revoked: everything stays on the phone, nothing syncs until the person
// signs in again. Shown above every screen until then.
import { useLocation } from 'preact-iso';
import { useT } from '../i18n/i18n.ts';
import { paths } from '../paths.ts';
import { useSync } from '../sync-context.tsx';

export function SignInBanner() {
  const t = useT();
  const { active, status } = useSync();
  const { path } = useLocation();
  // On the sign-in form itself the banner would only repeat the form's own words.
  if (!active || !status.needsSignIn || path === paths.signInAgain) return null;
  return (
    <div class="session-banner" role="alert">
      <span>{t.sync.expired}</span>
      <a class="button small" href={paths.signInAgain}>
        {t.sync.signInAgain}
      </a>
    </div>
  );
}
