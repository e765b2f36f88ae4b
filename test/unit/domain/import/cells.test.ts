// Tests of reading one cell of a household list: the forms each reader accepts, and those it refuses.
import { describe, it, expect } from 'vitest';
import {
  cellText,
  isBlankCell,
  readCccdStatus,
  readDate,
  readGender,
  readIdNumber,
  readPhone,
  readRelation,
  readText,
  readVneidStatus,
  type CellResult,
} from '../../../../src/domain/import/cells.ts';
import { FIELDS } from '../../../../src/domain/records.ts';

const TODAY = '2026-06-15';

const value = <T>(r: CellResult<T>): T => {
  if (!r.ok) throw new Error(`refused: ${r.message}`);
  return r.value;
};
const message = (r: CellResult<unknown>): string => {
  if (r.ok) throw new Error(`accepted: ${String(r.value)}`);
  return r.message;
};

describe('cellText and isBlankCell', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an empty string', ''],
    ['spaces and a tab', '  \t '],
    ['only invisible characters', '\u200b\ufeff'],
    ['NaN', Number.NaN],
  ])('%s is blank', (_what, cell) => {
    expect(isBlankCell(cell)).toBe(true);
  });

  it.each([
    ['0', 0],
    ['false', false],
    ['a Date', new Date(Date.UTC(1990, 0, 1))],
    ['a letter', 'a'],
  ])('%s is not blank', (_what, cell) => {
    expect(isBlankCell(cell)).toBe(false);
  });

  it('unwraps the ="…" guard that Sổ 06 writes around codes in its CSV', () => {
    expect(cellText('="0012345"')).toBe('0012345');
  });

  it('writes a Date as its UTC day, dd/mm/yyyy', () => {
    expect(cellText(new Date(Date.UTC(1985, 2, 12)))).toBe('12/03/1985');
  });
});

describe('readDate', () => {
  it.each([
    ['dd/mm/yyyy', '12/03/1985', '1985-03-12'],
    ['d/m/yyyy', '5/7/1990', '1990-07-05'],
    ['dd-mm-yyyy', '05-07-1990', '1990-07-05'],
    ['dd.mm.yyyy', '05.07.1990', '1990-07-05'],
    ['yyyy-mm-dd', '1990-07-05', '1990-07-05'],
    ['spaces around the separators', ' 05 / 07 / 1990 ', '1990-07-05'],
    ['a time after the date', '05/07/1990 00:00:00', '1990-07-05'],
    ['an ISO date-time', '1990-07-05T00:00:00.000Z', '1990-07-05'],
    ['29 February of a leap year', '29/02/2000', '2000-02-29'],
    ['today', '15/06/2026', '2026-06-15'],
    ['1 January 1900', '01/01/1900', '1900-01-01'],
  ])('reads %s', (_form, cell, want) => {
    expect(value(readDate(cell, TODAY))).toBe(want);
  });

  it('reads a Date as its UTC calendar day (how read-excel-file gives dates)', () => {
    // Midnight UTC, as read-excel-file builds it: the 11th in a zone west of Greenwich, yet the 12th.
    expect(value(readDate(new Date(Date.UTC(1985, 2, 12)), TODAY))).toBe('1985-03-12');
    // 23:30 UTC is already the 12th on Vietnam's clock: the UTC day still decides.
    expect(value(readDate(new Date('1985-03-11T23:30:00Z'), TODAY))).toBe('1985-03-11');
  });

  it.each([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [31118, '1985-03-12'],
    [31118.75, '1985-03-12'],
    [36526, '2000-01-01'],
  ])('reads the Excel serial %d as %s', (serial, want) => {
    expect(value(readDate(serial, TODAY))).toBe(want);
  });

  it.each([
    ['a day that does not exist', '31/02/2000', 'Ngày sinh 31/02/2000 không có thật'],
    ['29 February of a common year', '29/02/2001', 'Ngày sinh 29/02/2001 không có thật'],
    ['month 13', '01/13/1990', 'Ngày sinh 01/13/1990 không có thật'],
    ["Lotus's 29 February 1900 (serial 60)", 60, 'Ngày sinh 29/02/1900 không có thật'],
    ['a future date', '16/06/2026', 'Ngày sinh 16/06/2026 sau hôm nay'],
    ['a future serial', 47000, 'Ngày sinh 04/09/2028 sau hôm nay'],
    ['a year before 1900', '31/12/1899', 'Ngày sinh 31/12/1899 trước năm 1900'],
    ['a year of two digits', '12/03/85', 'Ngày sinh 12/03/85: năm cần đủ 4 chữ số (dd/mm/yyyy)'],
    ['a year alone (text)', '1985', 'Ngày sinh chỉ có năm «1985»: cần đủ ngày, tháng, năm (dd/mm/yyyy)'],
    ['a year alone (number)', 1985, 'Ngày sinh chỉ có năm «1985»: cần đủ ngày, tháng, năm (dd/mm/yyyy)'],
    ['words', 'không rõ', 'Ngày sinh «không rõ» không đọc được: ghi theo dạng ngày/tháng/năm (dd/mm/yyyy)'],
    [
      'an invalid Date',
      new Date(Number.NaN),
      'Ngày sinh «» không đọc được: ghi theo dạng ngày/tháng/năm (dd/mm/yyyy)',
    ],
    ['a serial below 1', 0.5, 'Ngày sinh «0.5» không đọc được: ghi theo dạng ngày/tháng/năm (dd/mm/yyyy)'],
    ['a blank cell', '  ', 'Thiếu ngày sinh'],
    ['null', null, 'Thiếu ngày sinh'],
  ])('refuses %s', (_what, cell, want) => {
    expect(message(readDate(cell, TODAY))).toBe(want);
  });
});

