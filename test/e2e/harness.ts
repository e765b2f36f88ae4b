// End-to-end harness: Debian's Chromium through playwright-core, the built app served over loopback.
// Without Chromium the suites are skipped with a loud message, except under CI=true, where they fail.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, inject, it } from 'vitest';
import { serveStatic } from '../../scripts/static-server.mjs';
import { chromiumPath } from '../support/chromium.ts';

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

/** The built app over loopback. `use()` switches the build it serves; `stop()` is a true outage. */
export class AppServer {
  private server: Server | undefined;
  private port = 0;
  constructor(private root: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  use(root: string): void {
    this.root = root;
  }

  async start(): Promise<void> {
    this.server = await serveStatic({ root: () => this.root, port: this.port });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
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

/** The first start: the local set-up screen. */
export async function setUp(page: Page, name = 'Nguyễn Thị Hoa', village = 'Thôn Đông'): Promise<void> {
  await page.getByLabel('Họ và tên tình nguyện viên').fill(name);
  await page.getByLabel('Tên thôn / tổ dân phố').fill(village);
  await page.getByRole('button', { name: 'Bắt đầu' }).click();
  await page.getByRole('heading', { name: 'Danh sách hộ' }).waitFor();
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
