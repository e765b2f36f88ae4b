// Screenshots of the main screens for docs/screens/, so that the next change to a screen can be
// compared with this one: the real server on a fresh embedded database with the demo commune, the
// volunteer of Thôn Đông on a 360×640 phone, the commune police on that phone and on a 1280×800 PC.
//
//   npx tsx scripts/screens.ts [folder]        (default docs/screens; builds the app when dist/ is missing)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer } from '../src/server/app-server.ts';
import { DEMO_LOGINS } from '../src/server/demo-seed.ts';
import { addPlatformAuthenticator, launchChromium } from '../test/support/chromium.ts';

const out = process.argv[2] ?? 'docs/screens';
const PHONE = { width: 360, height: 640 };
const PC = { width: 1280, height: 800 };

async function main(): Promise<void> {
  if (!existsSync('dist/index.html')) execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  mkdirSync(out, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'so06-screens-'));
  // The day's snapshot at start ([G2]: due since 00:00), so that the trends have their point of today.
  const server = await startServer({
    port: 0,
    dataDir,
    seedDemo: true,
    logLevel: 'silent',
    snapshotTime: '00:00',
  });
  const browser = await launchChromium();
  try {
    const volunteer = DEMO_LOGINS.find((l) => l.role === 'volunteer')!;
    const police = DEMO_LOGINS.find((l) => l.role === 'police')!;
    await launchDemoCampaign(server.url, police);
    await volunteerScreens(browser, server.url, volunteer);
    await lockSettingsScreens(browser, server.url, volunteer, PHONE, '360');
    await lockSettingsScreens(browser, server.url, volunteer, PC, 'pc');
    await policeScreens(browser, server.url, police, PHONE, 'phone');
    await policeScreens(browser, server.url, police, PC, 'pc');
    await manageScreens(browser, server.url, police, PHONE, 'phone');
    await manageScreens(browser, server.url, police, PC, 'pc');
    const provincePolice = DEMO_LOGINS.find((l) => l.role === 'police' && l !== police)!;
    await provinceScreens(browser, server.url, provincePolice, PHONE, 'phone');
    await provinceScreens(browser, server.url, provincePolice, PC, 'pc');
    await setupScreens(browser, server.url);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A campaign of the demo commune, launched by its police through the API ([C3]), for the work list. */
async function launchDemoCampaign(url: string, police: { phone: string; password: string }) {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const { token } = (await post('/api/auth/login', { ...police, deviceId: crypto.randomUUID() })) as {
    token: string;
  };
  const areas = (await (
    await fetch(`${url}/api/areas`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as {
    areas: { id: string; kind: string }[];
  };
  const commune = areas.areas.find((a) => a.kind === 'commune')!.id;
  const villages = areas.areas.filter((a) => a.kind === 'village').map((a) => a.id);
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const due = new Date(Date.now() + 7 * 3_600_000 + 30 * 86_400_000).toISOString().slice(0, 10);
  for (const [name, rule] of [
    ['Rà soát người đủ 14 tuổi', { kind: 'card_at_14' }],
    ['VNeID mức 2 cho người cao tuổi', { kind: 'vneid_level2', elderlyOnly: true }],
  ] as const)
    await post(
      '/api/campaigns',
      {
        id: crypto.randomUUID(),
        communeId: commune,
        name,
        villageIds: villages,
        startsOn: today,
        dueOn: due,
        rule,
      },
      token,
    );
}

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  // Let lazy screens and live queries settle before the picture.
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage });
  console.log(`${out}/${name}.png`);
}

const PIN = '482915';

/** Signs in, then sets the PIN the first start asks for (`shots`: the PIN screen's picture first). */
async function signIn(page: Page, login: { phone: string; password: string }, shots?: string): Promise<void> {
  await page.getByLabel('Số điện thoại').fill(login.phone);
  await page.getByLabel('Mật khẩu').fill(login.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const heading = page.getByRole('heading', { name: 'Đặt mã PIN' });
  await heading.waitFor();
  await page.getByLabel('Mã PIN (6 chữ số)', { exact: true }).fill(PIN);
  await page.getByLabel('Nhập lại mã PIN', { exact: true }).fill('123456');
  if (shots) {
    await page.getByRole('button', { name: 'Đặt mã PIN' }).click();
    await shot(page, `${shots}-pin-setup`, true);
  }
  await page.getByLabel('Nhập lại mã PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Đặt mã PIN' }).click();
  await heading.waitFor({ state: 'detached' });
}

/** Every later start asks for the PIN (`shot`: the lock screen's picture first). */
async function unlock(page: Page, name?: string): Promise<void> {
  await page.getByRole('heading', { name: 'Mở khoá Sổ 06' }).waitFor();
  if (name) await shot(page, name, true);
  await page.getByLabel('Mã PIN (6 chữ số)', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Mở khoá' }).click();
  await page.getByRole('heading', { name: 'Mở khoá Sổ 06' }).waitFor({ state: 'detached' });
}

/** A new browser context at `viewport` with the app open and `login` signed in (its PIN set). */
async function signedIn(
  browser: Browser,
  url: string,
  login: { phone: string; password: string },
  viewport: { width: number; height: number },
  shots?: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(url);
  await signIn(page, login, shots);
  return { context, page };
}

/** The page at `path`, unlocked (every load of the app asks for the PIN), once `ready` is on it. */
async function openScreen(page: Page, url: string, path: string, ready: string): Promise<void> {
  await page.goto(url + path);
  await unlock(page);
  await page.locator(ready).first().waitFor();
}

async function volunteerScreens(
  browser: Browser,
  url: string,
  login: { phone: string; password: string },
): Promise<void> {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(url);
  await signIn(page, login, 'volunteer-360');
  await page.getByRole('heading', { name: 'Danh sách hộ' }).waitFor();
  await page.locator('a.row').first().waitFor();
  await shot(page, 'volunteer-list-360');
  await page.locator('a.row').first().click();
  await page.locator('.screen.household[data-household-id]').waitFor();
  await shot(page, 'volunteer-household-360');
  await shot(page, 'volunteer-household-360-full', true);
  // A tap at the gate: the card ticked, its confirmation in sight.
  const tick = page.locator('.check-actions .button').first();
  if (await tick.count()) {
    await tick.click();
    await page.locator('.toast').waitFor();
    await shot(page, 'volunteer-household-tapped-360');
  }
  await page.goto(url + '/viec-can-lam');
  await unlock(page, 'volunteer-unlock-360');
  await page.locator('.campaign').first().waitFor();
  await shot(page, 'volunteer-work-list-360');
  await shot(page, 'volunteer-work-list-360-full', true);
  await page.goto(url + '/trang-thai');
  await unlock(page);
  await page.locator('.status-screen').waitFor();
  await shot(page, 'volunteer-status-360');
  // A lane without signal: the browser offline and every request cut, the service worker's too.
  await context.setOffline(true);
  await context.route('**/*', (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Đồng bộ ngay' }).first().click();
  await page.locator('.notice.calm').waitFor();
  await shot(page, 'volunteer-status-offline-360');
  await page.locator('a.brand').click();
  await page.locator('a.row').first().waitFor();
  await shot(page, 'volunteer-list-offline-360');
  await context.close();
}

/**
 * The settings' lock section and the fingerprint, with Chromium's virtual platform authenticator (PRF)
 * standing in for the phone's; WebAuthn wants a host name, not an IP address.
 */
async function lockSettingsScreens(
  browser: Browser,
  url: string,
  login: { phone: string; password: string },
  viewport: { width: number; height: number },
  label: string,
): Promise<void> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'vi-VN' });
  const page = await context.newPage();
  await addPlatformAuthenticator(context, page);
  await page.goto(url.replace('127.0.0.1', 'localhost') + '/cai-dat');
  await signIn(page, login);
  await page.getByRole('heading', { name: 'Khoá sổ' }).waitFor();
  await page.getByRole('button', { name: 'Đổi mã PIN' }).click();
  await shot(page, `settings-lock-${label}`, true);
  await page.getByRole('button', { name: 'Huỷ' }).click();
  await page.getByRole('button', { name: 'Bật mở bằng vân tay' }).click();
  await page.getByLabel('Nhập mã PIN để bật').fill(PIN);
  await page.getByRole('button', { name: 'Bật mở bằng vân tay' }).click();
  await page.getByText('Đã bật: lần sau có thể mở sổ bằng vân tay.').waitFor();
  await shot(page, `settings-fingerprint-on-${label}`, true);
  await page.getByRole('button', { name: 'Khoá ngay' }).click();
  await page.getByRole('button', { name: 'Mở bằng vân tay' }).waitFor();
  await shot(page, `unlock-fingerprint-${label}`, true);
  await context.close();
}

async function policeScreens(
  browser: Browser,
  url: string,
  login: { phone: string; password: string },
  viewport: { width: number; height: number },
  label: string,
): Promise<void> {
  const { context, page } = await signedIn(browser, url, login, viewport, `police-${label}`);
  await page.locator('.review').first().waitFor();
  await page.getByText('Thôn Đông').first().waitFor();
  await shot(page, `police-overview-${label}`);
  // The exports, "Xuất đầy đủ số định danh" ticked: the note that the trail records it.
  await page.getByLabel('Xuất đầy đủ số định danh').check();
  await page.locator('.review-export').first().scrollIntoViewIfNeeded();
  await shot(page, `police-export-${label}`);
  await page.getByLabel('Xuất đầy đủ số định danh').uncheck();
  await page.getByRole('link', { name: 'Thôn Đông' }).first().click();
  await page.waitForURL(/thon-dong/);
  await page.locator('main a[href*="/tong-hop/ho/"]').first().waitFor();
  await shot(page, `police-village-${label}`);
  await page.locator('main a[href*="/tong-hop/ho/"]').first().click();
  await page.locator('main h1').waitFor();
  await shot(page, `police-household-${label}`);
  // An ID number asked for: the whole number, from the server (which records who asked).
  const reveal = page.locator('.id-reveal').first();
  if (await reveal.count()) {
    await reveal.click();
    await page.getByRole('button', { name: /^Ẩn/ }).first().waitFor();
    await shot(page, `police-household-revealed-${label}`);
  }
  // Issue 17: the campaigns, one campaign's page, the trends and targets, the VNeID funnel.
  await openScreen(page, url, '/tong-hop/dot-ra-soat', '.campaign-card');
  await shot(page, `police-campaigns-${label}`, true);
  await page.locator('.campaign-card a').first().click();
  await page.locator('.campaign-done').waitFor();
  await shot(page, `police-campaign-${label}`, true);
  await openScreen(page, url, '/tong-hop/xu-huong', '.trend-table');
  await shot(page, `police-trends-${label}`, true);
  await openScreen(page, url, '/tong-hop/vneid', 'main table');
  await shot(page, `police-funnel-${label}`, true);
  await context.close();
}

/**
 * The province police (issue 18): their landing, the province's communes; a commune's campaigns and
 * targets read but not directed (no launch, no target form), and the management screens refused in
 * words.
 */
async function provinceScreens(
  browser: Browser,
  url: string,
  login: { phone: string; password: string },
  viewport: { width: number; height: number },
  label: string,
): Promise<void> {
  const { context, page } = await signedIn(browser, url, login, viewport);
  await page.waitForURL(/tong-hop\/tinh/);
  await page.getByText('Xã Hòa Bình').first().waitFor();
  await shot(page, `province-${label}`, true);
  await openScreen(page, url, '/tong-hop/dot-ra-soat', '.campaign-card');
  await shot(page, `province-campaigns-${label}`, true);
  await openScreen(page, url, '/tong-hop/xu-huong', '.trend-table');
  await shot(page, `province-trends-${label}`, true);
  await page.goto(url + '/quan-ly');
  await unlock(page);
  await page
    .getByRole('link', { name: /Tổng hợp toàn tỉnh/ })
    .first()
    .waitFor();
  await shot(page, `province-manage-${label}`);
  await context.close();
}

/** The commune's management screens, as the commune police use them at the office or on a phone. */
async function manageScreens(
  browser: Browser,
  url: string,
  login: { phone: string; password: string },
  viewport: { width: number; height: number },
  label: string,
): Promise<void> {
  const { context, page } = await signedIn(browser, url, login, viewport);
  await page.locator('.review').first().waitFor();
  await page.getByRole('link', { name: 'Quản lý' }).click();
  await page.locator('[data-volunteer-id]').first().waitFor();
  await shot(page, `manage-volunteers-${label}`);
  await page.getByRole('button', { name: 'Mã thiết lập máy' }).first().click();
  await page.locator('.setup-code-card').waitFor();
  await shot(page, `manage-setup-code-${label}`);
  await page.getByRole('link', { name: 'Thôn', exact: true }).click();
  await page.locator('[data-village-id]').first().waitFor();
  await shot(page, `manage-villages-${label}`);
  await page.getByRole('link', { name: 'Điện thoại' }).click();
  await page.locator('.manage-table, .manage h2 + p').first().waitFor();
  await shot(page, `manage-devices-${label}`);
  await page.getByRole('link', { name: 'Nhật ký' }).click();
  await page.locator('.manage-audit').waitFor();
  await shot(page, `manage-audit-${label}`);
  // A village head's list with a title, a broken date and an ID number held elsewhere: checked, not written.
  await page.getByRole('link', { name: 'Nhập danh sách hộ' }).click();
  const list = join(mkdtempSync(join(tmpdir(), 'so06-list-')), 'thon-moi.csv');
  writeFileSync(
    list,
    [
      'DANH SÁCH HỘ GIA ĐÌNH,,,,,,,',
      'STT,Họ tên chủ hộ,Địa chỉ,Họ và tên,Ngày sinh,Giới tính,Quan hệ với chủ hộ,Số định danh',
      '1,Đỗ Văn Hải,"Số 9, xóm Mới",Đỗ Văn Hải,12/03/1970,Nam,Chủ hộ,',
      '2,Đỗ Văn Hải,"Số 9, xóm Mới",Ngô Thị Hằng,31/02/1972,Nữ,Vợ,',
      '3,Đỗ Văn Hải,"Số 9, xóm Mới",Đỗ Minh Khang,05/06/2012,Nam,Con,',
    ].join('\r\n'),
  );
  await page.getByLabel('Tệp danh sách (.xlsx hoặc .csv)').setInputFiles(list);
  await page.getByRole('button', { name: 'Kiểm tra' }).waitFor();
  await shot(page, `manage-import-mapping-${label}`, true);
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.locator('.import-summary').waitFor();
  await shot(page, `manage-import-checked-${label}`, true);
  if (label === 'pc') {
    await page.evaluate(() => (window.print = () => undefined));
    await page.goto(`${url}/quan-ly/phieu/thon-dong`);
    await unlock(page);
    await page.evaluate(() => (window.print = () => undefined));
    await page.getByRole('button', { name: 'Tạo mã và in' }).click();
    await page.locator('.setup-sheet-grid li').first().waitFor();
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'manage-setup-sheet-print', true);
    await page.emulateMedia({ media: 'screen' });
  }
  await context.close();
}

/** A new phone's first screens: the sign-in with its set-up ways, and the set-up by code. */
async function setupScreens(browser: Browser, url: string): Promise<void> {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await shot(page, 'sign-in-360', true);
  await page.getByRole('link', { name: 'Nhập mã' }).click();
  await page.getByRole('heading', { name: 'Thiết lập máy bằng mã' }).waitFor();
  await page.getByLabel('Mã thiết lập').fill('ABCD-2345');
  await page.getByRole('button', { name: 'Đăng nhập bằng mã' }).click();
  await page.getByRole('alert').waitFor();
  await shot(page, 'setup-code-wrong-360', true);
  await context.close();
}

await main();
