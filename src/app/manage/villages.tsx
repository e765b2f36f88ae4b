// A commune's villages: add one, rename one, archive one that no volunteer works in any more (it
// keeps its households and stays in the review), or use an archived one again. An admin also sets how
// long the commune's phones stay open unused before the notebook locks itself ([M26]).
import { useState } from 'preact/hooks';
import type { HttpResult } from '../../sync/http-client.ts';
import { LOCK_AFTER_MS } from '../lock/idle-lock.ts';
import { useSession } from '../shell/session-context.ts';
import type { ManageScope, ManagedVillage } from '../../domain/manage.ts';
import { TextField } from '../components/fields.tsx';
import { useManageT } from './messages.ts';
import { ManageFrame } from './nav.tsx';
import { failureText, fromApi, useManageApi, useRemote } from './use-manage.ts';

export default function ManageVillages() {
  return (
    <ManageFrame tab="villages">{(scope, reload) => <Villages scope={scope} reload={reload} />}</ManageFrame>
  );
}

function Villages({ scope, reload }: { scope: ManageScope; reload: () => void }) {
  const m = useManageT();
  const { manage, call } = useManageApi();
  const [volunteers] = useRemote(async (token) => fromApi(await manage.volunteers(token)), []);
  const [name, setName] = useState('');
  const [communeId, setCommuneId] = useState(scope.communes[0]?.id ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const count = (id: string) =>
    volunteers.state === 'ok' ? volunteers.value.filter((v) => v.active && v.areaIds.includes(id)).length : 0;

  const run = async (work: () => ReturnType<typeof call>) => {
    setBusy(true);
    setProblem(null);
    const r = await work();
    setBusy(false);
    if (!r.ok) {
      setProblem(m.saveFailed(failureText(m, r.failure)));
      return false;
    }
    reload();
    return true;
  };

  const add = async (e: Event) => {
    e.preventDefault();
    if (name.trim() === '') return;
    if (await run(() => call((api, token) => api.createVillage(token, { communeId, name })))) setName('');
  };

  return (
    <>
      <h2>{m.villages.heading}</h2>
      {problem && (
        <p class="form-error" role="alert">
          {problem}
        </p>
      )}
      {scope.villages.length === 0 ? (
        <p>{m.villages.none}</p>
      ) : (
        <ul class="manage-list">
          {scope.villages.map((v) => (
            <VillageRow
              key={v.id}
              village={v}
              volunteers={count(v.id)}
              busy={busy}
              onRename={(newName) =>
                run(() => call((api, token) => api.changeVillage(token, v.id, { name: newName })))
              }
              onArchive={(archived) =>
                run(() => call((api, token) => api.changeVillage(token, v.id, { archived })))
              }
            />
          ))}
        </ul>
      )}
      <LockTimes scope={scope} busy={busy} run={run} />
      <form class="form manage-form" noValidate onSubmit={(e) => void add(e)}>
        <h3>{m.villages.add}</h3>
        {scope.communes.length > 1 && (
          <label class="field">
            <span>{m.commune}</span>
            <select value={communeId} onChange={(e) => setCommuneId(e.currentTarget.value)}>
              {scope.communes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <TextField name="village-name" label={m.villages.name} value={name} onInput={setName} />
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy || name.trim() === ''}>
            {m.villages.add}
          </button>
        </div>
      </form>
    </>
  );
}

/** The choices offered: whole minutes within [M26]'s 1–30. */
const LOCK_CHOICES = [1, 2, 3, 5, 10, 15, 30];
const DEFAULT_LOCK = LOCK_AFTER_MS / 60_000;

/** [M26] Each commune's lock time: chosen by an admin, shown to the commune's own managers. */
function LockTimes(props: {
  scope: ManageScope;
  busy: boolean;
  run: (work: () => Promise<HttpResult<unknown>>) => Promise<boolean>;
}) {
  const m = useManageT();
  const { call } = useManageApi();
  const { session } = useSession();
  const admin = session?.user.role === 'admin';
  const [chosen, setChosen] = useState<Record<string, number>>({});
  return (
    <section class="manage-form lock-times">
      <h3>{m.villages.lockHeading}</h3>
      {props.scope.communes.map((c) => {
        const current = c.lockMinutes ?? DEFAULT_LOCK;
        if (!admin) return <p key={c.id}>{m.villages.lockAdminOnly(current)}</p>;
        const value = chosen[c.id] ?? current;
        return (
          <form
            key={c.id}
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void props.run(() =>
                call((api, token) =>
                  api.setLock(
                    token,
                    c.id,
                    value === DEFAULT_LOCK && c.lockMinutes === undefined ? null : value,
                  ),
                ),
              );
            }}
          >
            <label class="field">
              <span>{m.villages.lockLabel(c.name)}</span>
              <select
                value={String(value)}
                onChange={(e) => setChosen({ ...chosen, [c.id]: Number(e.currentTarget.value) })}
              >
                {LOCK_CHOICES.map((n) => (
                  <option key={n} value={String(n)}>
                    {n === DEFAULT_LOCK ? m.villages.lockDefault(n) : m.villages.lockMinutes(n)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="button primary" disabled={props.busy || value === current}>
              {m.save}
            </button>
          </form>
        );
      })}
      {admin && <p class="field-hint">{m.villages.lockHint}</p>}
    </section>
  );
}

function VillageRow(props: {
  village: ManagedVillage;
  volunteers: number;
  busy: boolean;
  onRename: (name: string) => Promise<boolean>;
  onArchive: (archived: boolean) => Promise<boolean>;
}) {
  const m = useManageT();
  const { village } = props;
  const [editing, setEditing] = useState<string | null>(null);
  if (editing !== null)
    return (
      <li class="manage-row" data-village-id={village.id}>
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void props.onRename(editing).then((done) => done && setEditing(null));
          }}
        >
          <TextField
            name={`rename-${village.id}`}
            label={m.villages.name}
            value={editing}
            onInput={setEditing}
          />
          <button type="submit" class="button primary" disabled={props.busy || editing.trim() === ''}>
            {m.save}
          </button>
          <button type="button" class="button" onClick={() => setEditing(null)}>
            {m.cancel}
          </button>
        </form>
      </li>
    );
  return (
    <li class={`manage-row${village.archived ? ' archived' : ''}`} data-village-id={village.id}>
      <div class="manage-row-main">
        <strong>{village.name}</strong>
        <span class="muted">
          {village.archived ? m.villages.archived : m.villages.volunteers(props.volunteers)}
        </span>
      </div>
      <div class="manage-row-actions">
        <button type="button" class="button" disabled={props.busy} onClick={() => setEditing(village.name)}>
          {m.villages.rename}
        </button>
        <button
          type="button"
          class="button"
          disabled={props.busy}
          onClick={() => void props.onArchive(!village.archived)}
        >
          {village.archived ? m.villages.unarchive : m.villages.archive}
        </button>
      </div>
    </li>
  );
}
