// The words of the commune police's campaign screens (rà soát, issue 17), Vietnamese first, beside
// the review's own catalogue (messages.ts) and loaded with these screens only. What a campaign targets
// is said here once, in plain words, for the list, the campaign's page and its exported file.
import type { Area } from '../../domain/areas.ts';
import type { CampaignRule, CampaignRuleKind } from '../../domain/campaign-rules.ts';
import type { TaskKind } from '../../domain/enums.ts';
import { formatDateVi, isRealDate } from '../../domain/dates.ts';
import { useLanguage } from '../i18n/i18n.ts';

/** The form's fields that can carry an error beside them. */
export type CampaignField =
  'name' | 'villageIds' | 'startsOn' | 'dueOn' | 'targetPercent' | 'turningFrom' | 'since' | 'taskKinds';

export const campaignVi = {
  title: 'Đợt rà soát',
  intro:
    'Mỗi đợt rà soát chọn ra những người, hộ hoặc việc cần làm theo một tiêu chí, có hạn hoàn thành. Danh sách luôn tính theo dữ liệu hiện tại; tổ công tác thấy việc của mình trên điện thoại.',
  back: 'Về bảng tổng hợp',
  backToList: 'Về danh sách đợt rà soát',
  loading: 'Đang tải đợt rà soát…',
  failed: (why: string) => `Không tải được đợt rà soát: ${why}.`,
  none: 'Xã chưa có đợt rà soát nào.',
  notFound: 'Không tìm thấy đợt rà soát này, hoặc đợt không thuộc khu vực của bạn.',
  readOnly: 'Đợt rà soát của xã do Công an xã tạo và kết thúc. Tài khoản cấp tỉnh theo dõi tiến độ các đợt.',
  status: { active: 'Đang chạy', closed: 'Đã kết thúc' },
  overdue: 'Quá hạn',
  columns: {
    name: 'Tên đợt',
    targets: 'Đối tượng',
    villages: 'Thôn',
    startsOn: 'Bắt đầu',
    dueOn: 'Hạn',
    target: 'Mục tiêu',
    status: 'Trạng thái',
  },
  noTarget: 'Không đặt',
  targetPercent: (n: number) => `${n}%`,
  listLabel: 'Danh sách đợt rà soát',
  allVillages: (n: number) => `Cả ${n} thôn`,
  period: (from: string, to: string) => `${from} – ${to}`,
  rule: {
    kinds: {
      card_at_14: 'Đủ 14 tuổi, chưa có thẻ CCCD',
      card_renewal: 'Đến tuổi cấp đổi thẻ CCCD',
      vneid_level2: 'Chưa kích hoạt VNeID mức 2',
      not_visited_since: 'Hộ lâu chưa được gặp',
      open_tasks: 'Việc làm sạch dữ liệu còn mở',
    } satisfies Record<CampaignRuleKind, string>,
    cardAt14: 'Người từ 14 tuổi trở lên (tính đến hạn) chưa có thẻ CCCD',
    cardAt14From: (date: string) => `Người đủ 14 tuổi từ ngày ${date} đến hạn, chưa có thẻ CCCD`,
    renewal: 'Người có thẻ CCCD đến tuổi cấp đổi (25, 40, 60 tuổi) trước hạn của đợt',
    vneid: 'Người từ 14 tuổi trở lên chưa kích hoạt VNeID mức 2',
    elderlyOnly: 'chỉ người từ 60 tuổi',
    withPhoneOnly: 'chỉ người có số điện thoại',
    notVisited: (date: string) => `Hộ chưa được gặp từ ngày ${date}`,
    openTasks: (kinds: string) => `Việc làm sạch dữ liệu còn mở: ${kinds}`,
  },
  defaultName: {
    card_at_14: 'Rà soát người đủ 14 tuổi',
    card_renewal: 'Rà soát người đến tuổi đổi thẻ CCCD',
    vneid_level2: 'Rà soát kích hoạt VNeID mức 2',
    vneidElderly: 'Rà soát VNeID mức 2 cho người từ 60 tuổi',
    not_visited_since: 'Rà soát hộ lâu chưa gặp',
    notVisitedFrom: (date: string) => `Rà soát hộ chưa gặp từ ${date}`,
    open_tasks: 'Rà soát việc làm sạch dữ liệu còn mở',
  },
  form: {
    open: 'Tạo đợt rà soát',
    title: 'Tạo đợt rà soát',
    kind: 'Tiêu chí rà soát',
    turningFrom: 'Chỉ người đủ 14 tuổi từ ngày',
    turningFromHint: 'Để trống: mọi người từ 14 tuổi chưa có thẻ.',
    elderlyOnly: 'Chỉ người từ 60 tuổi',
    withPhoneOnly: 'Chỉ người có số điện thoại',
    since: 'Chưa gặp từ ngày',
    taskKinds: 'Loại việc',
    name: 'Tên đợt',
    villages: 'Thôn',
    allVillages: 'Chọn tất cả',
    noVillages: 'Xã chưa có thôn nào.',
    startsOn: 'Ngày bắt đầu',
    dueOn: 'Hạn hoàn thành',
    targetPercent: 'Mục tiêu (%)',
    targetHint: 'Tỷ lệ việc cần xong trước hạn, từ 1 đến 100. Có thể để trống.',
    submit: 'Tạo đợt',
    submitting: 'Đang tạo đợt…',
    cancel: 'Hủy',
    fixErrors: 'Chưa tạo được đợt: hãy sửa những ô được đánh dấu.',
    errors: {
      name: 'Nhập tên đợt (một dòng, tối đa 120 ký tự).',
      nameTooLong: 'Tên đợt dài quá 120 ký tự.',
      villageIds: 'Chọn ít nhất một thôn.',
      startsOn: 'Nhập ngày bắt đầu theo dạng dd/mm/yyyy.',
      dueOn: 'Nhập hạn hoàn thành theo dạng dd/mm/yyyy.',
      dueBeforeStart: 'Hạn hoàn thành không được trước ngày bắt đầu.',
      targetPercent: 'Mục tiêu là số nguyên từ 1 đến 100, hoặc để trống.',
      turningFrom: 'Ngày không hợp lệ: viết theo dạng dd/mm/yyyy, hoặc để trống.',
      since: 'Nhập ngày theo dạng dd/mm/yyyy.',
      taskKinds: 'Chọn ít nhất một loại việc.',
    } satisfies Record<CampaignField | 'nameTooLong' | 'dueBeforeStart', string>,
    refused: {
      forbidden: 'Tài khoản của bạn không có quyền tạo đợt rà soát cho xã này.',
      alreadyExists:
        'Một đợt rà soát đã được tạo từ lần gửi trước, với nội dung khác. Hãy xem danh sách đợt bên trên; bấm "Tạo đợt" lần nữa sẽ tạo một đợt mới.',
      villages: 'Có thôn không thuộc xã này hoặc đã ngừng sử dụng. Hãy tải lại trang và chọn lại thôn.',
      invalid: (field: string) => `Máy chủ không nhận đợt rà soát: ô "${field}" không hợp lệ.`,
      other: (why: string) => `Chưa tạo được đợt rà soát: ${why}.`,
      network:
        'Không có kết nối, chưa biết đợt đã được tạo hay chưa. Bấm "Tạo đợt" lần nữa khi có mạng: đợt chỉ được tạo một lần.',
    },
  },
  page: {
    rule: 'Đối tượng',
    villages: 'Thôn',
    period: 'Thời gian',
    createdAt: (when: string) => `Tạo lúc ${when}`,
    closedAt: (when: string) => `Kết thúc lúc ${when}`,
    asOf: (when: string) => `Số liệu lúc ${when}`,
    closedFigures: (when: string) => `Kết quả chốt khi kết thúc đợt, lúc ${when}`,
    progress: 'Tiến độ',
    done: (done: string, items: string) => `Đã xong ${done}/${items}`,
    bar: (pct: string) => `Đã xong ${pct}`,
    noItems: 'Đợt này chưa có việc nào.',
    target: (pct: number, date: string) => `Mục tiêu: ${pct}% trước ${date}`,
    targetReached: 'đã đạt',
    targetMissing: (n: number) => `còn thiếu ${n} việc`,
    pending: (n: string) => `Còn lại: ${n}`,
    overdue: (n: string) => `Quá hạn: ${n}`,
    pastDue: (date: string) => `Đã qua hạn ${date}`,
    outOfReach: (n: string) => `Ngoài phạm vi (từ chối / chuyển đi): ${n}`,
    outOfReachNote: 'Không tính vào số việc và tỷ lệ đã xong.',
    byVillage: 'Theo thôn',
    tableLabel: 'Tiến độ theo thôn',
    total: 'Tổng cộng',
    columns: {
      village: 'Thôn',
      items: 'Số việc',
      done: 'Đã xong',
      pending: 'Còn lại',
      overdue: 'Quá hạn',
      outOfReach: 'Ngoài phạm vi',
      percent: '% đã xong',
    },
    refresh: 'Làm mới',
    close: 'Kết thúc đợt',
    closing: 'Đang kết thúc đợt…',
    closeQuestion: (name: string) => `Kết thúc đợt "${name}"?`,
    closeDetail:
      'Kết quả được chốt tại thời điểm này. Tổ công tác không còn thấy việc của đợt trên điện thoại.',
    closeFailed: (why: string) => `Chưa kết thúc được đợt: ${why}.`,
  },
  export: {
    label: 'Xuất kết quả đợt',
    print: 'In báo cáo (A4)',
    sheet: 'Kết quả đợt rà soát',
    percentXlsx: 'Tỷ lệ đã xong (%)',
    percentCsv: 'Tỷ lệ đã xong (%, làm tròn xuống)',
    title: (name: string, asOf: string) => `${name} — số liệu lúc ${asOf}`,
    about: (rule: string, from: string, to: string) => `${rule}. Thời gian: ${from} – ${to}.`,
  },
  report: {
    heading: 'BÁO CÁO KẾT QUẢ ĐỢT RÀ SOÁT',
    place: (commune: string) => `Đơn vị: ${commune}`,
    printedOn: (date: string) => `Ngày in: ${date}`,
    signer: 'Người lập báo cáo',
    signHint: '(Ký, ghi rõ họ tên)',
  },
};

