// @vitest-environment jsdom
// A form holding unsaved input is known to the app (the update flow must never reload over it).
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { hasUnsavedInput } from '../../../src/app/shell/unsaved.ts';
import { household, notebookWithProfile, renderApp } from './helpers.tsx';

describe('unsaved input', () => {
  it('is flagged while a form differs from what it opened with, and cleared once saved', async () => {
    const db = await notebookWithProfile();
    renderApp(db, '/ho/moi');
    await screen.findByRole('heading', { name: 'Thêm hộ' });
    expect(hasUnsavedInput()).toBe(false);
    fireEvent.input(screen.getByLabelText('Họ và tên chủ hộ'), { target: { value: 'Ngô Văn Mười' } });
    expect(hasUnsavedInput()).toBe(true);
    // Typing it back to how it was is not unsaved input.
    fireEvent.input(screen.getByLabelText('Họ và tên chủ hộ'), { target: { value: '' } });
    expect(hasUnsavedInput()).toBe(false);

    fireEvent.input(screen.getByLabelText('Họ và tên chủ hộ'), { target: { value: 'Ngô Văn Mười' } });
    fireEvent.input(screen.getByLabelText('Địa chỉ'), { target: { value: 'Xóm Bãi' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    const root = await waitFor(() => {
      const el = document.querySelector<HTMLElement>('section[data-household-id]');
      expect(el).not.toBeNull();
      return el!;
    });
    expect(hasUnsavedInput()).toBe(false);
    expect(location.pathname).toBe(`/ho/${root.dataset.householdId}`);
  });

  it('stays flagged when a save is refused', async () => {
    const db = await notebookWithProfile();
    const h = await household(db, 'Ngô Văn Mười');
    renderApp(db, `/ho/${h.id}/sua`);
    await screen.findByRole('heading', { name: 'Sửa thông tin hộ' });
    fireEvent.input(screen.getByLabelText('Địa chỉ'), { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText('Cần nhập ô này.')).toBeTruthy();
    expect(hasUnsavedInput()).toBe(true);
  });
});
