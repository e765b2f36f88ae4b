// The words of the province police's screen "Tổng hợp toàn tỉnh" (issue 18), Vietnamese first, English
// second, and the headers of its exported table. Kept apart from messages.ts so that they load with this
// screen only (an online screen: never in a volunteer's precache).
import { exportLabelsEn, exportLabelsVi, type ExportLabels } from '../../domain/review-export.ts';
import { useLanguage } from '../i18n/i18n.ts';
import type { ProvinceSortKey } from './province-model.ts';

/** The figures' headers of the exported table: the commune overview's own, one wording for both files. */
const figureHeaders = ({ overview: { village: _village, total: _total, ...figures } }: ExportLabels) =>
  figures;

export const provinceVi = {
  title: 'Tổng hợp toàn tỉnh',
  province: 'Tỉnh, thành phố',
  noProvince: 'Tài khoản chưa được giao tỉnh, thành phố nào. Hãy liên hệ quản trị viên.',
  /** Why the first rows are first, and how to change it. */
  lead: 'Xã, phường có tỷ lệ VNeID mức 2 thấp nhất đứng trước; có thể sắp xếp lại theo bất kỳ cột nào.',
  communeCount: (n: string) => `${n} xã, phường`,
  noCommunes: 'Tỉnh chưa có xã, phường nào.',
  columns: {
    areaName: 'Xã, phường',
    villages: 'Số thôn',
    quietVillages: 'Thôn im lặng',
    lastSync: 'Đồng bộ gần nhất',
  },
  total: 'Toàn tỉnh',
  tableLabel: 'Bảng số liệu theo xã, phường',
  sortHint: 'Bấm vào tiêu đề cột để sắp xếp.',
  sortKeys: {
    areaName: 'Tên xã, phường',
    households: 'Số hộ',
    householdsVisited: 'Hộ đã gặp',
    persons: 'Nhân khẩu',
    persons14plus: 'Người từ 14 tuổi',
    cccdIssued14plus: 'Số đã cấp CCCD',
    cccdPercent: 'Tỷ lệ đã cấp CCCD',
    vneidLevel2Active14plus: 'Số có VNeID mức 2',
    vneidPercent: 'Tỷ lệ VNeID mức 2',
    openTasks: 'Việc còn mở',
    villages: 'Số thôn',
    quietVillages: 'Số thôn im lặng',
    lastSync: 'Đồng bộ gần nhất',
  } satisfies Record<ProvinceSortKey, string>,
  never: 'chưa đồng bộ lần nào',
  noActivity: 'không rõ',
  activityFailed: (why: string) => `Không tải được tình hình đồng bộ của các tổ: ${why}.`,
  quiet: {
    title: 'Xã/phường có tổ im lặng',
    intro: (days: number) =>
      `Thôn im lặng: quá ${days} ngày không có máy nào của tổ công tác đồng bộ. Xã, phường nhiều thôn im lặng nhất đứng trước.`,
    none: 'Không xã, phường nào có tổ im lặng.',
    count: (quiet: string, villages: string) => `${quiet}/${villages} thôn im lặng`,
    last: (when: string) => `đồng bộ gần nhất ${when}`,
    flag: (quiet: string) => `${quiet} thôn im lặng`,
  },
  exportLabel: 'Xuất bảng tổng hợp toàn tỉnh',
  /** Issue 18: the province's lists, streamed by the server into a CSV file. */
  lists: {
    title: 'Danh sách toàn tỉnh',
    intro: 'Tải về máy thành tệp CSV (mở bằng Excel), lần lượt từng xã, phường; tệp lớn có thể mất vài phút.',
    label: 'Tải danh sách toàn tỉnh',
    gaps: 'Tải danh sách hộ còn thiếu (CSV)',
    persons: 'Tải danh sách người còn thiếu (CSV)',
    progress: (size: string) => `Đang tải… đã nhận ${size}`,
    stop: 'Dừng tải',
    stopped: 'Đã dừng tải. Tệp chưa được lưu.',
    saved: (name: string, size: string) => `Đã lưu tệp ${name} (${size}).`,
    failed: (why: string) => `Không tải được tệp: ${why}.`,
    cut: 'kết nối bị ngắt giữa chừng, tệp chưa được lưu; hãy tải lại',
  },
  sheet: 'Tổng hợp toàn tỉnh',
  reportSubject: 'Tổng hợp tiến độ theo xã, phường',
  /** The exported table's headers (the figures' are the overview's, export-labels.ts). */
  file: {
    commune: 'Xã, phường',
    ...figureHeaders(exportLabelsVi),
    villages: 'Số thôn',
    quietVillages: 'Thôn im lặng',
    phones: 'Số máy của tổ',
    lastSync: 'Đồng bộ gần nhất (giờ Việt Nam)',
    total: 'Toàn tỉnh',
  },
};

