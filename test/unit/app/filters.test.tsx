// @vitest-environment jsdom
// The gap filters, the progress line and paging of the household list.
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { applyServerRecords } from '../../../src/db/server-answers.ts';
import type { NotebookDb } from '../../../src/db/db.ts';
import {
  VILLAGE,
  create,
  household,
  notebookWithProfile,
  person,
  renderApp,
  shownHouseholdIds,
} from './helpers.tsx';
import { clockAt } from '../../support/clock.ts';

// "Aged 14+" is counted on today's date: the child born in 2020 below is under 14 only until 2034.
clockAt('2026-11-20T10:00:00+07:00');

async function village() {
  const db = await notebookWithProfile();
  const noCard = await household(db, 'Hộ Thiếu Thẻ');
  await person(db, noCard.id, 'Người Thiếu Thẻ', { cccdStatus: 'none' });
  await create(db, 'visit', { householdId: noCard.id, visitedOn: '2025-01-10', outcome: 'met' });

  const noVneid = await household(db, 'Hộ Thiếu VNeID');
  await person(db, noVneid.id, 'Người Mức Một', { vneidStatus: 'level1' });
  await create(db, 'visit', { householdId: noVneid.id, visitedOn: '2025-01-10', outcome: 'met' });

  const task = await household(db, 'Hộ Có Việc');
  await person(db, task.id, 'Người Có Việc');
  await create(db, 'task', { householdId: task.id, kind: 'missing_id', note: '', status: 'open' });
  // Not at home is not a visit that counts.
  await create(db, 'visit', { householdId: task.id, visitedOn: '2025-01-10', outcome: 'not_home' });

  const done = await household(db, 'Hộ Đủ');
  await person(db, done.id, 'Người Đủ');
  await person(db, done.id, 'Người Chờ Kích Hoạt', { relation: 'spouse', vneidStatus: 'level2_pending' });
  await create(db, 'task', { householdId: done.id, kind: 'other', note: 'xong rồi', status: 'done' });
  await create(db, 'visit', { householdId: done.id, visitedOn: '2025-01-10', outcome: 'met' });

  // A child under 14 with no card and no VNeID is no gap: the duty starts at 14.
  const child = await household(db, 'Hộ Trẻ Em');
  await person(db, child.id, 'Bé Con', { birthDate: '2020-06-01', cccdStatus: 'none', vneidStatus: 'none' });
  return { db, noCard, noVneid, task, done, child };
}

async function listFor(db: NotebookDb) {
  const view = renderApp(db);
  await waitFor(() => expect(view.container.querySelector('ul[data-total]')).not.toBeNull());
  return view;
}

/** Waits for the list to show `total` rows after a chip was pressed. */
async function expectRows(container: ParentNode, ids: string[]) {
  await waitFor(() => expect(shownHouseholdIds(container)).toEqual(ids));
  expect(container.querySelector('ul[data-total]')!.getAttribute('data-total')).toBe(String(ids.length));
}

describe('household list filters', () => {
  it.each([
    ['Thiếu CCCD', (v: Awaited<ReturnType<typeof village>>) => [v.noCard.id]],
    ['Thiếu VNeID mức 2', (v: Awaited<ReturnType<typeof village>>) => [v.done.id, v.noVneid.id]],
    ['Việc chưa xử lý', (v: Awaited<ReturnType<typeof village>>) => [v.task.id]],
    ['Chưa thăm', (v: Awaited<ReturnType<typeof village>>) => [v.task.id, v.child.id]],
  ])('"%s" keeps only the households with that gap', async (chip, expected) => {
    const v = await village();
    const { container } = await listFor(v.db);
    expect(shownHouseholdIds(container)).toHaveLength(5);
    const button = screen.getByRole('button', { name: chip });
    fireEvent.click(button);
    expect(button.getAttribute('aria-pressed')).toBe('true');
    await expectRows(container, expected(v));
    // Pressed again, the filter lets every household back.
    fireEvent.click(button);
    await waitFor(() => expect(shownHouseholdIds(container)).toHaveLength(5));
  });

  it('combines filters and search (a household must pass them all)', async () => {
    const v = await village();
    const { container } = await listFor(v.db);
    fireEvent.click(screen.getByRole('button', { name: 'Chưa thăm' }));
    await expectRows(container, [v.task.id, v.child.id]);
    fireEvent.click(screen.getByRole('button', { name: 'Việc chưa xử lý' }));
    await expectRows(container, [v.task.id]);
    fireEvent.input(screen.getByLabelText('Tìm hộ'), { target: { value: 'tre em' } });
    await expectRows(container, []);
  });

  it('shows the gap badges of each row', async () => {
    const v = await village();
    const { container } = await listFor(v.db);
    const row = (id: string) => container.querySelector(`a[data-household-id="${id}"]`)!.textContent;
    expect(row(v.noCard.id)).toContain('thiếu CCCD 1');
    expect(row(v.noCard.id)).not.toContain('chưa thăm');
    expect(row(v.done.id)).toContain('thiếu VNeID 1');
    expect(row(v.done.id)).toContain('2 nhân khẩu');
    expect(row(v.task.id)).toContain('1 việc');
    expect(row(v.task.id)).toContain('chưa thăm');
    expect(row(v.child.id)).not.toContain('thiếu');
  });
});

