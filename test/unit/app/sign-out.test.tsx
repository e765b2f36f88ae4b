// @vitest-environment jsdom
// Sign-out on a shared phone: refused while edits wait (with "Đồng bộ ngay" at hand); once nothing
// waits, nothing of the person stays: notebook, profile, last sync, session.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { outboxCount } from '../../../src/db/queries.ts';
import { getProfile } from '../../../src/db/settings.ts';
import { getLastSyncAt } from '../../../src/sync/last-sync.ts';
import {
  HOA,
  PASSWORDS,
  fakeServices,
  household,
  notebookWithProfile,
  person,
  renderApp,
} from './helpers.tsx';

async function tapSignOut() {
  fireEvent.click(await screen.findByRole('button', { name: 'Đăng xuất' }));
}

describe('sign-out', () => {
  it('is refused while edits wait, and offers "Đồng bộ ngay"; nothing is removed', async () => {
    const db = await notebookWithProfile();
    const h = await household(db, 'Nguyễn Văn Đức');
    await person(db, h.id, 'Nguyễn Văn Đức');
    const fakes = fakeServices();
    renderApp(db, '/cai-dat', fakes);
    await tapSignOut();
    const refusal = within(await screen.findByRole('alert'));
    expect(
      refusal.getByText(
        'Chưa thể đăng xuất: còn 2 thay đổi chưa gửi lên máy chủ. Đăng xuất sẽ xóa dữ liệu trên máy này, nên hãy đồng bộ trước.',
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fakes.sessions.session).toBeDefined();
    expect(fakes.account.logouts).toEqual([]);
    expect(await db.households.get(h.id)).toBeDefined();

    // Syncing from the refusal empties the outbox; then the person may sign out.
    fakes.transport.online();
    fireEvent.click(refusal.getByRole('button', { name: 'Đồng bộ ngay' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(await outboxCount(db)).toBe(0);
    await tapSignOut();
    expect(within(await screen.findByRole('alertdialog')).getByText('Đăng xuất khỏi máy này?')).toBeTruthy();
  });

  it('once nothing waits: wipes the notebook and the session, revokes the token, back to sign-in', async () => {
    const db = await notebookWithProfile();
    const h = await household(db, 'Nguyễn Văn Đức');
    const fakes = fakeServices();
    fakes.transport.online();
    renderApp(db, '/cai-dat', fakes);
    await waitFor(async () => expect(await outboxCount(db)).toBe(0));
    await waitFor(async () => expect(await getLastSyncAt(db)).not.toBeNull());
    const token = fakes.sessions.session!.token;

    await tapSignOut();
    const dialog = within(await screen.findByRole('alertdialog'));
    expect(dialog.getByText(/Mọi dữ liệu của bạn trên máy này sẽ bị xóa/)).toBeTruthy();
    fireEvent.click(dialog.getByRole('button', { name: 'Đăng xuất' }));

    expect(await screen.findByRole('heading', { name: 'Đăng nhập' })).toBeTruthy();
    expect(location.pathname).toBe('/');
    expect(fakes.sessions.session).toBeUndefined();
    expect(fakes.account.logouts).toEqual([token]);
    expect(await db.households.get(h.id)).toBeUndefined();
    expect(await db.households.count()).toBe(0);
    expect(await getProfile(db)).toBeUndefined();
    expect(await getLastSyncAt(db)).toBeNull();
    // The phone's header knows nobody any more.
    expect(document.querySelector('header a[href="/"]')!.textContent).toBe('Sổ 06');
    expect(screen.queryByRole('button', { name: 'Đồng bộ ngay' })).toBeNull();
    // Nothing syncs for nobody: the network coming back starts no round. What proves that one would
    // have run by now is a round that starts later: signing in again syncs at once, and its pull comes
    // after that of any round the event could have started. So there is one request since the
    // sign-out, the new session's pull: a round for nobody would show as a second one (or one with no
    // token).
    const pulls = fakes.transport.pulls;
    const requests = fakes.transport.tokens.length;
    window.dispatchEvent(new Event('online'));
    fireEvent.input(await screen.findByLabelText('Số điện thoại'), { target: { value: HOA.phone } });
    fireEvent.input(screen.getByLabelText('Mật khẩu'), { target: { value: PASSWORDS[HOA.phone] } });
    fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));
    await waitFor(async () => expect(await getLastSyncAt(db)).not.toBeNull());
    const again = fakes.sessions.session!.token;
    expect(again).not.toBe(token);
    expect(fakes.transport.tokens.slice(requests)).toEqual([again]);
    expect(fakes.transport.pulls).toBe(pulls + 1);
  });
});
