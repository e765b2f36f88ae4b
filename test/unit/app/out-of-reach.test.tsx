// @vitest-environment jsdom
// [R16] A household that refused the working group, or moved away, is marked so on its form, with the
// day: its screen says it, and campaigns count it apart (issue 17). Marked back, both go.
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { household, notebookWithProfile, renderApp } from './helpers.tsx';
import { clockAt } from '../../support/clock.ts';

clockAt('2026-11-20T10:00:00+07:00');

const STATE = 'Tình trạng làm việc với hộ';

describe('[R16] a household out of reach', () => {
  it('is marked refused from today unless a day is given, said on its screen, and marked back', async () => {
    const db = await notebookWithProfile();
    const h = await household(db, 'Đinh Văn Tâm');
    renderApp(db, `/ho/${h.id}/sua`);
    await screen.findByRole('heading', { name: 'Sửa thông tin hộ' });
    expect((screen.getByLabelText(STATE) as HTMLSelectElement).value).toBe('');
    expect(screen.queryByLabelText(/^Từ ngày/)).toBeNull();
    fireEvent.change(screen.getByLabelText(STATE), { target: { value: 'refused' } });
    expect(screen.getByLabelText(/^Từ ngày/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await screen.findByRole('heading', { name: 'Đinh Văn Tâm', level: 1 });
    expect(await db.households.get(h.id)).toMatchObject({
      outOfReach: 'refused',
      outOfReachOn: '2026-11-20',
    });
    expect(document.querySelector('.out-of-reach')!.textContent).toBe('Từ chối làm việc từ 20/11/2026');

    fireEvent.click(screen.getByRole('link', { name: 'Sửa hộ' }));
    await screen.findByRole('heading', { name: 'Sửa thông tin hộ' });
    fireEvent.change(screen.getByLabelText(STATE), { target: { value: 'moved_away' } });
    fireEvent.input(screen.getByLabelText(/^Từ ngày/), { target: { value: '02/11/2026' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() =>
      expect(document.querySelector('.out-of-reach')?.textContent).toBe('Đã chuyển đi từ 02/11/2026'),
    );

    fireEvent.click(screen.getByRole('link', { name: 'Sửa hộ' }));
    await screen.findByRole('heading', { name: 'Sửa thông tin hộ' });
    fireEvent.change(screen.getByLabelText(STATE), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await screen.findByRole('heading', { name: 'Đinh Văn Tâm', level: 1 });
    await waitFor(() => expect(document.querySelector('.out-of-reach')).toBeNull());
    const back = await db.households.get(h.id);
    expect([back?.outOfReach ?? null, back?.outOfReachOn ?? null]).toEqual([null, null]);
  });

  it('is not offered for a household being added', async () => {
    const db = await notebookWithProfile();
    renderApp(db, '/ho/moi');
    await screen.findByRole('heading', { name: 'Thêm hộ' });
    expect(screen.queryByLabelText(STATE)).toBeNull();
  });
});