describe('readGender', () => {
  it.each([
    ['Nam', 'male'],
    ['NAM', 'male'],
    ['nam', 'male'],
    ['M', 'male'],
    ['male', 'male'],
    ['Nữ', 'female'],
    ['nữ', 'female'],
    ['nu', 'female'],
    ['NỮ', 'female'],
    ['F', 'female'],
    ['Female', 'female'],
    ['Nữ'.normalize('NFD'), 'female'],
  ])('reads %s as %s', (cell, want) => {
    expect(value(readGender(cell))).toBe(want);
  });

  it.each([
    ['x', 'Giới tính «x» không rõ: ghi Nam hoặc Nữ'],
    ['N', 'Giới tính «N» không rõ: ghi Nam hoặc Nữ'],
    [1, 'Giới tính «1» không rõ: ghi Nam hoặc Nữ'],
    ['', 'Thiếu giới tính'],
  ])('refuses %j', (cell, want) => {
    expect(message(readGender(cell))).toBe(want);
  });
});

describe('readRelation', () => {
  it.each([
    ['Chủ hộ', 'head'],
    ['CHỦ HỘ', 'head'],
    ['chu ho', 'head'],
    ['Vợ', 'spouse'],
    ['Chồng', 'spouse'],
    ['Vợ/chồng', 'spouse'],
    ['Con', 'child'],
    ['Con trai', 'child'],
    ['Con gái', 'child'],
    ['con gai', 'child'],
    ['Con dâu', 'other'],
    ['Con rể', 'other'],
    ['Bố', 'parent'],
    ['Mẹ', 'parent'],
    ['Cha', 'parent'],
    ['Bà', 'other'],
    ['Ông', 'other'],
    ['Bà nội', 'other'],
    ['Mẹ chồng', 'other'],
    ['Cháu', 'grandchild'],
    ['Cháu nội', 'grandchild'],
    ['Cháu ngoại', 'grandchild'],
    ['Anh', 'sibling'],
    ['Chị', 'sibling'],
    ['Em', 'sibling'],
    ['Anh trai', 'sibling'],
    ['Em gái', 'sibling'],
    ['Anh/chị/em', 'sibling'],
    ['Khác', 'other'],
    ['khac', 'other'],
    ['spouse', 'spouse'],
    [' Con  trai ', 'child'],
  ])('reads %s as %s', (cell, want) => {
    expect(value(readRelation(cell))).toBe(want);
  });

  it.each(['ba', 'Ba', 'BA'])(
    'refuses %s, which may be father (Ba) or grandmother (Bà) typed without marks',
    (cell) => {
      expect(message(readRelation(cell))).toBe(`Quan hệ «${cell}» không rõ là «Ba» hay «Bà»: ghi có dấu`);
    },
  );

  it.each([
    [
      'Hàng xóm',
      'Quan hệ «Hàng xóm» không rõ: ghi Chủ hộ, Vợ, Chồng, Con, Bố, Mẹ, Cháu, Anh, Chị, Em hoặc Khác',
    ],
    ['', 'Thiếu quan hệ với chủ hộ'],
  ])('refuses %j', (cell, want) => {
    expect(message(readRelation(cell))).toBe(want);
  });
});

