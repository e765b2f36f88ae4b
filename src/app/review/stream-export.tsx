// "Danh sách toàn tỉnh" (issue 18): a whole province's households with a gap, or persons still missing a
// card or VNeID, as one CSV file that the server streams commune after commune ([RV2], [RV11]). The
// browser writes it to the file the officer picked as it arrives where it can, or gathers it and saves
// it at the end (download.ts saveStream says which, and why no link with the token is used). Whole ID
// numbers only when ticked, which the server records in each commune's trail; off again after each file.
import { useRef, useState } from 'preact/hooks';
import type { CsvFileRequest } from '../../sync/review-api.ts';
import { useServices } from '../shell/services.ts';
import { useSession } from '../shell/session-context.ts';
import { chooseSaveTarget, exportFileName, saveStream } from './download.ts';
import { whyText } from './failure.tsx';
import { formatMegabytes } from './format.ts';
import { useReviewT } from './messages.ts';
import { useProvinceT } from './province-messages.ts';

type Download =
  | { state: 'idle' }
  | { state: 'running'; list: CsvFileRequest['list']; bytes: number }
  | { state: 'saved'; filename: string; bytes: number }
  | { state: 'stopped' }
  | { state: 'failed'; message: string };

/** How often the size on screen moves while a file comes (every chunk would be a render each). */
const PROGRESS_EVERY_MS = 250;

export function StreamedLists({ areaId, areaName }: { areaId: string; areaName: string }) {
  const r = useReviewT();
  const m = useProvinceT();
  const { review } = useServices();
  const { session } = useSession();
  const [download, setDownload] = useState<Download>({ state: 'idle' });
  const [fullIds, setFullIds] = useState(false);
  const stopper = useRef<AbortController | null>(null);
  const running = download.state === 'running';

  const run = async (list: CsvFileRequest['list']) => {
    if (running) return;
    const full = list === 'persons' && fullIds;
    const kind = list === 'gaps' ? 'ho-con-thieu' : 'nhan-khau-con-thieu';
    const filename = exportFileName(kind, areaName, new Date().toISOString(), 'csv');
    // First, in the tap's own turn: the browser opens its save dialog only then.
    const target = await chooseSaveTarget(filename);
    if (!target) return;
    setFullIds(false);
    const controller = new AbortController();
    stopper.current = controller;
    setDownload({ state: 'running', list, bytes: 0 });
    let shownAt = 0;
    let bytes = 0;
    try {
      const file = await review.csvFile(
        session?.token ?? '',
        { list, areaId, fullIds: full },
        controller.signal,
      );
      if (!file.ok) {
        if (target.kind === 'disk') await target.writable.abort().catch(() => undefined);
        setDownload(
          controller.signal.aborted
            ? { state: 'stopped' }
            : { state: 'failed', message: m.lists.failed(whyText(r, file.failure)) },
        );
        return;
      }
      const name = file.value.filename ?? filename;
      await saveStream(
        file.value.body,
        name,
        target,
        (n) => {
          bytes = n;
          const now = Date.now();
          if (now - shownAt < PROGRESS_EVERY_MS) return;
          shownAt = now;
          setDownload({ state: 'running', list, bytes: n });
        },
        controller.signal,
      );
      setDownload({ state: 'saved', filename: target.kind === 'disk' ? target.name : name, bytes });
    } catch {
      setDownload(
        controller.signal.aborted
          ? { state: 'stopped' }
          : { state: 'failed', message: m.lists.failed(m.lists.cut) },
      );
    } finally {
      stopper.current = null;
    }
  };

  const button = (list: CsvFileRequest['list'], text: string) => (
    <button
      type="button"
      class="button small"
      data-list={list}
      disabled={running}
      onClick={() => void run(list)}
    >
      {text}
    </button>
  );
  return (
    <section class="review-export screen-only streamed-lists" aria-labelledby="streamed-lists-title">
      <h2 id="streamed-lists-title" class="section-title">
        {m.lists.title}
      </h2>
      <p class="muted">{m.lists.intro}</p>
      <div class="export-group" role="group" aria-label={m.lists.label}>
        {button('gaps', m.lists.gaps)}
        {button('persons', m.lists.persons)}
      </div>
      <label class="export-full-ids">
        <input
          type="checkbox"
          checked={fullIds}
          disabled={running}
          onChange={(e) => setFullIds(e.currentTarget.checked)}
        />
        {r.actions.fullIds}
      </label>
      {fullIds && <p class="muted export-full-ids-note">{r.actions.fullIdsRecorded}</p>}
      {download.state === 'running' && (
        <p class="muted download-progress" role="status" aria-live="polite">
          {m.lists.progress(formatMegabytes(download.bytes))}{' '}
          <button type="button" class="button small" onClick={() => stopper.current?.abort()}>
            {m.lists.stop}
          </button>
        </p>
      )}
      {download.state === 'saved' && (
        <p class="download-saved" role="status">
          {m.lists.saved(download.filename, formatMegabytes(download.bytes))}
        </p>
      )}
      {download.state === 'stopped' && (
        <p class="muted" role="status">
          {m.lists.stopped}
        </p>
      )}
      {download.state === 'failed' && (
        <p class="error" role="alert">
          {download.message}
        </p>
      )}
    </section>
  );
}
