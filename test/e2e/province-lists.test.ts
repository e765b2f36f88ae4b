// A province's lists as streamed CSV files, end to end (issue 18): the admin makes a province with two
// communes, a province police officer and a volunteer per village; the volunteers push households
// with gaps. The officer signs in in Chromium, and on "Tổng hợp toàn tỉnh" downloads "Tải danh sách hộ
// còn thiếu (CSV)" and "Tải danh sách người còn thiếu (CSV)": once where the browser offers a save
// dialog (here a file of the origin's private file system stands for the one the officer picks, so
// that the test reads what was written chunk by chunk), once where it does not (gathered, then the
// browser's own download). Each file is the server's list, after a BOM and the Vietnamese header, and
// the token never appears in an address.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { expect, it } from 'vitest';
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
  useChromium,
} from './harness.ts';

const PROVINCE = 'tinh-tai-ve';
const OFFICER_TINH = { phone: '0955555550', password: 'e2e-tinh-2', name: 'Hoàng Văn Tải' };
const VOLUNTEERS = {
  'thon-mot-tv': { phone: '0955555551', password: 'e2e-mot-2', name: 'Lê Thị Một' },
  'to-1-tv': { phone: '0955555552', password: 'e2e-to1-2', name: 'Trần Thị Ba' },
};

const person = (
  householdId: string,
  fullName: string,
  birthDate: string,
  cccd: string,
  idNumber?: string,
) => ({
  householdId,
  fullName,
  birthDate,
  gender: 'female',
  relation: 'head',
  cccdStatus: cccd,
  vneidStatus: 'none',
  ...(idNumber ? { idNumber } : {}),
});