describe('readIdNumber', () => {
  it.each([
    ['12 digits', '001085012345', '001085012345'],
    ['groups with spaces', '001 085 012345', '001085012345'],
    ['groups with dots', '001.085.012.345', '001085012345'],
    ['a leading apostrophe', "'079203012345", '079203012345'],
    ['a 12-digit text from a formula guard', '="079203012345"', '079203012345'],
    ['a number cell of 11 digits (its leading 0 lost)', 79203012345, '079203012345'],
    ['a number cell of 10 digits (Hà Nội: 00 lost)', 1085012345, '001085012345'],
  ])('reads %s', (_form, cell, want) => {
    expect(value(readIdNumber(cell, TODAY))).toBe(want);
  });

  it.each([null, '', '  '])('reads blank %j as no number', (cell) => {
    expect(value(readIdNumber(cell, TODAY))).toBeUndefined();
  });

  it.each([
    ['11 digits typed as text', '79203012345', 'Số định danh cá nhân cần đúng 12 chữ số (ô này có 11)'],
    ['13 digits', '0012030123456', 'Số định danh cá nhân cần đúng 12 chữ số (ô này có 13)'],
    ['a number cell of 9 digits', 123456789, 'Số định danh cá nhân cần đúng 12 chữ số (ô này có 9)'],
    ['letters', '00120301234A', 'Số định danh cá nhân «00120301234A» chỉ được gồm chữ số'],
    ['a fraction', 1.5, 'Số định danh cá nhân «1.5» không phải dãy 12 chữ số'],
    [
      'an unknown province',
      '003085012345',
      'Số định danh cá nhân 003085012345: 003 không phải mã tỉnh (3 chữ số đầu)',
    ],
    [
      'a birth year to come',
      '001227012345',
      'Số định danh cá nhân 001227012345 ghi năm sinh 2027, năm đó chưa tới',
    ],
    [
      'a number Excel wrote in scientific notation',
      '7.92E+10',
      'Số định danh cá nhân «7.92E+10» đã bị Excel làm tròn: định dạng cột là Văn bản (Text) rồi nhập lại số',
    ],
  ])('refuses %s', (_what, cell, want) => {
    expect(message(readIdNumber(cell, TODAY))).toBe(want);
  });

  it('judges the birth year by `today`, not the clock', () => {
    expect(readIdNumber('001227012345', '2027-01-10').ok).toBe(true);
  });
});

describe('readPhone', () => {
  it.each([
    ['10 digits', '0912345678', '0912345678'],
    ['groups with spaces', '0912 345 678', '0912345678'],
    ['groups with dots', '0912.345.678', '0912345678'],
    ['+84', '+84 912 345 678', '0912345678'],
    ['84 without +', '84912345678', '0912345678'],
    ['a number cell of 9 digits', 912345678, '0912345678'],
    ['a number cell with 84', 84912345678, '0912345678'],
    ['a landline of 11 digits', '024 3825 1234', '02438251234'],
    ['a landline number cell', 2438251234, '02438251234'],
  ])('reads %s', (_form, cell, want) => {
    const phone = value(readPhone(cell));
    expect(phone).toBe(want);
    expect(FIELDS.person.shape.phone.safeParse(phone).success).toBe(true);
  });

  it('reads a blank cell as no number', () => {
    expect(value(readPhone(''))).toBeUndefined();
  });

  it.each([
    ['9 digits typed as text', '912345678'],
    ['a mobile of 11 digits', '09123456789'],
    ['an unknown prefix', '0112345678'],
    ['two numbers', '0912345678 - 0987654321'],
    ['words', 'không có'],
  ])('refuses %s', (_what, cell) => {
    expect(message(readPhone(cell))).toMatch(/^Số điện thoại «.*» không đúng: di động có 10 chữ số/);
  });
});

