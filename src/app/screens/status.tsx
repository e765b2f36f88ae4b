// The phone's status, each figure once: network, who is signed in, the last sync, how many edits exist
// only on this phone, whether the villages finished loading; then why a sync failed in plain words
// (no network is a calm state, not an error) and "Đồng bộ ngay"; the conflicts and rejected edits of
// the whole phone, whether the notebook is protected from eviction, space used and free, whether the
// app works offline, and which version runs.
import { useEffect, useState } from 'preact/hooks';
import { issueSummary, outboxCount, type IssueSummaryRow } from '../../db/queries.ts';
import { getFirstPullState } from '../../db/pull-state.ts';
import { getLastSyncAt } from '../../sync/last-sync.ts';
import { BackLink } from '../components/back-link.tsx';
import { useDb } from '../shell/db-context.ts';
import { formatClockVi } from '../text/format-time.ts';
import { useLanguage, useT } from '../i18n/i18n.ts';
import { useLiveQuery } from '../device/live-query.ts';
import { useOnline } from '../device/online.ts';
import { paths } from '../shell/paths.ts';
import { useSession } from '../shell/session-context.ts';
import { useSync } from '../shell/sync-context.tsx';
import { firstPullText, firstPullWait, isOffline, lastSyncText, syncProblemText } from '../text/sync-text.ts';
import type { Messages } from '../i18n/vi.ts';
import { askPersistence, formatBytes, storageReport, type StorageReport } from '../device/storage.ts';

export default function StatusScreen() {
  const t = useT();
  const language = useLanguage();
  const db = useDb();
  const online = useOnline();
  const pending = useLiveQuery(() => outboxCount(db), [db]);
  const lastSyncAt = useLiveQuery(() => getLastSyncAt(db), [db]);
  const issues = useLiveQuery(() => issueSummary(db), [db]);
  const firstPull = useLiveQuery(() => getFirstPullState(db), [db]);
  const sync = useSync();
  const { session } = useSession();
  const problem = syncProblemText(t, sync);
  const offline = isOffline(sync, online);
  const { running, retryAt, needsSignIn } = sync.status;
  const [report, setReport] = useState<StorageReport | undefined>(undefined);
  const refresh = () => void storageReport().then(setReport);
  // The estimate moves with every edit: read it again whenever the outbox count changes.
  useEffect(refresh, [pending]);
  const offlineReady = 'serviceWorker' in navigator && !!navigator.serviceWorker.controller;

  return (
    <section class="screen status-screen">
      <BackLink href={paths.list} label={t.app.backToList} />
      <h1>{t.status.title}</h1>

      <dl class="facts">
        <div>
          <dt>{t.status.network}</dt>
          <dd class={online ? 'net-text online' : 'net-text offline'}>
            {online ? t.app.online : t.app.offline}
          </dd>
        </div>
        {sync.active && session && (
          <div>
            <dt>{t.status.account}</dt>
            <dd>{t.settings.signedInAs(session.user.name, session.user.phone)}</dd>
          </div>
        )}
        {sync.active && (
          <div>
            <dt>{t.status.sync}</dt>
            <dd class="status-sync" data-last-sync={lastSyncAt ?? ''}>
              {lastSyncAt !== undefined && lastSyncText(t, running, lastSyncAt)}
            </dd>
          </div>
        )}
        <div>
          <dt>{t.status.pending}</dt>
          <dd class="status-pending" data-outbox-count={pending ?? ''}>
            {pending === undefined
              ? '…'
              : pending === 0
                ? t.status.pendingNone
                : t.status.pendingSome(pending)}
          </dd>
        </div>
        {sync.active && firstPull !== undefined && (
          <div>
            <dt>{t.status.firstPull}</dt>
            <dd data-first-pull={firstPull}>
              {firstPull === 'done' ? t.status.firstPullDone : firstPullText(t, firstPullWait(sync, online))}
            </dd>
          </div>
        )}
      </dl>

      {sync.active && (
        <>
          {needsSignIn ? (
            <p class="notice warning">{t.sync.expired}</p>
          ) : problem ? (
            <div class="notice warning status-error" role="status">
              <p>{problem}</p>
              {retryAt !== null && <p>{t.sync.retryAt(formatClockVi(retryAt))}</p>}
            </div>
          ) : (
            offline && (
              <p class="notice calm" role="status">
                {pending ? t.sync.offline : t.sync.offlineNothing}
              </p>
            )
          )}
          <button
            type="button"
            class="button primary"
            disabled={running || needsSignIn}
            onClick={sync.syncNow}
          >
            {running ? t.sync.running : t.sync.now}
          </button>
        </>
      )}

      <h2>{t.issues.title}</h2>
      {issues && <IssueSummary t={t} rows={issues} />}

      <h2>{t.status.storage}</h2>
      {report && (
        <>
          <p
            class={report.persisted === false ? 'notice warning' : 'notice'}
            data-persisted={String(report.persisted)}
          >
            {report.persisted === true
              ? t.status.protected
              : report.persisted === false
                ? t.status.notProtected
                : t.status.unknown}
          </p>
          {report.persisted === false && (
            <button type="button" class="button" onClick={() => void askPersistence().then(refresh)}>
              {t.status.protect}
            </button>
          )}
          {report.usage !== null && report.quota !== null && (
            <p class="status-usage">
              {t.status.used(
                formatBytes(report.usage, language),
                formatBytes(Math.max(0, report.quota - report.usage), language),
              )}
            </p>
          )}
        </>
      )}

      <h2>{t.status.offlineReady}</h2>
      <p>{offlineReady ? t.status.offlineYes : t.status.offlineNo}</p>

      <h2>{t.status.version}</h2>
      <p class="status-version" data-build-id={__BUILD_ID__}>
        {__BUILD_ID__}
      </p>
    </section>
  );
}

/** Every household with conflicts or rejected edits, each a link to its own list to resolve them. */
function IssueSummary({ t, rows }: { t: Messages; rows: IssueSummaryRow[] }) {
  if (rows.length === 0) return <p>{t.issues.none}</p>;
  return (
    <>
      <ul class="items issue-summary">
        {rows.map((r) => (
          <li key={r.householdId} class="item">
            <a
              class="text-link"
              href={r.householdId ? paths.householdIssues(r.householdId) : paths.issues}
              data-issues-of={r.householdId}
            >
              {r.headName ?? t.issues.unknownHousehold}
            </a>
            <span class="muted">{t.issues.count(r.conflicts, r.rejected)}</span>
          </li>
        ))}
      </ul>
      <a class="text-link" href={paths.issues}>
        {t.issues.open} →
      </a>
    </>
  );
}
