// SYNC-API.md "[Errors] 429 rate_limited" for logins, under concurrency (issue 12, point 1): 5 failed
// attempts per phone and 30 per address in 15 minutes, counted BEFORE the password is checked, so that
// guesses sent all at once get no more password checks than guesses sent one by one. Every 401 is a
// guess whose password was checked; the spy on verifyPassword (the server runs in this process)
// counts the checks themselves. On PGlite and PostgreSQL; two server processes on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AREAS,
  BACKENDS,
  PASSWORD,
  TestClock,
  createUser,
  dropSchema,
  expectError,
  loginAdmin,
  randomSchema,
  request,
  startProcess,
  useServer,
  uuid,
  type ApiResponse,
  type ServerProcess,
  createCommuneAndVillage,
} from '../support/server.ts';
import type * as Passwords from '../../src/server/accounts/passwords.ts';

const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/server/accounts/passwords.ts', async (importOriginal) => {
  const real = await importOriginal<typeof Passwords>();
  return {
    ...real,
    verifyPassword: (password: string, stored: string) => {
      checks.count++;
      return real.verifyPassword(password, stored);
    },
  };
});

const MINUTE = 60_000;
const WINDOW_S = 15 * 60;
const GUESSES = 100;

/** A login from the client `forwardedFor` (the server trusts 127.0.0.1 as its balancer). */
const login = (url: string, phone: string, password: string, forwardedFor: string) =>
  request(url, 'POST', '/api/auth/login', {
    json: { phone, password, deviceId: uuid() },
    headers: { 'x-forwarded-for': forwardedFor },
  });

/** 401s (guesses whose password was checked) and 429s; anything else fails the test. */
function tally(answers: ApiResponse<unknown>[]): { evaluated: number; refused: number } {
  let evaluated = 0;
  let refused = 0;
  for (const res of answers) {
    if (res.status === 401) {
      expectError(res, 401, 'invalid_credentials');
      evaluated++;
    } else {
      expectError(res, 429, 'rate_limited');
      expectRetryAfter(res);
      refused++;
    }
  }
  return { evaluated, refused };
}

function expectRetryAfter(res: ApiResponse<unknown>): number {
  const header = res.headers.get('retry-after') ?? '';
  expect(header).toMatch(/^\d+$/);
  const seconds = Number(header);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(WINDOW_S);
  return seconds;
}

let people = 0;
/** A volunteer of their own for each test: the limit is per phone. */
async function newPerson(url: string): Promise<string> {
  people++;
  const phone = `0966${String(people).padStart(6, '0')}`;
  await createUser(await loginAdmin(url), {
    name: `Người thử ${people}`,
    phone,
    role: 'volunteer',
    areaIds: [AREAS.village1],
  });
  return phone;
}

let addresses = 0;
/** An address of its own for each test: the limit is per address too. */
const newAddress = () => `198.51.100.${++addresses}`;

