// The app starts from the phone alone: after one online visit, a reload, a new tab and a deep link
// show the app and its data with no network at all; the status screen counts the outbox right.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium.ts';
import { chromium } from 'playwright-core';
import {
  addHousehold,
  AppServer,
  builds,
  describeInChromium,
  goOffline,
  readOutbox,
  signIn,
  unlock,
  untilControlled,
  useChromium,
} from './harness.ts';

describeInChromium('offline start (service worker)', () => {
  const browser = useChromium();

  // 13 s alone on a 2-core machine (the first visit installs the service worker and its precache);
  // beside the suite's other browsers, more than the default 20 s.
  it(
    'first visit online, then with no network: reload, new tab and deep link show the app and its data',
    { timeout: 60_000 },
    async () => {
      const server = new AppServer(builds().a);
      await server.start();
      const context = await browser().newContext({ viewport: { width: 360, height: 640 } });
      try {
        const page = await context.newPage();
        await page.goto(server.url);
        await signIn(page);
        const id = await addHousehold(page, 'Nguyễn Văn Đức', 'Số 5, ngõ 2');
        await untilControlled(page);

        await goOffline(context, server);
        await page.reload();
        await unlock(page);
        await page.getByRole('heading', { name: 'Nguyễn Văn Đức' }).waitFor();
        expect(await page.locator('.net.offline').textContent()).toBe('Mất kết nối');

        const tab = await context.newPage();
        await tab.goto(server.url + '/');
        await unlock(tab);
        await tab.locator(`[data-total] [data-household-id="${id}"]`).waitFor();
        expect(await tab.locator('[data-total]').getAttribute('data-total')).toBe('1');

        const deep = await context.newPage();
        await deep.goto(`${server.url}/ho/${id}/sua`);
        await unlock(deep);
        await deep.getByLabel('Địa chỉ').waitFor();
        expect(await deep.getByLabel('Địa chỉ').inputValue()).toBe('Số 5, ngõ 2');

        // The status screen counts what the outbox holds: the set-up writes none, the household one.
        const outbox = await readOutbox(deep);
        await deep.goto(`${server.url}/trang-thai`);
        await unlock(deep);
        await deep.locator('[data-outbox-count]:not([data-outbox-count=""])').waitFor();
        expect(await deep.locator('[data-outbox-count]').getAttribute('data-outbox-count')).toBe(
          String(outbox.length),
        );
        expect(outbox.map((m) => [m.entity, m.entityId, m.op])).toEqual([['household', id, 'upsert']]);
      } finally {
        await context.close();
        await server.stop();
        server.dispose();
      }
    },
  );

  it(
    'households made and edited offline survive closing the browser, outbox intact',
    { timeout: 60_000 },
    async () => {
      const profile = mkdtempSync(join(tmpdir(), 'so06-profile-'));
      const server = new AppServer(builds().a);
      await server.start();
      const url = server.url;
      const open = () =>
        chromium.launchPersistentContext(profile, {
          executablePath: chromiumPath()!,
          headless: true,
          args: CHROMIUM_ARGS,
          viewport: { width: 360, height: 640 },
        });
      try {
        let context = await open();
        let page = context.pages()[0] ?? (await context.newPage());
        await page.goto(url);
        await signIn(page);
        await untilControlled(page);

        await goOffline(context, server);
        const first = await addHousehold(page, 'Trần Thị Lan', 'Xóm Đình');
        await page.getByRole('link', { name: 'Sửa hộ' }).click();
        await page.getByLabel('Địa chỉ').fill('Xóm Chùa');
        await page.getByRole('button', { name: 'Lưu' }).click();
        await page.getByText('Xóm Chùa').waitFor();
        const second = await addHousehold(page, 'Lê Văn Tâm', 'Số 9');
        const before = await readOutbox(page);
        expect(before.map((m) => [m.entityId, m.op])).toEqual([
          [first, 'upsert'],
          [first, 'upsert'],
          [second, 'upsert'],
        ]);
        await context.close();

        context = await open();
        await context.setOffline(true);
        await context.route('**/*', (route) => route.abort('internetdisconnected'));
        page = context.pages()[0] ?? (await context.newPage());
        await page.goto(url);
        await unlock(page);
        await page.locator('[data-total="2"]').waitFor();
        expect(await page.locator('[data-total] [data-household-id]').count()).toBe(2);
        expect(await page.getByText('Xóm Chùa').count()).toBe(1);
        expect(await readOutbox(page)).toEqual(before);
        await context.close();
      } finally {
        await server.stop();
        rmSync(profile, { recursive: true, force: true });
      }
    },
  );
});
