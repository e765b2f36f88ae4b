// @vitest-environment jsdom
// The commune police review: the overview's figures, totals and shares, sorting, the quiet groups,
// the saved copy offline, the drill-down to a village and a household, the conflicts, the exports,
// and who may see it (police and admins, never volunteers).
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { loadOverview } from '../../../src/db/review-cache.ts';
import type { SessionUser } from '../../../src/sync/session.ts';
import { fakeServices, freshDb, HOA, notebookWithProfile, renderApp, sessionOf } from './helpers.tsx';
import { COMMUNE, GAPS, HOUSEHOLD_ID, serveCommune } from './review-data.ts';
import { atFixtureTime, bytesOf, captureDownloads, officer, tableOrder } from './review-helpers.tsx';

const ADMIN: SessionUser = {
  id: 'u-admin',
  name: 'Đỗ Minh Quản',
  phone: '0900000009',
  role: 'admin',
  areaIds: [],
};

/** The overview's table rows as [area id, column → shown text]. */
function tableRows(): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const tr of document.querySelectorAll<HTMLElement>('.tally-table tr[data-area-id]')) {
    const cells: Record<string, string> = { name: tr.querySelector('th')!.textContent!.trim() };
    for (const td of tr.querySelectorAll<HTMLElement>('td[data-column]'))
      cells[td.dataset.column!] = td.textContent!.replace(/\s+/g, ' ').trim();
    out[tr.dataset.areaId!] = cells;
  }
  return out;
}

atFixtureTime();

