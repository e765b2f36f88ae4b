// The review's exported lists as both sides write them (src/domain/review-export.ts): a CSV line the
// way papaparse writes the browser's files, dates as Vietnam writes them in the server's, and the words
// of the server's file the same as the phone's forms.
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { vi as viMessages } from '../../../src/app/i18n/vi.ts';
import {
  CSV_BOM,
  csvCell,
  csvField,
  csvHeader,
  csvItemLine,
  csvLine,
  exportLabelsVi,
  gapColumns,
  personColumns,
  personValuesVi,
} from '../../../src/domain/review-export.ts';
import type { GapHousehold, MissingPerson } from '../../../src/domain/review.ts';

const unparse = (cells: string[]) =>
  Papa.unparse([cells], { newline: '\r\n', delimiter: ',', escapeFormulae: false, quotes: false });

describe('the CSV of a streamed list', () => {
  it('quotes a field exactly as papaparse does, and reads back as written', () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '',
        ' ',
        'a, b',
        'say "hi"',
        'line\nbreak',
        'cr\rlf',
        ' lead',
        'trail ',
        '\uFEFFbom',
        'Số 5',
      ),
    );
    fc.assert(
      fc.property(fc.array(text, { minLength: 2, maxLength: 6 }), (cells) => {
        const line = csvLine(cells);
        expect(line).toBe(`${unparse(cells)}\r\n`);
        expect(Papa.parse<string[]>(line.slice(0, -2), { delimiter: ',' }).data[0]).toEqual(cells);
      }),
      { numRuns: 500 },
    );
    expect(csvField('a"b')).toBe('"a""b"');
  });

  it('writes a date as dd/mm/yyyy for the server, ISO for the browser; codes as text; formulas guarded', () => {
    expect(csvCell('2026-11-05', 'date', 'vi')).toBe('05/11/2026');
    expect(csvCell('2026-11-05', 'date')).toBe('2026-11-05');
    expect(csvCell(null, 'date', 'vi')).toBe('');
    expect(csvCell('0012345', 'code')).toBe('="0012345"');
    expect(csvCell('=1+1', 'text')).toBe("'=1+1");
    expect(csvCell(7, 'count')).toBe('7');
  });

  it('has the browser’s Vietnamese headings, with the masked or whole ID number column', () => {
    const names = new Map([['v1', 'Thôn Đông']]);
    const household: GapHousehold = {
      id: 'h1',
      villageId: 'v1',
      headName: '=Lê Văn A',
      address: 'Số 2, xóm Chùa',
      householdCode: '0012',
      persons14plus: 2,
      withoutCard14plus: 1,
      withoutVneid14plus: 0,
      openTasks: 1,
      lastMetOn: '2026-11-20',
    };
    const gaps = gapColumns(names, exportLabelsVi);
    expect(CSV_BOM + csvHeader(gaps)).toBe(
      '\uFEFFThôn,Mã hộ,Chủ hộ,Địa chỉ,Từ 14 tuổi,Chưa có CCCD,Chưa có VNeID mức 2,Việc còn mở,Lần gặp gần nhất\r\n',
    );
    expect(csvItemLine(gaps, household, 'vi')).toBe(
      `Thôn Đông,"=""0012""",'=Lê Văn A,"Số 2, xóm Chùa",2,1,0,1,20/11/2026\r\n`,
    );
    const person: MissingPerson = {
      id: 'p1',
      householdId: 'h1',
      villageId: 'v1',
      householdCode: null,
      headName: 'Lê Văn A',
      address: 'Số 2',
      fullName: 'Lê Thị B',
      birthDate: '1990-01-02',
      relation: 'spouse',
      cccdStatus: 'applied',
      vneidStatus: 'level2_active',
      idNumberEnd: '2345',
    };
    const masked = personColumns(names, exportLabelsVi, false, personValuesVi);
    expect(csvItemLine(masked, person, 'vi')).toBe(
      'Thôn Đông,,Lê Văn A,Số 2,Lê Thị B,02/01/1990,Vợ/chồng,••••••••2345,Đã nộp hồ sơ (chờ nhận thẻ),Đã kích hoạt mức 2,Chưa có CCCD\r\n',
    );
    const whole = personColumns(names, exportLabelsVi, true, personValuesVi);
    expect(csvHeader(whole)).toContain(',Số định danh,');
    expect(csvItemLine(whole, { ...person, idNumber: '034190012345' }, 'vi')).toContain(
      ',"=""034190012345""",',
    );
  });

  it('names relations and statuses with the words of the phone’s forms (vi.ts)', () => {
    expect(personValuesVi.relation).toEqual(viMessages.relation);
    expect(personValuesVi.cccd).toEqual(viMessages.cccd);
    expect(personValuesVi.vneid).toEqual(viMessages.vneid);
  });
});
