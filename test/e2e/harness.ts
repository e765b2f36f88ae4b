// End-to-end harness: Debian's Chromium through playwright-core, the real server over loopback serving a build.
// Without Chromium the suites are skipped with a loud message, except under CI=true, where they fail.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/app-server.ts';
import { chromiumPath, launchChromium } from '../support/chromium.ts';

const missing = !chromiumPath();

/** `describe` for suites that need Chromium. */
export function describeInChromium(name: string, body: () => void): void {
  if (!missing) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Chromium (CI=true: the end-to-end tests may not be skipped)', () => {
        throw new Error('Chromium not found: apt-get install chromium, or set CHROME_PATH');
      });
    });
    return;
  }
  console.warn(
    `\n${'!'.repeat(78)}\n!! END-TO-END TESTS SKIPPED: "${name}"\n!! Chromium was not found (apt-get install chromium, or set CHROME_PATH).\n${'!'.repeat(78)}\n`,
  );
  describe.skip(name, body);
}

export function builds(): { a: string; b: string } {
  const b = inject('builds');
  if (!b) throw new Error('the end-to-end builds were not made (no Chromium at global setup)');
  return b;
}

export const VOLUNTEER = { phone: '0911111111', password: 'e2e-pass-1', name: 'Nguyễn Thị Hoa' };
const ADMIN = { phone: '0900000000', password: 'e2e-admin-1' };

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', () => done()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

/**
 * The real server over loopback, on an embedded database in a temporary folder, serving a build of
 * the app. `use()` + `restart()` deploy another build on the same address and data, as an operator
 * does; `stop()` is a true outage.
 */
export class AppServer {
  private running: RunningServer | undefined;
  private port = 0;
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'so06-e2e-data-'));
  private provisioned = false;
  /** Added to the server's clock: set it back to make a phone's sync look days old. */
  clockOffsetMs = 0;
  /** MIN_CLIENT_BUILD of the next start: older phone builds get 426 on push and pull. */
  minClientBuild: number | undefined;
  constructor(private staticDir: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  use(staticDir: string): void {
    this.staticDir = staticDir;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    this.running = await startServer({
      port: this.port,
      host: '127.0.0.1',
      dataDir: this.dataDir,
      staticDir: this.staticDir,
      adminPhone: ADMIN.phone,
      adminPassword: ADMIN.password,
      seedDemo: false,
      logLevel: 'silent',
      now: () => Date.now() + this.clockOffsetMs,
      minClientBuild: this.minClientBuild,
    });
    if (!this.provisioned) {
      await this.provision();
      this.provisioned = true;
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.close();
  }

  /** Looks for due daily snapshots now, at the server's clock ([G2]), as its minute timer would. */
  async takeSnapshots(): Promise<void> {
    await this.running?.takeSnapshots();
  }

  /** Removes the server's data folder; the server must be stopped. */
  dispose(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** A commune with one village, Thôn Đông, and its volunteer, made through the admin API. */
  private async provision(): Promise<void> {
    const call = async (path: string, body: unknown, token?: string) => {
      const res = await fetch(this.url + path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    const { token } = (await call('/api/auth/login', { ...ADMIN, deviceId: crypto.randomUUID() })) as {
      token: string;
    };
    await call('/api/admin/areas', { id: 'xa-e2e', kind: 'commune', name: 'Xã Hòa Bình' }, token);
    await call(
      '/api/admin/areas',
      { id: 'thon-dong', kind: 'village', name: 'Thôn Đông', parentId: 'xa-e2e' },
      token,
    );
    await call('/api/admin/users', { ...VOLUNTEER, role: 'volunteer', areaIds: ['thon-dong'] }, token);
  }
}

/**
 * Cut the network as a phone in a lane without signal: the browser is offline, the server is gone,
 * and any request that still leaves (the service worker's own included) is aborted.
 */
export async function goOffline(context: BrowserContext, server: AppServer): Promise<void> {
  await context.setOffline(true);
  await context.route('**/*', (route) => route.abort('internetdisconnected'));
  await server.stop();
}

/** Wait until a service worker controls the page, so that the next start needs no network. */
export async function untilControlled(page: Page): Promise<void> {
  await page.waitForFunction(() => !!navigator.serviceWorker?.controller, undefined, { timeout: 15_000 });
}

/** The first start: sign in as the village's volunteer; the household list opens. */
export function signIn(page: Page): Promise<void> {
  return signInAs(page, VOLUNTEER);
}

/** Add a household through its form; returns its id from the address of the household screen. */
export async function addHousehold(page: Page, headName: string, address: string): Promise<string> {
  await page.locator('a.brand').click();
  await page.getByRole('link', { name: '+ Thêm hộ' }).click();
  await page.getByLabel('Họ và tên chủ hộ').fill(headName);
  await page.getByLabel('Địa chỉ').fill(address);
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.locator('.screen.household[data-household-id]').waitFor();
  return (await page.locator('.screen.household').getAttribute('data-household-id'))!;
}

/** The outbox as IndexedDB holds it, read straight from the database (not through the app). */
export function readOutbox(
  page: Page,
): Promise<{ id: string; entity: string; entityId: string; op: string }[]> {
  return page.evaluate(
    () =>
      new Promise((done, fail) => {
        const open = indexedDB.open('so06');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('outbox', 'readonly');
          const all = tx.objectStore('outbox').getAll();
          all.onsuccess = () => {
            done(all.result);
            open.result.close();
          };
          all.onerror = () => fail(all.error);
        };
      }),
  );
}

/** A second volunteer of Thôn Đông, for tests with two phones; made by `addVolunteer`. */
export const VOLUNTEER_2 = { phone: '0911111112', password: 'e2e-pass-2', name: 'Trần Văn Tâm' };

/** The admin's login, for tests that read the audit trail or provision more users. */
export const ADMIN_LOGIN: { phone: string; password: string } = ADMIN;

/** Sign in as the admin from Node; returns the bearer token. */
export async function adminToken(server: AppServer): Promise<string> {
  const res = await fetch(server.url + '/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...ADMIN, deviceId: crypto.randomUUID() }),
  });
  if (!res.ok) throw new Error(`admin login: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Add another volunteer of Thôn Đông through the admin API (the server must be started). */
export async function addVolunteer(
  server: AppServer,
  user: { phone: string; password: string; name: string },
): Promise<void> {
  const res = await fetch(server.url + '/api/admin/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken(server)}` },
    body: JSON.stringify({ ...user, role: 'volunteer', areaIds: ['thon-dong'] }),
  });
  if (!res.ok) throw new Error(`add volunteer: ${res.status} ${await res.text()}`);
}

