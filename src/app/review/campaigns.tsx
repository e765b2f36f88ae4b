// The commune's campaigns (rà soát, issue 17) for the commune police: each with what it targets in
// plain words, its villages, its dates, its target and whether it runs, is over, or is past its
// deadline; and "Tạo đợt rà soát", the launch form, for the commune's own police (a province's read
// the list only, [A4]). A launch is sent with an id made once per filled form, so that pressing again
// after a lost answer is the same request ([C8]) and never a second campaign.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import type { Area } from '../../domain/areas.ts';
import { CAMPAIGN_RULE_KINDS, type CampaignRuleKind } from '../../domain/campaign-rules.ts';
import type { Campaign } from '../../domain/campaigns.ts';
import { formatDateVi } from '../../domain/dates.ts';
import { TASK_KINDS, type TaskKind } from '../../domain/enums.ts';
import { DateField, FormError, TextField } from '../components/fields.tsx';
import { todayInVietnam } from '../device/today.ts';
import { useT } from '../i18n/i18n.ts';
import { useDirectsCommune } from '../shell/directs-commune.ts';
import { paths } from '../shell/paths.ts';
import { useServices } from '../shell/services.ts';
import { useSession } from '../shell/session-context.ts';
import {
  buildCampaign,
  initialForm,
  launchFailureText,
  ruleOf,
  type CampaignFormState,
  type FieldErrors,
} from './campaign-form.ts';
import { defaultName, ruleText, useCampaignT, villageNamesText } from './campaign-messages.ts';
import { LoadFailure } from './failure.tsx';
import { useReviewT } from './messages.ts';
import { OnlineCommuneScreen } from './online-commune.tsx';
import { fromApi, useRemote } from './use-review-data.ts';
import './review.css';
import './campaigns.css';

export default function ReviewCampaigns() {
  const m = useCampaignT();
  return (
    <OnlineCommuneScreen name="review-campaigns" title={m.title} back={m.back} path={paths.reviewCampaigns}>
      {({ commune, villages }) => <CommuneCampaigns key={commune.id} commune={commune} villages={villages} />}
    </OnlineCommuneScreen>
  );
}

function CommuneCampaigns({ commune, villages }: { commune: Area; villages: Area[] }) {
  const m = useCampaignT();
  const { campaigns } = useServices();
  const { route } = useLocation();
  const [list, reload] = useRemote(
    async (token) => fromApi(await campaigns.list(token, commune.id)),
    [commune.id],
  );
  const [launching, setLaunching] = useState(false);
  // [A4] A province's police follow the commune's campaigns; only its own police launch one (the
  // server refuses anyone else, 403): no form that would fail, a sentence that says who does.
  const directs = useDirectsCommune(commune.id);
  return (
    <>
      <p class="muted campaigns-intro">{m.intro}</p>
      {!directs ? (
        <p class="read-only-note">{m.readOnly}</p>
      ) : launching ? (
        <LaunchForm
          communeId={commune.id}
          villages={villages}
          onCancel={() => setLaunching(false)}
          onCreated={(c) => route(paths.reviewCampaign(c.id))}
          onTaken={reload}
        />
      ) : (
        <div class="review-actions">
          <button type="button" class="button primary" onClick={() => setLaunching(true)}>
            {m.form.open}
          </button>
        </div>
      )}
      {list.state === 'loading' && <p class="muted">{m.loading}</p>}
      {list.state === 'failed' && <LoadFailure failure={list.failure} text={m.failed} onRetry={reload} />}
      {list.state === 'ok' &&
        (list.value.length === 0 ? (
          <p class="empty">{m.none}</p>
        ) : (
          <CampaignList items={list.value} villages={villages} />
        ))}
    </>
  );
}

