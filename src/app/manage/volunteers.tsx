// A commune's volunteers: add one (with a password, or none and a set-up code), give them villages,
// set a new password, lock or unlock the account, and make the one-time code that sets their phone up
// (shown as a QR code to scan from this screen, or printed for a whole village).
import { useState } from 'preact/hooks';
import { normalisePhone } from '../../domain/users.ts';
import type { ManageScope, ManagedVolunteer, SetupCode } from '../../domain/manage.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { TextField } from '../components/fields.tsx';
import { LoadFailure } from '../review/failure.tsx';
import { paths } from '../shell/paths.ts';
import { useManageT } from './messages.ts';
import { ManageFrame } from './nav.tsx';
import { SetupCodeCard } from './setup-code-card.tsx';
import { failureText, fromApi, useManageApi, useRemote } from './use-manage.ts';

export default function ManageVolunteers() {
  return <ManageFrame tab="volunteers">{(scope) => <Volunteers scope={scope} />}</ManageFrame>;
}

interface Draft {
  name: string;
  phone: string;
  villageIds: string[];
  password: string;
}
const EMPTY: Draft = { name: '', phone: '', villageIds: [], password: '' };

function Volunteers({ scope }: { scope: ManageScope }) {
  const m = useManageT();
  const { manage, call } = useManageApi();
  const [list, reload] = useRemote(async (token) => fromApi(await manage.volunteers(token)), []);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const [note, setNote] = useState<{ text: string; alert: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [code, setCode] = useState<SetupCode | null>(null);
  const open = scope.villages.filter((v) => !v.archived);
  const villageName = (id: string) => scope.villages.find((v) => v.id === id)?.name ?? id;

  /** Runs one change; says what went wrong, or `done`, and reloads the list. */
  const act = async <T,>(work: Parameters<typeof call<T>>[0], done?: (value: T) => string | void) => {
    setBusy(true);
    setNote(null);
    const r = await call(work);
    setBusy(false);
    if (!r.ok) {
      setNote({ text: m.saveFailed(failureText(m, r.failure)), alert: true });
      return null;
    }
    const text = done?.(r.value);
    if (text) setNote({ text, alert: false });
    reload();
    return r.value;
  };

  const add = async (e: Event) => {
    e.preventDefault();
    const phone = normalisePhone(draft.phone);
    const problems: typeof errors = {};
    if (draft.name.trim() === '') problems.name = m.volunteers.name;
    if (!phone) problems.phone = m.volunteers.phoneInvalid;
    if (draft.villageIds.length === 0) problems.villageIds = m.volunteers.villagesRequired;
    if (draft.password !== '' && draft.password.length < 8) problems.password = m.volunteers.passwordShort;
    setErrors(problems);
    if (Object.keys(problems).length > 0 || !phone) return;
    const created = await act(
      (api, token) =>
        api.createVolunteer(token, {
          name: draft.name,
          phone,
          villageIds: draft.villageIds,
          ...(draft.password ? { password: draft.password } : {}),
        }),
      (v) => m.volunteers.created(v.name),
    );
    if (created) setDraft(EMPTY);
  };

  return (
    <>
      <h2>{m.volunteers.heading}</h2>
      {note && (
        <p class={note.alert ? 'form-error' : 'notice'} role={note.alert ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
      {code && <SetupCodeCard code={code} onClose={() => setCode(null)} />}
      {list.state === 'loading' && <p role="status">{m.loading}</p>}
      {list.state === 'failed' && <LoadFailure failure={list.failure} text={m.failed} onRetry={reload} />}
      {list.state === 'ok' &&
        (list.value.length === 0 ? (
          <p>{m.volunteers.none}</p>
        ) : (
          <ul class="manage-list">
            {list.value.map((v) => (
              <VolunteerRow
                key={v.id}
                volunteer={v}
                villages={open}
                villageName={villageName}
                busy={busy}
                onChange={(change) => act((api, token) => api.changeVolunteer(token, v.id, change))}
                onPassword={(password) =>
                  act(
                    (api, token) => api.setPassword(token, v.id, password),
                    () => m.volunteers.passwordSet(v.name),
                  )
                }
                onCode={() => act((api, token) => api.setupCode(token, v.id), setCode)}
              />
            ))}
          </ul>
        ))}
      {open.length > 0 && (
        <p class="manage-sheets">
          {m.volunteers.printSheet}:{' '}
          {open.map((v, i) => (
            <span key={v.id}>
              {i > 0 && ' · '}
              <a href={paths.manageSheet(v.id)}>{v.name}</a>
            </span>
          ))}
        </p>
      )}
      <form class="form manage-form" noValidate onSubmit={(e) => void add(e)}>
        <h3>{m.volunteers.add}</h3>
        <TextField
          name="volunteer-name"
          label={m.volunteers.name}
          value={draft.name}
          onInput={(name) => setDraft({ ...draft, name })}
          error={errors.name}
        />
        <TextField
          name="volunteer-phone"
          type="tel"
          inputMode="numeric"
          label={m.volunteers.phone}
          value={draft.phone}
          onInput={(phone) => setDraft({ ...draft, phone })}
          error={errors.phone}
        />
        <VillageChoice
          name="volunteer-villages"
          villages={open}
          chosen={draft.villageIds}
          onChange={(villageIds) => setDraft({ ...draft, villageIds })}
          error={errors.villageIds}
        />
        <TextField
          name="volunteer-password"
          type="password"
          autoComplete="new-password"
          label={m.volunteers.password}
          hint={m.volunteers.passwordHint}
          value={draft.password}
          onInput={(password) => setDraft({ ...draft, password })}
          error={errors.password}
        />
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy}>
            {m.volunteers.add}
          </button>
        </div>
      </form>
    </>
  );
}

function VillageChoice(props: {
  name: string;
  villages: { id: string; name: string }[];
  chosen: string[];
  onChange: (ids: string[]) => void;
  error?: string | undefined;
}) {
  const m = useManageT();
  return (
    <fieldset
      class={props.error ? 'field invalid' : 'field'}
      aria-describedby={props.error ? `${props.name}-error` : undefined}
    >
      <legend>{m.volunteers.villages}</legend>
      {props.villages.map((v) => (
        <label key={v.id} class="check">
          <input
            type="checkbox"
            name={props.name}
            value={v.id}
            checked={props.chosen.includes(v.id)}
            onChange={(e) =>
              props.onChange(
                e.currentTarget.checked ? [...props.chosen, v.id] : props.chosen.filter((id) => id !== v.id),
              )
            }
          />
          {v.name}
        </label>
      ))}
      {props.error && (
        <p class="field-error" id={`${props.name}-error`}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

type Panel = 'edit' | 'password' | null;

function VolunteerRow(props: {
  volunteer: ManagedVolunteer;
  villages: { id: string; name: string }[];
  villageName: (id: string) => string;
  busy: boolean;
  onChange: (change: { name?: string; villageIds?: string[]; active?: boolean }) => Promise<unknown>;
  onPassword: (password: string) => Promise<unknown>;
  onCode: () => Promise<unknown>;
}) {
  const m = useManageT();
  const v = props.volunteer;
  const [panel, setPanel] = useState<Panel>(null);
  const [name, setName] = useState(v.name);
  const [villageIds, setVillageIds] = useState(v.areaIds);
  const [password, setPassword] = useState('');
  const [confirming, setConfirming] = useState(false);
  const close = (done: unknown) => done && setPanel(null);
  return (
    <li class={`manage-row${v.active ? '' : ' archived'}`} data-volunteer-id={v.id}>
      <div class="manage-row-main">
        <strong>{v.name}</strong>
        <span>{v.phone}</span>
        <span class="muted">{v.areaIds.map(props.villageName).join(', ')}</span>
        <span class={v.active ? 'badge' : 'badge warn'}>
          {v.active ? m.volunteers.active : m.volunteers.inactive}
        </span>
      </div>
      <div class="manage-row-actions">
        {v.active && (
          <button
            type="button"
            class="button primary"
            disabled={props.busy}
            onClick={() => void props.onCode()}
          >
            {m.volunteers.setupCode}
          </button>
        )}
        <button
          type="button"
          class="button"
          aria-expanded={panel === 'edit'}
          onClick={() => setPanel(panel === 'edit' ? null : 'edit')}
        >
          {m.volunteers.edit}
        </button>
        <button
          type="button"
          class="button"
          aria-expanded={panel === 'password'}
          onClick={() => setPanel(panel === 'password' ? null : 'password')}
        >
          {m.volunteers.resetPassword}
        </button>
        <button
          type="button"
          class="button"
          disabled={props.busy}
          onClick={() => (v.active ? setConfirming(true) : void props.onChange({ active: true }))}
        >
          {v.active ? m.volunteers.deactivate : m.volunteers.reactivate}
        </button>
      </div>
      {panel === 'edit' && (
        <form
          class="form manage-panel"
          onSubmit={(e) => {
            e.preventDefault();
            void props.onChange({ name, villageIds }).then(close);
          }}
        >
          <TextField name={`name-${v.id}`} label={m.volunteers.name} value={name} onInput={setName} />
          <VillageChoice
            name={`villages-${v.id}`}
            villages={props.villages}
            chosen={villageIds}
            onChange={setVillageIds}
          />
          <div class="form-actions">
            <button type="submit" class="button primary" disabled={props.busy || villageIds.length === 0}>
              {m.save}
            </button>
          </div>
        </form>
      )}
      {panel === 'password' && (
        <form
          class="form manage-panel"
          onSubmit={(e) => {
            e.preventDefault();
            if (password.length >= 8) void props.onPassword(password).then(close);
          }}
        >
          <TextField
            name={`password-${v.id}`}
            type="password"
            autoComplete="new-password"
            label={m.volunteers.newPassword}
            value={password}
            onInput={setPassword}
            error={password !== '' && password.length < 8 ? m.volunteers.passwordShort : undefined}
          />
          <div class="form-actions">
            <button type="submit" class="button primary" disabled={props.busy || password.length < 8}>
              {m.save}
            </button>
          </div>
        </form>
      )}
      {confirming && (
        <ConfirmDialog
          question={m.volunteers.deactivateQuestion(v.name)}
          detail={m.volunteers.deactivateDetail}
          confirmLabel={m.volunteers.deactivate}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void props.onChange({ active: false });
          }}
        />
      )}
    </li>
  );
}
