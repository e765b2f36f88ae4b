// Tests of checking a whole household list: households and members out, every problem named by its row
// and column, rows grouped by household code, by head and address, or by the head-first order.
import { describe, it, expect } from 'vitest';
import { checkImport, type ImportPerson, type ImportResult } from '../../../../src/domain/import/check.ts';
import {
  IMPORT_FIELDS,
  TEMPLATE_COLUMNS,
  guessMapping,
  type ImportField,
} from '../../../../src/domain/import/columns.ts';
import { householdKey, matchKeys } from '../../../../src/domain/import/keys.ts';
import { FIELDS } from '../../../../src/domain/records.ts';

const TODAY = '2026-06-15';
const VILLAGE = 'thon-dong';

type Row = Partial<Record<ImportField, unknown>>;
/** A row of the template's columns. */
const row = (r: Row): unknown[] => IMPORT_FIELDS.map((f) => r[f] ?? null);

/** Checks `data` under the template's header, preceded by `above` (title lines). */
function check(data: unknown[][], above: unknown[][] = []): ImportResult {
  const rows = [...above, [...TEMPLATE_COLUMNS], ...data];
  return checkImport(rows, guessMapping(TEMPLATE_COLUMNS), {
    villageId: VILLAGE,
    today: TODAY,
    headerRow: above.length,
  });
}

/** Checks rows under a header of the given column names. */
function checkColumns(header: string[], data: unknown[][]): ImportResult {
  return checkImport([header, ...data], guessMapping(header), {
    villageId: VILLAGE,
    today: TODAY,
    headerRow: 0,
  });
}

const problemsOf = (r: ImportResult) => r.problems.map((p) => [p.row, p.column, p.message]);
const namesOf = (r: ImportResult) => r.households.map((h) => h.members.map((m) => m.fields.fullName));

/** Every row below the header is a member of a household, or has a problem: nothing disappears unsaid. */
function expectEveryRowAccountedFor(r: ImportResult, dataRows: number[]) {
  const members = new Set(r.households.flatMap((h) => h.members.map((m) => m.row)));
  const withProblems = new Set(r.problems.map((p) => p.row));
  for (const n of dataRows) expect(members.has(n) !== withProblems.has(n), `row ${n}`).toBe(true);
}

// Thôn Đông: two households in the template's layout, values in the forms people write them.
const VILLAGE_LIST = [
  row({
    householdCode: 'HĐ01',
    headName: 'Nguyễn Văn An',
    address: 'Xóm 1, thôn Đông',
    fullName: 'Nguyễn Văn An',
    birthDate: '12/03/1970',
    gender: 'Nam',
    relation: 'Chủ hộ',
    idNumber: '001 070 012345',
    phone: '0912.345.678',
    cccdStatus: 'Đã có thẻ',
    vneidStatus: 'Đã kích hoạt mức 2',
  }),
  row({
    householdCode: 'HĐ01',
    headName: 'Nguyễn Văn An',
    address: 'Xóm 1, thôn Đông',
    fullName: 'Trần Thị Bình',
    birthDate: '5/7/1972',
    gender: 'Nữ',
    relation: 'Vợ',
    idNumber: '001172012346',
    cccdStatus: 'Đã có thẻ',
    vneidStatus: 'Mức 1',
  }),
  row({
    householdCode: 'HĐ01',
    headName: 'Nguyễn Văn An',
    address: 'Xóm 1, thôn Đông',
    fullName: 'Nguyễn Văn Cường',
    birthDate: '20-10-2000',
    gender: 'nam',
    relation: 'Con trai',
    idNumber: '001200012347',
    cccdStatus: 'Đã nộp hồ sơ',
  }),
  row({
    householdCode: 'HĐ01',
    headName: 'Nguyễn Văn An',
    address: 'Xóm 1, thôn Đông',
    fullName: 'Nguyễn Thị Dung',
    birthDate: '2012-01-01',
    gender: 'Nữ',
    relation: 'Con gái',
    note: 'Học sinh lớp 8',
  }),
  row({
    householdCode: 'HĐ02',
    headName: 'Lê Văn Đức',
    address: 'Xóm 2, thôn Đông',
    fullName: 'Lê Văn Đức',
    birthDate: new Date(Date.UTC(1955, 1, 28)),
    gender: 'Nam',
    relation: 'Chủ hộ',
    idNumber: 34055012348, // a number cell: its leading 0 lost
    phone: 987654321, // likewise
    cccdStatus: 'Đã có thẻ',
    vneidStatus: 'Chưa đăng ký',
  }),
  row({
    householdCode: 'HĐ02',
    headName: 'Lê Văn Đức',
    address: 'Xóm 2, thôn Đông',
    fullName: 'Phạm Thị Én',
    birthDate: 21258, // an Excel serial: 14/03/1958
    gender: 'Nữ',
    relation: 'Vợ',
  }),
  row({
    householdCode: 'HĐ02',
    headName: 'Lê Văn Đức',
    address: 'Xóm 2, thôn Đông',
    fullName: 'Hoàng Thị Hồng',
    birthDate: '30/04/1985',
    gender: 'Nữ',
    relation: 'Con dâu',
  }),
];

