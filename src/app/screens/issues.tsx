// Conflicts and rejected edits, on the phone where the person who knows the household is: per field
// "Của bạn" / "Trên máy chủ" with "Giữ của bạn" or "Lấy trên máy chủ"; a rejected edit with the
// server's reason, to send again (fixed when the data was invalid) or to drop. One household's at
// /ho/:id/xung-dot, the whole phone's at /xung-dot.
import { useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { discardRejected, resendRejected, resolveConflict } from '../../db/conflicts.ts';
import { listIssues, type ConflictItem, type RejectedItem } from '../../db/queries.ts';
import type { WriteResult } from '../../db/types.ts';
import { BackLink } from '../components/back-link.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { DateField, SelectField, TextField } from '../components/fields.tsx';
import { dateInputText, parseDateInput } from '../forms/date-input.ts';
import { useDb } from '../shell/db-context.ts';
import { formatTimeVi } from '../text/format-time.ts';
import { useT } from '../i18n/i18n.ts';
import type { Messages } from '../i18n/vi.ts';
import { useLiveQuery } from '../device/live-query.ts';
import { paths } from '../shell/paths.ts';
import { useProfile } from '../shell/profile-context.ts';
import {
  DATE_FIELDS,
  fieldChoices,
  fieldLabel,
  fieldValueText,
  inFormOrder,
  recordTitle,
  serverProblemsText,
  type NameBook,
} from '../text/record-text.ts';
import { failureMessage, focusFirstError, issueMessages, useForm, type Errors } from '../forms/use-form.ts';

export default function IssuesScreen() {
  const t = useT();
  const db = useDb();
  const profile = useProfile();
  const householdId = useRoute().params.id;
  const list = useLiveQuery(() => listIssues(db, householdId), [db, householdId]);
  const [notice, setNotice] = useState('');
  const [fixing, setFixing] = useState<string | null>(null);
  if (!list) return <p class="screen muted">{t.app.loading}</p>;

  const names: NameBook = { villages: profile.villages, ...list.names };
  const householdName = householdId ? names.households[householdId] : undefined;
  const report = (result: WriteResult<unknown>, success: string) => {
    setFixing(null);
    setNotice(result.ok ? success : t.issues.failed(failureMessage(t, result) ?? ''));
  };

  return (
    <section class="screen issues-screen">
      {householdId ? (
        <BackLink href={paths.household(householdId)} label={t.app.backToHousehold} />
      ) : (
        <BackLink href={paths.status} label={t.status.title} />
      )}
      <h1>{t.issues.title}</h1>
      {householdName && <p class="lead">{t.issues.record.household(householdName)}</p>}
      <p class="notice" role="status">
        {notice}
      </p>
      {list.conflicts.length === 0 && list.rejected.length === 0 && <p class="empty">{t.issues.none}</p>}

      {list.conflicts.length > 0 && (
        <>
          <h2 class="section-title">
            {t.issues.conflicts} ({list.conflicts.length})
          </h2>
          <p class="muted">{t.issues.conflictIntro}</p>
          <ul class="issues">
            {list.conflicts.map((item) => (
              <ConflictCard key={item.id} t={t} item={item} names={names} onDone={report} />
            ))}
          </ul>
        </>
      )}

      {list.rejected.length > 0 && (
        <>
          <h2 class="section-title">
            {t.issues.rejected} ({list.rejected.length})
          </h2>
          <ul class="issues">
            {list.rejected.map((item) => (
              <RejectedCard
                key={item.id}
                t={t}
                item={item}
                names={names}
                fixing={fixing === item.id}
                onFix={(open) => setFixing(open ? item.id : null)}
                onDone={report}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

type Done = (result: WriteResult<unknown>, success: string) => void;

function When({ t, at }: { t: Messages; at: string }) {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? null : <p class="muted issue-time">{t.issues.at(formatTimeVi(ms))}</p>;
}

function ConflictCard({
  t,
  item,
  names,
  onDone,
}: {
  t: Messages;
  item: ConflictItem;
  names: NameBook;
  onDone: Done;
}) {
  const db = useDb();
  const [busy, setBusy] = useState(false);
  const values = item.record ?? Object.fromEntries(item.fields.map((f) => [f.field, f.client]));
  const order = inFormOrder(
    t,
    item.entity,
    item.fields.map((f) => f.field),
  );
  const resolve = async (side: 'client' | 'server') => {
    if (busy) return;
    setBusy(true);
    const result = await resolveConflict(db, item.id, side);
    setBusy(false);
    onDone(result, side === 'client' ? t.issues.keptMine : t.issues.tookTheirs);
  };
  return (
    <li class="issue" data-conflict-id={item.id}>
      <h3>{recordTitle(t, item.entity, values, item.entityId, names)}</h3>
      <When t={t} at={item.at} />
      <ul class="diff">
        {[...item.fields]
          .sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field))
          .map((f) => (
            <li key={f.field} class="diff-field">
              <strong class="diff-label">{fieldLabel(t, item.entity, f.field)}</strong>
              <span class="diff-client">
                {t.issues.mine} {fieldValueText(t, item.entity, f.field, f.client, names)}
              </span>
              <span class="diff-server">
                {t.issues.theirs} {fieldValueText(t, item.entity, f.field, f.server, names)}
              </span>
            </li>
          ))}
      </ul>
      <div class="issue-actions">
        <button type="button" class="button primary" disabled={busy} onClick={() => void resolve('client')}>
          {t.issues.keepMine}
        </button>
        <button type="button" class="button" disabled={busy} onClick={() => void resolve('server')}>
          {t.issues.takeTheirs}
        </button>
      </div>
    </li>
  );
}

interface RejectedProps {
  t: Messages;
  item: RejectedItem;
  names: NameBook;
  fixing: boolean;
  onFix: (open: boolean) => void;
  onDone: Done;
}

function RejectedCard({ t, item, names, fixing, onFix, onDone }: RejectedProps) {
  const db = useDb();
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const reason = (t.issues.reason as Record<string, string>)[item.code] ?? t.issues.otherReason;
  const said = item.message ? serverProblemsText(t, item.entity, item.message) : null;
  const values = { ...item.record, ...item.fields };
  // A tombstone on the server refuses every later change of the record: sending again cannot help.
  const canResend = item.code !== 'deleted';
  const canFix = item.op === 'upsert' && item.code === 'invalid';

  const run = async (action: () => Promise<WriteResult<unknown>>, success: string) => {
    if (busy) return;
    setBusy(true);
    const result = await action();
    setBusy(false);
    onDone(result, success);
  };

  return (
    <li class="issue rejected" data-rejected-id={item.id}>
      <h3>{recordTitle(t, item.entity, values, item.entityId, names)}</h3>
      <When t={t} at={item.at} />
      <p class="issue-reason">{reason}</p>
      {said && <p class="muted">{t.issues.serverSaid(said)}</p>}
      {item.op === 'delete' ? (
        <p>{t.issues.sentDelete}</p>
      ) : (
        !fixing && (
          <>
            <p class="label">{t.issues.sent}</p>
            <ul class="diff">
              {inFormOrder(t, item.entity, Object.keys(item.fields)).map((field) => (
                <li key={field} class="diff-field">
                  <strong class="diff-label">{fieldLabel(t, item.entity, field)}</strong>
                  <span>{fieldValueText(t, item.entity, field, item.fields[field], names)}</span>
                </li>
              ))}
            </ul>
          </>
        )
      )}
      {fixing ? (
        <FixForm t={t} item={item} names={names} onCancel={() => onFix(false)} onDone={onDone} />
      ) : (
        <div class="issue-actions">
          {canFix && (
            <button type="button" class="button primary" disabled={busy} onClick={() => onFix(true)}>
              {t.issues.fix}
            </button>
          )}
          {canResend && (
            <button
              type="button"
              class={canFix ? 'button' : 'button primary'}
              disabled={busy}
              onClick={() => void run(() => resendRejected(db, item.id), t.issues.resent)}
            >
              {t.issues.resend}
            </button>
          )}
          <button type="button" class="button danger-outline" disabled={busy} onClick={() => setAsking(true)}>
            {t.issues.discard}
          </button>
        </div>
      )}
      {asking && (
        <ConfirmDialog
          question={t.issues.confirmDiscard}
          detail={t.issues.confirmDiscardDetail}
          confirmLabel={t.issues.discard}
          onConfirm={() => {
            setAsking(false);
            void run(() => discardRejected(db, item.id), t.issues.discarded);
          }}
          onCancel={() => setAsking(false)}
        />
      )}
    </li>
  );
}

/** References are not the person's to retype: they stay as sent. */
const FIXED_FIELDS = new Set(['householdId', 'personId']);

/** The rejected edit's fields in the inputs the forms use, to correct and send again. */
function FixForm(props: {
  t: Messages;
  item: RejectedItem;
  names: NameBook;
  onCancel: () => void;
  onDone: Done;
}) {
  const { t, item, names } = props;
  const db = useDb();
  const editable = inFormOrder(t, item.entity, Object.keys(item.fields)).filter((f) => !FIXED_FIELDS.has(f));
  const asText = (field: string, v: unknown) =>
    v === null || v === undefined ? '' : DATE_FIELDS.includes(field) ? dateInputText(String(v)) : String(v);
  const form = useForm(
    `fix:${item.id}`,
    Object.fromEntries(editable.map((f) => [f, asText(f, item.fields[f])])) as Record<string, string>,
  );
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const { values, errors } = form;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    const fields: Record<string, unknown> = { ...item.fields };
    for (const f of editable) {
      const typed = values[f] ?? '';
      fields[f] = DATE_FIELDS.includes(f) ? (parseDateInput(typed) ?? typed) : typed;
    }
    const result = await resendRejected(db, item.id, fields);
    setSaving(false);
    if (result.ok) {
      form.saved();
      props.onDone(result, t.issues.resent);
      return;
    }
    const fieldErrors: Errors = result.code === 'invalid' ? issueMessages(t, result.issues, DATE_FIELDS) : {};
    form.setErrors(fieldErrors);
    setFormError(failureMessage(t, result));
    focusFirstError(fieldErrors);
  };

  return (
    <form class="form fix-form" noValidate onSubmit={(e) => void submit(e)}>
      {formError && (
        <p class="form-error" role="alert">
          {formError}
        </p>
      )}
      {editable.map((field) => {
        const common = {
          name: `fix-${field}`,
          label: fieldLabel(t, item.entity, field),
          value: values[field] ?? '',
          error: errors[field],
        };
        const choices =
          field === 'villageId'
            ? Object.fromEntries(names.villages.map((v) => [v.id, v.name]))
            : fieldChoices(t, item.entity, field);
        if (choices) {
          const options = Object.entries(choices).map(([value, label]) => ({ value, label }));
          if (!(common.value in choices))
            options.unshift({ value: common.value, label: common.value || '—' });
          return <SelectField key={field} {...common} options={options} onChange={form.set(field)} />;
        }
        if (DATE_FIELDS.includes(field))
          return <DateField key={field} {...common} onInput={form.set(field)} />;
        return <TextField key={field} {...common} multiline={field === 'note'} onInput={form.set(field)} />;
      })}
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={saving}>
          {saving ? t.form.saving : t.issues.resend}
        </button>
        <button type="button" class="button" onClick={props.onCancel}>
          {t.form.cancel}
        </button>
      </div>
    </form>
  );
}
