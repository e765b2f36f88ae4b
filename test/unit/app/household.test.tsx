// @vitest-environment jsdom
// The household screen: each member's checklist, one-tap updates, the quick visit log, open tasks.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { isoDateInVietnam, formatDateVi } from '../../../src/domain/dates.ts';
import { outboxCount } from '../../../src/db/queries.ts';
import { create, household, notebookWithProfile, person, renderApp } from './helpers.tsx';

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
    expect(screen.getByRole('link', { name: '0912345678' }).getAttribute('href')).toBe('tel:0912345678');

    const card = within(memberCard(container, head.id));
    expect(card.getByText('Chưa có thẻ')).toBeTruthy();
    expect(card.getByText('Mức 1')).toBeTruthy();
    expect(card.getByText('001 080 012345')).toBeTruthy();
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
    // The header counts it too.
    expect(await screen.findByText(`${before + 1} thay đổi chờ đồng bộ`)).toBeTruthy();
  });

  it('"Đã nộp hồ sơ" and "Đã kích hoạt VNeID mức 2" set those statuses', async () => {
    const { db, h, head } = await gate();
    const { container } = await openHousehold(db, h.id);
    fireEvent.click(within(memberCard(container, head.id)).getByRole('button', { name: 'Đã nộp hồ sơ' }));
    await waitFor(() =>
      expect(within(memberCard(container, head.id)).getByText('Đã nộp hồ sơ (chờ nhận thẻ)')).toBeTruthy(),
    );
    fireEvent.click(
      within(memberCard(container, head.id)).getByRole('button', { name: 'Đã kích hoạt VNeID mức 2' }),
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
    const today = isoDateInVietnam(Date.now());
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
