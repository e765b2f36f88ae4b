// @vitest-environment jsdom
// Settings: who is signed in, the village switch among the server's villages, and the switch to English.
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { getLanguage, getProfile } from '../../../src/db/settings.ts';
import { HOA, household, notebookWithProfile, renderApp, VILLAGE } from './helpers.tsx';

const TWO_VILLAGES = [
  { id: VILLAGE, name: 'Thôn Đông' },
  { id: 'thon-doai', name: 'Thôn Đoài' },
];

describe('settings', () => {
  it('shows who is signed in and switches the list to another of their villages', async () => {
    const db = await notebookWithProfile(TWO_VILLAGES);
    await household(db, 'Hộ Thôn Đông');
    renderApp(db, '/cai-dat');
    await screen.findByRole('heading', { name: 'Cài đặt' });
    expect(screen.getByText(`${HOA.name} · ${HOA.phone}`)).toBeTruthy();
    expect(screen.getByText('Thành viên tổ công tác')).toBeTruthy();
    // Villages come from the server: nothing to type.
    expect(screen.queryByRole('textbox')).toBeNull();
    expect((screen.getByLabelText('Thôn Đông') as HTMLInputElement).checked).toBe(true);

    fireEvent.click(screen.getByLabelText('Thôn Đoài'));
    expect(await screen.findByText('Đã chuyển sang Thôn Đoài.')).toBeTruthy();
    expect((await getProfile(db))!.villageId).toBe('thon-doai');
    await waitFor(() =>
      expect(document.querySelector('header a[href="/"]')!.textContent).toBe('Sổ 06 · Thôn Đoài'),
    );

    fireEvent.click(screen.getByRole('link', { name: /Danh sách hộ/ }));
    await screen.findByRole('heading', { name: 'Danh sách hộ' });
    await waitFor(() => expect(document.querySelector('ul[data-total="0"]')).not.toBeNull());
    expect(screen.getByText('Thôn này chưa có hộ nào trên máy.')).toBeTruthy();
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
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sync now' })).toBeTruthy();

    fireEvent.click(screen.getByRole('link', { name: /Households/ }));
    expect(await screen.findByRole('heading', { name: 'Households' })).toBeTruthy();
    expect(screen.getByLabelText('Find a household')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Missing CCCD' })).toBeTruthy();
    expect(await screen.findByText('Visited 0/1 · CCCD – · VNeID level 2 –')).toBeTruthy();
    expect(await screen.findByText('1 household')).toBeTruthy();

    fireEvent.click(screen.getByRole('link', { name: 'Settings' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Tiếng Việt' }));
    expect(await screen.findByRole('heading', { name: 'Cài đặt' })).toBeTruthy();
    expect(await getLanguage(db)).toBe('vi');
  });
});
