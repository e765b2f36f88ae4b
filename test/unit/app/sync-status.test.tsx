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
  it('shows the waiting edits, that the phone never synced, and that something needs a look', async () => {
    const db = await notebookWithProfile();
    await household(db, 'Nguyễn Văn Đức');
    await household(db, 'Trần Thị Lan');
    const fakes = fakeServices();
    fakes.transport.fail({ kind: 'server', status: 503, message: 'database unavailable' });
    renderApp(db, '/', fakes);
    await drawn();

    // One button says it all, read out in full; it shows the count and a mark.
    const status = await header().findByRole('link', {
      // jsdom's name computation drops the spaces around the separators that Chromium keeps.
      name: /^Có kết nối\s*·\s*2 chờ đồng bộ\s*·\s*Chưa đồng bộ được: máy chủ đang gặp lỗi$/,
    });
    expect(status.getAttribute('href')).toBe('/trang-thai');
    expect(within(status).getByText('2 chờ đồng bộ')).toBeTruthy();
    expect(status.classList.contains('has-problem')).toBe(true);
    expect(await header().findByTitle('Chưa đồng bộ')).toBeTruthy();
    expect(fakes.transport.pushes[0]!.mutations).toHaveLength(2);
    // Nothing the server said, in English or otherwise, reaches the screen.
    expect(document.body.textContent).not.toContain('database unavailable');

    // The server is back: one tap sends both edits.
    fakes.transport.online();
    fireEvent.click(header().getByRole('button', { name: 'Đồng bộ ngay' }));
    expect(await header().findByRole('link', { name: /^Có kết nối\s*·\s*0 chờ đồng bộ$/ })).toBeTruthy();
    expect(await header().findByTitle(/^Đồng bộ lúc \d\d:\d\d · \d\d\/\d\d\/\d{4}$/)).toBeTruthy();
    expect(document.querySelector('.has-problem')).toBeNull();
    expect(await outboxCount(db)).toBe(0);
  });

  it('says when the phone last synced, in Vietnam’s time, even after a restart', async () => {
    const db = await notebookWithProfile();
    // 07:05 UTC is 14:05 in Vietnam.
    await setLastSyncAt(db, Date.parse('2026-11-23T07:05:00.000Z'));
    renderApp(db);
    await drawn();
    expect(await header().findByTitle('Đồng bộ lúc 14:05 · 23/11/2026')).toBeTruthy();
    expect(header().getByRole('button', { name: 'Đồng bộ ngay' })).toBeTruthy();
  });

  it('keeps the header to one row: title and village, the status button, sync and settings', async () => {
    const db = await notebookWithProfile();
    renderApp(db);
    await drawn();
    const bar = screen.getByRole('banner');
    // No second line of sync text or errors in the bar: the details are on the status screen.
    expect([...bar.children].map((c) => c.className)).toEqual([
      'brand',
      expect.stringContaining('status-pill'),
      expect.stringContaining('sync-now'),
      'icon-button',
    ]);
    expect(within(bar).getByRole('link', { name: 'Cài đặt' }).getAttribute('href')).toBe('/cai-dat');
    expect(bar.querySelector('a.brand')!.textContent).toBe('Sổ 06 · Thôn Đông');
  });

  it('shows the same in full on the status screen, in plain Vietnamese, each figure once', async () => {
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
    expect(main.getByText('Lê Thị Hoa · 0912345678')).toBeTruthy();
    expect(await main.findByText('Chưa đồng bộ được: máy chủ từ chối yêu cầu')).toBeTruthy();
    expect(screen.getByRole('main').textContent).not.toContain('deviceId');
    expect(await main.findAllByText('Chưa đồng bộ')).toHaveLength(1);
    expect(main.getAllByText(/1 thay đổi chỉ có trên máy này/)).toHaveLength(1);

    fakes.transport.online();
    fireEvent.click(main.getByRole('button', { name: 'Đồng bộ ngay' }));
    expect(await main.findByText(/^Đồng bộ lúc \d\d:\d\d · \d\d\/\d\d\/\d{4}$/)).toBeTruthy();
    expect(main.getByText('Mọi thay đổi trên máy đã được gửi.')).toBeTruthy();
    expect(main.queryByText(/Chưa đồng bộ được/)).toBeNull();
  });

  it('says calmly that there is no network: no error, no browser message', async () => {
    const db = await notebookWithProfile();
    await household(db, 'Nguyễn Văn Đức');
    const fakes = fakeServices();
    // What the transport makes of fetch's own TypeError("Failed to fetch").
    fakes.transport.fail({ kind: 'network', message: 'Failed to fetch' });
    renderApp(db, '/trang-thai', fakes);
    await screen.findByRole('heading', { name: 'Tình trạng máy' });
    const calm = await screen.findByText('Đang không có mạng — sẽ tự gửi khi có mạng.');
    expect(calm.classList.contains('calm')).toBe(true);
    expect(document.querySelector('.notice.warning, .has-problem')).toBeNull();
    expect(document.body.textContent).not.toMatch(/Failed to fetch|Chưa đồng bộ được/);
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
