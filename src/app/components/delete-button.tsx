// The delete button of a form: asks first, then runs the delete.
import { useState } from 'preact/hooks';
import { useT } from '../i18n/i18n.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';

interface Props {
  question: string;
  detail?: string | undefined;
  onDelete: () => Promise<void>;
}

export function DeleteButton({ question, detail, onDelete }: Props) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await onDelete();
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };
  return (
    <>
      <button type="button" class="button danger-outline" onClick={() => setAsking(true)}>
        {t.form.delete}
      </button>
      {asking && (
        <ConfirmDialog
          question={question}
          detail={detail}
          confirmLabel={t.form.delete}
          onConfirm={() => void confirm()}
          onCancel={() => setAsking(false)}
        />
      )}
    </>
  );
}
