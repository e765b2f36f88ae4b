// The words of the police's trends and targets screen (issue 17), Vietnamese first, English second, as
// the rest of the review (messages.ts). They load with this screen only.
import type { TargetMeasure, TrendPeriod } from '../../domain/trends.ts';
import { useLanguage } from '../i18n/i18n.ts';

/** What a measure counts: its name, and the table's headings of its part and whole. */
interface MeasureWords {
  name: string;
  part: string;
  whole: string;
  /** "còn thiếu N …": what N counts. */
  unit: string;
}

export const trendsVi = {
  title: 'Tiến độ và chỉ tiêu',
  back: 'Về bảng tổng hợp',
  intro:
    'Số liệu chụp mỗi ngày một lần trên máy chủ; mỗi kỳ lấy số liệu của ngày cuối cùng có chụp trong kỳ.',
  measureLabel: 'Chỉ số',
  periodLabel: 'Theo',
  areaLabel: 'Khu vực',
  wholeCommune: (name: string) => `Toàn xã (${name})`,
  measures: {
    cccd14: { name: 'Có CCCD (14+)', part: 'Đã có CCCD', whole: 'Người từ 14 tuổi', unit: 'người' },
    vneid14: {
      name: 'VNeID mức 2 (14+)',
      part: 'Đã kích hoạt mức 2',
      whole: 'Người từ 14 tuổi',
      unit: 'người',
    },
    visited: { name: 'Hộ đã đến', part: 'Hộ đã đến', whole: 'Số hộ', unit: 'hộ' },
    tasksClosed: { name: 'Việc đã xong', part: 'Việc đã xử lý', whole: 'Tổng số việc', unit: 'việc' },
  } satisfies Record<TargetMeasure, MeasureWords>,
  periods: { day: 'Ngày', week: 'Tuần', month: 'Tháng' } satisfies Record<TrendPeriod, string>,
  periodsLower: { day: 'theo ngày', week: 'theo tuần', month: 'theo tháng' } satisfies Record<
    TrendPeriod,
    string
  >,
  range: (from: string, to: string) => `Từ ${from} đến ${to}`,
  noData:
    'Chưa có số liệu trong khoảng thời gian này: máy chủ chụp số liệu vào cuối mỗi ngày, hãy xem lại vào ngày mai.',
  noDataArea: 'Khu vực này chưa có số liệu trong khoảng thời gian này.',
  chart: {
    title: (measure: string, area: string, period: string) => `${measure} — ${area}, ${period}`,
    summary: (first: string, last: string) => `Từ ${first} đến ${last}.`,
    one: (only: string) => `Chỉ có một kỳ có số liệu: ${only}.`,
    none: 'Chưa có kỳ nào có số liệu.',
    at: (share: string, label: string) => `${share} (${label})`,
    point: (label: string, share: string, part: string, whole: string) =>
      `${label}: ${share} (${part}/${whole})`,
    target: (percent: string, due: string | null) =>
      due ? `Chỉ tiêu ${percent} · hạn ${due}` : `Chỉ tiêu ${percent}`,
    noTarget: 'Chưa đặt chỉ tiêu.',
    gaps: 'Kỳ không có số liệu để trống, không nối.',
  },
  table: {
    label: 'Bảng số liệu theo kỳ',
    period: 'Kỳ',
    day: 'Ngày số liệu',
    share: 'Tỷ lệ',
    none: '—',
  },
  behind: {
    title: 'Thôn chậm tiến độ',
    intro: 'Tỷ lệ mới nhất của từng thôn so với chỉ tiêu của thôn (nếu không có thì theo chỉ tiêu của xã).',
    none: 'Xã chưa có thôn nào.',
    missing: (n: string, unit: string) => `còn thiếu ${n} ${unit}`,
    reached: 'Đã đạt chỉ tiêu',
    noTarget: 'Chưa có chỉ tiêu',
    noData: 'Chưa có số liệu',
    share: (share: string, target: string) => `${share} / chỉ tiêu ${target}`,
    ownTarget: 'chỉ tiêu riêng của thôn',
    asOf: (day: string) => `số liệu ngày ${day}`,
  },
  targets: {
    title: 'Đặt chỉ tiêu',
    readOnlyTitle: 'Chỉ tiêu',
    readOnly: 'Chỉ tiêu của xã do Công an xã đặt. Tài khoản cấp tỉnh xem các chỉ tiêu đang áp dụng.',
    intro: 'Chỉ tiêu của xã áp dụng cho mọi thôn; một thôn có thể có chỉ tiêu riêng.',
    area: 'Áp dụng cho',
    percent: 'Tỷ lệ cần đạt (%)',
    dueOn: 'Hạn hoàn thành',
    optional: '(không bắt buộc)',
    save: 'Lưu chỉ tiêu',
    remove: 'Bỏ chỉ tiêu',
    saving: 'Đang lưu…',
    saved: 'Đã lưu chỉ tiêu.',
    removed: 'Đã bỏ chỉ tiêu.',
    current: 'Chỉ tiêu đang áp dụng',
    noneSet: 'Chưa đặt chỉ tiêu nào cho chỉ số này.',
    commune: 'Toàn xã',
    due: (date: string) => `hạn ${date}`,
    noDue: 'không có hạn',
    edit: 'Sửa',
    errors: {
      percentMissing: 'Hãy nhập tỷ lệ cần đạt, ví dụ 90.',
      percentRange: 'Tỷ lệ phải từ 1 đến 100%.',
      percentStep: 'Tỷ lệ chỉ ghi tối đa một chữ số thập phân, ví dụ 92,5.',
      dueOn: 'Ngày hạn không hợp lệ.',
      area: 'Khu vực không hợp lệ.',
      forbidden: 'Tài khoản của bạn không được đặt chỉ tiêu. Chỉ công an xã và quản trị viên được đặt.',
      refused: (message: string) => `Máy chủ không nhận chỉ tiêu này: ${message}`,
      failed: (why: string) => `Không lưu được chỉ tiêu: ${why}.`,
    },
  },
  export: {
    label: 'Xuất số liệu theo kỳ (xã và từng thôn)',
    print: 'In báo cáo (A4)',
    sheet: 'Tiến độ',
    area: 'Khu vực',
    from: 'Từ ngày',
    to: 'Đến ngày',
    day: 'Ngày số liệu',
    share: 'Tỷ lệ (%)',
    shareCsv: 'Tỷ lệ (%, làm tròn xuống)',
    title: (area: string, measure: string, period: string, from: string, to: string) =>
      `${area} — ${measure}, ${period}, từ ${from} đến ${to}`,
    targetLine: (target: string) => `Chỉ tiêu của xã: ${target}`,
  },
  report: {
    heading: 'BÁO CÁO TIẾN ĐỘ THỰC HIỆN ĐỀ ÁN 06',
    subject: (measure: string, period: string) => `Tiến độ: ${measure}, ${period}`,
  },
};

