// The officer's settings: who is signed in, the language, and "Đăng xuất" (which also removes the
// overview saved on this device). Volunteers have their own settings screen, with their villages.
import { AccountInfo } from '../components/account-info.tsx';
import { BackLink } from '../components/back-link.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { SignOutButton } from '../components/sign-out-button.tsx';
import { useT } from '../i18n/i18n.ts';
import { paths } from '../shell/paths.ts';
import { useReviewT } from './messages.ts';

export default function ReviewAccount() {
  const t = useT();
  const r = useReviewT();
  return (
    <section class="screen settings">
      <BackLink href={paths.review()} label={r.village.back} />
      <h1>{t.settings.title}</h1>
      <AccountInfo />
      <LanguageSwitch />
      <SignOutButton />
    </section>
  );
}
