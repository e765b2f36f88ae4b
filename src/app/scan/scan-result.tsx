// What a good read shows: the card's fields and the parser's remarks, then either "add this person"
// (nobody in the household matches) or the matching member with each field the notebook records
// otherwise, to update from the card or to hand to the commune police as a "wrong information" task.
import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CccdQrField, CccdQrResult } from '../../domain/cccd-qr.ts';
import { CCCD_QR_FIELD_LABELS, describeCccdQrProblem } from '../../domain/cccd-qr-messages.ts';
import { formatDateVi } from '../../domain/dates.ts';
import type { CccdStatus, Gender, Person, Task } from '../../domain/records.ts';
import { getHousehold } from '../../db/queries.ts';
import { createRecord } from '../../db/write.ts';
import { dateInputText } from '../forms/date-input.ts';
import { useDb } from '../shell/db-context.ts';
import { useLanguage, useT } from '../i18n/i18n.ts';
import { vi, type Messages } from '../i18n/vi.ts';
import { useLiveQuery } from '../device/live-query.ts';
import { paths } from '../shell/paths.ts';
import { groupIdNumber } from '../text/record-format.ts';
import { failureMessage } from '../forms/use-form.ts';
import { cardDifferences, findMember, type CardDifference, type DiffField } from './card-match.ts';
import { putScan, type ScannedValues } from './scan-handoff.ts';

type Language = 'vi' | 'en';
type ShownField = DiffField | CccdQrField;

/** The card's fields on screen, in the card's order. */
const SHOWN: readonly CccdQrField[] = [
  'idNumber',
  'oldIdNumber',
  'fullName',
  'birthDate',
  'gender',
  'cccdIssuedOn',
  'address',
];

function label(t: Messages, language: Language, field: ShownField): string {
  return field === 'cccdStatus' ? t.personForm.cccdStatus : CCCD_QR_FIELD_LABELS[language][field];
}

/** A value as the forms show it: dates dd/mm/yyyy, ID numbers grouped, choices by name. */
function valueText(t: Messages, field: ShownField, value: string | undefined): string {
  if (!value) return t.scan.empty;
  switch (field) {
    case 'birthDate':
    case 'cccdIssuedOn':
      return formatDateVi(value);
    case 'gender':
      return t.gender[value as Gender] ?? value;
    case 'cccdStatus':
      return t.cccd[value as CccdStatus] ?? value;
    case 'idNumber':
      return groupIdNumber(value);
    default:
      return value;
  }
}

/** A value as the person form's field holds it. */
const formText = (field: DiffField, value: string) =>
  field === 'birthDate' || field === 'cccdIssuedOn' ? dateInputText(value) : value;

/** The task's note, in Vietnamese whatever the interface language: the commune police read it. */
const taskNote = (d: CardDifference) =>
  vi.scan.taskNote(label(vi, 'vi', d.field), valueText(vi, d.field, d.card), valueText(vi, d.field, d.book));

interface Props {
  householdId: string;
  result: CccdQrResult;
  onAgain: () => void;
}

export function ScanResult({ householdId, result, onAgain }: Props) {
  const t = useT();
  const language = useLanguage();
  const db = useDb();
  const { route } = useLocation();
  const detail = useLiveQuery(async () => (await getHousehold(db, householdId)) ?? null, [db, householdId]);
  const [keepAddress, setKeepAddress] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const card = result.fields;
  const member = detail ? findMember(detail.persons, card) : undefined;
  const addressLine = keepAddress && card.address ? vi.scan.addressNote(card.address) : undefined;

  const open = (values: ScannedValues, person?: Person) => {
    putScan(householdId, values, person?.id);
    // The scan screen gives way to the form: Back from the form goes to the household.
    route(person ? paths.editPerson(householdId, person.id) : paths.newPerson(householdId), true);
  };

  const add = () => {
    const values: ScannedValues = { cccdStatus: 'issued' };
    for (const field of ['fullName', 'birthDate', 'gender', 'idNumber', 'cccdIssuedOn'] as const) {
      const value = card[field];
      if (value) values[field] = formText(field, value);
    }
    if (addressLine) values.note = addressLine;
    open(values);
  };

  const update = (person: Person, differences: CardDifference[]) => {
    const values: ScannedValues = {};
    for (const d of differences) values[d.field] = formText(d.field, d.card);
    if (addressLine && !person.note?.includes(addressLine)) {
      values.note = person.note ? `${person.note}\n${addressLine}` : addressLine;
    }
    open(values, person);
  };

  return (
    <div class="scan-result" data-scan-result>
      <h2 ref={heading} tabIndex={-1}>
        {t.scan.read}
      </h2>
      <dl class="scan-fields">
        {SHOWN.filter((f) => card[f]).map((f) => (
          <div key={f} data-field={f}>
            <dt>{label(t, language, f)}</dt>
            <dd>{valueText(t, f, card[f])}</dd>
          </div>
        ))}
      </dl>
      {result.problems.length > 0 && (
        <div class="id-warning">
          <p>{t.scan.check}</p>
          <ul>
            {result.problems.map((p) => (
              <li key={`${p.field}:${p.code}`}>{describeCccdQrProblem(p, language)}</li>
            ))}
          </ul>
        </div>
      )}
      {detail === undefined ? (
        <p class="muted">{t.app.loading}</p>
      ) : detail === null ? (
        <p class="form-error">{t.household.notFound}</p>
      ) : member ? (
        <MemberDiff
          t={t}
          language={language}
          householdId={householdId}
          member={member}
          differences={cardDifferences(member, card)}
          tasks={detail.tasks}
          addressChoice={card.address && <AddressChoice t={t} on={keepAddress} onChange={setKeepAddress} />}
          onUpdate={update}
        />
      ) : (
        <>
          <p>{t.scan.noMatch}</p>
          {card.address && <AddressChoice t={t} on={keepAddress} onChange={setKeepAddress} />}
          <button type="button" class="button primary" onClick={add}>
            {t.scan.add}
          </button>
        </>
      )}
      <button type="button" class="button scan-again" onClick={onAgain}>
        {t.scan.again}
      </button>
    </div>
  );
}

