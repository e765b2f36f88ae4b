// The phone's side of the wire (SYNC-API.md push and pull) behind a narrow interface, so that the
// engine can be driven by a fake that decides delivery in tests. The real one goes through the one
// HTTP client (http-client.ts): answers parsed with the protocol's zod schemas, a failure is a value
// that says whether to retry, sign in again, update the app or give up.
import {
  pullResponseSchema,
  pushResponseSchema,
  type PullResponse,
  type PushRequest,
  type MutationResult,
} from '../domain/sync-protocol.ts';
import { createHttpClient, type HttpClientOptions, type HttpResult } from './http-client.ts';

export interface SyncTransport {
  push(request: PushRequest): Promise<HttpResult<{ results: MutationResult[] }>>;
  pull(cursor: string | undefined, limit: number): Promise<HttpResult<PullResponse>>;
}

export interface HttpTransportOptions extends HttpClientOptions {
  /** The bearer token of the signed-in user, read at each request: a new sign-in takes effect at once. */
  token: () => Promise<string | undefined>;
}

export function createHttpTransport(options: HttpTransportOptions): SyncTransport {
  const http = createHttpClient(options);
  const signedOut = {
    ok: false as const,
    failure: { kind: 'unauthenticated' as const, message: 'not signed in' },
  };
  return {
    async push(request) {
      const token = await options.token();
      if (!token) return signedOut;
      return http.request('/api/sync/push', { method: 'POST', token, json: request }, pushResponseSchema);
    },
    async pull(cursor, limit) {
      const token = await options.token();
      if (!token) return signedOut;
      const params = new URLSearchParams({ limit: String(limit) });
      if (cursor) params.set('cursor', cursor);
      return http.request(`/api/sync/pull?${params.toString()}`, { token }, pullResponseSchema);
    },
  };
}
