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
