// [RV12] "VNeID mức 2 theo thôn": for the commune and each of its villages, persons 14+ → application
// taken at the police (đã thu nhận hồ sơ) → activated, as figures, shares and a stacked bar with its
// text alternative; then why the rest are not activated yet, per village, the villages with the most
// persons still to reach first — where the commune police send the mobile registration team — and a
// line naming the villages that most need home visits. The table exports to CSV and XLSX (the
// builders load on the tap, as the overview's) and prints as an A4 report. `?xa=` picks the commune.
// Online only, like the campaigns and the trends (no saved copy: the screen loads before the notebook
// does): a failure says why and offers "Thử lại".
import { useMemo } from 'preact/hooks';
import type { Area } from '../../domain/areas.ts';
import { formatDateVi, isoDateInVietnam } from '../../domain/dates.ts';
import { FUNNEL_BLOCKERS, type FunnelAnswer, type FunnelRow } from '../../domain/trends.ts';
import { useLanguage, useT } from '../i18n/i18n.ts';
import { paths } from '../shell/paths.ts';
import { useServices } from '../shell/services.ts';
import { formatTimeVi } from '../text/format-time.ts';
import { EXPORT_LABELS } from './export-labels.ts';
import { LoadFailure } from './failure.tsx';
import { formatCount, formatShare } from './format.ts';
import { useFunnelT } from './funnel-messages.ts';
import {
  barParts,
  byRemaining,
  funnelFileName,
  funnelTable,
  remaining,
  topHomeVisits,
} from './funnel-model.ts';
import { useReviewT } from './messages.ts';
import { FileExport } from './file-export.tsx';
import { OnlineCommuneScreen } from './online-commune.tsx';
import { fromApi, useRemote } from './use-review-data.ts';
import './review.css';
import './funnel.css';

export default function ReviewFunnel() {
  const f = useFunnelT();
  return (
    <OnlineCommuneScreen name="review-funnel" title={f.title} back={f.back} path={paths.reviewFunnel}>
      {({ commune }) => <CommuneFunnel commune={commune} />}
    </OnlineCommuneScreen>
  );
}

function CommuneFunnel({ commune }: { commune: Area }) {
  const r = useReviewT();
  const f = useFunnelT();
  const { review } = useServices();
  const [data, reload] = useRemote<FunnelAnswer>(
    async (token) => fromApi(await review.funnel(token, commune.id)),
    [commune.id],
  );
  return (
    <>
      <ReportHeading communeName={commune.name} />
      <p class="muted screen-only">{f.lead}</p>
      {data.state === 'loading' && <p class="muted">{r.loading}</p>}
      {data.state === 'failed' && <LoadFailure failure={data.failure} text={r.failed} onRetry={reload} />}
      {data.state === 'ok' && <Figures answer={data.value} communeName={commune.name} onRefresh={reload} />}
    </>
  );
}

/** Only on paper: what the report is, for whom, and when it was printed. */
function ReportHeading({ communeName }: { communeName: string }) {
  const r = useReviewT();
  const f = useFunnelT();
  return (
    <header class="report-heading print-only">
      <p class="report-title">{r.report.heading}</p>
      <p>{f.reportSubject}</p>
      <p>{r.report.place(communeName)}</p>
      <p>{r.report.printedOn(formatDateVi(isoDateInVietnam(Date.now())))}</p>
    </header>
  );
}

function Figures({
  answer,
  communeName,
  onRefresh,
}: {
  answer: FunnelAnswer;
  communeName: string;
  onRefresh: () => void;
}) {
  const r = useReviewT();
  const f = useFunnelT();
  const rows = useMemo(() => byRemaining(answer.rows), [answer]);
  const total = { ...answer.total, areaName: communeName };
  return (
    <>
      <p class="as-of" data-as-of={answer.asOf}>
        {r.asOf(formatTimeVi(Date.parse(answer.asOf)))}
      </p>
      <div class="review-actions screen-only">
        <button type="button" class="button small" onClick={onRefresh}>
          {r.refresh}
        </button>
      </div>
      <section class="funnel-commune" aria-labelledby="funnel-commune-title">
        <h2 id="funnel-commune-title">{f.communeFigures}</h2>
        <FunnelFigures row={total} total />
      </section>
      <HomeVisitLine rows={rows} />
      <section class="funnel-villages" aria-labelledby="funnel-villages-title">
        <h2 id="funnel-villages-title">{f.villagesFunnel}</h2>
        <Legend />
        {rows.length === 0 ? (
          <p class="empty">{f.noVillages}</p>
        ) : (
          <ol class="funnel-list">
            {rows.map((row) => (
              <li key={row.areaId} data-area-id={row.areaId}>
                <FunnelFigures row={row} />
              </li>
            ))}
          </ol>
        )}
      </section>
      <section class="funnel-blockers" aria-labelledby="funnel-blockers-title">
        <h2 id="funnel-blockers-title">{f.blockersTitle}</h2>
        <p class="muted">{f.blockersHint}</p>
        <BlockerTable rows={rows} total={answer.total} />
      </section>
      <FunnelExport rows={rows} total={answer.total} communeName={communeName} asOf={answer.asOf} />
      <div class="report-signature print-only">
        <p>{r.report.signer}</p>
        <p class="muted">{r.report.signHint}</p>
      </div>
    </>
  );
}

