// @vitest-environment jsdom
// What the commune police take away from the review: the same figures in the table, the CSV and the
// XLSX, Vietnamese intact, no formula smuggled in through a name, and files named for any disk. The
// CSV opens right in any Excel: header first, plain counts, whole percents rounded down, ISO dates,
// codes of digits kept as text (="0012345").
import Papa from 'papaparse';
import readExcelFile from 'read-excel-file/node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportFileName, saveBlob } from '../../../src/app/review/download.ts';
import { exportLabelsEn, exportLabelsVi } from '../../../src/app/review/export-labels.ts';
import {
  asOfText,
  csvBlob,
  csvRows,
  csvText,
  exportTitle,
  floorPercent,
  gapTable,
  maskedIdNumber,
  overviewTable,
  personTable,
  sheetName,
  xlsxBlob,
  type ExportTable,
} from '../../../src/app/review/export.ts';
import { en } from '../../../src/app/i18n/en.ts';
import { vi as viMessages } from '../../../src/app/i18n/vi.ts';
import type { GapHousehold, MissingPerson, TalliesAnswer, TallyRow } from '../../../src/domain/review.ts';

// 18:05 UTC on the 22nd is already 01:05 on the 23rd in Vietnam.
const AS_OF = '2026-11-22T18:05:00.000Z';

function tally(areaId: string, areaName: string, counts: Omit<TallyRow, 'areaId' | 'areaName'>): TallyRow {
  return { areaId, areaName, ...counts };
}

const TALLIES: TalliesAnswer = {
  asOf: AS_OF,
  rows: [
    tally('v1', 'Thôn Đông', {
      households: 40,
      householdsVisited: 30,
      persons: 150,
      persons14plus: 120,
      cccdIssued14plus: 90,
      vneidLevel2Active14plus: 45,
      openTasks: 6,
    }),
    tally('v2', 'Thôn Tây', {
      households: 25,
      householdsVisited: 20,
      persons: 80,
      persons14plus: 60,
      cccdIssued14plus: 41,
      vneidLevel2Active14plus: 20,
      openTasks: 3,
    }),
    // A new village with only children registered so far: nothing to take a percent of.
    tally('v3', 'Thôn Mới', {
      households: 2,
      householdsVisited: 0,
      persons: 3,
      persons14plus: 0,
      cccdIssued14plus: 0,
      vneidLevel2Active14plus: 0,
      openTasks: 1,
    }),
  ],
  total: tally('c1', 'Xã Hòa Bình', {
    households: 67,
    householdsVisited: 50,
    persons: 233,
    persons14plus: 180,
    cccdIssued14plus: 131,
    vneidLevel2Active14plus: 65,
    openTasks: 10,
  }),
};

const HYPERLINK = '=HYPERLINK("http://evil.example","Bấm vào đây")';

const GAPS: GapHousehold[] = [
  {
    id: 'h1',
    villageId: 'v1',
    headName: 'Nguyễn Văn Đức',
    address: '12 Đường Lê Lợi, Tổ 3',
    householdCode: 'HB-0012',
    persons14plus: 4,
    withoutCard14plus: 1,
    withoutVneid14plus: 2,
    openTasks: 1,
    lastMetOn: '2026-11-02',
  },
  {
    id: 'h2',
    villageId: 'v2',
    headName: HYPERLINK,
    address: 'Xóm "Giữa"\nngõ 5',
    householdCode: null,
    persons14plus: 2,
    withoutCard14plus: 2,
    withoutVneid14plus: 2,
    openTasks: 0,
    lastMetOn: null,
  },
  {
    id: 'h3',
    villageId: 'v9',
    headName: 'Trần Thị Hoà',
    address: '-',
    householdCode: '+84',
    persons14plus: 1,
    withoutCard14plus: 0,
    withoutVneid14plus: 1,
    openTasks: 2,
    lastMetOn: '2025-01-31',
  },
  // Codes as typed in the commune: leading zeros, a 12-digit number, a date-like one, a formula.
  {
    id: 'h4',
    villageId: 'v1',
    headName: 'Lê Văn Mã',
    address: 'Số 4',
    householdCode: '0012345',
    persons14plus: 2,
    withoutCard14plus: 0,
    withoutVneid14plus: 0,
    openTasks: 0,
    lastMetOn: null,
  },
  {
    id: 'h5',
    villageId: 'v1',
    headName: 'Lê Văn Dài',
    address: 'Số 5',
    householdCode: '072784322251',
    persons14plus: 1,
    withoutCard14plus: 1,
    withoutVneid14plus: 0,
    openTasks: 0,
    lastMetOn: null,
  },
  {
    id: 'h6',
    villageId: 'v1',
    headName: 'Lê Văn Ngày',
    address: 'Số 6',
    householdCode: '01-05',
    persons14plus: 1,
    withoutCard14plus: 0,
    withoutVneid14plus: 1,
    openTasks: 0,
    lastMetOn: null,
  },
  {
    id: 'h7',
    villageId: 'v1',
    headName: 'Lê Văn Công Thức',
    address: 'Số 7',
    householdCode: '=1+2',
    persons14plus: 1,
    withoutCard14plus: 0,
    withoutVneid14plus: 0,
    openTasks: 1,
    lastMetOn: null,
  },
];