function AddressChoice(props: { t: Messages; on: boolean; onChange: (on: boolean) => void }) {
  return (
    <label class="scan-check">
      <input
        type="checkbox"
        checked={props.on}
        onChange={(e) => props.onChange((e.target as HTMLInputElement).checked)}
      />
      {props.t.scan.keepAddress}
    </label>
  );
}

interface DiffProps {
  t: Messages;
  language: Language;
  householdId: string;
  member: Person;
  differences: CardDifference[];
  /** The household's tasks: a "wrong information" task already open for a difference counts as made. */
  tasks: readonly Task[];
  addressChoice: ComponentChildren;
  onUpdate: (person: Person, differences: CardDifference[]) => void;
}

function MemberDiff(props: DiffProps) {
  const { t, language, householdId, member, differences } = props;
  const db = useDb();
  const [made, setMade] = useState<Partial<Record<DiffField, string>>>({});
  const [busy, setBusy] = useState<DiffField | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const existingTask = (d: CardDifference) =>
    made[d.field] ??
    props.tasks.find(
      (task) =>
        task.personId === member.id &&
        task.kind === 'wrong_info' &&
        task.status === 'open' &&
        task.note === taskNote(d),
    )?.id;

  const makeTask = async (d: CardDifference) => {
    if (busy) return;
    setBusy(d.field);
    const result = await createRecord(db, 'task', {
      householdId,
      personId: member.id,
      kind: 'wrong_info',
      note: taskNote(d),
      status: 'open',
    });
    setBusy(null);
    if (result.ok) {
      setFailure(null);
      setMade((m) => ({ ...m, [d.field]: result.record.id }));
    } else {
      setFailure(failureMessage(t, result));
    }
  };

  return (
    <div class="scan-match">
      <p class="scan-match-name">{t.scan.match(member.fullName)}</p>
      {differences.length === 0 ? (
        <p class="ok-text">{t.scan.same}</p>
      ) : (
        <>
          <ul class="scan-diffs">
            {differences.map((d) => {
              const taskId = existingTask(d);
              return (
                <li key={d.field} data-diff-field={d.field}>
                  <strong>{label(t, language, d.field)}</strong>
                  <span>
                    {t.scan.onCard} {valueText(t, d.field, d.card)}
                  </span>
                  <span>
                    {t.scan.inBook} {valueText(t, d.field, d.book)}
                  </span>
                  {taskId ? (
                    <p class="ok-text">
                      {t.scan.taskCreated} ·{' '}
                      <a class="text-link" href={paths.editTask(householdId, taskId)}>
                        {t.scan.openTask}
                      </a>
                    </p>
                  ) : (
                    <button
                      type="button"
                      class="button small"
                      disabled={busy !== null}
                      onClick={() => void makeTask(d)}
                    >
                      {t.scan.task}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
          {failure && (
            <p class="form-error" role="alert">
              {failure}
            </p>
          )}
          {props.addressChoice}
          <button type="button" class="button primary" onClick={() => props.onUpdate(member, differences)}>
            {t.scan.update}
          </button>
        </>
      )}
    </div>
  );
}
