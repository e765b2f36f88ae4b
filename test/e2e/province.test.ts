// The province police's screen end to end (issue 18): the admin makes a province with two communes (two
// villages each) through the admin API, a province police officer and a volunteer per village; three
// volunteers push households and persons, the fourth never signs in. The officer signs in in Chromium,
// lands on "Tổng hợp toàn tỉnh", sees both communes with exactly the figures the server's tallies give
// for the province (and the figures worked out by hand), the commune with the silent village named as
// quiet, and drills into a commune's overview with its villages, and back up; nothing the server refuses
// a province's police (managing, launching a campaign) is offered. With SO06_SCREENSHOTS=<dir>
// it also saves the screen at 1280×800 and 360×640 there, for a person to look at.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { isoDateInVietnam } from '../../src/domain/dates.ts';
import {
  adminToken,
  api,
  AppServer,
  builds,
  describeInChromium,
  MutationBatch,
  pushAs,
  setPin,
  submitSignIn,
  unlock,
  useChromium,
} from './harness.ts';

const PROVINCE = 'tinh-e2e';
const AN_KHANH = 'xa-an-khanh';
const BAC_SON = 'phuong-bac-son';
const OFFICER_TINH = { phone: '0944444440', password: 'e2e-tinh-1', name: 'Hoàng Văn Tỉnh' };
const VOLUNTEERS = {
  'thon-mot': { phone: '0944444441', password: 'e2e-mot-1', name: 'Lê Thị Một' },
  'thon-hai': { phone: '0944444442', password: 'e2e-hai-1', name: 'Lê Văn Hai' },
  'to-1': { phone: '0944444443', password: 'e2e-to1-1', name: 'Trần Thị Ba' },
  // Given Tổ dân phố 2, never signs in: its village is quiet.
  'to-2': { phone: '0944444444', password: 'e2e-to2-1', name: 'Trần Văn Bốn' },
};

const person = (householdId: string, fullName: string, birthDate: string, cccd: string, vneid: string) => ({
  householdId,
  fullName,
  birthDate,
  gender: 'female',
  relation: 'other',
  cccdStatus: cccd,
  vneidStatus: vneid,
});

/**
 * Xã An Khánh: Thôn Một, one household of two adults (card + VNeID 2; nothing), met, an open task;
 * Thôn Hai, one household of one adult (card, no VNeID). Phường Bắc Sơn: Tổ dân phố 1, two households
 * (two adults with card + VNeID 2 and a child; one adult who applied, VNeID level 1); Tổ dân phố 2
 * nothing (its volunteer never synced).
 */
function dataSet() {
  const mot = new MutationBatch();
  const h1 = mot.add('household', { villageId: 'thon-mot', headName: 'Nguyễn Văn An', address: 'Xóm 1' });
  mot.add('person', person(h1, 'Nguyễn Văn An', '1980-01-01', 'issued', 'level2_active'));
  mot.add('person', person(h1, 'Nguyễn Thị Bình', '1990-02-02', 'none', 'none'));
  mot.add('visit', { householdId: h1, visitedOn: isoDateInVietnam(Date.now()), outcome: 'met' });
  mot.add('task', { householdId: h1, kind: 'wrong_info', note: 'Sai năm sinh', status: 'open' });
  const hai = new MutationBatch();
  const h2 = hai.add('household', { villageId: 'thon-hai', headName: 'Phạm Thị Cúc', address: 'Xóm 2' });
  hai.add('person', person(h2, 'Phạm Thị Cúc', '1975-03-03', 'issued', 'none'));
  const to1 = new MutationBatch();
  const h3 = to1.add('household', { villageId: 'to-1', headName: 'Đỗ Văn Dũng', address: 'Số 3' });
  to1.add('person', person(h3, 'Đỗ Văn Dũng', '1960-04-04', 'issued', 'level2_active'));
  to1.add('person', person(h3, 'Đỗ Thị Em', '1985-05-05', 'issued', 'level2_active'));
  to1.add('person', person(h3, 'Đỗ Văn Gia', '2020-06-06', 'none', 'none'));
  const h4 = to1.add('household', { villageId: 'to-1', headName: 'Vũ Thị Hạnh', address: 'Số 4' });
  to1.add('person', person(h4, 'Vũ Thị Hạnh', '1970-07-07', 'applied', 'level1'));
  return { mot, hai, to1 };
}

