// The commune police review end to end: the volunteers of two villages push a known data set (one of
// them four days ago, by the server's clock); the officer signs in on a 360 px screen and sees exactly
// the figures worked out by hand below; the CSV and XLSX downloads, read back, hold the same; the
// quiet phone is flagged; and after one online visit the overview opens with no network at all.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import readXlsxFile from 'read-excel-file/node';
import { expect, it } from 'vitest';
import { addYears, isoDateInVietnam } from '../../src/domain/dates.ts';
import {
  adminToken,
  api,
  AppServer,
  builds,
  describeInChromium,
  goOffline,
  MutationBatch,
  OFFICER,
  pushAs,
  setPin,
  submitSignIn,
  unlock,
  untilControlled,
  useChromium,
  VOLUNTEER,
} from './harness.ts';

const DAY = 86_400_000;
const VOLUNTEER_DOAI = { phone: '0922222222', password: 'e2e-doai-1', name: 'Phạm Văn Tuấn' };
const DEVICE_DONG = crypto.randomUUID();
const DEVICE_DOAI = crypto.randomUUID();

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
 * Thôn Đông (pushed now): H1 with a person born 1980 (card, VNeID 2), one who turns 14 today (card, no
 * VNeID) and one who turns 14 tomorrow (nothing: not counted among 14+), a met visit, an open task;
 * H2 with one adult (no card, VNeID level 1) and a "not home" visit; H3 added then deleted.
 * Thôn Đoài (pushed 4 days ago): H4 with two adults (card + VNeID pending; applied + none), a met
 * visit, one open and one done task.
 */
/** 12:00 in Vietnam on `day`: the tests' clocks stand there, half a day from either midnight. */
const noonOf = (day: string) => Date.parse(`${day}T12:00:00+07:00`);

function dataSet(today: string) {
  const dong = new MutationBatch();
  const h1 = dong.add('household', {
    villageId: 'thon-dong',
    headName: 'Nguyễn Văn Đức',
    address: 'Xóm 1, số 3, Thôn Đông',
    householdCode: '0012345',
    phone: '0912 345 678',
    note: 'Gọi trước khi đến.',
  });
  dong.add('person', {
    ...person(h1, 'Nguyễn Văn Đức', '1980-01-01', 'issued', 'level2_active'),
    idNumber: '001180012345',
    phone: '0987654321',
    note: 'Làm ca đêm.',
  });
  dong.add('person', person(h1, 'Nguyễn Thị Lan', addYears(today, -14), 'issued', 'none'));
  dong.add(
    'person',
    person(h1, 'Nguyễn Văn Nam', addYears(isoDateInVietnam(noonOf(today) + DAY), -14), 'none', 'none'),
  );
  dong.add('visit', { householdId: h1, visitedOn: today, outcome: 'met' });
  dong.add('task', { householdId: h1, kind: 'wrong_info', note: 'Sai năm sinh', status: 'open' });
  const h2 = dong.add('household', {
    villageId: 'thon-dong',
    headName: 'Lê Thị Hồng',
    address: 'Xóm 2, số 8',
  });
  dong.add('person', person(h2, 'Lê Thị Hồng', '1990-06-15', 'none', 'level1'));
  dong.add('visit', { householdId: h2, visitedOn: today, outcome: 'not_home' });
  const h3 = dong.add('household', { villageId: 'thon-dong', headName: 'Hộ đã xóa', address: 'Xóm 3' });
  dong.add('person', person(h3, 'Người đã xóa', '1970-01-01', 'issued', 'level2_active'));
  dong.remove('household', h3);

  const doai = new MutationBatch();
  const h4 = doai.add('household', {
    villageId: 'thon-doai',
    headName: 'Phạm Thị Mai',
    address: 'Xóm Bãi, số 1',
  });
  doai.add('person', person(h4, 'Phạm Thị Mai', '1970-03-03', 'issued', 'level2_pending'));
  doai.add('person', person(h4, 'Phạm Văn Hùng', '2000-09-09', 'applied', 'none'));
  doai.add('visit', { householdId: h4, visitedOn: today, outcome: 'met' });
  doai.add('task', { householdId: h4, kind: 'missing_id', note: '', status: 'open' });
  doai.add('task', { householdId: h4, kind: 'other', note: 'Đã xong', status: 'done' });
  return { dong, doai, h1, h2, h4 };
}

// [households, visited, persons, 14+, CCCD issued 14+, VNeID 2 14+, open tasks], worked out by hand.
const EXPECTED: Record<string, [string, number[]]> = {
  'thon-dong': ['Thôn Đông', [2, 1, 4, 3, 2, 1, 1]],
  'thon-doai': ['Thôn Đoài', [1, 1, 2, 2, 1, 0, 1]],
  'xa-e2e': ['Tổng cộng', [3, 2, 6, 5, 3, 1, 2]],
};
const COLUMNS = [
  'households',
  'householdsVisited',
  'persons',
  'persons14plus',
  'cccdIssued14plus',
  'vneidLevel2Active14plus',
  'openTasks',
];
// The overview on screen has no "persons" column: the figures it shows, by column.
const ON_SCREEN = COLUMNS.filter((c) => c !== 'persons');