function CampaignList({ items, villages }: { items: Campaign[]; villages: Area[] }) {
  const m = useCampaignT();
  const t = useT();
  const today = todayInVietnam();
  return (
    <ul class="campaign-list" aria-label={m.listLabel}>
      {items.map((c) => {
        const overdue = c.status === 'active' && today > c.dueOn;
        return (
          <li
            key={c.id}
            class={`card campaign-card ${c.status}${overdue ? ' overdue' : ''}`}
            data-campaign-id={c.id}
            data-status={c.status}
          >
            <p class="campaign-card-title">
              <a href={paths.reviewCampaign(c.id)}>{c.name}</a>
            </p>
            <p class="campaign-badges">
              <span class={c.status === 'active' ? 'badge ok' : 'badge plain'}>{m.status[c.status]}</span>
              {overdue && <span class="badge overdue">{m.overdue}</span>}
            </p>
            <dl class="campaign-facts">
              <dt>{m.columns.targets}</dt>
              <dd data-field="rule">{ruleText(m, c.rule, t.taskKind)}</dd>
              <dt>{m.columns.villages}</dt>
              <dd data-field="villages">{villageNamesText(m, c.villageIds, villages)}</dd>
              <dt>{m.columns.startsOn}</dt>
              <dd data-field="startsOn">{formatDateVi(c.startsOn)}</dd>
              <dt>{m.columns.dueOn}</dt>
              <dd data-field="dueOn">{formatDateVi(c.dueOn)}</dd>
              <dt>{m.columns.target}</dt>
              <dd data-field="target">
                {c.targetPercent === null ? m.noTarget : m.targetPercent(c.targetPercent)}
              </dd>
            </dl>
          </li>
        );
      })}
    </ul>
  );
}

function LaunchForm({
  communeId,
  villages,
  onCancel,
  onCreated,
  onTaken,
}: {
  communeId: string;
  villages: Area[];
  onCancel: () => void;
  onCreated: (c: Campaign) => void;
  onTaken: () => void;
}) {
  const m = useCampaignT();
  const r = useReviewT();
  const t = useT();
  const { campaigns } = useServices();
  const { session } = useSession();
  const villageOrder = villages.map((v) => v.id);
  const [form, setForm] = useState<CampaignFormState>(() =>
    initialForm(todayInVietnam(), villageOrder, m.defaultName.card_at_14),
  );
  // [C8] One id for this filled form: every retry of it is the same request.
  const [id, setId] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const change = (patch: Partial<CampaignFormState>) =>
    setForm((f) => {
      const next = { ...f, ...patch };
      // The name follows the rule until the officer writes their own.
      return next.nameEdited ? next : { ...next, name: defaultName(m, ruleOf(next)) };
    });

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const built = buildCampaign(form, { id, communeId, villageOrder }, m);
    setProblem(null);
    if (!built.ok) {
      setErrors(built.errors);
      setProblem(m.form.fixErrors);
      return;
    }
    setErrors({});
    setBusy(true);
    const answer = await campaigns.create(session?.token ?? '', built.value);
    setBusy(false);
    if (answer.ok) return onCreated(answer.value);
    setProblem(launchFailureText(m, answer.failure, r.why));
    if (answer.failure.kind === 'refused' && answer.failure.code === 'already_exists') {
      // An earlier attempt arrived with other fields: it is in the list now; another press is a new one.
      setId(crypto.randomUUID());
      onTaken();
    }
  };

  const allTicked = villageOrder.every((v) => form.villageIds.includes(v));
  return (
    <form
      class="form campaign-form"
      noValidate
      onSubmit={(e) => void submit(e)}
      aria-labelledby="campaign-form-title"
    >
      <h2 id="campaign-form-title">{m.form.title}</h2>
      <div class="field">
        <label for="campaign-kind">{m.form.kind}</label>
        <select
          id="campaign-kind"
          value={form.kind}
          onChange={(e) => change({ kind: e.currentTarget.value as CampaignRuleKind })}
        >
          {CAMPAIGN_RULE_KINDS.map((k) => (
            <option key={k} value={k}>
              {m.rule.kinds[k]}
            </option>
          ))}
        </select>
      </div>
      <RuleOptions form={form} errors={errors} change={change} taskKindLabels={t.taskKind} />
      <TextField
        name="campaign-name"
        label={m.form.name}
        value={form.name}
        error={errors.name}
        onInput={(name) => setForm((f) => ({ ...f, name, nameEdited: true }))}
      />
      <fieldset
        class={errors.villageIds ? 'field ticks invalid' : 'field ticks'}
        aria-describedby={errors.villageIds ? 'campaign-villages-error' : undefined}
      >
        <legend>{m.form.villages}</legend>
        {villages.length === 0 && <p class="muted">{m.form.noVillages}</p>}
        {villages.length > 1 && (
          <button
            type="button"
            class="button small"
            disabled={allTicked}
            onClick={() => change({ villageIds: villageOrder })}
          >
            {m.form.allVillages}
          </button>
        )}
        <div class="tick-list">
          {villages.map((v) => (
            <label key={v.id} class="tick-option">
              <input
                type="checkbox"
                value={v.id}
                checked={form.villageIds.includes(v.id)}
                onChange={(e) =>
                  change({
                    villageIds: e.currentTarget.checked
                      ? [...form.villageIds, v.id]
                      : form.villageIds.filter((x) => x !== v.id),
                  })
                }
              />
              <span>{v.name}</span>
            </label>
          ))}
        </div>
        {errors.villageIds && (
          <p class="field-error" id="campaign-villages-error">
            {errors.villageIds}
          </p>
        )}
      </fieldset>
      <div class="campaign-dates">
        <DateField
          name="campaign-starts-on"
          label={m.form.startsOn}
          value={form.startsOn}
          error={errors.startsOn}
          onInput={(startsOn) => change({ startsOn })}
        />
        <DateField
          name="campaign-due-on"
          label={m.form.dueOn}
          value={form.dueOn}
          error={errors.dueOn}
          onInput={(dueOn) => change({ dueOn })}
        />
      </div>
      <TextField
        name="campaign-target"
        label={m.form.targetPercent}
        value={form.targetPercent}
        inputMode="numeric"
        optional
        hint={m.form.targetHint}
        error={errors.targetPercent}
        onInput={(targetPercent) => change({ targetPercent })}
      />
      <FormError text={problem} />
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? m.form.submitting : m.form.submit}
        </button>
        <button type="button" class="button" disabled={busy} onClick={onCancel}>
          {m.form.cancel}
        </button>
      </div>
    </form>
  );
}

