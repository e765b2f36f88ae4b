// @vitest-environment jsdom
// [RV11] The persons still missing a card or VNeID, exported by the commune police from the overview
// and from a village: ID numbers masked unless "Xuất đầy đủ số định danh" is ticked, which asks the
// server for the whole numbers (the server records it) and is unticked again after each export.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { freshDb, renderApp } from './helpers.tsx';
import { COMMUNE, MISSING_PERSONS } from './review-data.ts';
import {
  atFixtureTime,
  captureDownloads,
  csvRowsOf,
  officer,
  tableOrder,
  xlsxRowsOf,
} from './review-helpers.tsx';

atFixtureTime();

const GROUP = 'Xuất danh sách nhân khẩu còn thiếu';
const TICK = 'Xuất đầy đủ số định danh';
const NOTE = /ghi vào nhật ký quản lý, kèm tên cán bộ và thời gian/;
const WHOLE = MISSING_PERSONS.map((p) => p.idNumber).filter((n): n is string => typeof n === 'string');
const VILLAGE_NAMES: Record<string, string> = { 'thon-dong': 'Thôn Đông', 'thon-doai': 'Thôn Đoài' };

const tick = () => screen.getByRole<HTMLInputElement>('checkbox', { name: TICK });
const personCalls = (calls: string[]) => calls.filter((c) => c.startsWith('persons '));

async function openOverview() {
  const fakes = officer();
  renderApp(freshDb(), '/', fakes);
  await waitFor(() => expect(tableOrder()).toHaveLength(3));
  return fakes;
}

describe('[RV11] the persons export on the overview', () => {
  it('[RV11] is masked by default: the box is off, the server is asked without fullIds, no whole number in the file', async () => {
    const downloads = captureDownloads();
    const fakes = await openOverview();
    expect(tick().checked).toBe(false);
    expect(screen.queryByText(NOTE)).toBeNull();
    const group = screen.getByRole('group', { name: GROUP });
    fireEvent.click(within(group).getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(1));
    expect(personCalls(fakes.review.calls)).toEqual([`persons ${COMMUNE}`]);
    expect(downloads.names).toEqual(['so06-nhan-khau-con-thieu-xa-an-binh-2026-11-23.csv']);
    const [header, ...rows] = await csvRowsOf(downloads.blobs[0]!);
    const id = header!.indexOf('Số định danh (4 số cuối)');
    expect(id).toBeGreaterThan(0);
    expect(header).not.toContain('Số định danh');
    // In the villages' order of the table on screen, each village's own order kept.
    const order = tableOrder().filter((v) => v! in VILLAGE_NAMES);
    const byVillage = (v: string | undefined) =>
      MISSING_PERSONS.filter((p) => p.villageId === v).map((p) => p.fullName);
    expect(rows.map((r) => r[4])).toEqual(order.flatMap(byVillage));
    expect(rows.map((r) => r[0])).toEqual(order.flatMap((v) => byVillage(v).map(() => VILLAGE_NAMES[v!])));
    const dong = rows.find((r) => r[4] === 'Nguyễn Văn Đức')!;
    expect(dong[id]).toBe('••••••••2345');
    expect(dong[6]).toBe('Chủ hộ');
    expect(rows.find((r) => r[4] === 'Trần Thị Mai')![id]).toBe('');
    const text = rows.flat().join('\n');
    for (const n of WHOLE) expect(text).not.toContain(n);
  });

  it('[RV11] ticked: says it is recorded, asks with fullIds=1, writes whole numbers as text, then unticks itself', async () => {
    const downloads = captureDownloads();
    const fakes = await openOverview();
    fireEvent.click(tick());
    expect(tick().checked).toBe(true);
    expect(screen.getByText(NOTE).classList.contains('muted')).toBe(true);

    const group = screen.getByRole('group', { name: GROUP });
    fireEvent.click(within(group).getByRole('button', { name: 'Excel' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(1));
    expect(personCalls(fakes.review.calls)).toEqual([`persons ${COMMUNE} fullIds`]);
    const [title, header, ...rows] = await xlsxRowsOf(downloads.blobs[0]!);
    expect(String(title![0])).toContain('Số liệu lúc 23/11/2026 10:00');
    const id = header!.indexOf('Số định danh');
    expect(id).toBeGreaterThan(0);
    const duc = rows.find((r) => r[4] === 'Nguyễn Văn Đức')!;
    // All twelve digits, leading zeros kept: a string cell, never a number Excel would round.
    expect(duc[id]).toBe('001075012345');
    expect(rows.find((r) => r[4] === 'Phạm Thị Hằng')![id]).toBe('034172005678');

    // Unticked again: the next export is masked unless the officer ticks once more.
    await waitFor(() => expect(tick().checked).toBe(false));
    expect(screen.queryByText(NOTE)).toBeNull();
    fireEvent.click(within(group).getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(2));
    expect(personCalls(fakes.review.calls)).toEqual([`persons ${COMMUNE} fullIds`, `persons ${COMMUNE}`]);
    const csv = (await csvRowsOf(downloads.blobs[1]!)).flat().join('\n');
    for (const n of WHOLE) expect(csv).not.toContain(n);
  });

  it('[RV11] a failed request says why, makes no file, and leaves the box unticked', async () => {
    const downloads = captureDownloads();
    const fakes = await openOverview();
    fireEvent.click(tick());
    fakes.review.failure = { kind: 'network', message: 'offline' };
    const group = screen.getByRole('group', { name: GROUP });
    fireEvent.click(within(group).getByRole('button', { name: 'CSV' }));
    expect(await screen.findByText('Không tạo được tệp: không có kết nối.')).toBeTruthy();
    expect(downloads.blobs).toEqual([]);
    expect(personCalls(fakes.review.calls)).toEqual([`persons ${COMMUNE} fullIds`]);
    expect(tick().checked).toBe(false);
  });
});

describe('[RV11] the persons export on a village', () => {
  it('[RV11] asks for the village alone, masked, then with fullIds=1 when ticked', async () => {
    const downloads = captureDownloads();
    const fakes = officer();
    renderApp(freshDb(), '/tong-hop/thon/thon-dong', fakes);
    await screen.findByRole('heading', { level: 1, name: 'Thôn Đông' });
    const group = await screen.findByRole('group', { name: GROUP });
    expect(tick().checked).toBe(false);

    fireEvent.click(within(group).getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(1));
    expect(downloads.names[0]).toBe('so06-nhan-khau-con-thieu-thon-dong-2026-11-23.csv');
    const [, ...rows] = await csvRowsOf(downloads.blobs[0]!);
    expect(rows.map((r) => r[4])).toEqual(['Nguyễn Văn Đức', 'Trần Thị Mai']);
    expect(rows[0]![7]).toBe('••••••••2345');

    fireEvent.click(tick());
    expect(screen.getByText(NOTE)).toBeTruthy();
    fireEvent.click(within(group).getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(2));
    expect(personCalls(fakes.review.calls)).toEqual(['persons thon-dong', 'persons thon-dong fullIds']);
    const [header, ...whole] = await csvRowsOf(downloads.blobs[1]!);
    expect(header![7]).toBe('Số định danh');
    // Kept as text by Excel: ="…".
    expect(whole[0]![7]).toBe('="001075012345"');
    await waitFor(() => expect(tick().checked).toBe(false));
  });
});