async function shownFigures(page: Page, areaId: string): Promise<number[]> {
  const row = page.locator(`.tally-table tr[data-area-id="${areaId}"]`);
  return Promise.all(
    ON_SCREEN.map(async (c) =>
      Number(await row.locator(`td[data-column="${c}"]`).getAttribute('data-value')),
    ),
  );
}

const expectedOnScreen = (areaId: string) => EXPECTED[areaId]![1].filter((_, i) => COLUMNS[i] !== 'persons');

/** A spreadsheet's rows (CSV or XLSX) → the figures of each area's row, by the header's labels. */
function figuresFromSheet(rows: unknown[][]): Record<string, number[]> {
  const headerAt = rows.findIndex((r) => r[0] === 'Thôn');
  const header = rows[headerAt]!.map(String);
  const at = (label: string) => header.indexOf(label);
  const labels = [
    'Số hộ',
    'Hộ đã gặp',
    'Nhân khẩu',
    'Từ 14 tuổi',
    'Đã cấp CCCD',
    'VNeID mức 2',
    'Việc còn mở',
  ];
  for (const l of labels) if (at(l) < 0) throw new Error(`no column "${l}" in ${header.join(' | ')}`);
  const out: Record<string, number[]> = {};
  for (const r of rows.slice(headerAt + 1)) out[String(r[0])] = labels.map((l) => Number(r[at(l)]));
  return out;
}

