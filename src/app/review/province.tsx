// "Tổng hợp toàn tỉnh" (issue 18): the province police's first screen. Every commune of the province,
// ranked (the furthest behind first: province-model.ts BEHIND_FIRST says why), with the overview's
// figures and shares and how its working groups keep up (villages, quiet villages, the latest sync:
// [RV13]); the province's total; the communes with quiet villages, the most quiet first; each commune a
// link to its own overview, and from there its villages. CSV, Excel and an A4 print of the table, in its
// order; and the province's households and persons with a gap as CSV files the server streams. On a PC a sortable table; on a phone (review.css, 800 px and narrower) each row is a card and
// "Sắp xếp theo" stands for the headings, as on the commune overview. `?tinh=` picks the province.
// Online only, like the campaigns and the funnel (nothing saved on the device; the screen loads before
// the notebook does): a failure says why and offers "Thử lại".
import { useLocation } from 'preact-iso';
import { useMemo, useState } from 'preact/hooks';
import type { Area } from '../../domain/areas.ts';
import { formatDateVi, isoDateInVietnam } from '../../domain/dates.ts';
import { QUIET_AFTER_DAYS, type ActivityAnswer, type TalliesAnswer } from '../../domain/review.ts';
import type { HttpFailure } from '../../sync/http-client.ts';
import { useLanguage } from '../i18n/i18n.ts';
import { paths } from '../shell/paths.ts';
import { useServices } from '../shell/services.ts';
import { formatTimeVi } from '../text/format-time.ts';
import { EXPORT_LABELS } from './export-labels.ts';
import { LoadFailure, whyText } from './failure.tsx';
import { FileExport } from './file-export.tsx';
import { StreamedLists } from './stream-export.tsx';
import { formatCount } from './format.ts';
import { useReviewT } from './messages.ts';
import { useProvinceT } from './province-messages.ts';
import {
  BEHIND_FIRST,
  joinProvince,
  nextProvinceSort,
  provinceFileName,
  provinceTable,
  quietCommunes,
  sortProvince,
  type ProvinceFigures,
  type ProvinceRow,
  type ProvinceSort,
  type ProvinceSortKey,
} from './province-model.ts';
import { SortChoice } from './sort-choice.tsx';
import { FIGURE_COLUMNS, FigureCells } from './figure-cells.tsx';
import { fromApi, useRemote } from './use-review-data.ts';
import './review.css';
import './province.css';

export default function ReviewProvince() {
  const r = useReviewT();
  const m = useProvinceT();
  const { account } = useServices();
  const { query } = useLocation();
  // Straight from the server ([A16]), like the other online screens: a province officer sees the
  // province, its communes and their villages.
  const [areas, reload] = useRemote(async (token) => fromApi(await account.areas(token)), []);
  const provinces = areas.state === 'ok' ? areas.value.filter((a) => a.kind === 'province') : [];
  const province = provinces.find((p) => p.id === query.tinh) ?? provinces[0];
  return (
    <section class="screen review review-province" data-province-id={province?.id}>
      {province && <ReportHeading provinceName={province.name} />}
      <h1 class="screen-only">{m.title}</h1>
      {areas.state === 'loading' && <p class="muted">{r.loading}</p>}
      {areas.state === 'failed' && <LoadFailure failure={areas.failure} text={r.failed} onRetry={reload} />}
      {areas.state === 'ok' && !province && <p class="empty">{m.noProvince}</p>}
      {province && (
        <>
          <ProvinceChoice provinces={provinces} province={province} />
          <Province key={province.id} province={province} />
        </>
      )}
    </section>
  );
}

