// "Việc cần làm" (issue 17): the volunteer's work for the active campaigns of the village in hand,
// offline, from the phone's own records (domain/work-list.ts): campaign by campaign, due soonest
// first, overdue ones marked; each item with the one tap (or the one form) that completes it, through
// the same write path as everywhere. A completed item leaves the list by itself: its record no longer
// matches. Households marked refused or moved away are listed apart, counted, never hidden.
import { useState } from 'preact/hooks';
import { getCampaigns, type PhoneCampaign } from '../../db/campaigns.ts';
import { workHouseholdsOf, type PhoneWorkHousehold } from '../../db/work-households.ts';
import type { WriteResult } from '../../db/types.ts';
import { updateRecord } from '../../db/write.ts';
import { addYears, formatDateVi } from '../../domain/dates.ts';
import type { PersonMatch } from '../../domain/campaign-rules.ts';
import type { Person, Task } from '../../domain/records.ts';
import { workListOf, type WorkItem } from '../../domain/work-list.ts';
import { BackLink } from '../components/back-link.tsx';
import { Toast, useToast } from '../components/toast.tsx';
import { useTableQuery } from '../device/table-query.ts';
import { todayInVietnam } from '../device/today.ts';
import { failureMessage } from '../forms/use-form.ts';
import { useT } from '../i18n/i18n.ts';
import type { Messages } from '../i18n/vi.ts';
import { useDb } from '../shell/db-context.ts';
import { paths } from '../shell/paths.ts';
import { useProfile } from '../shell/profile-context.ts';

/**
 * What the items' lines show: the households from the village index; the persons and tasks of the
 * items on screen only, read when shown (a campaign can list thousands of people).
 */
interface Named {
  households: Map<string, PhoneWorkHousehold>;
  persons: Map<string, Person>;
  tasks: Map<string, Task>;
}

export default function WorkListScreen() {
  const t = useT();
  const db = useDb();
  const profile = useProfile();
  const toast = useToast();
  const today = todayInVietnam();
  // The village index in memory (kept in place by every write, list-index.ts): a member's, task's or
  // visit's write rewrites its household's row, so watching the households is enough. The households
  // come in walking order (by address, the eldest first in each), and so do each campaign's items.
  const data = useTableQuery(
    db,
    ['households', 'meta'],
    async () => {
      const campaigns = (await getCampaigns(db))
        .filter((c) => c.villageIds.includes(profile.villageId))
        .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
      const households = await workHouseholdsOf(db, profile.villageId);
      return {
        campaigns,
        households: new Map(households.map((h) => [h.id, h])),
        list: workListOf(campaigns, households, today),
      };
    },
    [profile.villageId, today],
  );

  const report = (result: WriteResult<unknown>, success: string) =>
    toast.show(
      result.ok
        ? { text: success }
        : { text: t.household.saveFailed(failureMessage(t, result) ?? ''), error: true },
    );

  return (
    <section class="screen work-list">
      <BackLink href={paths.list} label={t.app.backToList} />
      <h1>{t.work.title}</h1>
      {data === undefined ? (
        <p role="status">{t.work.loading}</p>
      ) : data.campaigns.length === 0 ? (
        <p>{t.work.noCampaigns}</p>
      ) : (
        data.campaigns.map((c) => (
          <CampaignItems
            key={c.id}
            t={t}
            campaign={c}
            items={data.list.items.filter((i) => i.campaignId === c.id)}
            apart={data.list.outOfReach.filter((i) => i.campaignId === c.id)}
            households={data.households}
            today={today}
            act={async (item, patch, success) =>
              report(await updateRecord(db, item.entity, item.entityId, patch), success)
            }
          />
        ))
      )}
      <Toast message={toast.message} />
    </section>
  );
}

/** The persons and tasks of `items`, read from the notebook (opened), re-read when they change. */
function useNamed(items: readonly WorkItem[], households: Named['households']): Named | undefined {
  const db = useDb();
  const personIds = items.filter((i) => i.entity === 'person').map((i) => i.entityId);
  const taskIds = items.filter((i) => i.entity === 'task').map((i) => i.entityId);
  const key = `${personIds.join()}|${taskIds.join()}`;
  const read = useTableQuery(
    db,
    ['persons', 'tasks'],
    async () => {
      const [persons, tasks] = await Promise.all([
        db.reads.getMany<Person>('persons', personIds),
        db.reads.getMany<Task>('tasks', taskIds),
      ]);
      const present = <R extends { id: string }>(rows: (R | undefined)[]) =>
        new Map(rows.filter((r): r is R => r !== undefined).map((r) => [r.id, r]));
      return { persons: present(persons), tasks: present(tasks) };
    },
    [key],
  );
  // Until the first read answers: nothing to name the items with (a blink, not a list of blanks).
  return read && { households, persons: read.persons, tasks: read.tasks };
}

/** Items shown per campaign, then "Xem thêm": a page rendered at once stays quick on a cheap phone. */
const PAGE = 50;

type Act = (item: WorkItem, patch: Record<string, unknown>, success: string) => Promise<void>;

