// What the review's component tests share: the officer of the fake commune, the downloads the
// export buttons make (caught before the browser would save them), read back as CSV or workbook.
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/node';
import { afterEach, beforeEach, vi } from 'vitest';
import { fakeServices, OFFICER, sessionOf } from './helpers.tsx';
import { NOW, serveCommune } from './review-data.ts';

/** For a test file: the clock stands at the fixture's NOW (only the date: promises and timers run). */
export function atFixtureTime(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
}

/** The overview table's villages, top to bottom. */
export const tableOrder = () =>
  [...document.querySelectorAll<HTMLElement>('.tally-table tbody tr')].map((tr) => tr.dataset.areaId);

export function officer() {
  const fakes = fakeServices(sessionOf(OFFICER));
  serveCommune(fakes.review);
  return fakes;
}

/** jsdom's Blob has no arrayBuffer(): read it as a browser of its time would. */
export function bytesOf(blob: Blob): Promise<ArrayBuffer> {
  return new Promise((done, fail) => {
    const reader = new FileReader();
    reader.onload = () => done(reader.result as ArrayBuffer);
    reader.onerror = () => fail(reader.error);
    reader.readAsArrayBuffer(blob);
  });
}

/** The files "downloaded": each blob and the name it would be saved under. */
export function captureDownloads() {
  const blobs: Blob[] = [];
  const names: string[] = [];
  URL.createObjectURL = vi.fn((b: Blob) => {
    blobs.push(b);
    return 'blob:test';
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  return { blobs, names };
}

/** A downloaded CSV's rows, after its BOM. */
export async function csvRowsOf(blob: Blob): Promise<string[][]> {
  const bytes = new Uint8Array(await bytesOf(blob));
  return Papa.parse<string[]>(new TextDecoder().decode(bytes.slice(3))).data;
}

/** A downloaded workbook's first sheet's rows. */
export async function xlsxRowsOf(blob: Blob) {
  const [sheet] = await readXlsxFile(Buffer.from(await bytesOf(blob)));
  return sheet!.data;
}
