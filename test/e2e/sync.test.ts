// Sync between phones and the server, in the browser: two volunteers' edits of different fields merge,
// the same field edited on both becomes a conflict that "Giữ của bạn" settles; an outbox drains
// exactly once over a network that loses requests and answers; a sign-in revoked while offline
// asks for the password again and then sends what waited.
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import {
  AppServer,
  VOLUNTEER,
  VOLUNTEER_2,
  addHousehold,
  addVolunteer,
  adminToken,
  builds,
  describeInChromium,
  readOutbox,
  signInAs,
  unlock,
  untilControlled,
} from './harness.ts';

const API = '**/api/**';
const WAIT = { timeout: 30_000 };

/** No signal, but the server stays up for the other phone: the browser is offline, /api is cut. */
async function offline(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
  await context.route(API, (route) => route.abort('internetdisconnected'));
}

async function online(context: BrowserContext): Promise<void> {
  await context.unroute(API);
  await context.setOffline(false);
}

/** Tap "Đồng bộ ngay" as soon as it can be tapped; returns the page's clock at the tap. */
async function tapSyncNow(page: Page): Promise<number> {
  const tapped = await page.waitForFunction(
    () => {
      const button = document.querySelector<HTMLButtonElement>('button.sync-now');
      if (!button || button.disabled) return 0;
      const at = Date.now();
      button.click();
      return at;
    },
    undefined,
    WAIT,
  );
  return (await tapped.jsonValue()) as number;
}

/** "Đồng bộ ngay", then wait for a round that succeeded after the tap. */
async function syncNow(page: Page): Promise<void> {
  const at = await tapSyncNow(page);
  await page.waitForFunction(
    (since) => {
      const line = document.querySelector('.sync-line');
      return (
        !!line && !line.classList.contains('running') && Number(line.getAttribute('data-last-sync')) >= since
      );
    },
    at,
    WAIT,
  );
}

async function pending(page: Page): Promise<number> {
  return Number(await page.locator('a.pending[data-pending]').getAttribute('data-pending'));
}

/** Edit a household through its form, from the household screen's "Sửa hộ". */
async function editHousehold(
  page: Page,
  base: string,
  id: string,
  fields: { headName?: string; address?: string; note?: string },
): Promise<void> {
  await page.goto(`${base}/ho/${id}`);
  await unlock(page);
  await page.getByRole('link', { name: 'Sửa hộ' }).click();
  if (fields.headName !== undefined) await page.getByLabel('Họ và tên chủ hộ').fill(fields.headName);
  if (fields.address !== undefined) await page.getByLabel('Địa chỉ').fill(fields.address);
  if (fields.note !== undefined) await page.getByLabel('Ghi chú').fill(fields.note);
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.locator(`.screen.household[data-household-id="${id}"]`).waitFor(WAIT);
}

/** The household as the phone's edit form shows it (the form is left unchanged). */
async function shownHousehold(page: Page, base: string, id: string) {
  await page.goto(`${base}/ho/${id}/sua`);
  await unlock(page);
  const field = page.getByLabel('Họ và tên chủ hộ');
  await field.waitFor(WAIT);
  return {
    headName: await field.inputValue(),
    address: await page.getByLabel('Địa chỉ').inputValue(),
    note: await page.getByLabel('Ghi chú').inputValue(),
  };
}

interface AuditEntry {
  mutationId: string | null;
  op: string;
  changes: Record<string, { old: unknown; new: unknown }>;
}

