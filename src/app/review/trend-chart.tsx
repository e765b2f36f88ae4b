// The trend as a line chart, drawn by hand in SVG: the share in % per period on a 0–100 % axis with
// gridlines, a circle per period with figures, a gap (no line) where a period has none, and the target
// as a dashed line with its label. The SVG is one image to a screen reader (role="img"), summed up in
// its <title> and <desc>; the table under it (TrendTable) holds every figure for reading and export.
import { useId } from 'preact/hooks';
import { formatDateVi } from '../../domain/dates.ts';
import type { Target, TrendPeriod } from '../../domain/trends.ts';
import { formatCount, formatPercent } from './format.ts';
import { CHART, chartModel, periodLabel, periodText, type TrendRow } from './trend-model.ts';
import type { TrendsMessages } from './trends-messages.ts';

const targetPercentVi = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

/** "90%", "92,5%": a target as it was set, no trailing ",0". */
export const formatTarget = (percent: number): string => `${targetPercentVi.format(percent)}%`;

/** "Chỉ tiêu 90% · hạn 31/12/2026". */
export function targetText(m: TrendsMessages, target: Target): string {
  return m.chart.target(formatTarget(target.percent), target.dueOn ? formatDateVi(target.dueOn) : null);
}

/** The chart's <desc>: the first and last figures, and the target. */
export function chartSummary(
  m: TrendsMessages,
  rows: readonly TrendRow[],
  period: TrendPeriod,
  target: Target | undefined,
): string {
  const shown = rows.filter((r) => r.share !== null);
  const at = (r: TrendRow) => m.chart.at(formatPercent(r.share!), periodLabel(period, r.start));
  const first = shown[0];
  const last = shown[shown.length - 1];
  const figures =
    !first || !last
      ? m.chart.none
      : first === last
        ? m.chart.one(at(first))
        : m.chart.summary(at(first), at(last));
  const goal = target ? `${targetText(m, target)}.` : m.chart.noTarget;
  const gaps = shown.length > 0 && shown.length < rows.length ? ` ${m.chart.gaps}` : '';
  return `${figures} ${goal}${gaps}`;
}

export function TrendChart({
  m,
  rows,
  period,
  target,
  title,
}: {
  m: TrendsMessages;
  rows: readonly TrendRow[];
  period: TrendPeriod;
  target: Target | undefined;
  title: string;
}) {
  const id = useId();
  const model = chartModel(rows, period, target?.percent ?? null);
  const right = CHART.width - CHART.right;
  const bottom = CHART.height - CHART.bottom;
  // The target's label above its line, or under it when the line runs along the top.
  const labelY =
    model.targetY === null ? 0 : model.targetY - CHART.top < 20 ? model.targetY + 26 : model.targetY - 8;
  return (
    <figure class="trend-chart">
      <svg
        class="trend-svg"
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{chartSummary(m, rows, period, target)}</desc>
        <g class="trend-grid">
          {model.yTicks.map((t) => (
            <g key={t.value} data-tick={t.value}>
              <line x1={CHART.left} x2={right} y1={t.y} y2={t.y} />
              <text x={CHART.left - 8} y={t.y + 5} text-anchor="end">
                {t.value}%
              </text>
            </g>
          ))}
          <line class="trend-axis" x1={CHART.left} x2={right} y1={bottom} y2={bottom} />
        </g>
        <g class="trend-x-labels">
          {model.xLabels.map((l) => (
            <text key={l.index} x={l.x} y={bottom + 28} text-anchor="middle" data-index={l.index}>
              {l.text}
            </text>
          ))}
        </g>
        {model.targetY !== null && target && (
          <g class="trend-target" data-percent={target.percent}>
            <line x1={CHART.left} x2={right} y1={model.targetY} y2={model.targetY} stroke-dasharray="6 4" />
            <text x={right} y={labelY} text-anchor="end">
              {targetText(m, target)}
            </text>
          </g>
        )}
        {model.paths.map((d) => (
          <path key={d} class="trend-line" d={d} />
        ))}
        <g class="trend-points">
          {model.points.map((p) => (
            <circle
              key={p.index}
              cx={p.x}
              cy={p.y}
              r={4.5}
              data-start={p.row.start}
              data-share={p.share.toFixed(1)}
            >
              <title>
                {m.chart.point(
                  periodText(period, p.row),
                  formatPercent(p.share),
                  formatCount(p.row.part!),
                  formatCount(p.row.whole!),
                )}
              </title>
            </circle>
          ))}
        </g>
      </svg>
    </figure>
  );
}

/** The figures behind the chart, period by period: what a screen reader, the printout and the files read. */
export function TrendTable({
  m,
  rows,
  period,
  partLabel,
  wholeLabel,
}: {
  m: TrendsMessages;
  rows: readonly TrendRow[];
  period: TrendPeriod;
  partLabel: string;
  wholeLabel: string;
}) {
  const none = m.table.none;
  return (
    <div class="table-scroll trend-table-scroll" tabIndex={0} role="region" aria-label={m.table.label}>
      <table class="trend-table">
        <thead>
          <tr>
            <th scope="col">{m.table.period}</th>
            <th scope="col">{m.table.day}</th>
            <th scope="col" class="num">
              {partLabel}
            </th>
            <th scope="col" class="num">
              {wholeLabel}
            </th>
            <th scope="col" class="num">
              {m.table.share}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.start} data-start={r.start} class={r.share === null ? 'no-figures' : undefined}>
              <th scope="row">{periodText(period, r)}</th>
              <td>{r.day ? formatDateVi(r.day) : none}</td>
              <td class="num">{r.part === null ? none : formatCount(r.part)}</td>
              <td class="num">{r.whole === null ? none : formatCount(r.whole)}</td>
              <td class="num" data-share={r.share === null ? undefined : r.share.toFixed(1)}>
                {r.share === null ? none : formatPercent(r.share)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
