// The bar on every screen: where the volunteer works, whether the phone is online, and how many
// edits wait for the server (the one number that says "do not reset this phone yet").
import { outboxCount } from '../../db/queries.ts';
import { useDb } from '../db-context.ts';
import { useT } from '../i18n/i18n.ts';
import { useLiveQuery } from '../live-query.ts';
import { useOnline } from '../online.ts';
import { paths } from '../paths.ts';
import { useOptionalProfile } from '../profile-context.ts';

export function AppHeader() {
  const t = useT();
  const db = useDb();
  const profile = useOptionalProfile();
  const online = useOnline();
  const pending = useLiveQuery(() => outboxCount(db), [db]);
  const village = profile?.villages.find((v) => v.id === profile.villageId);
  return (
    <header class="app-header">
      <div class="app-header-row">
        <a class="brand" href={paths.list}>
          {t.app.name}
          {village && <span class="brand-village"> · {village.name}</span>}
        </a>
        {profile && (
          <a class="header-link" href={paths.setup}>
            {t.app.settings}
          </a>
        )}
      </div>
      <p class="app-status" aria-live="polite">
        <span class={online ? 'net online' : 'net offline'}>{online ? t.app.online : t.app.offline}</span>
        {pending !== undefined && (
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
    </header>
  );
}
