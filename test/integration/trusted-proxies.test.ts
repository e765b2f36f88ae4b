// The per-address login limit behind a load balancer (TRUSTED_PROXIES): the balancer's
// X-Forwarded-For names each phone, so one address's failures do not close sign-in for the others;
// from an untrusted socket the header changes nothing.
import { describe, expect, it } from 'vitest';
import { BACKENDS, PASSWORD, USERS, expectError, request, useServer, uuid } from '../support/server.ts';

const login = (url: string, phone: string, password: string, forwardedFor?: string) =>
  request(url, 'POST', '/api/auth/login', {
    json: { phone, password, deviceId: uuid() },
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  });

/** Failed logins of phones without accounts until the address is closed; how many it took. */
async function failUntilClosed(url: string, forwardedFor: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const res = await login(url, `0944${String(i).padStart(6, '0')}`, 'guess', forwardedFor);
    if (res.status === 429) return i;
    expectError(res, 401, 'invalid_credentials');
  }
  throw new Error('the address was never closed');
}

describe.each(BACKENDS)('[A13] login limit behind a trusted proxy on %s', (backend) => {
  const behindBalancer = useServer(backend, { users: ['police'], server: { trustedProxies: ['127.0.0.1'] } });

  it('[A13] closes the one client the balancer names, not the others behind it', async () => {
    const { url } = behindBalancer;
    expect(await failUntilClosed(url, '198.51.100.1')).toBe(30);
    expectError(await login(url, USERS.police.phone, PASSWORD, '198.51.100.1'), 429, 'rate_limited');
    // Another phone behind the same balancer still signs in.
    expect((await login(url, USERS.police.phone, PASSWORD, '198.51.100.2')).status).toBe(200);
  });
});

describe.each(BACKENDS)('[A13] login limit with no trusted proxy on %s', (backend) => {
  const direct = useServer(backend, { users: ['police'] });

  it('[A13] ignores X-Forwarded-For: a client cannot pick a new address for each guess', async () => {
    const { url } = direct;
    let closed = -1;
    for (let i = 0; i < 100 && closed < 0; i++) {
      const res = await login(url, `0955${String(i).padStart(6, '0')}`, 'guess', `198.51.100.${i + 1}`);
      if (res.status === 429) closed = i;
    }
    expect(closed).toBe(30);
    expectError(await login(url, USERS.police.phone, PASSWORD, '192.0.2.99'), 429, 'rate_limited');
  });
});

/** 100 guesses sent at once from `forwardedFor` (one header each); how many reached the password check. */
async function burst(url: string, prefix: string, forwardedFor: (i: number) => string): Promise<number> {
  const answers = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      login(url, `${prefix}${String(i).padStart(6, '0')}`, 'guess', forwardedFor(i)),
    ),
  );
  for (const res of answers) if (res.status !== 401) expectError(res, 429, 'rate_limited');
  return answers.filter((res) => res.status === 401).length;
}

describe.each(BACKENDS)(
  '[A14] login limit under concurrency, with and without a trusted proxy, on %s',
  (backend) => {
    const behindBalancer = useServer(backend, {
      users: ['police'],
      server: { trustedProxies: ['127.0.0.1'] },
    });
    const direct = useServer(backend, { users: ['police'] });

    it('[A14] behind the balancer: 100 guesses at once from one client reach the password 30 times; the others sign in', async () => {
      const { url } = behindBalancer;
      expect(await burst(url, '0945', () => '198.51.100.3')).toBe(30);
      expectError(await login(url, USERS.police.phone, PASSWORD, '198.51.100.3'), 429, 'rate_limited');
      expect((await login(url, USERS.police.phone, PASSWORD, '198.51.100.4')).status).toBe(200);
    });

    it('[A14] with no trusted proxy: 100 guesses at once, each naming another address, reach the password 30 times', async () => {
      const { url } = direct;
      expect(await burst(url, '0956', (i) => `198.51.100.${i + 1}`)).toBe(30);
      expectError(await login(url, USERS.police.phone, PASSWORD, '192.0.2.99'), 429, 'rate_limited');
    });
  },
);
