// The real services of the app, for main.tsx. The account API, the review's reads and the transport
// parse the server's answers with zod: they load on first use (sign-in, a review screen, the first
// sync round), not with the first screen.
import type { AccountApi } from '../../sync/account-api.ts';
import type { CampaignsApi } from '../../sync/campaigns-api.ts';
import type { ManageApi } from '../../sync/manage-api.ts';
import type { ReviewApi } from '../../sync/review-api.ts';
import { createSessionStore } from '../../sync/session.ts';
import type { SyncTransport } from '../../sync/transport.ts';
import type { TrendsApi } from '../../sync/trends-api.ts';
import type { AppServices } from './services.ts';

type Method = (...args: never[]) => Promise<unknown>;
/** An object whose members are all methods that answer promises: what `lazy` can stand in for. */
type AsyncMethods<T> = { [K in keyof T]: Method };

/**
 * Stands in for the object `load()` makes: each method call waits for the load (once, on the first
 * call), then calls the loaded object's method. A failed load (a chunk missing offline) is tried
 * again at the next call.
 */
export function lazy<T extends AsyncMethods<T>>(load: () => Promise<T>): T {
  let loaded: Promise<T> | undefined;
  const target = () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
  return new Proxy({} as T, {
    get: (_, name) =>
      // Not a thenable (awaiting the stand-in must not load anything), and no symbol keys.
      typeof name === 'symbol' || name === 'then'
        ? undefined
        : (...args: unknown[]) =>
            target().then((api) => Reflect.apply(api[name as keyof T] as Method, api, args) as unknown),
  });
}

/** `baseUrl` '': the server that served the app (one origin, SYNC-API.md). */
export function defaultServices(baseUrl = ''): AppServices {
  return {
    sessions: createSessionStore(),
    account: lazy<AccountApi>(() =>
      import('../../sync/account-api.ts').then(({ createAccountApi }) => createAccountApi(baseUrl)),
    ),
    review: lazy<ReviewApi>(() =>
      import('../../sync/review-api.ts').then(({ createReviewApi }) => createReviewApi(baseUrl)),
    ),
    manage: lazy<ManageApi>(() =>
      import('../../sync/manage-api.ts').then(({ createManageApi }) => createManageApi(baseUrl)),
    ),
    campaigns: lazy<CampaignsApi>(() =>
      import('../../sync/campaigns-api.ts').then(({ createCampaignsApi }) => createCampaignsApi(baseUrl)),
    ),
    trends: lazy<TrendsApi>(() =>
      import('../../sync/trends-api.ts').then(({ createTrendsApi }) => createTrendsApi(baseUrl)),
    ),
    transport: (token) =>
      lazy<SyncTransport>(() =>
        import('../../sync/transport.ts').then(({ createHttpTransport }) =>
          createHttpTransport({ baseUrl, token }),
        ),
      ),
  };
}
