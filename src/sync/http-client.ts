// The one way from the phone to the server: every call (sign-in, areas, push, pull, the review's
// reads) goes through `request` here, with the bearer token, a 30 s limit, no HTTP cache and the
// version headers of SYNC-API.md [V1]. A 2xx answer is parsed with the caller's zod schema (the phone
// trusts no shape it did not parse); anything else is one failure value of one vocabulary, which the
// sync engine, the sign-in screen and the review each turn into their own action and words.
import type { z } from 'zod';
import { BUILD_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../domain/protocol-version.ts';

export type HttpFailure =
  /** No answer: no network, a dropped connection, a timeout, an answer cut short. Retry later. */
  | { kind: 'network'; message: string }
  /** 401: no sign-in, or it expired or was revoked. Keep everything; ask to sign in again. */
  | { kind: 'unauthenticated'; message: string }
  /** 401 `invalid_credentials`: a wrong phone number or password at sign-in. */
  | { kind: 'invalid_credentials'; message: string }
  /** 403: this account may not do that. */
  | { kind: 'forbidden'; message: string }
  /** 404: no such endpoint or record. */
  | { kind: 'not_found'; message: string }
  /** 429: retry after the server's delay (Retry-After, else a minute). */
  | { kind: 'rate_limited'; retryAfterMs: number; message: string }
  /** 426: the server no longer serves this build (SYNC-API.md [V2]). Keep everything; update the app. */
  | { kind: 'client_too_old'; message: string }
  /** Another 4xx (400, 409, 413…): retrying the same request will not help. */
  | { kind: 'refused'; status: number; code: string; message: string }
  /** 5xx, or a 2xx answer that does not parse: retry later. */
  | { kind: 'server'; status: number; message: string };

export type HttpFailureKind = HttpFailure['kind'];

export type HttpResult<T> = { ok: true; value: T } | { ok: false; failure: HttpFailure };

/**
 * This build's number, put in by vite.config.ts (`__BUILD_NUMBER__`). A bundle built without that
 * define (a benchmark's page) has none and sends no build header: the server serves it as before [V3].
 */
export const BUILD_NUMBER: number | undefined =
  typeof __BUILD_NUMBER__ === 'number' ? __BUILD_NUMBER__ : undefined;

export const TIMEOUT_MS = 30_000;
/** How long to wait after a 429 whose Retry-After says nothing usable. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

export interface HttpClientOptions {
  /** Origin of the server ('' for the page's own: SYNC-API.md, one origin). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** A request with no whole answer after this long is a network failure. */
  timeoutMs?: number;
  /** The build number sent in X-So06-Build; default this build's (none: the header is left out). */
  build?: number;
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** The bearer token of the signed-in user, when the endpoint needs one. */
  token?: string;
  /** A JSON body. */
  json?: unknown;
  /** More headers (the phone's report on push and pull, SYNC-API.md [D7]). */
  headers?: Record<string, string>;
}

export interface HttpClient {
  /** A 2xx answer parsed by `schema`, or the failure the status and the error body say. */
  request<S extends z.ZodType>(path: string, init: HttpRequest, schema: S): Promise<HttpResult<z.infer<S>>>;
  /** A call whose 2xx answer carries nothing the phone reads (sign-out). */
  send(path: string, init: HttpRequest): Promise<HttpResult<void>>;
}

const fail = (failure: HttpFailure) => ({ ok: false as const, failure });

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  const build = 'build' in options ? options.build : BUILD_NUMBER;

  /** The answer's status, headers and body text; `text` is null when the body was cut short. */
  async function exchange(
    path: string,
    init: HttpRequest,
  ): Promise<HttpResult<{ response: Response; text: string | null }>> {
    const headers: Record<string, string> = { ...init.headers, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
    if (build !== undefined) headers[BUILD_HEADER] = String(build);
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method: init.method ?? 'GET',
        headers,
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
        // The timeout covers the body too: a stalled answer aborts its stream.
        signal: AbortSignal.timeout(timeoutMs),
        cache: 'no-store',
      });
    } catch (error) {
      return fail({ kind: 'network', message: error instanceof Error ? error.message : String(error) });
    }
    let text: string | null;
    try {
      text = await response.text();
    } catch {
      text = null;
    }
    return { ok: true, value: { response, text } };
  }

  /** The failure of an answer that is not 2xx, from its status and its error body. */
  function failureOf(response: Response, text: string | null): HttpFailure {
    const { status } = response;
    let error: { code?: unknown; message?: unknown } | undefined;
    try {
      error = (JSON.parse(text ?? '') as { error?: typeof error } | null)?.error;
    } catch {
      error = undefined;
    }
    const code = typeof error?.code === 'string' ? error.code : 'unknown';
    const message = typeof error?.message === 'string' ? error.message : `HTTP ${status}`;
    if (status === 401)
      return { kind: code === 'invalid_credentials' ? 'invalid_credentials' : 'unauthenticated', message };
    if (status === 403) return { kind: 'forbidden', message };
    if (status === 404) return { kind: 'not_found', message };
    if (status === 426) return { kind: 'client_too_old', message };
    if (status === 429) {
      const seconds = Number(response.headers.get('retry-after') ?? '');
      const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS;
      return { kind: 'rate_limited', retryAfterMs, message };
    }
    if (status >= 400 && status < 500) return { kind: 'refused', status, code, message };
    return { kind: 'server', status, message };
  }

  return {
    async request(path, init, schema) {
      const answer = await exchange(path, init);
      if (!answer.ok) return answer;
      const { response, text } = answer.value;
      if (!response.ok) return fail(failureOf(response, text));
      // A cut answer (the body never arrived whole) is a network failure: the request may have been
      // applied, so the same mutations go again and the server answers them from memory.
      if (text === null) return fail({ kind: 'network', message: 'answer cut short' });
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return fail({ kind: 'server', status: response.status, message: 'answer is not JSON' });
      }
      const parsed = schema.safeParse(body);
      if (parsed.success) return { ok: true, value: parsed.data };
      return fail({ kind: 'server', status: response.status, message: 'unexpected answer' });
    },

    async send(path, init) {
      const answer = await exchange(path, init);
      if (!answer.ok) return answer;
      const { response, text } = answer.value;
      return response.ok ? { ok: true, value: undefined } : fail(failureOf(response, text));
    },
  };
}