describe('household list rows', () => {
  it('show the head, the address without the village the header names, the members; the code stays on the household screen', async () => {
    const db = await notebookWithProfile();
    await household(db, 'Nguyễn Văn Ba');
    const h = await household(db, 'Phạm Văn Tư', {
      address: 'Số 12, ngõ 3, Thôn Đông',
      householdCode: '072433458443',
    });
    await person(db, h.id, 'Phạm Văn Tư');
    const { container } = await listFor(db);
    const row = await waitFor(() => {
      const el = container.querySelector<HTMLElement>(`a[data-household-id="${h.id}"]`);
      expect(el?.textContent).toContain('1 nhân khẩu');
      return el!;
    });
    expect(row.querySelector('.row-name')!.textContent).toBe('Phạm Văn Tư');
    expect(row.querySelector('.row-meta')!.textContent).toBe('Số 12, ngõ 3 · 1 nhân khẩu');
    expect(row.textContent).not.toContain('072433458443');
    // Still found by its code.
    fireEvent.input(screen.getByLabelText('Tìm hộ'), { target: { value: '0724334' } });
    await waitFor(() =>
      expect(container.querySelector('ul[data-query="0724334"]')?.getAttribute('data-total')).toBe('1'),
    );
    expect(screen.getByText('Tìm thấy 1 hộ')).toBeTruthy();
  });

  it('puts the four filters in one row', async () => {
    const db = await notebookWithProfile();
    await listFor(db);
    const group = screen.getByRole('group', { name: 'Lọc danh sách' });
    expect(group.classList.contains('chip-row')).toBe(true);
    expect(group.querySelectorAll('button.chip')).toHaveLength(4);
  });
});

describe('village progress line', () => {
  it('counts visited households and the shares of persons aged 14+ with a card and VNeID level 2', async () => {
    const v = await village();
    await listFor(v.db);
    // Visited (met): 3 of 5. Persons 14+: 5; with a card 4 (80%); level 2 active 3 (60%).
    expect(await screen.findByText('Đã thăm 3/5 hộ · CCCD 80% · VNeID mức 2 60%')).toBeTruthy();
  });

  it('follows an edit at once', async () => {
    const v = await village();
    await listFor(v.db);
    await screen.findByText('Đã thăm 3/5 hộ · CCCD 80% · VNeID mức 2 60%');
    await create(v.db, 'visit', { householdId: v.child.id, visitedOn: '2025-02-01', outcome: 'met' });
    expect(await screen.findByText('Đã thăm 4/5 hộ · CCCD 80% · VNeID mức 2 60%')).toBeTruthy();
  });

  it('shows no percentage (not NaN) for a village without households', async () => {
    const db = await notebookWithProfile();
    await listFor(db);
    expect(await screen.findByText('Đã thăm 0/0 hộ · CCCD – · VNeID mức 2 –')).toBeTruthy();
    expect(screen.getByText('Thôn này chưa có hộ nào trên máy.')).toBeTruthy();
  });
});

describe('paging', () => {
  it('shows 25 households at a time and more on "Xem thêm"', async () => {
    const db = await notebookWithProfile();
    const households = Array.from({ length: 55 }, (_, i) => ({
      id: crypto.randomUUID(),
      version: 1,
      villageId: VILLAGE,
      headName: `Chủ Hộ ${String(i).padStart(2, '0')}`,
      address: 'Xóm 2',
    }));
    await applyServerRecords(db, { households });
    const { container } = await listFor(db);
    await waitFor(() => expect(shownHouseholdIds(container)).toHaveLength(25));
    expect(container.querySelector('ul[data-total]')!.getAttribute('data-total')).toBe('55');
    fireEvent.click(screen.getByRole('button', { name: 'Xem thêm (25/55)' }));
    await waitFor(() => expect(shownHouseholdIds(container)).toHaveLength(50));
    fireEvent.click(screen.getByRole('button', { name: 'Xem thêm (50/55)' }));
    await waitFor(() => expect(shownHouseholdIds(container)).toHaveLength(55));
    expect(screen.queryByRole('button', { name: /Xem thêm/ })).toBeNull();
  });
});