async function auditOf(server: AppServer, entityId: string): Promise<AuditEntry[]> {
  const res = await fetch(`${server.url}/api/admin/audit?entityId=${entityId}`, {
    headers: { authorization: `Bearer ${await adminToken(server)}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { entries: AuditEntry[] }).entries;
}

/** A small seeded generator (mulberry32), so that a failing run loses the same requests again. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describeInChromium('sync between phones and the server', () => {
  let browser: Browser;
  let server: AppServer;
  beforeAll(async () => {
    browser = await launchChromium();
    server = new AppServer(builds().a);
    await server.start();
    await addVolunteer(server, VOLUNTEER_2);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    server?.dispose();
  });

  async function phone(user: { phone: string; password: string }) {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await signInAs(page, user);
    await untilControlled(page);
    return { context, page };
  }

  it(
    'two phones: edits of different fields merge; the same field is a conflict that "Giữ của bạn" settles',
    { timeout: 120_000 },
    async () => {
      const one = await phone(VOLUNTEER);
      const two = await phone(VOLUNTEER_2);
      const base = server.url;
      try {
        const id = await addHousehold(one.page, 'Hoàng Văn Bình', 'Xóm Giữa');
        await syncNow(one.page);
        await one.page.locator('a.pending[data-pending="0"]').waitFor(WAIT);

        await syncNow(two.page);
        await two.page.goto(`${base}/ho/${id}`);
        await unlock(two.page);
        await two.page.getByRole('heading', { name: 'Hoàng Văn Bình' }).waitFor(WAIT);

        // Different fields, offline on both phones: both edits survive.
        await offline(one.context);
        await offline(two.context);
        await editHousehold(one.page, base, id, { address: 'Xóm Bãi, số 12' });
        await editHousehold(two.page, base, id, { note: 'Có người già sống một mình' });
        await online(one.context);
        await online(two.context);
        await syncNow(one.page);
        await syncNow(two.page);
        await syncNow(one.page);
        for (const p of [one.page, two.page]) {
          await p.locator('a.pending[data-pending="0"]').waitFor(WAIT);
          expect(await shownHousehold(p, base, id)).toEqual({
            headName: 'Hoàng Văn Bình',
            address: 'Xóm Bãi, số 12',
            note: 'Có người già sống một mình',
          });
        }

        // The same field, offline on both phones: the second to sync meets a conflict.
        await offline(one.context);
        await offline(two.context);
        await editHousehold(one.page, base, id, { headName: 'Hoàng Văn Bảo' });
        await editHousehold(two.page, base, id, { headName: 'Hoàng Thị Bích' });
        // One phone back at a time: each syncs by itself when the network returns, and phone 1 must be
        // first to reach the server.
        await online(one.context);
        await syncNow(one.page);
        await one.page.locator('a.pending[data-pending="0"]').waitFor(WAIT);
        await online(two.context);
        await syncNow(two.page);

        await two.page.goto(`${base}/ho/${id}`);
        await unlock(two.page);
        await two.page.locator('.badge.conflict', { hasText: 'Xung đột' }).waitFor(WAIT);
        await two.page.locator('a.issues-link').click();
        const field = two.page.locator('.issue[data-conflict-id] .diff-field', {
          has: two.page.locator('.diff-label', { hasText: 'Họ và tên chủ hộ' }),
        });
        await field.waitFor(WAIT);
        expect(await field.locator('.diff-client').textContent()).toBe('Của bạn: Hoàng Thị Bích');
        expect(await field.locator('.diff-server').textContent()).toBe('Trên máy chủ: Hoàng Văn Bảo');
        await two.page.getByRole('button', { name: 'Giữ của bạn' }).click();
        await two.page.locator('.issue[data-conflict-id]').waitFor({ state: 'detached', ...WAIT });

        await syncNow(two.page);
        await two.page.locator('a.pending[data-pending="0"]').waitFor(WAIT);
        await syncNow(one.page);
        for (const p of [one.page, two.page]) {
          await p.locator('a.pending[data-pending="0"]').waitFor(WAIT);
          expect(await shownHousehold(p, base, id)).toEqual({
            headName: 'Hoàng Thị Bích',
            address: 'Xóm Bãi, số 12',
            note: 'Có người già sống một mình',
          });
          await p.goto(`${base}/ho/${id}`);
          await unlock(p);
          await p.getByRole('heading', { name: 'Hoàng Thị Bích' }).waitFor(WAIT);
          expect(await p.locator('.badge.conflict').count()).toBe(0);
          await p.goto(`${base}/ho/${id}/xung-dot`);
          await unlock(p);
          await p.locator('.issues-screen .empty').waitFor(WAIT);
          expect(await p.locator('.issue').count()).toBe(0);
        }
      } finally {
        await one.context.close();
        await two.context.close();
      }
    },
  );

  it(
    'edits made offline drain over a network losing 30% of sync requests, each applied exactly once',
    { timeout: 240_000 },
    async () => {
      const EDITS = 200;
      const { context, page } = await phone(VOLUNTEER);
      try {
        const id = await addHousehold(page, 'Đỗ Văn Khoa', 'Xóm Trại');
        await syncNow(page);
        await page.locator('a.pending[data-pending="0"]').waitFor(WAIT);

        await offline(context);
        const started = Date.now();
        let last = '';
        let changed = 0;
        for (let i = 0; i < EDITS; i++) {
          // Every tenth save keeps the note as it is: nothing changes on the server for it.
          const note = i % 10 === 9 ? last : `Lần ghé ${i + 1}`;
          if (note !== last) changed++;
          last = note;
          await page.getByRole('link', { name: 'Sửa hộ' }).click();
          await page.getByLabel('Ghi chú').fill(note);
          await page.getByRole('button', { name: 'Lưu' }).click();
          await page.locator(`.screen.household[data-household-id="${id}"]`).waitFor(WAIT);
        }
        const editing = Date.now() - started;
        const outbox = (await readOutbox(page)).filter((m) => m.entityId === id);
        console.info(`[sync e2e] ${EDITS} edits offline in ${editing} ms; outbox ${outbox.length}`);

        // Back online over a bad network: 15% of sync requests never reach the server, and 15% reach
        // it but the answer is lost on the way back; so is the answer to the first push, always.
        const random = prng(0x5006);
        let lost = 0;
        let answersLost = 0;
        await context.unroute(API);
        await context.route('**/api/sync/**', async (route: Route) => {
          const r = random();
          const firstPush = answersLost === 0 && route.request().url().endsWith('/api/sync/push');
          if (firstPush || (r >= 0.15 && r < 0.3)) {
            lost++;
            answersLost++;
            await route.fetch().catch(() => undefined);
            return route.abort('connectionreset');
          }
          if (r < 0.15) {
            lost++;
            return route.abort('connectionreset');
          }
          return route.continue();
        });
        await context.setOffline(false);
        const draining = Date.now();
        while ((await pending(page)) !== 0) {
          if (Date.now() - draining > 150_000) throw new Error(`outbox not drained: ${await pending(page)}`);
          await tapSyncNow(page);
          await page.waitForFunction(
            () =>
              !document.querySelector('.sync-line.running') &&
              !document.querySelector('button.sync-now[disabled]'),
            undefined,
            WAIT,
          );
        }
        await context.unroute('**/api/sync/**');
        expect(answersLost).toBeGreaterThan(0);
        console.info(
          `[sync e2e] drained in ${Date.now() - draining} ms; ${lost} sync requests lost (${answersLost} after the server)`,
        );

        const audit = await auditOf(server, id);
        const updates = audit.filter((e) => e.op === 'update');
        const ids = updates.map((e) => e.mutationId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(updates.length).toBe(changed);
        const sent = new Set(outbox.map((m) => m.id));
        for (const mid of ids) expect(sent.has(mid!)).toBe(true);
        // A save that changes nothing writes nothing to the outbox: every queued edit applied once.
        expect(outbox.length).toBe(changed);
        expect(new Set(ids)).toEqual(sent);
        expect(updates.at(-1)!.changes.note!.new).toBe(last);
        expect(updates.every((e) => Object.keys(e.changes).join() === 'note')).toBe(true);
      } finally {
        await context.close();
      }
    },
  );

  it(
    'a sign-in revoked while offline: the banner asks for the password, then the edit is sent',
    { timeout: 90_000 },
    async () => {
      const { context, page } = await phone(VOLUNTEER);
      const base = server.url;
      try {
        const id = await addHousehold(page, 'Vũ Thị Mai', 'Xóm Cầu');
        await syncNow(page);
        await page.locator('a.pending[data-pending="0"]').waitFor(WAIT);

        await offline(context);
        await editHousehold(page, base, id, { address: 'Xóm Cầu Mới' });
        await page.locator('a.pending[data-pending="1"]').waitFor(WAIT);
        const [edit] = (await readOutbox(page)).filter((m) => m.entityId === id);
        const token = await page.evaluate(
          () =>
            new Promise<string>((done, fail) => {
              const open = indexedDB.open('so06-session');
              open.onerror = () => fail(open.error);
              open.onsuccess = () => {
                const get = open.result.transaction('kv', 'readonly').objectStore('kv').get('session');
                get.onsuccess = () => {
                  done((get.result as { token: string }).token);
                  open.result.close();
                };
                get.onerror = () => fail(get.error);
              };
            }),
        );
        const logout = await fetch(server.url + '/api/auth/logout', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(logout.status).toBe(204);

        await online(context);
        await tapSyncNow(page);
        const banner = page.getByRole('alert').filter({ hasText: 'Phiên đăng nhập đã hết hạn' });
        await banner.waitFor(WAIT);
        expect(await pending(page)).toBe(1);
        expect((await auditOf(server, id)).some((e) => e.mutationId === edit!.id)).toBe(false);

        await banner.getByRole('link', { name: 'Đăng nhập lại' }).click();
        const phoneField = page.getByLabel('Số điện thoại');
        await phoneField.waitFor(WAIT);
        if ((await phoneField.inputValue()) === '') await phoneField.fill(VOLUNTEER.phone);
        await page.getByLabel('Mật khẩu').fill(VOLUNTEER.password);
        await page.getByRole('button', { name: 'Đăng nhập' }).click();
        await page.getByRole('heading', { name: 'Danh sách hộ' }).waitFor(WAIT);
        await page.locator('a.pending[data-pending="0"]').waitFor(WAIT);
        expect(await banner.count()).toBe(0);

        const applied = (await auditOf(server, id)).filter((e) => e.mutationId === edit!.id);
        expect(applied).toHaveLength(1);
        expect(applied[0]!.changes.address).toEqual({ old: 'Xóm Cầu', new: 'Xóm Cầu Mới' });
      } finally {
        await context.close();
      }
    },
  );
});
