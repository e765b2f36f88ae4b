// One way to call the server's JSON endpoints from the phone: a 30 s limit, no HTTP cache, the error
// body of SYNC-API.md "Errors" turned into a failure value the screens put into Vietnamese. Answers
// are checked with zod by the caller's schema: the phone trusts no shape it did not parse.
import type { z } from 'zod';

export type ApiFailure =
  | { code: 'invalid_credentials' }
  | { code: 'rate_limited'; retryAfterSeconds: number }
  | { code: 'unauthenticated' }
  | { code: 'forbidden' }
  | { code: 'not_found' }
  | { code: 'network' }
  | { code: 'server'; message: string };

export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

interface RawAnswer {
  status: number;
  body: unknown;
  retryAfter: string | null;
}

export function createApiCaller(baseUrl = '', doFetch: typeof fetch = (i, init) => fetch(i, init)) {
  async function call(path: string, init: RequestInit): Promise<ApiResult<RawAnswer>> {
    try {
      const res = await doFetch(`${baseUrl}${path}`, {
        ...init,
        cache: 'no-store',
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      return { ok: true, value: { status: res.status, body, retryAfter: res.headers.get('retry-after') } };
    } catch {
      return { ok: false, failure: { code: 'network' } };
    }
  }

  /** A 2xx answer parsed by `schema`, or the failure the status and error body say. */
  async function json<S extends z.ZodType>(
    path: string,
    init: RequestInit,
    schema: S,
  ): Promise<ApiResult<z.infer<S>>> {
    const r = await call(path, init);
    if (!r.ok) return r;
    const { status, body, retryAfter } = r.value;
    if (status < 200 || status > 299) return { ok: false, failure: failureOf(status, body, retryAfter) };
    const parsed = schema.safeParse(body);
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, failure: { code: 'server', message: 'unexpected answer' } };
  }

  return { call, json };
}

export function failureOf(status: number, body: unknown, retryAfter: string | null): ApiFailure {
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  if (status === 401 && error?.code === 'invalid_credentials') return { code: 'invalid_credentials' };
  if (status === 401) return { code: 'unauthenticated' };
  if (status === 403) return { code: 'forbidden' };
  if (status === 404) return { code: 'not_found' };
  if (status === 429)
    return { code: 'rate_limited', retryAfterSeconds: Math.max(1, Number(retryAfter) || 60) };
  return { code: 'server', message: error?.message ?? `HTTP ${status}` };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