const VILLAGES = new Map([
  ['v1', 'Thôn Đông'],
  ['v2', 'Thôn Tây'],
]);

const OVERVIEW_HEADER = [
  'Thôn',
  'Số hộ',
  'Hộ đã gặp',
  'Nhân khẩu',
  'Từ 14 tuổi',
  'Đã cấp CCCD',
  'Tỷ lệ có CCCD (%)',
  'VNeID mức 2',
  'Tỷ lệ có VNeID mức 2 (%)',
  'Việc còn mở',
];
const OVERVIEW_CSV_HEADER = OVERVIEW_HEADER.map((label) =>
  label.endsWith('(%)') ? label.replace('(%)', '(%, làm tròn xuống)') : label,
);
/** The XLSX's values: exact shares, one decimal. */
const OVERVIEW_ROWS = [
  ['Thôn Đông', 40, 30, 150, 120, 90, 75, 45, 37.5, 6],
  ['Thôn Tây', 25, 20, 80, 60, 41, 68.3, 20, 33.3, 3],
  ['Thôn Mới', 2, 0, 3, 0, 0, 0, 0, 0, 1],
  ['Tổng cộng', 67, 50, 233, 180, 131, 72.8, 65, 36.1, 10],
];
/** The CSV's: plain integers, and whole percents rounded down (37.5 → 37%, 72.8 → 72%). */
const OVERVIEW_CSV_ROWS = [
  ['Thôn Đông', '40', '30', '150', '120', '90', '75%', '45', '37%', '6'],
  ['Thôn Tây', '25', '20', '80', '60', '41', '68%', '20', '33%', '3'],
  ['Thôn Mới', '2', '0', '3', '0', '0', '0%', '0', '0%', '1'],
  ['Tổng cộng', '67', '50', '233', '180', '131', '72%', '65', '36%', '10'],
];

const GAP_HEADER = [
  'Thôn',
  'Mã hộ',
  'Chủ hộ',
  'Địa chỉ',
  'Từ 14 tuổi',
  'Chưa có CCCD',
  'Chưa có VNeID mức 2',
  'Việc còn mở',
  'Lần gặp gần nhất',
];
/** The XLSX's values (read back): codes as text, dates as dates. */
const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const GAP_ROWS = [
  ['Thôn Đông', 'HB-0012', 'Nguyễn Văn Đức', '12 Đường Lê Lợi, Tổ 3', 4, 1, 2, 1, day('2026-11-02')],
  ['Thôn Tây', null, HYPERLINK, 'Xóm "Giữa"\nngõ 5', 2, 2, 2, 0, null],
  ['v9', '+84', 'Trần Thị Hoà', '-', 1, 0, 1, 2, day('2025-01-31')],
  ['Thôn Đông', '0012345', 'Lê Văn Mã', 'Số 4', 2, 0, 0, 0, null],
  ['Thôn Đông', '072784322251', 'Lê Văn Dài', 'Số 5', 1, 1, 0, 0, null],
  ['Thôn Đông', '01-05', 'Lê Văn Ngày', 'Số 6', 1, 0, 1, 0, null],
  ['Thôn Đông', '=1+2', 'Lê Văn Công Thức', 'Số 7', 1, 0, 0, 1, null],
];
/** The CSV's cells as written: formulas neutralised, codes of digits as Excel's text formula, ISO dates. */
const GAP_CSV_ROWS = [
  ['Thôn Đông', 'HB-0012', 'Nguyễn Văn Đức', '12 Đường Lê Lợi, Tổ 3', '4', '1', '2', '1', '2026-11-02'],
  ['Thôn Tây', '', `'${HYPERLINK}`, 'Xóm "Giữa"\nngõ 5', '2', '2', '2', '0', ''],
  ['v9', "'+84", 'Trần Thị Hoà', "'-", '1', '0', '1', '2', '2025-01-31'],
  ['Thôn Đông', '="0012345"', 'Lê Văn Mã', 'Số 4', '2', '0', '0', '0', ''],
  ['Thôn Đông', '="072784322251"', 'Lê Văn Dài', 'Số 5', '1', '1', '0', '0', ''],
  ['Thôn Đông', '="01-05"', 'Lê Văn Ngày', 'Số 6', '1', '0', '1', '0', ''],
  ['Thôn Đông', "'=1+2", 'Lê Văn Công Thức', 'Số 7', '1', '0', '0', '1', ''],
];

