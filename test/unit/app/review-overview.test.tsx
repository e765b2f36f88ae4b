// @vitest-environment jsdom
// The overview on a phone and on a PC. jsdom has no layout: what a phone shows is asserted where it
// is decided, in review.css (below 800 px each table row is a card of labelled figures, the headings
// give way to a "Sắp xếp theo" select; paper always gets the table), and the cards' content here: every
// figure of every village with its label. Then the sort select, the keyboard-scrollable table, and the
// exports in the order the table shows.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { freshDb, renderApp } from './helpers.tsx';
import { COMMUNE, NOW, VILLAGE_HOUSEHOLDS } from './review-data.ts';
import {
  atFixtureTime,
  captureDownloads,
  csvRowsOf,
  officer,
  tableOrder,
  xlsxRowsOf,
} from './review-helpers.tsx';

// Without its comments, whose commas and braces are no selectors.
const CSS = readFileSync(resolve(import.meta.dirname, '../../../src/app/review/review.css'), 'utf8').replace(
  /\/\*[\s\S]*?\*\//g,
  '',
);

/** The text of the block that follows `opening` (a selector or an at-rule), braces matched. */
function block(css: string, opening: string): string {
  const start = css.indexOf(`${opening} {`);
  if (start < 0) throw new Error(`no "${opening} {" in review.css`);
  let depth = 0;
  for (let i = css.indexOf('{', start); i < css.length; i++) {
    if (css[i] === '{') depth++;
    else if (css[i] === '}' && --depth === 0) return css.slice(css.indexOf('{', start) + 1, i);
  }
  throw new Error(`unclosed "${opening}"`);
}

/** The declarations of `selector`'s rule in `css` (its first rule whose selector list holds it). */
function rule(css: string, selector: string): string {
  const re = /([^{}]+)\{([^{}]*)\}/g;
  for (let m = re.exec(css); m; m = re.exec(css)) {
    const selectors = m[1]!.split(',').map((s) => s.trim());
    if (selectors.includes(selector)) return m[2]!;
  }
  throw new Error(`no rule for ${selector}`);
}

const PHONE = '@media screen and (max-width: 800px)';
const NARROW_PHONE = '@media screen and (max-width: 600px)';

atFixtureTime();

async function openOverview() {
  const fakes = officer();
  renderApp(freshDb(), '/', fakes);
  await waitFor(() => expect(tableOrder()).toHaveLength(3));
  return fakes;
}

