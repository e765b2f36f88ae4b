// @vitest-environment jsdom
// The household screen: each member's checklist, one-tap updates, the quick visit log, open tasks.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { formatDateVi } from '../../../src/domain/dates.ts';
import { outboxCount } from '../../../src/db/queries.ts';
import { create, household, notebookWithProfile, person, renderApp } from './helpers.tsx';
import { clockAt } from '../../support/clock.ts';

// 00:30 on 21 November 2026 in Vietnam, still the 20th in UTC: "today" is Vietnam's. The child born in
// 2019 below is under 14 on that day (and would not be from 2033).
clockAt('2026-11-20T17:30:00Z');

async function gate() {
  const db = await notebookWithProfile();
  const h = await household(db, 'Nguyễn Văn Đức', {
    address: 'Số 3, Xóm Chùa',
    householdCode: 'HGD-7',
    phone: '0912345678',
  });
  const head = await person(db, h.id, 'Nguyễn Văn Đức', {
    idNumber: '001080012345',
    cccdStatus: 'none',
    vneidStatus: 'level1',
  });
  const child = await person(db, h.id, 'Nguyễn Thị Mai', {
    relation: 'child',
    birthDate: '2019-04-02',
    gender: 'female',
    cccdStatus: 'none',
    vneidStatus: 'none',
  });
  const task = await create(db, 'task', {
    householdId: h.id,
    personId: head.id,
    kind: 'wrong_info',
    note: 'Sai năm sinh',
    status: 'open',
  });
  return { db, h, head, child, task };
}

async function openHousehold(db: Awaited<ReturnType<typeof gate>>['db'], id: string) {
  const view = renderApp(db, `/ho/${id}`);
  await waitFor(() =>
    expect(view.container.querySelector(`section[data-household-id="${id}"]`)).not.toBeNull(),
  );
  return view;
}

function memberCard(container: ParentNode, personId: string): HTMLElement {
  return container.querySelector<HTMLElement>(`[data-person-id="${personId}"]`)!;
}