const xlsxHeader = (table: ExportTable) => table.columns.map((c) => c.label);
/** The cells as the table holds them, shares as the XLSX writes them. */
const xlsxValues = (table: ExportTable) =>
  table.rows.map((row) =>
    row.map((cell) =>
      typeof cell === 'object' && cell !== null
        ? cell.whole === 0
          ? 0
          : Math.round((cell.part / cell.whole) * 1000) / 10
        : cell,
    ),
  );

const TITLE = exportTitle('Xã Hòa Bình', AS_OF, exportLabelsVi);

/** jsdom's Blob has no arrayBuffer(); FileReader is the way it reads one. */
function blobBytes(blob: Blob): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(Buffer.from(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });
}

describe('overviewTable', () => {
  it('has a row per village and the total, with shares of the persons aged 14 and over', () => {
    const table = overviewTable(TALLIES, exportLabelsVi);
    expect(xlsxHeader(table)).toEqual(OVERVIEW_HEADER);
    expect(xlsxValues(table)).toEqual(OVERVIEW_ROWS);
    expect(table.columns.map((c) => c.kind)).toEqual([
      'text',
      'count',
      'count',
      'count',
      'count',
      'count',
      'share',
      'count',
      'share',
      'count',
    ]);
  });

  it('keeps the villages in the order given (the table’s on screen), the total last', () => {
    const [dong, tay, moi] = TALLIES.rows as [TallyRow, TallyRow, TallyRow];
    const table = overviewTable({ ...TALLIES, rows: [moi, dong, tay] }, exportLabelsVi);
    expect(table.rows.map((row) => row[0])).toEqual(['Thôn Mới', 'Thôn Đông', 'Thôn Tây', 'Tổng cộng']);
  });

  it('gives 0, not NaN, for a village with nobody aged 14 or over', () => {
    const mới = xlsxValues(overviewTable(TALLIES, exportLabelsVi))[2]!;
    expect(mới[6]).toBe(0);
    expect(mới[8]).toBe(0);
  });

  it('speaks English when given the English labels', () => {
    const table = overviewTable(TALLIES, exportLabelsEn);
    expect(xlsxHeader(table)[0]).toBe('Village');
    expect(xlsxHeader(table)[2]).toBe('Households met');
    expect(csvRows(table)[0]![6]).toBe('CCCD share (%, rounded down)');
    expect(table.rows.at(-1)![0]).toBe('Total');
  });
});

describe('gapTable', () => {
  it('names the village, keeps codes and dates as they are and leaves unknowns empty', () => {
    const table = gapTable(GAPS, VILLAGES, exportLabelsVi);
    expect(xlsxHeader(table)).toEqual(GAP_HEADER);
    expect(table.rows.map((row) => row[1])).toEqual(GAPS.map((h) => h.householdCode));
    expect(table.rows[0]![8]).toBe('2026-11-02');
    expect(table.columns[1]!.kind).toBe('code');
    expect(table.columns[8]!.kind).toBe('date');
  });
});