export type CampaignMessages = typeof campaignVi;

export const campaignEn: CampaignMessages = {
  title: 'Campaigns',
  intro:
    'Each campaign picks the persons, households or tasks to work on by one rule, with a deadline. Its list always follows the current records; the working groups see their work on their phones.',
  back: 'Back to the overview',
  backToList: 'Back to the campaigns',
  loading: 'Loading campaigns…',
  failed: (why) => `Could not load the campaigns: ${why}.`,
  none: 'This commune has no campaign yet.',
  notFound: 'This campaign was not found, or it is outside your area.',
  readOnly:
    "The commune's own police launch and close its campaigns. A province account follows their progress.",
  status: { active: 'Running', closed: 'Closed' },
  overdue: 'Overdue',
  columns: {
    name: 'Name',
    targets: 'Targets',
    villages: 'Villages',
    startsOn: 'Starts',
    dueOn: 'Deadline',
    target: 'Target',
    status: 'Status',
  },
  noTarget: 'None',
  targetPercent: (n) => `${n}%`,
  listLabel: 'Campaigns',
  allVillages: (n) => `All ${n} villages`,
  period: (from, to) => `${from} – ${to}`,
  rule: {
    kinds: {
      card_at_14: 'Persons aged 14 without a CCCD card',
      card_renewal: 'Persons due to renew their CCCD card',
      vneid_level2: 'Persons without an active VNeID level 2',
      not_visited_since: 'Households not met since a date',
      open_tasks: 'Open data-cleaning tasks',
    },
    cardAt14: 'Persons aged 14 or more (by the deadline) without a CCCD card',
    cardAt14From: (date) => `Persons turning 14 from ${date} to the deadline, without a CCCD card`,
    renewal: 'CCCD holders reaching a renewal age (25, 40, 60) by the deadline',
    vneid: 'Persons aged 14 or more without an active VNeID level 2',
    elderlyOnly: 'only persons aged 60 or more',
    withPhoneOnly: 'only persons with a phone number',
    notVisited: (date) => `Households not met since ${date}`,
    openTasks: (kinds) => `Open data-cleaning tasks: ${kinds}`,
  },
  defaultName: {
    card_at_14: 'Review of persons turning 14',
    card_renewal: 'Review of CCCD renewals',
    vneid_level2: 'Review of VNeID level 2 activation',
    vneidElderly: 'Review of VNeID level 2 for persons aged 60+',
    not_visited_since: 'Review of households not met lately',
    notVisitedFrom: (date) => `Review of households not met since ${date}`,
    open_tasks: 'Review of open data-cleaning tasks',
  },
  form: {
    open: 'New campaign',
    title: 'New campaign',
    kind: 'Rule',
    turningFrom: 'Only persons turning 14 from',
    turningFromHint: 'Leave empty: everyone aged 14 or more without a card.',
    elderlyOnly: 'Only persons aged 60 or more',
    withPhoneOnly: 'Only persons with a phone number',
    since: 'Not met since',
    taskKinds: 'Task kinds',
    name: 'Name',
    villages: 'Villages',
    allVillages: 'Select all',
    noVillages: 'This commune has no village yet.',
    startsOn: 'Start date',
    dueOn: 'Deadline',
    targetPercent: 'Target (%)',
    targetHint: 'Share of the items to be done by the deadline, 1 to 100. Optional.',
    submit: 'Create',
    submitting: 'Creating…',
    cancel: 'Cancel',
    fixErrors: 'Not created: please correct the marked fields.',
    errors: {
      name: 'Enter a name (one line, at most 120 characters).',
      nameTooLong: 'The name is longer than 120 characters.',
      villageIds: 'Select at least one village.',
      startsOn: 'Enter the start date as dd/mm/yyyy.',
      dueOn: 'Enter the deadline as dd/mm/yyyy.',
      dueBeforeStart: 'The deadline cannot be before the start date.',
      targetPercent: 'The target is a whole number from 1 to 100, or empty.',
      turningFrom: 'Not a date: write it as dd/mm/yyyy, or leave it empty.',
      since: 'Enter the date as dd/mm/yyyy.',
      taskKinds: 'Select at least one task kind.',
    },
    refused: {
      forbidden: 'Your account may not create campaigns for this commune.',
      alreadyExists:
        'A campaign was created by an earlier attempt, with other details. See the list above; pressing "Create" again makes a new campaign.',
      villages: 'A village is not of this commune or no longer in use. Reload the page and select again.',
      invalid: (field) => `The server did not accept the campaign: the field "${field}" is not valid.`,
      other: (why) => `The campaign was not created: ${why}.`,
      network:
        'No connection: it is not known whether the campaign was created. Press "Create" again once online: it is created only once.',
    },
  },
  page: {
    rule: 'Targets',
    villages: 'Villages',
    period: 'Period',
    createdAt: (when) => `Created ${when}`,
    closedAt: (when) => `Closed ${when}`,
    asOf: (when) => `Figures as of ${when}`,
    closedFigures: (when) => `Figures fixed when the campaign closed, ${when}`,
    progress: 'Progress',
    done: (done, items) => `Done ${done}/${items}`,
    bar: (pct) => `Done ${pct}`,
    noItems: 'This campaign has no items yet.',
    target: (pct, date) => `Target: ${pct}% by ${date}`,
    targetReached: 'reached',
    targetMissing: (n) => `${n} more needed`,
    pending: (n) => `Left: ${n}`,
    overdue: (n) => `Overdue: ${n}`,
    pastDue: (date) => `Past the deadline of ${date}`,
    outOfReach: (n) => `Out of reach (refused / moved away): ${n}`,
    outOfReachNote: 'Not counted in the items or the share done.',
    byVillage: 'By village',
    tableLabel: 'Progress by village',
    total: 'Total',
    columns: {
      village: 'Village',
      items: 'Items',
      done: 'Done',
      pending: 'Left',
      overdue: 'Overdue',
      outOfReach: 'Out of reach',
      percent: '% done',
    },
    refresh: 'Refresh',
    close: 'Close the campaign',
    closing: 'Closing…',
    closeQuestion: (name) => `Close "${name}"?`,
    closeDetail: 'The figures are fixed now. The working groups no longer see its work on their phones.',
    closeFailed: (why) => `The campaign was not closed: ${why}.`,
  },
  export: {
    label: 'Export the result',
    print: 'Print report (A4)',
    sheet: 'Campaign result',
    percentXlsx: 'Share done (%)',
    percentCsv: 'Share done (%, rounded down)',
    title: (name, asOf) => `${name} — figures as of ${asOf}`,
    about: (rule, from, to) => `${rule}. Period: ${from} – ${to}.`,
  },
  report: {
    heading: 'CAMPAIGN RESULT REPORT',
    place: (commune) => `Unit: ${commune}`,
    printedOn: (date) => `Printed on: ${date}`,
    signer: 'Prepared by',
    signHint: '(Signature and full name)',
  },
};

