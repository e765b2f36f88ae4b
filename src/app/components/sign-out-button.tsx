// "Đăng xuất" on a shared phone: refused while edits wait for the server (offering "Đồng bộ ngay"),
// otherwise asked once, then nothing of the person stays on the phone.
import { useState } from 'preact/hooks';
import { issueCounts, outboxCount } from '../../db/list-queries.ts';
import { signOut } from '../shell/account-flow.ts';
import { useT } from '../i18n/i18n.ts';
import { useTableQuery } from '../device/table-query.ts';
import { paths } from '../shell/paths.ts';
import { useAccount } from '../shell/use-account.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';

export function SignOutButton() {
  const t = useT();
  const { notebook, services, session, setSession, sync, route } = useAccount();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState(false);
  const pending = useTableQuery(notebook, ['outbox'], () => outboxCount(notebook), []) ?? 0;
  const issues = useTableQuery(
    notebook,
    ['conflicts', 'rejected'],
    async () => [...(await issueCounts(notebook)).values()].reduce((n, c) => n + c.conflicts + c.rejected, 0),
    [],
  );
  if (!session) return null;

  const start = async () => {
    if ((await outboxCount(notebook)) > 0) return setRefused(true);
    setRefused(false);
    setAsking(true);
  };

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setAsking(false);
    const db = await notebook.open();
    const result = await signOut({ db, services, session, halt: sync.halt, resume: sync.resume });
    setBusy(false);
    if (!result.ok) return setRefused(true);
    route(paths.list, true);
    setSession(null);
  };

  return (
    <div class="sign-out">
      {/* The refusal stays while edits wait; once the outbox is empty the person may try again. */}
      {refused && pending > 0 && (
        <div class="notice warning" role="alert">
          <p>{t.settings.signOutPending(pending)}</p>
          {sync.active && (
            <button type="button" class="button" disabled={sync.status.running} onClick={sync.syncNow}>
              {sync.status.running ? t.sync.running : t.sync.now}
            </button>
          )}
        </div>
      )}
      <button type="button" class="button danger-outline" disabled={busy} onClick={() => void start()}>
        {busy ? t.settings.signingOut : t.settings.signOut}
      </button>
      {asking && (
        <ConfirmDialog
          question={t.settings.confirmSignOut}
          detail={
            issues
              ? `${t.settings.confirmSignOutDetail} ${t.settings.confirmSignOutIssues(issues)}`
              : t.settings.confirmSignOutDetail
          }
          confirmLabel={t.settings.signOut}
          onConfirm={() => void confirm()}
          onCancel={() => setAsking(false)}
        />
      )}
    </div>
  );
}
