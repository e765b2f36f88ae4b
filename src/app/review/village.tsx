// One village from the overview: its figures and the households that still have a gap (members 14+
// without an issued card or without VNeID level 2, open tasks), most gaps first, with a filter and
// the gap list's export. Each household opens read-only.
import { useRoute } from 'preact-iso';
import { useMemo, useState } from 'preact/hooks';
import { formatDateVi } from '../../domain/dates.ts';
import { type GapHousehold, type GapsAnswer, type TallyRow } from '../../domain/review.ts';
import { BackLink } from '../components/back-link.tsx';
import { formatTimeVi } from '../format-time.ts';
import { paths } from '../paths.ts';
import { useServices } from '../services.ts';
import { GapExportButtons } from './export-buttons.tsx';
import { LoadFailure } from './failure.tsx';
import { formatCount, formatShare } from './format.ts';
import { useReviewT } from './messages.ts';
import { fromApi, useRemote } from './use-review-data.ts';
import './review.css';

export type GapFilter = 'all' | 'card' | 'vneid' | 'tasks';
const FILTERS: GapFilter[] = ['all', 'card', 'vneid', 'tasks'];

/** The households a filter keeps, most gaps first (then by address, as a volunteer walks them). */
export function filterGaps(households: readonly GapHousehold[], filter: GapFilter): GapHousehold[] {
  const kept = households.filter(
    (h) =>
      filter === 'all' ||
      (filter === 'card' && h.withoutCard14plus > 0) ||
      (filter === 'vneid' && h.withoutVneid14plus > 0) ||
      (filter === 'tasks' && h.openTasks > 0),
  );
  const weight = (h: GapHousehold) => h.withoutCard14plus + h.withoutVneid14plus + h.openTasks;
  return kept.sort((a, b) => weight(b) - weight(a) || a.address.localeCompare(b.address, 'vi'));
}

interface VillageData {
  row: TallyRow;
  gaps: GapsAnswer;
}

export default function ReviewVillage() {
  const r = useReviewT();
  const { review } = useServices();
  const { params } = useRoute();
  const villageId = params.villageId ?? '';
  const [data, reload] = useRemote<VillageData>(
    async (token) => {
      const [tallies, gaps] = await Promise.all([
        review.tallies(token, villageId),
        review.gaps(token, villageId),
      ]);
      if (!tallies.ok) return fromApi(tallies);
      if (!gaps.ok) return fromApi(gaps);
      const row = tallies.value.rows[0] ?? tallies.value.total;
      return { state: 'ok', value: { row, gaps: gaps.value } };
    },
    [villageId],
  );
  return (
    <section class="screen review review-village" data-village-id={villageId}>
      <BackLink href={paths.review()} label={r.village.back} />
      {data.state === 'loading' && <p class="muted">{r.loading}</p>}
      {data.state === 'failed' && <LoadFailure failure={data.failure} text={r.failed} onRetry={reload} />}
      {data.state === 'ok' && <VillageGaps row={data.value.row} gaps={data.value.gaps} />}
    </section>
  );
}

function VillageGaps({ row, gaps }: { row: TallyRow; gaps: GapsAnswer }) {
  const r = useReviewT();
  const [filter, setFilter] = useState<GapFilter>('all');
  const shown = useMemo(() => filterGaps(gaps.households, filter), [gaps, filter]);
  const share = (part: number) =>
    `${formatCount(part)}/${formatCount(row.persons14plus)} (${formatShare(part, row.persons14plus)})`;
  return (
    <>
      <h1>{row.areaName}</h1>
      <p class="as-of">{r.asOf(formatTimeVi(Date.parse(gaps.asOf)))}</p>
      <dl class="village-figures">
        <div>
          <dt>{r.columns.households}</dt>
          <dd data-column="households">{row.households}</dd>
        </div>
        <div>
          <dt>{r.columns.householdsVisited}</dt>
          <dd data-column="householdsVisited">{row.householdsVisited}</dd>
        </div>
        <div>
          <dt>{r.columns.cccdIssued14plus}</dt>
          <dd data-column="cccdIssued14plus">{share(row.cccdIssued14plus)}</dd>
        </div>
        <div>
          <dt>{r.columns.vneidLevel2Active14plus}</dt>
          <dd data-column="vneidLevel2Active14plus">{share(row.vneidLevel2Active14plus)}</dd>
        </div>
        <div>
          <dt>{r.columns.openTasks}</dt>
          <dd data-column="openTasks">{row.openTasks}</dd>
        </div>
      </dl>

      <h2 class="section-title">{r.village.gapsTitle}</h2>
      <div class="chips" role="group" aria-label={r.village.filterLabel}>
        {FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            class={filter === f ? 'chip active' : 'chip'}
            aria-pressed={filter === f}
            onClick={() => setFilter(f)}
          >
            {r.village.filters[f]}
          </button>
        ))}
      </div>
      <p class="gap-count">{r.village.count(shown.length, row.households)}</p>
      {gaps.households.length === 0 ? (
        <p class="empty">{r.village.none}</p>
      ) : shown.length === 0 ? (
        <p class="empty">{r.village.noneForFilter}</p>
      ) : (
        <ul class="gap-list">
          {shown.map((h) => (
            <li key={h.id} data-household-id={h.id}>
              <a class="gap-row" href={paths.reviewHousehold(h.id)}>
                <strong>{h.headName}</strong>
                <span class="row-meta">
                  {h.address}
                  {h.householdCode && ` · ${r.village.code(h.householdCode)}`}
                </span>
                <span class="badges">
                  {h.withoutCard14plus > 0 && (
                    <span class="badge warn">{r.village.withoutCard(h.withoutCard14plus)}</span>
                  )}
                  {h.withoutVneid14plus > 0 && (
                    <span class="badge warn">{r.village.withoutVneid(h.withoutVneid14plus)}</span>
                  )}
                  {h.openTasks > 0 && <span class="badge task">{r.village.openTasks(h.openTasks)}</span>}
                </span>
                <span class="row-meta">
                  {h.lastMetOn ? r.village.lastMet(formatDateVi(h.lastMetOn)) : r.village.neverMet}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <GapExportButtons
        areaName={row.areaName}
        asOf={gaps.asOf}
        households={shown}
        villageNames={new Map([[row.areaId, row.areaName]])}
      />
    </>
  );
}
