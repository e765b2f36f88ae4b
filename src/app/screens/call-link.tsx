// A phone number as a call button: one tap at the gate to ring the household or a member.
import { useT } from '../i18n/i18n.ts';
import { telHref } from '../text/record-format.ts';

export function CallLink({ name, phone }: { name: string; phone: string }) {
  const t = useT();
  return (
    <a class="button small call" href={telHref(phone)} aria-label={t.household.call(name, phone)}>
      <span aria-hidden="true">☎</span> {phone}
    </a>
  );
}
