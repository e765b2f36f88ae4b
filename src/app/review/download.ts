// Hands a built file to the browser's own download, and names it so that it sorts and survives any
// file system, mail client or Zalo transfer the officer sends it through.
import { isoDateInVietnam } from '../../domain/dates.ts';
import { fold } from '../../domain/fold.ts';

/**
 * The overview, the households with gaps, every household of a village as listed, or the persons still
 * missing a card or VNeID ([RV11]).
 */
export type ExportKind = 'tong-hop' | 'ho-con-thieu' | 'danh-sach-ho' | 'nhan-khau-con-thieu';
export type ExportExtension = 'csv' | 'xlsx';

// Some browsers (older Safari and Firefox) drop a download whose URL is revoked in the same task as
// the click; the blob is small, so holding it a little longer costs nothing.
const REVOKE_AFTER_MS = 30_000;

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  // Firefox clicks only links that are in the document.
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** ASCII words joined by dashes: "Xã Hoà Bình" → "xa-hoa-binh". */
function slug(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * `so06-tong-hop-xa-hoa-binh-2026-11-23.csv`: the commune (or the area id when the name is not
 * known) and the day the figures were counted, in Vietnam.
 */
export function exportFileName(kind: ExportKind, area: string, asOf: string, ext: ExportExtension): string {
  const parts = ['so06', kind, slug(area), isoDateInVietnam(Date.parse(asOf))].filter((p) => p !== '');
  return `${parts.join('-')}.${ext}`;
}

/**
 * Where a streamed file goes (issue 18: a province's list, hundreds of megabytes). The API takes the
 * token only in the Authorization header ([A7]), so a plain `<a download>` to the endpoint cannot
 * carry it, and a token in the address is what [A7] forbids. So the app fetches with the header and
 * writes the answer's body itself:
 * - where the browser offers a save dialog to script (Chrome and Edge on a PC: the File System Access
 *   API's `showSaveFilePicker`), the officer picks the file first and every chunk is written to disk
 *   as it arrives: nothing held in memory, however big the province;
 * - elsewhere (Firefox, Safari, a phone) the chunks are gathered into a Blob and handed to the
 *   browser's download at the end. Chromium keeps a big Blob on disk, not in memory, so this still
 *   works for a large file there; on the others the file passes through memory once. A service worker
 *   streaming the download is the way round that, and is left out: the review's screens are online
 *   screens outside the precache, and the service worker is the volunteers' (no code of the police in it).
 */
export type SaveTarget =
  { kind: 'disk'; writable: FileSystemWritableFileStream; name: string } | { kind: 'memory' };

type PickerWindow = Window & {
  showSaveFilePicker?: (options: {
    suggestedName: string;
    types: { description: string; accept: Record<string, string[]> }[];
  }) => Promise<FileSystemFileHandle>;
};

/**
 * The file to write to, asked for in the tap's own turn (the browser opens its save dialog only then);
 * `memory` where no dialog can be scripted; null when the officer closed the dialog without a name.
 */
export async function chooseSaveTarget(filename: string): Promise<SaveTarget | null> {
  const picker = (window as PickerWindow).showSaveFilePicker;
  if (typeof picker !== 'function') return { kind: 'memory' };
  try {
    const handle = await picker.call(window, {
      suggestedName: filename,
      types: [{ description: 'CSV', accept: { 'text/csv': ['.csv'] } }],
    });
    return { kind: 'disk', writable: await handle.createWritable(), name: handle.name };
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return null;
    // A dialog the browser would not open here (a frame, a policy): the Blob's way still works.
    return { kind: 'memory' };
  }
}

/**
 * Writes `body` to `target` as it arrives, telling `onBytes` how much has come; `signal` stops it (the
 * half-written file is dropped: a file on disk is only kept when whole). Rejects when the connection
 * is cut before the end: a file cut short is never saved as if it were whole.
 */
export async function saveStream(
  body: ReadableStream<Uint8Array>,
  filename: string,
  target: SaveTarget,
  onBytes: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  let bytes = 0;
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        onBytes(bytes);
        controller.enqueue(chunk);
      },
    }),
    { signal },
  );
  if (target.kind === 'disk') {
    // pipeTo closes the file when the body ends, and aborts it (nothing kept) when it fails.
    await counted.pipeTo(target.writable, { signal });
    return;
  }
  const chunks: Uint8Array[] = [];
  const reader = counted.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  saveBlob(new Blob(chunks as BlobPart[], { type: 'text/csv;charset=utf-8' }), filename);
}
