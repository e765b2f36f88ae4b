// @vitest-environment jsdom
// Deleting asks first ("không thể hoàn tác"), then removes the record and queues its tombstone.
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { create, household, notebookWithProfile, person, renderApp } from './helpers.tsx';

describe('delete with confirmation', () => {
  it('deletes a member only after the question is confirmed', async () => {
    const db = await notebookWithProfile();
    const h = await household(db, 'Đặng Văn Sáu');
    const p = await person(db, h.id, 'Đặng Thị Bảy', { relation: 'child', birthDate: '2001-07-07' });
    renderApp(db, `/ho/${h.id}/nhan-khau/${p.id}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Xóa' }));

    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('Xóa nhân khẩu Đặng Thị Bảy?');
    expect(dialog.textContent).toContain('Không thể hoàn tác trên máy này.');
    // The safe answer has the focus.
    expect(document.activeElement?.textContent).toBe('Hủy');
    fireEvent.click(screen.getByRole('button', { name: 'Hủy' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(await db.persons.get(p.id)).toBeDefined();

    fireEvent.click(screen.getByRole('button', { name: 'Xóa' }));
    const confirm = screen
      .getAllByRole('button', { name: 'Xóa' })
      .find((b) => b.closest('[role="alertdialog"]'))!;
    fireEvent.click(confirm);
    await waitFor(() => expect(location.pathname).toBe(`/ho/${h.id}`));
    expect(await db.persons.get(p.id)).toBeUndefined();
    const last = await db.outbox.orderBy('seq').last();
    expect(last).toMatchObject({ entity: 'person', entityId: p.id, op: 'delete' });
    expect(await screen.findByText('Hộ chưa có nhân khẩu nào.')).toBeTruthy();
  });

  it('Escape closes the question without deleting', async () => {
    const db = await notebookWithProfile();
    const h = await household(db, 'Đặng Văn Sáu');
    const v = await create(db, 'visit', { householdId: h.id, visitedOn: '2025-03-01', outcome: 'met' });
    renderApp(db, `/ho/${h.id}/lan-den/${v.id}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Xóa' }));
    expect(screen.getByRole('alertdialog').textContent).toContain('Xóa lần đến hộ này?');
    fireEvent.keyDown(screen.getByRole('alertdialog'), { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(await db.visits.get(v.id)).toBeDefined();
  });

  it('deletes a household with everything under it and returns to the list', async () => {
    const db = await notebookWithProfile();
    const h = await household(db, 'Đặng Văn Sáu');
    await person(db, h.id, 'Đặng Văn Sáu');
    await create(db, 'task', { householdId: h.id, kind: 'other', note: '', status: 'open' });
    const keep = await household(db, 'Bùi Thị Chín');
    renderApp(db, `/ho/${h.id}/sua`);
    fireEvent.click(await screen.findByRole('button', { name: 'Xóa' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('Xóa hộ Đặng Văn Sáu?');
    expect(dialog.textContent).toContain('Mọi nhân khẩu, việc và lần đến hộ của hộ này cũng bị xóa.');
    fireEvent.click(screen.getAllByRole('button', { name: 'Xóa' }).find((b) => dialog.contains(b))!);
    await waitFor(() => expect(location.pathname).toBe('/'));
    await waitFor(() => expect(document.querySelector('ul[data-total="1"]')).not.toBeNull());
    expect(document.querySelector(`[data-household-id="${keep.id}"]`)).not.toBeNull();
    expect(await db.households.get(h.id)).toBeUndefined();
    expect(await db.persons.where('householdId').equals(h.id).count()).toBe(0);
    expect(await db.tasks.where('householdId').equals(h.id).count()).toBe(0);
  });

  it('deletes a task from its form', async () => {
    const db = await notebookWithProfile();
    const h = await household(db, 'Đặng Văn Sáu');
    const task = await create(db, 'task', {
      householdId: h.id,
      kind: 'duplicate',
      note: 'Trùng với hộ 12',
      status: 'open',
    });
    renderApp(db, `/ho/${h.id}/viec/${task.id}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Xóa' }));
    expect(screen.getByRole('alertdialog').textContent).toContain('Xóa việc này?');
    fireEvent.click(
      screen.getAllByRole('button', { name: 'Xóa' }).find((b) => b.closest('[role="alertdialog"]'))!,
    );
    await waitFor(() => expect(location.pathname).toBe(`/ho/${h.id}`));
    expect(await db.tasks.get(task.id)).toBeUndefined();
  });
});
