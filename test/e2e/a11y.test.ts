// Every screen of the app through axe-core in Chromium: no serious or critical violation, for the
// volunteer on a 360×640 phone and for the commune and the province police on that phone and on a
// 1280×800 PC.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isoDateInVietnam } from '../../src/domain/dates.ts';
import { launchChromium } from '../support/chromium.ts';
import { seriousA11yViolations, smallTargets } from './axe.ts';
import {
  adminToken,
  AppServer,
  MutationBatch,
  OFFICER,
  VOLUNTEER_2,
  addUser,
  api,
  builds,
  describeInChromium,
  pushAs,
  setPin,
  submitSignIn,
  unlock,
  VOLUNTEER,
} from './harness.ts';

const WAIT = { timeout: 15_000 };

interface Seeded {
  household: string;
  person: string;
  task: string;
  visit: string;
}

async function seed(server: AppServer): Promise<Seeded> {
  const batch = new MutationBatch();
  const household = batch.add('household', {
    villageId: 'thon-dong',
    headName: 'Nguyễn Văn Đức',
    address: 'Số 5, ngõ 2, Thôn Đông',
    householdCode: 'HGD-7',
    phone: '0912345678',
    note: 'Chủ hộ đi làm xa',
  });
  const person = batch.add('person', {
    householdId: household,
    fullName: 'Nguyễn Văn Đức',
    birthDate: '1980-05-01',
    gender: 'male',
    relation: 'head',
    idNumber: '001080012345',
    cccdStatus: 'none',
    vneidStatus: 'level1',
    phone: '0987654321',
    note: 'Hẹn chiều thứ bảy',
  });
  const task = batch.add('task', {
    householdId: household,
    personId: person,
    kind: 'wrong_info',
    note: 'Sai năm sinh',
    status: 'open',
  });
  const visit = batch.add('visit', { householdId: household, visitedOn: '2026-11-20', outcome: 'met' });
  await pushAs(server, VOLUNTEER_2, crypto.randomUUID(), batch);
  return { household, person, task, visit };
}

/**
 * Waits until the screen has settled, on signals rather than a fixed pause: nothing says it is still
 * loading ("Đang tải…", which every screen shows until its live query or fetch has answered), and then
 * the DOM has not changed for three animation frames in a row (a lazy chunk's or a query's answer
 * re-renders the screen; once they are in, nothing else changes it).
 */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.body.innerText.includes('Đang tải'), undefined, WAIT);
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        let quiet = 0;
        const observer = new MutationObserver(() => (quiet = 0));
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true,
          characterData: true,
        });
        const frame = () => {
          if (++quiet < 3) return void requestAnimationFrame(frame);
          observer.disconnect();
          done();
        };
        requestAnimationFrame(frame);
      }),
  );
}

/**
 * Opens `path` in the app (client-side, as a tap would), waits for `ready` and for the screen to
 * settle, runs axe and measures the controls: at least `minTarget` px each way.
 */
