// The commune police's first screen: a row per village (households, met, persons 14+, CCCD and VNeID
// level 2 with their shares, open tasks, last sync), sortable, with the commune's totals, a compact
// bar chart and the groups that have gone quiet. The last overview loaded stays readable offline.
// On a PC the villages are a table; on a phone (review.css: 800 px and narrower) each row of the same
// table is a card with every figure labelled, and a "Sắp xếp theo" select stands for the column
// headings. Printed, the same page is the A4 report with the table (review.css, @media print).
// Under a province (issue 18) a link leads back up to the province's communes, and a province officer's
// start ("/") is that screen (province.tsx).
import { useLocation } from 'preact-iso';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { formatDateVi, isoDateInVietnam } from '../../domain/dates.ts';
import { percent, QUIET_AFTER_DAYS, type TallyRow } from '../../domain/review.ts';
import { BackLink } from '../components/back-link.tsx';
import { formatTimeVi } from '../text/format-time.ts';
import { paths } from '../shell/paths.ts';
import { formatPercent } from './format.ts';
import { ExportButtons } from './export-buttons.tsx';
import { LoadFailure, whyText } from './failure.tsx';
import { CommuneChoice } from './online-commune.tsx';
import { useReviewT, type ReviewMessages } from './messages.ts';
import {
  groupDevices,
  nextSort,
  sortRows,
  villageSyncs,
  type Sort,
  type SortKey,
  type VillageSync,
} from './overview-model.ts';
import { QuietGroups } from './quiet-groups.tsx';
import { SortChoice } from './sort-choice.tsx';
import { FigureCells } from './figure-cells.tsx';
import { useOverview, useReviewAreas, type Overview } from './use-review-data.ts';
import './review.css';

export default function ReviewOverview() {
  const r = useReviewT();
  const { path, query, route } = useLocation();
  const [areas, reloadAreas] = useReviewAreas();
  const communes = areas.state === 'ok' ? areas.value.filter((a) => a.kind === 'commune') : [];
  const commune = communes.find((c) => c.id === query.xa) ?? communes[0];
  const provinces = areas.state === 'ok' ? areas.value.filter((a) => a.kind === 'province') : [];
  // Issue 18: the province above this commune, where the officer may see it: the way back up to it.
  const province = provinces.find((p) => p.id === commune?.parentId);
  // A province officer's start ("/", where the police land after signing in) is the province's
  // communes. Only with the server's own answer: that screen is online only, and a saved list means no
  // network, where a commune's saved overview is what can still be read.
  const home = path === paths.list && areas.state === 'ok' && !areas.stale ? provinces[0] : undefined;
  const [overview, reload] = useOverview(home ? undefined : commune?.id);
  useEffect(() => {
    if (home) route(paths.reviewProvince(home.id), true);
  }, [home?.id]);

  if (areas.state === 'loading' || home) return <Loading />;
  if (areas.state === 'failed')
    return (
      <section class="screen review">
        <h1>{r.title}</h1>
        <LoadFailure failure={areas.failure} text={r.failed} onRetry={reloadAreas} />
      </section>
    );
  if (!commune)
    return (
      <section class="screen review">
        <h1>{r.title}</h1>
        <p class="empty">{r.noCommune}</p>
      </section>
    );

  return (
    <section class="screen review review-overview" data-commune-id={commune.id}>
      {province && (
        <BackLink href={paths.reviewProvince(province.id)} label={r.province.back(province.name)} />
      )}
      <ReportHeading communeName={commune.name} />
      <h1 class="screen-only">{r.title}</h1>
      <CommuneChoice communes={communes} commune={commune} path={paths.review} />
      {overview.state === 'loading' && <p class="muted">{r.loading}</p>}
      {overview.state === 'failed' && (
        <LoadFailure
          failure={overview.failure}
          text={overview.failure.kind === 'network' ? () => r.noSavedCopy : r.failed}
          onRetry={reload}
        />
      )}
      {overview.state === 'ok' && (
        <Figures
          overview={overview.value}
          communeId={commune.id}
          communeName={commune.name}
          stale={overview.stale && whyText(r, overview.stale)}
          unauthenticated={overview.stale?.kind === 'unauthenticated'}
          onRefresh={reload}
        />
      )}
    </section>
  );
}

