// What a commune police officer sees after signing in, until their review screens come (a later
// version): who is signed in, a short notice, and "Đăng xuất".
import { SignOutButton } from '../components/sign-out-button.tsx';
import { useT } from '../i18n/i18n.ts';
import { useSession } from '../session-context.ts';

export default function PoliceScreen() {
  const t = useT();
  const { session } = useSession();
  return (
    <section class="screen">
      <h1>{t.police.title}</h1>
      {session && <p class="lead">{t.settings.signedInAs(session.user.name, session.user.phone)}</p>}
      <p class="notice">{t.police.notice}</p>
      <SignOutButton />
    </section>
  );
}