/** Types the login on the sign-in screen and taps "Đăng nhập" (where it lands is the caller's). */
export async function submitSignIn(page: Page, user: { phone: string; password: string }): Promise<void> {
  await page.getByLabel('Số điện thoại').fill(user.phone);
  await page.getByLabel('Mật khẩu').fill(user.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** The first start, as the given user: the PIN is chosen, then the household list opens. */
export async function signInAs(page: Page, user: { phone: string; password: string }): Promise<void> {
  await submitSignIn(page, user);
  await setPin(page);
  await page.getByRole('heading', { name: 'Danh sách hộ' }).waitFor();
}

/** The PIN the tests choose for the notebook (not one of the easy PINs the app refuses). */
export const E2E_PIN = '482915';

/** Sealing the notebook or deriving the key from the PIN takes a moment on a slow machine. */
const PIN_WAIT = { timeout: 30_000 };

/**
 * After a first sign-in (or a start with a notebook that has no PIN yet): "Đặt mã PIN", the PIN twice;
 * returns once the notebook is sealed and the screen has moved on.
 */
export async function setPin(page: Page, pin = E2E_PIN): Promise<void> {
  const heading = page.getByRole('heading', { name: 'Đặt mã PIN', exact: true });
  await heading.waitFor(PIN_WAIT);
  await page.getByLabel('Mã PIN (6 chữ số)', { exact: true }).fill(pin);
  await page.getByLabel('Nhập lại mã PIN', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Đặt mã PIN', exact: true }).click();
  await heading.waitFor({ state: 'detached', ...PIN_WAIT });
}

/**
 * Every later start (a reload, an address typed, a new tab, the browser opened again): "Mở khoá Sổ 06"
 * and the PIN; returns once the app shows the screen of the address it was at.
 */
export async function unlock(page: Page, pin = E2E_PIN): Promise<void> {
  const heading = page.getByRole('heading', { name: 'Mở khoá Sổ 06', exact: true });
  await heading.waitFor(PIN_WAIT);
  await page.getByLabel('Mã PIN (6 chữ số)', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Mở khoá', exact: true }).click();
  await heading.waitFor({ state: 'detached', ...PIN_WAIT });
}

/** The commune police officer of Xã Hòa Bình, for the review's tests (made with `addUser`). */
export const OFFICER = { phone: '0933333333', password: 'e2e-police-1', name: 'Trần Văn Công' };

/** A POST to the server's API from Node, as JSON; a refusal fails the test with the server's words. */
export async function api<T = Record<string, unknown>>(
  server: AppServer,
  path: string,
  body: unknown,
  token?: string,
): Promise<T> {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** What a phone sends: upserts of new records (and deletes), in order. */
export class MutationBatch {
  readonly mutations: unknown[] = [];
  add(entity: string, fields: Record<string, unknown>): string {
    const id = crypto.randomUUID();
    this.mutations.push({
      id: crypto.randomUUID(),
      entity,
      entityId: id,
      op: 'upsert',
      baseVersion: 0,
      fields,
      clientTime: new Date().toISOString(),
    });
    return id;
  }
  remove(entity: string, entityId: string): void {
    this.mutations.push({
      id: crypto.randomUUID(),
      entity,
      entityId,
      op: 'delete',
      baseVersion: 1,
      fields: {},
      clientTime: new Date().toISOString(),
    });
  }
}

/** Signs in as `user` on `deviceId` and pushes the batch; every mutation must be applied. */
export async function pushAs(
  server: AppServer,
  user: { phone: string; password: string },
  deviceId: string,
  batch: MutationBatch,
): Promise<void> {
  const { token } = await api<{ token: string }>(server, '/api/auth/login', { ...user, deviceId });
  const { results } = await api<{ results: { status: string }[] }>(
    server,
    '/api/sync/push',
    { deviceId, mutations: batch.mutations },
    token,
  );
  const notApplied = results.filter((r) => r.status !== 'applied');
  if (notApplied.length > 0) throw new Error(`push not applied: ${JSON.stringify(notApplied)}`);
}

/** Add a user through the admin API (the server must be started). */
export async function addUser(
  server: AppServer,
  user: { phone: string; password: string; name: string },
  role: 'volunteer' | 'police',
  areaIds: string[],
): Promise<void> {
  await api(server, '/api/admin/users', { ...user, role, areaIds }, await adminToken(server));
}

/** One Chromium for the suite: launched before its first test, closed after its last. */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium did not start');
    return browser;
  };
}
