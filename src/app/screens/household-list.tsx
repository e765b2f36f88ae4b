// The volunteer's first screen: the current village's households, searched as they type (tone-blind),
// narrowed by gap filters in one scrollable row, a page at a time, with the village's progress line.
// Dense on a 360×640 phone: at least five households in sight, each row at most 72 px. Until the first
// pull of the village has finished, it says it is loading instead of showing half a village's figures.
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import {
  PAGE_SIZE,
  issueCounts,
  listHouseholds,
  villageProgress,
  type IssueCount,
} from '../../db/list-queries.ts';
import type { HouseholdListRow, VillageProgress } from '../../db/types.ts';
import { readAhead } from '../../db/household-read.ts';
import { getFirstPullState } from '../../db/pull-state.ts';
import { getCampaigns } from '../../db/campaigns.ts';
import { useNotebook } from '../shell/db-context.ts';
import { useT } from '../i18n/i18n.ts';
import type { Messages } from '../i18n/vi.ts';
import { useTableQuery } from '../device/table-query.ts';
import { paths } from '../shell/paths.ts';
import { useProfile } from '../shell/profile-context.ts';
import { addressInVillage } from '../text/record-format.ts';
import { useSync } from '../shell/sync-context.tsx';
import { firstPullText, firstPullWait } from '../text/sync-text.ts';
import { SearchField } from '../components/search-field.tsx';
import { useOnline } from '../device/online.ts';
import { todayInVietnam } from '../device/today.ts';
import { FILTER_KEYS, parseFilters, useListUrl, type FilterKey } from './list-url.ts';

function filterLabel(t: Messages, key: FilterKey): string {
  const labels: Record<FilterKey, string> = {
    noCard: t.list.filterNoCard,
    noVneid: t.list.filterNoVneid,
    openTasks: t.list.filterOpenTasks,
    notVisited: t.list.filterNotVisited,
  };
  return labels[key];
}

/**
 * What the list and the progress line read: the households' rows, which carry the summary of their
 * members, tasks and visits (a write of any of those rewrites its household's row too).
 */
const LIST_TABLES = ['households'] as const;

/** How long the list stays as it is before its households are read ahead: a pause in typing. */
const READ_AHEAD_AFTER_MS = 150;

