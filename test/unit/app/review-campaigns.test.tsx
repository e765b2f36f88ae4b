// @vitest-environment jsdom
// The commune police's campaign screens (issue 17): the commune's campaigns with what each targets in
// words, its villages, dates, target and status, overdue marked; the launch form that sends nothing
// while a field is wrong and says why beside it, whose retry after a lost answer is the same request
// ([C8]), and whose refusals are said in Vietnamese; the campaign's page with its progress, per
// village, overdue past the deadline, out of reach apart; the close after a confirmation; the export.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Area } from '../../../src/domain/areas.ts';
import type { Campaign, CampaignProgress } from '../../../src/domain/campaigns.ts';
import { clockAt } from '../../support/clock.ts';
import { fakeServices, freshDb, OFFICER, renderApp, sessionOf } from './helpers.tsx';
import { captureDownloads, csvRowsOf, xlsxRowsOf } from './review-helpers.tsx';

// 20 December 2026, 09:00 in Vietnam.
clockAt('2026-12-20T09:00:00+07:00');
const NOW_ISO = '2026-12-20T02:00:00.000Z';
afterEach(() => {
  vi.restoreAllMocks();
});

const COMMUNE = 'xa-an-binh';
const AREAS: Area[] = [
  { id: COMMUNE, kind: 'commune', name: 'Xã An Bình', parentId: null },
  { id: 'thon-dong', kind: 'village', name: 'Thôn Đông', parentId: COMMUNE },
  { id: 'thon-doai', kind: 'village', name: 'Thôn Đoài', parentId: COMMUNE },
  { id: 'xom-bai', kind: 'village', name: 'Xóm Bãi', parentId: COMMUNE },
];

const base = {
  communeId: COMMUNE,
  createdAt: '2026-12-01T02:00:00.000Z',
  createdBy: OFFICER.id,
  closedAt: null,
  version: 1,
  status: 'active',
} as const;

const CARD: Campaign = {
  ...base,
  id: '7d1f0c9e-1111-4111-8111-111111111111',
  name: 'Rà soát người đủ 14 tuổi',
  villageIds: ['thon-dong', 'thon-doai', 'xom-bai'],
  startsOn: '2026-12-01',
  dueOn: '2026-12-31',
  rule: { kind: 'card_at_14' },
  targetPercent: 80,
};
const ELDERLY: Campaign = {
  ...base,
  id: '7d1f0c9e-2222-4222-8222-222222222222',
  name: 'VNeID cho người cao tuổi',
  villageIds: ['thon-doai'],
  startsOn: '2026-11-01',
  dueOn: '2026-12-15',
  rule: { kind: 'vneid_level2', elderlyOnly: true, withPhoneOnly: true },
  targetPercent: null,
};
const TASKS: Campaign = {
  ...base,
  id: '7d1f0c9e-3333-4333-8333-333333333333',
  name: 'Làm sạch dữ liệu tháng 11',
  villageIds: ['thon-dong'],
  startsOn: '2026-11-01',
  dueOn: '2026-11-30',
  rule: { kind: 'open_tasks', taskKinds: ['wrong_info', 'missing_id'] },
  targetPercent: 100,
  status: 'closed',
  closedAt: '2026-12-02T03:00:00.000Z',
  version: 2,
};

function officer(campaigns: Campaign[] = []) {
  const fakes = fakeServices(sessionOf(OFFICER));
  fakes.account.areas = async () => ({ ok: true, value: AREAS });
  fakes.campaigns.campaigns = campaigns.map((c) => structuredClone(c));
  fakes.campaigns.now = NOW_ISO;
  return fakes;
}

const cards = () => [...document.querySelectorAll<HTMLElement>('.campaign-card')];
const fieldText = (card: HTMLElement, field: string) =>
  card.querySelector(`[data-field="${field}"]`)?.textContent;

