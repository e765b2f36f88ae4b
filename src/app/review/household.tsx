// One household as the server holds it, read-only for the commune police: the head and address, the
// household's phone and note, each member (in the server's order: head first, then by age) with the
// card and VNeID status, the ID number as printed on the card, the member's phone and note and the
// same rule hints the volunteer sees, the data-cleaning tasks and the visits. Police never write
// households (SYNC-API.md): there is no button to.
import { useRoute } from 'preact-iso';
import { ageOn, formatDateVi, isoDateInVietnam } from '../../domain/dates.ts';
import { personHints, type PersonHint } from '../../domain/identity-law.ts';
import { fold } from '../../domain/fold.ts';
import { STORED_FIELDS, type PersonFields, type TaskFields, type VisitFields } from '../../domain/records.ts';
import type { HouseholdView } from '../../domain/review.ts';
import { BackLink } from '../components/back-link.tsx';
import { formatTimeVi } from '../text/format-time.ts';
import { useT } from '../i18n/i18n.ts';
import type { Messages } from '../i18n/vi.ts';
import { paths } from '../shell/paths.ts';
import { addressInVillage, telHref } from '../text/record-format.ts';
import { IdNumber } from '../components/id-number.tsx';
import { useSession } from '../shell/session-context.ts';
import { useServices } from '../shell/services.ts';
import { LoadFailure } from './failure.tsx';
import { useReviewT } from './messages.ts';
import { fromApi, useRemote } from './use-review-data.ts';
import './review.css';

const hintText = (t: Messages, hint: PersonHint) => (t.hint[hint.code] as (h: PersonHint) => string)(hint);

export default function ReviewHousehold() {
  const r = useReviewT();
  const { review } = useServices();
  const { params } = useRoute();
  const id = params.id ?? '';
  const [data, reload] = useRemote(async (token) => fromApi(await review.household(token, id)), [id]);
  const villageId = data.state === 'ok' ? data.value.household.data?.villageId : undefined;
  return (
    <section class="screen review review-household" data-household-id={id}>
      <BackLink
        href={typeof villageId === 'string' ? paths.reviewVillage(villageId) : paths.review()}
        label={r.household.back}
      />
      {data.state === 'loading' && <p class="muted">{r.loading}</p>}
      {data.state === 'failed' &&
        (data.failure.kind === 'not_found' ? (
          <p class="empty">{r.household.notFound}</p>
        ) : (
          <LoadFailure failure={data.failure} text={r.failed} onRetry={reload} />
        ))}
      {data.state === 'ok' && <HouseholdDetail view={data.value} />}
    </section>
  );
}

interface Parsed<F> {
  id: string;
  fields: F;
}

function live<F>(view: HouseholdView, entity: string, parse: (d: unknown) => F | undefined): Parsed<F>[] {
  const out: Parsed<F>[] = [];
  for (const c of view.records) {
    if (c.entity !== entity) continue;
    const fields = parse(c.data);
    if (fields) out.push({ id: c.entityId, fields });
  }
  return out;
}

/**
 * "Số 49, ngõ 18 · Thôn Đông": the village named once, whether or not the address ends with it; an
 * address that is only the village's name is the village alone.
 */
export function placeText(address: string, villageName: string): string {
  const inVillage = addressInVillage(address, villageName);
  return fold(inVillage) === fold(villageName) ? villageName : `${inVillage} · ${villageName}`;
}

/** A number the officer's phone can ring, or a PC hand to its softphone. */
function Phone({ phone }: { phone: string }) {
  return (
    <a class="tel-link" href={telHref(phone)}>
      {phone}
    </a>
  );
}