describe('the overview on a phone', () => {
  it('makes each table row a card of labelled figures below 800 px, two by two below 600 px', () => {
    // Screens only: paper keeps the table.
    const phone = block(CSS, PHONE);
    expect(rule(phone, '.tally-table thead')).toMatch(/display:\s*none/);
    expect(rule(phone, '.tally-table tr')).toMatch(/display:\s*grid/);
    expect(rule(phone, '.tally-table td::before')).toMatch(/content:\s*attr\(data-label\)/);
    expect(rule(phone, '.sort-choice')).toMatch(/display:\s*block/);
    // Nothing to scroll sideways: the table's box lets the cards be as wide as the screen.
    expect(rule(phone, '.tally-scroll')).toMatch(/overflow:\s*visible/);
    expect(rule(block(CSS, NARROW_PHONE), '.tally-table tr')).toMatch(
      /grid-template-columns:\s*repeat\(2, minmax\(0, 1fr\)\)/,
    );
    // Wider, the select is hidden: the column headings sort.
    expect(rule(CSS, '.sort-choice')).toMatch(/display:\s*none/);
    expect(block(CSS, '@media print')).not.toMatch(/display:\s*grid/);
  });

  it('gives every village every figure, each with its label: households, met, 14+, CCCD and VNeID with their shares, open tasks, last sync, the quiet flag', async () => {
    await openOverview();
    for (const tr of document.querySelectorAll<HTMLElement>('.tally-table tbody tr')) {
      const figures = Object.fromEntries(
        [...tr.querySelectorAll<HTMLElement>('td[data-column]')].map((td) => [
          td.dataset.label,
          td.textContent!.replace(/\s+/g, ' ').trim(),
        ]),
      );
      expect(Object.keys(figures)).toEqual([
        'Số hộ',
        'Hộ đã gặp',
        'Từ 14 tuổi',
        'Đã cấp CCCD',
        'VNeID mức 2',
        'Việc còn mở',
        'Đồng bộ gần nhất',
      ]);
      for (const value of Object.values(figures)) expect(value).not.toBe('');
      expect(within(tr).getByRole('link').getAttribute('href')).toBe(`/tong-hop/thon/${tr.dataset.areaId}`);
    }
    const doai = document.querySelector<HTMLElement>('.tally-table tr[data-area-id="thon-doai"]')!;
    expect(doai.querySelector('td[data-column="cccdIssued14plus"]')!.textContent).toBe('100 (40,0%)');
    expect(doai.querySelector('td[data-column="vneidLevel2Active14plus"]')!.textContent).toBe('200 (80,0%)');
    // Quiet, in words and not only in red.
    expect(doai.querySelector('td[data-column="lastSync"]')!.textContent).toContain(
      'Quá 3 ngày chưa đồng bộ',
    );
    const dong = document.querySelector<HTMLElement>('.tally-table tr[data-area-id="thon-dong"]')!;
    expect(dong.querySelector('td[data-column="lastSync"]')!.textContent).toBe('09:00 · 23/11/2026');
    // The total's card: the same figures, labelled; no empty "last sync".
    const total = document.querySelector<HTMLElement>(`.tally-table tr[data-area-id="${COMMUNE}"]`)!;
    expect(total.querySelectorAll('td[data-label]')).toHaveLength(6);
  });

  it('sorts with "Sắp xếp theo": a column, largest first, then reversed', async () => {
    await openOverview();
    const select = screen.getByRole('combobox', { name: 'Sắp xếp theo' });
    expect((select as HTMLSelectElement).value).toBe('areaName');
    fireEvent.change(select, { target: { value: 'vneidPercent' } });
    // VNeID level 2: Đoài 80 %, Đông 50 %, Bãi 0 %.
    expect(tableOrder()).toEqual(['thon-doai', 'thon-dong', 'xom-bai']);
    const direction = screen.getByRole('combobox', { name: 'Thứ tự' }) as HTMLSelectElement;
    expect(direction.value).toBe('desc');
    fireEvent.change(direction, { target: { value: 'asc' } });
    expect(tableOrder()).toEqual(['xom-bai', 'thon-dong', 'thon-doai']);
    // A column of the table: its heading says how it is sorted too.
    fireEvent.change(select, { target: { value: 'openTasks' } });
    expect(tableOrder()).toEqual(['thon-dong', 'thon-doai', 'xom-bai']);
    expect(document.querySelector('th[data-column="openTasks"]')!.getAttribute('aria-sort')).toBe(
      'descending',
    );
    // And a heading tapped on a PC moves the selects.
    fireEvent.click(screen.getByRole('button', { name: /^Thôn/ }));
    expect((select as HTMLSelectElement).value).toBe('areaName');
    expect(direction.value).toBe('asc');
  });
});