describe('readCccdStatus and readVneidStatus', () => {
  it.each([
    ['', 'none'],
    [null, 'none'],
    ['Chưa có thẻ', 'none'],
    ['chua co', 'none'],
    ['Đã nộp hồ sơ (chờ nhận thẻ)', 'applied'],
    ['Chờ nhận thẻ', 'applied'],
    ['Đã có thẻ', 'issued'],
    ['Đã cấp', 'issued'],
    ['Mất/hỏng thẻ', 'lost'],
    ['mat the', 'lost'],
    ['issued', 'issued'],
  ])('CCCD %j is %s', (cell, want) => {
    expect(value(readCccdStatus(cell))).toBe(want);
  });

  it.each([
    ['', 'none'],
    ['Chưa đăng ký', 'none'],
    ['Mức 1', 'level1'],
    ['muc 1', 'level1'],
    ['Mức 2 đang chờ kích hoạt', 'level2_pending'],
    ['Chờ kích hoạt', 'level2_pending'],
    ['Đã kích hoạt mức 2', 'level2_active'],
    ['Mức 2', 'level2_active'],
    ['level2_active', 'level2_active'],
  ])('VNeID %j is %s', (cell, want) => {
    expect(value(readVneidStatus(cell))).toBe(want);
  });

  it('refuses words it does not know, listing the ones it does', () => {
    expect(message(readCccdStatus('x'))).toBe(
      'Tình trạng thẻ CCCD «x» không rõ: ghi Chưa có thẻ, Đã nộp hồ sơ, Đã có thẻ hoặc Mất/hỏng thẻ',
    );
    expect(message(readVneidStatus('Mức 3'))).toBe(
      'Tài khoản VNeID «Mức 3» không rõ: ghi Chưa đăng ký, Mức 1, Mức 2 đang chờ kích hoạt hoặc Đã kích hoạt mức 2',
    );
  });
});

describe('readText', () => {
  it('cleans by the records rule: NFC, invisible characters gone, spaces collapsed', () => {
    const nfd = 'Nguyễn  Văn\u200b An'.normalize('NFD');
    expect(value(readText(`\u202a${nfd} `, 'fullName'))).toBe('Nguyễn Văn An'.normalize('NFC'));
  });

  it('reads a number cell as its digits (a household code)', () => {
    expect(value(readText(102, 'householdCode'))).toBe('102');
  });

  it('keeps the lines of a note', () => {
    expect(value(readText('Dòng 1\r\nDòng 2', 'note'))).toBe('Dòng 1\nDòng 2');
  });

  it('reads a blank cell as nothing, whether or not the field is required (the caller decides)', () => {
    expect(value(readText('\u200b', 'fullName'))).toBeUndefined();
  });

  it.each([
    ['fullName', 101, 'Họ và tên dài quá 100 ký tự'],
    ['address', 201, 'Địa chỉ dài quá 200 ký tự'],
    ['householdCode', 51, 'Mã hộ dài quá 50 ký tự'],
  ] as const)('refuses a %s of %d characters', (field, length, want) => {
    expect(message(readText('ă'.repeat(length), field))).toBe(want);
    expect(readText('ă'.repeat(length - 1), field).ok).toBe(true);
  });

  it('refuses a letter under a tall stack of marks', () => {
    expect(message(readText(`A${'\u0301'.repeat(6)}n`, 'fullName'))).toMatch(
      /^Họ và tên «.*» có ký tự không dùng được$/,
    );
  });
});
