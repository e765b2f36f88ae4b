// The export and print buttons. The builders (papaparse, write-excel-file) load on the first tap,
// never with a screen; printing uses the browser's own dialog and review.css's A4 print styles.
import { useState } from 'preact/hooks';
import type { GapHousehold, TallyRow } from '../../domain/review.ts';
import { useLanguage, useT } from '../i18n/i18n.ts';
import { useServices } from '../shell/services.ts';
import { useSession } from '../shell/session-context.ts';
import type { ExportExtension, ExportKind } from './download.ts';
import type * as ExportModule from './export.ts';
import type { ExportTable } from './export.ts';
import { EXPORT_LABELS, type ExportLabels } from './export-labels.ts';
import { whyText } from './failure.tsx';
import { useReviewT } from './messages.ts';
import { everyPage, REVIEW_PAGE_SIZE } from './paging.ts';
import type { Overview } from './use-review-data.ts';

type Builders = typeof ExportModule;

interface ExportRequest {
  kind: ExportKind;
  ext: ExportExtension;
  /** The commune or village, for the title line and the file name. */
  areaName: string;
  asOf: string;
  /** The table, built once the builders have loaded; a string is a failure to show. */
  table: (b: Builders, labels: ExportLabels) => Promise<ExportTable | string>;
}

const SHEET: Record<ExportKind, (labels: ExportLabels) => string> = {
  'tong-hop': (l) => l.sheets.overview,
  'ho-con-thieu': (l) => l.sheets.gaps,
  'danh-sach-ho': (l) => l.sheets.households,
  'nhan-khau-con-thieu': (l) => l.sheets.persons,
};

/**
 * The households (or persons) in the order of the villages given (the table's on screen), each
 * village's own order kept.
 */
export function inVillageOrder<T extends Pick<GapHousehold, 'villageId'>>(
  items: readonly T[],
  villageIds: readonly string[],
): T[] {
  const at = new Map(villageIds.map((id, i) => [id, i]));
  const rank = (h: T) => at.get(h.villageId) ?? villageIds.length;
  // Array.prototype.sort is stable: within a village, the server's order (by address) stays.
  return [...items].sort((a, b) => rank(a) - rank(b));
}

/** Runs one export at a time and says what went wrong in the officer's language. */
function useExporter() {
  const r = useReviewT();
  const labels = EXPORT_LABELS[useLanguage()];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const run = async (req: ExportRequest) => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      const [builders, download] = await Promise.all([import('./export.ts'), import('./download.ts')]);
      const table = await req.table(builders, labels);
      if (typeof table === 'string') return setError(r.actions.exportFailed(table));
      // The title line is the XLSX's alone: a CSV starts with its header, or Excel sees no columns.
      const blob =
        req.ext === 'csv'
          ? builders.csvBlob(table)
          : await builders.xlsxBlob([
              {
                name: SHEET[req.kind](labels),
                table,
                titleLines: [builders.exportTitle(req.areaName, req.asOf, labels)],
              },
            ]);
      download.saveBlob(blob, download.exportFileName(req.kind, req.areaName, req.asOf, req.ext));
    } catch (e) {
      // A chunk that cannot load (offline and not cached) or a builder failing: say so, keep the screen.
      setError(r.actions.exportFailed(e instanceof Error ? e.message : String(e)));
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error };
}

/** "CSV" and "Excel" for one file: `file` is all of the request but the format. */
function FormatButtons({
  label,
  file,
  exporter,
}: {
  label: string;
  file: Omit<ExportRequest, 'ext'>;
  exporter: ReturnType<typeof useExporter>;
}) {
  const r = useReviewT();
  const button = (ext: ExportExtension, text: string) => (
    <button
      type="button"
      class="button small"
      disabled={exporter.busy}
      onClick={() => void exporter.run({ ...file, ext })}
    >
      {text}
    </button>
  );
  return (
    <div class="export-group" role="group" aria-label={label}>
      <span class="export-label">{label}</span>
      {button('csv', r.actions.csv)}
      {button('xlsx', r.actions.xlsx)}
    </div>
  );
}

/**
 * [RV11] "Nhân khẩu còn thiếu": the area's persons 14+ still missing a card or VNeID, fetched when asked
 * for. Their ID numbers come masked unless "Xuất đầy đủ số định danh" is ticked; the server records such
 * a request with the officer and the time, so the box is off by default and off again after each export.
 */