export function useCampaignT(): CampaignMessages {
  return useLanguage() === 'en' ? campaignEn : campaignVi;
}

/** What a campaign targets, in one plain sentence; task kinds named with the app's own labels. */
export function ruleText(
  m: CampaignMessages,
  rule: CampaignRule,
  taskKindLabels: Record<TaskKind, string>,
): string {
  switch (rule.kind) {
    case 'card_at_14':
      return rule.turningFrom ? m.rule.cardAt14From(formatDateVi(rule.turningFrom)) : m.rule.cardAt14;
    case 'card_renewal':
      return m.rule.renewal;
    case 'vneid_level2': {
      const only = [
        rule.elderlyOnly ? m.rule.elderlyOnly : null,
        rule.withPhoneOnly ? m.rule.withPhoneOnly : null,
      ].filter((x) => x !== null);
      return only.length ? `${m.rule.vneid} (${only.join(', ')})` : m.rule.vneid;
    }
    case 'not_visited_since':
      return m.rule.notVisited(formatDateVi(rule.since));
    case 'open_tasks':
      return m.rule.openTasks(rule.taskKinds.map((k) => taskKindLabels[k]).join(', '));
  }
}

/** The name a new campaign gets from its rule until the officer writes their own. */
export function defaultName(m: CampaignMessages, rule: CampaignRule): string {
  switch (rule.kind) {
    case 'vneid_level2':
      return rule.elderlyOnly ? m.defaultName.vneidElderly : m.defaultName.vneid_level2;
    case 'not_visited_since':
      return isRealDate(rule.since)
        ? m.defaultName.notVisitedFrom(formatDateVi(rule.since))
        : m.defaultName.not_visited_since;
    default:
      return m.defaultName[rule.kind];
  }
}

/** The villages of a campaign by name: "Cả 3 thôn" when it covers every village of the commune. */
export function villageNamesText(
  m: CampaignMessages,
  villageIds: readonly string[],
  villages: readonly Pick<Area, 'id' | 'name'>[],
): string {
  const names = new Map(villages.map((v) => [v.id, v.name]));
  const named = villageIds.map((id) => names.get(id) ?? id).join(', ');
  const all = villages.length > 1 && villages.every((v) => villageIds.includes(v.id));
  return all ? `${m.allVillages(villages.length)}: ${named}` : named;
}
