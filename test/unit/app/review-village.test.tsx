// @vitest-environment jsdom
// A village's household list for the commune police: the gap filters and "Tất cả hộ" (every household,
// from one all=1 request), a search that needs no tone marks, fifty at a time in one stable order,
// and the export of exactly what the list holds (filter, search, order), not only the page shown.
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import {
  FILTERS,
  indexHouseholds,
  PAGE_SIZE,
  shownHouseholds,
} from '../../../src/app/review/village-model.ts';
import type { GapHousehold } from '../../../src/domain/review.ts';
import { freshDb, renderApp } from './helpers.tsx';
import { GAPS, NO_GAP, VILLAGE_HOUSEHOLDS } from './review-data.ts';
import { atFixtureTime, captureDownloads, csvRowsOf, officer } from './review-helpers.tsx';

const ADDRESS = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });
const byAddress = (a: GapHousehold, b: GapHousehold) => ADDRESS.compare(a.address, b.address);

atFixtureTime();

const ids = () =>
  [...document.querySelectorAll<HTMLElement>('.gap-list li')].map((li) => li.dataset.householdId);
const count = () => document.querySelector('.gap-count')!.textContent;
const search = (text: string) =>
  fireEvent.input(screen.getByRole('searchbox', { name: 'Tìm hộ trong thôn' }), { target: { value: text } });

async function openVillage() {
  const fakes = officer();
  renderApp(freshDb(), '/tong-hop/thon/thon-dong', fakes);
  await screen.findByRole('heading', { level: 1, name: 'Thôn Đông' });
  await waitFor(() => expect(ids().length).toBeGreaterThan(0));
  return fakes;
}

describe('the village list on screen', () => {
  it('opens on the households with gaps, with "Tất cả hộ" beside the gap filters', async () => {
    const fakes = await openVillage();
    expect(ids()).toEqual([GAPS[0]!.id, GAPS[1]!.id]);
    expect(count()).toBe('2 hộ còn thiếu trong 120 hộ');
    const chips = [...document.querySelectorAll<HTMLElement>('.chips button')].map((b) => b.textContent);
    expect(chips).toEqual(['Còn thiếu', 'Thiếu CCCD', 'Thiếu VNeID mức 2', 'Còn việc mở', 'Tất cả hộ']);
    expect(screen.getByRole('button', { name: 'Còn thiếu' }).getAttribute('aria-pressed')).toBe('true');
    // One request, every household of the village.
    expect(fakes.review.calls).toContain('gaps thon-dong all');
  });

  it('shows every household with "Tất cả hộ", fifty at a time, in one order across the pages', async () => {
    await openVillage();
    fireEvent.click(screen.getByRole('button', { name: 'Tất cả hộ' }));
    expect(count()).toBe('120 hộ');
    expect(ids()).toHaveLength(PAGE_SIZE);
    const first = ids();
    fireEvent.click(screen.getByRole('button', { name: 'Xem thêm (50/120)' }));
    expect(ids()).toHaveLength(100);
    // The first page stays where it was: more rows only come after it.
    expect(ids().slice(0, PAGE_SIZE)).toEqual(first);
    fireEvent.click(screen.getByRole('button', { name: 'Xem thêm (100/120)' }));
    expect(ids()).toHaveLength(120);
    expect(screen.queryByRole('button', { name: /Xem thêm/ })).toBeNull();
    // By address, numbers by value, the roster a volunteer walks.
    expect(ids()).toEqual([...VILLAGE_HOUSEHOLDS].sort(byAddress).map((h) => h.id));
    // A household without a gap says so.
    const noGap = document.querySelector(`li[data-household-id="${NO_GAP[0]!.id}"]`)!;
    expect(noGap.textContent).toContain('Không còn thiếu');
  });

  it('searches head, address and code without tone marks, and starts again at the first page', async () => {
    await openVillage();
    fireEvent.click(screen.getByRole('button', { name: 'Tất cả hộ' }));
    fireEvent.click(screen.getByRole('button', { name: /Xem thêm/ }));
    expect(ids()).toHaveLength(100);

    search('nguyen van duc');
    expect(ids()).toEqual([GAPS[0]!.id]);
    expect(count()).toBe('Tìm thấy 1 hộ');
    search('DUC');
    expect(ids()).toEqual([GAPS[0]!.id]);
    // The address, typed the way a keyboard without Vietnamese marks types it.
    search('xom 1 so 3');
    expect(ids()).toEqual([GAPS[1]!.id]);
    // The household code, whole or in part.
    search('HB-0012');
    expect(ids()).toEqual([GAPS[0]!.id]);
    search('001000');
    expect(ids()).toEqual([NO_GAP[0]!.id]);
    // Every "Hoàng" (10 households), typed "hoang": one page, no "Xem thêm".
    search('hoang');
    expect(ids()).toHaveLength(NO_GAP.filter((h) => h.headName.startsWith('Hoàng')).length);
    search('không có ai tên này');
    expect(ids()).toEqual([]);
    expect(screen.getByText('Không tìm thấy hộ nào. Thử gõ ít chữ hơn, không cần dấu.')).toBeTruthy();
    // Cleared: the whole list again, from its first page.
    search('');
    expect(ids()).toHaveLength(PAGE_SIZE);
  });

  it('searches within the chosen filter', async () => {
    await openVillage();
    search('tran thi mai');
    expect(ids()).toEqual([GAPS[1]!.id]);
    fireEvent.click(screen.getByRole('button', { name: 'Thiếu CCCD' }));
    // Trần Thị Mai has her card: not in this filter.
    expect(ids()).toEqual([]);
    expect(screen.getByText('Không tìm thấy hộ nào. Thử gõ ít chữ hơn, không cần dấu.')).toBeTruthy();
  });

  it('exports what the list holds: every matching household, in the order shown, not only the page', async () => {
    const downloads = captureDownloads();
    await openVillage();
    fireEvent.click(screen.getByRole('button', { name: 'Tất cả hộ' }));
    expect(ids()).toHaveLength(PAGE_SIZE);
    const group = screen.getByRole('group', { name: 'Xuất danh sách hộ' });
    fireEvent.click(group.querySelector('button')!);
    await waitFor(() => expect(downloads.names).toEqual(['so06-danh-sach-ho-thon-dong-2026-11-23.csv']));
    const [header, ...rows] = await csvRowsOf(downloads.blobs[0]!);
    expect(header![0]).toBe('Thôn');
    const shown = [...VILLAGE_HOUSEHOLDS].sort(byAddress);
    expect(rows.map((r) => r[2])).toEqual(shown.map((h) => h.headName));
    // A code of digits stays text, leading zeros and all.
    const code = rows.find((r) => r[2] === NO_GAP[0]!.headName)![1];
    expect(code).toBe(`="${NO_GAP[0]!.householdCode}"`);

    // Searched and filtered: the export follows.
    search('hoang');
    fireEvent.click(screen.getByRole('button', { name: 'Còn thiếu' }));
    search('duc');
    const gapGroup = screen.getByRole('group', { name: 'Xuất danh sách hộ còn thiếu' });
    fireEvent.click(gapGroup.querySelector('button')!);
    await waitFor(() => expect(downloads.names[1]).toBe('so06-ho-con-thieu-thon-dong-2026-11-23.csv'));
    const [, ...found] = await csvRowsOf(downloads.blobs[1]!);
    expect(found.map((r) => r[2])).toEqual(['Nguyễn Văn Đức']);
  });
});

