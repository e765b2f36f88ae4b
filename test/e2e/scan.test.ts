// Scanning a CCCD card end to end: Chromium's fake camera plays a clip of a QR code made here from a
// card's payload; the app's own decode path (jsQR: Chromium on Linux has no BarcodeDetector) reads it.
// A new card fills the member form; the card of a member already in the household offers the update,
// lists what differs, and makes the "wrong information" task in one tap.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { fakeCameraArgs, writeQrClip } from '../support/fake-camera.ts';
import { AppServer, addHousehold, builds, describeInChromium, signIn } from './harness.ts';

// Invented people. A woman born in 1990 (gender/century digit 1) registered in Hà Nội (001).
const CARD = '001190012345|012345678|Nguyễn Thị Lan|15031990|Nữ|Số 5, ngõ 2, Thôn Đông, Xã Hòa Bình|10052021';
// The same ID number, as the notebook wrongly holds it: another name and birth date.
const SAME_ID_OTHER_NAME = '001190012345||Nguyễn Thị Lan Anh|15031990|Nữ|Số 5, ngõ 2|10052021';

describeInChromium('scanning a CCCD card (fake camera)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'so06-clip-'));
  const browsers: Browser[] = [];
  let server: AppServer;

  beforeAll(async () => {
    server = new AppServer(builds().a);
    await server.start();
  });
  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()));
    await server?.stop();
    server?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function phoneFilming(payload: string, name: string): Promise<Page> {
    const clip = writeQrClip(join(dir, `${name}.y4m`), payload);
    const browser = await launchChromium({ args: fakeCameraArgs(clip) });
    browsers.push(browser);
    const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
    await context.grantPermissions(['camera'], { origin: server.url });
    const page = await context.newPage();
    await page.goto(server.url);
    await signIn(page);
    return page;
  }

  async function scanFrom(page: Page): Promise<void> {
    await page.getByRole('link', { name: 'Quét thẻ CCCD' }).click();
    await page.getByRole('heading', { name: 'Quét mã QR trên thẻ CCCD' }).waitFor();
    await page.locator('[data-scan-result]').waitFor({ timeout: 20_000 });
    // Chromium on Linux has no BarcodeDetector: the JavaScript decoder read it.
    expect(await page.locator('[data-decoder]').getAttribute('data-decoder')).toBe('jsqr');
  }

  it('a new card fills the member form with the card’s values', { timeout: 60_000 }, async () => {
    const page = await phoneFilming(CARD, 'new');
    await addHousehold(page, 'Nguyễn Văn Đức', 'Số 5, ngõ 2');
    await scanFrom(page);
    await page.getByRole('button', { name: 'Thêm nhân khẩu theo thẻ' }).click();
    await page.getByLabel('Họ và tên').waitFor();
    expect(await page.getByLabel('Họ và tên').inputValue()).toBe('Nguyễn Thị Lan');
    expect(await page.getByLabel('Số định danh cá nhân (số CCCD)').inputValue()).toMatch(
      /^0011\s?9001\s?2345$/,
    );
    expect(await page.getByLabel('Ngày sinh').inputValue()).toBe('15/03/1990');
    expect(await page.getByLabel('Ngày cấp thẻ').inputValue()).toBe('10/05/2021');
    expect(await page.getByRole('radio', { name: 'Nữ' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Thẻ căn cước (CCCD)').inputValue()).toBe('issued');
    // The card's address is not stored unless the volunteer chose to.
    expect(await page.getByLabel('Ghi chú').inputValue()).toBe('');

    await page.getByLabel('Quan hệ với chủ hộ').selectOption('spouse');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.locator('.screen.household').waitFor();
    await page.getByText('Nguyễn Thị Lan').first().waitFor();
  });

  it(
    'the card of a member already in the household offers the update, lists the differences, and opens the task',
    { timeout: 60_000 },
    async () => {
      const page = await phoneFilming(SAME_ID_OTHER_NAME, 'known');
      await addHousehold(page, 'Nguyễn Văn Đức', 'Số 5, ngõ 2');
      // The notebook holds the member under the card's ID number, with another name and birth date.
      await page.getByRole('link', { name: '+ Thêm nhân khẩu' }).click();
      await page.getByLabel('Họ và tên').fill('Nguyễn Thị Lan');
      await page.getByLabel('Ngày sinh').fill('15/03/1991');
      await page.getByRole('radio', { name: 'Nữ' }).check();
      await page.getByLabel('Quan hệ với chủ hộ').selectOption('spouse');
      await page.getByLabel('Số định danh cá nhân (số CCCD)').fill('001190012345');
      await page.getByRole('button', { name: 'Lưu' }).click();
      await page.locator('.screen.household').waitFor();

      await scanFrom(page);
      await page.getByText('Người này đã có trong hộ').waitFor();
      const fields = await page
        .locator('li[data-diff-field]')
        .evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.diffField));
      expect(fields).toEqual(expect.arrayContaining(['fullName', 'birthDate']));
      const name = page.locator('li[data-diff-field="fullName"]');
      expect(await name.textContent()).toContain('Nguyễn Thị Lan Anh');
      expect(await page.getByRole('button', { name: 'Cập nhật theo thẻ' }).isVisible()).toBe(true);

      await name.getByRole('button', { name: 'Tạo việc: Sai thông tin' }).click();
      await page.getByRole('link', { name: 'Mở việc' }).click();
      await page.getByLabel('Loại việc').waitFor();
      expect(await page.getByLabel('Loại việc').inputValue()).toBe('wrong_info');
      expect(await page.getByLabel('Ghi chú').inputValue()).toContain('Nguyễn Thị Lan Anh');
    },
  );
});
