// @vitest-environment jsdom
// "Tổng hợp toàn tỉnh" (issue 18) with the fake review server: a province officer's communes with their
// figures and shares, the furthest behind (lowest VNeID level 2 share) first, sortable by any column;
// the province's total; the communes with quiet villages named, the most quiet first; each commune a
// link to its overview; a failed load said in words with "Thử lại"; the CSV and XLSX in the screen's
// order. Then the way in and out: a province officer lands here after signing in, and the commune
// overview links back up. Then the screen's arithmetic alone.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { Area } from '../../../src/domain/areas.ts';
import type { ActivityAnswer, ActivityRow, TallyRow } from '../../../src/domain/review.ts';
import { reviewEn, reviewVi } from '../../../src/app/review/messages.ts';
import { provinceVi } from '../../../src/app/review/province-messages.ts';
import {
  BEHIND_FIRST,
  fileTime,
  joinProvince,
  nextProvinceSort,
  provinceFileName,
  provinceTable,
  quietCommunes,
  sortProvince,
} from '../../../src/app/review/province-model.ts';
import { fakeServices, freshDb, renderApp, sessionOf } from './helpers.tsx';
import { NOW, PROVINCE, PROVINCE_OFFICER, serveCommune } from './review-data.ts';
import { atFixtureTime, captureDownloads, csvRowsOf, xlsxRowsOf } from './review-helpers.tsx';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const AREAS: Area[] = [
  { id: PROVINCE, kind: 'province', name: 'Tỉnh Thái Nguyên', parentId: null },
  { id: 'xa-an-binh', kind: 'commune', name: 'Xã An Bình', parentId: PROVINCE },
  { id: 'phuong-bac-son', kind: 'commune', name: 'Phường Bắc Sơn', parentId: PROVINCE },
  { id: 'xa-dong-hy', kind: 'commune', name: 'Xã Đồng Hỷ', parentId: PROVINCE },
  { id: 'xa-phu-luong', kind: 'commune', name: 'Xã Phú Lương', parentId: PROVINCE },
  { id: 'thon-dong', kind: 'village', name: 'Thôn Đông', parentId: 'xa-an-binh' },
  { id: 'thon-doai', kind: 'village', name: 'Thôn Đoài', parentId: 'xa-an-binh' },
];

const tally = (areaId: string, areaName: string, n: number[]): TallyRow => ({
  areaId,
  areaName,
  households: n[0]!,
  householdsVisited: n[1]!,
  persons: n[2]!,
  persons14plus: n[3]!,
  cccdIssued14plus: n[4]!,
  vneidLevel2Active14plus: n[5]!,
  openTasks: n[6]!,
});

const at = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const act = (
  areaId: string,
  areaName: string,
  villages: number,
  quietVillages: number,
  phones: number,
  lastSync: number | null,
): ActivityRow => ({ areaId, areaName, villages, quietVillages, phones, lastSyncAt: at(lastSync) });

// As the server answers: communes by name. VNeID level 2 of 14+: An Bình 350/550 = 63,6 %, Bắc Sơn
// 300/1200 = 25,0 %, Đồng Hỷ nothing counted yet (0 %), Phú Lương 260/400 = 65,0 %.
const TALLIES: TallyRow[] = [
  tally('phuong-bac-son', 'Phường Bắc Sơn', [400, 300, 1500, 1200, 1100, 300, 4]),
  tally('xa-an-binh', 'Xã An Bình', [215, 100, 740, 550, 370, 350, 15]),
  tally('xa-dong-hy', 'Xã Đồng Hỷ', [0, 0, 0, 0, 0, 0, 0]),
  tally('xa-phu-luong', 'Xã Phú Lương', [120, 60, 500, 400, 320, 260, 9]),
];
const TOTAL = tally(PROVINCE, 'Tỉnh Thái Nguyên', [735, 460, 2740, 2150, 1790, 910, 28]);
// In another order than the tallies': the screen joins them by id.
const ACTIVITY: ActivityAnswer = {
  asOf: new Date(NOW).toISOString(),
  rows: [
    act('xa-phu-luong', 'Xã Phú Lương', 4, 0, 3, NOW - HOUR / 2),
    act('xa-an-binh', 'Xã An Bình', 3, 1, 2, NOW - HOUR),
    act('xa-dong-hy', 'Xã Đồng Hỷ', 2, 2, 0, null),
    act('phuong-bac-son', 'Phường Bắc Sơn', 5, 2, 4, NOW - 4 * DAY),
  ],
  total: act(PROVINCE, 'Tỉnh Thái Nguyên', 14, 5, 9, NOW - HOUR / 2),
};
const BEHIND = ['xa-dong-hy', 'phuong-bac-son', 'xa-an-binh', 'xa-phu-luong'];

