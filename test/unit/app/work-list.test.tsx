// @vitest-environment jsdom
// "Việc cần làm" on the phone (issue 17): the active campaigns of the village in hand, from the phone's
// own records, offline; the one tap that completes an item takes it off; overdue marked after the
// deadline; the households that refused counted apart; a link from the list when there is work.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { getCampaigns, setCampaigns, type PhoneCampaign } from '../../../src/db/campaigns.ts';
import { fakeServices, household, notebookWithProfile, person, renderApp, VILLAGE } from './helpers.tsx';
import { clockAt, setClock } from '../../support/clock.ts';

clockAt('2026-12-01T09:00:00+07:00');

const CARD: PhoneCampaign = {
  id: '7d1f0c9e-1111-4111-8111-111111111111',
  name: 'Rà soát người đủ 14 tuổi',
  villageIds: [VILLAGE],
  startsOn: '2026-12-01',
  dueOn: '2026-12-31',
  rule: { kind: 'card_at_14' },
};
const VNEID: PhoneCampaign = {
  id: '7d1f0c9e-2222-4222-8222-222222222222',
  name: 'VNeID cho người cao tuổi',
  villageIds: [VILLAGE],
  startsOn: '2026-12-01',
  dueOn: '2026-12-15',
  rule: { kind: 'vneid_level2', elderlyOnly: true },
};
const ELSEWHERE: PhoneCampaign = {
  ...CARD,
  id: '7d1f0c9e-3333-4333-8333-333333333333',
  villageIds: ['thon-khac'],
};

async function village() {
  const db = await notebookWithProfile();
  const h1 = await household(db, 'Lò Văn Páo', { address: 'Bản Nà 1' });
  const h2 = await household(db, 'Vàng Thị Dua', { address: 'Bản Nà 2', outOfReach: 'refused' });
  const teen = await person(db, h1.id, 'Lò Thị Mai', {
    relation: 'child',
    birthDate: '2012-12-31',
    cccdStatus: 'none',
    vneidStatus: 'none',
  });
  await person(db, h1.id, 'Lò Văn Páo', {
    birthDate: '1966-12-01',
    vneidStatus: 'level1',
    vneidBlocker: 'no_own_sim',
  });
  await person(db, h2.id, 'Vàng Văn Sủ', { relation: 'child', birthDate: '2010-03-03', cccdStatus: 'none' });
  await setCampaigns(db, [CARD, VNEID, ELSEWHERE]);
  return { db, h1, h2, teen };
}

const section = (name: string) => screen.getByRole('region', { name });

describe('the work list', () => {
  it('lists the campaigns of the village, soonest first, with exactly their people; a tap takes one off', async () => {
    const { db, teen } = await village();
    renderApp(db, '/');
    fireEvent.click(await screen.findByRole('link', { name: 'Việc cần làm · 2 đợt rà soát' }));
    await screen.findByRole('heading', { name: 'Việc cần làm', level: 1 });
    await waitFor(() => expect(document.querySelectorAll('.campaign')).toHaveLength(2));
    expect([...document.querySelectorAll('.campaign h2')].map((h) => h.textContent)).toEqual([
      'VNeID cho người cao tuổi',
      'Rà soát người đủ 14 tuổi',
    ]);
    const elderly = section('VNeID cho người cao tuổi');
    expect(within(elderly).getByText('Hạn 15/12/2026')).toBeTruthy();
    expect(
      await within(elderly).findByText('Chưa kích hoạt VNeID mức 2 · Không có SIM chính chủ'),
    ).toBeTruthy();
    const card = section('Rà soát người đủ 14 tuổi');
    await waitFor(() =>
      expect([...card.querySelectorAll('.work-item strong')].map((s) => s.textContent)).toEqual([
        'Lò Thị Mai',
      ]),
    );
    expect(within(card).getByText('Đủ 14 tuổi ngày 31/12/2026 · chưa có thẻ CCCD')).toBeTruthy();
    expect(within(card).getByText('Hộ từ chối hoặc đã chuyển đi: 1 (không tính vào kết quả)')).toBeTruthy();

    fireEvent.click(within(card).getByRole('button', { name: 'Đã nhận thẻ' }));
    await waitFor(() => expect(within(card).getByText('Đã xong mọi việc của đợt này.')).toBeTruthy());
    expect((await db.persons.get(teen.id))?.cccdStatus).toBe('issued');
    expect(await screen.findByText('Đã cập nhật Lò Thị Mai.')).toBeTruthy();
  });

  it('marks the items overdue the day after the deadline', async () => {
    const { db } = await village();
    setClock('2026-12-16T09:00:00+07:00');
    renderApp(db, '/viec-can-lam');
    await waitFor(() => expect(document.querySelectorAll('.campaign')).toHaveLength(2));
    const elderly = section('VNeID cho người cao tuổi');
    expect(within(elderly).getByText('Quá hạn từ 15/12/2026')).toBeTruthy();
    expect(await within(elderly).findByText('Quá hạn')).toBeTruthy();
    expect(within(section('Rà soát người đủ 14 tuổi')).queryByText('Quá hạn')).toBeNull();
  });

  it('says so when the village has no campaign, and the list shows no link', async () => {
    const db = await notebookWithProfile();
    await household(db, 'Lò Văn Páo');
    await setCampaigns(db, [ELSEWHERE]);
    renderApp(db, '/');
    await screen.findByText('Lò Văn Páo');
    expect(screen.queryByRole('link', { name: /Việc cần làm/ })).toBeNull();
    renderApp(db, '/viec-can-lam');
    expect(await screen.findByText(/Thôn này chưa có đợt rà soát nào/)).toBeTruthy();
  });
});

