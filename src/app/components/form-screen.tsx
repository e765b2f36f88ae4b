// The frame every record form shares: way back, title, the form with its error summary, and the
// actions (save, cancel, and delete when editing).
import type { ComponentChildren } from 'preact';
import { useT } from '../i18n/i18n.ts';
import { BackLink } from './back-link.tsx';

interface Props {
  title: string;
  backHref: string;
  backLabel: string;
  saving: boolean;
  /** Why the last save failed, for the summary at the top (each field also shows its own error). */
  formError: string | null;
  onSubmit: () => void;
  /** A delete button, when the form edits a record that exists. */
  remove?: ComponentChildren;
  children: ComponentChildren;
}

export function FormScreen(props: Props) {
  const t = useT();
  return (
    <section class="screen form-screen">
      <BackLink href={props.backHref} label={props.backLabel} />
      <h1>{props.title}</h1>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        {props.formError && (
          <p class="form-error" role="alert">
            {props.formError}
          </p>
        )}
        {props.children}
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={props.saving}>
            {props.saving ? t.form.saving : t.form.save}
          </button>
          <a class="button" href={props.backHref}>
            {t.form.cancel}
          </a>
        </div>
      </form>
      {props.remove && <div class="form-delete">{props.remove}</div>}
    </section>
  );
}

/** What a form screen shows while its record loads, or when it is gone. */
export function FormPlaceholder({ gone, backHref }: { gone: boolean; backHref: string }) {
  const t = useT();
  return (
    <section class="screen">
      <BackLink href={backHref} label={t.app.backToHousehold} />
      <p class="muted">{gone ? t.form.gone : t.app.loading}</p>
    </section>
  );
}
