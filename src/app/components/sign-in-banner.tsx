// The sign-in expired or was revoked: everything stays on the phone, nothing syncs until the person
// signs in again. Shown above every screen until then. The same for a build the server no longer
// serves (426 client_too_old, [V5]): "Cần cập nhật ứng dụng", the edits kept, until the new build runs (its
// "Có phiên bản mới" banner comes as soon as the service worker has it).
import { useLocation } from 'preact-iso';
import { useT } from '../i18n/i18n.ts';
import { paths } from '../shell/paths.ts';
import { useSync } from '../shell/sync-context.tsx';

export function SignInBanner() {
  const t = useT();
  const { active, status } = useSync();
  const { path } = useLocation();
  if (active && status.needsUpdate) {
    return (
      <div class="session-banner too-old" role="alert" data-sync-state="client-too-old">
        <span>
          {t.sync.tooOld}. <span class="too-old-detail">{t.sync.tooOldDetail}</span>
        </span>
      </div>
    );
  }
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
