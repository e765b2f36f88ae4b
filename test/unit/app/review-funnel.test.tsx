// @vitest-environment jsdom
// [RV12] "VNeID mức 2 theo thôn" with the fake review server: the commune's and each village's funnel
// (figures, shares, the bars' words), the villages by how many are still not activated, the line naming
// the villages that most need home visits, the blockers table and its CSV and XLSX in the same order,
// and a failed load said in words, with "Thử lại" that loads again. Then the screen's arithmetic alone.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { FunnelAnswer, FunnelBlocker, FunnelRow } from '../../../src/domain/trends.ts';
import { funnelVi } from '../../../src/app/review/funnel-messages.ts';
import {
  barParts,
  byRemaining,
  funnelFileName,
  funnelTable,
  remaining,
  topHomeVisits,
} from '../../../src/app/review/funnel-model.ts';
import { freshDb, renderApp } from './helpers.tsx';
import { COMMUNE, NOW } from './review-data.ts';
import { atFixtureTime, captureDownloads, csvRowsOf, officer, xlsxRowsOf } from './review-helpers.tsx';

const row = (
  areaId: string,
  areaName: string,
  [persons14plus, registered, activated]: [number, number, number],
  blockers: Partial<Record<FunnelBlocker, number>> = {},
): FunnelRow => ({
  areaId,
  areaName,
  persons14plus,
  registered,
  activated,
  blockers: {
    no_own_sim: 0,
    no_smartphone: 0,
    home_visit: 0,
    working_away: 0,
    refused: 0,
    other: 0,
    unknown: 0,
    ...blockers,
  },
});

// As the server answers: by village name. Still to reach: Đông 150, Trung 80, Đoài 50, Bãi 0.
const DOAI = row('thon-doai', 'Thôn Đoài', [250, 220, 200], { home_visit: 30, unknown: 20 });
const DONG = row('thon-dong', 'Thôn Đông', [300, 180, 150], {
  no_own_sim: 40,
  no_smartphone: 30,
  home_visit: 20,
  working_away: 25,
  refused: 5,
  other: 10,
  unknown: 20,
});
const TRUNG = row('thon-trung', 'Thôn Trung', [100, 40, 20], {
  home_visit: 5,
  refused: 10,
  no_smartphone: 65,
});
// A new village: nobody counted yet. Its shares must read 0, not NaN.
const BAI = row('xom-bai', 'Xóm Bãi', [0, 0, 0]);
const TOTAL = row(COMMUNE, 'Xã An Bình', [650, 440, 370], {
  no_own_sim: 40,
  no_smartphone: 95,
  home_visit: 55,
  working_away: 25,
  refused: 15,
  other: 10,
  unknown: 40,
});
const ANSWER: FunnelAnswer = {
  asOf: new Date(NOW).toISOString(),
  rows: [DOAI, DONG, TRUNG, BAI],
  total: TOTAL,
};
const ORDER = ['thon-dong', 'thon-trung', 'thon-doai', 'xom-bai'];

atFixtureTime();

async function openFunnel(path = '/tong-hop/vneid') {
  const fakes = officer();
  fakes.review.funnelAnswers.set(COMMUNE, ANSWER);
  renderApp(freshDb(), path, fakes);
  await screen.findByRole('heading', { name: 'VNeID mức 2 theo thôn' });
  await waitFor(() => expect(document.querySelector('.funnel-table')).not.toBeNull());
  return fakes;
}

const listOrder = () =>
  [...document.querySelectorAll<HTMLElement>('.funnel-list > li')].map((li) => li.dataset.areaId);
const tableOrder = () =>
  [...document.querySelectorAll<HTMLElement>('.funnel-table tbody tr')].map((tr) => tr.dataset.areaId);
const cell = (areaId: string, column: string) =>
  document.querySelector(`.funnel-table tr[data-area-id="${areaId}"] [data-column="${column}"]`)?.textContent;

