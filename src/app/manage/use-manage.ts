// What every management screen needs: the management API with the session's token, the caller's
// scope (communes and villages), and the words for a failure.
import type { ManageScope } from '../../domain/manage.ts';
import type { HttpFailure, HttpResult } from '../../sync/http-client.ts';
import type { ManageApi } from '../../sync/manage-api.ts';
import { fromApi, useRemote, type Remote } from '../review/use-review-data.ts';
import { useServices } from '../shell/services.ts';
import { useSession } from '../shell/session-context.ts';
import type { ManageMessages } from './messages.ts';

export { fromApi, useRemote, type Remote };

/** The API, and a way to call it with the session's token (a failure when signed out). */
export function useManageApi() {
  const { manage } = useServices();
  const { session } = useSession();
  const call = <T>(run: (api: ManageApi, token: string) => Promise<HttpResult<T>>): Promise<HttpResult<T>> =>
    session
      ? run(manage, session.token)
      : Promise.resolve({ ok: false, failure: { kind: 'unauthenticated', message: 'signed out' } });
  return { manage, call };
}

export function useManageScope(): [Remote<ManageScope>, () => void] {
  const { manage } = useServices();
  return useRemote(async (token) => fromApi(await manage.scope(token)), []);
}

/** A refusal in words: the known cases of the contract said plainly, others by their reason. */
export function failureText(m: ManageMessages, failure: HttpFailure): string {
  if (failure.kind === 'refused' && failure.code === 'already_exists') return m.volunteers.phoneTaken;
  if (failure.kind === 'refused' && /^archived:/.test(failure.message)) return m.villages.archiveBlocked;
  return m.why[failure.kind];
}
