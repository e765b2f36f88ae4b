// A tally row's figures as table cells, in the columns' order: counts, and the card and VNeID counts
// with their share of the persons 14+. Each cell carries its column's name (data-label), which a phone
// shows beside the figure where there is no heading above it (review.css). The commune overview's
// villages and the province screen's communes.
import { percent, type TallyCount, type TallyRow } from '../../domain/review.ts';
import { formatCount, formatPercent } from './format.ts';
import { useReviewT } from './messages.ts';

export type FigureColumn = Exclude<TallyCount, 'persons'>;

/** The figures' columns, in their order on screen and in the exports' tables. */
export const FIGURE_COLUMNS: readonly FigureColumn[] = [
  'households',
  'householdsVisited',
  'persons14plus',
  'cccdIssued14plus',
  'vneidLevel2Active14plus',
  'openTasks',
];

export function FigureCells({ row }: { row: TallyRow }) {
  return (
    <>
      {FIGURE_COLUMNS.map((column) =>
        column === 'cccdIssued14plus' || column === 'vneidLevel2Active14plus' ? (
          <Share key={column} part={row[column]} whole={row.persons14plus} column={column} />
        ) : (
          <Num key={column} value={row[column]} column={column} />
        ),
      )}
    </>
  );
}

function Num({ value, column }: { value: number; column: FigureColumn }) {
  const r = useReviewT();
  return (
    <td class="num" data-column={column} data-label={r.columns[column]} data-value={value}>
      {formatCount(value)}
    </td>
  );
}

function Share({ part, whole, column }: { part: number; whole: number; column: FigureColumn }) {
  const r = useReviewT();
  const share = percent(part, whole);
  return (
    <td
      class="num"
      data-column={column}
      data-label={r.columns[column]}
      data-value={part}
      data-percent={share}
    >
      {formatCount(part)} <span class="share">({formatPercent(share)})</span>
    </td>
  );
}
