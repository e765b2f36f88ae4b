// The phone's status: network, sync in full (who is signed in, last sync, the last failure and the next
// try, "Đồng bộ ngay"), how many edits exist only on this phone, the conflicts and rejected edits of the
// whole phone, whether the notebook is protected from eviction, space used and free, whether the app
// works offline, and which version runs.
import { useEffect, useState } from 'preact/hooks';
import { issueSummary, outboxCount, type IssueSummaryRow } from '../../db/queries.ts';
import { getLastSyncAt } from '../../sync/last-sync.ts';
import { BackLink } from '../components/back-link.tsx';
import { useDb } from '../db-context.ts';
import { formatClockVi } from '../format-time.ts';
import { useLanguage, useT } from '../i18n/i18n.ts';
import { useLiveQuery } from '../live-query.ts';
import { useOnline } from '../online.ts';
import { paths } from '../paths.ts';
import { useSession } from '../session-context.ts';
import { useSync } from '../sync-context.tsx';
import { lastSyncText, syncErrorText } from '../sync-text.ts';
import type { Messages } from '../i18n/vi.ts';
import { askPersistence, formatBytes, storageReport, type StorageReport } from '../storage.ts';

export default function StatusScreen() {
  const t = useT();
  const language = useLanguage();
  const db = useDb();
  const online = useOnline();
  const pending = useLiveQuery(() => outboxCount(db), [db]);
  const lastSyncAt = useLiveQuery(() => getLastSyncAt(db), [db]);
  const issues = useLiveQuery(() => issueSummary(db), [db]);
  const sync = useSync();
  const { session } = useSession();
  const error = syncErrorText(t, sync, true);
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

      <h2>{t.status.network}</h2>
      <p>{online ? t.app.online : t.app.offline}</p>

      {sync.active && (
        <>
          <h2>{t.status.sync}</h2>
          {session && (
            <p>
              {t.status.account}: {t.settings.signedInAs(session.user.name, session.user.phone)}
            </p>
          )}
          <p class="status-sync" data-last-sync={lastSyncAt ?? ''}>
            {lastSyncAt !== undefined && lastSyncText(t, running, lastSyncAt)}
          </p>
          {needsSignIn && <p class="notice warning">{t.sync.expired}</p>}
          {error && (
            <div class="notice warning status-error">
              <p>{error}</p>
              {sync.status.lastError && <p>{t.sync.detail(sync.status.lastError)}</p>}
              {retryAt !== null && <p>{t.sync.retryAt(formatClockVi(retryAt))}</p>}
            </div>
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

      <h2>{t.status.pending}</h2>
      <p class="status-pending" data-outbox-count={pending ?? ''}>
        <strong>{pending ?? '…'}</strong>{' '}
        {pending === undefined ? '' : pending === 0 ? t.status.pendingNone : t.status.pendingSome(pending)}
      </p>

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
