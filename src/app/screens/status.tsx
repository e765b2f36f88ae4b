// The phone's status: network, whether the notebook is protected from eviction, space used and free,
// how many edits exist only on this phone, whether the app works offline, and which version runs.
import { useEffect, useState } from 'preact/hooks';
import { outboxCount } from '../../db/queries.ts';
import { BackLink } from '../components/back-link.tsx';
import { useDb } from '../db-context.ts';
import { useLanguage, useT } from '../i18n/i18n.ts';
import { useLiveQuery } from '../live-query.ts';
import { useOnline } from '../online.ts';
import { paths } from '../paths.ts';
import { askPersistence, formatBytes, storageReport, type StorageReport } from '../storage.ts';

export default function StatusScreen() {
  const t = useT();
  const language = useLanguage();
  const db = useDb();
  const online = useOnline();
  const pending = useLiveQuery(() => outboxCount(db), [db]);
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

      <h2>{t.status.pending}</h2>
      <p class="status-pending" data-outbox-count={pending ?? ''}>
        <strong>{pending ?? '…'}</strong>{' '}
        {pending === undefined ? '' : pending === 0 ? t.status.pendingNone : t.status.pendingSome(pending)}
      </p>

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