function Loading() {
  const r = useReviewT();
  return (
    <section class="screen review">
      <h1>{r.title}</h1>
      <p class="muted">{r.loading}</p>
    </section>
  );
}

/** Only on paper: what the report is, for whom, and when it was printed. */
function ReportHeading({ communeName }: { communeName: string }) {
  const r = useReviewT();
  return (
    <header class="report-heading print-only">
      <p class="report-title">{r.report.heading}</p>
      <p>{r.report.subject}</p>
      <p>{r.report.place(communeName)}</p>
      <p>{r.report.printedOn(formatDateVi(isoDateInVietnam(Date.now())))}</p>
    </header>
  );
}

function Figures({
  overview,
  communeId,
  communeName,
  stale,
  unauthenticated,
  onRefresh,
}: {
  overview: Overview;
  communeId: string;
  communeName: string;
  stale: string | undefined;
  unauthenticated: boolean;
  onRefresh: () => void;
}) {
  const r = useReviewT();
  const { tallies } = overview;
  // The working groups' phones: a device of someone with no village here (the officer's own, an
  // admin's) says nothing about who has gone quiet.
  const devices = useMemo(() => groupDevices(tallies.rows, overview.devices), [tallies, overview.devices]);
  const [sort, setSort] = useState<Sort>({ key: 'areaName', dir: 'asc' });
  // "Quiet" is judged when the figures arrive, not at each render: the memos below then hold.
  const now = useMemo(() => Date.now(), [overview]);
  const syncs = useMemo(() => villageSyncs(tallies.rows, devices, now), [tallies, devices, now]);
  const rows = useMemo(() => sortRows(tallies.rows, sort, syncs), [tallies, sort, syncs]);
  return (
    <>
      <p class="as-of" data-as-of={tallies.asOf}>
        {r.asOf(formatTimeVi(Date.parse(tallies.asOf)))}
      </p>
      {stale && (
        <p class="stale screen-only" role="status">
          {r.savedCopy(stale)}
          {unauthenticated && (
            <>
              {' '}
              <a href={paths.signInAgain}>{r.signInAgain}</a>
            </>
          )}
        </p>
      )}
      <div class="review-actions screen-only">
        <button type="button" class="button small" onClick={onRefresh}>
          {r.refresh}
        </button>
        <a class="button small" href={paths.reviewIssues(communeId)}>
          {r.actions.issues}
        </a>
      </div>
      {/* Issue 17's screens: plain links in one line, so that the figures stay near the top on a phone. */}
      <nav class="review-more screen-only" aria-label={r.actions.more}>
        <a href={paths.reviewCampaigns(communeId)}>{r.actions.campaigns}</a>
        <a href={paths.reviewTrends(communeId)}>{r.actions.trends}</a>
        <a href={paths.reviewFunnel(communeId)}>{r.actions.funnel}</a>
      </nav>
      <SortChoice
        id="overview-sort"
        sort={sort}
        keys={SORT_KEYS}
        labelOf={(key) => r.sort.keys[key]}
        next={nextSort}
        onSort={setSort}
      />
      <TallyTable
        rows={rows}
        total={tallies.total}
        sort={sort}
        onSort={(k) => setSort(nextSort(sort, k))}
        syncs={syncs}
      />
      <BarChart rows={rows} />
      <QuietGroups rows={tallies.rows} devices={devices} syncs={syncs} now={now} />
      <ExportButtons communeId={communeId} communeName={communeName} overview={overview} rows={rows} />
      <div class="report-signature print-only">
        <p>{r.report.signer}</p>
        <p class="muted">{r.report.signHint}</p>
      </div>
    </>
  );
}

