// [G4] Setting or removing a target of the measure on screen: the commune's (every village works to
// it) or a village's own. Checked with the same schema the server reads (targetInputSchema), its
// failures in the officer's words; the server refuses volunteers and a province's police (403), and
// says why it refuses a body (400). The chart's target line follows the saved target at once. A
// province's police see the targets in force only: the form is for the commune's own police.
import { useState } from 'preact/hooks';
import { formatDateVi } from '../../domain/dates.ts';
import { DateField } from '../components/fields.tsx';
import { dateInputText, parseDateInput } from '../forms/date-input.ts';
import { targetInputSchema, type Target, type TargetInput, type TargetMeasure } from '../../domain/trends.ts';
import type { HttpFailure } from '../../sync/http-client.ts';
import { useDirectsCommune } from '../shell/directs-commune.ts';
import { useServices } from '../shell/services.ts';
import { useSession } from '../shell/session-context.ts';
import { whyText } from './failure.tsx';
import { useReviewT } from './messages.ts';
import { formatTarget } from './trend-chart.tsx';
import type { TrendsMessages } from './trends-messages.ts';

type FieldErrors = Partial<Record<'percent' | 'dueOn' | 'areaId', string>>;

/** What the form's fields say, as `PUT /api/targets` reads it ("92,5" is 92.5; an empty date, none). */
export function targetInputOf(areaId: string, measure: TargetMeasure, percentText: string, dueText: string) {
  const text = percentText.trim().replace(',', '.');
  return {
    areaId,
    measure,
    percent: text === '' ? Number.NaN : Number(text),
    // Typed dd/mm/yyyy as everywhere in the app; text that is no date goes on to the schema's message.
    dueOn: dueText.trim() === '' ? null : (parseDateInput(dueText) ?? dueText.trim()),
  };
}

/** The schema's complaints about `input`, one per field, in the officer's words; none when it passes. */
export function targetErrors(
  input: unknown,
  m: TrendsMessages,
): { ok: true; value: TargetInput } | { ok: false; errors: FieldErrors } {
  const parsed = targetInputSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const e = m.targets.errors;
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (field === 'percent')
      errors.percent ??=
        issue.code === 'too_small' || issue.code === 'too_big'
          ? e.percentRange
          : issue.code === 'not_multiple_of'
            ? e.percentStep
            : e.percentMissing;
    else if (field === 'dueOn') errors.dueOn ??= e.dueOn;
    else errors.areaId ??= e.area;
  }
  return { ok: false, errors };
}

/** A failed `PUT /api/targets` in words: who may set targets, what the server refused, or why it failed. */
export function saveFailureText(
  failure: HttpFailure,
  m: TrendsMessages,
  r: ReturnType<typeof useReviewT>,
): string {
  if (failure.kind === 'forbidden') return m.targets.errors.forbidden;
  if (failure.kind === 'refused') return m.targets.errors.refused(failure.message);
  return m.targets.errors.failed(whyText(r, failure));
}

