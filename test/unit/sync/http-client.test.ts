// The one HTTP client of the phone: each answer (status, body, headers) → the failure the phone acts
// on, success parsed by the caller's schema, and what every request carries (token, version headers,
// no cache). A fake fetch answers; no network.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BUILD_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../src/domain/sync-protocol.ts';
import {
  BUILD_NUMBER,
  createHttpClient,
  type HttpFailure,
  type HttpResult,
} from '../../../src/sync/http-client.ts';
import { createHttpTransport } from '../../../src/sync/transport.ts';

const schema = z.object({ n: z.number() });
const json = (body: unknown) => JSON.stringify(body);
const error = (code: string, message: string) => json({ error: { code, message } });

/** A fetch that answers `answer()` and keeps what it was asked. */
function fakeFetch(answer: (init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const doFetch: typeof fetch = async (input, init = {}) => {
    calls.push({ url: String(input), init });
    return answer(init);
  };
  return { doFetch, calls };
}

function call(answer: (init: RequestInit) => Response | Promise<Response>, timeoutMs?: number) {
  const { doFetch } = fakeFetch(answer);
  return createHttpClient({ fetch: doFetch, timeoutMs, build: 100 }).request(
    '/api/x',
    { token: 't' },
    schema,
  );
}

/** A body that sends `head` and then breaks, as a connection cut mid-answer. */
function cutBody(head: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(head));
      controller.error(new TypeError('terminated'));
    },
  });
}

/** A body that never ends, until the request's signal aborts it. */
function stalledBody(signal: AbortSignal | null | undefined): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"n":'));
      signal?.addEventListener('abort', () => controller.error(signal.reason));
    },
  });
}

describe('http client: each answer → one result', () => {
  it.each<[string, number, string, Record<string, string>, HttpFailure]>([
    [
      '401',
      401,
      error('unauthenticated', 'token expired'),
      {},
      { kind: 'unauthenticated', message: 'token expired' },
    ],
    [
      '401 invalid_credentials',
      401,
      error('invalid_credentials', 'wrong phone or password'),
      {},
      { kind: 'invalid_credentials', message: 'wrong phone or password' },
    ],
    ['401 with no body', 401, '', {}, { kind: 'unauthenticated', message: 'HTTP 401' }],
    ['403', 403, error('forbidden', 'not yours'), {}, { kind: 'forbidden', message: 'not yours' }],
    [
      '404',
      404,
      error('not_found', 'no such endpoint'),
      {},
      { kind: 'not_found', message: 'no such endpoint' },
    ],
    [
      '426',
      426,
      error('client_too_old', 'update the app'),
      {},
      { kind: 'client_too_old', message: 'update the app' },
    ],
    [
      '429 with Retry-After',
      429,
      error('rate_limited', 'slow down'),
      { 'retry-after': '120' },
      { kind: 'rate_limited', retryAfterMs: 120_000, message: 'slow down' },
    ],
    [
      '429 without Retry-After',
      429,
      error('rate_limited', 'slow down'),
      {},
      { kind: 'rate_limited', retryAfterMs: 60_000, message: 'slow down' },
    ],
    [
      '429 with an unusable Retry-After',
      429,
      error('rate_limited', 'slow down'),
      { 'retry-after': 'soon' },
      { kind: 'rate_limited', retryAfterMs: 60_000, message: 'slow down' },
    ],
    [
      '400',
      400,
      error('invalid_request', 'limit: a whole number'),
      {},
      { kind: 'refused', status: 400, code: 'invalid_request', message: 'limit: a whole number' },
    ],
    [
      '413',
      413,
      error('payload_too_large', 'body over 1 MiB'),
      {},
      { kind: 'refused', status: 413, code: 'payload_too_large', message: 'body over 1 MiB' },
    ],
    [
      '409 from a proxy, not JSON',
      409,
      '<html>conflict</html>',
      {},
      { kind: 'refused', status: 409, code: 'unknown', message: 'HTTP 409' },
    ],
    [
      '500',
      500,
      error('internal_error', 'try again later'),
      {},
      { kind: 'server', status: 500, message: 'try again later' },
    ],
    [
      '502 from a proxy',
      502,
      '<html>Bad Gateway</html>',
      {},
      { kind: 'server', status: 502, message: 'HTTP 502' },
    ],
    [
      '200 of the wrong shape',
      200,
      json({ n: 'one' }),
      {},
      { kind: 'server', status: 200, message: 'unexpected answer' },
    ],
    [
      '200 that is not JSON (a captive portal)',
      200,
      '<html>Đăng nhập Wi-Fi</html>',
      {},
      { kind: 'server', status: 200, message: 'answer is not JSON' },
    ],
  ])('%s', async (_name, status, body, headers, failure) => {
    const result = await call(() => new Response(body === '' ? null : body, { status, headers }));
    expect(result).toEqual({ ok: false, failure });
  });

  it('a 2xx answer of the right shape is the parsed value', async () => {
    const result = await call(() => new Response(json({ n: 1, extra: true }), { status: 200 }));
    expect(result).toEqual({ ok: true, value: { n: 1 } });
  });

  it('no answer at all (fetch throws) is a network failure', async () => {
    const result = await call(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(result).toEqual({ ok: false, failure: { kind: 'network', message: 'Failed to fetch' } });
  });

  it('a 2xx answer cut short is a network failure (it may have been applied: send again)', async () => {
    const result = await call(() => new Response(cutBody('{"n":'), { status: 200 }));
    expect(result).toEqual({ ok: false, failure: { kind: 'network', message: 'answer cut short' } });
  });

  it('no answer within the time limit is a network failure', async () => {
    const result = await call(
      (init) =>
        new Promise<Response>((_, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal!.reason));
        }),
      20,
    );
    expect(result.ok).toBe(false);
    expect((result as Extract<HttpResult<unknown>, { ok: false }>).failure.kind).toBe('network');
  });

  it('an answer whose body stalls past the time limit is a network failure', async () => {
    const result = await call((init) => new Response(stalledBody(init.signal), { status: 200 }), 20);
    expect(result).toEqual({ ok: false, failure: { kind: 'network', message: 'answer cut short' } });
  });
});