export function HouseholdList() {
  const t = useT();
  const db = useNotebook();
  const { villageId, villages } = useProfile();
  const villageName = villages.find((v) => v.id === villageId)?.name;
  const { query } = useLocation();
  const [text, setText] = useState(query.q ?? '');
  const [filters, setFilters] = useState<FilterKey[]>(() => parseFilters(query.loc));
  const [pages, setPages] = useState(1);
  const flushUrl = useListUrl(text, filters);
  const today = todayInVietnam();
  const filterKey = filters.join(',');

  // Each keystroke starts a new query; the answer says which text it is for, and the hook drops the
  // answers of earlier keystrokes, so a slow early answer never overwrites a later one.
  const result = useTableQuery(
    db,
    LIST_TABLES,
    async () => {
      const page = await listHouseholds(db, {
        villageId,
        text,
        filters: Object.fromEntries(filters.map((f) => [f, true])),
        offset: 0,
        limit: PAGE_SIZE * pages,
        today,
      });
      return { text, narrowed: text.trim() !== '' || filters.length > 0, page };
    },
    [villageId, text, filterKey, pages, today],
  );
  const progress = useTableQuery(db, LIST_TABLES, () => villageProgress(db, villageId, today), [
    villageId,
    today,
  ]);
  // Conflicts and rejected edits wait for the person: their badges come from their own (small) tables.
  const issues = useTableQuery(db, ['conflicts', 'rejected'], () => issueCounts(db), []);
  const firstPull = useTableQuery(db, ['meta'], () => getFirstPullState(db), []);
  const loading = firstPull !== undefined && firstPull !== 'done';

  // Once the list has settled (no keystroke for a moment), the households on it are read ahead: the
  // tap that opens one then shows it at once (household-read.ts).
  useEffect(() => {
    if (!result) return;
    const ids = result.page.rows.map((r) => r.household.id);
    const timer = setTimeout(() => void readAhead(db, ids), READ_AHEAD_AFTER_MS);
    return () => clearTimeout(timer);
  }, [db, result]);

  const toggle = (key: FilterKey) => {
    setPages(1);
    setFilters((f) =>
      f.includes(key) ? f.filter((k) => k !== key) : FILTER_KEYS.filter((k) => k === key || f.includes(k)),
    );
  };

  return (
    <section class="screen list-screen" onClickCapture={flushUrl}>
      <div class="list-title">
        <h1>{t.list.title}</h1>
        <a class="button primary small" href={paths.newHousehold}>
          {t.list.addHousehold}
        </a>
      </div>
      {loading ? (
        <FirstPull t={t} households={progress?.households} />
      ) : (
        progress && <ProgressLine t={t} progress={progress} />
      )}
      <WorkLink t={t} villageId={villageId} />
      <form
        class="search"
        role="search"
        onSubmit={(e) => (e.preventDefault(), (document.activeElement as HTMLElement | null)?.blur())}
      >
        <SearchField
          id="search"
          label={t.list.searchLabel}
          placeholder={t.list.searchPlaceholder}
          value={text}
          onInput={(value) => {
            setPages(1);
            setText(value);
          }}
        />
      </form>
      <div class="chips chip-row" role="group" aria-label={t.list.filters}>
        {FILTER_KEYS.map((key) => (
          <button
            key={key}
            type="button"
            class="chip"
            aria-pressed={filters.includes(key)}
            data-filter={key}
            onClick={() => toggle(key)}
          >
            {filterLabel(t, key)}
          </button>
        ))}
      </div>
      {result === undefined ? (
        <p class="muted">{t.app.loading}</p>
      ) : (
        <>
          {/* The progress line already counts the village; a count of its own only for a narrowed list. */}
          <p class={result.narrowed ? 'count' : 'count visually-hidden'} aria-live="polite">
            {result.narrowed ? t.list.found(result.page.total) : t.list.total(result.page.total)}
          </p>
          <ul
            class="rows"
            data-query={result.text}
            data-total={result.page.total}
            // A finger on a row: read its household now, in the time before the finger lifts.
            onPointerDown={(e) => {
              const id = (e.target as Element).closest<HTMLElement>('[data-household-id]')?.dataset
                .householdId;
              if (id) void readAhead(db, [id]);
            }}
          >
            {result.page.rows.map((row) => (
              <HouseholdRow
                key={row.household.id}
                t={t}
                row={row}
                villageName={villageName}
                issues={issues?.get(row.household.id)}
                badges={!loading}
              />
            ))}
          </ul>
          {result.page.total === 0 && !loading && (
            <p class="empty">{result.narrowed ? t.list.noResults : t.list.empty}</p>
          )}
          {result.page.rows.length < result.page.total && (
            <button type="button" class="button more" onClick={() => setPages((p) => p + 1)}>
              {t.list.more(result.page.rows.length, result.page.total)}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/**
 * The village is still arriving: how many of its households are on the phone so far, and whether the
 * download goes on now or waits for a network. Figures and gap badges wait for the end.
 */
function FirstPull({ t, households }: { t: Messages; households: number | undefined }) {
  const sync = useSync();
  const online = useOnline();
  const wait = firstPullWait(sync, online);
  return (
    <div class="first-pull" role="status" data-first-pull={wait}>
      <p class="first-pull-title">
        {wait === 'loading' && <span class="spinner" aria-hidden="true" />}
        {firstPullText(t, wait)}
      </p>
      {households !== undefined && households > 0 && <p>{t.list.firstPullProgress(households)}</p>}
      <p class="muted">{t.list.firstPullNote}</p>
    </div>
  );
}

/** A share of the persons aged 14+, rounded down so that 100% means every one of them. */
function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${Math.floor((part * 100) / whole)}%`;
}

function ProgressLine({ t, progress: p }: { t: Messages; progress: VillageProgress }) {
  return (
    <p class="progress" title={t.list.progressNote}>
      {t.list.progress(
        p.householdsVisited,
        p.households,
        percent(p.cccdIssued14plus, p.persons14plus),
        percent(p.vneidLevel2Active14plus, p.persons14plus),
      )}
    </p>
  );
}

function HouseholdRow(props: {
  t: Messages;
  row: HouseholdListRow;
  villageName: string | undefined;
  issues: IssueCount | undefined;
  /** False while the village is still loading: a household's members may not be on the phone yet. */
  badges: boolean;
}) {
  const { t, row } = props;
  const h = row.household;
  const conflicts = props.issues?.conflicts ?? 0;
  const rejected = props.issues?.rejected ?? 0;
  const gaps = props.badges && (row.noCard > 0 || row.noVneid > 0 || row.openTasks > 0);
  return (
    <li>
      <a class="row" href={paths.household(h.id)} data-household-id={h.id}>
        <span class="row-line">
          <span class="row-name">{h.headName}</span>
          {props.badges && !row.visited && <span class="row-flag">{t.list.badgeNotVisited}</span>}
        </span>
        <span class="row-meta">
          {addressInVillage(h.address, props.villageName)} · {t.list.members(row.members)}
        </span>
        {(gaps || conflicts + rejected > 0) && (
          <span class="badges">
            {conflicts > 0 && <span class="badge conflict">{t.issues.badgeConflicts(conflicts)}</span>}
            {rejected > 0 && <span class="badge conflict">{t.issues.badgeRejected(rejected)}</span>}
            {props.badges && row.noCard > 0 && (
              <span class="badge warn">{t.list.badgeNoCard(row.noCard)}</span>
            )}
            {props.badges && row.noVneid > 0 && (
              <span class="badge warn">{t.list.badgeNoVneid(row.noVneid)}</span>
            )}
            {props.badges && row.openTasks > 0 && (
              <span class="badge task">{t.list.badgeTasks(row.openTasks)}</span>
            )}
          </span>
        )}
      </a>
    </li>
  );
}

/** "Việc cần làm" when the village has campaigns (issue 17): one small meta read, no records. */
function WorkLink({ t, villageId }: { t: Messages; villageId: string }) {
  const db = useNotebook();
  const campaigns = useTableQuery(db, ['meta'], () => getCampaigns(db), []);
  const n = campaigns?.filter((c) => c.villageIds.includes(villageId)).length ?? 0;
  if (n === 0) return null;
  return (
    <a class="work-link" href={paths.workList}>
      {t.work.link(n)}
    </a>
  );
}
