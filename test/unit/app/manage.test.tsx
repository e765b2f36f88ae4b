// @vitest-environment jsdom
// Managing a commune from the office PC or a phone (SYNC-API.md "Managing a commune"): volunteers
// added, given villages, locked; their set-up codes shown and printed for a village; villages added,
// renamed and archived; phones revoked; the trail paged. The server is FakeManage's commune.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ManagedDevice } from '../../../src/domain/manage.ts';
import {
  HOA,
  OFFICER,
  fakeServices,
  freshDb,
  notebookWithProfile,
  renderApp,
  sessionOf,
} from './helpers.tsx';

function asOfficer(path: string) {
  const fakes = fakeServices(sessionOf(OFFICER));
  renderApp(freshDb(), path, fakes);
  return fakes;
}
const row = (id: string) => document.querySelector<HTMLElement>(`[data-volunteer-id="${id}"]`)!;
const input = (label: string | RegExp) => screen.getByLabelText(label) as HTMLInputElement;

beforeEach(() => {
  vi.spyOn(window, 'print').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe('volunteers', () => {
  it('[M9] adds a volunteer: the form says what is missing, then the list shows them', async () => {
    const fakes = asOfficer('/quan-ly');
    await screen.findByText('Nguyễn Thị Lan');
    fireEvent.input(input('Họ và tên'), { target: { value: 'Bùi Văn Tài' } });
    fireEvent.input(input('Số điện thoại'), { target: { value: '0988 12' } });
    fireEvent.click(screen.getByRole('button', { name: 'Thêm tình nguyện viên' }));
    expect(await screen.findByText('Số điện thoại gồm 10 chữ số, bắt đầu bằng số 0.')).toBeTruthy();
    expect(screen.getByText('Chọn ít nhất một thôn.')).toBeTruthy();
    expect(fakes.manage.volunteerList).toHaveLength(1);
    fireEvent.input(input('Số điện thoại'), { target: { value: '0988 123 456' } });
    fireEvent.click(screen.getAllByRole('checkbox', { name: 'Thôn Đoài' }).at(-1)!);
    fireEvent.click(screen.getByRole('button', { name: 'Thêm tình nguyện viên' }));
    expect(await screen.findByText('Đã thêm Bùi Văn Tài.')).toBeTruthy();
    await screen.findByText('Bùi Văn Tài');
    expect(fakes.manage.volunteerList.at(-1)).toMatchObject({ phone: '0988123456', areaIds: ['thon-doai'] });
    expect(fakes.manage.passwords.size).toBe(0); // no password: the phone is set up by a code
  });

  it('[M9] a phone number with an account already is said plainly', async () => {
    asOfficer('/quan-ly');
    await screen.findByText('Nguyễn Thị Lan');
    fireEvent.input(input('Họ và tên'), { target: { value: 'Trùng Số' } });
    fireEvent.input(input('Số điện thoại'), { target: { value: '0911000001' } });
    fireEvent.click(screen.getAllByRole('checkbox', { name: 'Thôn Đông' }).at(-1)!);
    fireEvent.click(screen.getByRole('button', { name: 'Thêm tình nguyện viên' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Chưa lưu được: số điện thoại này đã có tài khoản.',
    );
  });

  it('[M20] shows a volunteer’s set-up code as a QR code, its 8 characters and until when it works', async () => {
    const fakes = asOfficer('/quan-ly');
    await screen.findByText('Nguyễn Thị Lan');
    fireEvent.click(within(row('v-lan')).getByRole('button', { name: 'Mã thiết lập máy' }));
    const card = await screen.findByRole('region', { name: 'Mã thiết lập máy cho Nguyễn Thị Lan' });
    const code = fakes.manage.codes[0]!;
    expect(within(card).getByText(code.display)).toBeTruthy();
    expect(within(card).getByRole('img', { name: 'Mã QR thiết lập máy cho Nguyễn Thị Lan' })).toBeTruthy();
    expect(within(card).getByText('Dùng được một lần, đến 10:00 01/12/2026.')).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: 'In' }));
    expect(window.print).toHaveBeenCalled();
  });

  it('[M10] [M11] reassigns, resets the password and locks an account after asking', async () => {
    const fakes = asOfficer('/quan-ly');
    await screen.findByText('Nguyễn Thị Lan');
    fireEvent.click(within(row('v-lan')).getByRole('button', { name: 'Sửa' }));
    fireEvent.click(within(row('v-lan')).getByRole('checkbox', { name: 'Thôn Đoài' }));
    fireEvent.click(within(row('v-lan')).getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(fakes.manage.volunteerList[0]!.areaIds).toEqual(['thon-dong', 'thon-doai']));
    fireEvent.click(within(row('v-lan')).getByRole('button', { name: 'Đặt lại mật khẩu' }));
    fireEvent.input(within(row('v-lan')).getByLabelText('Mật khẩu mới'), {
      target: { value: 'mat-khau-moi' },
    });
    fireEvent.click(within(row('v-lan')).getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText('Đã đặt mật khẩu mới cho Nguyễn Thị Lan.')).toBeTruthy();
    expect(fakes.manage.passwords.get('v-lan')).toBe('mat-khau-moi');
    fireEvent.click(within(row('v-lan')).getByRole('button', { name: 'Khóa tài khoản' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('Điện thoại của họ sẽ gửi hết dữ liệu còn chờ lên máy chủ');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Khóa tài khoản' }));
    await waitFor(() => expect(within(row('v-lan')).getByText('Đã khóa')).toBeTruthy());
    expect(fakes.manage.volunteerList[0]!.active).toBe(false);
  });

  it('[M20] prints the set-up sheet of a village: a new code for each active volunteer', async () => {
    const fakes = asOfficer('/quan-ly/phieu/thon-dong');
    fireEvent.click(await screen.findByRole('button', { name: 'Tạo mã và in' }));
    await waitFor(() => expect(window.print).toHaveBeenCalled());
    expect(fakes.manage.codes.map((c) => c.volunteer.name)).toEqual(['Nguyễn Thị Lan']);
    expect(screen.getByText(fakes.manage.codes[0]!.display)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Phiếu thiết lập máy · Thôn Đông' })).toBeTruthy();
  });
});

describe('villages', () => {
  it('[M5] [M6] [M7] adds and renames a village; one with volunteers is not archived', async () => {
    const fakes = asOfficer('/quan-ly/thon');
    await screen.findByText('Thôn Đông');
    fireEvent.input(input('Tên thôn, tổ dân phố'), { target: { value: 'Thôn Nam' } });
    fireEvent.click(screen.getByRole('button', { name: 'Thêm thôn' }));
    await screen.findByText('Thôn Nam');
    const dong = () => document.querySelector<HTMLElement>('[data-village-id="thon-dong"]')!;
    fireEvent.click(within(dong()).getByRole('button', { name: 'Lưu trữ' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'còn tình nguyện viên đang được giao thôn này',
    );
    const nam = () =>
      document.querySelector<HTMLElement>(`[data-village-id="${fakes.manage.villageList[2]!.id}"]`)!;
    fireEvent.click(within(nam()).getByRole('button', { name: 'Đổi tên' }));
    fireEvent.input(within(nam()).getByLabelText('Tên thôn, tổ dân phố'), {
      target: { value: 'Thôn Nam Sơn' },
    });
    fireEvent.click(within(nam()).getByRole('button', { name: 'Lưu' }));
    await screen.findByText('Thôn Nam Sơn');
    fireEvent.click(within(nam()).getByRole('button', { name: 'Lưu trữ' }));
    await waitFor(() => expect(within(nam()).getByText('Đã lưu trữ')).toBeTruthy());
  });
});

describe("[M26] the commune's lock time", () => {
  it('an admin chooses it; the phones get it at their next refresh', async () => {
    const admin = { ...OFFICER, id: 'u-admin', role: 'admin' as const, areaIds: [] };
    const fakes = fakeServices(sessionOf(admin));
    // An admin keeps a notebook too: signed in with a profile, as after a first sign-in.
    renderApp(await notebookWithProfile(), '/quan-ly/thon', fakes);
    const select = (await screen.findByLabelText(
      'Xã An Bình: tự khoá sau khi không dùng',
    )) as HTMLSelectElement;
    expect(select.value).toBe('5');
    const save = () => within(select.closest('form')!).getByRole('button', { name: 'Lưu' });
    expect((save() as HTMLButtonElement).disabled).toBe(true); // nothing changed yet
    fireEvent.change(select, { target: { value: '2' } });
    fireEvent.click(save());
    await waitFor(() => expect(fakes.manage.lockMinutes).toBe(2));
    await waitFor(() => expect((save() as HTMLButtonElement).disabled).toBe(true));
    expect(select.value).toBe('2');
  });

  it('the commune police see it, and cannot change it', async () => {
    const fakes = asOfficer('/quan-ly/thon');
    fakes.manage.lockMinutes = 3;
    await screen.findByText('Thôn Đông');
    expect(
      await screen.findByText('Sổ trên điện thoại tự khoá sau 3 phút không dùng (quản trị viên đặt).'),
    ).toBeTruthy();
    expect(screen.queryByLabelText(/tự khoá sau khi không dùng/)).toBeNull();
  });
});

describe('phones', () => {
  const device = (over: Partial<ManagedDevice>): ManagedDevice => ({
    deviceId: 'd1',
    userId: 'v-lan',
    userName: 'Nguyễn Thị Lan',
    areaIds: ['thon-dong'],
    lastPushAt: '2026-11-29T02:00:00.000Z',
    lastPullAt: '2026-11-29T02:05:00.000Z',
    build: 412,
    pending: 3,
    storageBytes: 52_428_800,
    reportedAt: '2026-11-29T02:05:00.000Z',
    quiet: false,
    state: 'active',
    revokeRequestedAt: null,
    revokedAt: null,
    ...over,
  });

  it('[D7] [D8] lists each phone with what it reported, and revokes one after asking', async () => {
    const fakes = fakeServices(sessionOf(OFFICER));
    fakes.manage.deviceList = [
      device({}),
      device({ deviceId: 'd2', quiet: true, lastPushAt: null, lastPullAt: null }),
    ];
    renderApp(freshDb(), '/quan-ly/dien-thoai', fakes);
    const first = await waitFor(() => {
      const found = document.querySelector<HTMLElement>('[data-device-id="d1"]');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(first.textContent).toContain('09:05 · 29/11/2026');
    expect(first.textContent).toContain('412');
    expect(first.textContent).toContain('50 MB');
    expect(first.textContent).toContain('Đang dùng');
    const quiet = document.querySelector<HTMLElement>('[data-device-id="d2"]')!;
    expect(quiet.textContent).toContain('Chưa đồng bộ');
    expect(quiet.textContent).toContain('Lâu chưa đồng bộ');
    fireEvent.click(within(first).getByRole('button', { name: 'Thu hồi' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('gửi hết thay đổi còn chờ lên máy chủ');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Thu hồi' }));
    await waitFor(() =>
      expect(document.querySelector('[data-device-id="d1"]')!.textContent).toContain('Chờ thu hồi'),
    );
    expect(fakes.manage.deviceList[0]!.state).toBe('revoking');
  });
});

describe('the trail and the way in', () => {
  it('[M12] pages the trail newest first', async () => {
    const fakes = fakeServices(sessionOf(OFFICER));
    for (const name of ['Thôn A', 'Thôn B', 'Thôn C'])
      await fakes.manage.createVillage('t', { communeId: 'xa-an-binh', name });
    renderApp(freshDb(), '/quan-ly/nhat-ky', fakes);
    await waitFor(() => expect(document.querySelectorAll('.manage-audit li')).toHaveLength(2));
    expect(document.querySelector('.manage-audit li')!.textContent).toContain('Thêm thôn · Thôn C');
    fireEvent.click(screen.getByRole('button', { name: 'Xem thêm' }));
    await waitFor(() => expect(document.querySelectorAll('.manage-audit li')).toHaveLength(3));
    expect(screen.queryByRole('button', { name: 'Xem thêm' })).toBeNull();
  });

  it('[RV11] shows an export with whole ID numbers in the trail: what, which area by name, how many, by whom', async () => {
    const fakes = fakeServices(sessionOf(OFFICER));
    fakes.manage.auditLog.unshift({
      id: 1,
      at: '2026-11-30T03:00:00.000Z',
      actorId: 'officer',
      actorName: 'Đại úy Vũ Đức Minh',
      deviceId: 'pc',
      communeId: 'xa-an-binh',
      action: 'persons.export_full_ids',
      targetUserId: null,
      targetUserName: null,
      targetAreaId: 'xa-an-binh',
      targetDeviceId: null,
      details: { persons: 37 },
    });
    renderApp(freshDb(), '/quan-ly/nhat-ky', fakes);
    await waitFor(() => expect(document.querySelectorAll('.manage-audit li')).toHaveLength(1));
    expect(document.querySelector('.manage-audit li')!.textContent).toBe(
      '10:00 · 30/11/2026 Xuất danh sách có số định danh đầy đủ · Xã An Bình · 37 người bởi Đại úy Vũ Đức Minh',
    );
  });

  it('[M1] police and admins find "Quản lý" in the header; a volunteer does not, and gets no such page', async () => {
    asOfficer('/tong-hop');
    expect(await screen.findByRole('link', { name: 'Quản lý' })).toBeTruthy();
    document.body.innerHTML = '';
    renderApp(freshDb(), '/quan-ly', fakeServices(sessionOf(HOA)));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Quản lý' })).toBeNull());
  });

  it('[M1] an officer the server lets manage nothing is told so', async () => {
    const fakes = fakeServices(sessionOf(OFFICER));
    fakes.manage.failure = { kind: 'forbidden', message: 'no' };
    renderApp(freshDb(), '/quan-ly', fakes);
    expect(await screen.findByText('Tài khoản này không được giao quản lý xã nào.')).toBeTruthy();
  });
});
