// Who is signed in on this phone, with the role, as the settings screens show it.
import { useT } from '../i18n/i18n.ts';
import { useSession } from '../shell/session-context.ts';

export function AccountInfo() {
  const t = useT();
  const { session } = useSession();
  if (!session) return null;
  return (
    <div class="field">
      <p class="label">{t.settings.account}</p>
      <p class="account" data-user-id={session.user.id}>
        {t.settings.signedInAs(session.user.name, session.user.phone)}
        <br />
        <span class="muted">{t.settings.role[session.user.role]}</span>
      </p>
    </div>
  );
}
