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

/** What the phone says of itself on push and pull (SYNC-API.md [D7]). */
export interface DeviceReport {
  pending: number;
  /** Bytes the browser says the app uses; unknown where it does not say. */
  storageBytes?: number;
}

export interface SyncTransport {
  push(
    request: PushRequest,
    report?: DeviceReport,
  ): Promise<HttpResult<{ results: MutationResult[]; revoke?: boolean }>>;
  pull(cursor: string | undefined, limit: number, report?: DeviceReport): Promise<HttpResult<PullResponse>>;
  /** [D10] The phone, asked to revoke itself, has handed in its edits and is wiping: its tokens end. */
  confirmRevoked(): Promise<HttpResult<void>>;
}

const reportHeaders = (report: DeviceReport | undefined): Record<string, string> =>
  report
    ? {
        'X-So06-Pending': String(report.pending),
        ...(report.storageBytes === undefined
          ? {}
          : { 'X-So06-Storage': String(Math.round(report.storageBytes)) }),
      }
    : {};

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
    async push(request, report) {
      const token = await options.token();
      if (!token) return signedOut;
      const headers = reportHeaders(report);
      return http.request(
        '/api/sync/push',
        { method: 'POST', token, json: request, headers },
        pushResponseSchema,
      );
    },
    async pull(cursor, limit, report) {
      const token = await options.token();
      if (!token) return signedOut;
      const params = new URLSearchParams({ limit: String(limit) });
      if (cursor) params.set('cursor', cursor);
      return http.request(
        `/api/sync/pull?${params.toString()}`,
        { token, headers: reportHeaders(report) },
        pullResponseSchema,
      );
    },
    async confirmRevoked() {
      const token = await options.token();
      if (!token) return signedOut;
      return http.send('/api/sync/revoked', { method: 'POST', token });
    },
  };
}