describe('checkImport: a village list', () => {
  const result = check(VILLAGE_LIST);

  it('reads every row, with no problem', () => {
    expect(result.problems).toEqual([]);
    expect(result.counts).toEqual({ rows: 7, households: 2, persons: 7, skippedBlank: 0 });
  });

  it('groups the rows into their households, head first', () => {
    expect(result.households.map((h) => [h.key, h.rows])).toEqual([
      ['code:hd01', [2, 3, 4, 5]],
      ['code:hd02', [6, 7, 8]],
    ]);
    expect(namesOf(result)).toEqual([
      ['Nguyễn Văn An', 'Trần Thị Bình', 'Nguyễn Văn Cường', 'Nguyễn Thị Dung'],
      ['Lê Văn Đức', 'Phạm Thị Én', 'Hoàng Thị Hồng'],
    ]);
  });

  it("gives each household its fields, and the head's phone", () => {
    expect(result.households.map((h) => h.fields)).toEqual([
      { householdCode: 'HĐ01', headName: 'Nguyễn Văn An', address: 'Xóm 1, thôn Đông', phone: '0912345678' },
      { householdCode: 'HĐ02', headName: 'Lê Văn Đức', address: 'Xóm 2, thôn Đông', phone: '0987654321' },
    ]);
  });

  it('reads each person as the records store them', () => {
    const [an, binh, cuong, dung] = result.households[0]!.members;
    expect(an).toEqual({
      row: 2,
      fields: {
        fullName: 'Nguyễn Văn An',
        birthDate: '1970-03-12',
        gender: 'male',
        relation: 'head',
        idNumber: '001070012345',
        cccdStatus: 'issued',
        vneidStatus: 'level2_active',
        phone: '0912345678',
      },
    });
    expect(binh!.fields).toMatchObject({
      birthDate: '1972-07-05',
      relation: 'spouse',
      vneidStatus: 'level1',
    });
    expect(cuong!.fields).toMatchObject({
      birthDate: '2000-10-20',
      relation: 'child',
      cccdStatus: 'applied',
    });
    expect(dung!.fields).toEqual({
      fullName: 'Nguyễn Thị Dung',
      birthDate: '2012-01-01',
      gender: 'female',
      relation: 'child',
      cccdStatus: 'none',
      vneidStatus: 'none',
      note: 'Học sinh lớp 8',
    });
    const [duc, en, hong] = result.households[1]!.members;
    expect(duc!.fields).toMatchObject({ birthDate: '1955-02-28', idNumber: '034055012348' });
    expect(en!.fields).toMatchObject({ birthDate: '1958-03-14', relation: 'spouse' });
    expect(hong!.fields.relation).toBe('other');
  });

  it('gives values the records accept as they are', () => {
    const household = FIELDS.household.omit({ villageId: true });
    const person = FIELDS.person.omit({ householdId: true });
    for (const h of result.households) {
      expect(household.parse(h.fields)).toEqual(h.fields);
      for (const m of h.members) expect(person.parse(m.fields)).toEqual(m.fields);
    }
  });

  it('numbers rows as the spreadsheet does, under a title and blank lines', () => {
    const titled = check(VILLAGE_LIST, [['DANH SÁCH HỘ GIA ĐÌNH THÔN ĐÔNG'], []]);
    expect(titled.households.map((h) => h.rows)).toEqual([
      [4, 5, 6, 7],
      [8, 9, 10],
    ]);
  });
});

