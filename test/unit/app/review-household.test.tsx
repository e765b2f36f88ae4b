// @vitest-environment jsdom
// One household as the commune police read it: what the volunteer wrote (the household's and each
// member's note and phone, phones one tap from a call), ID numbers grouped as on the card, the village
// named once, the members in the server's order, and a record stored before today's stricter rules
// still shown.
import { fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { placeText } from '../../../src/app/review/household.tsx';
import { personFields } from '../../../src/domain/records.ts';
import type { HouseholdView } from '../../../src/domain/review.ts';
import { freshDb, renderApp } from './helpers.tsx';
import { HOUSEHOLD_ID, ID_NUMBERS, NOW, PERSON_ID, SPOUSE_ID, VIEW } from './review-data.ts';
import { officer } from './review-helpers.tsx';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

async function openHousehold(view: HouseholdView = VIEW) {
  const fakes = officer();
  fakes.review.households.set(HOUSEHOLD_ID, view);
  for (const [id, n] of ID_NUMBERS) fakes.review.idNumbers.set(id, n);
  renderApp(freshDb(), `/tong-hop/ho/${HOUSEHOLD_ID}`, fakes);
  await screen.findByRole('heading', { level: 1, name: 'Nguyễn Văn Đức' });
  return fakes;
}

const members = () => [...document.querySelectorAll<HTMLElement>('[data-person-id]')];
const memberNamed = (name: string) => members().find((m) => m.querySelector('strong')?.textContent === name)!;
const idShown = (member: HTMLElement) =>
  member.querySelector('[data-field="idNumber"] .id-number')?.textContent;

/** Taps "Hiện" beside a member's ID number; resolves with the number then shown. */
async function reveal(member: HTMLElement) {
  fireEvent.click(within(member).getByRole('button', { name: /^Hiện/ }));
  await within(member).findByRole('button', { name: /^Ẩn/ });
  return idShown(member);
}

describe('the household, read-only', () => {
  it('names the village once, after the address without it', async () => {
    await openHousehold();
    const lead = document.querySelector('.review-household .lead')!;
    expect(lead.textContent).toBe('Xóm 2, ngõ 5 · Thôn Đông');
  });

  it("shows the household's code, phone as a tel: link, and note", async () => {
    await openHousehold();
    const call = screen.getByRole('link', { name: '0912 345 678' });
    expect(call.getAttribute('href')).toBe('tel:0912345678');
    expect(screen.getByText('HB-0012')).toBeTruthy();
    expect(screen.getByText('Nhà có chó, gọi trước khi đến.')).toBeTruthy();
  });

  it("shows each member's phone as a tel: link, note, and ID number grouped as on the card", async () => {
    await openHousehold();
    const head = memberNamed('Nguyễn Văn Đức');
    expect(within(head).getByRole('link', { name: '0987.654.321' }).getAttribute('href')).toBe(
      'tel:0987654321',
    );
    expect(within(head).getByText('Hẹn lên công an xã ngày 12/12.')).toBeTruthy();
    expect(idShown(head)).toBe('••• ••• ••2345');
    // A member with nothing to add shows no empty note or phone, and says the ID number is missing.
    const child = memberNamed('Nguyễn Văn Bé');
    expect(within(child).queryByRole('link')).toBeNull();
    expect(child.querySelector('.review-note')).toBeNull();
    expect(child.querySelector('[data-field="idNumber"]')!.textContent).toBe('chưa có');
    expect(within(child).queryByRole('button', { name: /^Hiện/ })).toBeNull();
  });

  it('shows the whole ID number only when asked, from the server (which audits it), and hides it again', async () => {
    const fakes = await openHousehold();
    const head = memberNamed('Nguyễn Văn Đức');
    expect(fakes.review.calls.filter((c) => c.startsWith('reveal'))).toEqual([]);
    expect(document.body.textContent).not.toContain('001 075 012345');
    expect(await reveal(head)).toBe('001 075 012345');
    expect(fakes.review.calls.filter((c) => c.startsWith('reveal'))).toEqual([`reveal ${PERSON_ID}`]);
    fireEvent.click(within(head).getByRole('button', { name: /^Ẩn/ }));
    expect(idShown(head)).toBe('••• ••• ••2345');
    // Offline, it says why the number does not come, and stays masked.
    fakes.review.failure = { kind: 'network', message: 'Failed to fetch' };
    fireEvent.click(within(head).getByRole('button', { name: /^Hiện/ }));
    expect(await within(head).findByRole('alert')).toBeTruthy();
    expect(idShown(head)).toBe('••• ••• ••2345');
  });

  it("keeps the members in the server's order (head first, then by age), not by birth date", async () => {
    await openHousehold();
    expect(members().map((m) => m.querySelector('strong')!.textContent)).toEqual([
      'Nguyễn Văn Đức',
      'Trần Thị Lụa',
      'Nguyễn Văn Bé',
    ]);
  });

  it('still shows a member stored before the ID number rules were tightened', async () => {
    // An older phone wrote this number; today's rules for writing refuse its province code (099).
    expect(personFields.shape.idNumber.safeParse(ID_NUMBERS.get(SPOUSE_ID)).success).toBe(false);
    await openHousehold();
    expect(members()).toHaveLength(3);
    const spouse = memberNamed('Trần Thị Lụa');
    expect(await reveal(spouse)).toBe('099 170 012345');
    expect(within(spouse).getByText(/cấp ngày 05\/05\/2021/)).toBeTruthy();
  });
});

describe('placeText', () => {
  it.each([
    ['Số 49, ngõ 18, Thôn Đông', 'Thôn Đông', 'Số 49, ngõ 18 · Thôn Đông'],
    ['Số 49, ngõ 18, thon dong', 'Thôn Đông', 'Số 49, ngõ 18 · Thôn Đông'],
    ['Xóm Dưới', 'Thôn Đông', 'Xóm Dưới · Thôn Đông'],
    ['Thôn Đông', 'Thôn Đông', 'Thôn Đông'],
    ['Số 3, Thôn Đoài', 'Thôn Đông', 'Số 3, Thôn Đoài · Thôn Đông'],
  ])('%j in %j → %j', (address, village, expected) => {
    expect(placeText(address, village)).toBe(expected);
  });
});
