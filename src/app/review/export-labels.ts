// The texts of the review's exported files, kept apart from the i18n catalogues so that they load only
// with the export module and the officer's spreadsheet speaks the language the screen speaks.
import type { Language } from '../../db/settings.ts';

export interface ExportLabels {
  overview: {
    village: string;
    households: string;
    householdsVisited: string;
    persons: string;
    persons14plus: string;
    cccdIssued: string;
    cccdPercent: string;
    vneidLevel2: string;
    vneidPercent: string;
    openTasks: string;
    total: string;
  };
  gaps: {
    village: string;
    householdCode: string;
    headName: string;
    address: string;
    persons14plus: string;
    withoutCard: string;
    withoutVneid: string;
    openTasks: string;
    lastMet: string;
  };
  sheets: { overview: string; gaps: string };
  /** The line above the table: which commune, and when the server counted (`dd/mm/yyyy HH:mm`). */
  title: (communeName: string, asOf: string) => string;
}

export const exportLabelsVi: ExportLabels = {
  overview: {
    village: 'Thôn',
    households: 'Số hộ',
    householdsVisited: 'Hộ đã gặp',
    persons: 'Nhân khẩu',
    persons14plus: 'Từ 14 tuổi',
    cccdIssued: 'Đã cấp CCCD',
    cccdPercent: 'CCCD %',
    vneidLevel2: 'VNeID mức 2',
    vneidPercent: 'VNeID %',
    openTasks: 'Việc còn mở',
    total: 'Tổng cộng',
  },
  gaps: {
    village: 'Thôn',
    householdCode: 'Mã hộ',
    headName: 'Chủ hộ',
    address: 'Địa chỉ',
    persons14plus: 'Từ 14 tuổi',
    withoutCard: 'Chưa có CCCD',
    withoutVneid: 'Chưa có VNeID mức 2',
    openTasks: 'Việc còn mở',
    lastMet: 'Lần gặp gần nhất',
  },
  sheets: { overview: 'Tổng hợp', gaps: 'Hộ còn thiếu' },
  title: (communeName, asOf) => `${communeName} — Số liệu lúc ${asOf}`,
};

export const exportLabelsEn: ExportLabels = {
  overview: {
    village: 'Village',
    households: 'Households',
    householdsVisited: 'Households met',
    persons: 'Persons',
    persons14plus: 'Aged 14+',
    cccdIssued: 'CCCD issued',
    cccdPercent: 'CCCD %',
    vneidLevel2: 'VNeID level 2',
    vneidPercent: 'VNeID %',
    openTasks: 'Open tasks',
    total: 'Total',
  },
  gaps: {
    village: 'Village',
    householdCode: 'Household code',
    headName: 'Head of household',
    address: 'Address',
    persons14plus: 'Aged 14+',
    withoutCard: 'Without CCCD',
    withoutVneid: 'Without VNeID level 2',
    openTasks: 'Open tasks',
    lastMet: 'Last met',
  },
  sheets: { overview: 'Overview', gaps: 'Households with gaps' },
  title: (communeName, asOf) => `${communeName} — figures as of ${asOf}`,
};

export const EXPORT_LABELS: Record<Language, ExportLabels> = { vi: exportLabelsVi, en: exportLabelsEn };
