// @vitest-environment jsdom
// An expired or revoked sign-in keeps everything on the phone: a banner asks to sign in again, and the
// waiting edits go once the person has. Someone else may not take over while those edits wait.
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { outboxCount } from '../../../src/db/queries.ts';
import { getProfile } from '../../../src/db/settings.ts';
import { fakeServices, HOA, household, notebookWithProfile, PASSWORDS, renderApp, TUAN } from './helpers.tsx';

const EXPIRED = 'Phiên đăng nhập đã hết hạn. Đăng nhập lại để tiếp tục đồng bộ.';

/** A phone whose token the server no longer accepts, with one edit waiting. */
async function expiredPhone() {
  const db = await notebookWithProfile();
  const h = await household(db, 'Nguyễn Văn Đức');
  const fakes = fakeServices();
  fakes.transport.fail({ kind: 'unauthenticated', message: 'token revoked' });
  renderApp(db, '/', fakes);
  expect(await screen.findByText(EXPIRED)).toBeTruthy();
  return { db, h, fakes };
}

async function signInAgain(phone: string | null, password: string) {
  fireEvent.click(screen.getByRole('link', { name: 'Đăng nhập lại' }));
  await screen.findByRole('heading', { name: 'Đăng nhập lại' });
  if (phone !== null) fireEvent.input(screen.getByLabelText('Số điện thoại'), { target: { value: phone } });
  fireEvent.input(screen.getByLabelText('Mật khẩu'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));
}

describe('sign-in again', () => {
  it('keeps the edits, and pushes them once the same person has signed in again', async () => {
    const { db, h, fakes } = await expiredPhone();
    expect(await outboxCount(db)).toBe(1);
    // Everything stays usable meanwhile.
    expect(screen.getByText('Nguyễn Văn Đức')).toBeTruthy();
    const tries = fakes.transport.pushes.length;

    fakes.transport.online();
    await signInAgain(null, PASSWORDS[HOA.phone]!);
    // The phone number was filled in from the expired session.
    await waitFor(() => expect(fakes.account.logins[0]?.phone).toBe(HOA.phone));
    await screen.findByRole('heading', { name: 'Danh sách hộ' });
    await waitFor(() => expect(screen.queryByText(EXPIRED)).toBeNull());
    await waitFor(async () => expect(await outboxCount(db)).toBe(0));
    const last = fakes.transport.pushes.at(-1)!;
    expect(fakes.transport.pushes.length).toBeGreaterThan(tries);
    expect(last.mutations.map((m) => m.entityId)).toEqual([h.id]);
    // With the new token, kept for the next start.
    expect(fakes.transport.tokens.at(-1)).toBe(fakes.sessions.session!.token);
    expect(fakes.sessions.session!.token).not.toBe('token-u-hoa');
    expect(await db.households.get(h.id)).toBeDefined();
  });

  it('refuses another person while the signed-in person’s edits still wait', async () => {
    const { db, h, fakes } = await expiredPhone();
    await signInAgain(TUAN.phone, PASSWORDS[TUAN.phone]!);
    expect(
      await screen.findByText(
        'Còn 1 thay đổi của Lê Thị Hoa chưa gửi lên máy chủ. Lê Thị Hoa cần đăng nhập lại và đồng bộ trước khi người khác đăng nhập trên máy này.',
      ),
    ).toBeTruthy();
    expect(fakes.sessions.session!.user.id).toBe(HOA.id);
    expect(await db.households.get(h.id)).toBeDefined();
    expect(await outboxCount(db)).toBe(1);
  });

  it('lets another person in once nothing waits, on a notebook cleared of the earlier person’s data', async () => {
    const db = await notebookWithProfile();
    const fakes = fakeServices();
    fakes.transport.online();
    renderApp(db, '/', fakes);
    await screen.findByRole('heading', { name: 'Danh sách hộ' });
    // Hoa's edit reaches the server: nothing of hers waits any more.
    const h = await household(db, 'Nguyễn Văn Đức');
    fireEvent.click(screen.getByRole('button', { name: 'Đồng bộ ngay' }));
    await waitFor(async () => expect(await outboxCount(db)).toBe(0), { timeout: 15_000 });
    fakes.transport.fail({ kind: 'unauthenticated', message: 'token expired' });
    fireEvent.click(screen.getByRole('button', { name: 'Đồng bộ ngay' }));
    await screen.findByText(EXPIRED);

    await signInAgain(TUAN.phone, PASSWORDS[TUAN.phone]!);
    await waitFor(() =>
      expect(document.querySelector('header a[href="/"]')!.textContent).toBe('Sổ 06 · Xóm Bãi'),
    );
    expect(await db.households.get(h.id)).toBeUndefined();
    expect(fakes.sessions.session!.user.id).toBe(TUAN.id);
    expect((await getProfile(db))!.volunteerName).toBe(TUAN.name);
  });
});