describe('checkImport: broken rows', () => {
  const good = VILLAGE_LIST[0]!;
  const member = (r: Row) =>
    row({
      householdCode: 'HĐ01',
      headName: 'Nguyễn Văn An',
      address: 'Xóm 1, thôn Đông',
      gender: 'Nữ',
      relation: 'Con',
      ...r,
    });
  const result = check(
    [
      good,
      member({ fullName: 'Nguyễn Thị Hoa', birthDate: '31/02/1990' }),
      member({ fullName: 'Nguyễn Thị Lan', birthDate: '01/01/1995', gender: 'X' }),
      member({ fullName: 'Nguyễn Thị Mai', birthDate: '01/01/1996', idNumber: '12345' }),
      member({ fullName: 'Nguyễn Văn Nam', birthDate: '01/01/1997', gender: 'Nam', relation: 'Hàng xóm' }),
      member({ birthDate: '01/01/1998', phone: '123' }),
      member({ fullName: 'Nguyễn Thị Oanh', birthDate: '01/01/1999' }),
    ],
    [['DANH SÁCH HỘ GIA ĐÌNH THÔN ĐÔNG'], []],
  );

  it('reports each bad cell with its row and column header', () => {
    expect(problemsOf(result)).toEqual([
      [5, 'Ngày sinh (dd/mm/yyyy)', 'Ngày sinh 31/02/1990 không có thật'],
      [6, 'Giới tính (Nam/Nữ)', 'Giới tính «X» không rõ: ghi Nam hoặc Nữ'],
      [7, 'Số định danh cá nhân', 'Số định danh cá nhân cần đúng 12 chữ số (ô này có 5)'],
      [
        8,
        'Quan hệ với chủ hộ',
        'Quan hệ «Hàng xóm» không rõ: ghi Chủ hộ, Vợ, Chồng, Con, Bố, Mẹ, Cháu, Anh, Chị, Em hoặc Khác',
      ],
      [9, 'Họ và tên', 'Thiếu họ và tên'],
      [
        9,
        'Số điện thoại',
        'Số điện thoại «123» không đúng: di động có 10 chữ số bắt đầu bằng 03, 05, 07, 08, 09 (số bàn 11 chữ số, bắt đầu bằng 02)',
      ],
    ]);
    expect(result.problems.map((p) => p.field)).toEqual([
      'birthDate',
      'gender',
      'idNumber',
      'relation',
      'fullName',
      'phone',
    ]);
  });

  it('leaves the bad rows out, and imports the household from its good rows', () => {
    expect(result.households.map((h) => h.rows)).toEqual([[4, 10]]);
    expect(result.counts).toEqual({ rows: 7, households: 1, persons: 2, skippedBlank: 0 });
    expectEveryRowAccountedFor(result, [4, 5, 6, 7, 8, 9, 10]);
  });

  it('reports every bad cell of a row, in the order of the columns', () => {
    const r = check([
      row({
        headName: 'A',
        address: 'B',
        fullName: 'A',
        birthDate: 'x',
        gender: '',
        relation: 'Chủ hộ',
        vneidStatus: 'có',
      }),
    ]);
    expect(r.problems.map((p) => p.field)).toEqual(['birthDate', 'gender', 'vneidStatus']);
  });
});

