// The bar on every screen, one row of at most 64 px on a 360 px phone: where the volunteer works, and
// one status button that says whether the phone is online and how many edits wait for the server (the
// one number that says "do not reset this phone yet"); "Đồng bộ ngay" and the settings as icons. The
// last sync, and why a sync failed, are one tap away on the status screen.
import { outboxCount } from '../../db/list-queries.ts';
import { getLastSyncAt } from '../../sync/last-sync.ts';
import { useNotebook } from '../shell/db-context.ts';
import { useT } from '../i18n/i18n.ts';
import { useTableQuery } from '../device/table-query.ts';
import { useOnline } from '../device/online.ts';
import { useDirectsSomeCommune } from '../shell/direction.ts';
import { paths } from '../shell/paths.ts';
import { useOptionalProfile } from '../shell/profile-context.ts';
import { useSession } from '../shell/session-context.ts';
import { useSync } from '../shell/sync-context.tsx';
import { lastSyncText, syncProblemText } from '../text/sync-text.ts';
import { SettingsIcon, SyncIcon } from './icons.tsx';

export function AppHeader() {
  const t = useT();
  const notebook = useNotebook();
  const profile = useOptionalProfile();
  const { session } = useSession();
  const sync = useSync();
  const manages = useDirectsSomeCommune();
  const online = useOnline();
  const pending = useTableQuery(notebook, ['outbox'], () => outboxCount(notebook), []);
  const lastSyncAt = useTableQuery(notebook, ['meta'], () => getLastSyncAt(notebook), []);
  const village = session && profile?.villages.find((v) => v.id === profile.villageId);
  const running = sync.status.running;
  const problem = sync.active ? syncProblemText(t, sync) : null;
  // Before sign-in only edits left from an earlier version would count: shown only then. The police
  // keep no notebook: nothing of theirs ever waits.
  const showPending = session ? session.user.role !== 'police' : (pending ?? 0) > 0;
  const count = pending ?? 0;
  const net = online ? t.app.online : t.app.offline;
  const statusName = [net, t.app.pending(count), problem ?? ''].filter(Boolean).join(' · ');
  return (
    <header class="app-header">
      <a class="brand" href={paths.list}>
        <span class="brand-name">{t.app.name}</span>
        {village && (
          <>
            {/* Read out (and copied) as one name: "Sổ 06 · Thôn Đông". */}
            <span class="visually-hidden"> · </span>
            <span class="brand-village">{village.name}</span>
          </>
        )}
      </a>
      {session?.user.role === 'admin' && (
        <a class="header-link" href={paths.review()}>
          {t.app.review}
        </a>
      )}
      {/* Not for an officer known to have no commune of their own (a province's police: the server
          refuses them every management screen, [M1]); shown while that is not known yet. */}
      {(session?.user.role === 'admin' || session?.user.role === 'police') && manages !== false && (
        <a class="header-link" href={paths.manage}>
          {t.app.manage}
        </a>
      )}
      {showPending ? (
        <a
          class={['status-pill', 'pending', count > 0 && 'has-pending', problem && 'has-problem']
            .filter(Boolean)
            .join(' ')}
          href={paths.status}
          data-pending={pending ?? ''}
          title={statusName}
        >
          {/* Its name is what it shows, read as one line, with the problem (shown as a mark) in words. */}
          <span class={online ? 'net online' : 'net offline'}>{net}</span>
          <span class="visually-hidden"> · </span>
          <span class="pending-count">{pending === undefined ? '…' : t.app.pendingShort(pending)}</span>
          {problem && <span class="visually-hidden"> · {problem}</span>}
        </a>
      ) : (
        <span class={online ? 'net online' : 'net offline'}>{net}</span>
      )}
      {sync.active && (
        <button
          type="button"
          class={running ? 'icon-button sync-now sync-line running' : 'icon-button sync-now sync-line'}
          disabled={running}
          onClick={sync.syncNow}
          aria-label={t.sync.now}
          title={lastSyncAt === undefined ? t.sync.now : lastSyncText(t, running, lastSyncAt)}
          data-last-sync={lastSyncAt ?? ''}
        >
          <SyncIcon />
        </button>
      )}
      {session && (
        <a class="icon-button" href={paths.settings} aria-label={t.app.settings} title={t.app.settings}>
          <SettingsIcon />
        </a>
      )}
    </header>
  );
}
