// @vitest-environment jsdom
// The review's lists page after page (issue 18) with the fake review server: a village's households
// and the commune's issues show their first page at once with "Đang tải thêm…" while the rest come,
// then all of them; a page that fails later keeps what came; and the province screen's lists download
// as CSV files streamed from the server, written to the picked file where the browser offers a save
// dialog, saved at the end otherwise, whole ID numbers only when ticked.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Area } from '../../../src/domain/areas.ts';
import type { GapHousehold, SyncIssue } from '../../../src/domain/review.ts';
import { fakeServices, freshDb, renderApp, sessionOf } from './helpers.tsx';
import { COMMUNE, NOW, ROWS, serveCommune } from './review-data.ts';
import { atFixtureTime, bytesOf, captureDownloads, officer } from './review-helpers.tsx';

atFixtureTime();

const asOf = new Date(NOW).toISOString();

/** A gate the fake's later pages wait behind, opened by the test. */
function gate() {
  let open = () => {};
  const promise = new Promise<void>((done) => {
    open = done;
  });
  return { promise, open };
}

const household = (i: number): GapHousehold => ({
  id: `h-${String(i).padStart(5, '0')}`,
  villageId: 'thon-dong',
  headName: `Nguyễn Văn ${i}`,
  address: `Số ${i}, xóm Chùa`,
  householdCode: null,
  persons14plus: 1,
  withoutCard14plus: 1,
  withoutVneid14plus: 0,
  openTasks: 0,
  lastMetOn: null,
});

describe('a village of 2,500 households, a page at a time', () => {
  it('shows the first 1,000 with "Đang tải thêm…", then all of them; the export only once all came', async () => {
    const fakes = officer();
    const many = Array.from({ length: 2500 }, (_, i) => household(i + 1));
    fakes.review.gaps = async () => ({ ok: true, value: { asOf, households: many } });
    const later = gate();
    fakes.review.pageGate = later.promise;
    renderApp(freshDb(), '/tong-hop/thon/thon-dong', fakes);
    await screen.findByRole('heading', { level: 1, name: 'Thôn Đông' });
    await screen.findByText('Đang tải thêm… (đã có 1000 hộ)');
    expect(document.querySelectorAll('.gap-list li')).toHaveLength(50);
    expect(screen.queryByRole('group', { name: 'Xuất danh sách hộ còn thiếu' })).toBeNull();
    later.open();
    await waitFor(() => expect(screen.queryByText(/Đang tải thêm/)).toBeNull());
    expect(document.querySelector('.gap-count')!.textContent).toBe('2500 hộ còn thiếu trong 2500 hộ');
    expect(screen.getByRole('group', { name: 'Xuất danh sách hộ còn thiếu' })).toBeTruthy();
    expect(fakes.review.pageCalls).toEqual([
      'gapsPage thon-dong all 1000 0',
      'gapsPage thon-dong all 1000 1000',
      'gapsPage thon-dong all 1000 2000',
    ]);
  });

  it('a page that fails after the first keeps what came, says why, and offers "Thử lại"', async () => {
    const fakes = officer();
    const many = Array.from({ length: 1500 }, (_, i) => household(i + 1));
    let calls = 0;
    fakes.review.gaps = async () => {
      calls++;
      return calls === 2
        ? { ok: false, failure: { kind: 'network', message: 'offline' } }
        : { ok: true, value: { asOf, households: many } };
    };
    renderApp(freshDb(), '/tong-hop/thon/thon-dong', fakes);
    await screen.findByText('Chưa tải hết danh sách: không có kết nối.');
    expect(document.querySelector('.gap-count')!.textContent).toBe('1000 hộ còn thiếu trong 1000 hộ');
    fireEvent.click(screen.getByRole('button', { name: 'Thử lại' }));
    await waitFor(() =>
      expect(document.querySelector('.gap-count')!.textContent).toBe('1500 hộ còn thiếu trong 1500 hộ'),
    );
    expect(screen.queryByText(/Chưa tải hết/)).toBeNull();
  });
});