describe('checkImport: duplicates within the file', () => {
  const head = (r: Row) =>
    row({ headName: r.fullName, address: 'Xóm 3', gender: 'Nam', relation: 'Chủ hộ', ...r });

  it('refuses the later row with the same ID number, naming the first', () => {
    const r = check([
      head({ fullName: 'Phan Văn Hải', birthDate: '01/02/1960', idNumber: '001060012345' }),
      head({ fullName: 'Phan Văn Hà', birthDate: '01/02/1961', idNumber: '001060012345', address: 'Xóm 4' }),
    ]);
    expect(problemsOf(r)).toEqual([[3, 'Số định danh cá nhân', 'Số định danh trùng với dòng 2']]);
    // The second household had only that row: its head is a duplicate, so it has no head to import.
    expect(r.households.map((h) => h.rows)).toEqual([[2]]);
  });

  it('refuses the later row with the same name and birth date, however the name is written', () => {
    const r = check([
      head({ fullName: 'Võ Thị Thu', birthDate: '03/04/1980', gender: 'Nữ' }),
      head({ fullName: 'Trịnh Văn Sơn', birthDate: '03/04/1979' }),
      row({
        headName: 'Trịnh Văn Sơn',
        address: 'Xóm 3',
        fullName: 'VÕ THỊ  THU',
        birthDate: '1980-04-03',
        gender: 'Nữ',
        relation: 'Vợ',
      }),
      row({
        headName: 'Trịnh Văn Sơn',
        address: 'Xóm 3',
        fullName: 'Vo Thi Thu',
        birthDate: '03/04/1980',
        gender: 'Nữ',
        relation: 'Vợ',
      }),
    ]);
    expect(problemsOf(r)).toEqual([
      [4, 'Họ và tên', 'Họ tên và ngày sinh trùng với dòng 2'],
      [5, 'Họ và tên', 'Họ tên và ngày sinh trùng với dòng 2'],
    ]);
  });

  it('imports a household listed twice once, and refuses the second copy row by row', () => {
    const copy = [
      head({ fullName: 'Đỗ Văn Tâm', birthDate: '10/10/1965' }),
      row({
        headName: 'Đỗ Văn Tâm',
        address: 'Xóm 3',
        fullName: 'Đỗ Thị Yến',
        birthDate: '11/11/1990',
        gender: 'Nữ',
        relation: 'Con',
      }),
    ];
    const r = check([...copy, ...copy]);
    expect(r.households.map((h) => h.rows)).toEqual([[2, 3]]);
    expect(r.problems.map((p) => [p.row, p.message])).toEqual([
      [4, 'Họ tên và ngày sinh trùng với dòng 2'],
      [5, 'Họ tên và ngày sinh trùng với dòng 3'],
    ]);
  });
});

