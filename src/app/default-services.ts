// The real services of the app, for main.tsx. The account API and the transport parse the server's
// answers with zod: they load on first use (sign-in, the first sync round), not with the first screen.
import type { AccountApi } from '../sync/account-api.ts';
import type { ReviewApi } from '../sync/review-api.ts';
import { createSessionStore } from '../sync/session.ts';
import type { SyncTransport } from '../sync/transport.ts';
import type { AppServices } from './services.ts';

/** `baseUrl` '': the server that served the app (one origin, SYNC-API.md). */
export function defaultServices(baseUrl = ''): AppServices {
  let account: Promise<AccountApi> | undefined;
  const api = () =>
    (account ??= import('../sync/account-api.ts').then(({ createAccountApi }) => createAccountApi(baseUrl)));
  let reviewApi: Promise<ReviewApi> | undefined;
  const review = () =>
    (reviewApi ??= import('../sync/review-api.ts').then(({ createReviewApi }) => createReviewApi(baseUrl)));
  return {
    sessions: createSessionStore(),
    account: {
      login: (phone, password, deviceId) => api().then((a) => a.login(phone, password, deviceId)),
      areas: (token) => api().then((a) => a.areas(token)),
      logout: (token) => api().then((a) => a.logout(token)),
    },
    review: {
      tallies: (token, areaId) => review().then((r) => r.tallies(token, areaId)),
      devices: (token, areaId) => review().then((r) => r.devices(token, areaId)),
      gaps: (token, areaId, options) => review().then((r) => r.gaps(token, areaId, options)),
      household: (token, id) => review().then((r) => r.household(token, id)),
      issues: (token, areaId) => review().then((r) => r.issues(token, areaId)),
    },
    transport: (token) => {
      let transport: Promise<SyncTransport> | undefined;
      const http = () =>
        (transport ??= import('../sync/transport.ts').then(({ createHttpTransport }) =>
          createHttpTransport({ baseUrl, token }),
        ));
      return {
        push: (request) => http().then((t) => t.push(request)),
        pull: (cursor, limit) => http().then((t) => t.pull(cursor, limit)),
      };
    },
  };
}
