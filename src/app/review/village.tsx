// One village from the overview: its figures and its households, those with a gap first (members 14+
// without an issued card or without VNeID level 2, open tasks) or all of them, searched without tone
// marks, fifty at a time, with the list's export. Each household opens read-only. The households come
// from the server a page at a time (issue 18): the first page shows at once, "Đang tải thêm…" while
// the rest come.
import { useRoute } from 'preact-iso';
import { useMemo, useState } from 'preact/hooks';
import { formatDateVi } from '../../domain/dates.ts';
import { type GapHousehold, type GapsAnswer, type TallyRow } from '../../domain/review.ts';
import type { HttpFailure } from '../../sync/http-client.ts';
import { BackLink } from '../components/back-link.tsx';
import { SearchField } from '../components/search-field.tsx';
import { formatTimeVi } from '../text/format-time.ts';
import { paths } from '../shell/paths.ts';
import { addressInVillage } from '../text/record-format.ts';
import { useServices } from '../shell/services.ts';
import { GapExportButtons } from './export-buttons.tsx';
import { LoadFailure } from './failure.tsx';
import { formatCount, formatShare } from './format.ts';
import { useReviewT, type ReviewMessages } from './messages.ts';
import { REVIEW_PAGE_SIZE } from './paging.ts';
import { fromApi, usePagedRemote, useRemote } from './use-review-data.ts';
import {
  FILTERS,
  hasGap,
  indexHouseholds,
  PAGE_SIZE,
  shownHouseholds,
  type GapFilter,
} from './village-model.ts';
import './review.css';

/** The village's households as they have come so far (all=1): the filters and the search work on them. */
interface Loaded {
  answer: GapsAnswer;
  /** More pages are on their way (issue 18: a big village's list comes a page at a time). */
  more: boolean;
  /** A later page failed: what came is shown, with why and "Thử lại". */
  failure?: HttpFailure;
}

export default function ReviewVillage() {
  const r = useReviewT();
  const { review } = useServices();
  const { params } = useRoute();
  const villageId = params.villageId ?? '';
  const [tally, reloadTally] = useRemote<TallyRow>(
    async (token) => {
      const tallies = await review.tallies(token, villageId);
      if (!tallies.ok) return fromApi(tallies);
      return { state: 'ok', value: tallies.value.rows[0] ?? tallies.value.total };
    },
    [villageId],
  );
  const [list, reloadList] = usePagedRemote(
    (token, cursor) => review.gapsPage(token, villageId, { all: true, limit: REVIEW_PAGE_SIZE, cursor }),
    (page) => page.households,
    [villageId],
  );
  const reload = () => {
    reloadTally();
    reloadList();
  };
  const failure =
    tally.state === 'failed' ? tally.failure : list.state === 'failed' ? list.failure : undefined;
  // One object per arrived page, so that the index below is built once per page, not per render.
  const loaded = useMemo<Loaded | null>(
    () =>
      list.state === 'ok'
        ? {
            answer: { asOf: list.first.asOf, households: [...list.rows] },
            more: list.more,
            failure: list.failure,
          }
        : null,
    [list],
  );
  return (
    <section class="screen review review-village" data-village-id={villageId}>
      <BackLink href={paths.review()} label={r.village.back} />
      {!failure && (tally.state === 'loading' || list.state === 'loading') && (
        <p class="muted">{r.loading}</p>
      )}
      {failure && <LoadFailure failure={failure} text={r.failed} onRetry={reload} />}
      {!failure && tally.state === 'ok' && loaded && (
        <VillageHouseholds villageId={villageId} row={tally.value} loaded={loaded} onRetry={reloadList} />
      )}
    </section>
  );
}

function countText(r: ReviewMessages, filter: GapFilter, query: string, shown: number, all: number) {
  if (query.trim() !== '') return r.village.found(shown);
  if (filter === 'every') return r.village.countAll(all);
  if (filter === 'gaps') return r.village.count(shown, all);
  return r.village.countOf(shown, all);
}

