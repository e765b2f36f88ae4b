// @vitest-environment jsdom
// Conflicts and rejected edits on the phone: badges on the list and the household, and a screen that
// shows each field as "Của bạn" / "Trên máy chủ" the way the forms show them, to keep one side; rejected
// edits with the server's reason, to fix and send again, send as they were, or drop.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { NotebookDb } from '../../../src/db/db.ts';
import { outboxEntries } from '../../../src/db/queries.ts';
import { applyPullPage, applyPushResults } from '../../../src/db/server-answers.ts';
import { updateRecord } from '../../../src/db/write.ts';
import type { MutationResult } from '../../../src/domain/sync-protocol.ts';
import { household, notebookWithProfile, person, renderApp, VILLAGE } from './helpers.tsx';

const HID = '44444444-4444-4444-8444-444444444444';
const PID = '55555555-5555-4555-8555-555555555555';

/** A household and its head as the server sent them (version 3), then edited here. */
async function pulled(db: NotebookDb) {
  await applyPullPage(
    db,
    [
      {
        entity: 'household',
        entityId: HID,
        version: 3,
        deleted: false,
        data: { villageId: VILLAGE, address: 'Xóm Đình', headName: 'Nguyễn Văn Đức' },
      },
      {
        entity: 'person',
        entityId: PID,
        version: 3,
        deleted: false,
        data: {
          householdId: HID,
          fullName: 'Nguyễn Văn Đức',
          birthDate: '1980-05-01',
          gender: 'male',
          relation: 'head',
          cccdStatus: 'none',
          vneidStatus: 'none',
        },
      },
    ],
    'c1',
  );
}

/** Push the whole outbox and let the "server" answer each mutation with `answer`. */
async function answer(db: NotebookDb, result: (id: string) => MutationResult) {
  const sent = await outboxEntries(db);
  await applyPushResults(
    db,
    sent,
    sent.map((m) => result(m.id)),
  );
}

async function withConflict() {
  const db = await notebookWithProfile();
  await pulled(db);
  await updateRecord(db, 'person', PID, { birthDate: '1980-06-15', cccdStatus: 'issued' });
  await answer(db, (id) => ({
    id,
    status: 'conflict',
    version: 5,
    applied: [],
    conflicts: [
      { field: 'birthDate', client: '1980-06-15', server: '1981-05-01' },
      { field: 'cccdStatus', client: 'issued', server: 'applied' },
    ],
  }));
  return db;
}

describe('conflicts', () => {
  it('are shown on the list row and the household screen, and field by field on their screen', async () => {
    const db = await withConflict();
    await household(db, 'Hộ không có xung đột');
    renderApp(db);
    const row = await waitFor(() => {
      const a = document.querySelector<HTMLElement>(`a[data-household-id="${HID}"]`);
      expect(a).not.toBeNull();
      return a!;
    });
    expect(await within(row).findByText('Xung đột (1)')).toBeTruthy();
    expect(screen.getAllByText(/Xung đột/)).toHaveLength(1);

    fireEvent.click(row);
    const link = await screen.findByRole('link', { name: /Xung đột \(1\).*Xem và xử lý/ });
    fireEvent.click(link);
    const card = await waitFor(() => {
      const li = document.querySelector<HTMLElement>('[data-conflict-id]');
      expect(li).not.toBeNull();
      return within(li!);
    });
    expect(card.getByRole('heading', { name: 'Nhân khẩu: Nguyễn Văn Đức' })).toBeTruthy();
    // Labels and values as the person form shows them.
    expect(card.getByText('Ngày sinh')).toBeTruthy();
    expect(card.getByText('Của bạn: 15/06/1980')).toBeTruthy();
    expect(card.getByText('Trên máy chủ: 01/05/1981')).toBeTruthy();
    expect(card.getByText('Thẻ căn cước (CCCD)')).toBeTruthy();
    expect(card.getByText('Của bạn: Đã có thẻ')).toBeTruthy();
    expect(card.getByText('Trên máy chủ: Đã nộp hồ sơ (chờ nhận thẻ)')).toBeTruthy();
  });

  it('"Giữ của bạn" queues my values again on the server’s version', async () => {
    const db = await withConflict();
    renderApp(db, `/ho/${HID}/xung-dot`);
    fireEvent.click(await screen.findByRole('button', { name: 'Giữ của bạn' }));
    expect(await screen.findByText('Đã giữ giá trị của bạn: sẽ gửi lên máy chủ khi đồng bộ.')).toBeTruthy();
    expect(await screen.findByText('Không có xung đột hay thay đổi bị từ chối.')).toBeTruthy();
    const queued = await outboxEntries(db);
    expect(queued.map((m) => [m.entityId, m.fields, m.baseVersion])).toEqual([
      [PID, { birthDate: '1980-06-15', cccdStatus: 'issued' }, 5],
    ]);
    expect(await db.conflicts.count()).toBe(0);
  });

  it('"Lấy trên máy chủ" queues nothing and leaves the server’s values', async () => {
    const db = await withConflict();
    renderApp(db, `/ho/${HID}/xung-dot`);
    fireEvent.click(await screen.findByRole('button', { name: 'Lấy trên máy chủ' }));
    expect(await screen.findByText('Đã lấy giá trị trên máy chủ.')).toBeTruthy();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.conflicts.count()).toBe(0);
    expect(await db.persons.get(PID)).toMatchObject({ birthDate: '1981-05-01', cccdStatus: 'applied' });
  });
});

