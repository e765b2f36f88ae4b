// The tabs of the management screens, and the frame they share: title, tabs, and the state of the
// caller's scope (loading, failed, or managing nothing). A province's police reach these screens only
// by their address (the header offers them no "Quản lý"): the server refuses them ([M1]), and they are
// told why, with the way back to their province, instead of tabs to more refusals.
import type { ComponentChildren } from 'preact';
import { directsSomeCommune } from '../../domain/directs.ts';
import type { ManageScope } from '../../domain/manage.ts';
import { BackLink } from '../components/back-link.tsx';
import { LoadFailure } from '../review/failure.tsx';
import { useReviewT } from '../review/messages.ts';
import { paths } from '../shell/paths.ts';
import { useServices } from '../shell/services.ts';
import { useSession } from '../shell/session-context.ts';
import { useManageT } from './messages.ts';
import { fromApi, useManageScope, useRemote } from './use-manage.ts';
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
  const forbidden = scope.state === 'failed' && scope.failure.kind === 'forbidden';
  return (
    <section class="screen manage">
      <BackLink href={paths.review()} label={r.title} />
      <h1>{m.title}</h1>
      {!forbidden && (
        <nav class="manage-tabs" aria-label={m.title}>
          {(Object.keys(HREF) as ManageTab[]).map((key) => (
            <a key={key} href={HREF[key]} aria-current={key === tab ? 'page' : undefined}>
              {m.tabs[key]}
            </a>
          ))}
        </nav>
      )}
      {scope.state === 'loading' && <p role="status">{m.loading}</p>}
      {scope.state === 'failed' &&
        (forbidden ? (
          <ManageForbidden />
        ) : (
          <LoadFailure failure={scope.failure} text={m.failed} onRetry={reload} />
        ))}
      {scope.state === 'ok' && children(scope.value, reload)}
    </section>
  );
}

/**
 * [M1] The server's refusal in words: a province's police are told that the communes' own police
 * manage them, and led back to their province; anyone else that they were given no commune. Which of
 * the two is read from the officer's areas and their kinds ([A16]), asked once the server has refused.
 */
export function ManageForbidden() {
  const m = useManageT();
  const { account } = useServices();
  const { session } = useSession();
  const [areas] = useRemote(async (token) => fromApi(await account.areas(token)), []);
  if (areas.state === 'loading') return <p role="status">{m.loading}</p>;
  const user = session?.user;
  const province =
    areas.state === 'ok' &&
    user?.role === 'police' &&
    !directsSomeCommune(user, areas.value) &&
    areas.value.some((a) => a.kind === 'province' && user.areaIds.includes(a.id));
  return province ? (
    <>
      <p role="alert">{m.forbiddenProvince}</p>
      <p>
        <a class="button" href={paths.reviewProvince()}>
          {m.toProvince}
        </a>
      </p>
    </>
  ) : (
    <p role="alert">{m.forbidden}</p>
  );
}
