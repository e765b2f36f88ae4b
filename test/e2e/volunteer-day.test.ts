// A volunteer's day on a 360×640 phone, end to end in Chromium against the real server: sign in, find a
// household without tone marks, tick a card, log a visit, add a member with a wrong and then a right ID
// number, go offline for real (page and service worker cut off), edit, reload, come back online; then
// the commune police see the edit, the note and the phone. The screens' density is measured on the
// way (header ≤ 64 px, at least five rows of at most 72 px, the filters in one row, the action bar and
// the tap's confirmation in sight), and axe-core runs on every screen the day passes.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { isoDateInVietnam } from '../../src/domain/dates.ts';
import { seriousA11yViolations } from './axe.ts';
import {
  addUser,
  AppServer,
  builds,
  describeInChromium,
  goOffline,
  MutationBatch,
  OFFICER,
  pushAs,
  setPin,
  signIn,
  submitSignIn,
  unlock,
  untilControlled,
  useChromium,
  VOLUNTEER_2,
} from './harness.ts';

const PHONE = { width: 360, height: 640 };
const WAIT = { timeout: 15_000 };

/** The village as the working group left it yesterday: eight households, pushed from another phone. */
async function seedVillage(server: AppServer): Promise<{ duc: string; ducHead: string }> {
  const batch = new MutationBatch();
  const names = [
    'Lê Thị Bích',
    'Phạm Văn Cường',
    'Hoàng Thị Dung',
    'Vũ Văn Em',
    'Đặng Thị Gấm',
    'Bùi Văn Hải',
    'Đỗ Thị Khánh',
  ];
  names.forEach((headName, i) => {
    const h = batch.add('household', {
      villageId: 'thon-dong',
      headName,
      address: `Số ${i + 10}, xóm Chùa, Thôn Đông`,
    });
    batch.add('person', {
      householdId: h,
      fullName: headName,
      birthDate: '1975-03-0' + ((i % 9) + 1),
      gender: i % 2 ? 'male' : 'female',
      relation: 'head',
      cccdStatus: 'issued',
      vneidStatus: i % 3 ? 'level1' : 'level2_active',
    });
  });
  const duc = batch.add('household', {
    villageId: 'thon-dong',
    headName: 'Nguyễn Văn Đức',
    address: 'Số 5, ngõ 2, Thôn Đông',
    householdCode: '001234567',
  });
  const ducHead = batch.add('person', {
    householdId: duc,
    fullName: 'Nguyễn Văn Đức',
    birthDate: '1980-05-01',
    gender: 'male',
    relation: 'head',
    cccdStatus: 'none',
    vneidStatus: 'level1',
  });
  await pushAs(server, VOLUNTEER_2, crypto.randomUUID(), batch);
  return { duc, ducHead };
}