function HouseholdDetail({ view }: { view: HouseholdView }) {
  const t = useT();
  const r = useReviewT();
  // Records as the server stores them, judged by the stored rules, not today's rules for writing: a
  // record written before a rule was tightened (an ID number of an unlisted province) still shows.
  const household = STORED_FIELDS.household.safeParse(view.household.data);
  if (!household.success) return <p class="empty">{r.household.notFound}</p>;
  const h = household.data;
  const today = isoDateInVietnam(Date.now());
  // The server sends the members head first, then by age, as the volunteer's phone lists them.
  const persons = live<PersonFields>(view, 'person', (d) => STORED_FIELDS.person.safeParse(d).data);
  const tasks = live<TaskFields>(view, 'task', (d) => STORED_FIELDS.task.safeParse(d).data);
  const visits = live<VisitFields>(view, 'visit', (d) => STORED_FIELDS.visit.safeParse(d).data);
  const names = new Map(persons.map((p) => [p.id, p.fields.fullName]));
  // [RV5] The view holds each number's last four digits; the whole one is asked for, audited ([RV10]).
  const idEnds = new Map(
    view.records.flatMap((c) =>
      c.entity === 'person' && typeof c.data?.idNumberEnd === 'string'
        ? [[c.entityId, c.data.idNumberEnd]]
        : [],
    ),
  );
  const { review } = useServices();
  const { session } = useSession();
  const reveal = async (personId: string) => {
    if (!session) return null;
    const answer = await review.reveal(session.token, personId);
    return answer.ok ? answer.value : null;
  };
  return (
    <>
      <h1>{h.headName}</h1>
      <p class="lead">{placeText(h.address, view.villageName)}</p>
      {(h.householdCode || h.phone) && (
        <dl class="review-facts">
          {h.householdCode && (
            <div>
              <dt>{t.household.code}</dt>
              <dd class="code">{h.householdCode}</dd>
            </div>
          )}
          {h.phone && (
            <div>
              <dt>{t.household.phone}</dt>
              <dd>
                <Phone phone={h.phone} />
              </dd>
            </div>
          )}
        </dl>
      )}
      {h.note && (
        <p class="review-note">
          <span class="note-label">{r.household.note}: </span>
          {h.note}
        </p>
      )}
      <p class="muted read-only-note">{r.household.readOnly}</p>

      <h2 class="section-title">{t.household.members}</h2>
      {persons.length === 0 && <p class="empty">{t.household.noMembers}</p>}
      <ul class="review-members">
        {persons.map(({ id, fields: p }) => (
          <li key={id} class="card" data-person-id={id}>
            <strong>{p.fullName}</strong>
            <span class="row-meta">
              {t.relation[p.relation]} · {t.gender[p.gender]} ·{' '}
              {t.household.age(ageOn(p.birthDate, today), formatDateVi(p.birthDate))}
            </span>
            <dl class="review-facts">
              <div>
                <dt>{t.household.idNumber}</dt>
                <dd data-field="idNumber">
                  <IdNumber shown={idEnds.get(id) ?? null} reveal={() => reveal(id)} whose={p.fullName} />
                </dd>
              </div>
              <div>
                <dt>{t.household.card}</dt>
                <dd data-field="cccdStatus">
                  {t.cccd[p.cccdStatus]}
                  {p.cccdIssuedOn && ` (${t.household.issuedOn(formatDateVi(p.cccdIssuedOn))})`}
                </dd>
              </div>
              <div>
                <dt>{t.household.vneid}</dt>
                <dd data-field="vneidStatus">{t.vneid[p.vneidStatus]}</dd>
              </div>
              {p.phone && (
                <div>
                  <dt>{t.household.phone}</dt>
                  <dd>
                    <Phone phone={p.phone} />
                  </dd>
                </div>
              )}
            </dl>
            {p.note && (
              <p class="review-note">
                <span class="note-label">{r.household.note}: </span>
                {p.note}
              </p>
            )}
            <Hints hints={personHints(p, today)} />
          </li>
        ))}
      </ul>

      <h2 class="section-title">{t.household.tasks}</h2>
      {tasks.length === 0 && <p class="empty">{t.household.noOpenTasks}</p>}
      <ul class="review-tasks">
        {tasks.map(({ id, fields: task }) => (
          <li key={id} class={task.status === 'open' ? 'card open' : 'card done'} data-task-id={id}>
            <strong>{t.taskKind[task.kind]}</strong> · {t.taskStatus[task.status]}
            <span class="row-meta">
              {task.personId ? (names.get(task.personId) ?? '') : t.household.wholeHousehold}
            </span>
            {task.note && <span>{task.note}</span>}
          </li>
        ))}
      </ul>

      <h2 class="section-title">{t.household.visits}</h2>
      {visits.length === 0 && <p class="empty">{t.household.noVisits}</p>}
      <ul class="review-visits">
        {visits.map(({ id, fields: v }) => (
          <li key={id}>
            {formatDateVi(v.visitedOn)} · {t.outcome[v.outcome]}
            {v.note && <span class="row-meta"> · {v.note}</span>}
          </li>
        ))}
      </ul>
      <p class="muted">{r.household.updated(formatTimeVi(latestUpdate(view)))}</p>
    </>
  );
}

function Hints({ hints }: { hints: PersonHint[] }) {
  const t = useT();
  if (hints.length === 0) return null;
  return (
    <span class="badges">
      {hints.map((hint) => (
        <span key={hint.code} class="badge warn">
          {hintText(t, hint)}
        </span>
      ))}
    </span>
  );
}

function latestUpdate(view: HouseholdView): number {
  return Math.max(...view.records.map((c) => Date.parse(c.updatedAt)), 0);
}