describe('checkImport: grouping rows into households', () => {
  const person = (r: Row) => row({ gender: 'Nữ', relation: 'Con', ...r });

  it('by household code: rows of one code are one household wherever they are, whatever the head name says', () => {
    const r = check([
      person({
        householdCode: 'A1',
        headName: 'Bùi Văn Long',
        address: 'Xóm 5',
        fullName: 'Bùi Văn Long',
        birthDate: '01/01/1950',
        gender: 'Nam',
        relation: 'Chủ hộ',
      }),
      person({
        householdCode: 'B2',
        headName: 'Mai Văn Phú',
        address: 'Xóm 5',
        fullName: 'Mai Văn Phú',
        birthDate: '01/01/1951',
        gender: 'Nam',
        relation: 'Chủ hộ',
      }),
      person({
        householdCode: 'a1',
        headName: 'Bui Van Long',
        address: '',
        fullName: 'Bùi Thị Ngọc',
        birthDate: '01/01/1980',
      }),
    ]);
    expect(r.problems).toEqual([]);
    expect(r.households.map((h) => [h.key, h.rows])).toEqual([
      ['code:a1', [2, 4]],
      ['code:b2', [3]],
    ]);
  });

  it('by head name and address, folded; another address is another household', () => {
    const r = check([
      person({
        headName: 'Đinh Văn Quang',
        address: 'Xóm 6',
        fullName: 'Đinh Văn Quang',
        birthDate: '01/01/1960',
        gender: 'Nam',
        relation: 'Chủ hộ',
      }),
      person({
        headName: 'Đinh Văn Quang',
        address: 'Xóm 7',
        fullName: 'Đinh Văn Quang',
        birthDate: '02/02/1990',
        gender: 'Nam',
        relation: 'Chủ hộ',
      }),
      person({
        headName: 'ĐINH VĂN QUANG',
        address: 'xóm 6',
        fullName: 'Đinh Thị Rạng',
        birthDate: '01/01/1985',
      }),
      person({
        headName: 'Dinh Van Quang',
        address: 'Xom 7',
        fullName: 'Đinh Thị Sen',
        birthDate: '01/01/2015',
      }),
    ]);
    expect(r.problems).toEqual([]);
    expect(r.households.map((h) => [h.key, h.rows, h.fields.address])).toEqual([
      ['head:dinh van quang|xom 6', [2, 4], 'Xóm 6'],
      ['head:dinh van quang|xom 7', [3, 5], 'Xóm 7'],
    ]);
    expect(r.households[0]!.key).toBe(householdKey(r.households[0]!.fields));
  });

  it('by merged cells: a row with the household cells blank belongs to the household above', () => {
    const r = check([
      person({
        headName: 'Tô Văn Thắng',
        address: 'Xóm 8',
        fullName: 'Tô Văn Thắng',
        birthDate: '01/01/1962',
        gender: 'Nam',
        relation: 'Chủ hộ',
      }),
      person({ fullName: 'Tô Thị Uyên', birthDate: '01/01/1992' }),
      person({ headName: 'Tô Văn Thắng', fullName: 'Tô Thị Vân', birthDate: '01/01/1994' }),
      person({
        headName: 'Lý Văn Xuân',
        address: 'Xóm 8',
        fullName: 'Lý Văn Xuân',
        birthDate: '01/01/1970',
        gender: 'Nam',
        relation: 'Chủ hộ',
      }),
      person({ fullName: 'Lý Thị Yên', birthDate: '01/01/2001' }),
    ]);
    expect(r.problems).toEqual([]);
    expect(r.households.map((h) => h.rows)).toEqual([
      [2, 3, 4],
      [5, 6],
    ]);
  });

  it('by a merged code cell: rows below with the same head join the household above', () => {
    const r = check([
      person({
        householdCode: 'C3',
        headName: 'Lương Văn Tài',
        address: 'Xóm 12',
        fullName: 'Lương Văn Tài',
        birthDate: '01/01/1964',
        gender: 'Nam',
        relation: 'Chủ hộ',
      }),
      person({
        headName: 'Lương Văn Tài',
        address: 'Xóm 12',
        fullName: 'Lương Thị Út',
        birthDate: '01/01/1994',
      }),
      person({ headName: 'Lương Văn Tài', fullName: 'Lương Thị Vy', birthDate: '01/01/1996' }),
      person({
        headName: 'Lương Văn Tài',
        address: 'Xóm 13',
        fullName: 'Lương Văn Tài',
        birthDate: '01/01/1990',
        gender: 'Nam',
        relation: 'Chủ hộ',
      }),
    ]);
    expect(r.problems).toEqual([]);
    expect(r.households.map((h) => [h.key, h.rows])).toEqual([
      ['code:c3', [2, 3, 4]],
      ['head:luong van tai|xom 13', [5]],
    ]);
  });

  it('by the head-first order when the list has no head-name column', () => {
    const header = ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Quan hệ với chủ hộ', 'Địa chỉ'];
    const r = checkColumns(header, [
      [1, 'Cao Văn Bảo', '01/01/1958', 'Nam', 'Chủ hộ', 'Thôn Đông, số 12'],
      [2, 'Cao Thị Cúc', '01/01/1960', 'Nữ', 'Vợ', 'Thôn Đông, số 12'],
      [3, 'Cao Văn Danh', '01/01/1988', 'Nam', 'Con', ''],
      [4, 'Hà Văn Giang', '01/01/1975', 'Nam', 'Chủ hộ', 'Thôn Đông, số 14'],
      [5, 'Hà Thị Hạnh', '01/01/2005', 'Nữ', 'Con gái', 'Thôn Đông, số 14'],
    ]);
    expect(r.problems).toEqual([]);
    expect(r.households.map((h) => [h.key, h.rows, h.fields.headName, h.fields.address])).toEqual([
      ['head:cao van bao|thon dong, so 12', [2, 3, 4], 'Cao Văn Bảo', 'Thôn Đông, số 12'],
      ['head:ha van giang|thon dong, so 14', [5, 6], 'Hà Văn Giang', 'Thôn Đông, số 14'],
    ]);
  });

  it('refuses head-first rows before any head', () => {
    const header = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Quan hệ', 'Địa chỉ'];
    const r = checkColumns(header, [
      ['Cao Thị Cúc', '01/01/1960', 'Nữ', 'Vợ', 'Số 12'],
      ['Cao Văn Bảo', '01/01/1958', 'Nam', 'Chủ hộ', 'Số 12'],
    ]);
    expect(problemsOf(r)).toEqual([
      [2, null, 'Không rõ dòng này thuộc hộ nào: cần mã hộ, họ tên chủ hộ, hoặc một dòng «Chủ hộ» ở trên'],
    ]);
    expect(r.households.map((h) => h.rows)).toEqual([[3]]);
  });

  it('without a relation column, the row with the head name is the head and the others «Khác»', () => {
    const header = ['Họ tên chủ hộ', 'Địa chỉ', 'Họ và tên', 'Ngày sinh', 'Giới tính'];
    const r = checkColumns(header, [
      ['Ngô Văn Khải', 'Xóm 9', 'Ngô Thị Loan', '01/01/1990', 'Nữ'],
      ['Ngô Văn Khải', 'Xóm 9', 'NGÔ VĂN KHẢI', '01/01/1960', 'Nam'],
    ]);
    expect(r.problems).toEqual([]);
    expect(r.households[0]!.members.map((m) => [m.row, m.fields.relation])).toEqual([
      [3, 'head'],
      [2, 'other'],
    ]);
  });
});

