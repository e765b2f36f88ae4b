// Tests of matching a household list's own headers to the import's fields, and of finding the header row.
import { describe, it, expect } from 'vitest';
import {
  HEADER_SYNONYMS,
  IMPORT_FIELDS,
  TEMPLATE_COLUMNS,
  findHeaderRow,
  guessMapping,
  headerWords,
  missingColumnMessage,
  missingColumns,
  type ColumnMapping,
  type ImportField,
} from '../../../../src/domain/import/columns.ts';

/** The mapped fields only, for readable expectations. */
const mapped = (m: ColumnMapping): Partial<Record<ImportField, number>> =>
  Object.fromEntries(Object.entries(m).filter(([, c]) => c !== null));

describe('the synonym table', () => {
  it('gives no phrase to two fields, and writes every phrase as headerWords folds it', () => {
    const owner = new Map<string, ImportField>();
    for (const field of IMPORT_FIELDS) {
      for (const phrase of HEADER_SYNONYMS[field]) {
        expect(headerWords(phrase)).toBe(phrase);
        expect(owner.get(phrase) ?? field).toBe(field);
        owner.set(phrase, field);
      }
    }
  });
});

describe('guessMapping', () => {
  it("maps the template's own headers one to one, in order", () => {
    const m = guessMapping(TEMPLATE_COLUMNS);
    expect(IMPORT_FIELDS.map((f) => m[f])).toEqual(IMPORT_FIELDS.map((_, i) => i));
  });

  it('maps headers without marks and in upper case', () => {
    const headers = [
      'HO VA TEN',
      'NGAY SINH',
      'GIOI TINH',
      'QUAN HE VOI CHU HO',
      'DIA CHI',
      'SO CCCD',
      'SDT',
    ];
    expect(mapped(guessMapping(headers))).toEqual({
      fullName: 0,
      birthDate: 1,
      gender: 2,
      relation: 3,
      address: 4,
      idNumber: 5,
      phone: 6,
    });
  });

  it('maps a population-database export with STT and long headers', () => {
    const headers = [
      'STT',
      'Số hộ',
      'Họ tên chủ hộ',
      'Họ và tên',
      'Ngày, tháng, năm sinh',
      'Nam/Nữ',
      'QH với chủ hộ',
      'Số CMND/CCCD',
      'Địa chỉ thường trú',
      'Ghi chú',
    ];
    expect(mapped(guessMapping(headers))).toEqual({
      householdCode: 1,
      headName: 2,
      fullName: 3,
      birthDate: 4,
      gender: 5,
      relation: 6,
      idNumber: 7,
      address: 8,
      note: 9,
    });
  });

  it('reads punctuation, extra spaces, NFD text and format hints in brackets as nothing', () => {
    const headers = [
      '  Họ   và tên  '.normalize('NFD'),
      'Ngày sinh (dd/mm/yyyy)',
      'Giới tính [Nam/Nữ]',
      'Số định danh cá nhân (số CCCD)',
      'Thẻ căn cước (CCCD)',
      'Tài khoản định danh điện tử (VNeID)',
      'Nơi ở:',
    ];
    expect(mapped(guessMapping(headers))).toEqual({
      fullName: 0,
      birthDate: 1,
      gender: 2,
      idNumber: 3,
      cccdStatus: 4,
      vneidStatus: 5,
      address: 6,
    });
  });

  it("gives the head's name to «Họ tên chủ hộ» before «Họ tên» can claim it for the person", () => {
    expect(mapped(guessMapping(['Họ tên chủ hộ', 'Họ tên']))).toEqual({ headName: 0, fullName: 1 });
    expect(mapped(guessMapping(['Họ tên', 'Họ tên chủ hộ']))).toEqual({ headName: 1, fullName: 0 });
  });

  it('prefers an exact header over one that only begins with the field', () => {
    const m = guessMapping(['Địa chỉ thường trú hiện nay', 'Địa chỉ', 'Họ và tên nhân khẩu trong hộ']);
    expect(mapped(m)).toEqual({ address: 1, fullName: 2 });
  });

  it('takes a header that begins with a field name when nothing matches exactly', () => {
    expect(mapped(guessMapping(['Số điện thoại liên hệ', 'Ghi chú khác']))).toEqual({ phone: 0, note: 1 });
  });

  it('never gives one column to two fields, nor two columns to one field', () => {
    const m = guessMapping(['Họ và tên', 'Họ tên', 'Họ và tên']);
    expect(mapped(m)).toEqual({ fullName: 0 });
    // «Họ tên chủ hộ» is the head's name exactly, and begins with the person's «Họ tên».
    expect(mapped(guessMapping(['Họ tên chủ hộ']))).toEqual({ headName: 0 });
  });

  it('does not take a header that only holds a field name in its middle', () => {
    // "Ngày cấp CCCD" is not the ID number, "Quan hệ với chủ hộ" is not the head's name.
    expect(mapped(guessMapping(['Ngày cấp CCCD', 'Quan hệ với chủ hộ']))).toEqual({ relation: 1 });
  });

  it('maps nothing from a title, numbers or blank cells', () => {
    expect(mapped(guessMapping(['DANH SÁCH HỘ GIA ĐÌNH THÔN ĐÔNG', null, 12, '', undefined]))).toEqual({});
  });
});

