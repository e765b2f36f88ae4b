// A commune's first day, end to end (issue 15): the admin at the office PC makes a village and a
// volunteer, imports the village's list from an XLSX of 300 households with 5 broken rows (sees
// exactly those 5, fixes the file, imports), prints the set-up sheet; the volunteer's phone signs in
// by scanning its code with the camera (Chromium's fake camera playing the sheet's QR code) and finds
// the 300 households; the admin revokes the phone while it holds 3 edits made offline; back online,
// the 3 edits reach the server and the phone's notebook is empty, the sign-in screen saying why.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import writeXlsxFile, { type Row } from 'write-excel-file/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEMPLATE_COLUMNS } from '../../src/domain/import/columns.ts';
import { launchChromium } from '../support/chromium.ts';
import { fakeCameraArgs, writeQrClip } from '../support/fake-camera.ts';
import {
  ADMIN_LOGIN,
  AppServer,
  addHousehold,
  adminToken,
  builds,
  describeInChromium,
  setPin,
  signInAs,
  unlock,
  untilControlled,
} from './harness.ts';

const HOUSEHOLDS = 300;
/**
 * Spreadsheet rows (the header is row 1) broken in the first file, and what breaks them: spouses' rows
 * (odd), so that each problem is its own row's (a head's would hold back its household's other rows).
 */
const BROKEN: Record<number, Partial<Record<(typeof TEMPLATE_COLUMNS)[number], string>>> = {
  13: { 'Ngày sinh (dd/mm/yyyy)': '31/02/1980' },
  57: { 'Giới tính (Nam/Nữ)': 'Không rõ' },
  141: { 'Số định danh cá nhân': '12345' },
  233: { 'Họ và tên': '' },
  413: { 'Quan hệ với chủ hộ': 'Hàng xóm' },
};

/** The village list: each household its head and a spouse (600 rows), row 2 onwards. */
function listRows(broken: boolean): Row[] {
  const rows: Row[] = [TEMPLATE_COLUMNS.map((h) => ({ value: h, type: String }))];
  for (let h = 1; h <= HOUSEHOLDS; h++) {
    const head = `Phạm Văn Hộ ${h}`;
    const address = `Số ${h}, xóm Bắc`;
    const year = 1950 + (h % 40);
    const members = [
      {
        name: head,
        birth: `15/03/${year}`,
        gender: 'Nam',
        relation: 'Chủ hộ',
        id: `0010${String(year).slice(2)}${String(h).padStart(6, '0')}`,
      },
      { name: `Lê Thị Vợ ${h}`, birth: `20/07/${year + 2}`, gender: 'Nữ', relation: 'Vợ', id: '' },
    ];
    for (const m of members) {
      const values: Record<string, string> = {
        'Mã hộ': `HB-${h}`,
        'Họ tên chủ hộ': head,
        'Địa chỉ': address,
        'Họ và tên': m.name,
        'Ngày sinh (dd/mm/yyyy)': m.birth,
        'Giới tính (Nam/Nữ)': m.gender,
        'Quan hệ với chủ hộ': m.relation,
        'Số định danh cá nhân': m.id,
      };
      if (broken) Object.assign(values, BROKEN[rows.length + 1]);
      rows.push(TEMPLATE_COLUMNS.map((c) => (values[c] ? { value: values[c], type: String } : null)));
    }
  }
  return rows;
}

