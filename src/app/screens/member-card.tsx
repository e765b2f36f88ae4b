// One member of a household as a checklist: card, VNeID, ID number, the law's hints, and one-tap
// updates of the common cases at the gate.
import type { PersonHint } from '../../domain/identity-law.ts';
import { is14Plus, personHints } from '../../domain/identity-law.ts';
import { ageOn, formatDateVi } from '../../domain/dates.ts';
import type { Person, PersonFields } from '../../domain/records.ts';
import type { Messages } from '../i18n/vi.ts';
import { paths } from '../paths.ts';
import { groupIdNumber } from '../record-format.ts';

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
  return (
    <li class="member" data-person-id={p.id}>
      <div class="member-head">
        <h3>{p.fullName}</h3>
        <span class="relation">{t.relation[p.relation]}</span>
      </div>
      <p class="muted">
        {t.household.age(ageOn(p.birthDate, today), formatDateVi(p.birthDate))} · {t.gender[p.gender]}
      </p>
      <dl class="checklist">
        <div class={cardDone ? 'check ok' : cardMatters ? 'check gap' : 'check'}>
          <dt>{t.household.card}</dt>
          <dd data-field="cccdStatus">
            {t.cccd[p.cccdStatus]}
            {p.cccdIssuedOn && (
              <span class="muted"> · {t.household.issuedOn(formatDateVi(p.cccdIssuedOn))}</span>
            )}
          </dd>
        </div>
        <div class={vneidDone ? 'check ok' : vneidMatters ? 'check gap' : 'check'}>
          <dt>{t.household.vneid}</dt>
          <dd data-field="vneidStatus">{t.vneid[p.vneidStatus]}</dd>
        </div>
        <div class="check">
          <dt>{t.household.idNumber}</dt>
          <dd class="id-number">{p.idNumber ? groupIdNumber(p.idNumber) : t.household.noIdNumber}</dd>
        </div>
      </dl>
      {hints.length > 0 && (
        <ul class="hints">
          {hints.map((h) => (
            <li key={h.code}>{hintText(t, h)}</li>
          ))}
        </ul>
      )}
      <div class="quick-actions">
        {cardMatters && !cardDone && (
          <button type="button" class="button tick" onClick={() => onUpdate(p, { cccdStatus: 'issued' })}>
            {t.household.markIssued}
          </button>
        )}
        {cardMatters && (p.cccdStatus === 'none' || p.cccdStatus === 'lost') && (
          <button type="button" class="button tick" onClick={() => onUpdate(p, { cccdStatus: 'applied' })}>
            {t.household.markApplied}
          </button>
        )}
        {vneidMatters && !vneidDone && (
          <button
            type="button"
            class="button tick"
            onClick={() => onUpdate(p, { vneidStatus: 'level2_active' })}
          >
            {t.household.markVneid}
          </button>
        )}
      </div>
      <a class="text-link" href={paths.editPerson(p.householdId, p.id)}>
        {t.household.editMember}
        <span class="visually-hidden"> {p.fullName}</span>
      </a>
    </li>
  );
}