const COLUMNS: { key: SortKey; label: (r: ReviewMessages) => string }[] = [
  { key: 'areaName', label: (r) => r.columns.areaName },
  { key: 'households', label: (r) => r.columns.households },
  { key: 'householdsVisited', label: (r) => r.columns.householdsVisited },
  { key: 'persons14plus', label: (r) => r.columns.persons14plus },
  { key: 'cccdIssued14plus', label: (r) => r.columns.cccdIssued14plus },
  { key: 'vneidLevel2Active14plus', label: (r) => r.columns.vneidLevel2Active14plus },
  { key: 'openTasks', label: (r) => r.columns.openTasks },
  { key: 'lastSync', label: (r) => r.columns.lastSync },
];

function TallyTable({
  rows,
  total,
  sort,
  onSort,
  syncs,
}: {
  rows: TallyRow[];
  total: TallyRow;
  sort: Sort;
  onSort: (key: SortKey) => void;
  syncs: ReadonlyMap<string, VillageSync>;
}) {
  const r = useReviewT();
  return (
    // Focusable, so that a keyboard can scroll it when a narrow window clips the table.
    <div class="table-scroll tally-scroll" tabIndex={0} role="region" aria-label={r.tableLabel}>
      <table class="tally-table">
        <caption class="visually-hidden">{r.sortHint}</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th
                key={c.key}
                scope="col"
                aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                data-column={c.key}
                data-label={c.label(r)}
                class={c.key === 'areaName' || c.key === 'lastSync' ? undefined : 'num'}
              >
                <button type="button" class="sort" onClick={() => onSort(c.key)}>
                  {c.label(r)}
                  <span aria-hidden="true" class="sort-mark">
                    {sort.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const sync = syncs.get(row.areaId);
            return (
              <tr key={row.areaId} data-area-id={row.areaId} class={sync?.quiet ? 'quiet' : undefined}>
                <th scope="row">
                  <a class="village-link" href={paths.reviewVillage(row.areaId)}>
                    {row.areaName}
                  </a>
                </th>
                <FigureCells row={row} />
                <td
                  data-column="lastSync"
                  data-label={r.columns.lastSync}
                  class={sync?.quiet ? 'flag' : undefined}
                >
                  {sync?.lastSyncAt ? formatTimeVi(Date.parse(sync.lastSyncAt)) : r.quiet.never}
                  {/* In words, not only in red. */}
                  {sync?.quiet && <span class="badge flag-badge">{r.quiet.flag(QUIET_AFTER_DAYS)}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr data-area-id={total.areaId} class="total">
            <th scope="row">{r.total}</th>
            <FigureCells row={total} />
            <td class="no-figure" />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

// What the phone's "Sắp xếp theo" offers: the table's columns, and the shares beside their counts.
const SORT_KEYS: SortKey[] = [
  'areaName',
  'households',
  'householdsVisited',
  'persons14plus',
  'cccdIssued14plus',
  'cccdPercent',
  'vneidLevel2Active14plus',
  'vneidPercent',
  'openTasks',
  'lastSync',
];

/** Two bars per village (CCCD, VNeID level 2, as shares of persons 14+): who is behind, at a glance. */
function BarChart({ rows }: { rows: TallyRow[] }) {
  const r = useReviewT();
  return (
    <figure class="bar-chart">
      <figcaption>
        {r.chart}
        <span class="legend">
          <span class="key cccd" aria-hidden="true" /> {r.chartCccd}
          <span class="key vneid" aria-hidden="true" /> {r.chartVneid}
        </span>
      </figcaption>
      {rows.map((row) => {
        const cccd = percent(row.cccdIssued14plus, row.persons14plus);
        const vneid = percent(row.vneidLevel2Active14plus, row.persons14plus);
        return (
          <div class="bar-row" key={row.areaId} data-area-id={row.areaId}>
            <span class="bar-name">{row.areaName}</span>
            <span class="bars">
              <span
                class="bar cccd"
                style={{ width: `${cccd}%` }}
                title={`${r.chartCccd}: ${formatPercent(cccd)}`}
              />
              <span
                class="bar vneid"
                style={{ width: `${vneid}%` }}
                title={`${r.chartVneid}: ${formatPercent(vneid)}`}
              />
            </span>
            <span class="bar-figures">
              {formatPercent(cccd)} · {formatPercent(vneid)}
            </span>
          </div>
        );
      })}
    </figure>
  );
}