describeInChromium('commune police review', () => {
  const browser = useChromium();

  it(
    'the officer sees the exact figures of two villages, exports them, sees the quiet phone, and reads them offline',
    { timeout: 90_000 },
    async () => {
      // Who is 14 today (one turns 14 today, one tomorrow) depends on the day: the server's clock and
      // the browser's start at noon of today in Vietnam and run on from there, so that no midnight
      // passes between the data set and the figures, whenever the test runs.
      const today = isoDateInVietnam(Date.now());
      const offset = noonOf(today) - Date.now();
      const server = new AppServer(builds().a);
      server.clockOffsetMs = offset;
      await server.start();
      const context = await browser().newContext({
        viewport: { width: 360, height: 640 },
        acceptDownloads: true,
      });
      await context.clock.install({ time: Date.now() + offset });
      try {
        const admin = await adminToken(server);
        await api(
          server,
          '/api/admin/areas',
          { id: 'thon-doai', kind: 'village', name: 'Thôn Đoài', parentId: 'xa-e2e' },
          admin,
        );
        await api(
          server,
          '/api/admin/users',
          { ...VOLUNTEER_DOAI, role: 'volunteer', areaIds: ['thon-doai'] },
          admin,
        );
        await api(server, '/api/admin/users', { ...OFFICER, role: 'police', areaIds: ['xa-e2e'] }, admin);

        const data = dataSet(today);
        // Thôn Đoài's phone last reached the server four days ago.
        server.clockOffsetMs = offset - 4 * DAY;
        await pushAs(server, VOLUNTEER_DOAI, DEVICE_DOAI, data.doai);
        server.clockOffsetMs = offset;
        await pushAs(server, VOLUNTEER, DEVICE_DONG, data.dong);

        const page = await context.newPage();
        await page.goto(server.url);
        await submitSignIn(page, OFFICER);
        await setPin(page);
        await page.getByRole('heading', { name: 'Tổng hợp số liệu' }).waitFor();
        await page.locator('.tally-table tfoot tr[data-area-id="xa-e2e"]').waitFor();

        for (const areaId of Object.keys(EXPECTED))
          expect(await shownFigures(page, areaId), areaId).toEqual(expectedOnScreen(areaId));
        expect(
          await page.locator('tr[data-area-id="thon-dong"] td[data-column="cccdIssued14plus"]').textContent(),
        ).toBe('2 (66,7%)');
        expect(await page.locator('tfoot td[data-column="vneidLevel2Active14plus"]').textContent()).toBe(
          '1 (20,0%)',
        );

        // The phone silent for 4 days stands out; the one that synced now does not.
        expect(await page.locator(`tr[data-device-id="${DEVICE_DOAI}"]`).getAttribute('data-quiet')).toBe(
          'true',
        );
        expect(await page.locator(`tr[data-device-id="${DEVICE_DONG}"]`).getAttribute('data-quiet')).toBe(
          'false',
        );
        expect(await page.locator(`tr[data-device-id="${DEVICE_DOAI}"]`).textContent()).toContain(
          'Quá 3 ngày chưa đồng bộ',
        );
        expect(await page.locator('.quiet-villages li[data-area-id="thon-doai"]').textContent()).toContain(
          '(4 ngày trước)',
        );
        // The table fits a 360 px screen: the page itself never scrolls sideways.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

        // The downloads, read back. (Once the service worker runs the app, as it does from the first
        // visit on: it keeps the export code it fetches, for an export offline later.)
        await untilControlled(page);
        const overview = page.getByRole('group', { name: 'Xuất bảng tổng hợp' });
        const [csvDownload] = await Promise.all([
          page.waitForEvent('download'),
          overview.getByRole('button', { name: 'CSV' }).click(),
        ]);
        const csvBytes = readFileSync((await csvDownload.path())!);
        expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const csvRows = Papa.parse<string[]>(csvBytes.subarray(3).toString('utf8')).data;
        // The header is the first row (Excel finds its columns); shares are whole percents.
        expect(csvRows[0]![0]).toBe('Thôn');
        const cccdShare = csvRows[0]!.indexOf('Tỷ lệ có CCCD (%, làm tròn xuống)');
        expect(csvRows.find((r) => r[0] === 'Thôn Đông')![cccdShare]).toBe('66%');
        const csv = figuresFromSheet(csvRows);
        const [xlsxDownload] = await Promise.all([
          page.waitForEvent('download'),
          overview.getByRole('button', { name: 'Excel' }).click(),
        ]);
        expect(xlsxDownload.suggestedFilename()).toMatch(
          /^so06-tong-hop-xa-hoa-binh-\d{4}-\d{2}-\d{2}\.xlsx$/,
        );
        const [sheet] = await readXlsxFile(readFileSync((await xlsxDownload.path())!));
        const xlsx = figuresFromSheet(sheet!.data as unknown[][]);
        for (const [name, figures] of Object.values(EXPECTED)) {
          expect(csv[name], `CSV ${name}`).toEqual(figures);
          expect(xlsx[name], `XLSX ${name}`).toEqual(figures);
        }

        // Drill-down: Thôn Đông's households with gaps, then one read-only.
        await page.getByRole('link', { name: 'Thôn Đông' }).first().click();
        await page.getByRole('heading', { name: 'Thôn Đông' }).waitFor();
        await page.locator('.gap-list li').first().waitFor();
        const gapIds = await page
          .locator('.gap-list li')
          .evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.householdId));
        expect(new Set(gapIds)).toEqual(new Set([data.h1, data.h2]));
        await page.locator(`.gap-list li[data-household-id="${data.h2}"] a`).click();
        await page.getByRole('heading', { name: 'Lê Thị Hồng' }).waitFor();
        expect(await page.locator('[data-person-id]').textContent()).toContain('Đủ 14 tuổi — cần làm thẻ');
        // What the volunteer wrote, the officer reads: the village named once, phones to call, notes,
        // the ID number masked until asked for, then grouped as on the card.
        await page.goto(`${server.url}/tong-hop/ho/${data.h1}`);
        await unlock(page);
        await page.getByRole('heading', { name: 'Nguyễn Văn Đức', level: 1 }).waitFor();
        expect(await page.locator('.review-household .lead').textContent()).toBe('Xóm 1, số 3 · Thôn Đông');
        expect(await page.getByRole('link', { name: '0912 345 678' }).getAttribute('href')).toBe(
          'tel:0912345678',
        );
        expect(await page.getByRole('link', { name: '0987654321' }).getAttribute('href')).toBe(
          'tel:0987654321',
        );
        expect(await page.locator('main').textContent()).toContain('Gọi trước khi đến.');
        expect(await page.locator('main').textContent()).toContain('Làm ca đêm.');
        const idNumber = page.locator('[data-field="idNumber"]').first().locator('.id-number');
        expect(await idNumber.textContent()).toBe('••• ••• ••2345');
        await page.getByRole('button', { name: 'Hiện Nguyễn Văn Đức' }).click();
        await page.locator('[data-field="idNumber"] .id-number', { hasText: '001 180 012345' }).waitFor();
        expect(await idNumber.textContent()).toBe('001 180 012345');

        // After this one online visit, the overview opens with no network at all.
        await goOffline(context, server);
        await page.goto(server.url + '/');
        await unlock(page);
        await page.locator('.tally-table tfoot tr[data-area-id="xa-e2e"]').waitFor();
        expect(await shownFigures(page, 'xa-e2e')).toEqual(expectedOnScreen('xa-e2e'));
        expect(await page.locator('.review .stale').textContent()).toContain('không có kết nối');
        expect(await page.locator('.as-of').textContent()).toMatch(
          /^Số liệu lúc \d\d:\d\d · \d\d\/\d\d\/\d{4}$/,
        );
        // The export code is not precached; used once online, the service worker kept it: the saved
        // overview still exports with no network.
        const [offlineCsv] = await Promise.all([
          page.waitForEvent('download'),
          page
            .getByRole('group', { name: 'Xuất bảng tổng hợp' })
            .getByRole('button', { name: 'CSV' })
            .click(),
        ]);
        const again = figuresFromSheet(
          Papa.parse<string[]>(
            readFileSync((await offlineCsv.path())!)
              .subarray(3)
              .toString('utf8'),
          ).data,
        );
        expect(again['Tổng cộng']).toEqual(EXPECTED['xa-e2e']![1]);
      } finally {
        await context.close();
        await server.stop();
        server.dispose();
      }
    },
  );
});