function VillageHouseholds({
  villageId,
  row,
  loaded,
  onRetry,
}: {
  villageId: string;
  row: TallyRow;
  loaded: Loaded;
  onRetry: () => void;
}) {
  const r = useReviewT();
  const { answer, more } = loaded;
  const [filter, setFilter] = useState<GapFilter>('gaps');
  const [query, setQuery] = useState('');
  const index = useMemo(() => indexHouseholds(answer.households), [answer]);
  const shown = useMemo(() => shownHouseholds(index, filter, query), [index, filter, query]);
  const [pages, setPages] = useState(1);
  const page = shown.slice(0, pages * PAGE_SIZE);
  // A new filter or search starts again at the first page.
  const choose = (f: GapFilter) => {
    setFilter(f);
    setPages(1);
  };
  const searchFor = (text: string) => {
    setQuery(text);
    setPages(1);
  };
  const all = answer.households.length;
  const share = (part: number) => (
    <>
      {formatCount(part)}/{formatCount(row.persons14plus)}{' '}
      <span class="share">({formatShare(part, row.persons14plus)})</span>
    </>
  );
  const villageNames = useMemo(() => new Map([[row.areaId, row.areaName]]), [row]);
  return (
    <>
      <h1>{row.areaName}</h1>
      <p class="as-of">{r.asOf(formatTimeVi(Date.parse(answer.asOf)))}</p>
      <dl class="village-figures">
        <div>
          <dt>{r.columns.households}</dt>
          <dd data-column="households">{formatCount(row.households)}</dd>
        </div>
        <div>
          <dt>{r.columns.householdsVisited}</dt>
          <dd data-column="householdsVisited">{formatCount(row.householdsVisited)}</dd>
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
          <dd data-column="openTasks">{formatCount(row.openTasks)}</dd>
        </div>
      </dl>

      <h2 class="section-title">{r.village.gapsTitle}</h2>
      <div class="village-search" role="search">
        <SearchField
          id="village-search"
          label={r.village.searchLabel}
          placeholder={r.village.searchPlaceholder}
          value={query}
          onInput={searchFor}
        />
      </div>
      <div class="chips review-chips" role="group" aria-label={r.village.filterLabel}>
        {FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            class={filter === f ? 'chip active' : 'chip'}
            data-filter={f}
            aria-pressed={filter === f}
            onClick={() => choose(f)}
          >
            {r.village.filters[f]}
          </button>
        ))}
      </div>
      <p class="gap-count" role="status">
        {countText(r, filter, query, shown.length, all)}
      </p>
      {more && (
        <p class="muted loading-more" role="status" aria-live="polite">
          {r.loadingMoreOf(r.village.countAll(all))}
        </p>
      )}
      {loaded.failure && <LoadFailure failure={loaded.failure} text={r.partial} onRetry={onRetry} />}
      {all === 0 && !more ? (
        <p class="empty">{r.village.noHouseholds}</p>
      ) : shown.length > 0 ? (
        <ul class="gap-list">
          {page.map((h) => (
            <HouseholdRow key={h.id} household={h} villageName={row.areaName} />
          ))}
        </ul>
      ) : query.trim() !== '' ? (
        <p class="empty">{r.village.noneForSearch}</p>
      ) : filter === 'gaps' ? (
        <p class="empty">{r.village.none}</p>
      ) : (
        <p class="empty">{r.village.noneForFilter}</p>
      )}
      {page.length < shown.length && (
        <button type="button" class="button more" onClick={() => setPages(pages + 1)}>
          {r.village.more(page.length, shown.length)}
        </button>
      )}
      {/* The file holds the whole list: offered once every page has come. */}
      {!more && !loaded.failure && (
        <GapExportButtons
          villageId={villageId}
          areaName={row.areaName}
          asOf={answer.asOf}
          households={shown}
          villageNames={villageNames}
          every={filter === 'every'}
        />
      )}
    </>
  );
}

function HouseholdRow({ household: h, villageName }: { household: GapHousehold; villageName: string }) {
  const r = useReviewT();
  return (
    <li data-household-id={h.id}>
      <a class="gap-row" href={paths.reviewHousehold(h.id)}>
        <strong>{h.headName}</strong>
        <span class="row-meta">
          {addressInVillage(h.address, villageName)}
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
          {!hasGap(h) && <span class="badge ok">{r.village.noGap}</span>}
        </span>
        <span class="row-meta">
          {h.lastMetOn ? r.village.lastMet(formatDateVi(h.lastMetOn)) : r.village.neverMet}
        </span>
      </a>
    </li>
  );
}