describe('rejected edits', () => {
  async function rejectedEdit(code: 'invalid' | 'forbidden', message: string) {
    const db = await notebookWithProfile();
    await pulled(db);
    await updateRecord(db, 'household', HID, { address: 'Số 9, Xóm Đình', phone: '0912 000 111' });
    await answer(db, (id) => ({ id, status: 'rejected', error: { code, message } }));
    return db;
  }

  it('says why in Vietnamese, and can be fixed in place and sent again', async () => {
    const db = await rejectedEdit('invalid', 'phone: invalid_format');
    renderApp(db, `/ho/${HID}`);
    fireEvent.click(await screen.findByRole('link', { name: /Bị từ chối \(1\)/ }));
    const card = within(
      await waitFor(() => {
        const li = document.querySelector<HTMLElement>('[data-rejected-id]');
        expect(li).not.toBeNull();
        return li!;
      }),
    );
    expect(card.getByRole('heading', { name: 'Hộ: Nguyễn Văn Đức' })).toBeTruthy();
    expect(card.getByText('Máy chủ không nhận: dữ liệu không hợp lệ. Hãy sửa rồi gửi lại.')).toBeTruthy();
    expect(card.getByText('Máy chủ ghi: Số điện thoại: Không đúng định dạng.')).toBeTruthy();
    expect(card.getByText('0912 000 111')).toBeTruthy();

    fireEvent.click(card.getByRole('button', { name: 'Sửa rồi gửi lại' }));
    const phone = card.getByLabelText(/Số điện thoại/) as HTMLInputElement;
    expect(phone.value).toBe('0912 000 111');
    // A value the phone's own rules refuse is caught before it goes.
    fireEvent.input(card.getByLabelText('Địa chỉ'), { target: { value: ' ' } });
    fireEvent.click(card.getByRole('button', { name: 'Gửi lại' }));
    expect(await card.findByText('Cần nhập ô này.')).toBeTruthy();
    fireEvent.input(card.getByLabelText('Địa chỉ'), { target: { value: 'Số 9, Xóm Đình' } });
    fireEvent.input(phone, { target: { value: '0912000111' } });
    fireEvent.click(card.getByRole('button', { name: 'Gửi lại' }));

    expect(await screen.findByText('Đã gửi lại: sẽ lên máy chủ khi đồng bộ.')).toBeTruthy();
    expect(await db.rejected.count()).toBe(0);
    const queued = await outboxEntries(db);
    expect(queued.map((m) => [m.entityId, m.fields])).toEqual([
      [HID, { address: 'Số 9, Xóm Đình', phone: '0912000111' }],
    ]);
  });

  it('is sent again as it was with "Gửi lại"', async () => {
    const db = await rejectedEdit('forbidden', 'không thuộc thôn của bạn');
    renderApp(db, `/ho/${HID}/xung-dot`);
    expect(await screen.findByText('Bạn không có quyền sửa dữ liệu của thôn này.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sửa rồi gửi lại' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Gửi lại' }));
    expect(await screen.findByText('Đã gửi lại: sẽ lên máy chủ khi đồng bộ.')).toBeTruthy();
    expect((await outboxEntries(db)).map((m) => m.fields)).toEqual([
      { address: 'Số 9, Xóm Đình', phone: '0912 000 111' },
    ]);
  });

  it('is dropped with "Bỏ" after a question, and nothing is queued', async () => {
    const db = await rejectedEdit('forbidden', 'không thuộc thôn của bạn');
    renderApp(db, `/ho/${HID}/xung-dot`);
    fireEvent.click(await screen.findByRole('button', { name: 'Bỏ' }));
    const dialog = within(screen.getByRole('alertdialog'));
    expect(dialog.getByText('Bỏ thay đổi này?')).toBeTruthy();
    fireEvent.click(dialog.getByRole('button', { name: 'Bỏ' }));
    expect(await screen.findByText('Đã bỏ thay đổi.')).toBeTruthy();
    expect(await db.rejected.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    // The phone shows the server's version again.
    expect(await db.households.get(HID)).toMatchObject({ address: 'Xóm Đình' });
  });
});

describe('the whole phone’s list', () => {
  it('is on the status screen: each household with its counts, a link to resolve them', async () => {
    const db = await withConflict();
    const other = await household(db, 'Trần Thị Lan');
    await person(db, other.id, 'Trần Thị Lan', { relation: 'head' });
    await answer(db, (id) => ({ id, status: 'rejected', error: { code: 'forbidden', message: 'x' } }));
    renderApp(db, '/trang-thai');
    await screen.findByRole('heading', { name: 'Tình trạng máy' });
    const list = await waitFor(() => {
      const ul = document.querySelector<HTMLElement>('.issue-summary');
      expect(ul).not.toBeNull();
      return within(ul!);
    });
    expect(list.getByRole('link', { name: 'Nguyễn Văn Đức' }).getAttribute('href')).toBe(
      `/ho/${HID}/xung-dot`,
    );
    expect(list.getByText('1 xung đột')).toBeTruthy();
    // A rejected creation is gone from the phone: its name comes from the edit itself.
    expect(list.getByRole('link', { name: 'Trần Thị Lan' }).getAttribute('href')).toBe(
      `/ho/${other.id}/xung-dot`,
    );
    expect(list.getByText('2 bị từ chối')).toBeTruthy();
  });
});