/** axe-core finds nothing serious or critical on the screen as it is now. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  expect(await seriousA11yViolations(page), `axe on ${screen}`).toEqual([]);
}

interface Box {
  top: number;
  bottom: number;
  height: number;
}

async function box(page: Page, selector: string): Promise<Box> {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not drawn`);
  return { top: b.y, bottom: b.y + b.height, height: b.height };
}

describeInChromium("a volunteer's day at 360×640", () => {
  const browser = useChromium();

  it(
    'sign in, search, tick, visit, add a member, work offline, sync; the police see it',
    { timeout: 120_000 },
    async () => {
      const server = new AppServer(builds().a);
      await server.start();
      await addUser(server, VOLUNTEER_2, 'volunteer', ['thon-dong']);
      await addUser(server, OFFICER, 'police', ['xa-e2e']);
      const { duc, ducHead } = await seedVillage(server);
      const context = await browser().newContext({ viewport: PHONE, deviceScaleFactor: 1, locale: 'vi-VN' });
      // "A second visit the same day asks first": the phone's clock starts at noon of today in Vietnam
      // and runs on, so that no midnight falls between the two taps, whenever the test runs.
      await context.clock.install({ time: Date.parse(`${isoDateInVietnam(Date.now())}T12:00:00+07:00`) });
      try {
        const page = await context.newPage();
        await page.goto(server.url);
        await expectAccessible(page, 'sign-in');
        await signIn(page);
        // The first pull ends: the progress line replaces "loading".
        await page.locator('.progress').waitFor(WAIT);
        await page.locator('[data-total="8"]').waitFor(WAIT);

        // The list: the header in one row of ≤ 64 px, five households or more in sight, rows ≤ 72 px,
        // the four filters in one row.
        const header = await box(page, 'header.app-header');
        expect(header.height).toBeLessThanOrEqual(64);
        const rows = await page.locator('a.row').evaluateAll((els) =>
          els.map((el) => {
            const r = el.getBoundingClientRect();
            return { top: r.top, bottom: r.bottom, height: r.height };
          }),
        );
        expect(rows.filter((r) => r.bottom <= PHONE.height).length).toBeGreaterThanOrEqual(5);
        expect(Math.max(...rows.map((r) => r.height))).toBeLessThanOrEqual(72);
        const chipTops = await page
          .locator('.chip-row .chip')
          .evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
        expect(chipTops).toHaveLength(4);
        expect(new Set(chipTops).size).toBe(1);
        // The row says where without repeating the village, and has no household code.
        const ducRow = page.locator(`a.row[data-household-id="${duc}"]`);
        expect(await ducRow.locator('.row-meta').textContent()).toBe('Số 5, ngõ 2 · 1 nhân khẩu');
        await expectAccessible(page, 'household list');

        // Search without tone marks.
        await page.getByLabel('Tìm hộ').fill('nguyen van duc');
        await page.locator('[data-query="nguyen van duc"][data-total="1"]').waitFor(WAIT);
        await ducRow.click();
        await page.locator(`.screen.household[data-household-id="${duc}"]`).waitFor(WAIT);

        // The household: "Thêm nhân khẩu" and "Quét thẻ CCCD" in sight without scrolling.
        for (const name of ['+ Thêm nhân khẩu', 'Quét thẻ CCCD']) {
          const b = (await page.getByRole('link', { name }).boundingBox())!;
          expect(b.y).toBeGreaterThanOrEqual(0);
          expect(b.y + b.height).toBeLessThanOrEqual(PHONE.height);
        }
        // The three visit buttons look alike: none looks chosen before a tap.
        const looks = await page
          .locator('.quick-visit-buttons .button')
          .evaluateAll((els) => els.map((el) => getComputedStyle(el).backgroundColor));
        expect(new Set(looks).size).toBe(1);
        await expectAccessible(page, 'household');

        // Tick the card: the confirmation shows in sight, read out.
        const head = page.locator(`[data-person-id="${ducHead}"]`);
        await head.getByRole('button', { name: 'Đã nhận thẻ' }).click();
        const toast = page.locator('.toast-region[aria-live="polite"] .toast');
        await toast.waitFor(WAIT);
        expect(await toast.textContent()).toBe('Đã cập nhật Nguyễn Văn Đức.');
        const toastBox = await box(page, '.toast');
        expect(toastBox.top).toBeGreaterThanOrEqual(0);
        expect(toastBox.bottom).toBeLessThanOrEqual(PHONE.height);
        await head.getByText('Đã có thẻ').waitFor(WAIT);

        // Log a visit; a second tap the same day asks first.
        await page.getByRole('button', { name: 'Đã gặp' }).click();
        await page.getByText('Hôm nay đã ghi: Đã gặp.').waitFor(WAIT);
        await page.getByRole('button', { name: 'Đã gặp' }).click();
        const dialog = page.getByRole('alertdialog');
        await dialog.waitFor(WAIT);
        await expectAccessible(page, 'second visit question');
        await dialog.getByRole('button', { name: 'Hủy' }).click();
        expect(await page.locator('ul.visits li').count()).toBe(1);

        // Add a member: a wrong province code keeps "Lưu" from saving, with the focus on the number.
        await page.getByRole('link', { name: '+ Thêm nhân khẩu' }).click();
        await page.getByRole('heading', { name: 'Thêm nhân khẩu' }).waitFor(WAIT);
        await page.getByLabel('Họ và tên').fill('Trần Thị Hạnh');
        await page.getByLabel('Ngày sinh').fill('12/08/1984');
        await page.getByLabel('Nữ').check();
        await page.getByLabel('Quan hệ với chủ hộ').selectOption('spouse');
        const idField = page.getByLabel('Số định danh cá nhân (số CCCD)');
        await idField.fill('099184012345');
        await page.getByRole('button', { name: 'Lưu' }).click();
        await page.getByText('Chưa lưu: vui lòng sửa các ô được đánh dấu.').waitFor(WAIT);
        await page.waitForFunction(() => document.activeElement?.id === 'idNumber', undefined, WAIT);
        expect(await page.locator('#idNumber').getAttribute('aria-invalid')).toBe('true');
        expect(await page.locator('#idNumber-error').textContent()).toContain('099');
        expect(page.url()).toContain('/nhan-khau/moi');
        await expectAccessible(page, 'member form with an error');
        await idField.fill('001184012345');
        await page.getByLabel(/Số điện thoại/).fill('0987 654 321');
        await page.getByRole('button', { name: 'Lưu' }).click();
        await page.locator(`.screen.household[data-household-id="${duc}"]`).waitFor(WAIT);
        const hanh = page.locator('.member', { hasText: 'Trần Thị Hạnh' });
        // The number masked until asked for, then whole, grouped as on the card.
        expect(await hanh.locator('.id-number').textContent()).toBe('••• ••• ••2345');
        await hanh.getByRole('button', { name: 'Hiện Trần Thị Hạnh' }).click();
        await hanh.locator('.id-number', { hasText: '001 184 012345' }).waitFor(WAIT);
        expect(await hanh.locator('.id-number').textContent()).toBe('001 184 012345');
        expect(
          await hanh.getByRole('link', { name: 'Gọi Trần Thị Hạnh: 0987 654 321' }).getAttribute('href'),
        ).toBe('tel:0987654321');
        await page.locator('a.pending[data-pending="0"]').waitFor(WAIT);
        await untilControlled(page);

        // Offline for real: no page request, no service-worker request, no server.
        await goOffline(context, server);
        await page.getByRole('link', { name: 'Sửa hộ' }).click();
        await page.getByLabel(/Số điện thoại/).fill('0912 345 678');
        await page.getByLabel(/Ghi chú/).fill('Chủ hộ đi làm xa, về cuối tuần');
        await page.getByRole('button', { name: 'Lưu' }).click();
        await page.locator(`.screen.household[data-household-id="${duc}"]`).waitFor(WAIT);
        await page.locator('a.pending[data-pending="1"]').waitFor(WAIT);

        // A reload with no network: the app and the edit are still there.
        await page.reload();
        await unlock(page);
        await page.getByText('Chủ hộ đi làm xa, về cuối tuần').waitFor(WAIT);
        expect(await page.locator('.net.offline').first().textContent()).toBe('Mất kết nối');
        await page.locator('a.pending[data-pending="1"]').click();
        await page.getByRole('heading', { name: 'Tình trạng máy' }).waitFor(WAIT);
        await page.getByText('Đang không có mạng — sẽ tự gửi khi có mạng.').waitFor(WAIT);
        // Not an error: no warning about the sync, no mark on the status button.
        expect(await page.locator('.status-error, .has-problem').count()).toBe(0);
        expect(await page.locator('main').textContent()).not.toMatch(/Failed to fetch|fetch|Error/);
        await expectAccessible(page, 'status, offline');

        // Back online: the edit goes.
        await context.unroute('**/*');
        await context.setOffline(false);
        await server.start();
        await page.getByRole('button', { name: 'Đồng bộ ngay' }).first().click();
        await page.locator('a.pending[data-pending="0"]').waitFor(WAIT);
      } finally {
        await context.close();
      }

      // The commune police on their phone: the household with the note, the phone and the new member.
      const police = await browser().newContext({ viewport: PHONE, deviceScaleFactor: 1, locale: 'vi-VN' });
      try {
        const page = await police.newPage();
        await page.goto(server.url);
        await submitSignIn(page, OFFICER);
        await setPin(page);
        await page.locator('[data-commune-id="xa-e2e"]').waitFor(WAIT);
        await expectAccessible(page, 'police overview');
        await page.goto(`${server.url}/tong-hop/ho/${duc}`);
        await unlock(page);
        await page.getByRole('heading', { name: 'Nguyễn Văn Đức' }).waitFor(WAIT);
        await page.getByText('Chủ hộ đi làm xa, về cuối tuần').waitFor(WAIT);
        expect(await page.locator('a[href="tel:0912345678"]').count()).toBeGreaterThan(0);
        expect(await page.locator('a[href="tel:0987654321"]').count()).toBeGreaterThan(0);
        // The police view masks the number too; asked for, the server sends the whole one.
        const hanh = page.locator('[data-field="idNumber"]', { hasText: 'Trần Thị Hạnh' });
        expect(await hanh.locator('.id-number').textContent()).toBe('••• ••• ••2345');
        await hanh.getByRole('button', { name: 'Hiện Trần Thị Hạnh' }).click();
        await page.getByText('001 184 012345').waitFor(WAIT);
        await expectAccessible(page, 'police household');
      } finally {
        await police.close();
        await server.stop();
        server.dispose();
      }
    },
  );
});
