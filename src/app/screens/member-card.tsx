// One member of a household as a compact checklist: card and VNeID each on one line with its one-tap
// update at the end, the ID number in the card's groups, the law's hints, the note, and the member's
// phone as a call button.
import type { PersonHint } from '../../domain/identity-law.ts';
import { is14Plus, personHints } from '../../domain/identity-law.ts';
import { ageOn, formatDateVi } from '../../domain/dates.ts';
import type { Person, PersonFields } from '../../domain/records.ts';
import type { Messages } from '../i18n/vi.ts';
import { paths } from '../shell/paths.ts';
import { IdNumber } from '../components/id-number.tsx';
import { CallLink } from './call-link.tsx';

interface Props {
  t: Messages;
  person: Person;
  today: string;
  onUpdate: (person: Person, patch: Partial<PersonFields>) => void;
}

export function hintText(t: Messages, hint: PersonHint): string {
  return (t.hint[hint.code] as (h: PersonHint) => string)(hint);
}

export function MemberCard({ t, person: p, today, onUpdate }: Props) {
  const adult = is14Plus(p.birthDate, today);
  const hints = personHints(p, today);
  // Under 14 a card is on request and VNeID goes through a parent's account: the buttons appear for
  // a child only once something is already under way.
  const cardMatters = adult || p.cccdStatus !== 'none';
  const vneidMatters = adult || p.vneidStatus !== 'none';
  const cardDone = p.cccdStatus === 'issued';
  const vneidDone = p.vneidStatus === 'level2_active';
  const tick = (label: string, patch: Partial<PersonFields>) => (
    <button type="button" class="button tick" onClick={() => onUpdate(p, patch)}>
      {label}
    </button>
  );
  return (
    <li class="member" data-person-id={p.id}>
      <div class="member-head">
        <h3>{p.fullName}</h3>
        <span class="relation">{t.relation[p.relation]}</span>
      </div>
      <p class="member-meta">
        {t.household.age(ageOn(p.birthDate, today), formatDateVi(p.birthDate))} · {t.gender[p.gender]}
      </p>
      {/* One line per status, its one-tap action at the end of the line. */}
      <dl class="checklist">
        <div class={cardDone ? 'check ok' : cardMatters ? 'check gap' : 'check'}>
          <dt>{t.household.cardShort}</dt>
          <dd data-field="cccdStatus">
            <span class="check-value">{t.cccd[p.cccdStatus]}</span>
            {p.cccdIssuedOn && (
              <span class="muted"> · {t.household.issuedOn(formatDateVi(p.cccdIssuedOn))}</span>
            )}
          </dd>
          {cardMatters && !cardDone && (
            <dd class="check-actions">
              {tick(t.household.markIssued, { cccdStatus: 'issued' })}
              {(p.cccdStatus === 'none' || p.cccdStatus === 'lost') &&
                tick(t.household.markApplied, { cccdStatus: 'applied' })}
            </dd>
          )}
        </div>
        <div class={vneidDone ? 'check ok' : vneidMatters ? 'check gap' : 'check'}>
          <dt>{t.household.vneid}</dt>
          <dd data-field="vneidStatus">
            <span class="check-value">{t.vneid[p.vneidStatus]}</span>
            {p.vneidRegisteredOn && (
              <span class="muted"> · {t.household.vneidRegisteredOn(formatDateVi(p.vneidRegisteredOn))}</span>
            )}
            {!vneidDone && p.vneidBlocker && <span class="muted"> · {t.vneidBlocker[p.vneidBlocker]}</span>}
          </dd>
          {vneidMatters && !vneidDone && (
            <dd class="check-actions">
              {/* [R15] Active now: the reason it was not goes with the tap. */}
              {tick(t.household.markVneid, {
                vneidStatus: 'level2_active',
                ...(p.vneidBlocker ? { vneidBlocker: null } : {}),
              })}
            </dd>
          )}
        </div>
        <div class="check">
          <dt>{t.household.idNumber}</dt>
          <dd class="id-check">
            <IdNumber
              shown={p.idNumber ?? null}
              reveal={() => Promise.resolve(p.idNumber ?? null)}
              whose={p.fullName}
            />
          </dd>
        </div>
      </dl>
      {hints.length > 0 && (
        <ul class="hints">
          {hints.map((h) => (
            <li key={h.code}>{hintText(t, h)}</li>
          ))}
        </ul>
      )}
      {p.note && <p class="note member-note">{p.note}</p>}
      <div class="member-foot">
        {p.phone && <CallLink name={p.fullName} phone={p.phone} />}
        <a class="text-link" href={paths.editPerson(p.householdId, p.id)}>
          {t.household.editMember}
          <span class="visually-hidden"> {p.fullName}</span>
        </a>
      </div>
    </li>
  );
}
