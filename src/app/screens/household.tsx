// A household at the gate: who lives there and each member's checklist, one-tap updates, the quick
// visit log, open data-cleaning tasks and past visits. Live: an edit shows the moment it is written,
// and its confirmation shows where the volunteer looks (a toast above the action bar, read out by
// screen readers). "Thêm nhân khẩu" and "Quét thẻ CCCD" stay at hand in a bar at the bottom.
import { useRoute } from 'preact-iso';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { formatDateVi } from '../../domain/dates.ts';
import type { Person, PersonFields, Task, Visit, VisitOutcome } from '../../domain/records.ts';
import { VISIT_OUTCOMES } from '../../domain/records.ts';
import { HOUSEHOLD_TABLES, householdScreen, readAheadScreen } from '../../db/household-read.ts';
import type { WriteResult } from '../../db/types.ts';
import { createRecord, updateRecord } from '../../db/write.ts';
import { BackLink } from '../components/back-link.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { Toast, useToast } from '../components/toast.tsx';
import { useDb, useNotebook } from '../shell/db-context.ts';
import { useT } from '../i18n/i18n.ts';
import type { Messages } from '../i18n/vi.ts';
import { useTableQuery } from '../device/table-query.ts';
import { paths } from '../shell/paths.ts';
import { useProfile } from '../shell/profile-context.ts';
import { addressInVillage } from '../text/record-format.ts';
import { todayInVietnam } from '../device/today.ts';
import { failureMessage } from '../forms/use-form.ts';
import { CallLink } from './call-link.tsx';
import { MemberCard } from './member-card.tsx';

export default function HouseholdScreen() {
  const t = useT();
  const db = useDb();
  const notebook = useNotebook();
  const id = useRoute().params.id ?? '';
  // One query for the screen: the household and its issue counts, re-read together after a write of
  // any table it reads. Started at once in the render's task: Dexie's liveQuery would start it on a
  // timer, which the browser fires only after the next frame (7 ms of a 20 ms open, measured). Until
  // it answers, the household as the list read it ahead, if it did (household-read.ts).
  const live = useTableQuery(
    notebook,
    HOUSEHOLD_TABLES,
    async () => ({ id, screen: await householdScreen(notebook, id) }),
    [id],
  );
  const screen = live?.id === id ? live.screen : readAheadScreen(notebook, id);
  const detail = screen === undefined ? undefined : (screen?.detail ?? null);
  const issues = screen?.issues ?? null;
  const { villages } = useProfile();
  const toast = useToast();
  const [logging, setLogging] = useState(false);
  // The outcome tapped when a visit is already logged today: asked about before a second one.
  const [again, setAgain] = useState<VisitOutcome | null>(null);
  const today = todayInVietnam();

  // The previous household's answer may still be in hand for a moment after the address changed.
  if (detail === undefined || (detail && detail.household.id !== id)) {
    return <p class="screen muted">{t.app.loading}</p>;
  }
  if (detail === null) {
    return (
      <section class="screen">
        <BackLink href={paths.list} label={t.app.backToList} />
        <h1>{t.household.notFound}</h1>
      </section>
    );
  }
  const { household: h, persons, tasks, visits } = detail;

  const report = (result: WriteResult<unknown>, success: string) =>
    toast.show(
      result.ok
        ? { text: success }
        : { text: t.household.saveFailed(failureMessage(t, result) ?? ''), error: true },
    );

  const updatePerson = async (person: Person, patch: Partial<PersonFields>) => {
    report(await updateRecord(db, 'person', person.id, patch), t.household.updated(person.fullName));
  };

  const visitedToday = visits.filter((v) => v.visitedOn === today);
  const logVisit = async (outcome: VisitOutcome, confirmed = false) => {
    // One visit per tap: a double tap on a slow phone must not log two, and a second visit the same
    // day is asked about first (most often it is the same visit tapped again).
    if (logging) return;
    if (visitedToday.length > 0 && !confirmed) return setAgain(outcome);
    setAgain(null);
    setLogging(true);
    const result = await createRecord(db, 'visit', { householdId: h.id, visitedOn: today, outcome });
    setLogging(false);
    report(result, t.household.visitLogged(t.outcome[outcome], formatDateVi(today)));
  };

  const markDone = async (task: Task) => {
    report(await updateRecord(db, 'task', task.id, { status: 'done' }), t.taskStatus.done);
  };

  const nameOf = new Map(persons.map((p) => [p.id, p.fullName]));
  const openTasks = tasks.filter((task) => task.status === 'open');
  const doneTasks = tasks.filter((task) => task.status === 'done');

  return (
    <section class="screen household" data-household-id={h.id}>
      <BackLink href={paths.list} label={t.app.backToList} />
      <div class="household-head">
        <div class="household-title">
          <h1>{h.headName}</h1>
          <a class="text-link" href={paths.editHousehold(h.id)}>
            {t.household.edit}
          </a>
        </div>
        <p>{addressInVillage(h.address, villages.find((v) => v.id === h.villageId)?.name)}</p>
        {h.householdCode && (
          <p class="muted">
            {t.household.code}: <strong>{h.householdCode}</strong>
          </p>
        )}
        {h.phone && <CallLink name={h.headName} phone={h.phone} />}
        {h.outOfReach && (
          <p class="notice out-of-reach">
            {t.household.outOfReach(
              t.outOfReach[h.outOfReach],
              h.outOfReachOn ? formatDateVi(h.outOfReachOn) : null,
            )}
          </p>
        )}
        {h.note && <p class="note">{h.note}</p>}
      </div>

      {issues && (
        <a class="issues-link" href={paths.householdIssues(h.id)}>
          <span class="badges">
            {issues.conflicts > 0 && (
              <span class="badge conflict">{t.issues.badgeConflicts(issues.conflicts)}</span>
            )}
            {issues.rejected > 0 && (
              <span class="badge conflict">{t.issues.badgeRejected(issues.rejected)}</span>
            )}
          </span>
          <span class="issues-open">{t.issues.open} →</span>
        </a>
      )}

      <div class="quick-visit" role="group" aria-labelledby="quick-visit-title">
        <h2 id="quick-visit-title">{t.household.quickVisit}</h2>
        <div class="quick-visit-buttons">
          {VISIT_OUTCOMES.map((o) => (
            <button
              key={o}
              type="button"
              class={`button outcome-${o}`}
              disabled={logging}
              onClick={() => void logVisit(o)}
            >
              {t.outcome[o]}
            </button>
          ))}
        </div>
        {visitedToday.length > 0 && (
          <p class="visited-today" data-visited-today={visitedToday.length}>
            {t.household.visitedToday(
              VISIT_OUTCOMES.filter((o) => visitedToday.some((v) => v.outcome === o))
                .map((o) => t.outcome[o])
                .join(', '),
            )}
          </p>
        )}
      </div>
      {again && (
        <ConfirmDialog
          question={t.household.confirmSecondVisit(t.outcome[again])}
          detail={t.household.confirmSecondVisitDetail}
          confirmLabel={t.household.logAgain}
          irreversible={false}
          onConfirm={() => void logVisit(again, true)}
          onCancel={() => setAgain(null)}
        />
      )}

      <h2 class="section-title">
        {t.household.members} ({persons.length})
      </h2>
      {persons.length === 0 ? (
        <p class="empty">{t.household.noMembers}</p>
      ) : (
        <ul class="members">
          {persons.map((p) => (
            <MemberCard
              key={p.id}
              t={t}
              person={p}
              today={today}
              onUpdate={(p, patch) => void updatePerson(p, patch)}
            />
          ))}
        </ul>
      )}

      <h2 class="section-title">{t.household.tasks}</h2>
      {openTasks.length === 0 ? (
        <p class="empty">{t.household.noOpenTasks}</p>
      ) : (
        <ul class="items">
          {openTasks.map((task) => (
            <TaskItem
              key={task.id}
              t={t}
              task={task}
              person={task.personId ? nameOf.get(task.personId) : undefined}
            >
              <button type="button" class="button tick" onClick={() => void markDone(task)}>
                {t.household.markDone}
              </button>
            </TaskItem>
          ))}
        </ul>
      )}
      {doneTasks.length > 0 && (
        <details class="done-tasks">
          <summary>
            {t.household.doneTasks} ({doneTasks.length})
          </summary>
          <ul class="items">
            {doneTasks.map((task) => (
              <TaskItem
                key={task.id}
                t={t}
                task={task}
                person={task.personId ? nameOf.get(task.personId) : undefined}
              />
            ))}
          </ul>
        </details>
      )}
      <AddLink href={paths.newTask(h.id)} label={t.household.addTask} />

      <h2 class="section-title">{t.household.visits}</h2>
      {visits.length === 0 ? (
        <p class="empty">{t.household.noVisits}</p>
      ) : (
        <ul class="items visits">
          {visits.map((v) => (
            <VisitItem key={v.id} t={t} visit={v} />
          ))}
        </ul>
      )}
      <AddLink href={paths.newVisit(h.id)} label={t.household.addVisit} />

      <nav class="action-bar" aria-label={t.household.actions}>
        <a class="button primary" href={paths.newPerson(h.id)}>
          {t.household.addMember}
        </a>
        <a class="button" href={paths.scanCard(h.id)}>
          {t.scan.link}
        </a>
      </nav>
      <Toast message={toast.message} />
    </section>
  );
}