// [RV11] The persons still missing a card or VNeID, as the server answers them (masked by default).
const person = (
  id: string,
  fields: Partial<MissingPerson> & Pick<MissingPerson, 'fullName' | 'relation'>,
): MissingPerson => ({
  id,
  householdId: 'h1',
  villageId: 'v1',
  householdCode: '0012345',
  headName: 'Nguyễn Văn Đức',
  address: '12 Đường Lê Lợi, Tổ 3',
  birthDate: '1975-04-02',
  cccdStatus: 'none',
  vneidStatus: 'none',
  ...fields,
});
const WHOLE = new Map([
  ['p1', '001075012345'],
  ['p2', '034172005678'],
]);
const MASKED_PERSONS: MissingPerson[] = [
  person('p1', { fullName: 'Nguyễn Văn Đức', relation: 'head', idNumberEnd: '2345' }),
  person('p2', {
    fullName: 'Trần Thị Lụa',
    relation: 'spouse',
    birthDate: '1972-02-02',
    cccdStatus: 'issued',
    vneidStatus: 'level2_pending',
    idNumberEnd: '5678',
  }),
  person('p3', {
    fullName: HYPERLINK,
    relation: 'child',
    birthDate: '2010-01-09',
    villageId: 'v9',
    householdCode: null,
    cccdStatus: 'applied',
    vneidStatus: 'level2_active',
    idNumberEnd: null,
  }),
];
const FULL_PERSONS: MissingPerson[] = MASKED_PERSONS.map(({ idNumberEnd: _, ...p }) => ({
  ...p,
  idNumber: WHOLE.get(p.id) ?? null,
}));
const PERSON_HEADER = (idColumn: string) => [
  'Thôn',
  'Mã hộ',
  'Chủ hộ',
  'Địa chỉ',
  'Họ và tên',
  'Ngày sinh',
  'Quan hệ với chủ hộ',
  idColumn,
  'Thẻ căn cước (CCCD)',
  'VNeID',
  'Còn thiếu',
];
const personCsv = (idCells: [string, string, string]) => [
  [
    'Thôn Đông',
    '="0012345"',
    'Nguyễn Văn Đức',
    '12 Đường Lê Lợi, Tổ 3',
    'Nguyễn Văn Đức',
    '1975-04-02',
    'Chủ hộ',
    idCells[0],
    'Chưa có thẻ',
    'Chưa đăng ký',
    'Chưa có CCCD, Chưa có VNeID mức 2',
  ],
  [
    'Thôn Đông',
    '="0012345"',
    'Nguyễn Văn Đức',
    '12 Đường Lê Lợi, Tổ 3',
    'Trần Thị Lụa',
    '1972-02-02',
    'Vợ/chồng',
    idCells[1],
    'Đã có thẻ',
    'Mức 2 đang chờ kích hoạt',
    'Chưa có VNeID mức 2',
  ],
  [
    'v9',
    '',
    'Nguyễn Văn Đức',
    '12 Đường Lê Lợi, Tổ 3',
    `'${HYPERLINK}`,
    '2010-01-09',
    'Con',
    idCells[2],
    'Đã nộp hồ sơ (chờ nhận thẻ)',
    'Đã kích hoạt mức 2',
    'Chưa có CCCD',
  ],
];