// [households, met, 14+, CCCD 14+, VNeID 2 14+, open tasks], worked out by hand.
const BY_HAND: Record<string, number[]> = {
  [AN_KHANH]: [2, 1, 3, 2, 1, 1],
  [BAC_SON]: [2, 0, 3, 2, 2, 0],
  [PROVINCE]: [4, 1, 6, 4, 3, 1],
};
const COLUMNS = [
  'households',
  'householdsVisited',
  'persons14plus',
  'cccdIssued14plus',
  'vneidLevel2Active14plus',
  'openTasks',
] as const;

type TallyRow = Record<(typeof COLUMNS)[number], number> & { areaId: string; areaName: string };

async function get<T>(server: AppServer, path: string, token: string): Promise<T> {
  const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

async function shownFigures(page: Page, areaId: string): Promise<number[]> {
  const row = page.locator(`.province-table tr[data-area-id="${areaId}"]`);
  return Promise.all(
    COLUMNS.map(async (c) => Number(await row.locator(`td[data-column="${c}"]`).getAttribute('data-value'))),
  );
}

/** With SO06_SCREENSHOTS set: the whole page, as a person would scroll through it. */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SO06_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

describeInChromium('province police review', () => {
  const browser = useChromium();

  it(
    'the province officer lands on the province, sees both communes’ figures and the quiet one, and drills into a commune',
    { timeout: 90_000 },
    async () => {
      const server = new AppServer(builds().a);
      await server.start();
      const context = await browser().newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
      try {
        const admin = await adminToken(server);
        const area = (id: string, kind: string, name: string, parentId?: string) =>
          api(server, '/api/admin/areas', { id, kind, name, ...(parentId ? { parentId } : {}) }, admin);
        await area(PROVINCE, 'province', 'Tỉnh Thái Nguyên');
        await area(AN_KHANH, 'commune', 'Xã An Khánh', PROVINCE);
        await area('thon-mot', 'village', 'Thôn Một', AN_KHANH);
        await area('thon-hai', 'village', 'Thôn Hai', AN_KHANH);
        await area(BAC_SON, 'commune', 'Phường Bắc Sơn', PROVINCE);
        await area('to-1', 'village', 'Tổ dân phố 1', BAC_SON);
        await area('to-2', 'village', 'Tổ dân phố 2', BAC_SON);
        for (const [village, user] of Object.entries(VOLUNTEERS))
          await api(server, '/api/admin/users', { ...user, role: 'volunteer', areaIds: [village] }, admin);
        await api(
          server,
          '/api/admin/users',
          { ...OFFICER_TINH, role: 'police', areaIds: [PROVINCE] },
          admin,
        );

        const data = dataSet();
        await pushAs(server, VOLUNTEERS['thon-mot'], crypto.randomUUID(), data.mot);
        await pushAs(server, VOLUNTEERS['thon-hai'], crypto.randomUUID(), data.hai);
        await pushAs(server, VOLUNTEERS['to-1'], crypto.randomUUID(), data.to1);

        // What the server says of the province, asked as the officer.
        const { token } = await api<{ token: string }>(server, '/api/auth/login', {
          ...OFFICER_TINH,
          deviceId: crypto.randomUUID(),
        });
        const tallies = await get<{ rows: TallyRow[]; total: TallyRow }>(
          server,
          `/api/tallies?areaId=${PROVINCE}`,
          token,
        );
        expect(tallies.rows.map((r) => r.areaId).sort()).toEqual([AN_KHANH, BAC_SON].sort());
        for (const row of [...tallies.rows, tallies.total])
          expect(
            COLUMNS.map((c) => row[c]),
            row.areaId,
          ).toEqual(BY_HAND[row.areaId]);

        const page = await context.newPage();
        await page.goto(server.url);
        await submitSignIn(page, OFFICER_TINH);
        await setPin(page);
        // The province officer's start is the province, not a commune.
        await page.getByRole('heading', { name: 'Tổng hợp toàn tỉnh' }).waitFor();
        await page.locator(`.province-table tfoot tr[data-area-id="${PROVINCE}"]`).waitFor();
        expect(new URL(page.url()).pathname).toBe('/tong-hop/tinh');

        // Both communes, each figure as the tallies give it; the furthest behind (VNeID level 2:
        // An Khánh 1 of 3, Bắc Sơn 2 of 3) first.
        for (const row of [...tallies.rows, tallies.total])
          expect(await shownFigures(page, row.areaId), row.areaId).toEqual(COLUMNS.map((c) => row[c]));
        expect(
          await page
            .locator('.province-table tbody tr')
            .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.areaId)),
        ).toEqual([AN_KHANH, BAC_SON]);
        expect(
          await page
            .locator(`tr[data-area-id="${AN_KHANH}"] td[data-column="vneidLevel2Active14plus"]`)
            .textContent(),
        ).toBe('1 (33,3%)');
        expect(await page.locator('tfoot td[data-column="cccdIssued14plus"]').textContent()).toBe(
          '4 (66,7%)',
        );

        // Tổ dân phố 2's volunteer never synced: Bắc Sơn is named, An Khánh is not.
        const quiet = page.locator('.quiet-commune-list li');
        expect(await quiet.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.areaId))).toEqual(
          [BAC_SON],
        );
        expect(await quiet.first().textContent()).toContain('1/2 thôn im lặng');
        expect(
          await page.locator(`tr[data-area-id="${BAC_SON}"] td[data-column="quietVillages"]`).textContent(),
        ).toBe('1');
        expect(
          await page.locator(`tr[data-area-id="${AN_KHANH}"] td[data-column="quietVillages"]`).textContent(),
        ).toBe('0');
        await screenshot(page, 'province-1280x800');

        // On a phone: cards, nothing wider than the screen.
        await page.setViewportSize({ width: 360, height: 640 });
        await page.locator('#province-sort').waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
        await screenshot(page, 'province-360x640');
        await page.setViewportSize({ width: 1280, height: 800 });

        // Into a commune: its overview, its villages; and back up to the province.
        await page.locator('.province-table').getByRole('link', { name: 'Xã An Khánh' }).click();
        await page.getByRole('heading', { name: 'Tổng hợp số liệu' }).waitFor();
        await page.locator(`.tally-table tfoot tr[data-area-id="${AN_KHANH}"]`).waitFor();
        expect(new URL(page.url()).search).toBe(`?xa=${AN_KHANH}`);
        expect(
          await page
            .locator('.tally-table tbody tr')
            .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.areaId).sort()),
        ).toEqual(['thon-hai', 'thon-mot']);
        const mot = page.locator('.tally-table tr[data-area-id="thon-mot"]');
        expect(await mot.locator('td[data-column="households"]').getAttribute('data-value')).toBe('1');
        expect(await mot.locator('td[data-column="cccdIssued14plus"]').textContent()).toBe('1 (50,0%)');
        await page.setViewportSize({ width: 360, height: 640 });
        await screenshot(page, 'commune-under-province-360x640');
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.getByRole('link', { name: 'Toàn tỉnh Thái Nguyên' }).click();
        await page.locator(`.province-table tfoot tr[data-area-id="${PROVINCE}"]`).waitFor();
        expect(new URL(page.url()).search).toBe(`?tinh=${PROVINCE}`);

        // Least privilege ([A4], [M1]): nothing the server refuses a province's police is offered. No
        // "Quản lý" in the header; a commune's campaigns are read, with no "Tạo đợt rà soát".
        expect(await page.getByRole('link', { name: 'Quản lý' }).count()).toBe(0);
        await page.locator('.province-table').getByRole('link', { name: 'Xã An Khánh' }).click();
        await page.getByRole('link', { name: 'Đợt rà soát' }).click();
        await page.getByText('Xã chưa có đợt rà soát nào.').waitFor();
        await page.getByText('Đợt rà soát của xã do Công an xã tạo và kết thúc.', { exact: false }).waitFor();
        expect(await page.getByRole('button', { name: 'Tạo đợt rà soát' }).count()).toBe(0);
        // "Quản lý" typed as an address: the reason in words, and the way back to the province.
        await page.goto(`${server.url}/quan-ly`);
        await unlock(page);
        await page
          .getByText('Tài khoản cấp tỉnh xem số liệu của các xã trong tỉnh', { exact: false })
          .waitFor();
        await page.getByRole('link', { name: 'Về Tổng hợp toàn tỉnh' }).click();
        await page.locator(`.province-table tfoot tr[data-area-id="${PROVINCE}"]`).waitFor();
      } finally {
        await context.close();
        await server.stop();
        server.dispose();
      }
    },
  );
});
