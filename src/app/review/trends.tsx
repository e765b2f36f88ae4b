// "Tiến độ và chỉ tiêu": the commune police's trend of the daily snapshots ([G5]) for one measure
// (CCCD or VNeID level 2 of persons 14+, households visited, tasks done), by day, week or month, for
// the commune or one village: a line chart with the target, the table behind it, the villages behind
// their target and by how many, the form that sets targets ([G4]), and the export (CSV, XLSX, A4).
// One request per commune and period carries every village and every measure: switching the measure
// or the village asks nothing more of the server. An online screen: nothing is kept offline.
import { useMemo, useState } from 'preact/hooks';
import { formatDateVi, isoDateInVietnam } from '../../domain/dates.ts';
import {
  TARGET_MEASURES,
  TREND_PERIODS,
  type Target,
  type TargetMeasure,
  type TrendAnswer,
  type TrendPeriod,
} from '../../domain/trends.ts';
import { paths } from '../shell/paths.ts';
import { useServices } from '../shell/services.ts';
import { formatCount, formatPercent } from './format.ts';
import { LoadFailure } from './failure.tsx';
import { useReviewT } from './messages.ts';
import { FileExport } from './file-export.tsx';
import { OnlineCommuneScreen } from './online-commune.tsx';
import { TrendChart, TrendTable, formatTarget, targetText } from './trend-chart.tsx';
import { trendFileName, trendTable } from './trend-export.ts';
import {
  behindList,
  seriesOf,
  targetFor,
  trendRange,
  trendRows,
  withTarget,
  type BehindRow,
} from './trend-model.ts';
import { TargetForm } from './trend-targets.tsx';
import { useTrendsT, type TrendsMessages } from './trends-messages.ts';
import { fromApi, useRemote } from './use-review-data.ts';
import './review.css';
import './trends.css';

export default function ReviewTrends() {
  const m = useTrendsT();
  return (
    <OnlineCommuneScreen name="review-trends" title={m.title} back={m.back} path={paths.reviewTrends}>
      {({ commune }) => <Trends key={commune.id} m={m} communeId={commune.id} communeName={commune.name} />}
    </OnlineCommuneScreen>
  );
}

function Trends({
  m,
  communeId,
  communeName,
}: {
  m: TrendsMessages;
  communeId: string;
  communeName: string;
}) {
  const r = useReviewT();
  const { trends } = useServices();
  const [measure, setMeasure] = useState<TargetMeasure>('cccd14');
  const [period, setPeriod] = useState<TrendPeriod>('week');
  const [areaId, setAreaId] = useState(communeId);
  // The day the screen opened, in Vietnam: the range does not shift under the officer at midnight.
  const today = useMemo(() => isoDateInVietnam(Date.now()), []);
  const range = trendRange(period, today);
  const [trend, reload] = useRemote(
    async (token) => fromApi(await trends.trends(token, { areaId: communeId, period, ...range })),
    [communeId, period],
  );
  const [listed] = useRemote(async (token) => fromApi(await trends.targets(token, communeId)), [communeId]);
  // The targets: the list of [G4] when it came (else the trend's), with the officer's saves on top,
  // so that a list answered before a save but arriving after it does not undo it.
  const [edits, setEdits] = useState<{ areaId: string; measure: TargetMeasure; target: Target | null }[]>([]);
  const base = listed.state === 'ok' ? listed.value : trend.state === 'ok' ? trend.value.targets : [];
  const targets = edits.reduce<Target[]>(
    (list, e) => withTarget(list, e.areaId, e.measure, e.target),
    [...base],
  );

  return (
    <>
      <ReportHeading m={m} communeName={communeName} measure={measure} period={period} />
      <div class="trend-controls screen-only">
        <Choice
          label={m.measureLabel}
          options={TARGET_MEASURES.map((k) => ({ value: k, text: m.measures[k].name }))}
          value={measure}
          onChange={setMeasure}
          class="trend-measures"
        />
        <Choice
          label={m.periodLabel}
          options={TREND_PERIODS.map((k) => ({ value: k, text: m.periods[k] }))}
          value={period}
          onChange={setPeriod}
          class="trend-periods"
        />
        <label class="field trend-area">
          <span class="label">{m.areaLabel}</span>
          <select value={areaId} onChange={(e) => setAreaId(e.currentTarget.value)}>
            <option value={communeId}>{m.wholeCommune(communeName)}</option>
            {trend.state === 'ok' &&
              trend.value.villages.map((v) => (
                <option key={v.areaId} value={v.areaId}>
                  {v.areaName}
                </option>
              ))}
          </select>
        </label>
      </div>
      <p class="trend-range muted">{m.range(formatDateVi(range.from), formatDateVi(range.to))}</p>
      {trend.state === 'loading' && <p class="muted">{r.loading}</p>}
      {trend.state === 'failed' && <LoadFailure failure={trend.failure} text={r.failed} onRetry={reload} />}
      {trend.state === 'ok' && (
        <Figures
          m={m}
          answer={trend.value}
          communeId={communeId}
          communeName={communeName}
          areaId={areaId}
          measure={measure}
          targets={targets}
          onSaved={(area, which, target) =>
            setEdits((list) => [...list, { areaId: area, measure: which, target }])
          }
        />
      )}
    </>
  );
}