describe('household screen', () => {
  it("shows the household and each member's checklist with the law's hints", async () => {
    const { db, h, head, child } = await gate();
    const { container } = await openHousehold(db, h.id);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Nguyễn Văn Đức');
    expect(screen.getByText('Số 3, Xóm Chùa')).toBeTruthy();
    expect(screen.getByText('HGD-7')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Gọi Nguyễn Văn Đức: 0912345678' }).getAttribute('href')).toBe(
      'tel:0912345678',
    );

    const card = within(memberCard(container, head.id));
    expect(card.getByText('Chưa có thẻ')).toBeTruthy();
    expect(card.getByText('Mức 1')).toBeTruthy();
    // Masked until asked for, on the phone too (someone may be looking over the shoulder).
    expect(card.getByText('••• ••• ••2345')).toBeTruthy();
    expect(card.queryByText('001 080 012345')).toBeNull();
    fireEvent.click(card.getByRole('button', { name: /^Hiện/ }));
    expect(await card.findByText('001 080 012345')).toBeTruthy();
    expect(card.getByText(/sinh 01\/05\/1980/)).toBeTruthy();
    expect(card.getByText('Đủ 14 tuổi — cần làm thẻ')).toBeTruthy();
    expect(card.getByText('Cần kích hoạt VNeID mức 2')).toBeTruthy();

    // A child under 14: no duty, no hint, no buttons to tick.
    const kid = within(memberCard(container, child.id));
    expect(kid.queryByText('Đủ 14 tuổi — cần làm thẻ')).toBeNull();
    expect(kid.queryByRole('button')).toBeNull();
  });

  it('"Đã nhận thẻ" marks the card issued at once and queues exactly one edit', async () => {
    const { db, h, head } = await gate();
    const { container } = await openHousehold(db, h.id);
    const before = await outboxCount(db);
    fireEvent.click(within(memberCard(container, head.id)).getByRole('button', { name: 'Đã nhận thẻ' }));
    await waitFor(() => expect(within(memberCard(container, head.id)).getByText('Đã có thẻ')).toBeTruthy());
    expect(within(memberCard(container, head.id)).queryByText('Đủ 14 tuổi — cần làm thẻ')).toBeNull();
    expect((await db.persons.get(head.id))!.cccdStatus).toBe('issued');
    expect(await outboxCount(db)).toBe(before + 1);
    const last = await db.outbox.orderBy('seq').last();
    expect(last).toMatchObject({
      entity: 'person',
      entityId: head.id,
      op: 'upsert',
      fields: { cccdStatus: 'issued' },
    });
    // The header counts it too, and the tap is confirmed where the volunteer looks, read out.
    expect(
      await screen.findByRole('link', { name: new RegExp(`^Có kết nối\\s*·\\s*${before + 1} chờ đồng bộ$`) }),
    ).toBeTruthy();
    expect(document.querySelector('.toast-region[aria-live="polite"]')!.textContent).toBe(
      'Đã cập nhật Nguyễn Văn Đức.',
    );
  });

  it('"Đã nộp hồ sơ" and VNeID "Đã kích hoạt mức 2" set those statuses', async () => {
    const { db, h, head } = await gate();
    const { container } = await openHousehold(db, h.id);
    fireEvent.click(within(memberCard(container, head.id)).getByRole('button', { name: 'Đã nộp hồ sơ' }));
    await waitFor(() =>
      expect(within(memberCard(container, head.id)).getByText('Đã nộp hồ sơ (chờ nhận thẻ)')).toBeTruthy(),
    );
    fireEvent.click(
      within(memberCard(container, head.id)).getByRole('button', { name: 'Đã kích hoạt mức 2' }),
    );
    await waitFor(() =>
      expect(within(memberCard(container, head.id)).getByText('Đã kích hoạt mức 2')).toBeTruthy(),
    );
    const stored = (await db.persons.get(head.id))!;
    expect([stored.cccdStatus, stored.vneidStatus]).toEqual(['applied', 'level2_active']);
  });

  it("logs today's visit in one tap, dated in Vietnam", async () => {
    const { db, h } = await gate();
    await openHousehold(db, h.id);
    fireEvent.click(screen.getByRole('button', { name: 'Vắng nhà' }));
    const today = '2026-11-21';
    expect(await screen.findByText(`Đã ghi: Vắng nhà ngày ${formatDateVi(today)}.`)).toBeTruthy();
    const visits = await db.visits.where('householdId').equals(h.id).toArray();
    expect(visits.map((v) => [v.visitedOn, v.outcome])).toEqual([[today, 'not_home']]);
    // It appears in the visit log.
    const log = await waitFor(() => {
      const el = document.querySelector<HTMLElement>('ul.visits');
      expect(el).not.toBeNull();
      return el!;
    });
    expect(within(log).getByText(formatDateVi(today), { selector: 'strong' })).toBeTruthy();
    expect(within(log).getByText('Vắng nhà')).toBeTruthy();
  });

  it('shows a visit already logged today as such, and asks before logging a second one', async () => {
    const { db, h } = await gate();
    await openHousehold(db, h.id);
    const visitsOf = async () => (await db.visits.where('householdId').equals(h.id).toArray()).length;
    // None of the three looks chosen before a tap: the same class, no pressed state.
    const buttons = ['Đã gặp', 'Vắng nhà', 'Từ chối'].map((name) => screen.getByRole('button', { name }));
    expect(buttons.map((b) => b.className.replace(/ outcome-\w+/, ''))).toEqual(Array(3).fill('button'));
    expect(buttons.some((b) => b.hasAttribute('aria-pressed'))).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Đã gặp' }));
    expect(await screen.findByText('Hôm nay đã ghi: Đã gặp.')).toBeTruthy();
    expect(await visitsOf()).toBe(1);

    // The same visit tapped again: asked, and "Hủy" logs nothing.
    fireEvent.click(screen.getByRole('button', { name: 'Đã gặp' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByText('Hôm nay đã ghi một lần đến hộ này. Ghi thêm «Đã gặp»?')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Hủy' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(await visitsOf()).toBe(1);

    // Asked again and confirmed: a second visit is logged.
    fireEvent.click(screen.getByRole('button', { name: 'Vắng nhà' }));
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Ghi thêm' }));
    expect(await screen.findByText('Hôm nay đã ghi: Đã gặp, Vắng nhà.')).toBeTruthy();
    expect(await visitsOf()).toBe(2);
  });

  it("shows a member's phone as a call button and the member's note", async () => {
    const { db, h } = await gate();
    const wife = await person(db, h.id, 'Trần Thị Hạnh', {
      relation: 'spouse',
      gender: 'female',
      phone: '0987 654 321',
      note: 'Đi làm xa, về cuối tuần',
    });
    const { container } = await openHousehold(db, h.id);
    const card = within(memberCard(container, wife.id));
    const call = card.getByRole('link', { name: 'Gọi Trần Thị Hạnh: 0987 654 321' });
    expect(call.getAttribute('href')).toBe('tel:0987654321');
    expect(card.getByText('Đi làm xa, về cuối tuần')).toBeTruthy();
  });

  it('keeps "Thêm nhân khẩu" and "Quét thẻ CCCD" in the action bar, after the members in the page', async () => {
    const { db, h } = await gate();
    const { container } = await openHousehold(db, h.id);
    const bar = within(screen.getByRole('navigation', { name: 'Thao tác với hộ' }));
    expect(bar.getByRole('link', { name: '+ Thêm nhân khẩu' }).getAttribute('href')).toBe(
      `/ho/${h.id}/nhan-khau/moi`,
    );
    expect(bar.getByRole('link', { name: 'Quét thẻ CCCD' }).getAttribute('href')).toBe(`/ho/${h.id}/quet`);
    // The bar is sticky at the bottom of the screen (styles.css): one of each, nowhere else.
    expect(container.querySelectorAll(`a[href="/ho/${h.id}/quet"]`)).toHaveLength(1);
  });

  it('marks an open task done with a tap', async () => {
    const { db, h, task } = await gate();
    const { container } = await openHousehold(db, h.id);
    const item = container.querySelector<HTMLElement>(`[data-task-id="${task.id}"]`)!;
    expect(within(item).getByText('Sai thông tin', { selector: 'strong' })).toBeTruthy();
    expect(within(item).getByText(/Nguyễn Văn Đức/)).toBeTruthy();
    fireEvent.click(within(item).getByRole('button', { name: 'Đã xử lý' }));
    expect(await screen.findByText('Không có việc chưa xử lý.')).toBeTruthy();
    expect((await db.tasks.get(task.id))!.status).toBe('done');
  });

  it('says so when the household is not on the phone', async () => {
    const db = await notebookWithProfile();
    renderApp(db, `/ho/${crypto.randomUUID()}`);
    expect(await screen.findByText('Không tìm thấy hộ này trên máy.')).toBeTruthy();
  });
});
