// @vitest-environment jsdom
// First start (the local set-up screen), villages, and the switch to English.
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { getLanguage, getProfile } from '../../../src/db/settings.ts';
import { freshDb, household, notebookWithProfile, renderApp } from './helpers.tsx';

describe('set-up screen', () => {
  it('is shown at first start and saves the volunteer and the village with a slug id', async () => {
    const db = freshDb();
    renderApp(db);
    expect(await screen.findByRole('heading', { name: 'Chào mừng đến Sổ 06' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Bắt đầu' }));
    expect(await screen.findByText('Cần có ít nhất một thôn.')).toBeTruthy();
    expect(screen.getByText('Cần nhập ô này.')).toBeTruthy();

    fireEvent.input(screen.getByLabelText('Họ và tên tình nguyện viên'), { target: { value: 'Lê Thị Hoa' } });
    fireEvent.input(screen.getByLabelText('Tên thôn / tổ dân phố'), { target: { value: 'Thôn Đông' } });
    expect(screen.getByText('mã thon-dong')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Bắt đầu' }));

    expect(await screen.findByRole('heading', { name: 'Danh sách hộ' })).toBeTruthy();
    expect(document.querySelector('header a[href="/"]')!.textContent).toBe('Sổ 06 · Thôn Đông');
    expect(await getProfile(db)).toEqual({
      volunteerName: 'Lê Thị Hoa',
      villages: [{ id: 'thon-dong', name: 'Thôn Đông' }],
      villageId: 'thon-dong',
    });
  });

  it('adds a second village and switches the list to it', async () => {
    const db = await notebookWithProfile();
    await household(db, 'Hộ Thôn Đông');
    renderApp(db, '/cai-dat');
    await screen.findByRole('heading', { name: 'Cài đặt' });
    fireEvent.input(screen.getByLabelText('Tên thôn mới'), { target: { value: 'Thôn Đông' } });
    fireEvent.click(screen.getByRole('button', { name: 'Thêm thôn' }));
    expect(screen.getByText('Thôn này đã có trong danh sách.')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Tên thôn mới'), { target: { value: 'Tổ dân phố Số 5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Thêm thôn' }));
    expect((screen.getByLabelText(/Tổ dân phố Số 5/) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));

    await screen.findByRole('heading', { name: 'Danh sách hộ' });
    expect((await getProfile(db))!.villageId).toBe('to-dan-pho-so-5');
    await waitFor(() => expect(document.querySelector('ul[data-total="0"]')).not.toBeNull());
    expect(document.querySelector('header a[href="/"]')!.textContent).toBe('Sổ 06 · Tổ dân phố Số 5');
  });
});

describe('language switch', () => {
  it('switches the whole interface to English and keeps the choice', async () => {
    const db = await notebookWithProfile();
    await household(db, 'Nguyễn Văn Đức');
    renderApp(db, '/cai-dat');
    fireEvent.click(await screen.findByRole('button', { name: 'English' }));
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    expect(document.documentElement.lang).toBe('en');
    expect(await getLanguage(db)).toBe('en');

    fireEvent.click(screen.getByRole('link', { name: 'Cancel' }));
    expect(await screen.findByRole('heading', { name: 'Households' })).toBeTruthy();
    expect(screen.getByLabelText('Find a household')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Missing CCCD' })).toBeTruthy();
    expect(await screen.findByText('0/1 households visited · – with CCCD · – VNeID level 2')).toBeTruthy();
    expect(screen.getByText('1 household')).toBeTruthy();

    fireEvent.click(screen.getByRole('link', { name: 'Settings' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Tiếng Việt' }));
    expect(await screen.findByRole('heading', { name: 'Cài đặt' })).toBeTruthy();
    expect(await getLanguage(db)).toBe('vi');
  });
});