/** A segmented choice: buttons, the one chosen pressed. */
function Choice<T extends string>({
  label,
  options,
  value,
  onChange,
  class: className,
}: {
  label: string;
  options: { value: T; text: string }[];
  value: T;
  onChange: (value: T) => void;
  class: string;
}) {
  return (
    <div class={`field ${className}`}>
      <span class="label">{label}</span>
      <div class="segmented trend-segmented" role="group" aria-label={label}>
        {options.map((o) => (
          <button
            key={o.value}
            type="button"
            class="segment"
            aria-pressed={o.value === value}
            data-value={o.value}
            onClick={() => onChange(o.value)}
          >
            {o.text}
          </button>
        ))}
      </div>
    </div>
  );
}

/** Only on paper: what the report is, where, and when printed. */
function ReportHeading({
  m,
  communeName,
  measure,
  period,
}: {
  m: TrendsMessages;
  communeName: string;
  measure: TargetMeasure;
  period: TrendPeriod;
}) {
  const r = useReviewT();
  return (
    <header class="report-heading print-only">
      <p class="report-title">{m.report.heading}</p>
      <p>{m.report.subject(m.measures[measure].name, m.periodsLower[period])}</p>
      <p>{r.report.place(communeName)}</p>
      <p>{r.report.printedOn(formatDateVi(isoDateInVietnam(Date.now())))}</p>
    </header>
  );
}

function Figures({
  m,
  answer,
  communeId,
  communeName,
  areaId,
  measure,
  targets,
  onSaved,
}: {
  m: TrendsMessages;
  answer: TrendAnswer;
  communeId: string;
  communeName: string;
  areaId: string;
  measure: TargetMeasure;
  targets: readonly Target[];
  onSaved: (areaId: string, measure: TargetMeasure, target: Target | null) => void;
}) {
  const series = seriesOf(answer, areaId) ?? answer.total;
  const areaName = series === answer.total ? communeName : series.areaName;
  const rows = trendRows(answer, series, measure);
  const target = targetFor(targets, series.areaId, communeId, measure);
  const words = m.measures[measure];
  const anyFigures = [answer.total, ...answer.villages].some((s) => s.points.some((p) => p !== null));
  const villages = answer.villages.map(({ areaId: id, areaName: name }) => ({ areaId: id, areaName: name }));
  return (
    <>
      {!anyFigures && (
        <p class="empty trend-empty" role="status">
          {m.noData}
        </p>
      )}
      <h2 class="trend-heading">{m.chart.title(words.name, areaName, m.periodsLower[answer.period])}</h2>
      {anyFigures && rows.every((row) => row.share === null) && <p class="empty">{m.noDataArea}</p>}
      <TrendChart
        m={m}
        rows={rows}
        period={answer.period}
        target={target}
        title={m.chart.title(words.name, areaName, m.periodsLower[answer.period])}
      />
      <p class="trend-target-text">{target ? targetText(m, target) : m.chart.noTarget}</p>
      <TrendTable m={m} rows={rows} period={answer.period} partLabel={words.part} wholeLabel={words.whole} />
      <BehindList m={m} rows={behindList(answer, measure, targets, communeId)} measure={measure} />
      <TrendExport
        m={m}
        answer={answer}
        measure={measure}
        target={targetFor(targets, communeId, communeId, measure)}
      />
      <TargetForm
        key={series.areaId}
        m={m}
        communeId={communeId}
        villages={villages}
        measure={measure}
        targets={targets}
        initialAreaId={series.areaId}
        onSaved={onSaved}
      />
    </>
  );
}

