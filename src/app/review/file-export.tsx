// The export buttons of the police's issue-17 screens (a campaign's result, a trend, the VNeID funnel):
// CSV, Excel and an A4 print, one file at a time, "Đang tạo tệp…" meanwhile, and the reason in words
// when a file could not be made. What goes in the file is the screen's `make`, which loads the
// spreadsheet writers on the tap (never with the screen).
import { useState } from 'preact/hooks';
import { useReviewT } from './messages.ts';

export type FileKind = 'csv' | 'xlsx';

export function FileExport(props: {
  label: string;
  print: string;
  /** The section's own class, next to `review-export`. */
  name?: string;
  make: (kind: FileKind) => Promise<void>;
}) {
  const r = useReviewT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const run = async (kind: FileKind) => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      await props.make(kind);
    } catch (e) {
      setError(r.actions.exportFailed(e instanceof Error ? e.message : String(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class={`review-export screen-only${props.name ? ` ${props.name}` : ''}`}>
      <div class="export-group" role="group" aria-label={props.label}>
        <span class="export-label">{props.label}</span>
        <button type="button" class="button small" disabled={busy} onClick={() => void run('csv')}>
          {r.actions.csv}
        </button>
        <button type="button" class="button small" disabled={busy} onClick={() => void run('xlsx')}>
          {r.actions.xlsx}
        </button>
        <button type="button" class="button small print" onClick={() => window.print()}>
          {props.print}
        </button>
      </div>
      {busy && <p class="muted">{r.actions.working}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
