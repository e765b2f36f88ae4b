// The phone's side of the wire (SYNC-API.md push and pull) behind a narrow interface, so that the
// engine can be driven by a fake that decides delivery in tests. Every answer is parsed with the
// protocol's zod schemas; a failure is a value that says whether to retry, sign in again or give up.
import type { z } from 'zod';
import {
  pullResponseSchema,
  pushResponseSchema,
  type PullResponse,
  type PushRequest,
  type MutationResult,
} from '../domain/sync-protocol.ts';

export type TransportFailure =
  /** No answer: no network, a dropped connection, a timeout. Retry later. */
  | { kind: 'network'; message: string }
  /** 401: the sign-in expired or was revoked. Keep everything; ask to sign in again. */
  | { kind: 'unauthenticated'; message: string }
  /** 429: retry after the server's delay. */
  | { kind: 'rate_limited'; retryAfterMs: number; message: string }
  /** 5xx or an answer that does not parse: retry later. */
  | { kind: 'server'; status: number; message: string }
  /** Another 4xx (400, 403, 413…): retrying the same request will not help. */
  | { kind: 'refused'; status: number; code: string; message: string };

export type TransportResult<T> = { ok: true; value: T } | { ok: false; failure: TransportFailure };

export interface SyncTransport {
  push(request: PushRequest): Promise<TransportResult<{ results: MutationResult[] }>>;
  pull(cursor: string | undefined, limit: number): Promise<TransportResult<PullResponse>>;
}

export interface HttpTransportOptions {
  /** Origin of the server ('' for the page's own). */
  baseUrl: string;
  /** The bearer token of the signed-in user, read at each request. */
  token: () => Promise<string | undefined>;
  fetch?: typeof fetch;
  /** A request with no answer after this long is a network failure. */
  timeoutMs?: number;
}

export function createHttpTransport(options: HttpTransportOptions): SyncTransport {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call<S extends z.ZodType>(
    path: string,
    init: RequestInit,
    schema: S,
  ): Promise<TransportResult<z.infer<S>>> {
    const token = await options.token();
    if (!token) return { ok: false, failure: { kind: 'unauthenticated', message: 'not signed in' } };
    let response: Response;
    try {
      response = await doFetch(`${options.baseUrl}${path}`, {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(timeoutMs),
        cache: 'no-store',
      });
    } catch (error) {
      return {
        ok: false,
        failure: { kind: 'network', message: error instanceof Error ? error.message : String(error) },
      };
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      // A cut answer (the body never arrived whole) is a network failure: the request may have
      // been applied, so the same mutations go again and the server answers them from memory.
      if (response.ok) return { ok: false, failure: { kind: 'network', message: 'answer cut short' } };
      body = undefined;
    }
    if (response.ok) {
      const parsed = schema.safeParse(body);
      if (parsed.success) return { ok: true, value: parsed.data };
      return {
        ok: false,
        failure: { kind: 'server', status: response.status, message: 'unexpected answer' },
      };
    }
    const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const code = typeof error?.code === 'string' ? error.code : 'unknown';
    const message = typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`;
    if (response.status === 401) return { ok: false, failure: { kind: 'unauthenticated', message } };
    if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after'));
      const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000;
      return { ok: false, failure: { kind: 'rate_limited', retryAfterMs, message } };
    }
    if (response.status >= 500)
      return { ok: false, failure: { kind: 'server', status: response.status, message } };
    return { ok: false, failure: { kind: 'refused', status: response.status, code, message } };
  }

  return {
    push: (request) =>
      call(
        '/api/sync/push',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) },
        pushResponseSchema,
      ),
    pull: (cursor, limit) => {
      const params = new URLSearchParams({ limit: String(limit) });
      if (cursor) params.set('cursor', cursor);
      return call(`/api/sync/pull?${params.toString()}`, { method: 'GET' }, pullResponseSchema);
    },
  };
}
