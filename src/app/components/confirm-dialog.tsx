// A modal question before something that cannot be undone (deleting a record queues a tombstone), or
// that is easy to do twice by mistake (a second visit logged the same day).
import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../i18n/i18n.ts';

interface Props {
  question: string;
  detail?: string | undefined;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** An answer that cannot be undone on the phone (the default): said so, and the button is red. */
  irreversible?: boolean;
}

export function ConfirmDialog({
  question,
  detail,
  confirmLabel,
  onConfirm,
  onCancel,
  irreversible = true,
}: Props) {
  const t = useT();
  const cancel = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // The safe answer has the focus: Enter by mistake does not delete.
    const opener = document.activeElement as HTMLElement | null;
    cancel.current?.focus();
    return () => opener?.focus();
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Tab') {
      // Keep the focus inside the dialog: two buttons, so Tab and Shift+Tab swap between them.
      e.preventDefault();
      (document.activeElement === cancel.current ? confirm : cancel).current?.focus();
    }
  };
  return (
    <div class="dialog-backdrop" onClick={(e) => e.target === e.currentTarget && onCancel()}>
      <div
        class="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="dialog-question"
        aria-describedby="dialog-detail"
        onKeyDown={onKeyDown}
      >
        <p id="dialog-question" class="dialog-question">
          {question}
        </p>
        <p id="dialog-detail">
          {detail && <>{detail} </>}
          {irreversible && t.form.confirmWarning}
        </p>
        <div class="dialog-actions">
          <button type="button" ref={cancel} class="button" onClick={onCancel}>
            {t.form.cancel}
          </button>
          <button
            type="button"
            ref={confirm}
            class={irreversible ? 'button danger' : 'button primary'}
            onClick={onConfirm}
          >
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
