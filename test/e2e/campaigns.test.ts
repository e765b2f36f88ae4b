// A campaign (rà soát, issue 17) end to end in Chromium: the commune police launch "Rà soát người đủ 14
// tuổi" with a deadline through their screens; the volunteer's phone, after one sync and then
// offline, lists exactly the people worked out by hand below; the volunteer completes two items
// offline; once synced the officer's campaign page says 2 done of N; with the clocks past the
// deadline, what remains is overdue on both sides. With SHOTS=1 the officer's two screens are saved
// at 360×640 and 1280×800 in /tmp/shots-campaigns/ for a person to look at.
import { mkdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addYears, formatDateVi, isoDateInVietnam } from '../../src/domain/dates.ts';
import {
  AppServer,
  MutationBatch,
  OFFICER,
  addUser,
  api,
  builds,
  describeInChromium,
  goOffline,
  pushAs,
  readOutbox,
  setPin,
  signIn,
  submitSignIn,
  unlock,
  untilControlled,
  useChromium,
  VOLUNTEER,
} from './harness.ts';

const DAY = 86_400_000;

const person = (householdId: string, fullName: string, birthDate: string, cccdStatus = 'none') => ({
  householdId,
  fullName,
  birthDate,
  gender: 'female',
  relation: 'child',
  cccdStatus,
  vneidStatus: 'none',
});

/**
 * Thôn Đông, the deadline D 20 days away. Listed (14 or more on D, no issued card): Lò Thị Mai (turns
 * 14 on D itself), Lò Văn Pao (17, card applied), Hà Thị Dung (40, card lost). Not listed: Lò Văn Sáng
 * (turns 14 the day after D), Hà Văn Tú (card issued), and Vàng Văn Sủ, whose household refused the
 * working group: counted apart. N = 3.
 */
function dataSet(dueOn: string) {
  const batch = new MutationBatch();
  const h1 = batch.add('household', {
    villageId: 'thon-dong',
    headName: 'Lò Văn Páo',
    address: 'Bản Nà, số 1',
  });
  batch.add('person', person(h1, 'Lò Thị Mai', addYears(dueOn, -14)));
  batch.add('person', person(h1, 'Lò Văn Sáng', addYears(isoDateInVietnam(Date.parse(dueOn) + DAY), -14)));
  batch.add('person', person(h1, 'Lò Văn Pao', addYears(dueOn, -17), 'applied'));
  const h2 = batch.add('household', {
    villageId: 'thon-dong',
    headName: 'Hà Văn Tú',
    address: 'Bản Nà, số 2',
  });
  batch.add('person', person(h2, 'Hà Văn Tú', '1990-04-04', 'issued'));
  batch.add('person', person(h2, 'Hà Thị Dung', '1986-09-09', 'lost'));
  const h3 = batch.add('household', {
    villageId: 'thon-dong',
    headName: 'Vàng Văn Sủ',
    address: 'Bản Nà, số 3',
    outOfReach: 'refused',
    outOfReachOn: isoDateInVietnam(Date.now()),
  });
  batch.add('person', person(h3, 'Vàng Văn Sủ', '2000-01-01'));
  return batch;
}

const SHOTS = process.env.SHOTS === '1' ? '/tmp/shots-campaigns' : null;

