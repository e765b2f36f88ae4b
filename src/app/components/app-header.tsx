// The bar on every screen: where the volunteer works, whether the phone is online, how many edits wait
// for the server (the one number that says "do not reset this phone yet"), when it last synced or why
// it could not, and "Đồng bộ ngay".
import { outboxCount } from '../../db/queries.ts';
import { getLastSyncAt } from '../../sync/last-sync.ts';
import { useDb } from '../db-context.ts';
import { useT } from '../i18n/i18n.ts';
import { useLiveQuery } from '../live-query.ts';
import { useOnline } from '../online.ts';
import { paths } from '../paths.ts';
import { useOptionalProfile } from '../profile-context.ts';
import { useSession } from '../session-context.ts';
import { useSync } from '../sync-context.tsx';
import { lastSyncText, syncErrorText } from '../sync-text.ts';

export function AppHeader() {
  const t = useT();
  const db = useDb();
  const profile = useOptionalProfile();
  const { session } = useSession();
  const sync = useSync();
  const online = useOnline();
  const pending = useLiveQuery(() => outboxCount(db), [db]);
  const lastSyncAt = useLiveQuery(() => getLastSyncAt(db), [db]);
  const village = session && profile?.villages.find((v) => v.id === profile.villageId);
  const running = sync.status.running;
  const error = syncErrorText(t, sync, online);
  return (
    <header class="app-header">
      <div class="app-header-row">
        <a class="brand" href={paths.list}>
          {t.app.name}
          {village && <span class="brand-village"> · {village.name}</span>}
        </a>
        {session?.user.role === 'admin' && (
          <a class="header-link" href={paths.review()}>
            {t.app.review}
          </a>
        )}
        {session && (
          <a class="header-link" href={paths.settings}>
            {t.app.settings}
          </a>
        )}
      </div>
      <p class="app-status" aria-live="polite">
        <span class={online ? 'net online' : 'net offline'}>{online ? t.app.online : t.app.offline}</span>
        {/* Before sign-in only edits left from an earlier version would count: shown only then. */}
        {/* The police keep no notebook: nothing of theirs ever waits. */}
        {pending !== undefined && (session || pending > 0) && session?.user.role !== 'police' && (
          <a
            class={pending > 0 ? 'pending has-pending' : 'pending'}
            href={paths.status}
            data-pending={pending}
            title={t.app.status}
          >
            {t.app.pending(pending)}
          </a>
        )}
      </p>
      {sync.active && (
        <div class="sync-row">
          <p class={running ? 'sync-line running' : 'sync-line'} data-last-sync={lastSyncAt ?? ''}>
            {running && <span class="spinner" aria-hidden="true" />}
            {lastSyncAt !== undefined && lastSyncText(t, running, lastSyncAt)}
          </p>
          <button type="button" class="button small sync-now" disabled={running} onClick={sync.syncNow}>
            {t.sync.now}
          </button>
        </div>
      )}
      {sync.active && error && (
        <p class="sync-error" role="status">
          <a href={paths.status}>{error}</a>
        </p>
      )}
    </header>
  );
}