/** The chosen rule's own options. */
function RuleOptions({
  form,
  errors,
  change,
  taskKindLabels,
}: {
  form: CampaignFormState;
  errors: FieldErrors;
  change: (patch: Partial<CampaignFormState>) => void;
  taskKindLabels: Record<TaskKind, string>;
}) {
  const m = useCampaignT();
  switch (form.kind) {
    case 'card_at_14':
      return (
        <DateField
          name="campaign-turning-from"
          label={m.form.turningFrom}
          optional
          value={form.turningFrom}
          error={errors.turningFrom}
          onInput={(turningFrom) => change({ turningFrom })}
        />
      );
    case 'vneid_level2':
      return (
        <div class="field ticks">
          <label class="tick-option">
            <input
              type="checkbox"
              checked={form.elderlyOnly}
              onChange={(e) => change({ elderlyOnly: e.currentTarget.checked })}
            />
            <span>{m.form.elderlyOnly}</span>
          </label>
          <label class="tick-option">
            <input
              type="checkbox"
              checked={form.withPhoneOnly}
              onChange={(e) => change({ withPhoneOnly: e.currentTarget.checked })}
            />
            <span>{m.form.withPhoneOnly}</span>
          </label>
        </div>
      );
    case 'not_visited_since':
      return (
        <DateField
          name="campaign-since"
          label={m.form.since}
          value={form.since}
          error={errors.since}
          onInput={(since) => change({ since })}
        />
      );
    case 'open_tasks':
      return (
        <fieldset
          class={errors.taskKinds ? 'field ticks invalid' : 'field ticks'}
          aria-describedby={errors.taskKinds ? 'campaign-task-kinds-error' : undefined}
        >
          <legend>{m.form.taskKinds}</legend>
          <div class="tick-list">
            {TASK_KINDS.map((k) => (
              <label key={k} class="tick-option">
                <input
                  type="checkbox"
                  value={k}
                  checked={form.taskKinds.includes(k)}
                  onChange={(e) =>
                    change({
                      taskKinds: e.currentTarget.checked
                        ? TASK_KINDS.filter((x) => x === k || form.taskKinds.includes(x))
                        : form.taskKinds.filter((x) => x !== k),
                    })
                  }
                />
                <span>{taskKindLabels[k]}</span>
              </label>
            ))}
          </div>
          {errors.taskKinds && (
            <p class="field-error" id="campaign-task-kinds-error">
              {errors.taskKinds}
            </p>
          )}
        </fieldset>
      );
    default:
      return null;
  }
}