function BehindList({ m, rows, measure }: { m: TrendsMessages; rows: BehindRow[]; measure: TargetMeasure }) {
  const unit = m.measures[measure].unit;
  return (
    <section class="trend-behind" aria-labelledby="trend-behind-title">
      <h2 id="trend-behind-title">{m.behind.title}</h2>
      <p class="muted">{m.behind.intro}</p>
      {rows.length === 0 ? (
        <p class="empty">{m.behind.none}</p>
      ) : (
        <ol class="behind-list">
          {rows.map((b) => (
            <li key={b.areaId} class={`behind-item ${b.kind}`} data-area-id={b.areaId} data-kind={b.kind}>
              <span class="behind-name">{b.areaName}</span>
              {b.kind === 'behind' || b.kind === 'reached' ? (
                <>
                  <span class="behind-share">
                    {m.behind.share(formatPercent(b.row.share!), formatTarget(b.target.percent))}
                    {b.target.areaId === b.areaId && <span class="muted"> ({m.behind.ownTarget})</span>}
                  </span>
                  {b.kind === 'behind' ? (
                    <span class="badge warn behind-missing" data-needed={b.needed}>
                      {m.behind.missing(formatCount(b.needed), unit)}
                    </span>
                  ) : (
                    <span class="badge ok behind-reached">{m.behind.reached}</span>
                  )}
                  <span class="row-meta">{m.behind.asOf(formatDateVi(b.row.day!))}</span>
                </>
              ) : b.kind === 'noTarget' ? (
                <>
                  <span class="behind-share">{formatPercent(b.row!.share!)}</span>
                  <span class="muted">{m.behind.noTarget}</span>
                </>
              ) : (
                <span class="muted">{m.behind.noData}</span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** CSV and Excel of the figures by period (commune, then each village), and the A4 printout. */
function TrendExport({
  m,
  answer,
  measure,
  target,
}: {
  m: TrendsMessages;
  answer: TrendAnswer;
  measure: TargetMeasure;
  target: Target | undefined;
}) {
  return (
    <FileExport
      name="trend-export"
      label={m.export.label}
      print={m.export.print}
      make={async (ext) => {
        const [builders, download] = await Promise.all([import('./export.ts'), import('./download.ts')]);
        const table = trendTable(answer, measure, m);
        const title = m.export.title(
          answer.total.areaName,
          m.measures[measure].name,
          m.periodsLower[answer.period],
          formatDateVi(answer.from),
          formatDateVi(answer.to),
        );
        const blob =
          ext === 'csv'
            ? builders.csvBlob(table)
            : await builders.xlsxBlob([
                {
                  name: m.export.sheet,
                  table,
                  titleLines: target ? [title, m.export.targetLine(targetText(m, target))] : [title],
                },
              ]);
        download.saveBlob(blob, trendFileName(answer, measure, ext));
      }}
    />
  );
}
