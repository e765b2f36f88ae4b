// @vitest-environment jsdom
// The member form: errors in Vietnamese beside each field, dates as dd/mm/yyyy, and the ID number
// checked as it is typed, with a "wrong information" task one tap away on a mismatch.
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { outboxCount } from '../../../src/db/queries.ts';
import { household, notebookWithProfile, person, renderApp } from './helpers.tsx';
import { clockAt } from '../../support/clock.ts';

// A fixed today: "01/01/2099 is in the future" and "born 2090 has not come" hold on it, whatever year
// the tests run in.
clockAt('2026-11-20T10:00:00+07:00');

async function newMemberForm() {
  const db = await notebookWithProfile();
  const h = await household(db, 'Trần Văn Nam');
  renderApp(db, `/ho/${h.id}/nhan-khau/moi`);
  await screen.findByRole('heading', { name: 'Thêm nhân khẩu' });
  return { db, h };
}

const type = (label: string | RegExp, value: string) =>
  fireEvent.input(screen.getByLabelText(label), { target: { value } });

/** The error shown beside the field labelled `label`. */
function errorOf(label: string | RegExp): string | null {
  const input = screen.getByLabelText(label);
  return document.getElementById(`${input.id}-error`)?.textContent ?? null;
}

const ID_LABEL = /^Số định danh cá nhân/;

