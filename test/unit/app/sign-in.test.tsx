// @vitest-environment jsdom
// First start: sign in with phone and password; the server's villages fill the profile and the
// notebook starts syncing. Each failure is said in plain Vietnamese.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { getProfile } from '../../../src/db/settings.ts';
import type { HttpFailure } from '../../../src/sync/http-client.ts';
import { DEVICE_ID, fakeServices, freshDb, HOA, OFFICER, PASSWORDS, renderApp } from './helpers.tsx';

async function signInAs(phone: string, password: string) {
  fireEvent.input(await screen.findByLabelText('Số điện thoại'), { target: { value: phone } });
  fireEvent.input(screen.getByLabelText('Mật khẩu'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));
}

describe('sign-in', () => {
  it('lands on the household list of the first of the server’s villages, and starts syncing', async () => {
    const db = freshDb();
    const fakes = fakeServices(null);
    fakes.transport.online();
    renderApp(db, '/', fakes);
    expect(await screen.findByRole('heading', { name: 'Đăng nhập' })).toBeTruthy();
    // Nothing of the notebook before sign-in.
    expect(screen.queryByRole('link', { name: 'Cài đặt' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Đồng bộ ngay' })).toBeNull();

    await signInAs('0912 345 678', PASSWORDS[HOA.phone]!);

    expect(await screen.findByRole('heading', { name: 'Danh sách hộ' })).toBeTruthy();
    expect(document.querySelector('header a[href="/"]')!.textContent).toBe('Sổ 06 · Thôn Đông');
    expect(fakes.account.logins).toEqual([
      { phone: '0912345678', password: PASSWORDS[HOA.phone], deviceId: DEVICE_ID },
    ]);
    // The villages are the server's (the commune is not one), named as the server names them.
    expect(await getProfile(db)).toEqual({
      volunteerName: 'Lê Thị Hoa',
      villages: [
        { id: 'thon-dong', name: 'Thôn Đông' },
        { id: 'thon-doai', name: 'Thôn Đoài' },
      ],
      villageId: 'thon-dong',
    });
    expect(fakes.sessions.session?.user).toEqual(HOA);
    // Syncing started with the new token, and said so.
    await waitFor(() => expect(fakes.transport.pulls).toBeGreaterThan(0));
    expect(fakes.transport.tokens.every((t) => t === fakes.sessions.session!.token)).toBe(true);
    expect(await screen.findByTitle(/^Đồng bộ lúc \d\d:\d\d · \d\d\/\d\d\/\d{4}$/)).toBeTruthy();
  });

  it('asks for a phone number of ten digits and a password before asking the server', async () => {
    const fakes = fakeServices(null);
    renderApp(freshDb(), '/', fakes);
    fireEvent.click(await screen.findByRole('button', { name: 'Đăng nhập' }));
    expect(screen.getAllByText('Cần nhập ô này.')).toHaveLength(2);
    await signInAs('91234567', '');
    expect(screen.getByText('Số điện thoại gồm 10 chữ số, bắt đầu bằng số 0.')).toBeTruthy();
    expect(fakes.account.logins).toEqual([]);
  });

  it('says a wrong phone or password plainly, and keeps the person on the sign-in screen', async () => {
    const db = freshDb();
    const fakes = fakeServices(null);
    renderApp(db, '/', fakes);
    await signInAs(HOA.phone, 'sai-mat-khau');
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      'Sai số điện thoại hoặc mật khẩu.',
    );
    expect((screen.getByLabelText('Mật khẩu') as HTMLInputElement).value).toBe('');
    expect(screen.getByRole('heading', { name: 'Đăng nhập' })).toBeTruthy();
    expect(fakes.sessions.session).toBeUndefined();
    expect(await getProfile(db)).toBeUndefined();
  });

  it.each<[string, HttpFailure, string]>([
    [
      'too many attempts',
      { kind: 'rate_limited', retryAfterMs: (14 * 60 + 5) * 1000, message: 'too many attempts' },
      'Bạn đã thử quá nhiều lần. Thử lại sau 15 phút.',
    ],
    [
      'no network',
      { kind: 'network', message: 'Failed to fetch' },
      'Không có kết nối. Cần có mạng để đăng nhập lần đầu.',
    ],
    [
      'a server error',
      { kind: 'server', status: 503, message: 'HTTP 503' },
      'Máy chủ đang gặp lỗi. Vui lòng thử lại sau.',
    ],
  ])('says %s in Vietnamese', async (_name, failure, message) => {
    const fakes = fakeServices(null);
    fakes.account.failNext = failure;
    renderApp(freshDb(), '/', fakes);
    await signInAs(HOA.phone, PASSWORDS[HOA.phone]!);
    expect(await screen.findByText(message)).toBeTruthy();
    expect(fakes.sessions.session).toBeUndefined();
  });

  it('lands a police officer on the review of their commune; "Đăng xuất" is in their settings', async () => {
    const db = freshDb();
    const fakes = fakeServices(null);
    renderApp(db, '/', fakes);
    await signInAs(OFFICER.phone, PASSWORDS[OFFICER.phone]!);
    expect(await screen.findByRole('heading', { name: 'Tổng hợp số liệu' })).toBeTruthy();
    await waitFor(() => expect(fakes.review.calls).toContain('tallies xa-an-binh'));
    // No notebook, no sync for the police.
    expect(screen.queryByRole('button', { name: 'Đồng bộ ngay' })).toBeNull();
    expect(fakes.transport.pulls).toBe(0);

    fireEvent.click(screen.getByRole('link', { name: 'Cài đặt' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Đăng xuất' }));
    fireEvent.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Đăng xuất' }),
    );
    expect(await screen.findByRole('heading', { name: 'Đăng nhập' })).toBeTruthy();
    expect(fakes.sessions.session).toBeUndefined();
    expect(fakes.account.logouts).toHaveLength(1);
  });
});
