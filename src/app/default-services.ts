// The real services of the app, for main.tsx. The account API and the transport parse the server's
// answers with zod: they load on first use (sign-in, the first sync round), not with the first screen.
import type { AccountApi } from '../sync/account-api.ts';
import { createSessionStore } from '../sync/session.ts';
import type { SyncTransport } from '../sync/transport.ts';
import type { AppServices } from './services.ts';

/** `baseUrl` '': the server that served the app (one origin, SYNC-API.md). */
export function defaultServices(baseUrl = ''): AppServices {
  let account: Promise<AccountApi> | undefined;
  const api = () =>
    (account ??= import('../sync/account-api.ts').then(({ createAccountApi }) => createAccountApi(baseUrl)));
  return {
    sessions: createSessionStore(),
    account: {
      login: (phone, password, deviceId) => api().then((a) => a.login(phone, password, deviceId)),
      areas: (token) => api().then((a) => a.areas(token)),
      logout: (token) => api().then((a) => a.logout(token)),
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
