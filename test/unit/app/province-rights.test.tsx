// @vitest-environment jsdom
// Least privilege for a province's police (issue 18, SYNC-API.md [A4], [M1]): they read every commune
// of their province and direct none, so the app offers them none of what the server refuses them:
// "Quản lý" in the header, "Tạo đợt rà soát", "Kết thúc đợt", the targets' form. Reached by its address,
// a management screen says why in Vietnamese and leads back to the province. A commune's own officer
// keeps every control, on the same screens with the same fake server: each test runs both, so that it
// fails if a control shows for the province or vanishes for the commune.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { Area } from '../../../src/domain/areas.ts';
import type { Campaign, CampaignProgress } from '../../../src/domain/campaigns.ts';
import { directsCommune, directsSomeCommune } from '../../../src/domain/directs.ts';
import { directsCommune as serverDirectsCommune } from '../../../src/server/accounts/areas.ts';
import { fakeServices, freshDb, OFFICER, renderApp, sessionOf } from './helpers.tsx';
import { COMMUNE, NOW, PROVINCE, PROVINCE_OFFICER, serveCommune } from './review-data.ts';
import { atFixtureTime } from './review-helpers.tsx';

atFixtureTime();

const COMMUNE_AREAS: Area[] = [
  { id: COMMUNE, kind: 'commune', name: 'Xã An Bình', parentId: PROVINCE },
  { id: 'thon-dong', kind: 'village', name: 'Thôn Đông', parentId: COMMUNE },
  { id: 'thon-doai', kind: 'village', name: 'Thôn Đoài', parentId: COMMUNE },
  { id: 'xom-bai', kind: 'village', name: 'Xóm Bãi', parentId: COMMUNE },
];
// As GET /api/areas answers each ([A16]): the province only to its own police.
const PROVINCE_AREAS: Area[] = [
  { id: PROVINCE, kind: 'province', name: 'Tỉnh Thái Nguyên', parentId: null },
  ...COMMUNE_AREAS,
];

type Who = 'province' | 'commune';
const BOTH: Who[] = ['province', 'commune'];

const CAMPAIGN: Campaign = {
  id: '7d1f0c9e-1111-4111-8111-111111111111',
  communeId: COMMUNE,
  name: 'Rà soát người đủ 14 tuổi',
  villageIds: ['thon-dong', 'thon-doai', 'xom-bai'],
  startsOn: '2026-11-01',
  dueOn: '2026-12-31',
  rule: { kind: 'card_at_14' },
  targetPercent: 80,
  status: 'active',
  createdAt: '2026-11-01T02:00:00.000Z',
  createdBy: OFFICER.id,
  closedAt: null,
  version: 1,
};
const PROGRESS: CampaignProgress = {
  asOf: new Date(NOW).toISOString(),
  campaignId: CAMPAIGN.id,
  dueOn: CAMPAIGN.dueOn,
  total: { items: 4, done: 1, pending: 3, overdue: 0, outOfReach: 0 },
  villages: [
    { villageId: 'thon-dong', items: 2, done: 1, pending: 1, overdue: 0, outOfReach: 0 },
    { villageId: 'thon-doai', items: 2, done: 0, pending: 2, overdue: 0, outOfReach: 0 },
    { villageId: 'xom-bai', items: 0, done: 0, pending: 0, overdue: 0, outOfReach: 0 },
  ],
};

/** The same commune and fake server, seen by the province's officer or by the commune's own. */
function signedIn(who: Who) {
  const fakes = fakeServices(sessionOf(who === 'province' ? PROVINCE_OFFICER : OFFICER));
  fakes.account.areas = async () => ({
    ok: true,
    value: who === 'province' ? PROVINCE_AREAS : COMMUNE_AREAS,
  });
  serveCommune(fakes.review);
  fakes.campaigns.campaigns = [structuredClone(CAMPAIGN)];
  fakes.campaigns.progressAnswers.set(CAMPAIGN.id, PROGRESS);
  fakes.campaigns.now = new Date(NOW).toISOString();
  fakes.trends.areas.set(COMMUNE, {
    id: COMMUNE,
    name: 'Xã An Bình',
    villages: [
      { id: 'thon-dong', name: 'Thôn Đông' },
      { id: 'thon-doai', name: 'Thôn Đoài' },
      { id: 'xom-bai', name: 'Xóm Bãi' },
    ],
  });
  fakes.trends.targetList = [
    {
      areaId: COMMUNE,
      measure: 'cccd14',
      percent: 90,
      dueOn: '2026-12-31',
      setAt: '2026-11-01T00:00:00.000Z',
      setBy: OFFICER.id,
    },
  ];
  return fakes;
}