describe('shownHouseholds', () => {
  const index = indexHouseholds(VILLAGE_HOUSEHOLDS);

  it('keeps what each filter says, in a total order', () => {
    expect(shownHouseholds(index, 'gaps', '').map((h) => h.id)).toEqual([GAPS[0]!.id, GAPS[1]!.id]);
    expect(shownHouseholds(index, 'card', '').map((h) => h.id)).toEqual([GAPS[0]!.id]);
    expect(shownHouseholds(index, 'tasks', '').map((h) => h.id)).toEqual([GAPS[0]!.id]);
    expect(shownHouseholds(index, 'vneid', '')).toHaveLength(2);
    expect(shownHouseholds(index, 'every', '')).toHaveLength(120);
    for (const filter of FILTERS) {
      // The same answer in any order lists the same way: nothing depends on the server's order.
      const reversed = indexHouseholds([...VILLAGE_HOUSEHOLDS].reverse());
      expect(shownHouseholds(reversed, filter, '')).toEqual(shownHouseholds(index, filter, ''));
    }
  });

  it('orders the gaps most first, then by address with numbers by value; ties by id', () => {
    const h = (id: string, address: string, gaps: number): GapHousehold => ({
      ...GAPS[1]!,
      id,
      address,
      withoutCard14plus: gaps,
      withoutVneid14plus: 0,
      openTasks: 0,
    });
    const list = [h('c', 'Số 10', 1), h('a', 'Số 2', 1), h('d', 'Số 2', 3), h('b', 'Số 2', 1)];
    expect(shownHouseholds(indexHouseholds(list), 'gaps', '').map((x) => x.id)).toEqual(['d', 'a', 'b', 'c']);
    expect(shownHouseholds(indexHouseholds(list), 'every', '').map((x) => x.id)).toEqual([
      'a',
      'b',
      'd',
      'c',
    ]);
  });

  it('matches every typed word at the start of a word, whatever the marks or case', () => {
    expect(shownHouseholds(index, 'every', 'ĐỨC').map((h) => h.id)).toEqual([GAPS[0]!.id]);
    expect(shownHouseholds(index, 'every', 'nguyễn đ').map((h) => h.id)).toEqual([GAPS[0]!.id]);
    expect(shownHouseholds(index, 'every', 'uc')).toEqual([]);
    expect(shownHouseholds(index, 'every', '  ')).toHaveLength(120);
  });
});