describeInChromium('a commune starts (admin on a PC, a phone set up by QR, revoked)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'so06-start-'));
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

  async function browser(args: string[] = []): Promise<Browser> {
    const b = await launchChromium({ args });
    browsers.push(b);
    return b;
  }

  async function upload(page: Page, broken: boolean): Promise<void> {
    const file = join(dir, broken ? 'thon-bac-loi.xlsx' : 'thon-bac.xlsx');
    await writeXlsxFile(listRows(broken)).toFile(file);
    await page.getByLabel('Nhập vào thôn').selectOption({ label: 'Thôn Bắc' });
    await page.getByLabel('Tệp danh sách (.xlsx hoặc .csv)').setInputFiles(file);
    await page.getByRole('button', { name: 'Kiểm tra' }).click();
    await page.getByText('Kết quả kiểm tra (chưa ghi gì)', { exact: false }).waitFor({ timeout: 60_000 });
  }

  it(
    'from the office PC to a phone set up by QR, and the phone revoked without losing an edit',
    { timeout: 240_000 },
    async () => {
      // 1. The admin at the PC: a village and its volunteer.
      const pc = await (
        await browser()
      ).newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
      const admin = await pc.newPage();
      await admin.goto(server.url);
      await signInAs(admin, ADMIN_LOGIN);
      await admin.getByRole('link', { name: 'Quản lý' }).click();
      await admin.getByRole('link', { name: 'Thôn', exact: true }).click();
      await admin.getByLabel('Tên thôn, tổ dân phố').fill('Thôn Bắc');
      await admin.getByRole('button', { name: 'Thêm thôn' }).click();
      await admin.locator('[data-village-id]', { hasText: 'Thôn Bắc' }).waitFor();
      await admin.getByRole('link', { name: 'Tình nguyện viên' }).click();
      await admin.getByLabel('Họ và tên').fill('Phạm Thị Thu');
      await admin.getByLabel('Số điện thoại').fill('0977 123 456');
      await admin.locator('.manage-form').getByRole('checkbox', { name: 'Thôn Bắc' }).check();
      await admin.getByRole('button', { name: 'Thêm tình nguyện viên' }).click();
      await admin.getByText('Đã thêm Phạm Thị Thu.').waitFor();

      // 2. The village's list: 5 broken rows shown, exactly those; the fixed file imported.
      await admin.getByRole('link', { name: 'Nhập danh sách hộ' }).click();
      await upload(admin, true);
      const problemRows = await admin
        .locator('[data-problem-row]')
        .evaluateAll((trs) => trs.map((tr) => Number((tr as HTMLElement).dataset.problemRow)));
      expect([...new Set(problemRows)]).toEqual(Object.keys(BROKEN).map(Number));
      await admin.getByRole('button', { name: 'Hủy' }).click();
      await upload(admin, false);
      expect(await admin.locator('[data-problem-row]').count()).toBe(0);
      await admin.getByRole('button', { name: `Nhập ${HOUSEHOLDS} hộ` }).click();
      await admin.getByText('Đã nhập xong').waitFor({ timeout: 60_000 });
      await admin.getByText(`Thêm ${HOUSEHOLDS} hộ, ${HOUSEHOLDS * 2} nhân khẩu mới.`).waitFor();

      // 3. The set-up sheet of Thôn Bắc, printed.
      await admin.getByRole('link', { name: 'Tình nguyện viên' }).click();
      await admin.getByRole('link', { name: 'Thôn Bắc' }).click();
      await admin.evaluate(() => (window.print = () => undefined));
      await admin.getByRole('button', { name: 'Tạo mã và in' }).click();
      const card = admin.locator('[data-setup-code]');
      await card.waitFor();
      expect(await card.count()).toBe(1);
      const code = (await card.getAttribute('data-setup-code'))!;
      expect(await card.textContent()).toContain('Phạm Thị Thu');

      // 4. The phone scans the sheet's QR code and finds the village's 300 households.
      const clip = writeQrClip(join(dir, 'setup.y4m'), `${server.url}/thiet-lap#${code}`);
      const phoneContext = await (
        await browser(fakeCameraArgs(clip))
      ).newContext({
        viewport: { width: 360, height: 640 },
        locale: 'vi-VN',
      });
      await phoneContext.grantPermissions(['camera'], { origin: server.url });
      const phone = await phoneContext.newPage();
      await phone.goto(server.url);
      await phone.getByRole('link', { name: 'Quét mã thiết lập' }).click();
      await setPin(phone);
      await phone.getByRole('heading', { name: 'Danh sách hộ' }).waitFor({ timeout: 30_000 });
      await phone.waitForFunction(
        (n) => document.querySelector('[data-total]')?.getAttribute('data-total') === String(n),
        HOUSEHOLDS,
        {
          timeout: 60_000,
        },
      );

      // 5. Offline in a lane (the app installed: its service worker serves every screen): 3 new
      //    households, waiting on the phone.
      await untilControlled(phone);
      await phoneContext.setOffline(true);
      await phoneContext.route('**/*', (route) => route.abort('internetdisconnected'));
      const made: string[] = [];
      for (const n of [1, 2, 3])
        made.push(await addHousehold(phone, `Hộ mới ${n}`, `Số ${400 + n}, xóm Bắc`));

      // 6. The admin revokes the phone: "chờ thu hồi" until it comes back.
      await admin.getByRole('link', { name: 'Tình nguyện viên' }).click(); // the sheet's way back
      await admin.getByRole('link', { name: 'Điện thoại' }).click();
      const row = admin.locator('tr', { hasText: 'Phạm Thị Thu' });
      await row.getByRole('button', { name: 'Thu hồi' }).click();
      await admin.getByRole('alertdialog').getByRole('button', { name: 'Thu hồi' }).click();
      await row.getByText('Chờ thu hồi').waitFor();

      // 7. Back online: the 3 edits reach the server, then the notebook is wiped.
      await phoneContext.unroute('**/*');
      await phoneContext.setOffline(false);
      await phone
        .getByText(/Máy này đã được thu hồi theo yêu cầu của Công an xã/)
        .waitFor({ timeout: 60_000 });
      const counts = await phone.evaluate(
        () =>
          new Promise<Record<string, number>>((done, fail) => {
            const open = indexedDB.open('so06');
            open.onerror = () => fail(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const names = ['households', 'persons', 'outbox'];
              const tx = db.transaction(names, 'readonly');
              const out: Record<string, number> = {};
              for (const name of names) {
                const r = tx.objectStore(name).count();
                r.onsuccess = () => (out[name] = r.result);
              }
              tx.oncomplete = () => {
                db.close();
                done(out);
              };
            };
          }),
      );
      expect(counts).toEqual({ households: 0, persons: 0, outbox: 0 });
      const token = await adminToken(server);
      for (const id of made) {
        const res = await fetch(`${server.url}/api/review/households/${id}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(res.status, `household ${id} on the server`).toBe(200);
      }
      await admin.reload();
      await unlock(admin);
      await row.getByText('Đã thu hồi').waitFor();
    },
  );
});