describe('[RV12] VNeID mức 2 theo thôn', () => {
  it('asks for the commune’s funnel and shows the commune’s figures with their shares', async () => {
    const fakes = await openFunnel();
    expect(fakes.review.calls).toContain(`funnel ${COMMUNE}`);
    expect(screen.getByText('Số liệu lúc 10:00 · 23/11/2026')).toBeTruthy();
    const commune = document.querySelector<HTMLElement>('.funnel-total')!;
    const figure = (name: string) => commune.querySelector(`[data-figure="${name}"] dd`)?.textContent;
    expect(figure('persons14plus')).toBe('650');
    // 440 of 650 is 67.69 %; 370 of 650 is 56.92 %.
    expect(figure('registered')).toBe('440 (67,7%)');
    expect(figure('activated')).toBe('370 (56,9%)');
    // The bar's words, for a screen reader.
    expect(
      within(commune).getByRole('img', {
        name: 'Xã An Bình: 650 người từ 14 tuổi, 440 (67,7%) đã thu nhận hồ sơ, 370 (56,9%) đã kích hoạt',
      }),
    ).toBeTruthy();
  });

  it('lists the villages by how many are still not activated, most first, in the bars and the table', async () => {
    await openFunnel();
    expect(listOrder()).toEqual(ORDER);
    expect(tableOrder()).toEqual(ORDER);
    expect(cell('thon-dong', 'persons14plus')).toBe('300');
    expect(cell('thon-dong', 'registered')).toBe('180 (60,0%)');
    expect(cell('thon-dong', 'activated')).toBe('150 (50,0%)');
    expect(cell('thon-dong', 'remaining')).toBe('150');
    expect(cell('thon-dong', 'no_own_sim')).toBe('40');
    expect(cell('thon-dong', 'unknown')).toBe('20');
    expect(cell('xom-bai', 'registered')).toBe('0 (0,0%)');
    expect(cell(COMMUNE, 'remaining')).toBe('280');
    expect(cell(COMMUNE, 'no_smartphone')).toBe('95');
    const bai = document.querySelector('.funnel-list li[data-area-id="xom-bai"]')!;
    expect(
      within(bai as HTMLElement).getByRole('img', { name: 'Xóm Bãi: chưa có người từ 14 tuổi' }),
    ).toBeTruthy();
    // The bar of Thôn Đông: 50 % activated, 10 % taken and waiting, 40 % without an application.
    const widths = [...document.querySelectorAll<HTMLElement>('li[data-area-id="thon-dong"] .seg')].map(
      (s) => s.style.width,
    );
    expect(widths).toEqual(['50%', '10%', '40%']);
    // A village's name leads to its households.
    expect(screen.getByRole('link', { name: 'Thôn Trung' }).getAttribute('href')).toBe(
      '/tong-hop/thon/thon-trung',
    );
  });

  it('heads the blockers table with the seven reasons, in Vietnamese', async () => {
    await openFunnel();
    const headings = [...document.querySelectorAll('.funnel-table thead th')].map((th) => th.textContent);
    expect(headings).toEqual([
      'Thôn',
      'Từ 14 tuổi',
      'Đã thu nhận hồ sơ',
      'Đã kích hoạt',
      'Chưa kích hoạt',
      'Không có SIM chính chủ',
      'Không có điện thoại thông minh',
      'Cần đến tận nhà',
      'Đi làm ăn xa',
      'Từ chối',
      'Lý do khác',
      'Chưa rõ lý do',
    ]);
    // The table scrolls in its own box, from the keyboard too.
    const region = screen.getByRole('region', { name: 'Bảng lý do chưa kích hoạt VNeID mức 2 theo thôn' });
    expect(region.getAttribute('tabindex')).toBe('0');
  });

  it('names the villages that most need home visits', async () => {
    await openFunnel();
    expect(document.querySelector('.funnel-home-visits')!.textContent).toBe(
      'Cần đến tận nhà nhiều nhất: Thôn Đoài (30 người), Thôn Đông (20 người), Thôn Trung (5 người).',
    );
  });

  it('exports the table as CSV and Excel, in the screen’s order, then the total', async () => {
    await openFunnel();
    const downloads = captureDownloads();
    const group = screen.getByRole('group', { name: 'Xuất bảng VNeID theo thôn' });
    fireEvent.click(within(group).getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(1));
    const [header, ...rows] = await csvRowsOf(downloads.blobs[0]!);
    expect(header).toEqual([
      'Thôn',
      'Từ 14 tuổi',
      'Đã thu nhận hồ sơ',
      'Tỷ lệ đã thu nhận hồ sơ (%, làm tròn xuống)',
      'Đã kích hoạt',
      'Tỷ lệ đã kích hoạt (%, làm tròn xuống)',
      'Chưa kích hoạt',
      'Không có SIM chính chủ',
      'Không có điện thoại thông minh',
      'Cần đến tận nhà',
      'Đi làm ăn xa',
      'Từ chối',
      'Lý do khác',
      'Chưa rõ lý do',
    ]);
    expect(rows).toEqual([
      ['Thôn Đông', '300', '180', '60%', '150', '50%', '150', '40', '30', '20', '25', '5', '10', '20'],
      ['Thôn Trung', '100', '40', '40%', '20', '20%', '80', '0', '65', '5', '0', '10', '0', '0'],
      ['Thôn Đoài', '250', '220', '88%', '200', '80%', '50', '0', '0', '30', '0', '0', '0', '20'],
      ['Xóm Bãi', '0', '0', '0%', '0', '0%', '0', '0', '0', '0', '0', '0', '0', '0'],
      ['Tổng cộng', '650', '440', '67%', '370', '56%', '280', '40', '95', '55', '25', '15', '10', '40'],
    ]);
    expect(downloads.names[0]).toBe('so06-vneid-theo-thon-xa-an-binh-2026-11-23.csv');

    fireEvent.click(within(group).getByRole('button', { name: 'Excel' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(2));
    const [title, xlsxHeader, ...xlsxRows] = await xlsxRowsOf(downloads.blobs[1]!);
    expect(String(title![0])).toBe('Xã An Bình — Số liệu lúc 23/11/2026 10:00');
    expect(xlsxRows.map((r) => r[0])).toEqual([
      'Thôn Đông',
      'Thôn Trung',
      'Thôn Đoài',
      'Xóm Bãi',
      'Tổng cộng',
    ]);
    expect(xlsxRows[4]![xlsxHeader!.indexOf('Tỷ lệ đã thu nhận hồ sơ (%)')]).toBe(67.7);
    expect(xlsxRows[4]![xlsxHeader!.indexOf('Chưa rõ lý do')]).toBe(40);
    expect(downloads.names[1]).toBe('so06-vneid-theo-thon-xa-an-binh-2026-11-23.xlsx');
    expect(screen.getByRole('button', { name: 'In báo cáo (A4)' })).toBeTruthy();
  });

  it('says why it could not load, and loads again on "Thử lại"', async () => {
    const fakes = officer();
    fakes.review.funnelAnswers.set(COMMUNE, ANSWER);
    fakes.review.failure = { kind: 'network', message: 'offline' };
    renderApp(freshDb(), '/tong-hop/vneid', fakes);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Không tải được số liệu: không có kết nối.');
    expect(document.querySelector('.funnel-table')).toBeNull();
    fakes.review.failure = null;
    fireEvent.click(within(alert).getByRole('button', { name: 'Thử lại' }));
    await waitFor(() => expect(tableOrder()).toEqual(ORDER));
    expect(fakes.review.calls.filter((c) => c === `funnel ${COMMUNE}`)).toHaveLength(2);
  });

  it('offers signing in again when the session has expired', async () => {
    const fakes = officer();
    fakes.review.failure = { kind: 'unauthenticated', message: 'expired' };
    renderApp(freshDb(), '/tong-hop/vneid', fakes);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('link', { name: 'Đăng nhập lại' })).toBeTruthy();
  });

  it('?xa= names the commune asked for', async () => {
    const fakes = await openFunnel(`/tong-hop/vneid?xa=${COMMUNE}`);
    expect(fakes.review.calls).toContain(`funnel ${COMMUNE}`);
    expect(document.querySelector('.review-funnel')!.getAttribute('data-commune-id')).toBe(COMMUNE);
  });
});

describe('[RV12] the funnel’s arithmetic', () => {
  it('orders by persons not yet activated, then by name in Vietnamese order', () => {
    const a = row('a', 'Thôn Ấp', [10, 5, 5]);
    const b = row('b', 'Thôn Bến', [8, 3, 3]);
    const c = row('c', 'Thôn An', [20, 20, 15]);
    expect(byRemaining([a, b, c]).map((r) => r.areaId)).toEqual(['c', 'a', 'b']);
    expect(remaining(a)).toBe(5);
  });

  it('names at most three villages with home visits, none without one', () => {
    expect(topHomeVisits([DOAI, DONG, TRUNG, BAI]).map((r) => r.areaId)).toEqual([
      'thon-doai',
      'thon-dong',
      'thon-trung',
    ]);
    expect(topHomeVisits([BAI, row('x', 'X', [5, 0, 0], { unknown: 5 })])).toEqual([]);
  });

  it('splits a bar into activated, waiting and not registered; nothing for nobody', () => {
    expect(barParts(TRUNG)).toEqual({ activated: 20, waiting: 20, notRegistered: 60 });
    expect(barParts(BAI)).toEqual({ activated: 0, waiting: 0, notRegistered: 0 });
  });

  it('builds the export table and its file name', () => {
    const table = funnelTable([DONG], TOTAL, funnelVi);
    expect(table.columns.map((c) => c.kind)).toEqual([
      'text',
      'count',
      'count',
      'share',
      'count',
      'share',
      'count',
      ...Array(7).fill('count'),
    ]);
    expect(table.rows.map((r) => r[0])).toEqual(['Thôn Đông', 'Tổng cộng']);
    expect(funnelFileName('Xã Hoà Bình', '2026-11-22T17:30:00.000Z', 'csv')).toBe(
      'so06-vneid-theo-thon-xa-hoa-binh-2026-11-23.csv',
    );
  });
});