describe('the campaign list', () => {
  it('shows each campaign as the server orders it: name, targets in words, villages by name, dd/mm/yyyy dates, target, status, overdue marked', async () => {
    const fakes = officer([CARD, ELDERLY, TASKS]);
    renderApp(freshDb(), '/tong-hop/dot-ra-soat', fakes);
    await waitFor(() => expect(cards()).toHaveLength(3));
    expect(fakes.campaigns.calls).toEqual(['list']);
    const [card, elderly, tasks] = cards() as [HTMLElement, HTMLElement, HTMLElement];
    expect(cards().map((c) => c.dataset.campaignId)).toEqual([CARD.id, ELDERLY.id, TASKS.id]);

    expect(within(card).getByRole('link', { name: 'Rà soát người đủ 14 tuổi' }).getAttribute('href')).toBe(
      `/tong-hop/dot-ra-soat/${CARD.id}`,
    );
    expect(fieldText(card, 'rule')).toBe('Người từ 14 tuổi trở lên (tính đến hạn) chưa có thẻ CCCD');
    expect(fieldText(card, 'villages')).toBe('Cả 3 thôn: Thôn Đông, Thôn Đoài, Xóm Bãi');
    expect(fieldText(card, 'startsOn')).toBe('01/12/2026');
    expect(fieldText(card, 'dueOn')).toBe('31/12/2026');
    expect(fieldText(card, 'target')).toBe('80%');
    expect(within(card).getByText('Đang chạy')).toBeTruthy();
    expect(within(card).queryByText('Quá hạn')).toBeNull();

    // Active and past its deadline (15/12, today 20/12): marked overdue in words.
    expect(fieldText(elderly, 'rule')).toBe(
      'Người từ 14 tuổi trở lên chưa kích hoạt VNeID mức 2 (chỉ người từ 60 tuổi, chỉ người có số điện thoại)',
    );
    expect(fieldText(elderly, 'villages')).toBe('Thôn Đoài');
    expect(fieldText(elderly, 'target')).toBe('Không đặt');
    expect(within(elderly).getByText('Quá hạn')).toBeTruthy();

    // Closed: over, never "overdue", whatever its deadline.
    expect(fieldText(tasks, 'rule')).toBe('Việc làm sạch dữ liệu còn mở: Sai thông tin, Thiếu số định danh');
    expect(within(tasks).getByText('Đã kết thúc')).toBeTruthy();
    expect(within(tasks).queryByText('Quá hạn')).toBeNull();
  });

  it('says when the commune has none, and a failed load can be tried again', async () => {
    const fakes = officer();
    fakes.campaigns.failNext = { kind: 'network', message: 'Failed to fetch' };
    renderApp(freshDb(), '/tong-hop/dot-ra-soat', fakes);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Không tải được đợt rà soát: không có kết nối.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Thử lại' }));
    expect(await screen.findByText('Xã chưa có đợt rà soát nào.')).toBeTruthy();
  });
});

async function openForm(fakes = officer()) {
  renderApp(freshDb(), '/tong-hop/dot-ra-soat', fakes);
  fireEvent.click(await screen.findByRole('button', { name: 'Tạo đợt rà soát' }));
  await screen.findByRole('heading', { name: 'Tạo đợt rà soát' });
  return fakes;
}

const input = (label: string | RegExp) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string | RegExp, value: string) => fireEvent.input(input(label), { target: { value } });
const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Tạo đợt' }));
/** The error tied to a field (aria-describedby), as a screen reader reads it with the field. */
const errorOf = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id))
    .find((e) => e?.classList.contains('field-error'))?.textContent ?? null;

