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
    /** The XLSX's share column: exact, one decimal. */
    cccdPercent: string;
    /** The CSV's: a whole percent rounded down, which every Excel locale reads as a number. */
    cccdPercentCsv: string;
    vneidLevel2: string;
    vneidPercent: string;
    vneidPercentCsv: string;
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
  /** [RV11] The persons still missing a card or VNeID. */
  persons: {
    village: string;
    householdCode: string;
    headName: string;
    address: string;
    fullName: string;
    birthDate: string;
    relation: string;
    /** The column when the whole numbers were asked for. */
    idNumber: string;
    /** The column otherwise: the last four digits only. */
    idNumberEnd: string;
    cccdStatus: string;
    vneidStatus: string;
    gaps: string;
  };
  sheets: { overview: string; gaps: string; households: string; persons: string };
  /** The XLSX's line above the table (never in the CSV, whose first row is the header): which
   * commune, and when the server counted (`dd/mm/yyyy HH:mm`). */
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
    cccdPercent: 'Tỷ lệ có CCCD (%)',
    cccdPercentCsv: 'Tỷ lệ có CCCD (%, làm tròn xuống)',
    vneidLevel2: 'VNeID mức 2',
    vneidPercent: 'Tỷ lệ có VNeID mức 2 (%)',
    vneidPercentCsv: 'Tỷ lệ có VNeID mức 2 (%, làm tròn xuống)',
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
  persons: {
    village: 'Thôn',
    householdCode: 'Mã hộ',
    headName: 'Chủ hộ',
    address: 'Địa chỉ',
    fullName: 'Họ và tên',
    birthDate: 'Ngày sinh',
    relation: 'Quan hệ với chủ hộ',
    idNumber: 'Số định danh',
    idNumberEnd: 'Số định danh (4 số cuối)',
    cccdStatus: 'Thẻ căn cước (CCCD)',
    vneidStatus: 'VNeID',
    gaps: 'Còn thiếu',
  },
  sheets: {
    overview: 'Tổng hợp',
    gaps: 'Hộ còn thiếu',
    households: 'Danh sách hộ',
    persons: 'Nhân khẩu còn thiếu',
  },
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
    cccdPercent: 'CCCD share (%)',
    cccdPercentCsv: 'CCCD share (%, rounded down)',
    vneidLevel2: 'VNeID level 2',
    vneidPercent: 'VNeID level 2 share (%)',
    vneidPercentCsv: 'VNeID level 2 share (%, rounded down)',
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
  persons: {
    village: 'Village',
    householdCode: 'Household code',
    headName: 'Head of household',
    address: 'Address',
    fullName: 'Full name',
    birthDate: 'Birth date',
    relation: 'Relation to the head',
    idNumber: 'ID number',
    idNumberEnd: 'ID number (last 4 digits)',
    cccdStatus: 'ID card (CCCD)',
    vneidStatus: 'VNeID',
    gaps: 'Missing',
  },
  sheets: {
    overview: 'Overview',
    gaps: 'Households with gaps',
    households: 'Households',
    persons: 'Persons with gaps',
  },
  title: (communeName, asOf) => `${communeName} — figures as of ${asOf}`,
};

export const EXPORT_LABELS: Record<Language, ExportLabels> = { vi: exportLabelsVi, en: exportLabelsEn };