/** With SHOTS=1: the page at a phone's 360×640 and a PC's 1280×800, whole, then back to the PC's. */
async function shoot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  for (const [width, height] of [
    [360, 640],
    [1280, 800],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}x${height}.png`, fullPage: true });
  }
}

const shownNames = (page: Page) =>
  page.locator('.campaign .work-item strong').evaluateAll((els) => els.map((e) => e.textContent));

describeInChromium('a campaign from launch to progress', () => {
  const browser = useChromium();

  it(
    'the phone lists exactly its people offline; two done offline show as 2 of 3 once synced; overdue after the deadline',
    { timeout: 180_000 },
    async () => {
      const server = new AppServer(builds().a);
      await server.start();
      const context = await browser().newContext({ viewport: { width: 360, height: 640 } });
      const contexts = [context];
      try {
        const dueOn = isoDateInVietnam(Date.now() + 20 * DAY);
        await pushAs(server, VOLUNTEER, crypto.randomUUID(), dataSet(dueOn));
        await addUser(server, OFFICER, 'police', ['xa-e2e']);
        const { token } = await api<{ token: string }>(server, '/api/auth/login', {
          ...OFFICER,
          deviceId: crypto.randomUUID(),
        });

        // The officer, at the office PC, launches the campaign through the screens.
        const office = await browser().newContext({ viewport: { width: 1280, height: 800 } });
        contexts.push(office);
        const desk = await office.newPage();
        await desk.goto(server.url);
        await submitSignIn(desk, OFFICER);
        await setPin(desk);
        await desk.getByRole('heading', { name: 'Tổng hợp số liệu' }).waitFor();
        await desk.goto(`${server.url}/tong-hop/dot-ra-soat`);
        await unlock(desk);
        await desk.getByText('Xã chưa có đợt rà soát nào.').waitFor();
        await desk.getByRole('button', { name: 'Tạo đợt rà soát' }).click();
        expect(await desk.getByLabel('Tên đợt').inputValue()).toBe('Rà soát người đủ 14 tuổi');
        expect(await desk.getByRole('checkbox', { name: 'Thôn Đông' }).isChecked()).toBe(true);
        // Without a deadline nothing is sent, and the field says why.
        await desk.getByRole('button', { name: 'Tạo đợt', exact: true }).click();
        await desk.getByText('Nhập hạn hoàn thành theo dạng dd/mm/yyyy.').waitFor();
        await shoot(desk, 'form');
        await desk.getByLabel('Hạn hoàn thành').fill(formatDateVi(dueOn));
        await desk.getByLabel(/^Mục tiêu/).fill('100');
        await desk.getByRole('button', { name: 'Tạo đợt', exact: true }).click();
        await desk.getByRole('heading', { name: 'Rà soát người đủ 14 tuổi', level: 1 }).waitFor();
        const id = new URL(desk.url()).pathname.split('/').pop()!;
        expect(id).toMatch(/^[0-9a-f-]{36}$/);
        const shownDone = () => desk.locator('.campaign-done').textContent();
        expect(await shownDone()).toBe('Đã xong 0/3 (0,0%)');
        expect(await desk.locator('[data-figure="outOfReach"]').textContent()).toContain(
          'Ngoài phạm vi (từ chối / chuyển đi): 1',
        );

        const progress = async () => {
          const res = await fetch(`${server.url}/api/campaigns/${id}/progress`, {
            headers: { authorization: `Bearer ${token}` },
          });
          return ((await res.json()) as { total: Record<string, number> }).total;
        };
        expect(await progress()).toEqual({ items: 3, done: 0, pending: 3, overdue: 0, outOfReach: 1 });

        // The volunteer's phone syncs once (records and campaigns), then goes into a lane.
        const page = await context.newPage();
        await page.goto(server.url);
        await signIn(page);
        await untilControlled(page);
        await page.getByRole('link', { name: 'Việc cần làm · 1 đợt rà soát' }).waitFor({ timeout: 20_000 });
        await goOffline(context, server);
        await page.getByRole('link', { name: 'Việc cần làm · 1 đợt rà soát' }).click();
        await page.getByRole('heading', { name: 'Rà soát người đủ 14 tuổi' }).waitFor();
        expect(await shownNames(page)).toEqual(
          expect.arrayContaining(['Lò Thị Mai', 'Lò Văn Pao', 'Hà Thị Dung']),
        );
        expect(await shownNames(page)).toHaveLength(3);
        await page.getByText('Hộ từ chối hoặc đã chuyển đi: 1 (không tính vào kết quả)').waitFor();

        // Two cards collected, ticked offline: they leave the list, and wait in the outbox.
        for (const name of ['Lò Thị Mai', 'Hà Thị Dung']) {
          await page
            .locator('.work-item', { hasText: name })
            .getByRole('button', { name: 'Đã nhận thẻ' })
            .click();
          await page.locator('.work-item', { hasText: name }).waitFor({ state: 'detached' });
        }
        expect(await shownNames(page)).toEqual(['Lò Văn Pao']);
        expect(await readOutbox(page)).toHaveLength(2);

        // Back in signal: the edits go, and the officer sees 2 of 3.
        await server.start();
        await context.unroute('**/*');
        await context.setOffline(false);
        await expect.poll(async () => (await readOutbox(page)).length, { timeout: 20_000 }).toBe(0);
        expect(await progress()).toEqual({ items: 3, done: 2, pending: 1, overdue: 0, outOfReach: 1 });
        await desk.getByRole('button', { name: 'Làm mới' }).click();
        await expect.poll(shownDone, { timeout: 10_000 }).toBe('Đã xong 2/3 (66,7%)');
        expect(await desk.locator('[data-figure="pending"]').textContent()).toBe('Còn lại: 1');
        expect(
          await desk
            .locator('tr[data-village-id="thon-dong"] > *')
            .evaluateAll((cells) => cells.map((c) => c.textContent)),
        ).toEqual(['Thôn Đông', '3', '2', '1', '0', '1', '66,7%']);

        // 23:00 in Vietnam, the day's snapshot ([G1]): the trend's point of the day is the tallies of
        // that moment, on the officer's trend screen.
        const vnToday = isoDateInVietnam(Date.now());
        server.clockOffsetMs = Date.parse(`${vnToday}T16:00:30Z`) - Date.now();
        await server.takeSnapshots();
        const tallies = await (
          await fetch(`${server.url}/api/tallies?areaId=thon-dong`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).json();
        const { cccdIssued14plus, persons14plus } = (tallies as { total: Record<string, number> }).total;
        expect(cccdIssued14plus).toBeGreaterThanOrEqual(2);
        await desk.goto(`${server.url}/tong-hop/xu-huong`);
        await unlock(desk);
        await desk.getByRole('button', { name: 'Ngày' }).click();
        const dayRow = desk.locator(`.trend-table tr[data-start="${vnToday}"] > *`);
        await dayRow.first().waitFor({ timeout: 10_000 });
        const cells = await dayRow.evaluateAll((c) => c.map((x) => x.textContent));
        expect(cells.slice(1, 4)).toEqual([
          formatDateVi(vnToday),
          String(cccdIssued14plus),
          String(persons14plus),
        ]);
        await desk.goto(`${server.url}/tong-hop/dot-ra-soat/${id}`);
        await unlock(desk);
        await desk.locator('.campaign-done').waitFor();

        // Past the deadline: what remains is overdue, for the officer and on the phone.
        server.clockOffsetMs = 21 * DAY;
        expect(await progress()).toEqual({ items: 3, done: 2, pending: 1, overdue: 1, outOfReach: 1 });
        await desk.getByRole('button', { name: 'Làm mới' }).click();
        await desk.locator('[data-figure="overdue"]', { hasText: 'Quá hạn: 1' }).waitFor({ timeout: 10_000 });
        expect(await desk.locator('[data-figure="overdue"] .badge.overdue').textContent()).toBe(
          `Đã qua hạn ${formatDateVi(dueOn)}`,
        );
        expect(
          await desk
            .locator('tr[data-village-id="thon-dong"] td[data-column="overdue"]')
            .getAttribute('class'),
        ).toContain('flag');
        // On a 360 px phone the page never scrolls sideways: the village table scrolls in its own box.
        await desk.setViewportSize({ width: 360, height: 640 });
        expect(await desk.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
        await desk.setViewportSize({ width: 1280, height: 800 });
        await shoot(desk, 'campaign');
        if (SHOTS) {
          await desk.clock.install({ time: Date.now() + 21 * DAY });
          await desk.goto(`${server.url}/tong-hop/dot-ra-soat`);
          await unlock(desk);
          await desk.locator('.campaign-card').first().waitFor();
          await shoot(desk, 'list');
        }
        await page.clock.install({ time: Date.now() + 21 * DAY });
        await page.reload();
        await unlock(page);
        await page.locator('.work-item', { hasText: 'Lò Văn Pao' }).getByText('Quá hạn').waitFor({
          timeout: 30_000,
        });
      } finally {
        for (const c of contexts) await c.close();
        await server.stop();
        server.dispose();
      }
    },
  );
});