function PersonExport({
  areaId,
  areaName,
  asOf,
  villageIds,
  villageNames,
  exporter,
}: {
  areaId: string;
  areaName: string;
  asOf: string;
  /** The villages in the order on screen. */
  villageIds: readonly string[];
  villageNames: ReadonlyMap<string, string>;
  exporter: ReturnType<typeof useExporter>;
}) {
  const r = useReviewT();
  const t = useT();
  const { review } = useServices();
  const { session } = useSession();
  const [fullIds, setFullIds] = useState(false);
  return (
    <>
      <FormatButtons
        label={r.actions.exportPersons}
        exporter={exporter}
        file={{
          kind: 'nhan-khau-con-thieu',
          areaName,
          asOf,
          table: async (b, labels) => {
            // What was ticked when the button was pressed; unticked again whatever the answer.
            const full = fullIds;
            // Page after page (issue 18); with whole numbers the server records the export once, at
            // its first page.
            const token = session?.token ?? '';
            const answer = await everyPage(
              (cursor) => review.personsPage(token, areaId, full, { limit: REVIEW_PAGE_SIZE, cursor }),
              (page) => page.persons,
            ).finally(() => setFullIds(false));
            if (!answer.ok) return whyText(r, answer.failure);
            const ordered = inVillageOrder(answer.value.rows, villageIds);
            return b.personTable(ordered, villageNames, labels, answer.value.first.fullIds, t);
          },
        }}
      />
      <label class="export-full-ids">
        <input
          type="checkbox"
          checked={fullIds}
          disabled={exporter.busy}
          onChange={(e) => setFullIds(e.currentTarget.checked)}
        />
        {r.actions.fullIds}
      </label>
      {fullIds && <p class="muted export-full-ids-note">{r.actions.fullIdsRecorded}</p>}
    </>
  );
}

function ExportStatus({ busy, error }: { busy: boolean; error: string }) {
  const r = useReviewT();
  return (
    <>
      {busy && <p class="muted">{r.actions.working}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/**
 * On the overview: the overview table, the commune's gap list and its persons still missing a card or
 * VNeID ([RV11]), all in the order of the table on screen (`rows`, as sorted), and the A4 report.
 */
export function ExportButtons({
  communeId,
  communeName,
  overview,
  rows,
}: {
  communeId: string;
  communeName: string;
  overview: Overview;
  rows: readonly TallyRow[];
}) {
  const r = useReviewT();
  const { review } = useServices();
  const { session } = useSession();
  const exporter = useExporter();
  const { tallies } = overview;
  const villageNames = new Map(tallies.rows.map((row) => [row.areaId, row.areaName]));
  const about = { areaName: communeName, asOf: tallies.asOf };
  return (
    <section class="review-export screen-only">
      <FormatButtons
        label={r.actions.exportOverview}
        exporter={exporter}
        file={{
          ...about,
          kind: 'tong-hop',
          table: async (b, labels) => b.overviewTable({ ...tallies, rows: [...rows] }, labels),
        }}
      />
      <FormatButtons
        label={r.actions.exportGaps}
        exporter={exporter}
        file={{
          ...about,
          kind: 'ho-con-thieu',
          table: async (b, labels) => {
            // The gap list is not kept offline: it is fetched when asked for, page after page.
            const token = session?.token ?? '';
            const gaps = await everyPage(
              (cursor) => review.gapsPage(token, communeId, { limit: REVIEW_PAGE_SIZE, cursor }),
              (page) => page.households,
            );
            if (!gaps.ok) return whyText(r, gaps.failure);
            const ordered = inVillageOrder(
              gaps.value.rows,
              rows.map((row) => row.areaId),
            );
            return b.gapTable(ordered, villageNames, labels);
          },
        }}
      />
      <PersonExport
        {...about}
        areaId={communeId}
        villageIds={rows.map((row) => row.areaId)}
        villageNames={villageNames}
        exporter={exporter}
      />
      <button type="button" class="button small print" onClick={() => window.print()}>
        {r.actions.print}
      </button>
      <ExportStatus busy={exporter.busy} error={exporter.error} />
    </section>
  );
}

/**
 * On a village: its households as the list on screen holds them (filter, search and order), every
 * one that matches, not only the page shown. `every`: the list is all households, not the gaps. And
 * the village's persons still missing a card or VNeID ([RV11]), asked of the server for `villageId`.
 */
export function GapExportButtons({
  villageId,
  areaName,
  asOf,
  households,
  villageNames,
  every = false,
}: {
  villageId: string;
  areaName: string;
  asOf: string;
  households: readonly GapHousehold[];
  villageNames: ReadonlyMap<string, string>;
  every?: boolean;
}) {
  const r = useReviewT();
  const exporter = useExporter();
  return (
    <section class="review-export screen-only">
      <FormatButtons
        label={every ? r.actions.exportHouseholds : r.actions.exportGaps}
        exporter={exporter}
        file={{
          kind: every ? 'danh-sach-ho' : 'ho-con-thieu',
          areaName,
          asOf,
          table: async (b, labels) => b.gapTable(households, villageNames, labels),
        }}
      />
      <PersonExport
        areaId={villageId}
        areaName={areaName}
        asOf={asOf}
        villageIds={[villageId]}
        villageNames={villageNames}
        exporter={exporter}
      />
      <ExportStatus busy={exporter.busy} error={exporter.error} />
    </section>
  );
}
