// An ID number shown masked (`••• ••• ••2345`) until asked for (issue 16): someone looking over the
// volunteer's shoulder, or a screenshot of the police view, carries four digits, not the number. The
// whole number comes from `reveal`: the phone's own record, or the server, which audits the request.
import { useState } from 'preact/hooks';
import { useT } from '../i18n/i18n.ts';
import { groupIdNumber, maskIdNumber } from '../text/record-format.ts';

export function IdNumber(props: {
  /** The whole number or its last digits; null when the person has none. */
  shown: string | null;
  /** The whole number: null when it cannot be had now (offline police view), said beside it. */
  reveal: () => Promise<string | null>;
  /** Says whose number it is to a screen reader ("Hiện số định danh của …"). */
  whose: string;
}) {
  const t = useT();
  const [whole, setWhole] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  if (props.shown === null) return <span class="muted">{t.household.noIdNumber}</span>;
  const toggle = async () => {
    if (whole) return setWhole(null);
    setBusy(true);
    const value = await props.reveal().catch(() => null);
    setBusy(false);
    setFailed(value === null);
    setWhole(value);
  };
  return (
    <span class="id-number-wrap">
      <span class="id-number">{whole ? groupIdNumber(whole) : maskIdNumber(props.shown)}</span>{' '}
      <button
        type="button"
        class="id-reveal"
        aria-pressed={whole !== null}
        disabled={busy}
        onClick={() => void toggle()}
      >
        {whole ? t.household.hideId : t.household.showId}
        <span class="visually-hidden"> {props.whose}</span>
      </button>
      {failed && (
        <span class="field-error" role="alert">
          {t.household.revealFailed}
        </span>
      )}
    </span>
  );
}
