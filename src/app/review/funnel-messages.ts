// The words of the VNeID funnel screen ([RV12], issue 17), Vietnamese first, English second, and the
// headers of its exported table. Kept apart from messages.ts so that they load with this screen only.
import { useLanguage } from '../i18n/i18n.ts';
import type { FunnelBlocker } from '../../domain/trends.ts';

export const funnelVi = {
  title: 'VNeID mức 2 theo thôn',
  lead: 'Người từ 14 tuổi → đã thu nhận hồ sơ → đã kích hoạt, và lý do chưa kích hoạt của từng thôn. Thôn còn nhiều người chưa kích hoạt đứng trước: nơi nên cử tổ lưu động đến trước.',
  back: 'Về tổng hợp',
  communeFigures: 'Toàn xã',
  villagesFunnel: 'Theo thôn',
  noVillages: 'Xã chưa có thôn nào.',
  persons14plus: 'Từ 14 tuổi',
  registered: 'Đã thu nhận hồ sơ',
  activated: 'Đã kích hoạt',
  notRegistered: 'Chưa thu nhận hồ sơ',
  waiting: 'Đã thu nhận, chưa kích hoạt',
  remaining: 'Chưa kích hoạt',
  village: 'Thôn',
  total: 'Tổng cộng',
  /** The text alternative of a village's stacked bar. */
  barText: (name: string, persons: string, registered: string, activated: string) =>
    `${name}: ${persons} người từ 14 tuổi, ${registered} đã thu nhận hồ sơ, ${activated} đã kích hoạt`,
  noPersons: 'chưa có người từ 14 tuổi',
  blockersTitle: 'Lý do chưa kích hoạt theo thôn',
  blockersHint: 'Thôn còn nhiều người chưa kích hoạt đứng trước.',
  tableLabel: 'Bảng lý do chưa kích hoạt VNeID mức 2 theo thôn',
  blockers: {
    no_own_sim: 'Không có SIM chính chủ',
    no_smartphone: 'Không có điện thoại thông minh',
    home_visit: 'Cần đến tận nhà',
    working_away: 'Đi làm ăn xa',
    refused: 'Từ chối',
    other: 'Lý do khác',
    unknown: 'Chưa rõ lý do',
  } satisfies Record<FunnelBlocker, string>,
  homeVisitTop: (names: string) => `Cần đến tận nhà nhiều nhất: ${names}.`,
  homeVisitNone: 'Chưa thôn nào ghi nhận người cần đến tận nhà.',
  homeVisitCount: (name: string, n: string) => `${name} (${n} người)`,
  exportLabel: 'Xuất bảng VNeID theo thôn',
  sheet: 'VNeID theo thôn',
  reportSubject: 'Báo cáo tiến độ kích hoạt VNeID mức 2 theo thôn',
  /** The exported table's share columns: exact in the XLSX, a whole percent in the CSV. */
  registeredPercent: 'Tỷ lệ đã thu nhận hồ sơ (%)',
  registeredPercentCsv: 'Tỷ lệ đã thu nhận hồ sơ (%, làm tròn xuống)',
  activatedPercent: 'Tỷ lệ đã kích hoạt (%)',
  activatedPercentCsv: 'Tỷ lệ đã kích hoạt (%, làm tròn xuống)',
};

export type FunnelMessages = typeof funnelVi;

export const funnelEn: FunnelMessages = {
  title: 'VNeID level 2 by village',
  lead: 'Persons 14 and over → application taken → activated, and why the rest are not activated yet, per village. Villages with the most persons not yet activated come first: where a mobile team should go first.',
  back: 'Back to the overview',
  communeFigures: 'Whole commune',
  villagesFunnel: 'By village',
  noVillages: 'The commune has no village yet.',
  persons14plus: '14 and over',
  registered: 'Application taken',
  activated: 'Activated',
  notRegistered: 'No application yet',
  waiting: 'Taken, not yet activated',
  remaining: 'Not yet activated',
  village: 'Village',
  total: 'Total',
  barText: (name, persons, registered, activated) =>
    `${name}: ${persons} persons 14 and over, ${registered} applications taken, ${activated} activated`,
  noPersons: 'no persons 14 and over yet',
  blockersTitle: 'Why not activated yet, by village',
  blockersHint: 'Villages with the most persons not yet activated come first.',
  tableLabel: 'Why not at VNeID level 2 yet, by village',
  blockers: {
    no_own_sim: 'No SIM card in their own name',
    no_smartphone: 'No smartphone',
    home_visit: 'Needs a home visit',
    working_away: 'Working away',
    refused: 'Refused',
    other: 'Other reason',
    unknown: 'Reason not recorded',
  },
  homeVisitTop: (names) => `Most home visits needed: ${names}.`,
  homeVisitNone: 'No village has recorded anyone who needs a home visit.',
  homeVisitCount: (name, n) => `${name} (${n})`,
  exportLabel: 'Export the VNeID table by village',
  sheet: 'VNeID by village',
  reportSubject: 'VNeID level 2 activation by village',
  registeredPercent: 'Applications taken (%)',
  registeredPercentCsv: 'Applications taken (%, rounded down)',
  activatedPercent: 'Activated (%)',
  activatedPercentCsv: 'Activated (%, rounded down)',
};

export function useFunnelT(): FunnelMessages {
  return useLanguage() === 'en' ? funnelEn : funnelVi;
}
