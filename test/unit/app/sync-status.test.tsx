// @vitest-environment jsdom
// The sync status in sight on every screen: edits waiting, the last successful sync, the last failure,
// "Đồng bộ ngay"; the status screen says the same in full. Edits are pushed shortly after they are made.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { outboxCount } from '../../../src/db/queries.ts';
import { setLastSyncAt } from '../../../src/sync/last-sync.ts';
import { fakeServices, household, notebookWithProfile, renderApp } from './helpers.tsx';

/** The header, once the app has drawn it. */
const header = () => within(screen.getByRole('banner'));
const drawn = () => screen.findByRole('banner');

describe('sync status', () => {
  it('shows the waiting edits, that the phone never synced, and why it could not', async () => {
    const db = await notebookWithProfile();
    await household(db, 'Nguyễn Văn Đức');
    await household(db, 'Trần Thị Lan');
    const fakes = fakeServices();
    fakes.transport.fail({ kind: 'server', status: 503, message: 'database unavailable' });
    renderApp(db, '/', fakes);
    await drawn();

    expect(await header().findByText('2 thay đổi chờ đồng bộ')).toBeTruthy();
    expect(await header().findByText('Chưa đồng bộ được: máy chủ đang gặp lỗi')).toBeTruthy();
    expect(header().getByText('Chưa đồng bộ')).toBeTruthy();
    expect(fakes.transport.pushes[0]!.mutations).toHaveLength(2);

    // The server is back: one tap sends both edits.
    fakes.transport.online();
    fireEvent.click(header().getByRole('button', { name: 'Đồng bộ ngay' }));
    expect(await header().findByText('0 thay đổi chờ đồng bộ')).toBeTruthy();
    expect(await header().findByText(/^Đồng bộ lúc \d\d:\d\d · \d\d\/\d\d\/\d{4}$/)).toBeTruthy();
    expect(header().queryByText(/Chưa đồng bộ được/)).toBeNull();
    expect(await outboxCount(db)).toBe(0);
  });

  it('says when the phone last synced, in Vietnam’s time, even after a restart', async () => {
    const db = await notebookWithProfile();
    // 07:05 UTC is 14:05 in Vietnam.
    await setLastSyncAt(db, Date.parse('2026-11-23T07:05:00.000Z'));
    renderApp(db);
    await drawn();
    expect(await header().findByText('Đồng bộ lúc 14:05 · 23/11/2026')).toBeTruthy();
    // Out of reach: the offline indicator says so; the last sync stays in sight.
    expect(header().getByRole('button', { name: 'Đồng bộ ngay' })).toBeTruthy();
  });

  it('shows the same in full on the status screen, with "Đồng bộ ngay"', async () => {
    const db = await notebookWithProfile();
    await household(db, 'Nguyễn Văn Đức');
    const fakes = fakeServices();
    fakes.transport.fail({
      kind: 'refused',
      status: 400,
      code: 'invalid_request',
      message: 'deviceId: Invalid',
    });
    renderApp(db, '/trang-thai', fakes);
    await screen.findByRole('heading', { name: 'Tình trạng máy' });
    const main = within(screen.getByRole('main'));
    expect(main.getByText('Đăng nhập: Lê Thị Hoa · 0912345678')).toBeTruthy();
    expect(await main.findByText('Chưa đồng bộ được: máy chủ từ chối yêu cầu')).toBeTruthy();
    expect(main.getByText('Chi tiết: deviceId: Invalid')).toBeTruthy();
    expect(await main.findByText('Chưa đồng bộ')).toBeTruthy();

    fakes.transport.online();
    fireEvent.click(main.getByRole('button', { name: 'Đồng bộ ngay' }));
    expect(await main.findByText(/^Đồng bộ lúc \d\d:\d\d · \d\d\/\d\d\/\d{4}$/)).toBeTruthy();
    expect(main.getByText('Mọi thay đổi trên máy đã được gửi.')).toBeTruthy();
  });

  it('pushes an edit shortly after it is made, without a tap', async () => {
    const db = await notebookWithProfile();
    const fakes = fakeServices();
    fakes.transport.online();
    renderApp(db, '/ho/moi', fakes);
    await screen.findByRole('heading', { name: 'Thêm hộ' });
    await waitFor(() => expect(fakes.transport.pulls).toBe(1));
    fireEvent.input(screen.getByLabelText('Họ và tên chủ hộ'), { target: { value: 'Ngô Văn Mười' } });
    fireEvent.input(screen.getByLabelText('Địa chỉ'), { target: { value: 'Xóm Bãi' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(fakes.transport.pushes).toHaveLength(1), { timeout: 15_000 });
    expect(fakes.transport.pushes[0]!.mutations[0]).toMatchObject({
      entity: 'household',
      fields: { headName: 'Ngô Văn Mười', address: 'Xóm Bãi' },
    });
    await waitFor(async () => expect(await outboxCount(db)).toBe(0));
  });
});