export function TargetForm({
  m,
  communeId,
  villages,
  measure,
  targets,
  initialAreaId,
  onSaved,
}: {
  m: TrendsMessages;
  communeId: string;
  villages: readonly { areaId: string; areaName: string }[];
  measure: TargetMeasure;
  targets: readonly Target[];
  /** The area on the chart: the form starts on it (the parent remounts the form when it changes). */
  initialAreaId: string;
  onSaved: (areaId: string, measure: TargetMeasure, target: Target | null) => void;
}) {
  const r = useReviewT();
  const { trends } = useServices();
  const { session } = useSession();
  const [areaId, setAreaId] = useState(initialAreaId);
  const own = targets.find((t) => t.areaId === areaId && t.measure === measure);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // [A4] Only the commune's own police set its targets (the server refuses a province's police, 403):
  // they read the targets in force, with no form that would fail.
  const canSet = useDirectsCommune(communeId);

  const send = async (input: TargetInput, done: string) => {
    setBusy(true);
    setStatus(null);
    try {
      const answer = await trends.setTarget(session?.token ?? '', input);
      if (answer.ok) {
        onSaved(input.areaId, input.measure, answer.value);
        setStatus({ kind: 'ok', text: done });
      } else setStatus({ kind: 'error', text: saveFailureText(answer.failure, m, r) });
    } catch (e) {
      setStatus({ kind: 'error', text: m.targets.errors.failed(e instanceof Error ? e.message : String(e)) });
    } finally {
      setBusy(false);
    }
  };

  const nameOf = (id: string) =>
    id === communeId ? m.targets.commune : (villages.find((v) => v.areaId === id)?.areaName ?? id);
  const inForce = targets
    .filter((t) => t.measure === measure)
    .sort((a, b) => Number(b.areaId === communeId) - Number(a.areaId === communeId));

  return (
    <section class="trend-targets screen-only" aria-labelledby="trend-targets-title">
      <h2 id="trend-targets-title">
        {canSet ? m.targets.title : m.targets.readOnlyTitle}: {m.measures[measure].name}
      </h2>
      <p class="muted">{m.targets.intro}</p>
      <h3>{m.targets.current}</h3>
      {inForce.length === 0 ? (
        <p class="empty">{m.targets.noneSet}</p>
      ) : (
        <ul class="target-list">
          {inForce.map((t) => (
            <li key={t.areaId} data-area-id={t.areaId}>
              <span>
                <strong>{nameOf(t.areaId)}</strong>: {formatTarget(t.percent)} ·{' '}
                {t.dueOn ? m.targets.due(formatDateVi(t.dueOn)) : m.targets.noDue}
              </span>
              {canSet && (
                <button
                  type="button"
                  class="button small"
                  aria-label={`${m.targets.edit}: ${nameOf(t.areaId)}`}
                  onClick={() => setAreaId(t.areaId)}
                >
                  {m.targets.edit}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!canSet && <p class="read-only-note">{m.targets.readOnly}</p>}
      {/* The fields start from the area's own target: a new area, measure or saved target starts them afresh. */}
      {canSet && (
        <TargetFields
          key={`${areaId}|${measure}|${own?.percent ?? ''}|${own?.dueOn ?? ''}`}
          m={m}
          communeId={communeId}
          villages={villages}
          measure={measure}
          areaId={areaId}
          own={own}
          busy={busy}
          onArea={(id) => {
            setAreaId(id);
            setStatus(null);
          }}
          onSend={(input) => void send(input, input.percent === null ? m.targets.removed : m.targets.saved)}
          onInvalid={() => setStatus(null)}
        />
      )}
      {status && (
        <p
          class={status.kind === 'ok' ? 'target-saved' : 'form-error'}
          role={status.kind === 'ok' ? 'status' : 'alert'}
        >
          {status.text}
        </p>
      )}
    </section>
  );
}

function TargetFields({
  m,
  communeId,
  villages,
  measure,
  areaId,
  own,
  busy,
  onArea,
  onSend,
  onInvalid,
}: {
  m: TrendsMessages;
  communeId: string;
  villages: readonly { areaId: string; areaName: string }[];
  measure: TargetMeasure;
  areaId: string;
  own: Target | undefined;
  busy: boolean;
  onArea: (areaId: string) => void;
  onSend: (input: TargetInput) => void;
  onInvalid: () => void;
}) {
  const [percentText, setPercentText] = useState(own ? String(own.percent).replace('.', ',') : '');
  const [dueText, setDueText] = useState(own?.dueOn ? dateInputText(own.dueOn) : '');
  const [errors, setErrors] = useState<FieldErrors>({});

  const save = (event: Event) => {
    event.preventDefault();
    const checked = targetErrors(targetInputOf(areaId, measure, percentText, dueText), m);
    if (!checked.ok) {
      onInvalid();
      return setErrors(checked.errors);
    }
    setErrors({});
    onSend(checked.value);
  };

  return (
    <form class="form target-form" onSubmit={save} noValidate>
      <div class={errors.areaId ? 'field invalid' : 'field'}>
        <label for="target-area">{m.targets.area}</label>
        <select id="target-area" value={areaId} onChange={(e) => onArea(e.currentTarget.value)}>
          <option value={communeId}>{m.targets.commune}</option>
          {villages.map((v) => (
            <option key={v.areaId} value={v.areaId}>
              {v.areaName}
            </option>
          ))}
        </select>
        {errors.areaId && <p class="field-error">{errors.areaId}</p>}
      </div>
      <div class="target-fields">
        <div class={errors.percent ? 'field invalid' : 'field'}>
          <label for="target-percent">{m.targets.percent}</label>
          <input
            id="target-percent"
            inputMode="decimal"
            autoComplete="off"
            value={percentText}
            aria-invalid={errors.percent ? true : undefined}
            aria-describedby={errors.percent ? 'target-percent-error' : undefined}
            onInput={(e) => setPercentText(e.currentTarget.value)}
          />
          {errors.percent && (
            <p class="field-error" id="target-percent-error">
              {errors.percent}
            </p>
          )}
        </div>
        <DateField
          name="target-due"
          label={m.targets.dueOn}
          optional
          value={dueText}
          error={errors.dueOn}
          onInput={setDueText}
        />
      </div>
      <div class="target-actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? m.targets.saving : m.targets.save}
        </button>
        {own && (
          <button
            type="button"
            class="button"
            disabled={busy}
            onClick={() => {
              setErrors({});
              onSend({ areaId, measure, percent: null });
            }}
          >
            {m.targets.remove}
          </button>
        )}
      </div>
    </form>
  );
}