describe('[RV11] personTable', () => {
  const parse = (text: string) => Papa.parse<string[]>(text.slice(1)).data;

  it('[RV11] masks the ID number by default: ••••••••2345, empty without one, no whole number anywhere', () => {
    const table = personTable(MASKED_PERSONS, VILLAGES, exportLabelsVi, false, viMessages);
    expect(xlsxHeader(table)).toEqual(PERSON_HEADER('Số định danh (4 số cuối)'));
    expect(table.columns.map((c) => c.kind)).toEqual([
      'text',
      'code',
      'text',
      'text',
      'text',
      'date',
      'text',
      'code',
      'text',
      'text',
      'text',
    ]);
    const text = csvText(table);
    const [header, ...rows] = parse(text);
    expect(header).toEqual(PERSON_HEADER('Số định danh (4 số cuối)'));
    expect(rows).toEqual(personCsv(['••••••••2345', '••••••••5678', '']));
    for (const n of WHOLE.values()) expect(text).not.toContain(n);
    expect(maskedIdNumber('2345')).toBe('••••••••2345');
    expect(maskedIdNumber(null)).toBeNull();
    expect(maskedIdNumber(undefined)).toBeNull();
  });

  it('[RV11] with fullIds: the whole number stays text in the CSV (="001075012345"), all 12 digits', () => {
    const table = personTable(FULL_PERSONS, VILLAGES, exportLabelsVi, true, viMessages);
    expect(xlsxHeader(table)).toEqual(PERSON_HEADER('Số định danh'));
    expect(table.columns[7]!.kind).toBe('code');
    const text = csvText(table);
    // RFC 4180 quoting of ="001075012345": Excel shows the text, leading zeros and all.
    expect(text).toContain('"=""001075012345"""');
    const [header, ...rows] = parse(text);
    expect(header).toEqual(PERSON_HEADER('Số định danh'));
    expect(rows).toEqual(personCsv(['="001075012345"', '="034172005678"', '']));
    expect(text).not.toContain('•');
  });

  it('[RV11] with fullIds the XLSX holds the number as a string cell, never a rounded number', async () => {
    const blob = await xlsxBlob([
      {
        name: exportLabelsVi.sheets.persons,
        table: personTable(FULL_PERSONS, VILLAGES, exportLabelsVi, true, viMessages),
        titleLines: [TITLE],
      },
    ]);
    const [sheet] = await readExcelFile(await blobBytes(blob));
    expect(sheet!.sheet).toBe('Nhân khẩu còn thiếu');
    const [, header, ...rows] = sheet!.data;
    expect(header![7]).toBe('Số định danh');
    expect(rows.map((r) => r[7])).toEqual(['001075012345', '034172005678', null]);
    expect(typeof rows[0]![7]).toBe('string');
    expect(rows[0]![5]).toEqual(day('1975-04-02'));
  });

  it('[RV11] speaks English with the English labels and catalogue', () => {
    const table = personTable(MASKED_PERSONS, VILLAGES, exportLabelsEn, false, en);
    expect(xlsxHeader(table)[7]).toBe('ID number (last 4 digits)');
    expect(table.rows[0]!.slice(6, 11)).toEqual([
      'Head',
      '••••••••2345',
      'No card',
      'Not registered',
      'Without CCCD, Without VNeID level 2',
    ]);
    expect(xlsxHeader(personTable(FULL_PERSONS, VILLAGES, exportLabelsEn, true, en))[7]).toBe('ID number');
  });
});

describe('floorPercent', () => {
  it.each([
    [2, 3, 66],
    [1, 3, 33],
    [90, 120, 75],
    [179, 180, 99],
    [999_999, 1_000_000, 99],
    [180, 180, 100],
    [0, 5, 0],
    [0, 0, 0],
    [7, 7, 100],
  ])('%i of %i → %i%%, never 100 unless complete', (part, whole, expected) => {
    expect(floorPercent({ part, whole })).toBe(expected);
  });

  it('is 100 only when complete, and rounded down, for every part of every whole up to 1,000', () => {
    const wrong: string[] = [];
    for (let whole = 1; whole <= 1000; whole++)
      for (let part = 0; part <= whole; part++) {
        const p = floorPercent({ part, whole });
        // Rounded down: p ≤ exact share < p + 1 (in integers, so exactly).
        const down = p * whole <= part * 100 && part * 100 < (p + 1) * whole;
        if (!down || (p === 100) !== (part === whole)) wrong.push(`${part}/${whole} → ${p}`);
      }
    expect(wrong).toEqual([]);
  });
});

describe('asOfText and exportTitle', () => {
  it('shows the instant on Vietnam’s clock', () => {
    expect(asOfText(AS_OF)).toBe('23/11/2026 01:05');
    expect(TITLE).toBe('Xã Hòa Bình — Số liệu lúc 23/11/2026 01:05');
    expect(exportTitle('Xã Hòa Bình', AS_OF, exportLabelsEn)).toBe(
      'Xã Hòa Bình — figures as of 23/11/2026 01:05',
    );
  });
});