describe('http client: what every request carries', () => {
  it('the token, the protocol and build numbers [V1], no cache, a time limit, and a JSON body', async () => {
    const { doFetch, calls } = fakeFetch(() => new Response(json({ n: 1 })));
    const http = createHttpClient({ baseUrl: 'https://so06.example', fetch: doFetch, build: 101 });
    await http.request('/api/sync/push', { method: 'POST', token: 'tok', json: { a: 1 } }, schema);
    const [{ url, init }] = calls as [(typeof calls)[number]];
    expect(url).toBe('https://so06.example/api/sync/push');
    expect(init).toMatchObject({ method: 'POST', cache: 'no-store', body: '{"a":1}' });
    expect(init.signal).toBeInstanceOf(AbortSignal);
    expect(init.headers).toEqual({
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
      [BUILD_HEADER]: '101',
      authorization: 'Bearer tok',
      'content-type': 'application/json',
    });
  });

  it('no token, no authorization; no body, no content type', async () => {
    const { doFetch, calls } = fakeFetch(() => new Response(json({ n: 1 })));
    await createHttpClient({ fetch: doFetch, build: 7 }).request('/api/x', {}, schema);
    expect(calls[0]!.init.method).toBe('GET');
    expect(calls[0]!.init.headers).toEqual({ [PROTOCOL_HEADER]: '1', [BUILD_HEADER]: '7' });
  });

  it("this build's number by default, from vite.config.ts's define", async () => {
    expect(Number.isSafeInteger(BUILD_NUMBER)).toBe(true);
    const { doFetch, calls } = fakeFetch(() => new Response(json({ n: 1 })));
    await createHttpClient({ fetch: doFetch }).request('/api/x', {}, schema);
    expect((calls[0]!.init.headers as Record<string, string>)[BUILD_HEADER]).toBe(String(BUILD_NUMBER));
  });

  it('send(): a 2xx answer with no body is a success; a refusal is the same failure as request()', async () => {
    const noContent = fakeFetch(() => new Response(null, { status: 204 }));
    const http = createHttpClient({ fetch: noContent.doFetch });
    expect(await http.send('/api/auth/logout', { method: 'POST', token: 't' })).toEqual({
      ok: true,
      value: undefined,
    });
    const tooOld = fakeFetch(() => new Response(error('client_too_old', 'update'), { status: 426 }));
    expect(await createHttpClient({ fetch: tooOld.doFetch }).send('/api/x', {})).toEqual({
      ok: false,
      failure: { kind: 'client_too_old', message: 'update' },
    });
  });

  it('the sync transport with no signed-in token asks nothing and says unauthenticated', async () => {
    const { doFetch, calls } = fakeFetch(() => new Response(json({ results: [] })));
    const transport = createHttpTransport({ fetch: doFetch, token: async () => undefined });
    expect(await transport.pull(undefined, 10)).toEqual({
      ok: false,
      failure: { kind: 'unauthenticated', message: 'not signed in' },
    });
    expect(calls).toEqual([]);
  });
});