describe.each(BACKENDS)('[A14] under concurrency on %s', (backend) => {
  const clock = new TestClock(Date.parse('2026-11-20T01:00:00.000Z'));
  const t = useServer(backend, { clock, users: [], server: { trustedProxies: ['127.0.0.1'] } });

  it(`[A14] ${GUESSES} concurrent wrong guesses for one phone: at most 5 reach the password check, then the right password gets 429`, async () => {
    const phone = await newPerson(t.url);
    const from = newAddress();
    checks.count = 0;
    const answers = await Promise.all(
      Array.from({ length: GUESSES }, (_, i) => login(t.url, phone, `wrong-${i}`, from)),
    );
    const { evaluated, refused } = tally(answers);
    console.log(
      `[${backend}] ${GUESSES} concurrent guesses for one phone: ${evaluated} evaluated (401), ${refused} refused (429), ${checks.count} password checks`,
    );
    expect(checks.count).toBe(evaluated);
    expect(evaluated).toBeLessThanOrEqual(5);
    // Exact, not merely safe: the database counts every admitted guess, and refuses only beyond 5.
    expect(evaluated).toBe(5);

    const right = await login(t.url, phone, PASSWORD, from);
    expectError(right, 429, 'rate_limited');
    expect(right.text).not.toContain('"token"');
    expect(expectRetryAfter(right)).toBe(WINDOW_S);
    expect(checks.count).toBe(5);
    clock.advance(WINDOW_S * 1000 + 1000);
  });

  it(`[A14] ${GUESSES} concurrent guesses from one address across ${GUESSES} phones: at most 30 reach the password check`, async () => {
    const phone = await newPerson(t.url);
    const from = newAddress();
    checks.count = 0;
    const answers = await Promise.all(
      Array.from({ length: GUESSES }, (_, i) =>
        login(t.url, `0977${String(i).padStart(6, '0')}`, 'mat-khau-pho-bien', from),
      ),
    );
    const { evaluated, refused } = tally(answers);
    console.log(
      `[${backend}] ${GUESSES} concurrent guesses from one address, ${GUESSES} phones: ${evaluated} evaluated (401), ${refused} refused (429), ${checks.count} password checks`,
    );
    expect(checks.count).toBe(evaluated);
    expect(evaluated).toBeLessThanOrEqual(30);
    expect(evaluated).toBe(30);
    // The address is closed even to a right password; another address is not.
    expectError(await login(t.url, phone, PASSWORD, from), 429, 'rate_limited');
    expect((await login(t.url, phone, PASSWORD, newAddress())).status).toBe(200);
    clock.advance(WINDOW_S * 1000 + 1000);
  });

  it('[A12] one by one as before: 5 failures, then 429 even to the right password until the first failure leaves the window', async () => {
    const phone = await newPerson(t.url);
    const from = newAddress();
    const first = clock.ms;
    for (let i = 0; i < 5; i++) {
      expectError(await login(t.url, phone, `wrong-${i}`, from), 401, 'invalid_credentials');
      clock.advance(MINUTE);
    }
    // 5 minutes after the first failure: closed for the 10 minutes left of its window.
    checks.count = 0;
    const locked = await login(t.url, phone, PASSWORD, from);
    expectError(locked, 429, 'rate_limited');
    expect(expectRetryAfter(locked)).toBe(10 * 60);
    // Refused attempts are not failures: they neither reach the password nor push the reopening back.
    for (let i = 0; i < 10; i++) {
      const again = await login(t.url, phone, i % 2 ? PASSWORD : `wrong-again-${i}`, from);
      expectError(again, 429, 'rate_limited');
      expect(expectRetryAfter(again)).toBe(10 * 60);
    }
    expect(checks.count).toBe(0);
    // A second before the first failure leaves the window: still closed; a second after: open.
    clock.set(first + WINDOW_S * 1000 - 1000);
    expect(expectRetryAfter(await login(t.url, phone, PASSWORD, from))).toBe(1);
    clock.set(first + WINDOW_S * 1000 + 1000);
    const ok = await login(t.url, phone, PASSWORD, from);
    expect(ok.status, ok.text).toBe(200);
    clock.advance(WINDOW_S * 1000 + 1000);
  });

  it('[A15] a success clears the phone’s failures and counts against neither the phone nor the address', async () => {
    const phone = await newPerson(t.url);
    const from = newAddress();
    for (let i = 0; i < 4; i++)
      expectError(await login(t.url, phone, `wrong-${i}`, from), 401, 'invalid_credentials');
    expect((await login(t.url, phone, PASSWORD, from)).status).toBe(200);
    // 5 fresh failures are allowed again, then the phone closes.
    for (let i = 0; i < 5; i++)
      expectError(await login(t.url, phone, `wrong-bis-${i}`, from), 401, 'invalid_credentials');
    expectError(await login(t.url, phone, PASSWORD, from), 429, 'rate_limited');
    clock.advance(WINDOW_S * 1000 + 1000);

    // 35 right passwords from one address (over its 30): each is un-counted when it succeeds.
    const other = await newPerson(t.url);
    for (let i = 0; i < 35; i++) {
      const res = await login(t.url, other, PASSWORD, from);
      expect(res.status, `login ${i + 1}: ${res.text}`).toBe(200);
    }
    // ... and the address still has its 30 failures to give.
    checks.count = 0;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(t.url, `0988${String(i).padStart(6, '0')}`, 'guess', from)),
    );
    expect(tally(answers).evaluated).toBe(30);
    expect(checks.count).toBe(30);
    clock.advance(WINDOW_S * 1000 + 1000);
    // About 80 password checks (scrypt, slow by design): more than the default 20 s on a busy machine.
  }, 60_000);
});

const PG = process.env.TEST_DATABASE_URL;

describe.skipIf(!PG)('[A14] two server processes on one PostgreSQL', () => {
  const schema = randomSchema();
  const procs: ServerProcess[] = [];

  beforeAll(async () => {
    const env = { DATABASE_URL: PG!, DATABASE_SCHEMA: schema, TRUSTED_PROXIES: '127.0.0.1' };
    // One after the other: the first creates the schema and the admin.
    procs.push(await startProcess(env));
    procs.push(await startProcess(env));
    const admin = await loginAdmin(procs[0]!.url);
    await createCommuneAndVillage(admin);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill('SIGTERM')));
    await dropSchema(schema);
  }, 60_000);

  it(`[A14] ${GUESSES} concurrent wrong guesses for one phone through both: at most 5 evaluated, then 429 through both`, async () => {
    const [a, b] = procs.map((p) => p.url) as [string, string];
    const phone = await newPerson(a);
    const from = newAddress();
    const answers = await Promise.all(
      Array.from({ length: GUESSES }, (_, i) => login(i % 2 ? b : a, phone, `wrong-${i}`, from)),
    );
    const { evaluated, refused } = tally(answers);
    console.log(
      `[2 processes] ${GUESSES} concurrent guesses for one phone: ${evaluated} evaluated (401), ${refused} refused (429)`,
    );
    expect(evaluated).toBeLessThanOrEqual(5);
    expect(evaluated).toBe(5);
    for (const url of [a, b]) expectError(await login(url, phone, PASSWORD, from), 429, 'rate_limited');
  });

  it(`[A14] ${GUESSES} concurrent guesses from one address across ${GUESSES} phones through both: at most 30 evaluated`, async () => {
    const [a, b] = procs.map((p) => p.url) as [string, string];
    const from = newAddress();
    const answers = await Promise.all(
      Array.from({ length: GUESSES }, (_, i) =>
        login(i % 2 ? b : a, `0999${String(i).padStart(6, '0')}`, 'mat-khau-pho-bien', from),
      ),
    );
    const { evaluated, refused } = tally(answers);
    console.log(
      `[2 processes] ${GUESSES} concurrent guesses from one address, ${GUESSES} phones: ${evaluated} evaluated (401), ${refused} refused (429)`,
    );
    expect(evaluated).toBeLessThanOrEqual(30);
    expect(evaluated).toBe(30);
  });
});