describe('the overview’s ways on (issue 17)', () => {
  it('links the campaigns, the trends and targets, and the VNeID funnel of the commune', async () => {
    await openOverview();
    const nav = screen.getByRole('navigation', { name: 'Theo dõi tiến độ' });
    expect(
      [...nav.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')?.split('?')[0]]),
    ).toEqual([
      ['Đợt rà soát', '/tong-hop/dot-ra-soat'],
      ['Tiến độ và chỉ tiêu', '/tong-hop/xu-huong'],
      ['VNeID mức 2 theo thôn', '/tong-hop/vneid'],
    ]);
    for (const a of nav.querySelectorAll('a')) expect(a.getAttribute('href')).toMatch(/\?xa=/);
  });
});

describe('the overview on a PC', () => {
  it('puts the table in a region a keyboard can scroll, named, with aria-sort on the sorted heading', async () => {
    await openOverview();
    const region = screen.getByRole('region', { name: 'Bảng số liệu theo thôn' });
    expect(region.getAttribute('tabindex')).toBe('0');
    expect(region.querySelector('table.tally-table')).toBeTruthy();
    expect(document.querySelector('th[data-column="areaName"]')!.getAttribute('aria-sort')).toBe('ascending');
    const devices = screen.getByRole('region', { name: 'Máy của các tổ công tác' });
    expect(devices.getAttribute('tabindex')).toBe('0');
  });
});

describe('the overview’s exports, in the order on screen', () => {
  it('writes the villages in the table’s current sort, the total last, in CSV and XLSX', async () => {
    const downloads = captureDownloads();
    await openOverview();
    fireEvent.click(screen.getByRole('button', { name: /Đã cấp CCCD/ }));
    expect(tableOrder()).toEqual(['thon-dong', 'thon-doai', 'xom-bai']);
    const group = screen.getByRole('group', { name: 'Xuất bảng tổng hợp' });
    fireEvent.click(within(group).getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(1));
    const [header, ...rows] = await csvRowsOf(downloads.blobs[0]!);
    // The header is the first row: no title above it.
    expect(header![0]).toBe('Thôn');
    expect(header).toContain('Tỷ lệ có CCCD (%, làm tròn xuống)');
    expect(rows.map((r) => r[0])).toEqual(['Thôn Đông', 'Thôn Đoài', 'Xóm Bãi', 'Tổng cộng']);
    // 370 of 550 is 67.27 %: 67 % in the CSV, 67.3 in the XLSX.
    expect(rows[3]![header!.indexOf('Tỷ lệ có CCCD (%, làm tròn xuống)')]).toBe('67%');

    fireEvent.click(within(group).getByRole('button', { name: 'Excel' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(2));
    const [title, xlsxHeader, ...xlsxRows] = await xlsxRowsOf(downloads.blobs[1]!);
    expect(String(title![0])).toContain('Số liệu lúc 23/11/2026 10:00');
    expect(xlsxRows.map((r) => r[0])).toEqual(['Thôn Đông', 'Thôn Đoài', 'Xóm Bãi', 'Tổng cộng']);
    expect(xlsxRows[3]![xlsxHeader!.indexOf('Tỷ lệ có CCCD (%)')]).toBe(67.3);
  });

  it('writes the commune’s households with gaps village by village in the table’s order', async () => {
    const downloads = captureDownloads();
    const fakes = await openOverview();
    // The commune's answer: Thôn Đông's households, then one of Thôn Đoài's.
    const doai = { ...VILLAGE_HOUSEHOLDS[0]!, id: 'doai-1', villageId: 'thon-doai', headName: 'Hộ Đoài' };
    fakes.review.gapAnswers.set(COMMUNE, {
      asOf: new Date(NOW).toISOString(),
      households: [...VILLAGE_HOUSEHOLDS.slice(0, 2), doai],
    });
    // Largest CCCD share first: Thôn Đông (90 %) before Thôn Đoài (40 %).
    fireEvent.change(screen.getByRole('combobox', { name: 'Sắp xếp theo' }), {
      target: { value: 'cccdPercent' },
    });
    const group = screen.getByRole('group', { name: 'Xuất danh sách hộ còn thiếu' });
    fireEvent.click(within(group).getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(1));
    const [, ...rows] = await csvRowsOf(downloads.blobs[0]!);
    expect(rows.map((r) => r[0])).toEqual(['Thôn Đông', 'Thôn Đông', 'Thôn Đoài']);
    // Reversed: Thôn Đoài first, each village's own order kept.
    fireEvent.change(screen.getByRole('combobox', { name: 'Thứ tự' }), { target: { value: 'asc' } });
    fireEvent.click(within(group).getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(2));
    const [, ...again] = await csvRowsOf(downloads.blobs[1]!);
    expect(again.map((r) => r[2])).toEqual(['Hộ Đoài', 'Nguyễn Văn Đức', 'Trần Thị Mai']);
  });
});
