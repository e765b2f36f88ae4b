// @vitest-environment jsdom
// Search as you type on the household list: tone-blind, on head name, members, address and code.
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { household, notebookWithProfile, person, renderApp, shownHouseholdIds } from './helpers.tsx';
import type * as Queries from '../../../src/db/list-queries.ts';

// The list's query, as the screen calls it, with every answer it started kept: a test can wait until
// each keystroke's query has answered instead of waiting a while.
const lists = vi.hoisted(() => ({ answers: [] as Promise<unknown>[] }));
vi.mock('../../../src/db/list-queries.ts', async (importOriginal) => {
  const queries = await importOriginal<typeof Queries>();
  return {
    ...queries,
    listHouseholds: (...args: Parameters<typeof queries.listHouseholds>) => {
      const answer = queries.listHouseholds(...args);
      lists.answers.push(answer);
      return answer;
    },
  };
});

async function village() {
  const db = await notebookWithProfile();
  const duc = await household(db, 'Nguyễn Văn Đức', { address: 'Xóm Chùa', householdCode: 'HGD-0042' });
  const lan = await household(db, 'Trần Thị Lan', { address: 'Ngõ Giếng' });
  const hung = await household(db, 'Phạm Văn Hùng', { address: 'Xóm Chùa' });
  await person(db, lan.id, 'Đỗ Minh Khôi', { relation: 'grandchild', birthDate: '2015-03-02' });
  return { db, duc, lan, hung };
}

/** Types `text` and waits until the list shows the results of exactly that text. */
async function search(text: string) {
  fireEvent.input(await screen.findByLabelText('Tìm hộ'), { target: { value: text } });
  const list = await waitFor(() => {
    const el = document.querySelector<HTMLElement>(`ul[data-query="${text}"]`);
    expect(el).not.toBeNull();
    return el!;
  });
  return list;
}

describe('household list search', () => {
  it('lists every household of the village before any search, in head-name order', async () => {
    const { db, duc, lan, hung } = await village();
    const { container } = renderApp(db);
    const list = await waitFor(() => {
      const el = container.querySelector<HTMLElement>('ul[data-total]');
      expect(el).not.toBeNull();
      return el!;
    });
    expect(list.dataset.total).toBe('3');
    expect(list.dataset.query).toBe('');
    expect(shownHouseholdIds(container)).toEqual([duc.id, hung.id, lan.id]);
  });

  it('finds "Nguyễn Văn Đức" from "nguyen van duc" typed without tones', async () => {
    const { db, duc } = await village();
    const { container } = renderApp(db);
    const list = await search('nguyen van duc');
    expect(list.dataset.total).toBe('1');
    expect(shownHouseholdIds(container)).toEqual([duc.id]);
    expect(screen.getByText('Nguyễn Văn Đức')).toBeTruthy();
  });

  it("finds a household by a member's name, not only the head's", async () => {
    const { db, lan } = await village();
    const { container } = renderApp(db);
    await search('khoi');
    expect(shownHouseholdIds(container)).toEqual([lan.id]);
  });

  it('finds households by household code and by address', async () => {
    const { db, duc, hung } = await village();
    const { container } = renderApp(db);
    await search('hgd-0042');
    expect(shownHouseholdIds(container)).toEqual([duc.id]);
    const list = await search('xom chua');
    expect(list.dataset.total).toBe('2');
    expect(shownHouseholdIds(container)).toEqual([duc.id, hung.id]);
  });

  it('says so when nothing matches, with a total of 0', async () => {
    const { db } = await village();
    const { container } = renderApp(db);
    const list = await search('khong co ai');
    expect(list.dataset.total).toBe('0');
    expect(shownHouseholdIds(container)).toEqual([]);
    expect(screen.getByText('Không tìm thấy hộ nào.')).toBeTruthy();
  });

  it('shows the answer of the last keystroke, whatever order the answers come in', async () => {
    const { db, lan } = await village();
    const { container } = renderApp(db);
    const input = await screen.findByLabelText('Tìm hộ');
    for (const text of ['t', 'tr', 'tra', 'tran', 'tran t'])
      fireEvent.input(input, { target: { value: text } });
    const list = await search('tran thi');
    expect(list.dataset.total).toBe('1');
    expect(shownHouseholdIds(container)).toEqual([lan.id]);
    // And it stays on the last query: no earlier answer lands after it. Every query the keystrokes
    // started has answered, and a task has passed for those answers to reach the screen (promise
    // callbacks and Preact's renders run before the next task).
    expect(lists.answers.length).toBeGreaterThanOrEqual(6);
    await Promise.allSettled(lists.answers);
    await new Promise((r) => setTimeout(r));
    expect(container.querySelector('ul[data-query]')!.getAttribute('data-query')).toBe('tran thi');
    expect(shownHouseholdIds(container)).toEqual([lan.id]);
  });

  it('shows a household written while the list is on screen', async () => {
    const { db } = await village();
    const { container } = renderApp(db);
    const list = await search('nam');
    expect(list.dataset.total).toBe('0');
    const added = await household(db, 'Ngô Thị Năm');
    await waitFor(() => expect(shownHouseholdIds(container)).toEqual([added.id]));
    expect(container.querySelector('ul[data-query="nam"]')!.getAttribute('data-total')).toBe('1');
  });

  it('opens the household in one tap from its row', async () => {
    const { db, duc } = await village();
    const { container } = renderApp(db);
    await search('duc');
    fireEvent.click(container.querySelector(`a[data-household-id="${duc.id}"]`)!);
    const root = await waitFor(() => {
      const el = container.querySelector<HTMLElement>(`section[data-household-id="${duc.id}"]`);
      expect(el).not.toBeNull();
      return el!;
    });
    expect(location.pathname).toBe(`/ho/${duc.id}`);
    expect(root.querySelector('h1')!.textContent).toBe('Nguyễn Văn Đức');
  });
});