describe('checkImport: households that cannot be imported', () => {
  const person = (r: Row) => row({ headName: 'Vũ Văn Minh', address: 'Xóm 10', gender: 'Nam', ...r });

  it('a household without a head row: said on each of its rows', () => {
    const r = check([
      person({ fullName: 'Vũ Thị Nga', birthDate: '01/01/1970', gender: 'Nữ', relation: 'Vợ' }),
      person({ fullName: 'Vũ Văn Phong', birthDate: '01/01/1995', relation: 'Con' }),
    ]);
    const message = 'Hộ «Vũ Văn Minh» không có dòng chủ hộ: ghi «Chủ hộ» ở cột Quan hệ với chủ hộ';
    expect(problemsOf(r)).toEqual([
      [2, 'Quan hệ với chủ hộ', message],
      [3, 'Quan hệ với chủ hộ', message],
    ]);
    expect(r.households).toEqual([]);
  });

  it('a household with two head rows', () => {
    const r = check([
      person({ fullName: 'Vũ Văn Minh', birthDate: '01/01/1968', relation: 'Chủ hộ' }),
      person({ fullName: 'Vũ Văn Phong', birthDate: '01/01/1995', relation: 'Chủ hộ' }),
      person({ fullName: 'Vũ Thị Quyên', birthDate: '01/01/1997', gender: 'Nữ', relation: 'Con' }),
    ]);
    expect(r.problems.map((p) => [p.row, p.message])).toEqual([
      [2, 'Hộ «Vũ Văn Minh» có 2 dòng chủ hộ (dòng 2, 3)'],
      [3, 'Hộ «Vũ Văn Minh» có 2 dòng chủ hộ (dòng 2, 3)'],
      [4, 'Hộ «Vũ Văn Minh» có 2 dòng chủ hộ (dòng 2, 3)'],
    ]);
    expect(r.households).toEqual([]);
  });

  it('a household whose head row has a problem: the other rows say so', () => {
    const r = check([
      person({ fullName: 'Vũ Văn Minh', birthDate: '01/01/2030', relation: 'Chủ hộ' }),
      person({ fullName: 'Vũ Văn Phong', birthDate: '01/01/1995', relation: 'Con' }),
    ]);
    expect(problemsOf(r)).toEqual([
      [2, 'Ngày sinh (dd/mm/yyyy)', 'Ngày sinh 01/01/2030 sau hôm nay'],
      [3, null, 'Dòng chủ hộ (dòng 2) có lỗi nên cả hộ chưa nhập được'],
    ]);
    expect(r.households).toEqual([]);
    expectEveryRowAccountedFor(r, [2, 3]);
  });

  it('a household with no address on any row', () => {
    const r = check([
      person({ address: null, fullName: 'Vũ Văn Minh', birthDate: '01/01/1968', relation: 'Chủ hộ' }),
    ]);
    expect(problemsOf(r)).toEqual([[2, 'Địa chỉ', 'Hộ «Vũ Văn Minh» chưa có địa chỉ']]);
  });
});