atFixtureTime();

function provinceOfficer(areas: Area[] = AREAS) {
  const fakes = fakeServices(sessionOf(PROVINCE_OFFICER));
  fakes.account.areas = async () => ({ ok: true, value: areas });
  serveCommune(fakes.review);
  const asOf = new Date(NOW).toISOString();
  fakes.review.tallyAnswers.set(PROVINCE, { asOf, rows: TALLIES, total: TOTAL });
  fakes.review.activityAnswers.set(PROVINCE, ACTIVITY);
  return fakes;
}

const tableOrder = () =>
  [...document.querySelectorAll<HTMLElement>('.province-table tbody tr')].map((tr) => tr.dataset.areaId);

const cell = (areaId: string, column: string) =>
  document
    .querySelector(`.province-table tr[data-area-id="${areaId}"] [data-column="${column}"]`)
    ?.textContent?.replace(/\s+/g, ' ')
    .trim();

async function openProvince(path = '/tong-hop/tinh', fakes = provinceOfficer()) {
  renderApp(freshDb(), path, fakes);
  await screen.findByRole('heading', { name: 'Tổng hợp toàn tỉnh' });
  await waitFor(() => expect(tableOrder()).toHaveLength(4));
  return fakes;
}

describe('Tổng hợp toàn tỉnh (issue 18)', () => {
  it('asks for the province’s tallies and activity and shows every commune’s figures with their shares', async () => {
    const fakes = await openProvince();
    expect(fakes.review.calls).toEqual(
      expect.arrayContaining([`tallies ${PROVINCE}`, `activity ${PROVINCE}`]),
    );
    expect(screen.getByText('Số liệu lúc 10:00 · 23/11/2026')).toBeTruthy();
    expect(document.querySelector('.commune-name')!.textContent).toBe('Tỉnh Thái Nguyên');
    expect(cell('xa-an-binh', 'households')).toBe('215');
    expect(cell('xa-an-binh', 'householdsVisited')).toBe('100');
    expect(cell('xa-an-binh', 'persons14plus')).toBe('550');
    // 370 of 550 is 67.27 %; 350 of 550 is 63.64 %.
    expect(cell('xa-an-binh', 'cccdIssued14plus')).toBe('370 (67,3%)');
    expect(cell('xa-an-binh', 'vneidLevel2Active14plus')).toBe('350 (63,6%)');
    expect(cell('xa-an-binh', 'openTasks')).toBe('15');
    expect(cell('xa-an-binh', 'villages')).toBe('3');
    expect(cell('xa-an-binh', 'quietVillages')).toBe('1');
    expect(cell('xa-an-binh', 'lastSync')).toBe('09:00 · 23/11/2026');
    expect(cell('phuong-bac-son', 'households')).toBe('400');
    expect(cell('phuong-bac-son', 'persons14plus')).toBe('1.200');
    expect(cell('phuong-bac-son', 'cccdIssued14plus')).toBe('1.100 (91,7%)');
    // A commune with nobody counted yet reads 0, not NaN; a commune whose phones never synced says so.
    expect(cell('xa-dong-hy', 'vneidLevel2Active14plus')).toBe('0 (0,0%)');
    expect(cell('xa-dong-hy', 'lastSync')).toBe('chưa đồng bộ lần nào');
    // The province's total, last.
    const total = document.querySelector<HTMLElement>(
      `.province-table tfoot tr[data-area-id="${PROVINCE}"]`,
    )!;
    expect(within(total).getByRole('rowheader').textContent).toBe('Toàn tỉnh');
    expect(cell(PROVINCE, 'households')).toBe('735');
    expect(cell(PROVINCE, 'cccdIssued14plus')).toBe('1.790 (83,3%)');
    expect(cell(PROVINCE, 'vneidLevel2Active14plus')).toBe('910 (42,3%)');
    expect(cell(PROVINCE, 'quietVillages')).toBe('5');
    // Every commune's card has each figure with its label (a phone shows it above the figure).
    for (const tr of document.querySelectorAll<HTMLElement>('.province-table tbody tr')) {
      expect([...tr.querySelectorAll<HTMLElement>('td')].map((td) => td.dataset.label)).toEqual([
        'Số hộ',
        'Hộ đã gặp',
        'Từ 14 tuổi',
        'Đã cấp CCCD',
        'VNeID mức 2',
        'Việc còn mở',
        'Số thôn',
        'Thôn im lặng',
        'Đồng bộ gần nhất',
      ]);
    }
    // A commune with quiet villages stands out (the card's red edge), in words in its own cell.
    expect(document.querySelector('tr[data-area-id="phuong-bac-son"]')!.classList).toContain('quiet');
    expect(document.querySelector('tr[data-area-id="xa-phu-luong"]')!.classList).not.toContain('quiet');
  });

  it('puts the communes furthest behind first: the lowest VNeID level 2 share', async () => {
    await openProvince();
    expect(tableOrder()).toEqual(BEHIND);
    expect(document.querySelector('th[data-column="vneidPercent"]')).toBeNull();
    expect((screen.getByRole('combobox', { name: 'Sắp xếp theo' }) as HTMLSelectElement).value).toBe(
      'vneidPercent',
    );
    expect((screen.getByRole('combobox', { name: 'Thứ tự' }) as HTMLSelectElement).value).toBe('asc');
    expect(
      screen.getByText(/^4 xã, phường\. Xã, phường có tỷ lệ VNeID mức 2 thấp nhất đứng trước;/),
    ).toBeTruthy();
  });

  it('sorts by any column: a heading on a PC, "Sắp xếp theo" on a phone', async () => {
    await openProvince();
    fireEvent.click(screen.getByRole('button', { name: /^Xã, phường/ }));
    expect(tableOrder()).toEqual(['phuong-bac-son', 'xa-an-binh', 'xa-dong-hy', 'xa-phu-luong']);
    expect(document.querySelector('th[data-column="areaName"]')!.getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByRole('button', { name: /^Số hộ/ }));
    expect(tableOrder()).toEqual(['phuong-bac-son', 'xa-an-binh', 'xa-phu-luong', 'xa-dong-hy']);
    fireEvent.click(screen.getByRole('button', { name: /^Số hộ/ }));
    expect(tableOrder()).toEqual(['xa-dong-hy', 'xa-phu-luong', 'xa-an-binh', 'phuong-bac-son']);
    const select = screen.getByRole('combobox', { name: 'Sắp xếp theo' });
    // CCCD share: Bắc Sơn 91,7 %, Phú Lương 80 %, An Bình 67,3 %, Đồng Hỷ 0 %.
    fireEvent.change(select, { target: { value: 'cccdPercent' } });
    expect(tableOrder()).toEqual(['phuong-bac-son', 'xa-phu-luong', 'xa-an-binh', 'xa-dong-hy']);
    // Quiet villages, most first; a tie in name order.
    fireEvent.change(select, { target: { value: 'quietVillages' } });
    expect(tableOrder()).toEqual(['phuong-bac-son', 'xa-dong-hy', 'xa-an-binh', 'xa-phu-luong']);
    expect(document.querySelector('th[data-column="quietVillages"]')!.getAttribute('aria-sort')).toBe(
      'descending',
    );
    // The latest sync, oldest first: never synced is the oldest.
    fireEvent.change(select, { target: { value: 'lastSync' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Thứ tự' }), { target: { value: 'asc' } });
    expect(tableOrder()).toEqual(['xa-dong-hy', 'phuong-bac-son', 'xa-an-binh', 'xa-phu-luong']);
  });

  it('names the communes with quiet villages, the most quiet first, with N/M and the last sync', async () => {
    await openProvince();
    const section = screen.getByRole('region', { name: 'Xã/phường có tổ im lặng' });
    const items = [...section.querySelectorAll<HTMLElement>('li')];
    expect(items.map((li) => li.dataset.areaId)).toEqual(['xa-dong-hy', 'phuong-bac-son', 'xa-an-binh']);
    expect(items.map((li) => li.querySelector('.quiet-commune-figures')!.textContent)).toEqual([
      '2/2 thôn im lặng, chưa đồng bộ lần nào',
      '2/5 thôn im lặng, đồng bộ gần nhất 10:00 · 19/11/2026',
      '1/3 thôn im lặng, đồng bộ gần nhất 09:00 · 23/11/2026',
    ]);
    expect(within(section).getByRole('link', { name: 'Phường Bắc Sơn' }).getAttribute('href')).toBe(
      '/tong-hop?xa=phuong-bac-son',
    );
    expect(within(section).queryByText(/Phú Lương/)).toBeNull();
  });

  it('says so when no commune has a quiet village', async () => {
    const fakes = provinceOfficer();
    fakes.review.activityAnswers.set(PROVINCE, {
      ...ACTIVITY,
      rows: ACTIVITY.rows.map((r) => ({ ...r, quietVillages: 0 })),
    });
    await openProvince('/tong-hop/tinh', fakes);
    expect(screen.getByText('Không xã, phường nào có tổ im lặng.')).toBeTruthy();
  });

  it('links each commune to its overview, where its villages are', async () => {
    await openProvince();
    const link = within(document.querySelector<HTMLElement>('.province-table')!).getByRole('link', {
      name: 'Xã An Bình',
    });
    expect(link.getAttribute('href')).toBe('/tong-hop?xa=xa-an-binh');
    fireEvent.click(link);
    await screen.findByRole('heading', { name: 'Tổng hợp số liệu' });
    await waitFor(() => expect(document.querySelectorAll('.tally-table tbody tr')).toHaveLength(3));
    expect(location.pathname + location.search).toBe('/tong-hop?xa=xa-an-binh');
    // And back up.
    const back = screen.getByRole('link', { name: /Toàn tỉnh Thái Nguyên/ });
    expect(back.getAttribute('href')).toBe(`/tong-hop/tinh?tinh=${PROVINCE}`);
  });

  it('says why the figures did not load, and loads them again on "Thử lại"', async () => {
    const fakes = provinceOfficer();
    fakes.review.tallyAnswers.delete(PROVINCE);
    renderApp(freshDb(), '/tong-hop/tinh', fakes);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Không tải được số liệu: không tìm thấy trên máy chủ.');
    fakes.review.tallyAnswers.set(PROVINCE, {
      asOf: new Date(NOW).toISOString(),
      rows: TALLIES,
      total: TOTAL,
    });
    fireEvent.click(within(alert).getByRole('button', { name: 'Thử lại' }));
    await waitFor(() => expect(tableOrder()).toEqual(BEHIND));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('offers "Đăng nhập lại" when the session has expired', async () => {
    const fakes = provinceOfficer();
    fakes.review.failure = { kind: 'unauthenticated', message: 'expired' };
    renderApp(freshDb(), '/tong-hop/tinh', fakes);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('link', { name: 'Đăng nhập lại' }).getAttribute('href')).toBe(
      '/dang-nhap',
    );
  });

  it('still shows the figures when only the groups’ activity failed, and says so', async () => {
    const fakes = provinceOfficer();
    fakes.review.activityAnswers.delete(PROVINCE);
    await openProvince('/tong-hop/tinh', fakes);
    expect(screen.getByRole('status').textContent).toBe(
      'Không tải được tình hình đồng bộ của các tổ: không tìm thấy trên máy chủ.',
    );
    expect(cell('xa-an-binh', 'cccdIssued14plus')).toBe('370 (67,3%)');
    expect(cell('xa-an-binh', 'quietVillages')).toBe('không rõ');
    expect(screen.queryByRole('region', { name: 'Xã/phường có tổ im lặng' })).toBeNull();
  });

  it('offers a choice of province when the account has several', async () => {
    const other: Area[] = [
      { id: 'tinh-bac-kan', kind: 'province', name: 'Tỉnh Bắc Kạn', parentId: null },
      { id: 'xa-cho-don', kind: 'commune', name: 'Xã Chợ Đồn', parentId: 'tinh-bac-kan' },
    ];
    const fakes = provinceOfficer([...AREAS, ...other]);
    fakes.review.tallyAnswers.set('tinh-bac-kan', {
      asOf: new Date(NOW).toISOString(),
      rows: [tally('xa-cho-don', 'Xã Chợ Đồn', [10, 5, 30, 20, 10, 5, 1])],
      total: tally('tinh-bac-kan', 'Tỉnh Bắc Kạn', [10, 5, 30, 20, 10, 5, 1]),
    });
    await openProvince('/tong-hop/tinh', fakes);
    const choice = screen.getByRole('combobox', { name: 'Tỉnh, thành phố' }) as HTMLSelectElement;
    expect(choice.value).toBe(PROVINCE);
    fireEvent.change(choice, { target: { value: 'tinh-bac-kan' } });
    await waitFor(() => expect(tableOrder()).toEqual(['xa-cho-don']));
    expect(location.search).toBe('?tinh=tinh-bac-kan');
    expect(cell('tinh-bac-kan', 'households')).toBe('10');
  });

  it('exports the table as CSV and Excel, in the screen’s order, then the province’s total', async () => {
    await openProvince();
    const downloads = captureDownloads();
    const group = screen.getByRole('group', { name: 'Xuất bảng tổng hợp toàn tỉnh' });
    fireEvent.click(within(group).getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(1));
    expect(downloads.names[0]).toBe('so06-tong-hop-tinh-tinh-thai-nguyen-2026-11-23.csv');
    const [header, ...rows] = await csvRowsOf(downloads.blobs[0]!);
    expect(header).toEqual([
      'Xã, phường',
      'Số hộ',
      'Hộ đã gặp',
      'Nhân khẩu',
      'Từ 14 tuổi',
      'Đã cấp CCCD',
      'Tỷ lệ có CCCD (%, làm tròn xuống)',
      'VNeID mức 2',
      'Tỷ lệ có VNeID mức 2 (%, làm tròn xuống)',
      'Việc còn mở',
      'Số thôn',
      'Thôn im lặng',
      'Số máy của tổ',
      'Đồng bộ gần nhất (giờ Việt Nam)',
    ]);
    expect(rows).toEqual([
      ['Xã Đồng Hỷ', '0', '0', '0', '0', '0', '0%', '0', '0%', '0', '2', '2', '0', 'chưa đồng bộ lần nào'],
      [
        'Phường Bắc Sơn',
        '400',
        '300',
        '1500',
        '1200',
        '1100',
        '91%',
        '300',
        '25%',
        '4',
        '5',
        '2',
        '4',
        '2026-11-19 10:00',
      ],
      [
        'Xã An Bình',
        '215',
        '100',
        '740',
        '550',
        '370',
        '67%',
        '350',
        '63%',
        '15',
        '3',
        '1',
        '2',
        '2026-11-23 09:00',
      ],
      [
        'Xã Phú Lương',
        '120',
        '60',
        '500',
        '400',
        '320',
        '80%',
        '260',
        '65%',
        '9',
        '4',
        '0',
        '3',
        '2026-11-23 09:30',
      ],
      [
        'Toàn tỉnh',
        '735',
        '460',
        '2740',
        '2150',
        '1790',
        '83%',
        '910',
        '42%',
        '28',
        '14',
        '5',
        '9',
        '2026-11-23 09:30',
      ],
    ]);

    // Sorted otherwise on screen, the file follows.
    fireEvent.click(screen.getByRole('button', { name: /^Xã, phường/ }));
    fireEvent.click(within(group).getByRole('button', { name: 'Excel' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(2));
    expect(downloads.names[1]).toBe('so06-tong-hop-tinh-tinh-thai-nguyen-2026-11-23.xlsx');
    const [title, xlsxHeader, ...xlsxRows] = await xlsxRowsOf(downloads.blobs[1]!);
    expect(String(title![0])).toBe('Tỉnh Thái Nguyên — Số liệu lúc 23/11/2026 10:00');
    expect(xlsxRows.map((r) => r[0])).toEqual([
      'Phường Bắc Sơn',
      'Xã An Bình',
      'Xã Đồng Hỷ',
      'Xã Phú Lương',
      'Toàn tỉnh',
    ]);
    // Exact shares in the workbook: 1100 of 1200 is 91.7 %.
    expect(xlsxRows[0]![xlsxHeader!.indexOf('Tỷ lệ có CCCD (%)')]).toBe(91.7);
    expect(xlsxRows[4]![xlsxHeader!.indexOf('Số hộ')]).toBe(735);
  });
});

describe('the way in: where a province officer starts, and the way back up from a commune', () => {
  it('lands a province officer on the province’s communes after signing in ("/")', async () => {
    renderApp(freshDb(), '/', provinceOfficer());
    await screen.findByRole('heading', { name: 'Tổng hợp toàn tỉnh' });
    await waitFor(() => expect(tableOrder()).toEqual(BEHIND));
    expect(location.pathname + location.search).toBe(`/tong-hop/tinh?tinh=${PROVINCE}`);
  });

  it('keeps a commune officer on the commune overview, with no link to a province', async () => {
    const fakes = fakeServices(sessionOf({ ...PROVINCE_OFFICER, id: 'u-xa', areaIds: ['xa-an-binh'] }));
    fakes.account.areas = async () => ({
      ok: true,
      value: [{ id: 'xa-an-binh', kind: 'commune', name: 'Xã An Bình', parentId: null }],
    });
    serveCommune(fakes.review);
    renderApp(freshDb(), '/', fakes);
    await waitFor(() => expect(document.querySelectorAll('.tally-table tbody tr')).toHaveLength(3));
    expect(location.pathname).toBe('/');
    expect(screen.queryByRole('link', { name: /Toàn tỉnh/ })).toBeNull();
    expect(fakes.review.calls.some((c) => c.startsWith('activity'))).toBe(false);
  });

  it('gives the commune overview of a province officer the province’s communes to choose from', async () => {
    renderApp(freshDb(), '/tong-hop', provinceOfficer());
    await waitFor(() => expect(document.querySelectorAll('.tally-table tbody tr')).toHaveLength(3));
    const choice = screen.getByRole('combobox', { name: 'Xã, phường' }) as HTMLSelectElement;
    expect([...choice.options].map((o) => o.textContent)).toEqual([
      'Xã An Bình',
      'Phường Bắc Sơn',
      'Xã Đồng Hỷ',
      'Xã Phú Lương',
    ]);
    expect(screen.getByRole('link', { name: /Toàn tỉnh Thái Nguyên/ }).getAttribute('href')).toBe(
      `/tong-hop/tinh?tinh=${PROVINCE}`,
    );
  });
});

describe('the province screen’s arithmetic', () => {
  const figures = joinProvince({ asOf: ACTIVITY.asOf, rows: TALLIES, total: TOTAL }, ACTIVITY);

  it('joins each commune’s activity by id, and keeps a commune the tallies do not name yet', () => {
    expect(figures.rows.map((r) => [r.areaId, r.activity?.phones])).toEqual([
      ['phuong-bac-son', 4],
      ['xa-an-binh', 2],
      ['xa-dong-hy', 0],
      ['xa-phu-luong', 3],
    ]);
    expect(figures.total.activity?.villages).toBe(14);
    const extra = joinProvince(
      { asOf: ACTIVITY.asOf, rows: TALLIES.slice(0, 1), total: TOTAL },
      { ...ACTIVITY, rows: [act('xa-moi', 'Xã Mới', 1, 1, 0, null)] },
    );
    expect(extra.rows.map((r) => [r.areaId, r.households, r.activity?.quietVillages])).toEqual([
      ['phuong-bac-son', 400, undefined],
      ['xa-moi', 0, 1],
    ]);
    expect(
      joinProvince({ asOf: ACTIVITY.asOf, rows: TALLIES, total: TOTAL }, null).total.activity,
    ).toBeNull();
  });

  it('sorts the furthest behind first, ties by name, and a second tap reverses', () => {
    expect(sortProvince(figures.rows, BEHIND_FIRST).map((r) => r.areaId)).toEqual(BEHIND);
    const tie = figures.rows.map((r) => ({ ...r, vneidLevel2Active14plus: 0 }));
    expect(sortProvince(tie, BEHIND_FIRST).map((r) => r.areaName)).toEqual([
      'Phường Bắc Sơn',
      'Xã An Bình',
      'Xã Đồng Hỷ',
      'Xã Phú Lương',
    ]);
    expect(nextProvinceSort(BEHIND_FIRST, 'vneidPercent')).toEqual({ key: 'vneidPercent', dir: 'desc' });
    expect(nextProvinceSort(BEHIND_FIRST, 'areaName')).toEqual({ key: 'areaName', dir: 'asc' });
    expect(nextProvinceSort(BEHIND_FIRST, 'openTasks')).toEqual({ key: 'openTasks', dir: 'desc' });
  });

  it('lists the quiet communes: most quiet villages, then the larger share quiet, then by name', () => {
    expect(quietCommunes(figures.rows).map((r) => r.areaId)).toEqual([
      'xa-dong-hy',
      'phuong-bac-son',
      'xa-an-binh',
    ]);
  });

  it('writes times in the files in ISO order on Vietnam’s clock, and names the file', () => {
    expect(fileTime('2026-11-22T17:30:00.000Z')).toBe('2026-11-23 00:30');
    expect(provinceFileName('Thành phố Hà Nội', '2026-11-22T17:30:00.000Z', 'xlsx')).toBe(
      'so06-tong-hop-tinh-thanh-pho-ha-noi-2026-11-23.xlsx',
    );
    const table = provinceTable(
      joinProvince({ asOf: ACTIVITY.asOf, rows: TALLIES, total: TOTAL }, null),
      provinceVi,
    );
    // No activity: its cells are empty rather than a guess.
    expect(table.rows[0]!.slice(-4)).toEqual([null, null, null, null]);
  });

  it('says the way back up to a province once, whatever its name carries', () => {
    expect(reviewVi.province.back('Tỉnh Thái Nguyên')).toBe('Toàn tỉnh Thái Nguyên');
    expect(reviewVi.province.back('Thành phố Hà Nội')).toBe('Toàn thành phố Hà Nội');
    expect(reviewVi.province.back('Lào Cai')).toBe('Toàn tỉnh Lào Cai');
    expect(reviewEn.province.back('Tỉnh Thái Nguyên')).toBe('Whole province: Tỉnh Thái Nguyên');
  });
});