const manageLink = () => screen.queryByRole('link', { name: 'Quản lý' });
const settle = () => new Promise((done) => setTimeout(done, 50));

describe('the rule, one for the phone and the server', () => {
  it('[A4] directs a commune: an admin, or police given that commune itself; never a province’s police', () => {
    expect(serverDirectsCommune).toBe(directsCommune);
    const admin = { role: 'admin' as const, areaIds: [] };
    expect(directsCommune(admin, COMMUNE)).toBe(true);
    expect(directsCommune(OFFICER, COMMUNE)).toBe(true);
    expect(directsCommune(OFFICER, 'xa-khac')).toBe(false);
    expect(directsCommune(PROVINCE_OFFICER, COMMUNE)).toBe(false);
    expect(directsCommune({ role: 'volunteer', areaIds: [COMMUNE] }, COMMUNE)).toBe(false);
  });

  it('[M1] has a commune to manage: police given one commune among their areas', () => {
    expect(directsSomeCommune(OFFICER, COMMUNE_AREAS)).toBe(true);
    expect(directsSomeCommune(PROVINCE_OFFICER, PROVINCE_AREAS)).toBe(false);
    // A province and a commune of their own: the commune is theirs to manage.
    expect(directsSomeCommune({ ...PROVINCE_OFFICER, areaIds: [PROVINCE, COMMUNE] }, PROVINCE_AREAS)).toBe(
      true,
    );
    expect(directsSomeCommune({ role: 'admin', areaIds: [] }, [])).toBe(true);
    expect(directsSomeCommune({ role: 'volunteer', areaIds: ['thon-dong'] }, COMMUNE_AREAS)).toBe(false);
  });
});

describe('the header', () => {
  it('drops "Quản lý" for a province officer once their areas are known', async () => {
    renderApp(freshDb(), '/tong-hop', signedIn('province'));
    await waitFor(() => expect(document.querySelectorAll('.tally-table tbody tr')).toHaveLength(3));
    await waitFor(() => expect(manageLink()).toBeNull());
  });

  it('keeps "Quản lý" for the commune’s own officer, before and after their areas are known', async () => {
    renderApp(freshDb(), '/tong-hop', signedIn('commune'));
    expect(await screen.findByRole('link', { name: 'Quản lý' })).toBeTruthy();
    await waitFor(() => expect(document.querySelectorAll('.tally-table tbody tr')).toHaveLength(3));
    await settle();
    expect(manageLink()?.getAttribute('href')).toBe('/quan-ly');
  });
});