async function check(page: Page, path: string, ready: string, minTarget: number): Promise<string[]> {
  await page.evaluate((p) => {
    history.pushState(null, '', p);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await page.locator(ready).first().waitFor(WAIT);
  return checkShown(page, path, minTarget);
}

/** The screen shown now (`name` in the findings), once settled: axe, and the controls' size. */
async function checkShown(page: Page, name: string, minTarget: number): Promise<string[]> {
  await settled(page);
  const small = (await smallTargets(page, minTarget)).map((t) => `target under ${minTarget} px: ${t}`);
  return [...(await seriousA11yViolations(page)), ...small].map((v) => `${name}: ${v}`);
}

/** A province officer (issue 18): the province of one commune with one village. */
const OFFICER_TINH = { phone: '0944444449', password: 'e2e-tinh-9', name: 'Hoàng Văn Tỉnh' };

/** The campaign of the village (issue 17): its page is one of the police's screens. */
const CAMPAIGN = '5b7e0a52-8f3c-4d6e-9a1b-2c3d4e5f6a7b';

describeInChromium('accessibility of every screen (axe-core)', () => {
  let browser: Browser;
  let server: AppServer;
  let seeded: Seeded;
  beforeAll(async () => {
    browser = await launchChromium();
    server = new AppServer(builds().a);
    await server.start();
    await addUser(server, VOLUNTEER_2, 'volunteer', ['thon-dong']);
    await addUser(server, OFFICER, 'police', ['xa-e2e']);
    seeded = await seed(server);
    // Issue 18: a province with a commune and a village, and its police officer.
    const admin = await adminToken(server);
    await api(
      server,
      '/api/admin/areas',
      { id: 'tinh-e2e', kind: 'province', name: 'Tỉnh Thái Nguyên' },
      admin,
    );
    await api(
      server,
      '/api/admin/areas',
      { id: 'xa-tinh-e2e', kind: 'commune', name: 'Xã An Khánh', parentId: 'tinh-e2e' },
      admin,
    );
    await api(
      server,
      '/api/admin/areas',
      { id: 'thon-tinh-e2e', kind: 'village', name: 'Thôn Một', parentId: 'xa-tinh-e2e' },
      admin,
    );
    await addUser(server, OFFICER_TINH, 'police', ['tinh-e2e']);
    // A campaign of the village, so that "Việc cần làm" has its items (issue 17).
    const { token } = await api<{ token: string }>(server, '/api/auth/login', {
      ...OFFICER,
      deviceId: crypto.randomUUID(),
    });
    const today = isoDateInVietnam(Date.now());
    await api(
      server,
      '/api/campaigns',
      {
        id: CAMPAIGN,
        communeId: 'xa-e2e',
        name: 'VNeID mức 2',
        villageIds: ['thon-dong'],
        startsOn: today,
        dueOn: today,
        rule: { kind: 'vneid_level2' },
      },
      token,
    );
    // The day's snapshot ([G1]), so that the trends screen has its figures: the clock at 23:00 in Vietnam.
    server.clockOffsetMs = Date.parse(`${today}T16:00:30Z`) - Date.now();
    await server.takeSnapshots();
    server.clockOffsetMs = 0;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    server?.dispose();
  });

  it("the volunteer's screens at 360×640", { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      const found = [...(await seriousA11yViolations(page)).map((v) => `sign-in: ${v}`)];
      found.push(...(await check(page, '/thiet-lap', '#setup-code', 44)));
      await page.goto(server.url);
      await submitSignIn(page, VOLUNTEER);
      await page.getByRole('heading', { name: 'Đặt mã PIN', exact: true }).waitFor(WAIT);
      found.push(...(await checkShown(page, 'set PIN', 44)));
      await setPin(page);
      await page.getByRole('heading', { name: 'Danh sách hộ' }).waitFor(WAIT);
      await page.locator('.progress').waitFor(WAIT);
      const { household: h, person: p, task, visit } = seeded;
      const screens: [string, string][] = [
        ['/', 'a.row'],
        [`/ho/${h}`, '.member'],
        [`/ho/${h}/sua`, '#headName'],
        ['/ho/moi', '#headName'],
        [`/ho/${h}/nhan-khau/${p}`, '#fullName'],
        [`/ho/${h}/nhan-khau/moi`, '#fullName'],
        [`/ho/${h}/viec/${task}`, 'form'],
        [`/ho/${h}/viec/moi`, 'form'],
        [`/ho/${h}/lan-den/${visit}`, 'form'],
        [`/ho/${h}/lan-den/moi`, 'form'],
        // Either way of scanning, whichever shows (the hidden camera view may come first in the page).
        [`/ho/${h}/quet`, '.scan-ways:visible, .scan-view:visible'],
        [`/ho/${h}/xung-dot`, 'h1'],
        ['/xung-dot', 'h1'],
        ['/trang-thai', '.facts'],
        ['/cai-dat', '.lock-settings'],
        ['/viec-can-lam', '.campaign'],
        ['/khong-co-trang-nay', 'h1'],
      ];
      for (const [path, ready] of screens) found.push(...(await check(page, path, ready, 44)));
      // The next start asks for the PIN.
      await page.reload();
      await page.getByRole('heading', { name: 'Mở khoá Sổ 06', exact: true }).waitFor(WAIT);
      found.push(...(await checkShown(page, 'unlock', 44)));
      await unlock(page);
      expect(found).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each([
    ['phone', { width: 360, height: 640 }],
    ['PC', { width: 1280, height: 800 }],
  ])("the commune police's screens on a %s", { timeout: 60_000 }, async (_name, viewport) => {
    const context = await browser.newContext({ viewport, locale: 'vi-VN' });
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await submitSignIn(page, OFFICER);
      await setPin(page);
      await page.locator('[data-commune-id="xa-e2e"]').waitFor(WAIT);
      const found: string[] = [];
      const screens: [string, string][] = [
        ['/tong-hop', '[data-commune-id="xa-e2e"]'],
        ['/tong-hop/thon/thon-dong', '[data-village-id="thon-dong"] h1'],
        [`/tong-hop/ho/${seeded.household}`, '.review-household h1'],
        ['/tong-hop/xung-dot?xa=xa-e2e', 'h1'],
        ['/tong-hop/dot-ra-soat?xa=xa-e2e', '.campaign-card'],
        [`/tong-hop/dot-ra-soat/${CAMPAIGN}`, '.campaign-done'],
        ['/tong-hop/xu-huong?xa=xa-e2e', '.trend-table'],
        ['/tong-hop/vneid?xa=xa-e2e', 'main table'],
        ['/cai-dat', 'h1'],
        ['/quan-ly', '[data-volunteer-id]'],
        ['/quan-ly/thon', '[data-village-id]'],
        ['/quan-ly/dien-thoai', '.manage-table'],
        ['/quan-ly/nhap', 'input[type="file"]'],
        ['/quan-ly/nhat-ky', '.manage h2'],
        ['/quan-ly/phieu/thon-dong', '.setup-sheet h1'],
      ];
      for (const [path, ready] of screens)
        found.push(...(await check(page, path, ready, viewport.width < 600 ? 44 : 24)));
      expect(found).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each([
    ['phone', { width: 360, height: 640 }],
    ['PC', { width: 1280, height: 800 }],
  ])("the province police's screens on a %s", { timeout: 60_000 }, async (_name, viewport) => {
    const context = await browser.newContext({ viewport, locale: 'vi-VN' });
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await submitSignIn(page, OFFICER_TINH);
      await setPin(page);
      // A province officer starts on the province's communes.
      await page.locator('[data-province-id="tinh-e2e"] .province-table').waitFor(WAIT);
      const min = viewport.width < 600 ? 44 : 24;
      const found = await checkShown(page, '/tong-hop/tinh', min);
      const screens: [string, string][] = [
        ['/tong-hop?xa=xa-tinh-e2e', '[data-commune-id="xa-tinh-e2e"] .tally-table'],
        ['/tong-hop/tinh?tinh=tinh-e2e', '.quiet-commune-list'],
      ];
      for (const [path, ready] of screens) found.push(...(await check(page, path, ready, min)));
      expect(found).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