/** One area's funnel: the name, the stacked bar (with its words for a screen reader), the three figures. */
function FunnelFigures({ row, total = false }: { row: FunnelRow; total?: boolean }) {
  const f = useFunnelT();
  const parts = barParts(row);
  const label =
    row.persons14plus === 0
      ? `${row.areaName}: ${f.noPersons}`
      : f.barText(
          row.areaName,
          formatCount(row.persons14plus),
          `${formatCount(row.registered)} (${formatShare(row.registered, row.persons14plus)})`,
          `${formatCount(row.activated)} (${formatShare(row.activated, row.persons14plus)})`,
        );
  return (
    <div class={total ? 'funnel-area funnel-total' : 'funnel-area'} data-area-id={row.areaId}>
      {!total && (
        <p class="funnel-name">
          <a href={paths.reviewVillage(row.areaId)}>{row.areaName}</a>
        </p>
      )}
      <div class="funnel-bar" role="img" aria-label={label}>
        {parts.activated > 0 && <span class="seg activated" style={{ width: `${parts.activated}%` }} />}
        {parts.waiting > 0 && <span class="seg waiting" style={{ width: `${parts.waiting}%` }} />}
        {parts.notRegistered > 0 && (
          <span class="seg not-registered" style={{ width: `${parts.notRegistered}%` }} />
        )}
      </div>
      <dl class="funnel-figures" aria-hidden="true">
        <div data-figure="persons14plus">
          <dt>{f.persons14plus}</dt>
          <dd>{formatCount(row.persons14plus)}</dd>
        </div>
        <div data-figure="registered">
          <dt>{f.registered}</dt>
          <dd>
            {formatCount(row.registered)}{' '}
            <span class="share">({formatShare(row.registered, row.persons14plus)})</span>
          </dd>
        </div>
        <div data-figure="activated">
          <dt>{f.activated}</dt>
          <dd>
            {formatCount(row.activated)}{' '}
            <span class="share">({formatShare(row.activated, row.persons14plus)})</span>
          </dd>
        </div>
      </dl>
    </div>
  );
}

/** What the bar's colours mean (the bar's own words are in its label). */
function Legend() {
  const f = useFunnelT();
  return (
    <p class="funnel-legend" aria-hidden="true">
      <span class="key activated" /> {f.activated}
      <span class="key waiting" /> {f.waiting}
      <span class="key not-registered" /> {f.notRegistered}
    </p>
  );
}

/** The villages that most need a team at the door. */
function HomeVisitLine({ rows }: { rows: readonly FunnelRow[] }) {
  const f = useFunnelT();
  const top = topHomeVisits(rows);
  return (
    <p class="funnel-home-visits" data-village-ids={top.map((r) => r.areaId).join(' ')}>
      {top.length === 0
        ? f.homeVisitNone
        : f.homeVisitTop(
            top.map((r) => f.homeVisitCount(r.areaName, formatCount(r.blockers.home_visit))).join(', '),
          )}
    </p>
  );
}

function BlockerTable({ rows, total }: { rows: readonly FunnelRow[]; total: FunnelRow }) {
  const f = useFunnelT();
  const t = useT();
  const cells = (row: FunnelRow) => (
    <>
      <td class="num" data-column="persons14plus">
        {formatCount(row.persons14plus)}
      </td>
      <td class="num" data-column="registered">
        {formatCount(row.registered)}{' '}
        <span class="share">({formatShare(row.registered, row.persons14plus)})</span>
      </td>
      <td class="num" data-column="activated">
        {formatCount(row.activated)}{' '}
        <span class="share">({formatShare(row.activated, row.persons14plus)})</span>
      </td>
      <td class="num remaining" data-column="remaining">
        {formatCount(remaining(row))}
      </td>
      {FUNNEL_BLOCKERS.map((b) => (
        <td key={b} class="num" data-column={b}>
          {formatCount(row.blockers[b])}
        </td>
      ))}
    </>
  );
  return (
    // Focusable, so that a keyboard can scroll it when a narrow window clips the table.
    <div class="table-scroll funnel-scroll" tabIndex={0} role="region" aria-label={f.tableLabel}>
      <table class="funnel-table">
        <thead>
          <tr>
            <th scope="col">{f.village}</th>
            <th scope="col" class="num">
              {f.persons14plus}
            </th>
            <th scope="col" class="num">
              {f.registered}
            </th>
            <th scope="col" class="num">
              {f.activated}
            </th>
            <th scope="col" class="num">
              {f.remaining}
            </th>
            {FUNNEL_BLOCKERS.map((b) => (
              // The person form's wording of the reason, where it has one, on hover.
              <th
                key={b}
                scope="col"
                class="num"
                data-blocker={b}
                title={b === 'unknown' ? undefined : t.vneidBlocker[b]}
              >
                {f.blockers[b]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.areaId} data-area-id={row.areaId}>
              <th scope="row">{row.areaName}</th>
              {cells(row)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr class="total" data-area-id={total.areaId}>
            <th scope="row">{f.total}</th>
            {cells(total)}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** CSV, Excel and the A4 print of the table above, in its order. */
function FunnelExport({
  rows,
  total,
  communeName,
  asOf,
}: {
  rows: readonly FunnelRow[];
  total: FunnelRow;
  communeName: string;
  asOf: string;
}) {
  const r = useReviewT();
  const f = useFunnelT();
  const language = useLanguage();
  return (
    <FileExport
      label={f.exportLabel}
      print={r.actions.print}
      make={async (ext) => {
        const [builders, download] = await Promise.all([import('./export.ts'), import('./download.ts')]);
        const table = funnelTable(rows, total, f);
        // The title line is the XLSX's alone: a CSV starts with its header.
        const blob =
          ext === 'csv'
            ? builders.csvBlob(table)
            : await builders.xlsxBlob([
                {
                  name: f.sheet,
                  table,
                  titleLines: [builders.exportTitle(communeName, asOf, EXPORT_LABELS[language])],
                },
              ]);
        download.saveBlob(blob, funnelFileName(communeName, asOf, ext));
      }}
    />
  );
}