export type TrendsMessages = typeof trendsVi;

export const trendsEn: TrendsMessages = {
  title: 'Progress and targets',
  back: 'Back to the overview',
  intro: 'The server takes a snapshot of the figures once a day; each period shows its last snapshot.',
  measureLabel: 'Measure',
  periodLabel: 'By',
  areaLabel: 'Area',
  wholeCommune: (name) => `Whole commune (${name})`,
  measures: {
    cccd14: { name: 'With CCCD (14+)', part: 'With CCCD', whole: 'Aged 14+', unit: 'persons' },
    vneid14: { name: 'VNeID level 2 (14+)', part: 'Level 2 active', whole: 'Aged 14+', unit: 'persons' },
    visited: { name: 'Households visited', part: 'Visited', whole: 'Households', unit: 'households' },
    tasksClosed: { name: 'Tasks done', part: 'Done', whole: 'All tasks', unit: 'tasks' },
  },
  periods: { day: 'Day', week: 'Week', month: 'Month' },
  periodsLower: { day: 'by day', week: 'by week', month: 'by month' },
  range: (from, to) => `From ${from} to ${to}`,
  noData:
    'No figures in this range yet: the server takes a snapshot at the end of each day; look again tomorrow.',
  noDataArea: 'This area has no figures in this range yet.',
  chart: {
    title: (measure, area, period) => `${measure} — ${area}, ${period}`,
    summary: (first, last) => `From ${first} to ${last}.`,
    one: (only) => `Only one period has figures: ${only}.`,
    none: 'No period has figures yet.',
    at: (share, label) => `${share} (${label})`,
    point: (label, share, part, whole) => `${label}: ${share} (${part}/${whole})`,
    target: (percent, due) => (due ? `Target ${percent} · due ${due}` : `Target ${percent}`),
    noTarget: 'No target set.',
    gaps: 'Periods without figures are left as gaps.',
  },
  table: { label: 'Figures by period', period: 'Period', day: 'Snapshot day', share: 'Share', none: '—' },
  behind: {
    title: 'Villages behind',
    intro: "Each village's latest share against its own target (or else the commune's).",
    none: 'The commune has no villages yet.',
    missing: (n, unit) => `${n} ${unit} short`,
    reached: 'Target reached',
    noTarget: 'No target',
    noData: 'No figures yet',
    share: (share, target) => `${share} / target ${target}`,
    ownTarget: "the village's own target",
    asOf: (day) => `figures of ${day}`,
  },
  targets: {
    title: 'Set a target',
    readOnlyTitle: 'Targets',
    readOnly: "The commune's own police set its targets. A province account sees the targets in force.",
    intro: "The commune's target applies to every village; a village may have its own.",
    area: 'Applies to',
    percent: 'Share to reach (%)',
    dueOn: 'Due date',
    optional: '(optional)',
    save: 'Save target',
    remove: 'Remove target',
    saving: 'Saving…',
    saved: 'Target saved.',
    removed: 'Target removed.',
    current: 'Targets in force',
    noneSet: 'No target set for this measure.',
    commune: 'Whole commune',
    due: (date) => `due ${date}`,
    noDue: 'no due date',
    edit: 'Edit',
    errors: {
      percentMissing: 'Enter the share to reach, e.g. 90.',
      percentRange: 'The share must be between 1 and 100%.',
      percentStep: 'At most one decimal, e.g. 92.5.',
      dueOn: 'The due date is not valid.',
      area: 'The area is not valid.',
      forbidden: 'Your account may not set targets. Only the commune police and administrators may.',
      refused: (message) => `The server refused this target: ${message}`,
      failed: (why) => `Could not save the target: ${why}.`,
    },
  },
  export: {
    label: 'Export the figures by period (commune and each village)',
    print: 'Print report (A4)',
    sheet: 'Progress',
    area: 'Area',
    from: 'From',
    to: 'To',
    day: 'Snapshot day',
    share: 'Share (%)',
    shareCsv: 'Share (%, rounded down)',
    title: (area, measure, period, from, to) => `${area} — ${measure}, ${period}, from ${from} to ${to}`,
    targetLine: (target) => `Commune target: ${target}`,
  },
  report: {
    heading: 'PROJECT 06 PROGRESS REPORT',
    subject: (measure, period) => `Progress: ${measure}, ${period}`,
  },
};

export function useTrendsT(): TrendsMessages {
  return useLanguage() === 'en' ? trendsEn : trendsVi;
}
