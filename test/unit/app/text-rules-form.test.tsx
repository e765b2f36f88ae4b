// @vitest-environment jsdom
// Issue 12 point 4 on the phone's screens: a name typed or pasted in NFD, with invisible or bidi
// characters, is saved as the clean NFC text that the household screen, the edit form and the search
// then show and find; a name of only invisible characters is "required" beside its field.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { outboxCount } from '../../../src/db/queries.ts';
import { household, notebookWithProfile, renderApp, shownHouseholdIds } from './helpers.tsx';

afterEach(cleanup);

const NAME = 'Nguyễn Thị Ánh Tuyết';
const type = (label: string | RegExp, value: string) =>
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
const inputOf = (label: string | RegExp) => screen.getByLabelText(label) as HTMLInputElement;

describe('the household form saves and shows clean text', () => {
  it('a head name pasted in NFD with an override and zero-width spaces is shown normalised after save', async () => {
    const db = await notebookWithProfile();
    renderApp(db, '/ho/moi');
    await screen.findByRole('heading', { name: 'Thêm hộ' });
    type('Họ và tên chủ hộ', `  ${NAME.normalize('NFD')}\u200B\u202E `);
    type('Địa chỉ', 'Xóm\u00A0Đình,\u200B ngõ 2'.normalize('NFD'));
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    const section = await waitFor(() => {
      const el = document.querySelector<HTMLElement>('section[data-household-id]');
      expect(el).not.toBeNull();
      return el!;
    });
    const id = section.dataset.householdId!;
    await waitFor(() => expect(section.textContent).toContain(NAME));
    expect(section.textContent).toContain('Xóm Đình, ngõ 2');
    expect((await db.households.get(id))!.headName).toBe(NAME);
    cleanup();

    renderApp(db, `/ho/${id}/sua`);
    await screen.findByRole('heading', { name: 'Sửa thông tin hộ' });
    expect(inputOf('Họ và tên chủ hộ').value).toBe(NAME);
    expect(inputOf('Địa chỉ').value).toBe('Xóm Đình, ngõ 2');
  });

  it('a head name of only a zero-width space is "required" beside the field, and nothing is saved', async () => {
    const db = await notebookWithProfile();
    renderApp(db, '/ho/moi');
    await screen.findByRole('heading', { name: 'Thêm hộ' });
    type('Họ và tên chủ hộ', '\u200B\u202E');
    type('Địa chỉ', 'Xóm 1');
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() =>
      expect(document.getElementById(`${inputOf('Họ và tên chủ hộ').id}-error`)?.textContent).toBe(
        'Cần nhập ô này.',
      ),
    );
    expect(await db.households.count()).toBe(0);
    expect(await outboxCount(db)).toBe(0);
  });

  it('a name saved from NFD with a zero-width space inside a word is found by typing it without tones', async () => {
    const db = await notebookWithProfile();
    const h = await household(db, 'Nguyễn Thị Ánh Tuy\u200Bết'.normalize('NFD'));
    await household(db, 'Trần Văn Nam');
    const { container } = renderApp(db);
    fireEvent.input(await screen.findByLabelText('Tìm hộ'), { target: { value: 'anh tuyet' } });
    await waitFor(() => expect(container.querySelector('ul[data-query="anh tuyet"]')).not.toBeNull());
    expect(shownHouseholdIds(container)).toEqual([h.id]);
  });
});
