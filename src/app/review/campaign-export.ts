// A campaign's result as a file (issue 17): one row per village in the campaign's order, then the
// total, written by the review's own CSV and XLSX writers (export.ts), so that it opens in any Excel
// exactly as the overview's files do. Loaded with a dynamic import on the first tap, like export.ts.
import type { Campaign, CampaignProgress, ProgressCounts } from '../../domain/campaigns.ts';
import { formatDateVi, isoDateInVietnam } from '../../domain/dates.ts';
import { fold } from '../../domain/fold.ts';
import { saveBlob } from './download.ts';
import {
  asOfText,
  csvBlob,
  xlsxBlob,
  type ExportCell,
  type ExportColumn,
  type ExportTable,
} from './export.ts';
import type { CampaignMessages } from './campaign-messages.ts';

interface Row extends ProgressCounts {
  name: string;
}

/** The villages' rows (named; an unknown village by its id) and the total, as on the page. */
export function campaignTable(
  progress: CampaignProgress,
  villageNames: ReadonlyMap<string, string>,
  m: CampaignMessages,
): ExportTable {
  const c = m.page.columns;
  const rows: Row[] = [
    ...progress.villages.map((v) => ({ ...v, name: villageNames.get(v.villageId) ?? v.villageId })),
    { ...progress.total, name: m.page.total },
  ];
  const columns: (ExportColumn & { value: (r: Row) => ExportCell })[] = [
    { label: c.village, kind: 'text', value: (r) => r.name },
    { label: c.items, kind: 'count', value: (r) => r.items },
    { label: c.done, kind: 'count', value: (r) => r.done },
    { label: c.pending, kind: 'count', value: (r) => r.pending },
    { label: c.overdue, kind: 'count', value: (r) => r.overdue },
    { label: c.outOfReach, kind: 'count', value: (r) => r.outOfReach },
    {
      label: m.export.percentXlsx,
      csvLabel: m.export.percentCsv,
      kind: 'share',
      value: (r) => ({ part: r.done, whole: r.items }),
    },
  ];
  return {
    columns: columns.map(({ label, csvLabel, kind }) =>
      csvLabel ? { label, csvLabel, kind } : { label, kind },
    ),
    rows: rows.map((r) => columns.map((col) => col.value(r))),
  };
}

/** ASCII words joined by dashes, as download.ts names the review's files. */
const slug = (text: string) =>
  fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** `so06-dot-ra-soat-ra-soat-nguoi-du-14-tuoi-2026-12-20.xlsx`: the campaign and the day counted. */
export function campaignFileName(name: string, asOf: string, ext: 'csv' | 'xlsx'): string {
  const parts = ['so06-dot-ra-soat', slug(name), isoDateInVietnam(Date.parse(asOf))].filter((p) => p !== '');
  return `${parts.join('-')}.${ext}`;
}

/** Builds the file and hands it to the browser's download. */
export async function saveCampaignFile(
  ext: 'csv' | 'xlsx',
  campaign: Campaign,
  progress: CampaignProgress,
  villageNames: ReadonlyMap<string, string>,
  ruleSentence: string,
  communeName: string,
  m: CampaignMessages,
): Promise<void> {
  const table = campaignTable(progress, villageNames, m);
  // The title lines are the XLSX's alone: a CSV starts with its header, or Excel sees no columns.
  const blob =
    ext === 'csv'
      ? csvBlob(table)
      : await xlsxBlob([
          {
            name: m.export.sheet,
            table,
            titleLines: [
              m.export.title(campaign.name, asOfText(progress.asOf)),
              m.report.place(communeName),
              m.export.about(ruleSentence, formatDateVi(campaign.startsOn), formatDateVi(campaign.dueOn)),
            ],
          },
        ]);
  saveBlob(blob, campaignFileName(campaign.name, progress.asOf, ext));
}