describe('the issues, 200 at a time', () => {
  it('shows the newest 200 at once, then the older ones', async () => {
    const fakes = officer();
    const issues: SyncIssue[] = Array.from({ length: 450 }, (_, i) => ({
      mutationId: `m-${i}`,
      at: new Date(NOW - i * 60_000).toISOString(),
      status: 'rejected',
      userId: 'u-hoa',
      userName: 'Lê Thị Hoa',
      deviceId: 'dev-hoa',
      villageId: 'thon-dong',
      householdId: 'h-1',
      entity: 'household',
      entityId: 'h-1',
      headName: 'Nguyễn Văn Một',
      address: 'Số 1',
      error: { code: 'invalid', message: 'address: required' },
    }));
    fakes.review.issueAnswers.set(COMMUNE, issues);
    const later = gate();
    fakes.review.pageGate = later.promise;
    renderApp(freshDb(), `/tong-hop/xung-dot?xa=${COMMUNE}`, fakes);
    await screen.findByText('Đang tải thêm…');
    expect(document.querySelectorAll('.review-issue-list li')).toHaveLength(200);
    later.open();
    await waitFor(() => expect(document.querySelectorAll('.review-issue-list li')).toHaveLength(450));
    expect(screen.queryByText('Đang tải thêm…')).toBeNull();
    expect(fakes.review.pageCalls).toEqual([
      `issuesPage ${COMMUNE} 200 0`,
      `issuesPage ${COMMUNE} 200 200`,
      `issuesPage ${COMMUNE} 200 400`,
    ]);
  });
});

describe('the overview’s phones and exports page too', () => {
  it('asks for the phones and the gap list page by page', async () => {
    const fakes = officer();
    renderApp(freshDb(), `/tong-hop?xa=${COMMUNE}`, fakes);
    await screen.findByRole('heading', { name: 'Tổng hợp số liệu' });
    await waitFor(() => expect(fakes.review.pageCalls).toContain(`devicesPage ${COMMUNE} 1000 0`));
    const downloads = captureDownloads();
    const group = await screen.findByRole('group', { name: 'Xuất danh sách hộ còn thiếu' });
    fireEvent.click(within(group).getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(1));
    expect(fakes.review.pageCalls).toContain(`gapsPage ${COMMUNE} 1000 0`);
    expect(fakes.review.calls.filter((c) => c.startsWith('devices') || c.startsWith('gaps'))).toEqual([
      `devices ${COMMUNE}`,
      `gaps ${COMMUNE}`,
    ]);
  });
});

// The province screen's streamed lists.
const PROVINCE = 'tinh-thai-nguyen';
const AREAS: Area[] = [
  { id: PROVINCE, kind: 'province', name: 'Tỉnh Thái Nguyên', parentId: null },
  { id: COMMUNE, kind: 'commune', name: 'Xã An Bình', parentId: PROVINCE },
];

function provinceOfficer() {
  const fakes = fakeServices(
    sessionOf({
      id: 'u-tinh',
      name: 'Hoàng Văn Tỉnh',
      phone: '0900000009',
      role: 'police',
      areaIds: [PROVINCE],
    }),
  );
  fakes.account.areas = async () => ({ ok: true, value: AREAS });
  serveCommune(fakes.review);
  fakes.review.tallyAnswers.set(PROVINCE, {
    asOf,
    rows: [{ ...ROWS[0]!, areaId: COMMUNE }],
    total: ROWS[0]!,
  });
  fakes.review.csvFiles.set(`gaps ${PROVINCE}`, ['\uFEFFXã, phường,Thôn\r\n', 'Xã An Bình,Thôn Đông\r\n']);
  fakes.review.csvFiles.set(`persons ${PROVINCE}`, ['\uFEFFmasked\r\n']);
  fakes.review.csvFiles.set(`persons ${PROVINCE} fullIds`, ['\uFEFFwhole\r\n']);
  return fakes;
}

async function openProvince(fakes = provinceOfficer()) {
  renderApp(freshDb(), '/tong-hop/tinh', fakes);
  await screen.findByRole('heading', { name: 'Danh sách toàn tỉnh' });
  return fakes;
}

const text = async (blob: Blob) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await bytesOf(blob));