describe('CSV', () => {
  const parse = (text: string) => Papa.parse<string[]>(text.slice(1)).data;

  it('starts with the UTF-8 BOM and ends its lines with CRLF', async () => {
    const text = csvText(overviewTable(TALLIES, exportLabelsVi));
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(5);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);

    const blob = csvBlob(overviewTable(TALLIES, exportLabelsVi));
    expect(blob.type).toBe('text/csv;charset=utf-8');
    const bytes = await blobBytes(blob);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(text.slice(1));
  });

  it('has the header as its first row, no title: the figures parse back, counts plain, shares whole percents', () => {
    const text = csvText(overviewTable(TALLIES, exportLabelsVi));
    expect(text.startsWith('\uFEFFThôn,')).toBe(true);
    expect(text).not.toContain('Số liệu lúc');
    const [header, ...rows] = parse(text);
    expect(header).toEqual(OVERVIEW_CSV_HEADER);
    expect(rows).toEqual(OVERVIEW_CSV_ROWS);
    for (const row of rows) {
      // Every count a plain integer (no grouping, no decimal), every share a whole percent.
      for (const i of [1, 2, 3, 4, 5, 7, 9]) expect(row[i]).toMatch(/^\d+$/);
      for (const i of [6, 8]) expect(row[i]).toMatch(/^(100|[1-9]?\d)%$/);
    }
  });

  it('writes thousands without separators', () => {
    const big = { ...TALLIES.total, households: 12_345, persons14plus: 40_000, cccdIssued14plus: 26_667 };
    const [, ...rows] = parse(csvText(overviewTable({ ...TALLIES, rows: [big] }, exportLabelsVi)));
    expect(rows[0]!.slice(1, 2)).toEqual(['12345']);
    expect(rows[0]![6]).toBe('66%');
  });

  it('keeps Vietnamese, quotes commas, quotes and line breaks, and neutralises formulas', () => {
    const text = csvText(gapTable(GAPS, VILLAGES, exportLabelsVi));
    expect(text).toContain('"Xóm ""Giữa""\nngõ 5"');
    expect(text).toContain('"12 Đường Lê Lợi, Tổ 3"');

    const [header, ...rows] = parse(text);
    expect(header).toEqual(GAP_HEADER);
    expect(rows).toEqual(GAP_CSV_ROWS);
    expect(rows[1]![2]).toBe(`'${HYPERLINK}`);
    expect(rows[1]![3]).toBe('Xóm "Giữa"\nngõ 5');
    // Text that a spreadsheet would read as a formula, whatever its first sign, even as a code.
    expect(rows[2]![1]).toBe("'+84");
    expect(rows[2]![3]).toBe("'-");
    expect(rows[6]![1]).toBe("'=1+2");
  });

  it('keeps a code of digits as text: Excel’s ="…" whole, not mangled by the formula guard', () => {
    const text = csvText(gapTable(GAPS, VILLAGES, exportLabelsVi));
    // RFC 4180 quoting of ="0012345"; Excel unquotes it and shows the text 0012345.
    expect(text).toContain('"=""0012345"""');
    expect(text).not.toContain(`'="`);
    const rows = parse(text);
    expect(rows[4]![1]).toBe('="0012345"');
    expect(rows[5]![1]).toBe('="072784322251"');
    // What Excel makes of it: the text between the quotes, leading zeros and all 12 digits kept.
    expect(/^="(.*)"$/.exec(rows[4]![1]!)![1]).toBe('0012345');
  });

  it('writes dates as ISO days, which Excel reads right whatever its order of day and month', () => {
    const rows = parse(csvText(gapTable(GAPS, VILLAGES, exportLabelsVi)));
    expect(rows.map((row) => row[8])).toEqual([
      'Lần gặp gần nhất',
      '2026-11-02',
      '',
      '2025-01-31',
      '',
      '',
      '',
      '',
    ]);
  });

  it('catches a formula followed by a line break, and leaves counts as numbers', () => {
    const text = csvText({
      columns: [
        { label: 'a', kind: 'text' },
        { label: 'b', kind: 'count' },
        { label: 'c', kind: 'text' },
        { label: 'd', kind: 'code' },
      ],
      rows: [['@SUM(A1)\nx', -3, 'Bà @Lan', '-1']],
    });
    const [, row] = parse(text);
    expect(row).toEqual(["'@SUM(A1)\nx", '-3', 'Bà @Lan', "'-1"]);
  });
});

