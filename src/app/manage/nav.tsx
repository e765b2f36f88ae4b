// The tabs of the management screens, and the frame they share: title, tabs, and the state of the
// caller's scope (loading, failed, or managing nothing).
import type { ComponentChildren } from 'preact';
import type { ManageScope } from '../../domain/manage.ts';
import { BackLink } from '../components/back-link.tsx';
import { LoadFailure } from '../review/failure.tsx';
import { useReviewT } from '../review/messages.ts';
import { paths } from '../shell/paths.ts';
import { useManageT } from './messages.ts';
import { useManageScope } from './use-manage.ts';
import './manage.css';

export type ManageTab = 'volunteers' | 'villages' | 'devices' | 'import' | 'audit';

const HREF: Record<ManageTab, string> = {
  volunteers: paths.manage,
  villages: paths.manageVillages,
  devices: paths.manageDevices,
  import: paths.manageImport,
  audit: paths.manageAudit,
};

export function ManageFrame({
  tab,
  children,
}: {
  tab: ManageTab;
  children: (scope: ManageScope, reload: () => void) => ComponentChildren;
}) {
  const m = useManageT();
  const r = useReviewT();
  const [scope, reload] = useManageScope();
  return (
    <section class="screen manage">
      <BackLink href={paths.review()} label={r.title} />
      <h1>{m.title}</h1>
      <nav class="manage-tabs" aria-label={m.title}>
        {(Object.keys(HREF) as ManageTab[]).map((key) => (
          <a key={key} href={HREF[key]} aria-current={key === tab ? 'page' : undefined}>
            {m.tabs[key]}
          </a>
        ))}
      </nav>
      {scope.state === 'loading' && <p role="status">{m.loading}</p>}
      {scope.state === 'failed' &&
        (scope.failure.kind === 'forbidden' ? (
          <p role="alert">{m.forbidden}</p>
        ) : (
          <LoadFailure failure={scope.failure} text={m.failed} onRetry={reload} />
        ))}
      {scope.state === 'ok' && children(scope.value, reload)}
    </section>
  );
}