describe('missingColumns', () => {
  it('asks for name, birth date, gender, address, and the head (by name or by relation)', () => {
    const m = guessMapping(['Họ và tên', 'Giới tính']);
    const missing = missingColumns(m);
    expect(missing).toEqual([['birthDate'], ['address'], ['headName', 'relation']]);
    expect(missing.map(missingColumnMessage)).toEqual([
      'Thiếu cột Ngày sinh',
      'Thiếu cột Địa chỉ',
      'Thiếu cột Họ tên chủ hộ (hoặc Quan hệ với chủ hộ)',
    ]);
  });

  it('is content with a relation column in place of the head name', () => {
    expect(
      missingColumns(guessMapping(['Họ và tên', 'Ngày sinh', 'Giới tính', 'Địa chỉ', 'Quan hệ'])),
    ).toEqual([]);
  });
});

describe('findHeaderRow', () => {
  it('finds the header under a title and blank lines', () => {
    const rows = [
      ['DANH SÁCH HỘ GIA ĐÌNH THÔN ĐÔNG'],
      [],
      ['STT', 'Họ tên chủ hộ', 'Địa chỉ', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Quan hệ với chủ hộ'],
      [1, 'Nguyễn Văn An', 'Xóm 1', 'Nguyễn Văn An', '12/03/1970', 'Nam', 'Chủ hộ'],
    ];
    expect(findHeaderRow(rows)).toBe(2);
  });

  it('finds the template header in the first row', () => {
    expect(findHeaderRow([[...TEMPLATE_COLUMNS], ['HD01', 'Lê Thị Hoa']])).toBe(0);
  });

  it('prefers the row that names the most required columns, the first of equals', () => {
    const rows = [
      ['Thôn Đông', 'Họ và tên: trưởng thôn'],
      ['Họ và tên', 'Ngày sinh'],
      ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Địa chỉ'],
      ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Địa chỉ'],
    ];
    expect(findHeaderRow(rows)).toBe(2);
  });

  it('looks no further than the 15th row', () => {
    const blank = Array.from({ length: 15 }, () => [] as unknown[]);
    expect(findHeaderRow([...blank, [...TEMPLATE_COLUMNS]])).toBeNull();
    expect(findHeaderRow([...blank.slice(1), [...TEMPLATE_COLUMNS]])).toBe(14);
  });

  it('gives null when no row looks like a header', () => {
    expect(findHeaderRow([['Nguyễn Văn An', '12/03/1970', 'Nam']])).toBeNull();
    expect(findHeaderRow([])).toBeNull();
  });
});