describe('XLSX', () => {
  async function workbook() {
    const blob = await xlsxBlob([
      {
        name: exportLabelsVi.sheets.overview,
        table: overviewTable(TALLIES, exportLabelsVi),
        titleLines: [TITLE],
      },
      {
        name: exportLabelsVi.sheets.gaps,
        table: gapTable(GAPS, VILLAGES, exportLabelsVi),
        titleLines: [TITLE],
      },
    ]);
    return readExcelFile(await blobBytes(blob));
  }

  it('holds the title, the header and the same figures, numbers as numeric cells', async () => {
    const [overview, gaps] = await workbook();
    expect(overview!.sheet).toBe('Tổng hợp');
    const [title, header, ...rows] = overview!.data;
    expect(title![0]).toBe(TITLE);
    expect(title![0]).toContain('Xã Hòa Bình');
    expect(title![0]).toContain('23/11/2026');
    expect(header).toEqual(OVERVIEW_HEADER);
    // Exact shares, one decimal, as numbers.
    expect(rows).toEqual(OVERVIEW_ROWS);
    for (const row of rows) for (const cell of row.slice(1)) expect(typeof cell).toBe('number');

    expect(gaps!.sheet).toBe('Hộ còn thiếu');
    const [, gapHeader, ...gapRows] = gaps!.data;
    expect(gapHeader).toEqual(GAP_HEADER);
    // A spreadsheet cell holds text as text: no apostrophe needed, codes of digits are string cells
    // (zeros kept), dates are dates, and empty cells come back empty.
    expect(gapRows).toEqual(GAP_ROWS);
    expect(typeof gapRows[3]![1]).toBe('string');
    expect(gapRows[3]![1]).toBe('0012345');
  });

  it('names sheets the way Excel accepts', () => {
    const name = sheetName('Hộ còn thiếu [Thôn: Đông/Tây] *mới*? tháng 11/2026');
    expect(name).not.toMatch(/[[\]:*?/\\]/);
    expect([...name].length).toBeLessThanOrEqual(31);
    expect(sheetName('Tổng hợp', new Set(['tổng hợp']))).toBe('Tổng hợp (2)');
    expect(sheetName(' /?* ')).toBe('Sheet');
    expect(sheetName("'Quoted'")).toBe('Quoted');
  });
});

describe('exportFileName', () => {
  it.each([
    ['tong-hop', 'Xã Hòa Bình', 'csv', 'so06-tong-hop-xa-hoa-binh-2026-11-23.csv'],
    ['ho-con-thieu', 'Phường Đống Đa', 'xlsx', 'so06-ho-con-thieu-phuong-dong-da-2026-11-23.xlsx'],
    ['nhan-khau-con-thieu', 'Thôn Đông', 'csv', 'so06-nhan-khau-con-thieu-thon-dong-2026-11-23.csv'],
    ['tong-hop', 'Xã Hòa Bình'.normalize('NFD'), 'csv', 'so06-tong-hop-xa-hoa-binh-2026-11-23.csv'],
    ['tong-hop', ' Xã Tân Lập (cũ)/2 ', 'csv', 'so06-tong-hop-xa-tan-lap-cu-2-2026-11-23.csv'],
    ['tong-hop', 'c1a2-B3', 'csv', 'so06-tong-hop-c1a2-b3-2026-11-23.csv'],
    ['tong-hop', '— ☺ —', 'csv', 'so06-tong-hop-2026-11-23.csv'],
  ] as const)('%s, %j → %s', (kind, area, ext, expected) => {
    // The figures were counted on the 23rd in Vietnam, though it was still the 22nd in UTC.
    expect(exportFileName(kind, area, AS_OF, ext)).toBe(expected);
  });
});

describe('saveBlob', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('clicks a temporary download link and revokes its URL afterwards', () => {
    vi.useFakeTimers();
    const create = vi.fn(() => 'blob:so06/1');
    const revoke = vi.fn();
    // jsdom implements no object URLs.
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: revoke });
    const clicked: { href: string; download: string; attached: boolean }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download, attached: this.isConnected });
    });

    const blob = new Blob(['x'], { type: 'text/csv' });
    saveBlob(blob, 'so06-tong-hop-xa-hoa-binh-2026-11-23.csv');

    expect(create).toHaveBeenCalledWith(blob);
    expect(clicked).toEqual([
      { href: 'blob:so06/1', download: 'so06-tong-hop-xa-hoa-binh-2026-11-23.csv', attached: true },
    ]);
    expect(document.querySelector('a')).toBeNull();
    expect(revoke).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(revoke).toHaveBeenCalledWith('blob:so06/1');
  });
});