describe('person form errors', () => {
  it('shows Vietnamese errors beside a blank required field and a future birth date, and saves nothing', async () => {
    const { db } = await newMemberForm();
    const before = await outboxCount(db);
    type('Ngày sinh', '01/01/2099');
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(errorOf('Họ và tên')).toBe('Cần nhập ô này.'));
    expect(errorOf('Ngày sinh')).toBe('Ngày không được sau hôm nay.');
    expect(screen.getByLabelText('Họ và tên').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Cần nhập ô này.', { selector: '#relation-error' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('Chưa lưu: vui lòng sửa các ô được đánh dấu.');
    expect(await outboxCount(db)).toBe(before);
    expect(await db.persons.count()).toBe(0);
    // The first field to fix, in page order, has the focus.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Họ và tên')));
  });

  it('puts the focus on a missing choice', async () => {
    await newMemberForm();
    type('Họ và tên', 'Trần Thị Hà');
    type('Ngày sinh', '05/09/1990');
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Nam')));
    expect(document.getElementById('gender-error')!.textContent).toBe('Cần nhập ô này.');
  });

  it('says how to type a date that does not exist', async () => {
    await newMemberForm();
    type('Họ và tên', 'Trần Thị Hà');
    type('Ngày sinh', '31/02/1990');
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() =>
      expect(errorOf('Ngày sinh')).toMatch(/^Ngày không hợp lệ — nhập theo dạng dd\/mm\/yyyy/),
    );
    expect(errorOf('Họ và tên')).toBeNull();
  });

  it('saves a member typed with dd/mm/yyyy dates and shows them on the household', async () => {
    const { db, h } = await newMemberForm();
    type('Họ và tên', 'Trần Thị Hà');
    type('Ngày sinh', '05091990');
    fireEvent.blur(screen.getByLabelText('Ngày sinh'));
    expect((screen.getByLabelText('Ngày sinh') as HTMLInputElement).value).toBe('05/09/1990');
    fireEvent.click(screen.getByLabelText('Nữ'));
    fireEvent.change(screen.getByLabelText('Quan hệ với chủ hộ'), { target: { value: 'spouse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() =>
      expect(document.querySelector(`section[data-household-id="${h.id}"]`)).not.toBeNull(),
    );
    expect(screen.getByText(/sinh 05\/09\/1990/)).toBeTruthy();
    const [stored] = await db.persons.toArray();
    expect(stored).toMatchObject({
      fullName: 'Trần Thị Hà',
      birthDate: '1990-09-05',
      gender: 'female',
      relation: 'spouse',
    });
  });
});

describe('person form, household gone', () => {
  it('says the household is no longer on the phone instead of pointing at fields', async () => {
    const db = await notebookWithProfile();
    renderApp(db, `/ho/${crypto.randomUUID()}/nhan-khau/moi`);
    await screen.findByRole('heading', { name: 'Thêm nhân khẩu' });
    type('Họ và tên', 'Trần Thị Hà');
    type('Ngày sinh', '05/09/1990');
    fireEvent.click(screen.getByLabelText('Nữ'));
    fireEvent.change(screen.getByLabelText('Quan hệ với chủ hộ'), { target: { value: 'head' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Hộ hoặc nhân khẩu này không còn trên máy.');
    expect(await db.persons.count()).toBe(0);
  });
});

describe('ID number check as it is typed', () => {
  it('tells a wrong province at once and counts digits while typing', async () => {
    await newMemberForm();
    type(ID_LABEL, '999');
    expect(errorOf(ID_LABEL)).toMatch(/^999 không phải mã tỉnh/);
    type(ID_LABEL, '00119');
    expect(errorOf(ID_LABEL)).toBeNull();
    expect(screen.getByText('Số định danh có đúng 12 chữ số (đang có 5).')).toBeTruthy();
    type(ID_LABEL, '0011900123456');
    expect(errorOf(ID_LABEL)).toBe('Số định danh có đúng 12 chữ số (đang có 13).');
  });

  it('offers a "sai thông tin" task on a mismatch, created with the new member once saved', async () => {
    const { db, h } = await newMemberForm();
    type('Họ và tên', 'Trần Văn Nam');
    type('Ngày sinh', '15/06/1990');
    fireEvent.click(screen.getByLabelText('Nam'));
    fireEvent.change(screen.getByLabelText('Quan hệ với chủ hộ'), { target: { value: 'head' } });
    // Fourth digit 1: a woman born in the 1900s; the record says a man.
    type(ID_LABEL, '001 190 012345');
    expect(await screen.findByText('giới tính (số ghi Nữ, hồ sơ ghi Nam)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Tạo việc «sai thông tin»' }));
    expect(screen.getByText('Việc «sai thông tin» sẽ được tạo khi lưu nhân khẩu.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() =>
      expect(document.querySelector(`section[data-household-id="${h.id}"]`)).not.toBeNull(),
    );

    const [saved] = await db.persons.toArray();
    expect(saved!.idNumber).toBe('001190012345');
    const tasks = await db.tasks.toArray();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      householdId: h.id,
      personId: saved!.id,
      kind: 'wrong_info',
      status: 'open',
    });
    expect(tasks[0]!.note).toBe(
      'Số định danh 001190012345 không khớp với hồ sơ: giới tính (số ghi Nữ, hồ sơ ghi Nam).',
    );
    // The household screen lists it as an open task.
    expect(await screen.findByText(tasks[0]!.note)).toBeTruthy();
  });

  it('creates the task at once for a member already saved', async () => {
    const db = await notebookWithProfile();
    const h = await household(db, 'Lý Văn Tú');
    const p = await person(db, h.id, 'Lý Văn Tú', { birthDate: '1985-02-03', idNumber: '001080012345' });
    renderApp(db, `/ho/${h.id}/nhan-khau/${p.id}`);
    expect(await screen.findByText('năm sinh (số ghi năm …80, hồ sơ ghi năm 1985)')).toBeTruthy();
    const before = await outboxCount(db);
    fireEvent.click(screen.getByRole('button', { name: 'Tạo việc «sai thông tin»' }));
    expect(await screen.findByText('Đã tạo việc «sai thông tin».')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Tạo việc «sai thông tin»' })).toBeNull();
    const tasks = await db.tasks.toArray();
    expect(tasks.map((t) => [t.kind, t.personId])).toEqual([['wrong_info', p.id]]);
    expect(await outboxCount(db)).toBe(before + 1);
  });

  it('offers no task when the number agrees with the record', async () => {
    await newMemberForm();
    type('Ngày sinh', '15/06/1990');
    fireEvent.click(screen.getByLabelText('Nam'));
    type(ID_LABEL, '001090012345');
    expect(await screen.findByText('Số này ghi: khai sinh tại Hà Nội · Nam · sinh năm 1990.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Tạo việc «sai thông tin»' })).toBeNull();
  });

  it('warns when another person on the phone already has that ID number', async () => {
    const db = await notebookWithProfile();
    const other = await household(db, 'Hoàng Văn Ba');
    await person(db, other.id, 'Hoàng Văn Ba', { idNumber: '001090012345', birthDate: '1990-01-01' });
    const h = await household(db, 'Vũ Thị Tư');
    renderApp(db, `/ho/${h.id}/nhan-khau/moi`);
    await screen.findByRole('heading', { name: 'Thêm nhân khẩu' });
    type(ID_LABEL, '001090012345');
    expect(await screen.findByText('Số định danh này đã có ở nhân khẩu khác trên máy:')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Hoàng Văn Ba' }).getAttribute('href')).toBe(`/ho/${other.id}`);
  });
});

// Issue 11: what the ID check shows red is never saved, on the phone or (by the same schema) the server.
describe('an ID number that cannot be anyone’s is not saved', () => {
  async function filledNewMember() {
    const ctx = await newMemberForm();
    type('Họ và tên', 'Trần Văn Nam');
    type('Ngày sinh', '15/06/1990');
    fireEvent.click(screen.getByLabelText('Nam'));
    fireEvent.change(screen.getByLabelText('Quan hệ với chủ hộ'), { target: { value: 'head' } });
    return ctx;
  }

  it('a province code not in the list (099…): Lưu writes nothing, says why on the field and focuses it', async () => {
    const { db, h } = await filledNewMember();
    const before = await outboxCount(db);
    type(ID_LABEL, '099 090 012345');
    const provinceError = '099 không phải mã tỉnh: 3 số đầu là mã tỉnh nơi đăng ký khai sinh.';
    expect(errorOf(ID_LABEL)).toBe(provinceError);
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText(ID_LABEL)));
    expect(errorOf(ID_LABEL)).toBe(provinceError);
    expect(screen.getByLabelText(ID_LABEL).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('Chưa lưu: vui lòng sửa các ô được đánh dấu.');
    expect(await db.persons.count()).toBe(0);
    expect(await outboxCount(db)).toBe(before);
    expect(screen.getByRole('heading', { name: 'Thêm nhân khẩu' })).toBeTruthy();

    // The right number saves.
    type(ID_LABEL, '001 090 012345');
    expect(errorOf(ID_LABEL)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() =>
      expect(document.querySelector(`section[data-household-id="${h.id}"]`)).not.toBeNull(),
    );
    const [saved] = await db.persons.toArray();
    expect(saved!.idNumber).toBe('001090012345');
    expect(await outboxCount(db)).toBe(before + 1);
  });

  it('tells an impossible century at the 4th digit and a year to come at the 6th', async () => {
    await newMemberForm();
    type(ID_LABEL, '001');
    expect(errorOf(ID_LABEL)).toBeNull();
    type(ID_LABEL, '0018');
    expect(errorOf(ID_LABEL)).toBe(
      'Chữ số thứ 4 (giới tính và thế kỷ sinh) không thể là 8: 0/1 là sinh năm 1900–1999, 2/3 là sinh từ năm 2000.',
    );
    type(ID_LABEL, '0014');
    expect(errorOf(ID_LABEL)).toMatch(/^Chữ số thứ 4 \(giới tính và thế kỷ sinh\) không thể là 4:/);
    type(ID_LABEL, '00129');
    expect(errorOf(ID_LABEL)).toBeNull();
    type(ID_LABEL, '001290');
    expect(errorOf(ID_LABEL)).toBe('Số này ghi sinh năm 2090, năm đó chưa tới: kiểm tra chữ số thứ 4–6.');
    type(ID_LABEL, '001209');
    expect(errorOf(ID_LABEL)).toBeNull();
  });

  it('an impossible century at 12 digits: Lưu writes nothing, with the century message on the field', async () => {
    const { db } = await filledNewMember();
    const before = await outboxCount(db);
    type(ID_LABEL, '001 890 012345');
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText(ID_LABEL)));
    expect(errorOf(ID_LABEL)).toMatch(/^Chữ số thứ 4 \(giới tính và thế kỷ sinh\) không thể là 8:/);
    expect(await db.persons.count()).toBe(0);
    expect(await outboxCount(db)).toBe(before);
  });

  it('a member whose stored ID number predates the rule can still be saved with other changes', async () => {
    const db = await notebookWithProfile();
    const h = await household(db, 'Lý Văn Tú');
    const p = await person(db, h.id, 'Lý Văn Tú', {
      birthDate: '1980-02-03',
      idNumber: '001080012345',
      cccdStatus: 'applied',
    });
    // As an older version of the app stored it, before province codes were checked.
    await db.persons.update(p.id, { idNumber: '099080012345' });
    renderApp(db, `/ho/${h.id}/nhan-khau/${p.id}`);
    await screen.findByDisplayValue('099080012345');
    expect(errorOf(ID_LABEL)).toMatch(/^099 không phải mã tỉnh/);
    fireEvent.change(screen.getByLabelText('Thẻ căn cước (CCCD)'), { target: { value: 'issued' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() =>
      expect(document.querySelector(`section[data-household-id="${h.id}"]`)).not.toBeNull(),
    );
    expect(await db.persons.get(p.id)).toMatchObject({ idNumber: '099080012345', cccdStatus: 'issued' });
  });
});

describe('[R15] why not yet at VNeID level 2', () => {
  it('records the reason and the day the police took the application; activation clears the reason', async () => {
    const db = await notebookWithProfile();
    const h = await household(db, 'Trần Văn Nam');
    const p = await person(db, h.id, 'Trần Văn Nam', { vneidStatus: 'level1' });
    renderApp(db, `/ho/${h.id}/nhan-khau/${p.id}`);
    await screen.findByRole('heading', { name: 'Sửa nhân khẩu' });
    fireEvent.change(screen.getByLabelText('Lý do chưa kích hoạt VNeID mức 2'), {
      target: { value: 'no_own_sim' },
    });
    type('Ngày thu nhận hồ sơ VNeID mức 2 (không bắt buộc)', '15/11/2026');
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await screen.findByRole('heading', { name: 'Trần Văn Nam', level: 1 });
    expect(await db.persons.get(p.id)).toMatchObject({
      vneidBlocker: 'no_own_sim',
      vneidRegisteredOn: '2026-11-15',
    });
    const card = document.querySelector(`[data-person-id="${p.id}"] [data-field="vneidStatus"]`)!;
    expect(card.textContent).toBe('Mức 1 · thu nhận hồ sơ 15/11/2026 · Không có SIM chính chủ');

    fireEvent.click(screen.getByRole('button', { name: 'Đã kích hoạt mức 2' }));
    await waitFor(async () => expect((await db.persons.get(p.id))?.vneidStatus).toBe('level2_active'));
    expect((await db.persons.get(p.id))?.vneidBlocker ?? null).toBeNull();
    await waitFor(() =>
      expect(card.isConnected ? card.textContent : null).not.toContain('Không có SIM chính chủ'),
    );
  });

  it('does not ask for a reason once the account is active, and drops one chosen before', async () => {
    const db = await notebookWithProfile();
    const h = await household(db, 'Trần Văn Nam');
    const p = await person(db, h.id, 'Trần Văn Nam', { vneidStatus: 'none', vneidBlocker: 'working_away' });
    renderApp(db, `/ho/${h.id}/nhan-khau/${p.id}`);
    await screen.findByRole('heading', { name: 'Sửa nhân khẩu' });
    expect((screen.getByLabelText('Lý do chưa kích hoạt VNeID mức 2') as HTMLSelectElement).value).toBe(
      'working_away',
    );
    fireEvent.change(screen.getByLabelText('Tài khoản định danh điện tử (VNeID)'), {
      target: { value: 'level2_active' },
    });
    expect(screen.queryByLabelText('Lý do chưa kích hoạt VNeID mức 2')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await screen.findByRole('heading', { name: 'Trần Văn Nam', level: 1 });
    const saved = await db.persons.get(p.id);
    expect(saved?.vneidStatus).toBe('level2_active');
    expect(saved?.vneidBlocker ?? null).toBeNull();
  });
});