describe('Danh sách toàn tỉnh: the province’s lists as streamed CSV files', () => {
  it('without a save dialog to script, gathers the file and saves it under the server’s name', async () => {
    const downloads = captureDownloads();
    const fakes = await openProvince();
    fireEvent.click(screen.getByRole('button', { name: 'Tải danh sách hộ còn thiếu (CSV)' }));
    await screen.findByText(/^Đã lưu tệp so06-gaps-tinh-thai-nguyen\.csv/);
    expect(downloads.names).toEqual(['so06-gaps-tinh-thai-nguyen.csv']);
    expect(await text(downloads.blobs[0]!)).toBe('\uFEFFXã, phường,Thôn\r\nXã An Bình,Thôn Đông\r\n');
    expect(fakes.review.calls).toContain(`csv gaps ${PROVINCE}`);
  });

  it('whole ID numbers only when ticked, and unticked again after the file', async () => {
    const downloads = captureDownloads();
    const fakes = await openProvince();
    const persons = screen.getByRole('button', { name: 'Tải danh sách người còn thiếu (CSV)' });
    fireEvent.click(persons);
    await waitFor(() => expect(downloads.blobs).toHaveLength(1));
    const box = screen.getByRole('checkbox', { name: 'Xuất đầy đủ số định danh' }) as HTMLInputElement;
    fireEvent.click(box);
    expect(box.checked).toBe(true);
    fireEvent.click(persons);
    await waitFor(() => expect(downloads.blobs).toHaveLength(2));
    expect(box.checked).toBe(false);
    expect(await text(downloads.blobs[0]!)).toBe('\uFEFFmasked\r\n');
    expect(await text(downloads.blobs[1]!)).toBe('\uFEFFwhole\r\n');
    expect(fakes.review.calls.filter((c) => c.startsWith('csv'))).toEqual([
      `csv persons ${PROVINCE}`,
      `csv persons ${PROVINCE} fullIds`,
    ]);
  });

  it('where the browser offers a save dialog, writes each chunk to the picked file as it comes', async () => {
    const downloads = captureDownloads();
    const written: string[] = [];
    let closed = false;
    const picker = vi.fn(async (options: { suggestedName: string }) => ({
      name: `chosen-${options.suggestedName}`,
      createWritable: async () =>
        new WritableStream<Uint8Array>({
          write(chunk) {
            written.push(new TextDecoder('utf-8', { ignoreBOM: true }).decode(chunk));
          },
          close() {
            closed = true;
          },
        }),
    }));
    Object.assign(window, { showSaveFilePicker: picker });
    try {
      await openProvince();
      fireEvent.click(screen.getByRole('button', { name: 'Tải danh sách hộ còn thiếu (CSV)' }));
      await screen.findByText(/^Đã lưu tệp chosen-so06-ho-con-thieu-tinh-thai-nguyen-2026-11-23\.csv/);
      expect(picker.mock.calls[0]![0].suggestedName).toBe(
        'so06-ho-con-thieu-tinh-thai-nguyen-2026-11-23.csv',
      );
      expect(written).toEqual(['\uFEFFXã, phường,Thôn\r\n', 'Xã An Bình,Thôn Đông\r\n']);
      expect(closed).toBe(true);
      // Nothing went through a Blob.
      expect(downloads.blobs).toEqual([]);
    } finally {
      delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
    }
  });

  it('a refusal is said in words, and nothing is saved', async () => {
    const downloads = captureDownloads();
    const fakes = provinceOfficer();
    fakes.review.csvFiles.delete(`gaps ${PROVINCE}`);
    await openProvince(fakes);
    fireEvent.click(screen.getByRole('button', { name: 'Tải danh sách hộ còn thiếu (CSV)' }));
    await screen.findByText('Không tải được tệp: không tìm thấy trên máy chủ.');
    expect(downloads.blobs).toEqual([]);
  });

  it('a connection cut before the end saves nothing and says so', async () => {
    const downloads = captureDownloads();
    const fakes = await openProvince();
    fakes.review.csvFile = async () => ({
      ok: true,
      value: {
        filename: 'x.csv',
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('\uFEFFhalf'));
            controller.error(new TypeError('network error'));
          },
        }),
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Tải danh sách hộ còn thiếu (CSV)' }));
    await screen.findByText(/kết nối bị ngắt giữa chừng, tệp chưa được lưu/);
    expect(downloads.blobs).toEqual([]);
  });
});
