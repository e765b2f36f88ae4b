// The words for the problems parseCccdQr reports. They live beside the parser rather than in the app's
// catalogues so that the closed list of codes and its wording change together (a missing code fails
// typecheck); the scan screen picks the language.
import type { CccdQrField, CccdQrProblem, CccdQrProblemCode } from './cccd-qr.ts';

export type CccdQrLanguage = 'vi' | 'en';

export const CCCD_QR_FIELD_LABELS: Record<CccdQrLanguage, Record<CccdQrField | 'payload', string>> = {
  vi: {
    payload: 'Mã QR',
    idNumber: 'Số định danh',
    oldIdNumber: 'Số CMND cũ',
    fullName: 'Họ và tên',
    birthDate: 'Ngày sinh',
    gender: 'Giới tính',
    address: 'Nơi thường trú',
    cccdIssuedOn: 'Ngày cấp',
  },
  en: {
    payload: 'QR code',
    idNumber: 'ID number',
    oldIdNumber: 'Old CMND number',
    fullName: 'Full name',
    birthDate: 'Birth date',
    gender: 'Gender',
    address: 'Permanent address',
    cccdIssuedOn: 'Issue date',
  },
};

/** Templates: `{field}` is the field's label, other `{name}`s are the problem's params. */
export const CCCD_QR_MESSAGES: Record<CccdQrLanguage, Record<CccdQrProblemCode, string>> = {
  vi: {
    empty: 'Mã QR không có nội dung.',
    binary: 'Mã QR chứa dữ liệu nhị phân, không phải mã của thẻ CCCD.',
    not_cccd: 'Đây không phải mã QR của thẻ CCCD gắn chip.',
    extra_fields: 'Mã QR có thêm {count} trường không rõ, đã bỏ qua.',
    nothing_usable: 'Không đọc được số định danh, cũng không đọc được họ tên cùng ngày sinh.',
    missing: '{field}: không có trong mã QR.',
    invalid_format: '{field}: không đúng định dạng.',
    invalid_length: '{field}: có {digits} chữ số, cần {expected}.',
    province: '{field}: mã tỉnh {code} không tồn tại.',
    garbled: '{field}: có ký tự bị lỗi mã hóa.',
    invalid_date: '{field}: không phải ngày có thật.',
    future_date: '{field}: là ngày trong tương lai.',
    before_birth: '{field}: trước ngày sinh.',
    id_gender_mismatch: '{field}: chữ số thứ 4 không khớp với giới tính ghi trên thẻ.',
    id_century_mismatch: '{field}: chữ số thứ 4 không khớp với thế kỷ của năm sinh ghi trên thẻ.',
    id_birth_year_mismatch: '{field}: chữ số thứ 5–6 ({digits}) không khớp với năm sinh {year} ghi trên thẻ.',
  },
  en: {
    empty: 'The QR code is empty.',
    binary: 'The QR code holds binary data, not a CCCD card’s code.',
    not_cccd: 'This is not the QR code of a chip CCCD card.',
    extra_fields: 'The QR code has {count} unknown extra field(s); they were ignored.',
    nothing_usable: 'Neither the ID number nor the name with the birth date could be read.',
    missing: '{field}: not in the QR code.',
    invalid_format: '{field}: not in the expected format.',
    invalid_length: '{field}: has {digits} digits, {expected} expected.',
    province: '{field}: province code {code} does not exist.',
    garbled: '{field}: has characters lost in decoding.',
    invalid_date: '{field}: not a real date.',
    future_date: '{field}: a date in the future.',
    before_birth: '{field}: before the birth date.',
    id_gender_mismatch: '{field}: the 4th digit does not match the gender on the card.',
    id_century_mismatch: '{field}: the 4th digit does not match the century of the birth date on the card.',
    id_birth_year_mismatch: '{field}: digits 5–6 ({digits}) do not match the birth year {year} on the card.',
  },
};

/** One problem as a sentence in `language`. */
export function describeCccdQrProblem(problem: CccdQrProblem, language: CccdQrLanguage = 'vi'): string {
  const values: Record<string, string | number> = {
    ...problem.params,
    field: CCCD_QR_FIELD_LABELS[language][problem.field],
  };
  return CCCD_QR_MESSAGES[language][problem.code].replace(/\{(\w+)\}/g, (whole, name: string) =>
    String(values[name] ?? whole),
  );
}