function CampaignItems(props: {
  t: Messages;
  campaign: PhoneCampaign;
  items: WorkItem[];
  apart: WorkItem[];
  households: Named['households'];
  today: string;
  act: Act;
}) {
  const { t, campaign: c, items, apart } = props;
  const overdue = props.today > c.dueOn;
  // A page at a time: a large village's campaign can hold thousands of people.
  const [shown, setShown] = useState(PAGE);
  const named = useNamed([...items.slice(0, shown), ...apart], props.households);
  return (
    <section class="campaign" aria-labelledby={`campaign-${c.id}`} data-campaign-id={c.id}>
      <h2 id={`campaign-${c.id}`}>{c.name}</h2>
      <p class="campaign-meta">
        <span class={overdue ? 'badge overdue' : 'badge'}>
          {overdue ? t.work.overdue(formatDateVi(c.dueOn)) : t.work.due(formatDateVi(c.dueOn))}
        </span>{' '}
        <span>{t.work.left(items.length)}</span>
      </p>
      {items.length === 0 ? (
        <p class="muted">{t.work.allDone}</p>
      ) : !named ? (
        <p role="status">{t.work.loading}</p>
      ) : (
        <ul class="work-items">
          {items.slice(0, shown).map((item) => (
            <ItemRow
              key={item.entityId}
              t={t}
              item={item}
              named={named}
              today={props.today}
              act={props.act}
            />
          ))}
        </ul>
      )}
      {items.length > shown && (
        <button type="button" class="button" onClick={() => setShown((n) => n + PAGE)}>
          {t.work.more(Math.min(PAGE, items.length - shown))}
        </button>
      )}
      {apart.length > 0 && named && (
        <details class="work-apart">
          <summary>{t.work.outOfReach(apart.length)}</summary>
          <ul>
            {apart.map((item) => (
              <li key={item.entityId}>
                <a href={paths.household(item.householdId)}>{titleOf(t, item, named)}</a>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** Who or what an item is about, in one line. */
function titleOf(t: Messages, item: WorkItem, named: Named): string {
  const h = named.households.get(item.householdId);
  if (item.entity === 'person') return named.persons.get(item.entityId)?.fullName ?? '';
  if (item.entity === 'task') {
    const task = named.tasks.get(item.entityId);
    return task ? t.taskKind[task.kind] : '';
  }
  return h?.headName ?? '';
}

function reasonOf(
  t: Messages,
  match: PersonMatch | undefined,
  person: Person | undefined,
  today: string,
): string {
  switch (match?.kind) {
    case 'card_at_14':
      // Who turned 14 within the year is "newly 14"; the others are simply 14+.
      return match.turns14On >= addYears(today, -1)
        ? t.work.reason.cardAt14(formatDateVi(match.turns14On))
        : t.work.reason.cardOver14;
    case 'card_renewal':
      return t.work.reason.renewal(match.age, formatDateVi(match.dueOn));
    case 'card_renewal_check':
      return t.work.reason.renewalCheck(match.age);
    case 'vneid_level2':
      return person?.vneidBlocker
        ? `${t.work.reason.vneid} · ${t.vneidBlocker[person.vneidBlocker]}`
        : t.work.reason.vneid;
    default:
      return '';
  }
}

function ItemRow({
  t,
  item,
  named,
  today,
  act,
}: {
  t: Messages;
  item: WorkItem;
  named: Named;
  today: string;
  act: Act;
}) {
  const [busy, setBusy] = useState(false);
  const h = named.households.get(item.householdId);
  const person = item.entity === 'person' ? named.persons.get(item.entityId) : undefined;
  const task = item.entity === 'task' ? named.tasks.get(item.entityId) : undefined;
  const tap = (label: string, patch: Record<string, unknown>, success: string) => (
    <button
      type="button"
      class="button tick"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void act(item, patch, success).finally(() => setBusy(false));
      }}
    >
      {label}
    </button>
  );
  const title = titleOf(t, item, named);
  let action = null;
  if (item.match?.kind === 'card_at_14')
    action = tap(t.household.markIssued, { cccdStatus: 'issued' }, t.household.updated(title));
  else if (item.match?.kind === 'vneid_level2')
    action = tap(
      t.household.markVneid,
      { vneidStatus: 'level2_active', ...(person?.vneidBlocker ? { vneidBlocker: null } : {}) },
      t.household.updated(title),
    );
  else if (person)
    action = (
      <a class="button small" href={paths.editPerson(item.householdId, item.entityId)}>
        {t.household.editMember}
      </a>
    );
  else if (task) action = tap(t.work.taskDone, { status: 'done' }, t.taskStatus.done);
  else
    action = (
      <a class="button small" href={paths.newVisit(item.householdId)}>
        {t.work.logVisit}
      </a>
    );
  return (
    <li class="work-item" data-entity-id={item.entityId}>
      <p class="work-title">
        <strong>{title}</strong>
        {item.overdue && <span class="badge overdue">{t.work.overdueShort}</span>}
      </p>
      {person && <p class="work-reason">{reasonOf(t, item.match, person, today)}</p>}
      {task?.note && <p class="work-reason">{task.note}</p>}
      {h && (
        <p class="muted">
          <a href={paths.household(h.id)}>
            {item.entity === 'household' ? h.address : `${h.headName} · ${h.address}`}
          </a>
        </p>
      )}
      <div class="check-actions">{action}</div>
    </li>
  );
}