describe('the launch form', () => {
  it('starts from "Rà soát người đủ 14 tuổi", every village ticked, today as the start; the name follows the rule until edited', async () => {
    await openForm();
    expect(input('Tên đợt').value).toBe('Rà soát người đủ 14 tuổi');
    expect(input('Ngày bắt đầu').value).toBe('20/12/2026');
    expect(input('Hạn hoàn thành').value).toBe('');
    for (const name of ['Thôn Đông', 'Thôn Đoài', 'Xóm Bãi'])
      expect((screen.getByRole('checkbox', { name }) as HTMLInputElement).checked).toBe(true);
    // Five rules to choose from.
    expect(within(screen.getByLabelText('Tiêu chí rà soát')).getAllByRole('option')).toHaveLength(5);

    fireEvent.change(screen.getByLabelText('Tiêu chí rà soát'), { target: { value: 'vneid_level2' } });
    expect(input('Tên đợt').value).toBe('Rà soát kích hoạt VNeID mức 2');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Chỉ người từ 60 tuổi' }));
    expect(input('Tên đợt').value).toBe('Rà soát VNeID mức 2 cho người từ 60 tuổi');
    expect(screen.getByRole('checkbox', { name: 'Chỉ người có số điện thoại' })).toBeTruthy();

    type('Tên đợt', 'VNeID cho ông bà');
    fireEvent.change(screen.getByLabelText('Tiêu chí rà soát'), { target: { value: 'card_renewal' } });
    expect(input('Tên đợt').value).toBe('VNeID cho ông bà');

    // The task kinds carry the app's own Vietnamese labels.
    fireEvent.change(screen.getByLabelText('Tiêu chí rà soát'), { target: { value: 'open_tasks' } });
    for (const name of ['Sai thông tin', 'Thiếu số định danh', 'Đã mất chưa xóa', 'Trùng lặp'])
      expect(screen.getByRole('checkbox', { name })).toBeTruthy();
  });

  it('sends nothing while a field is wrong, and says what beside each one', async () => {
    const fakes = await openForm();
    type('Tên đợt', '   ');
    for (const name of ['Thôn Đông', 'Thôn Đoài', 'Xóm Bãi'])
      fireEvent.click(screen.getByRole('checkbox', { name }));
    type('Ngày bắt đầu', '31/02/2026');
    type(/^Mục tiêu/, '150');
    submit();
    expect(await screen.findByText('Chưa tạo được đợt: hãy sửa những ô được đánh dấu.')).toBeTruthy();
    expect(errorOf(input('Tên đợt'))).toBe('Nhập tên đợt (một dòng, tối đa 120 ký tự).');
    expect(errorOf(input('Ngày bắt đầu'))).toBe('Nhập ngày bắt đầu theo dạng dd/mm/yyyy.');
    expect(errorOf(input('Hạn hoàn thành'))).toBe('Nhập hạn hoàn thành theo dạng dd/mm/yyyy.');
    expect(errorOf(input(/Mục tiêu/))).toBe('Mục tiêu là số nguyên từ 1 đến 100, hoặc để trống.');
    expect(errorOf(screen.getByRole('group', { name: 'Thôn' }))).toBe('Chọn ít nhất một thôn.');
    expect(fakes.campaigns.created).toEqual([]);

    // Fixed, but the deadline before the start.
    type('Tên đợt', 'Rà soát người đủ 14 tuổi');
    fireEvent.click(screen.getByRole('button', { name: 'Chọn tất cả' }));
    type('Ngày bắt đầu', '20/12/2026');
    type('Hạn hoàn thành', '10/12/2026');
    type(/^Mục tiêu/, '');
    submit();
    await waitFor(() =>
      expect(errorOf(input('Hạn hoàn thành'))).toBe('Hạn hoàn thành không được trước ngày bắt đầu.'),
    );
    expect(errorOf(input('Tên đợt'))).toBeNull();
    expect(fakes.campaigns.created).toEqual([]);

    // A rule's own option: open tasks need at least one kind; "chưa gặp từ ngày" needs its date.
    type('Hạn hoàn thành', '31/12/2026');
    fireEvent.change(screen.getByLabelText('Tiêu chí rà soát'), { target: { value: 'open_tasks' } });
    submit();
    await waitFor(() =>
      expect(errorOf(screen.getByRole('group', { name: 'Loại việc' }))).toBe('Chọn ít nhất một loại việc.'),
    );
    fireEvent.change(screen.getByLabelText('Tiêu chí rà soát'), { target: { value: 'not_visited_since' } });
    submit();
    await waitFor(() => expect(errorOf(input('Chưa gặp từ ngày'))).toBe('Nhập ngày theo dạng dd/mm/yyyy.'));
    expect(fakes.campaigns.created).toEqual([]);
  });

  it('launches what the form says, villages in the commune’s order, then opens the campaign’s page', async () => {
    const fakes = await openForm();
    type(/^Chỉ người đủ 14 tuổi từ ngày/, '01/01/2026');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Thôn Đông' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Thôn Đông' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Thôn Đoài' }));
    type('Hạn hoàn thành', '31122026');
    type(/^Mục tiêu/, '80');
    submit();
    await screen.findByRole('heading', { name: 'Rà soát người đủ 14 tuổi', level: 1 });
    expect(location.pathname).toBe(`/tong-hop/dot-ra-soat/${fakes.campaigns.created[0]!.id}`);
    const { id, ...sent } = fakes.campaigns.created[0]!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent).toEqual({
      communeId: COMMUNE,
      name: 'Rà soát người đủ 14 tuổi',
      // Ticked Thôn Đông again after Xóm Bãi: sent in the commune's order all the same.
      villageIds: ['thon-dong', 'xom-bai'],
      startsOn: '2026-12-20',
      dueOn: '2026-12-31',
      rule: { kind: 'card_at_14', turningFrom: '2026-01-01' },
      targetPercent: 80,
    });
    expect(screen.getByText('Người đủ 14 tuổi từ ngày 01/01/2026 đến hạn, chưa có thẻ CCCD')).toBeTruthy();
  });

  it('sends the same id again after a lost answer: one campaign, and its page opens', async () => {
    const fakes = await openForm();
    type('Hạn hoàn thành', '31/12/2026');
    fakes.campaigns.loseNextAnswer = true;
    submit();
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Không có kết nối, chưa biết đợt đã được tạo hay chưa. Bấm "Tạo đợt" lần nữa khi có mạng: đợt chỉ được tạo một lần.',
    );
    submit();
    await screen.findByRole('heading', { name: 'Rà soát người đủ 14 tuổi', level: 1 });
    const [first, second] = fakes.campaigns.created;
    expect(second).toEqual(first);
    expect(fakes.campaigns.campaigns).toHaveLength(1);
  });

  it('says a 409 (an earlier attempt arrived with other fields) in Vietnamese, shows it in the list, and a new press is a new campaign', async () => {
    const fakes = officer([{ ...CARD, name: 'Đợt cũ' }]);
    renderApp(freshDb(), '/tong-hop/dot-ra-soat', fakes);
    await waitFor(() => expect(cards()).toHaveLength(1));
    // The id this form makes happens to be the one an earlier attempt (other fields) already took.
    vi.spyOn(crypto, 'randomUUID').mockReturnValueOnce(
      CARD.id as `${string}-${string}-${string}-${string}-${string}`,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Tạo đợt rà soát' }));
    await screen.findByRole('heading', { name: 'Tạo đợt rà soát' });
    type('Hạn hoàn thành', '31/12/2026');
    submit();
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Một đợt rà soát đã được tạo từ lần gửi trước, với nội dung khác.',
    );
    // The list is asked again: the earlier attempt's campaign shows there.
    await waitFor(() => expect(fakes.campaigns.calls.filter((c) => c === 'list')).toHaveLength(2));
    submit();
    await screen.findByRole('heading', { name: 'Rà soát người đủ 14 tuổi', level: 1 });
    expect(fakes.campaigns.created[1]!.id).not.toBe(CARD.id);
  });

  it('says a 403 and a 400 naming the villages in Vietnamese', async () => {
    const fakes = await openForm();
    type('Hạn hoàn thành', '31/12/2026');
    fakes.campaigns.failNext = { kind: 'forbidden', message: 'communeId: outside your scope' };
    submit();
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Tài khoản của bạn không có quyền tạo đợt rà soát cho xã này.',
    );
    fakes.campaigns.failNext = {
      kind: 'refused',
      status: 400,
      code: 'invalid_request',
      message: 'villageIds: xom-bai is not a village in use of xa-an-binh',
    };
    submit();
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Có thôn không thuộc xã này hoặc đã ngừng sử dụng. Hãy tải lại trang và chọn lại thôn.',
      ),
    );
    expect(location.pathname).toBe('/tong-hop/dot-ra-soat');
  });
});