describe('the work list, walked', () => {
  it('goes by address as the volunteer walks (numbers by value), and says "over 14" for the long-14', async () => {
    const db = await notebookWithProfile();
    const far = await household(db, 'Hộ Số 10', { address: 'Số 10' });
    const near = await household(db, 'Hộ Số 2', { address: 'Số 2' });
    await person(db, far.id, 'Đặng Văn Mười', { birthDate: '1970-01-01', cccdStatus: 'none' });
    await person(db, near.id, 'Đặng Thị Hai', {
      relation: 'child',
      birthDate: '2012-12-20',
      cccdStatus: 'none',
    });
    await setCampaigns(db, [CARD]);
    renderApp(db, '/viec-can-lam');
    await waitFor(() => expect(document.querySelectorAll('.work-item')).toHaveLength(2));
    expect([...document.querySelectorAll('.work-item strong')].map((e) => e.textContent)).toEqual([
      'Đặng Thị Hai',
      'Đặng Văn Mười',
    ]);
    expect(screen.getByText('Đủ 14 tuổi ngày 20/12/2026 · chưa có thẻ CCCD')).toBeTruthy();
    expect(screen.getByText('Trên 14 tuổi · chưa có thẻ CCCD')).toBeTruthy();
  });
});

describe('a large campaign', () => {
  it('shows 50 items at a time, then the rest on "Xem thêm"', async () => {
    const db = await notebookWithProfile();
    for (let i = 1; i <= 3; i++) {
      const h = await household(db, `Hộ ${i}`, { address: `Số ${i}` });
      for (let k = 1; k <= 20; k++)
        await person(db, h.id, `Người ${i}-${k}`, {
          relation: 'child',
          birthDate: '1990-01-01',
          cccdStatus: 'none',
        });
    }
    await setCampaigns(db, [CARD]);
    renderApp(db, '/viec-can-lam');
    await waitFor(() => expect(document.querySelectorAll('.work-item')).toHaveLength(50));
    expect(screen.getByText('Còn 60 việc')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Xem thêm 10 việc' }));
    await waitFor(() => expect(document.querySelectorAll('.work-item')).toHaveLength(60));
    expect(screen.queryByRole('button', { name: /Xem thêm/ })).toBeNull();
  });
});

describe('[C5] the campaigns reach the phone with the sync', () => {
  it('keeps the active campaigns of its villages after a round, and lists their work offline', async () => {
    const db = await notebookWithProfile();
    const h = await household(db, 'Lò Văn Páo');
    await person(db, h.id, 'Lò Thị Mai', { relation: 'child', birthDate: '2012-06-01', cccdStatus: 'none' });
    const fakes = fakeServices();
    fakes.transport.online();
    fakes.campaigns.campaigns = [
      {
        ...CARD,
        villageIds: [...CARD.villageIds],
        communeId: 'xa-an-binh',
        targetPercent: 90,
        status: 'active',
        createdAt: '2026-12-01T01:00:00.000Z',
        createdBy: 'officer',
        closedAt: null,
        version: 1,
      },
    ];
    renderApp(db, '/', fakes);
    fireEvent.click(await screen.findByRole('link', { name: 'Việc cần làm · 1 đợt rà soát' }));
    expect(fakes.campaigns.calls).toEqual(['mine']);
    expect((await getCampaigns(db)).map((c) => [c.id, c.dueOn, c.targetPercent])).toEqual([
      [CARD.id, '2026-12-31', 90],
    ]);
    // The network gone: the list is made from the phone alone.
    fakes.transport.fail({ kind: 'network', message: 'Failed to fetch' });
    fakes.campaigns.failNext = { kind: 'network', message: 'Failed to fetch' };
    await waitFor(() => expect(document.querySelectorAll('.work-item')).toHaveLength(1));
    expect(screen.getByText('Lò Thị Mai')).toBeTruthy();
  });

  it('a failed fetch (an older server, no network) keeps the campaigns kept', async () => {
    const { db } = await village();
    const fakes = fakeServices();
    fakes.transport.online();
    fakes.campaigns.failNext = { kind: 'not_found', message: 'no such endpoint' };
    renderApp(db, '/', fakes);
    await waitFor(() => expect(fakes.campaigns.calls).toEqual(['mine']));
    expect((await getCampaigns(db)).map((c) => c.id)).toEqual([CARD.id, VNEID.id, ELSEWHERE.id]);
  });
});