describe('checkImport: blank rows and the columns', () => {
  it('skips blank rows, rows with only an STT, and the row of column numbers; numbers stay right', () => {
    const header = ['STT', 'Họ tên chủ hộ', 'Địa chỉ', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Quan hệ'];
    const r = checkColumns(header, [
      ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)'],
      [1, 'Kiều Văn Lộc', 'Xóm 11', 'Kiều Văn Lộc', '01/01/1966', 'Nam', 'Chủ hộ'],
      [],
      [null, '', '  ', null, '', '', ''],
      [2, 'Kiều Văn Lộc', 'Xóm 11', 'Kiều Thị Mơ', '31/02/1990', 'Nữ', 'Con'],
      [3],
    ]);
    expect(r.counts).toEqual({ rows: 2, households: 1, persons: 1, skippedBlank: 4 });
    expect(r.households[0]!.rows).toEqual([3]);
    expect(r.problems.map((p) => p.row)).toEqual([6]);
  });

  it('reports missing required columns on the header row, and reads nothing', () => {
    const r = checkColumns(['STT', 'Họ và tên', 'Ngày sinh'], [[1, 'Kiều Văn Lộc', '01/01/1966']]);
    expect(problemsOf(r)).toEqual([
      [1, null, 'Thiếu cột Giới tính'],
      [1, null, 'Thiếu cột Địa chỉ'],
      [1, null, 'Thiếu cột Họ tên chủ hộ (hoặc Quan hệ với chủ hộ)'],
    ]);
    expect(r.households).toEqual([]);
    expect(r.counts.rows).toBe(0);
  });

  it('reports one column chosen for two fields', () => {
    const header = ['Họ tên chủ hộ', 'Địa chỉ', 'Họ và tên', 'Ngày sinh', 'Giới tính'];
    const mapping = { ...guessMapping(header), headName: 2 };
    const r = checkImport([header], mapping, { villageId: VILLAGE, today: TODAY, headerRow: 0 });
    expect(problemsOf(r)).toEqual([
      [1, 'Họ và tên', 'Cột «Họ và tên» được chọn cho cả Họ tên chủ hộ và Họ và tên'],
    ]);
  });

  it('refuses a bad village id or date as a programming error', () => {
    const options = { villageId: 'Thôn Đông', today: TODAY, headerRow: 0 };
    expect(() => checkImport([], guessMapping(TEMPLATE_COLUMNS), options)).toThrow(RangeError);
    expect(() =>
      checkImport([], guessMapping(TEMPLATE_COLUMNS), {
        ...options,
        villageId: VILLAGE,
        today: '2026-02-30',
      }),
    ).toThrow(RangeError);
  });
});

describe('matchKeys', () => {
  it('gives the ID number key when there is one, and always the folded name and birth date', () => {
    expect(
      matchKeys({ fullName: 'Nguyễn Văn  An', birthDate: '1970-03-12', idNumber: '001070012345' }),
    ).toEqual(['id:001070012345', 'nb:nguyen van an|1970-03-12']);
    const imported: ImportPerson = {
      row: 2,
      fields: {
        fullName: 'NGUYỄN VĂN AN',
        birthDate: '1970-03-12',
        gender: 'male',
        relation: 'head',
        cccdStatus: 'none',
        vneidStatus: 'none',
      },
    };
    expect(matchKeys(imported)).toEqual(['nb:nguyen van an|1970-03-12']);
    expect(matchKeys({ fullName: 'Đỗ Thị Yến', birthDate: '1990-11-11', idNumber: null })).toEqual([
      'nb:do thi yen|1990-11-11',
    ]);
  });
});

describe('checkImport: a commune-sized list', () => {
  // Its time is measured by bench/import.bench.ts, not asserted here.
  it('checks a 10,000-household, 40,000-row list: every row a member, every household once', () => {
    const rows: unknown[][] = [[...TEMPLATE_COLUMNS]];
    for (let h = 0; h < 10_000; h++) {
      const code = `HD${h}`;
      const id = (n: number) =>
        `001${n % 2}${String(60 + (h % 40)).padStart(2, '0')}${String(h * 4 + n).padStart(6, '0')}`;
      for (let n = 0; n < 4; n++) {
        rows.push(
          row({
            householdCode: code,
            headName: `Nguyễn Văn Hộ ${h}`,
            address: `Xóm ${h % 20}, thôn Đông`,
            fullName: n === 0 ? `Nguyễn Văn Hộ ${h}` : `Người ${h}-${n}`,
            birthDate: `${String((n % 28) + 1).padStart(2, '0')}/0${(h % 9) + 1}/19${60 + (h % 40)}`,
            gender: n % 2 ? 'Nữ' : 'Nam',
            relation: n === 0 ? 'Chủ hộ' : 'Con',
            idNumber: id(n),
            phone: '0912345678',
            cccdStatus: 'Đã có thẻ',
            vneidStatus: 'Mức 1',
          }),
        );
      }
    }
    const r = checkImport(rows, guessMapping(TEMPLATE_COLUMNS), {
      villageId: VILLAGE,
      today: TODAY,
      headerRow: 0,
    });
    expect(r.problems).toEqual([]);
    expect(r.counts).toEqual({ rows: 40_000, households: 10_000, persons: 40_000, skippedBlank: 0 });
    expect(r.households.map((h) => h.members.length).every((n) => n === 4)).toBe(true);
  });
});
