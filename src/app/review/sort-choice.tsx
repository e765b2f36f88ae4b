// The table's sorting where there is no table (a phone: review.css turns the rows into cards): a
// column to choose, and the direction. The commune overview's and the province screen's.
import { useReviewT } from './messages.ts';

export interface ChosenSort<K extends string> {
  key: K;
  dir: 'asc' | 'desc';
}

export function SortChoice<K extends string>({
  id,
  sort,
  keys,
  labelOf,
  next,
  onSort,
}: {
  /** The select's id; the direction's is `${id}-dir`. */
  id: string;
  sort: ChosenSort<K>;
  keys: readonly K[];
  labelOf: (key: K) => string;
  /** The sort after choosing `key` (the screen's own rule: a new column's natural direction). */
  next: (sort: ChosenSort<K>, key: K) => ChosenSort<K>;
  onSort: (sort: ChosenSort<K>) => void;
}) {
  const r = useReviewT();
  return (
    <div class="sort-choice screen-only">
      <label for={id} class="label">
        {r.sort.label}
      </label>
      <div class="sort-controls">
        <select id={id} value={sort.key} onChange={(e) => onSort(next(sort, e.currentTarget.value as K))}>
          {keys.map((key) => (
            <option key={key} value={key}>
              {labelOf(key)}
            </option>
          ))}
        </select>
        <label for={`${id}-dir`} class="visually-hidden">
          {r.sort.direction}
        </label>
        <select
          id={`${id}-dir`}
          class="sort-dir"
          value={sort.dir}
          onChange={(e) => onSort({ ...sort, dir: e.currentTarget.value === 'asc' ? 'asc' : 'desc' })}
        >
          <option value="desc">{r.sort.desc}</option>
          <option value="asc">{r.sort.asc}</option>
        </select>
      </div>
    </div>
  );
}
