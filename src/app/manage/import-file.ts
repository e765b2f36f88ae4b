// Reading a household list the officer chose: CSV through papaparse (UTF-8, or the Windows Vietnamese
// code page older Excel saves), XLSX through read-excel-file. Loaded with the import screen only
// (a dynamic import there): neither library weighs on any other screen. Rows come as the sheet has
// them, blank rows kept, so that row numbers in the problems are the ones the officer sees in Excel.
import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/browser';
import { TEMPLATE_COLUMNS } from '../../domain/import/columns.ts';
import { csvBlob, xlsxBlob, type ExportTable } from '../review/export.ts';

export type ReadFailure = 'old_xls' | 'unknown_format' | 'unreadable' | 'empty';
export type ReadResult = { ok: true; rows: unknown[][] } | { ok: false; why: ReadFailure };

const extension = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';

/** UTF-8 unless it does not decode as such: then the Vietnamese Windows code page (cp1258). */
function decodeText(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1258').decode(bytes);
  }
}

export async function readRows(file: File): Promise<ReadResult> {
  const ext = extension(file.name);
  try {
    let rows: unknown[][];
    if (ext === 'csv' || ext === 'txt' || file.type === 'text/csv') {
      const text = decodeText(await file.arrayBuffer()).replace(/^\uFEFF/, '');
      rows = Papa.parse<unknown[]>(text, { skipEmptyLines: false }).data;
    } else if (ext === 'xlsx') {
      rows = (await readSheet(file)) as unknown[][];
    } else if (ext === 'xls') {
      return { ok: false, why: 'old_xls' };
    } else {
      return { ok: false, why: 'unknown_format' };
    }
    return rows.length === 0 ? { ok: false, why: 'empty' } : { ok: true, rows };
  } catch {
    return { ok: false, why: 'unreadable' };
  }
}

const template: ExportTable = {
  columns: TEMPLATE_COLUMNS.map((label) => ({ label, kind: 'text' as const })),
  rows: [],
};

/** The downloadable template: the columns the import reads, with the names it knows best. */
export function templateBlob(kind: 'xlsx' | 'csv'): Promise<Blob> {
  return kind === 'xlsx'
    ? xlsxBlob([{ name: 'Danh sách hộ', table: template }])
    : Promise.resolve(csvBlob(template));
}
