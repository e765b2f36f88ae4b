// A new version waits for the person: serving build B after build A shows "Có phiên bản mới"; the tap
// runs B with the data intact; over a half-filled form nothing reloads until it is saved or left.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  addHousehold,
  AppServer,
  builds,
  describeInChromium,
  signIn,
  unlock,
  untilControlled,
  useChromium,
} from './harness.ts';

/** The build the page runs, from the status screen (opened by its address: a start, so the PIN). */
async function runningBuild(page: Page, base: string): Promise<string | null> {
  await page.goto(`${base}/trang-thai`);
  await unlock(page);
  return page.locator('[data-build-id]').getAttribute('data-build-id');
}

/**
 * Before any page script: the type of every message the tab posts to a service worker is noted in
 * sessionStorage (kept across the update's reload). The only way the page makes a waiting version
 * take over is SKIP_WAITING (workbox-window's messageSkipWaiting, posted synchronously from the tap, or
 * from the save that ends the last unsaved form): while none was posted and the new worker still
 * waits, no update can have run by itself, however long one waits.
 */
function noteMessagesToWorkers(): void {
  if (typeof ServiceWorker === 'undefined') return;
  const post = ServiceWorker.prototype.postMessage as (this: ServiceWorker, ...args: unknown[]) => void;
  ServiceWorker.prototype.postMessage = function (this: ServiceWorker, ...args: unknown[]) {
    const sent = JSON.parse(sessionStorage.getItem('e2e:sw-messages') ?? '[]') as unknown[];
    sent.push((args[0] as { type?: unknown } | null)?.type ?? null);
    sessionStorage.setItem('e2e:sw-messages', JSON.stringify(sent));
    return post.apply(this, args);
  } as typeof ServiceWorker.prototype.postMessage;
}

/** How many SKIP_WAITING this tab posted, and the state of the version waiting (null: none). */
async function updateState(page: Page): Promise<{ skipWaiting: number; waiting: string | null }> {
  return page.evaluate(async () => {
    const sent = JSON.parse(sessionStorage.getItem('e2e:sw-messages') ?? '[]') as unknown[];
    const registration = await navigator.serviceWorker.getRegistration();
    return {
      skipWaiting: sent.filter((type) => type === 'SKIP_WAITING').length,
      waiting: registration?.waiting?.state ?? null,
    };
  });
}

/** Ask the browser to look for a new service worker now, as the app does when it comes to the front. */
async function checkForUpdate(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration?.update();
  });
}

describeInChromium('update flow', () => {
  const browser = useChromium();

  async function startOnA() {
    const server = new AppServer(builds().a);
    await server.start();
    const context = await browser().newContext({ viewport: { width: 360, height: 640 } });
    await context.addInitScript(noteMessagesToWorkers);
    const page = await context.newPage();
    await page.goto(server.url);
    await signIn(page);
    const id = await addHousehold(page, 'Phạm Văn An', 'Xóm Chùa');
    await untilControlled(page);
    expect(await runningBuild(page, server.url)).toBe('e2e-A');
    return { server, context, page, id };
  }

  it(
    'serving B after A shows the banner; tapping it runs B with the data intact',
    { timeout: 60_000 },
    async () => {
      const { server, context, page, id } = await startOnA();
      try {
        server.use(builds().b);
        await server.restart();
        await checkForUpdate(page);
        const banner = page.getByRole('status').filter({ hasText: 'Có phiên bản mới' });
        await banner.waitFor();
        // Never by itself: still A until the tap. B is installed and waiting (the banner shows once
        // it has waited), and nothing told it to take over: it cannot, however long one waits.
        expect(await updateState(page)).toEqual({ skipWaiting: 0, waiting: 'installed' });
        expect(await page.locator('[data-build-id]').getAttribute('data-build-id')).toBe('e2e-A');

        await Promise.all([
          page.waitForEvent('load'),
          banner.getByRole('button', { name: 'Cập nhật' }).click(),
        ]);
        // B starts locked, as every start does.
        await unlock(page);
        // The tap posted the one message the check above counts (it would have seen one).
        expect(await updateState(page)).toEqual({ skipWaiting: 1, waiting: null });
        expect(await runningBuild(page, server.url)).toBe('e2e-B');
        await page.goto(`${server.url}/ho/${id}`);
        await unlock(page);
        await page.getByRole('heading', { name: 'Phạm Văn An' }).waitFor();
      } finally {
        await context.close();
        await server.stop();
      }
    },
  );

  it('with a form half filled, the update waits until the form is left', { timeout: 100_000 }, async () => {
    const { server, context, page, id } = await startOnA();
    try {
      await page.goto(`${server.url}/ho/${id}/sua`);
      await unlock(page);
      await page.getByLabel('Ghi chú').fill('Hẹn quay lại chiều thứ Bảy');
      await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));

      server.use(builds().b);
      await server.restart();
      await checkForUpdate(page);
      const banner = page.getByRole('status').filter({ hasText: 'Có phiên bản mới' });
      await banner.getByRole('button', { name: 'Cập nhật' }).click();
      await page.getByText('Sẽ cập nhật ngay khi bạn lưu hoặc rời biểu mẫu đang nhập.').waitFor();
      // The tap was taken (the notice above), and it told the new version nothing: B still waits, so
      // no reload can come while the form holds the note, however long one waits.
      expect(await updateState(page)).toEqual({ skipWaiting: 0, waiting: 'installed' });
      // No reload: the same document, the typed note still there.
      expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
      expect(await page.getByLabel('Ghi chú').inputValue()).toBe('Hẹn quay lại chiều thứ Bảy');

      // Saving the form lets the update run. The save also queues an edit, and the old worker's
      // Background Sync may be pushing it: Chromium activates the new worker once the old one's events
      // end, which a push may hold for up to its 30 s limit (one run in eight full suites timed out here at 30 s).
      await Promise.all([
        page.waitForEvent('load', { timeout: 60_000 }),
        page.getByRole('button', { name: 'Lưu' }).click(),
      ]);
      await unlock(page);
      expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBeUndefined();
      expect(await updateState(page)).toEqual({ skipWaiting: 1, waiting: null });
      expect(await runningBuild(page, server.url)).toBe('e2e-B');
      await page.goto(`${server.url}/ho/${id}`);
      await unlock(page);
      await page.getByText('Hẹn quay lại chiều thứ Bảy').waitFor();
    } finally {
      await context.close();
      await server.stop();
      server.dispose();
    }
  });
});