/** Adding comes after what is there: at the gate the volunteer mostly ticks, and adds less often. */
function AddLink({ href, label }: { href: string; label: string }) {
  return (
    <a class="button add-link" href={href}>
      {label}
    </a>
  );
}

function TaskItem(props: {
  t: Messages;
  task: Task;
  person: string | undefined;
  children?: ComponentChildren;
}) {
  const { t, task } = props;
  return (
    <li class={`item task-${task.status}`} data-task-id={task.id}>
      <div class="item-main">
        <strong>{t.taskKind[task.kind]}</strong>
        <span class="muted"> · {props.person ?? t.household.wholeHousehold}</span>
        {task.note && <p class="item-note">{task.note}</p>}
      </div>
      <div class="item-actions">
        {props.children}
        <a class="text-link" href={paths.editTask(task.householdId, task.id)}>
          {t.household.editItem}
          <span class="visually-hidden"> {t.taskKind[task.kind]}</span>
        </a>
      </div>
    </li>
  );
}

function VisitItem({ t, visit: v }: { t: Messages; visit: Visit }) {
  return (
    <li class="item" data-visit-id={v.id}>
      <div class="item-main">
        <strong>{formatDateVi(v.visitedOn)}</strong> ·{' '}
        <span class={`outcome-text-${v.outcome}`}>{t.outcome[v.outcome]}</span>
        {v.note && <p class="item-note">{v.note}</p>}
      </div>
      <div class="item-actions">
        <a class="text-link" href={paths.editVisit(v.householdId, v.id)}>
          {t.household.editItem}
          <span class="visually-hidden"> {formatDateVi(v.visitedOn)}</span>
        </a>
      </div>
    </li>
  );
}
