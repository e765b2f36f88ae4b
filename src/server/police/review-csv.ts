// The review's lists as a CSV file streamed to the officer's disk (issue 18): a whole province's
// households with a gap ([RV2]) or persons still missing a card or VNeID ([RV11]) in one download,
// written village by village from the database as the connection takes them (a pull-based stream:
// the next village is read only when the last one's lines have gone out), so that the server never
// holds more than one village of it. The columns and their Vietnamese headings are the browser's
// (src/domain/review-export.ts), after the BOM that makes Excel read UTF-8; dates dd/mm/yyyy.
import { isoDateInVietnam } from '../../domain/dates.ts';
import { fold } from '../../domain/fold.ts';
import {
  CSV_BOM,
  csvHeader,
  csvItemLine,
  exportLabelsVi,
  gapColumns,
  personColumns,
  personValuesVi,
  type ExportColumnOf,
} from '../../domain/review-export.ts';
import type { Area } from '../accounts/areas.ts';
import type { VillageList } from './review-pages.ts';

/** What a finished (or cut) stream tells the route's log: counts only, never a row. */
export interface CsvOutcome {
  villages: number;
  rows: number;
  /** 'done', 'cancelled' (the client went away) or 'failed' (a database error: the file is cut short). */
  end: 'done' | 'cancelled' | 'failed';
  error?: Error;
}

export interface CsvArea {
  area: Area;
  villages: readonly Area[];
  /** A province's communes: then each line starts with its commune. */
  communes?: readonly Area[];
}

/** The file's kinds, named as the browser names its files (src/app/review/download.ts). */
export type CsvKind = 'ho-con-thieu' | 'danh-sach-ho' | 'nhan-khau-con-thieu';

/** `so06-ho-con-thieu-tinh-thu-2026-11-25.csv`: ASCII only, as any disk and mail client takes it. */
export function csvFileName(kind: CsvKind, areaName: string, now: number): string {
  const slug = fold(areaName)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${['so06', kind, slug, isoDateInVietnam(now)].filter((p) => p !== '').join('-')}.csv`;
}

/** A leading commune column for a whole province's file (village names repeat across communes). */
function withCommune<T extends { villageId: string }>(
  scope: CsvArea,
  columns: ExportColumnOf<T>[],
): ExportColumnOf<T>[] {
  if (!scope.communes) return columns;
  const communeNames = new Map(scope.communes.map((c) => [c.id, c.name]));
  const communeOf = new Map(scope.villages.map((v) => [v.id, communeNames.get(v.parentId ?? '') ?? '']));
  const commune: ExportColumnOf<T> = {
    label: exportLabelsVi.gaps.commune,
    kind: 'text',
    value: (item) => communeOf.get(item.villageId) ?? '',
  };
  return [commune, ...columns];
}

const villageNamesOf = (scope: CsvArea) => new Map(scope.villages.map((v) => [v.id, v.name]));

export function gapCsvColumns(scope: CsvArea) {
  return withCommune(scope, gapColumns(villageNamesOf(scope), exportLabelsVi));
}

export function personCsvColumns(scope: CsvArea, fullIds: boolean) {
  return withCommune(scope, personColumns(villageNamesOf(scope), exportLabelsVi, fullIds, personValuesVi));
}

/**
 * The CSV of `list` over the villages of `scope`: the BOM and the header at once, then each village's
 * lines when the reader wants more. `onEnd` is called once, however the stream ends.
 */
export function csvStream<T extends { villageId: string }>(
  scope: CsvArea,
  columns: readonly ExportColumnOf<T>[],
  list: VillageList<T>,
  onEnd: (outcome: CsvOutcome) => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  let rows = 0;
  let ended = false;
  const end = (outcome: Omit<CsvOutcome, 'villages' | 'rows'>) => {
    if (ended) return;
    ended = true;
    onEnd({ villages: index, rows, ...outcome });
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(CSV_BOM + csvHeader(columns)));
      },
      async pull(controller) {
        try {
          // Villages without a row add nothing: go on to one that does, or to the end.
          while (index < scope.villages.length) {
            const items = await list.read(scope.villages[index]!);
            index++;
            if (ended) return;
            if (items.length === 0) continue;
            rows += items.length;
            controller.enqueue(
              encoder.encode(items.map((item) => csvItemLine(columns, item, 'vi')).join('')),
            );
            return;
          }
          controller.close();
          end({ end: 'done' });
        } catch (e) {
          // The status line has gone: the only way left to say "this file is not whole" is to cut
          // the connection, which the browser reports as a failed download.
          const error = e instanceof Error ? e : new Error(String(e));
          end({ end: 'failed', error });
          controller.error(error);
        }
      },
      cancel() {
        end({ end: 'cancelled' });
      },
    },
    // One village's lines waiting at most: the next is read when the connection has taken them.
    { highWaterMark: 1 },
  );
}