/** The province shown: a choice when the account has several, its name otherwise. */
function ProvinceChoice({ provinces, province }: { provinces: Area[]; province: Area }) {
  const m = useProvinceT();
  const { route } = useLocation();
  return provinces.length > 1 ? (
    <label class="field commune-choice province-choice screen-only">
      <span class="label">{m.province}</span>
      <select value={province.id} onChange={(e) => route(paths.reviewProvince(e.currentTarget.value))}>
        {provinces.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  ) : (
    <p class="lead commune-name screen-only">{province.name}</p>
  );
}

/** Only on paper: what the report is, for whom, and when it was printed. */
function ReportHeading({ provinceName }: { provinceName: string }) {
  const r = useReviewT();
  const m = useProvinceT();
  return (
    <header class="report-heading print-only">
      <p class="report-title">{r.report.heading}</p>
      <p>{m.reportSubject}</p>
      <p>{r.report.place(provinceName)}</p>
      <p>{r.report.printedOn(formatDateVi(isoDateInVietnam(Date.now())))}</p>
    </header>
  );
}

interface ProvinceAnswer {
  tallies: TalliesAnswer;
  /** null when the activity could not be loaded: the figures still show, the reason beside them. */
  activity: ActivityAnswer | null;
  activityFailure: HttpFailure | null;
}

function Province({ province }: { province: Area }) {
  const r = useReviewT();
  const { review } = useServices();
  const [data, reload] = useRemote<ProvinceAnswer>(
    async (token) => {
      const [tallies, activity] = await Promise.all([
        review.tallies(token, province.id),
        review.activity(token, province.id),
      ]);
      if (!tallies.ok) return { state: 'failed', failure: tallies.failure };
      return {
        state: 'ok',
        value: {
          tallies: tallies.value,
          activity: activity.ok ? activity.value : null,
          activityFailure: activity.ok ? null : activity.failure,
        },
      };
    },
    [province.id],
  );
  return (
    <>
      {data.state === 'loading' && <p class="muted">{r.loading}</p>}
      {data.state === 'failed' && <LoadFailure failure={data.failure} text={r.failed} onRetry={reload} />}
      {data.state === 'ok' && <Figures answer={data.value} province={province} onRefresh={reload} />}
    </>
  );
}

function Figures({
  answer,
  province,
  onRefresh,
}: {
  answer: ProvinceAnswer;
  province: Area;
  onRefresh: () => void;
}) {
  const r = useReviewT();
  const m = useProvinceT();
  const { tallies, activity, activityFailure } = answer;
  const figures = useMemo(() => joinProvince(tallies, activity), [tallies, activity]);
  const [sort, setSort] = useState<ProvinceSort>(BEHIND_FIRST);
  const rows = useMemo(() => sortProvince(figures.rows, sort), [figures, sort]);
  const total = { ...figures.total, areaName: province.name };
  return (
    <>
      <p class="as-of" data-as-of={tallies.asOf}>
        {r.asOf(formatTimeVi(Date.parse(tallies.asOf)))}
      </p>
      {activityFailure && (
        <p class="stale screen-only" role="status">
          {m.activityFailed(whyText(r, activityFailure))}
        </p>
      )}
      <div class="review-actions screen-only">
        <button type="button" class="button small" onClick={onRefresh}>
          {r.refresh}
        </button>
      </div>
      <p class="muted screen-only province-lead">
        {m.communeCount(formatCount(rows.length))}. {m.lead}
      </p>
      {rows.length === 0 ? (
        <p class="empty">{m.noCommunes}</p>
      ) : (
        <>
          <SortChoice
            id="province-sort"
            sort={sort}
            keys={SORT_KEYS}
            labelOf={(key) => m.sortKeys[key]}
            next={nextProvinceSort}
            onSort={setSort}
          />
          <CommuneTable
            rows={rows}
            total={total}
            sort={sort}
            onSort={(k) => setSort(nextProvinceSort(sort, k))}
          />
        </>
      )}
      {activity && <QuietCommunes rows={figures.rows} />}
      <ProvinceExport figures={{ rows, total }} provinceName={province.name} asOf={tallies.asOf} />
      <StreamedLists areaId={province.id} areaName={province.name} />
      <div class="report-signature print-only">
        <p>{r.report.signer}</p>
        <p class="muted">{r.report.signHint}</p>
      </div>
    </>
  );
}

const ACTIVITY_COLUMNS = ['villages', 'quietVillages', 'lastSync'] as const;

function CommuneTable({
  rows,
  total,
  sort,
  onSort,
}: {
  rows: ProvinceRow[];
  total: ProvinceRow;
  sort: ProvinceSort;
  onSort: (key: ProvinceSortKey) => void;
}) {
  const r = useReviewT();
  const m = useProvinceT();
  const columns: { key: ProvinceSortKey; label: string; num: boolean }[] = [
    { key: 'areaName', label: m.columns.areaName, num: false },
    ...FIGURE_COLUMNS.map((key) => ({ key, label: r.columns[key], num: true })),
    { key: 'villages', label: m.columns.villages, num: true },
    { key: 'quietVillages', label: m.columns.quietVillages, num: true },
    { key: 'lastSync', label: m.columns.lastSync, num: false },
  ];
  return (
    // Focusable, so that a keyboard can scroll it when a narrow window clips the table.
    <div class="table-scroll tally-scroll" tabIndex={0} role="region" aria-label={m.tableLabel}>
      <table class="tally-table province-table">
        <caption class="visually-hidden">{m.sortHint}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                data-column={c.key}
                data-label={c.label}
                class={c.num ? 'num' : undefined}
              >
                <button type="button" class="sort" onClick={() => onSort(c.key)}>
                  {c.label}
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
            const quiet = (row.activity?.quietVillages ?? 0) > 0;
            return (
              <tr key={row.areaId} data-area-id={row.areaId} class={quiet ? 'quiet' : undefined}>
                <th scope="row">
                  <a class="village-link commune-link" href={paths.review(row.areaId)}>
                    {row.areaName}
                  </a>
                </th>
                <Cells row={row} />
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr data-area-id={total.areaId} class="total">
            <th scope="row">{m.total}</th>
            <Cells row={total} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/**
 * A commune's (or the province's) cells, in the columns' order, each with its column's name
 * (data-label), which a phone shows beside the figure where there is no heading above it.
 */
function Cells({ row }: { row: ProvinceRow }) {
  const m = useProvinceT();
  const a = row.activity;
  const quiet = (a?.quietVillages ?? 0) > 0;
  return (
    <>
      <FigureCells row={row} />
      {ACTIVITY_COLUMNS.map((column) => {
        const label = m.columns[column];
        if (!a)
          return (
            <td key={column} class="no-activity" data-column={column} data-label={label}>
              {m.noActivity}
            </td>
          );
        if (column === 'lastSync')
          return (
            <td key={column} data-column={column} data-label={label} data-value={a.lastSyncAt ?? ''}>
              {a.lastSyncAt ? formatTimeVi(Date.parse(a.lastSyncAt)) : m.never}
            </td>
          );
        return (
          <td
            key={column}
            class={column === 'quietVillages' && quiet ? 'num flag' : 'num'}
            data-column={column}
            data-label={label}
            data-value={a[column]}
          >
            {formatCount(a[column])}
          </td>
        );
      })}
    </>
  );
}

// What the phone's "Sắp xếp theo" offers: the table's columns, and the shares beside their counts.
const SORT_KEYS: ProvinceSortKey[] = [
  'vneidPercent',
  'cccdPercent',
  'areaName',
  'households',
  'householdsVisited',
  'persons14plus',
  'cccdIssued14plus',
  'vneidLevel2Active14plus',
  'openTasks',
  'villages',
  'quietVillages',
  'lastSync',
];

/** "Xã/phường có tổ im lặng": the communes with quiet villages, the most first, each a way in. */
function QuietCommunes({ rows }: { rows: readonly ProvinceRow[] }) {
  const m = useProvinceT();
  const quiet = quietCommunes(rows);
  return (
    <section class="quiet-groups quiet-communes" aria-labelledby="quiet-communes-title">
      <h2 id="quiet-communes-title" class="section-title">
        {m.quiet.title}
      </h2>
      <p class="muted">{m.quiet.intro(QUIET_AFTER_DAYS)}</p>
      {quiet.length === 0 ? (
        <p class="all-fine">{m.quiet.none}</p>
      ) : (
        <ul class="quiet-commune-list">
          {quiet.map((row) => {
            const a = row.activity!;
            return (
              <li key={row.areaId} data-area-id={row.areaId}>
                <a class="quiet-commune-link" href={paths.review(row.areaId)}>
                  {row.areaName}
                </a>
                <span class="quiet-commune-figures">
                  <strong class="flag">
                    {m.quiet.count(formatCount(a.quietVillages), formatCount(a.villages))}
                  </strong>
                  {', '}
                  {a.lastSyncAt ? m.quiet.last(formatTimeVi(Date.parse(a.lastSyncAt))) : m.never}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** CSV, Excel and the A4 print of the table above, in its order, then the province's total. */
function ProvinceExport({
  figures,
  provinceName,
  asOf,
}: {
  figures: ProvinceFigures;
  provinceName: string;
  asOf: string;
}) {
  const r = useReviewT();
  const m = useProvinceT();
  const language = useLanguage();
  return (
    <FileExport
      label={m.exportLabel}
      print={r.actions.print}
      make={async (ext) => {
        const [builders, download] = await Promise.all([import('./export.ts'), import('./download.ts')]);
        const table = provinceTable(figures, m);
        // The title line is the XLSX's alone: a CSV starts with its header.
        const blob =
          ext === 'csv'
            ? builders.csvBlob(table)
            : await builders.xlsxBlob([
                {
                  name: m.sheet,
                  table,
                  titleLines: [builders.exportTitle(provinceName, asOf, EXPORT_LABELS[language])],
                },
              ]);
        download.saveBlob(blob, provinceFileName(provinceName, asOf, ext));
      }}
    />
  );
}