async function get<T>(server: AppServer, path: string, token: string): Promise<T> {
  const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** A CSV's rows after its BOM (which must be there), without the empty one after the last CRLF. */
function rowsOf(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows = Papa.parse<string[]>(text.slice(1), { delimiter: ',' }).data;
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

describeInChromium('a province’s lists as streamed CSV files', () => {
  const browser = useChromium();

  it(
    'the province officer downloads the households and persons with gaps, to a picked file and without one',
    { timeout: 120_000 },
    async () => {
      const server = new AppServer(builds().a);
      await server.start();
      const context = await browser().newContext({
        viewport: { width: 1280, height: 800 },
        locale: 'vi-VN',
        acceptDownloads: true,
      });
      try {
        const admin = await adminToken(server);
        const area = (id: string, kind: string, name: string, parentId?: string) =>
          api(server, '/api/admin/areas', { id, kind, name, ...(parentId ? { parentId } : {}) }, admin);
        await area(PROVINCE, 'province', 'Tỉnh Tải Về');
        await area('xa-mot-tv', 'commune', 'Xã Một', PROVINCE);
        await area('thon-mot-tv', 'village', 'Thôn Một', 'xa-mot-tv');
        await area('phuong-hai-tv', 'commune', 'Phường Hai', PROVINCE);
        await area('to-1-tv', 'village', 'Tổ dân phố 1', 'phuong-hai-tv');
        for (const [village, user] of Object.entries(VOLUNTEERS))
          await api(server, '/api/admin/users', { ...user, role: 'volunteer', areaIds: [village] }, admin);
        await api(
          server,
          '/api/admin/users',
          { ...OFFICER_TINH, role: 'police', areaIds: [PROVINCE] },
          admin,
        );

        const mot = new MutationBatch();
        for (let i = 1; i <= 30; i++) {
          const h = mot.add('household', {
            villageId: 'thon-mot-tv',
            headName: `Nguyễn Văn ${i}`,
            address: `Số ${i}, xóm Chùa`,
          });
          mot.add(
            'person',
            person(h, `Nguyễn Văn ${i}`, '1980-01-01', 'none', `0340800${String(10000 + i)}`),
          );
        }
        const to1 = new MutationBatch();
        const h = to1.add('household', {
          villageId: 'to-1-tv',
          headName: 'Đỗ Văn Dũng',
          address: 'Số 3, "Khu A"',
          householdCode: '0012345',
        });
        to1.add('person', person(h, 'Đỗ Văn Dũng', '1960-04-04', 'applied'));
        await pushAs(server, VOLUNTEERS['thon-mot-tv'], crypto.randomUUID(), mot);
        await pushAs(server, VOLUNTEERS['to-1-tv'], crypto.randomUUID(), to1);

        // The server's list, page by page, as the officer.
        const { token } = await api<{ token: string }>(server, '/api/auth/login', {
          ...OFFICER_TINH,
          deviceId: crypto.randomUUID(),
        });
        const gaps: { headName: string; address: string }[] = [];
        let cursor: string | null = null;
        do {
          const page: { households: { headName: string; address: string }[]; nextCursor: string | null } =
            await get(
              server,
              `/api/review/gaps?areaId=${PROVINCE}&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
              token,
            );
          gaps.push(...page.households);
          cursor = page.nextCursor;
        } while (cursor);
        expect(gaps).toHaveLength(31);

        const page = await context.newPage();
        const requests: { url: string; auth: string | undefined }[] = [];
        page.on('request', (r) => requests.push({ url: r.url(), auth: r.headers().authorization }));
        // A save dialog the test can read back: a file of the origin's private file system.
        await page.addInitScript(() => {
          Object.assign(window, {
            showSaveFilePicker: async (options: { suggestedName: string }) => {
              const dir = await navigator.storage.getDirectory();
              return dir.getFileHandle(options.suggestedName, { create: true });
            },
          });
        });
        await page.goto(server.url);
        await submitSignIn(page, OFFICER_TINH);
        await setPin(page);
        await page.getByRole('heading', { name: 'Danh sách toàn tỉnh' }).waitFor();

        await page.getByRole('button', { name: 'Tải danh sách hộ còn thiếu (CSV)' }).click();
        await page.getByText(/^Đã lưu tệp so06-ho-con-thieu-tinh-tai-ve-\d{4}-\d{2}-\d{2}\.csv/).waitFor();
        const written = await page.evaluate(async () => {
          const dir = await navigator.storage.getDirectory();
          for await (const [name, handle] of dir as unknown as AsyncIterable<[string, FileSystemFileHandle]>)
            if (name.startsWith('so06-ho-con-thieu')) {
              const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
              return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
            }
          return '';
        });
        const rows = rowsOf(written);
        expect(rows[0]).toEqual([
          'Xã, phường',
          'Thôn',
          'Mã hộ',
          'Chủ hộ',
          'Địa chỉ',
          'Từ 14 tuổi',
          'Chưa có CCCD',
          'Chưa có VNeID mức 2',
          'Việc còn mở',
          'Lần gặp gần nhất',
        ]);
        expect(rows.slice(1).map((r) => [r[3], r[4]])).toEqual(gaps.map((g) => [g.headName, g.address]));
        // Phường Hai before Xã Một, by name; its code kept as text.
        expect(rows[1]).toEqual([
          'Phường Hai',
          'Tổ dân phố 1',
          '="0012345"',
          'Đỗ Văn Dũng',
          'Số 3, "Khu A"',
          '1',
          '1',
          '1',
          '0',
          '',
        ]);

        // Where no dialog can be scripted: the browser's own download, once the file has all come.
        await page.evaluate(() => {
          delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
        });
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Tải danh sách người còn thiếu (CSV)' }).click(),
        ]);
        expect(download.suggestedFilename()).toMatch(
          /^so06-nhan-khau-con-thieu-tinh-tai-ve-\d{4}-\d{2}-\d{2}\.csv$/,
        );
        const persons = rowsOf(
          new TextDecoder('utf-8', { ignoreBOM: true }).decode(readFileSync((await download.path())!)),
        );
        expect(persons[0]?.[8]).toBe('Số định danh (4 số cuối)');
        expect(persons).toHaveLength(32);
        expect(
          persons
            .map((r) => r[8])
            .slice(1)
            .filter((v) => v !== ''),
        ).toHaveLength(30);
        expect(persons.flat().join(',')).not.toMatch(/0340800\d{5}/);

        // The token went in a header, never in an address.
        const files = requests.filter((r) => new URL(r.url).pathname.endsWith('.csv'));
        expect(files).toHaveLength(2);
        for (const file of files) {
          expect(file.auth).toMatch(/^Bearer \S{20,}$/);
          expect(file.url).not.toContain(file.auth!.slice('Bearer '.length));
        }
        const browserToken = files[0]!.auth!.slice('Bearer '.length);
        for (const r of requests) expect(r.url).not.toContain(browserToken);
      } finally {
        await context.close();
        await server.stop();
        server.dispose();
      }
    },
  );
});
