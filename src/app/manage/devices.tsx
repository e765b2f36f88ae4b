// The commune's phones: who holds each, when it last synced, its build, how many edits wait on it and
// how much room it takes; revoke a lost one, or one whose volunteer left ("chờ thu hồi" until the phone
// comes back, hands in its edits and wipes itself: SYNC-API.md [D8]–[D10]).
import { useState } from 'preact/hooks';
import type { ManageScope, ManagedDevice } from '../../domain/manage.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { LoadFailure } from '../review/failure.tsx';
import { formatTimeVi } from '../text/format-time.ts';
import { useManageT } from './messages.ts';
import { ManageFrame } from './nav.tsx';
import { failureText, fromApi, useManageApi, useRemote } from './use-manage.ts';

export default function ManageDevices() {
  return <ManageFrame tab="devices">{(scope) => <Devices scope={scope} />}</ManageFrame>;
}

const megabytes = (bytes: number) =>
  `${(bytes / 1_048_576).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;

function lastSync(d: ManagedDevice): number | null {
  const times = [d.lastPushAt, d.lastPullAt].filter((x): x is string => x !== null).map(Date.parse);
  return times.length ? Math.max(...times) : null;
}

function Devices({ scope }: { scope: ManageScope }) {
  const m = useManageT();
  const { manage, call } = useManageApi();
  const [list, reload] = useRemote(async (token) => fromApi(await manage.devices(token)), []);
  const [asking, setAsking] = useState<ManagedDevice | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const villageName = (id: string) => scope.villages.find((v) => v.id === id)?.name ?? id;

  const revoke = async (d: ManagedDevice) => {
    setAsking(null);
    setProblem(null);
    const r = await call((api, token) => api.revoke(token, { deviceId: d.deviceId, userId: d.userId }));
    if (!r.ok) setProblem(m.saveFailed(failureText(m, r.failure)));
    reload();
  };

  return (
    <>
      <h2>{m.devices.heading}</h2>
      {problem && (
        <p class="form-error" role="alert">
          {problem}
        </p>
      )}
      {list.state === 'loading' && <p role="status">{m.loading}</p>}
      {list.state === 'failed' && <LoadFailure failure={list.failure} text={m.failed} onRetry={reload} />}
      {list.state === 'ok' &&
        (list.value.length === 0 ? (
          <p>{m.devices.none}</p>
        ) : (
          <div class="table-scroll">
            <table class="manage-table">
              <thead>
                <tr>
                  <th scope="col">{m.devices.volunteer}</th>
                  <th scope="col">{m.devices.villages}</th>
                  <th scope="col">{m.devices.lastSync}</th>
                  <th scope="col">{m.devices.build}</th>
                  <th scope="col">{m.devices.pending}</th>
                  <th scope="col">{m.devices.storage}</th>
                  <th scope="col">{m.devices.state}</th>
                  <th scope="col">
                    <span class="visually-hidden">{m.devices.revoke}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.value.map((d) => {
                  const last = lastSync(d);
                  return (
                    <tr
                      key={`${d.userId}:${d.deviceId}`}
                      data-device-id={d.deviceId}
                      class={d.quiet ? 'quiet' : undefined}
                    >
                      <th scope="row">{d.userName}</th>
                      <td>{d.areaIds.map(villageName).join(', ')}</td>
                      <td>
                        {last === null ? m.devices.never : formatTimeVi(last)}
                        {d.quiet && <span class="badge warn">{m.devices.quiet}</span>}
                      </td>
                      <td>{d.build ?? '—'}</td>
                      <td>{d.pending ?? '—'}</td>
                      <td>{d.storageBytes === null ? '—' : megabytes(d.storageBytes)}</td>
                      <td>
                        <span class={d.state === 'active' ? 'badge' : 'badge warn'}>
                          {m.devices.states[d.state]}
                        </span>
                      </td>
                      <td>
                        {d.state === 'active' && (
                          <button type="button" class="button" onClick={() => setAsking(d)}>
                            {m.devices.revoke}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ))}
      {asking && (
        <ConfirmDialog
          question={m.devices.revokeQuestion(asking.userName)}
          detail={m.devices.revokeDetail}
          confirmLabel={m.devices.revoke}
          onCancel={() => setAsking(null)}
          onConfirm={() => void revoke(asking)}
        />
      )}
    </>
  );
}
