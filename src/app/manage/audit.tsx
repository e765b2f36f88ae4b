// The managers' trail (SYNC-API.md [M12]): who did what to which volunteer, village or phone, newest
// first, a page at a time.
import { useState } from 'preact/hooks';
import type { ManageAuditEntry, ManageScope } from '../../domain/manage.ts';
import { LoadFailure } from '../review/failure.tsx';
import { formatTimeVi } from '../text/format-time.ts';
import { useManageT } from './messages.ts';
import { ManageFrame } from './nav.tsx';
import { useManageApi, useRemote, type Remote } from './use-manage.ts';

export default function ManageAudit() {
  return <ManageFrame tab="audit">{(scope) => <Audit scope={scope} />}</ManageFrame>;
}

function Audit({ scope }: { scope: ManageScope }) {
  const m = useManageT();
  // An entry names its village or commune by id: said by name where the caller manages it.
  const areaNames = new Map([...scope.communes, ...scope.villages].map((a) => [a.id, a.name]));
  const { manage, call } = useManageApi();
  const [first, reload] = useRemote(async (token) => {
    const r = await manage.audit(token, {});
    return r.ok
      ? ({ state: 'ok', value: r.value } as Remote<typeof r.value>)
      : { state: 'failed', failure: r.failure };
  }, []);
  const [more, setMore] = useState<{ entries: ManageAuditEntry[]; next: number | null } | null>(null);
  const entries = first.state === 'ok' ? [...first.value.entries, ...(more?.entries ?? [])] : [];
  const next = more ? more.next : first.state === 'ok' ? first.value.next : null;

  const loadMore = async () => {
    const r = await call((api, token) => api.audit(token, { before: next }));
    if (r.ok) setMore({ entries: [...(more?.entries ?? []), ...r.value.entries], next: r.value.next });
  };

  return (
    <>
      <h2>{m.audit.heading}</h2>
      {first.state === 'loading' && <p role="status">{m.loading}</p>}
      {first.state === 'failed' && <LoadFailure failure={first.failure} text={m.failed} onRetry={reload} />}
      {first.state === 'ok' && entries.length === 0 && <p>{m.audit.none}</p>}
      {entries.length > 0 && (
        <ol class="manage-audit">
          {entries.map((e) => (
            <li key={e.id}>
              <span class="muted">{formatTimeVi(Date.parse(e.at))}</span>{' '}
              <strong>{m.audit.actions[e.action] ?? e.action}</strong>
              {e.targetUserName && <> · {e.targetUserName}</>}
              {e.targetAreaId && (
                <>
                  {' '}
                  ·{' '}
                  {String(e.details.name ?? e.details.new ?? areaNames.get(e.targetAreaId) ?? e.targetAreaId)}
                </>
              )}
              {typeof e.details.persons === 'number' && <> · {m.audit.persons(e.details.persons)}</>}{' '}
              {e.actorName && <span class="muted">{m.audit.by(e.actorName)}</span>}
            </li>
          ))}
        </ol>
      )}
      {next !== null && (
        <button type="button" class="button" onClick={() => void loadMore()}>
          {m.audit.more}
        </button>
      )}
    </>
  );
}