describe('the overview', () => {
  it('lands the officer on the commune: a row per village with counts, shares and the totals', async () => {
    const db = freshDb();
    renderApp(db, '/', officer());
    await screen.findByRole('heading', { name: 'Tổng hợp số liệu' });
    await waitFor(() => expect(tableOrder()).toHaveLength(3));
    const rows = tableRows();
    expect(rows['thon-dong']).toMatchObject({
      name: 'Thôn Đông',
      households: '120',
      householdsVisited: '80',
      persons14plus: '300',
      cccdIssued14plus: '270 (90,0%)',
      vneidLevel2Active14plus: '150 (50,0%)',
      openTasks: '12',
    });
    expect(rows['thon-doai']).toMatchObject({
      cccdIssued14plus: '100 (40,0%)',
      vneidLevel2Active14plus: '200 (80,0%)',
    });
    // Nobody counted yet: 0 %, not NaN.
    expect(rows['xom-bai']).toMatchObject({ households: '0', cccdIssued14plus: '0 (0,0%)' });
    expect(rows[COMMUNE]).toMatchObject({
      name: 'Tổng cộng',
      households: '215',
      persons14plus: '550',
      cccdIssued14plus: '370 (67,3%)',
      vneidLevel2Active14plus: '350 (63,6%)',
      openTasks: '15',
    });
    expect(screen.getByText('Số liệu lúc 10:00 · 23/11/2026')).toBeTruthy();
    // The volunteer's header items mean nothing here: no "chờ đồng bộ", no "Đồng bộ ngay".
    expect(document.querySelector('.pending')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Đồng bộ ngay' })).toBeNull();
    // The chart has a pair of bars per village, sized by the shares.
    const bars = [...document.querySelectorAll<HTMLElement>('.bar-row')];
    expect(bars).toHaveLength(3);
    const dong = document.querySelector<HTMLElement>('.bar-row[data-area-id="thon-dong"]')!;
    expect(dong.querySelector<HTMLElement>('.bar.cccd')!.style.width).toBe('90%');
    expect(dong.querySelector<HTMLElement>('.bar.vneid')!.style.width).toBe('50%');
  });

  it('sorts by a column on a tap, largest first, and reverses on a second tap', async () => {
    renderApp(freshDb(), '/', officer());
    await waitFor(() => expect(tableOrder()).toEqual(['thon-doai', 'thon-dong', 'xom-bai']));
    fireEvent.click(screen.getByRole('button', { name: /Đã cấp CCCD/ }));
    expect(tableOrder()).toEqual(['thon-dong', 'thon-doai', 'xom-bai']);
    const th = document.querySelector('th[data-column="cccdIssued14plus"]')!;
    expect(th.getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(screen.getByRole('button', { name: /Đã cấp CCCD/ }));
    expect(tableOrder()).toEqual(['xom-bai', 'thon-doai', 'thon-dong']);
    expect(th.getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByRole('button', { name: /VNeID mức 2/ }));
    expect(tableOrder()).toEqual(['thon-doai', 'thon-dong', 'xom-bai']);
    // The totals stay at the bottom whatever the order.
    expect(document.querySelector('tfoot tr')!.getAttribute('data-area-id')).toBe(COMMUNE);
    // Last sync, oldest first when reversed: a village never synced is the oldest.
    fireEvent.click(screen.getByRole('button', { name: /Đồng bộ gần nhất/ }));
    expect(tableOrder()).toEqual(['thon-dong', 'thon-doai', 'xom-bai']);
  });

  it('flags the groups that have not synced for more than 3 days', async () => {
    renderApp(freshDb(), '/', officer());
    await waitFor(() => expect(tableOrder()).toHaveLength(3));
    const quiet = [...document.querySelectorAll<HTMLElement>('.quiet-villages li')].map(
      (li) => li.textContent,
    );
    expect(quiet).toEqual([
      'Thôn Đoài: đồng bộ lần cuối 10:00 · 19/11/2026 (4 ngày trước)',
      'Xóm Bãi: chưa đồng bộ lần nào',
    ]);
    const tuan = document.querySelector<HTMLElement>('tr[data-device-id="dev-tuan"]')!;
    expect(tuan.dataset.quiet).toBe('true');
    expect(within(tuan).getByText('Quá 3 ngày chưa đồng bộ')).toBeTruthy();
    expect(document.querySelector<HTMLElement>('tr[data-device-id="dev-hoa"]')!.dataset.quiet).toBe('false');
    // Only the working groups' phones: the officer's own is not a group that went quiet.
    expect(document.querySelector('tr[data-device-id="dev-officer"]')).toBeNull();
    expect(document.querySelector('.tally-table tr[data-area-id="thon-doai"]')!.classList).toContain('quiet');
    expect(document.querySelector('.tally-table tr[data-area-id="thon-dong"]')!.classList).not.toContain(
      'quiet',
    );
  });

  it('keeps the last overview readable offline, saying when the figures are from', async () => {
    const db = freshDb();
    const online = officer();
    const first = renderApp(db, '/', online);
    await waitFor(() => expect(tableOrder()).toHaveLength(3));
    await waitFor(async () => expect((await loadOverview(db, COMMUNE))?.tallies.total.households).toBe(215));
    first.unmount();

    const offline = officer();
    offline.review.failure = { kind: 'network', message: 'Failed to fetch' };
    // The areas are saved too: a commune can be chosen without the server.
    offline.account.areas = async () => ({
      ok: false as const,
      failure: { kind: 'network' as const, message: 'Failed to fetch' },
    });
    renderApp(db, '/', offline);
    await screen.findByText(
      'Không tải được số liệu mới (không có kết nối). Đang xem số liệu đã lưu trên máy.',
    );
    expect(tableRows()[COMMUNE]).toMatchObject({ households: '215', openTasks: '15' });
    expect(screen.getByText('Số liệu lúc 10:00 · 23/11/2026')).toBeTruthy();
  });

  it('says what to do when nothing was ever loaded and the server cannot be reached', async () => {
    const fakes = officer();
    fakes.review.failure = { kind: 'network', message: 'Failed to fetch' };
    renderApp(freshDb(), '/', fakes);
    expect(await screen.findByText('Máy này chưa lưu số liệu nào. Cần có mạng để tải lần đầu.')).toBeTruthy();
    fakes.review.failure = null;
    fireEvent.click(screen.getByRole('button', { name: 'Thử lại' }));
    await waitFor(() => expect(tableOrder()).toHaveLength(3));
  });

  it('asks to sign in again when the session has expired', async () => {
    const fakes = officer();
    fakes.review.failure = { kind: 'unauthenticated', message: 'token expired' };
    renderApp(freshDb(), '/', fakes);
    await screen.findByText(/phiên đăng nhập đã hết hạn/);
    expect(screen.getByRole('link', { name: 'Đăng nhập lại' }).getAttribute('href')).toBe('/dang-nhap');
  });
});

describe('the drill-down', () => {
  it('goes from a village to its households with gaps, filters them, and opens one read-only', async () => {
    const fakes = officer();
    renderApp(freshDb(), '/', fakes);
    fireEvent.click(await screen.findByRole('link', { name: 'Thôn Đông' }));
    await screen.findByRole('heading', { name: 'Thôn Đông' });
    const ids = () =>
      [...document.querySelectorAll<HTMLElement>('.gap-list li')].map((li) => li.dataset.householdId);
    // Most gaps first.
    expect(ids()).toEqual([GAPS[0]!.id, GAPS[1]!.id]);
    expect(screen.getByText('2 hộ còn thiếu trong 120 hộ')).toBeTruthy();
    const first = document.querySelector<HTMLElement>('.gap-list li')!;
    expect(within(first).getByText('1 người chưa có CCCD')).toBeTruthy();
    expect(within(first).getByText('2 người chưa có VNeID mức 2')).toBeTruthy();
    expect(within(first).getByText('1 việc còn mở')).toBeTruthy();
    expect(within(first).getByText('Gặp lần cuối 20/11/2026')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Thiếu CCCD' }));
    expect(ids()).toEqual([GAPS[0]!.id]);
    fireEvent.click(screen.getByRole('button', { name: 'Còn việc mở' }));
    expect(ids()).toEqual([GAPS[0]!.id]);
    fireEvent.click(screen.getByRole('button', { name: 'Thiếu VNeID mức 2' }));
    expect(ids()).toHaveLength(2);
    // The village's list is one request for every household; the filters work on the screen.
    expect(fakes.review.calls.filter((c) => c.startsWith('gaps'))).toEqual(['gaps thon-dong all']);

    fireEvent.click(screen.getByRole('link', { name: /Nguyễn Văn Đức/ }));
    await screen.findByText('Chỉ xem. Việc cập nhật do tổ công tác thực hiện trên máy của tổ.');
    const member = document.querySelector<HTMLElement>('[data-person-id]')!;
    expect(within(member).getByText('Đủ 14 tuổi — cần làm thẻ')).toBeTruthy();
    expect(within(member).getByText('Cần kích hoạt VNeID mức 2')).toBeTruthy();
    expect(member.textContent).toContain('••• ••• ••2345');
    expect(screen.getByText('Sai thông tin')).toBeTruthy();
    expect(screen.getByText(/20\/11\/2026 · Đã gặp/)).toBeTruthy();
    // Read-only: nothing to tap that would change the household.
    expect(screen.queryByRole('button', { name: /Đã nhận thẻ|Sửa|Xóa|Đã xử lý/ })).toBeNull();
    expect(fakes.review.calls).toContain(`household ${HOUSEHOLD_ID}`);
  });

  it('lists the commune’s conflicts and rejected edits with both values and the reason', async () => {
    renderApp(freshDb(), '/', officer());
    fireEvent.click(await screen.findByRole('link', { name: 'Xung đột và thay đổi bị từ chối' }));
    await screen.findByRole('heading', { name: 'Xung đột và thay đổi bị từ chối' });
    await waitFor(() => expect(document.querySelectorAll('.review-issue-list li')).toHaveLength(2));
    const [conflict, rejected] = [...document.querySelectorAll<HTMLElement>('.review-issue-list li')];
    expect(conflict!.dataset.status).toBe('conflict');
    expect(within(conflict!).getByText('Đã có thẻ')).toBeTruthy();
    expect(within(conflict!).getByText('Đã nộp hồ sơ (chờ nhận thẻ)')).toBeTruthy();
    expect(conflict!.textContent).toContain('Phạm Văn Tuấn');
    expect(rejected!.dataset.status).toBe('rejected');
    expect(within(rejected!).getByText('Bản ghi này đã bị xóa trên máy chủ.')).toBeTruthy();
    expect(within(rejected!).getByText('Hộ đã bị xóa')).toBeTruthy();
  });
});

describe('the exports', () => {
  it('downloads the overview as CSV (UTF-8 with BOM) and XLSX holding the figures on screen', async () => {
    const downloads = captureDownloads();
    renderApp(freshDb(), '/', officer());
    await waitFor(() => expect(tableOrder()).toHaveLength(3));
    const overview = screen.getByRole('group', { name: 'Xuất bảng tổng hợp' });
    fireEvent.click(within(overview).getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(downloads.names).toEqual(['so06-tong-hop-xa-an-binh-2026-11-23.csv']));
    const bytes = new Uint8Array(await bytesOf(downloads.blobs[0]!));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = Papa.parse<string[]>(new TextDecoder().decode(bytes.slice(3))).data;
    const dong = csv.find((line) => line[0] === 'Thôn Đông')!;
    expect(dong.slice(1, 4)).toEqual(['120', '80', '410']);
    expect(csv.find((line) => line[0] === 'Tổng cộng')!.slice(1, 2)).toEqual(['215']);

    fireEvent.click(within(overview).getByRole('button', { name: 'Excel' }));
    await waitFor(() => expect(downloads.names[1]).toBe('so06-tong-hop-xa-an-binh-2026-11-23.xlsx'));
    const [sheet] = await readXlsxFile(Buffer.from(await bytesOf(downloads.blobs[1]!)));
    expect(sheet!.data[0]![0]).toContain('23/11/2026');
    const total = sheet!.data.find((line) => line[0] === 'Tổng cộng')!;
    expect(total[1]).toBe(215);
  });

  it('downloads the commune’s households with gaps', async () => {
    const downloads = captureDownloads();
    const fakes = officer();
    renderApp(freshDb(), '/', fakes);
    await waitFor(() => expect(tableOrder()).toHaveLength(3));
    const gaps = screen.getByRole('group', { name: 'Xuất danh sách hộ còn thiếu' });
    fireEvent.click(within(gaps).getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(downloads.names).toEqual(['so06-ho-con-thieu-xa-an-binh-2026-11-23.csv']));
    expect(fakes.review.calls).toContain(`gaps ${COMMUNE}`);
    const text = new TextDecoder().decode(await bytesOf(downloads.blobs[0]!));
    expect(text).toContain('Nguyễn Văn Đức');
    expect(text).toContain('Thôn Đông');
  });
});

describe('who sees the review', () => {
  it('never shows it to a volunteer', async () => {
    const db = await notebookWithProfile();
    renderApp(db, '/tong-hop', fakeServices(sessionOf(HOA)));
    expect(await screen.findByText('Không có trang này.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Tổng hợp' })).toBeNull();
  });

  it('gives an admin both the notebook and the review', async () => {
    const db = await notebookWithProfile();
    const fakes = fakeServices(sessionOf(ADMIN));
    serveCommune(fakes.review);
    fakes.account.areas = async () => ({
      ok: true as const,
      value: [{ id: COMMUNE, kind: 'commune' as const, name: 'Xã An Bình', parentId: null }],
    });
    renderApp(db, '/', fakes);
    await screen.findByRole('heading', { name: 'Danh sách hộ' });
    fireEvent.click(screen.getByRole('link', { name: 'Tổng hợp' }));
    await screen.findByRole('heading', { name: 'Tổng hợp số liệu' });
    await waitFor(() => expect(tableOrder()).toHaveLength(3));
  });
});