const PROGRESS: CampaignProgress = {
  asOf: NOW_ISO,
  campaignId: CARD.id,
  dueOn: CARD.dueOn,
  total: { items: 10, done: 4, pending: 6, overdue: 0, outOfReach: 2 },
  villages: [
    { villageId: 'thon-dong', items: 6, done: 3, pending: 3, overdue: 0, outOfReach: 2 },
    { villageId: 'thon-doai', items: 4, done: 1, pending: 3, overdue: 0, outOfReach: 0 },
    { villageId: 'xom-bai', items: 0, done: 0, pending: 0, overdue: 0, outOfReach: 0 },
  ],
};

const rowFigures = (villageId: string) =>
  [...document.querySelectorAll<HTMLElement>(`.campaign-table tr[data-village-id="${villageId}"] > *`)].map(
    (c) => c.textContent,
  );
const figure = (name: string) => document.querySelector(`[data-figure="${name}"]`)!;

async function openCampaign(campaign: Campaign, progress: CampaignProgress) {
  const fakes = officer([campaign]);
  fakes.campaigns.progressAnswers.set(campaign.id, progress);
  renderApp(freshDb(), `/tong-hop/dot-ra-soat/${campaign.id}`, fakes);
  await screen.findByRole('heading', { name: campaign.name, level: 1 });
  return fakes;
}