export type ProvinceMessages = typeof provinceVi;

export const provinceEn: ProvinceMessages = {
  title: 'Province overview',
  province: 'Province',
  noProvince: 'Your account has no province yet. Please contact the administrator.',
  lead: 'Communes with the lowest VNeID level 2 share come first; any column can sort them instead.',
  communeCount: (n) => `${n} communes`,
  noCommunes: 'The province has no commune yet.',
  columns: {
    areaName: 'Commune',
    villages: 'Villages',
    quietVillages: 'Quiet villages',
    lastSync: 'Last sync',
  },
  total: 'Whole province',
  tableLabel: 'Figures by commune (table)',
  sortHint: 'Tap a column heading to sort.',
  sortKeys: {
    areaName: 'Commune name',
    households: 'Households',
    householdsVisited: 'Households met',
    persons: 'Persons',
    persons14plus: 'Persons aged 14+',
    cccdIssued14plus: 'CCCD issued',
    cccdPercent: 'CCCD share',
    vneidLevel2Active14plus: 'VNeID level 2',
    vneidPercent: 'VNeID level 2 share',
    openTasks: 'Open tasks',
    villages: 'Villages',
    quietVillages: 'Quiet villages',
    lastSync: 'Last sync',
  },
  never: 'never synced',
  noActivity: 'unknown',
  activityFailed: (why) => `Could not load how the working groups are syncing: ${why}.`,
  quiet: {
    title: 'Communes with quiet groups',
    intro: (days) =>
      `A quiet village: no phone of its working group synced for more than ${days} days. Communes with the most quiet villages come first.`,
    none: 'No commune has a quiet group.',
    count: (quiet, villages) => `${quiet}/${villages} villages quiet`,
    last: (when) => `last sync ${when}`,
    flag: (quiet) => `${quiet} quiet villages`,
  },
  exportLabel: 'Export the province overview',
  lists: {
    title: 'Lists of the whole province',
    intro: 'Download as a CSV file (opens in Excel), commune after commune; a large file may take minutes.',
    label: 'Download the lists of the whole province',
    gaps: 'Download the households with gaps (CSV)',
    persons: 'Download the persons with gaps (CSV)',
    progress: (size) => `Downloading… ${size} so far`,
    stop: 'Stop',
    stopped: 'Download stopped. No file was saved.',
    saved: (name, size) => `Saved ${name} (${size}).`,
    failed: (why) => `Could not download the file: ${why}.`,
    cut: 'the connection was cut before the end and no file was saved; download it again',
  },
  sheet: 'Province overview',
  reportSubject: 'Progress by commune',
  file: {
    commune: 'Commune',
    ...figureHeaders(exportLabelsEn),
    villages: 'Villages',
    quietVillages: 'Quiet villages',
    phones: "Working groups' phones",
    lastSync: 'Last sync (Vietnam time)',
    total: 'Whole province',
  },
};

export function useProvinceT(): ProvinceMessages {
  return useLanguage() === 'en' ? provinceEn : provinceVi;
}