describe('the campaigns', () => {
  it.each(BOTH)('the list: "Tạo đợt rà soát" only for the commune’s own police (%s)', async (who) => {
    const fakes = signedIn(who);
    renderApp(freshDb(), `/tong-hop/dot-ra-soat?xa=${COMMUNE}`, fakes);
    await waitFor(() => expect(document.querySelectorAll('.campaign-card')).toHaveLength(1));
    const launch = screen.queryByRole('button', { name: 'Tạo đợt rà soát' });
    const note =
      'Đợt rà soát của xã do Công an xã tạo và kết thúc. Tài khoản cấp tỉnh theo dõi tiến độ các đợt.';
    if (who === 'province') {
      expect(launch).toBeNull();
      expect(screen.getByText(note)).toBeTruthy();
      expect(document.querySelector('.campaign-form')).toBeNull();
    } else {
      expect(screen.queryByText(note)).toBeNull();
      fireEvent.click(launch!);
      expect(await screen.findByRole('form', { name: 'Tạo đợt rà soát' })).toBeTruthy();
    }
    expect(fakes.campaigns.calls).toEqual(['list']);
  });

  it.each(BOTH)('the campaign’s page: "Kết thúc đợt" only for the commune’s own police (%s)', async (who) => {
    renderApp(freshDb(), `/tong-hop/dot-ra-soat/${CAMPAIGN.id}`, signedIn(who));
    await screen.findByRole('heading', { name: CAMPAIGN.name, level: 1 });
    // Both read the progress and may refresh it.
    expect(screen.getByRole('button', { name: 'Làm mới' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Kết thúc đợt' }) === null).toBe(who === 'province');
  });
});

describe('the targets', () => {
  it.each(BOTH)(
    'the targets in force for both; the form only for the commune’s own police (%s)',
    async (who) => {
      const fakes = signedIn(who);
      renderApp(freshDb(), `/tong-hop/xu-huong?xa=${COMMUNE}`, fakes);
      await waitFor(() => expect(document.querySelector('.trend-svg')).not.toBeNull());
      const section = document.querySelector<HTMLElement>('.trend-targets')!;
      await waitFor(() => expect(section.querySelector(`[data-area-id="${COMMUNE}"]`)).not.toBeNull());
      expect(section.querySelector(`[data-area-id="${COMMUNE}"]`)!.textContent).toContain('90%');
      const note = 'Chỉ tiêu của xã do Công an xã đặt. Tài khoản cấp tỉnh xem các chỉ tiêu đang áp dụng.';
      if (who === 'province') {
        expect(within(section).getByRole('heading', { level: 2 }).textContent).toBe(
          'Chỉ tiêu: Có CCCD (14+)',
        );
        expect(within(section).getByText(note)).toBeTruthy();
        expect(section.querySelector('form')).toBeNull();
        expect(within(section).queryByRole('button')).toBeNull();
        expect(within(section).queryByLabelText('Tỷ lệ cần đạt (%)')).toBeNull();
      } else {
        expect(within(section).getByRole('heading', { level: 2 }).textContent).toMatch(/^Đặt chỉ tiêu: /);
        expect(within(section).queryByText(note)).toBeNull();
        expect(within(section).getByLabelText('Tỷ lệ cần đạt (%)')).toBeTruthy();
        expect(within(section).getByRole('button', { name: 'Lưu chỉ tiêu' })).toBeTruthy();
        expect(within(section).getByRole('button', { name: 'Sửa: Toàn xã' })).toBeTruthy();
      }
      expect(fakes.trends.puts).toEqual([]);
    },
  );
});

describe('a management screen reached by its address', () => {
  const PROVINCE_MESSAGE =
    'Tài khoản cấp tỉnh xem số liệu của các xã trong tỉnh, không quản lý xã: thôn, tình nguyện viên và điện thoại của mỗi xã do Công an xã quản lý.';

  it.each(['/quan-ly', '/quan-ly/thon', '/quan-ly/dien-thoai', '/quan-ly/nhap', '/quan-ly/phieu/thon-dong'])(
    '[M1] %s tells a province officer why, and leads back to the province, with no tabs to more refusals',
    async (path) => {
      const fakes = signedIn('province');
      // What the server answers them ([M1]): 403 on every /api/manage call.
      fakes.manage.failure = { kind: 'forbidden', message: 'manages no commune' };
      renderApp(freshDb(), path, fakes);
      expect((await screen.findByRole('alert')).textContent).toBe(PROVINCE_MESSAGE);
      expect(screen.getByRole('link', { name: 'Về Tổng hợp toàn tỉnh' }).getAttribute('href')).toBe(
        '/tong-hop/tinh',
      );
      expect(screen.queryByRole('link', { name: 'Tình nguyện viên' })).toBeNull();
      expect(document.querySelector('form')).toBeNull();
    },
  );

  it('[M1] the commune’s own officer still gets the screen and its tabs', async () => {
    renderApp(freshDb(), '/quan-ly', signedIn('commune'));
    expect(await screen.findByText('Nguyễn Thị Lan')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Tình nguyện viên' })).toBeTruthy();
    expect(screen.queryByText(PROVINCE_MESSAGE)).toBeNull();
  });
});