describe('the campaign page', () => {
  it('shows done of all items with a bar and percent, the target, what is left, out of reach apart, and a row per village', async () => {
    await openCampaign(CARD, PROGRESS);
    expect(document.querySelector('.campaign-done')!.textContent).toBe('Đã xong 4/10 (40,0%)');
    const bar = screen.getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('40');
    expect(bar.getAttribute('aria-label')).toBe('Đã xong 40,0%');
    // 80 % of 10 is 8: four more to go.
    expect(document.querySelector('.campaign-target')!.textContent).toBe(
      'Mục tiêu: 80% trước 31/12/2026: còn thiếu 4 việc',
    );
    expect(figure('pending').textContent).toBe('Còn lại: 6');
    expect(figure('overdue').textContent).toBe('Quá hạn: 0');
    expect(figure('outOfReach').textContent).toContain('Ngoài phạm vi (từ chối / chuyển đi): 2');
    expect(figure('outOfReach').textContent).toContain('Không tính vào số việc và tỷ lệ đã xong.');
    // Not past the deadline: nothing marked overdue.
    expect(document.querySelector('.badge.overdue, .flag')).toBeNull();

    expect([...document.querySelectorAll('.campaign-table thead th')].map((th) => th.textContent)).toEqual([
      'Thôn',
      'Số việc',
      'Đã xong',
      'Còn lại',
      'Quá hạn',
      'Ngoài phạm vi',
      '% đã xong',
    ]);
    expect(rowFigures('thon-dong')).toEqual(['Thôn Đông', '6', '3', '3', '0', '2', '50,0%']);
    expect(rowFigures('thon-doai')).toEqual(['Thôn Đoài', '4', '1', '3', '0', '0', '25,0%']);
    // A village with nothing to do reads 0 %, not NaN.
    expect(rowFigures('xom-bai')).toEqual(['Xóm Bãi', '0', '0', '0', '0', '0', '0,0%']);
    expect(rowFigures('')).toEqual(['Tổng cộng', '10', '4', '6', '0', '2', '40,0%']);
    // The table scrolls inside its own box on a narrow screen, from the keyboard too.
    expect(screen.getByRole('region', { name: 'Tiến độ theo thôn' }).getAttribute('tabindex')).toBe('0');
    expect(document.querySelector('[data-field="rule"]')!.textContent).toBe(
      'Người từ 14 tuổi trở lên (tính đến hạn) chưa có thẻ CCCD',
    );
    expect(document.querySelector('[data-field="period"]')!.textContent).toBe('01/12/2026 – 31/12/2026');
    expect(document.querySelector('.as-of')!.textContent).toBe('Số liệu lúc 09:00 · 20/12/2026');
  });

  it('marks the campaign and its remaining items overdue once past the deadline', async () => {
    const late = {
      ...PROGRESS,
      dueOn: ELDERLY.dueOn,
      campaignId: ELDERLY.id,
      total: { items: 5, done: 2, pending: 3, overdue: 3, outOfReach: 1 },
      villages: [{ villageId: 'thon-doai', items: 5, done: 2, pending: 3, overdue: 3, outOfReach: 1 }],
    };
    await openCampaign(ELDERLY, late);
    expect(document.querySelector('.campaign-badges')!.textContent).toContain('Quá hạn');
    expect(figure('overdue').textContent).toBe('Quá hạn: 3 Đã qua hạn 15/12/2026');
    expect(figure('overdue').classList.contains('flag')).toBe(true);
    const cell = document.querySelector('tr[data-village-id="thon-doai"] td[data-column="overdue"]')!;
    expect(cell.textContent).toBe('3');
    expect(cell.classList.contains('flag')).toBe(true);
    expect(figure('outOfReach').textContent).toContain('Ngoài phạm vi (từ chối / chuyển đi): 1');
    // No target set: no target line.
    expect(document.querySelector('.campaign-target')).toBeNull();
  });

  it('closes only after "Kết thúc đợt" is confirmed, then shows the figures fixed at the close', async () => {
    const fakes = await openCampaign(CARD, PROGRESS);
    fireEvent.click(screen.getByRole('button', { name: 'Kết thúc đợt' }));
    const dialog = screen.getByRole('alertdialog');
    expect(within(dialog).getByText('Kết thúc đợt "Rà soát người đủ 14 tuổi"?')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Hủy' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fakes.campaigns.calls).not.toContain('close');

    fireEvent.click(screen.getByRole('button', { name: 'Kết thúc đợt' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Kết thúc đợt' }));
    await screen.findByText('Đã kết thúc');
    expect(fakes.campaigns.calls.filter((c) => c === 'close')).toHaveLength(1);
    expect(document.querySelector('.as-of')!.textContent).toBe(
      'Kết quả chốt khi kết thúc đợt, lúc 09:00 · 20/12/2026',
    );
    expect(document.querySelector('.campaign-done')!.textContent).toBe('Đã xong 4/10 (40,0%)');
    expect(screen.queryByRole('button', { name: 'Kết thúc đợt' })).toBeNull();
  });

  it('says a failed close, and keeps the campaign running', async () => {
    const fakes = await openCampaign(CARD, PROGRESS);
    fakes.campaigns.failNext = { kind: 'network', message: 'Failed to fetch' };
    fireEvent.click(screen.getByRole('button', { name: 'Kết thúc đợt' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Kết thúc đợt' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Chưa kết thúc được đợt: không có kết nối.');
    expect(screen.getByText('Đang chạy')).toBeTruthy();
  });

  it('says plainly when the campaign is not found', async () => {
    const fakes = officer([]);
    renderApp(freshDb(), `/tong-hop/dot-ra-soat/${CARD.id}`, fakes);
    expect(
      await screen.findByText('Không tìm thấy đợt rà soát này, hoặc đợt không thuộc khu vực của bạn.'),
    ).toBeTruthy();
  });

  it('exports the result as CSV (header first) and XLSX (title lines), a row per village then the total', async () => {
    const downloads = captureDownloads();
    await openCampaign(CARD, PROGRESS);
    const group = screen.getByRole('group', { name: 'Xuất kết quả đợt' });
    fireEvent.click(within(group).getByRole('button', { name: 'CSV' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(1));
    expect(downloads.names[0]).toBe('so06-dot-ra-soat-ra-soat-nguoi-du-14-tuoi-2026-12-20.csv');
    expect(await csvRowsOf(downloads.blobs[0]!)).toEqual([
      [
        'Thôn',
        'Số việc',
        'Đã xong',
        'Còn lại',
        'Quá hạn',
        'Ngoài phạm vi',
        'Tỷ lệ đã xong (%, làm tròn xuống)',
      ],
      ['Thôn Đông', '6', '3', '3', '0', '2', '50%'],
      ['Thôn Đoài', '4', '1', '3', '0', '0', '25%'],
      ['Xóm Bãi', '0', '0', '0', '0', '0', '0%'],
      ['Tổng cộng', '10', '4', '6', '0', '2', '40%'],
    ]);

    fireEvent.click(within(group).getByRole('button', { name: 'Excel' }));
    await waitFor(() => expect(downloads.blobs).toHaveLength(2));
    expect(downloads.names[1]).toBe('so06-dot-ra-soat-ra-soat-nguoi-du-14-tuoi-2026-12-20.xlsx');
    const rows = await xlsxRowsOf(downloads.blobs[1]!);
    expect(rows[0]![0]).toBe('Rà soát người đủ 14 tuổi — số liệu lúc 20/12/2026 09:00');
    expect(rows[1]![0]).toBe('Đơn vị: Xã An Bình');
    expect(rows[2]![0]).toBe(
      'Người từ 14 tuổi trở lên (tính đến hạn) chưa có thẻ CCCD. Thời gian: 01/12/2026 – 31/12/2026.',
    );
    expect(rows[3]).toEqual([
      'Thôn',
      'Số việc',
      'Đã xong',
      'Còn lại',
      'Quá hạn',
      'Ngoài phạm vi',
      'Tỷ lệ đã xong (%)',
    ]);
    expect(rows.slice(4)).toEqual([
      ['Thôn Đông', 6, 3, 3, 0, 2, 50],
      ['Thôn Đoài', 4, 1, 3, 0, 0, 25],
      ['Xóm Bãi', 0, 0, 0, 0, 0, 0],
      ['Tổng cộng', 10, 4, 6, 0, 2, 40],
    ]);
  });

  it('prints the A4 report with the browser’s own dialog', async () => {
    const print = vi.fn();
    window.print = print;
    await openCampaign(CARD, PROGRESS);
    fireEvent.click(screen.getByRole('button', { name: 'In báo cáo (A4)' }));
    expect(print).toHaveBeenCalledOnce();
    // On paper: what the report is and where from.
    expect(document.querySelector('.report-heading')!.textContent).toContain('BÁO CÁO KẾT QUẢ ĐỢT RÀ SOÁT');
    expect(document.querySelector('.report-heading')!.textContent).toContain('Đơn vị: Xã An Bình');
  });
});
