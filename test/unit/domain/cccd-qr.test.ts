// Tests of reading the chip CCCD card's QR code: the layouts seen in the field, broken and foreign codes,
// and that no input at all makes the parser throw. All people and numbers here are invented.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { clockAt } from '../../support/clock.ts';
import { assertProperty } from '../../support/seeds.ts';
import {
  CCCD_QR_PROBLEM_CODES,
  parseCccdQr,
  type CccdQrFields,
  type CccdQrResult,
} from '../../../src/domain/cccd-qr.ts';
import { CCCD_QR_MESSAGES, describeCccdQrProblem } from '../../../src/domain/cccd-qr-messages.ts';
import { isRealDate } from '../../../src/domain/dates.ts';
import { PROVINCES, idNumberPrefix } from '../../../src/domain/id-number.ts';

const TODAY = '2025-09-01';
// The parser is given TODAY, and every check of it (dates, and the ID number's birth year still to
// come) stands on that day. The clock is set elsewhere, to show that the phone's clock plays no part.
clockAt('2090-06-01T10:00:00+07:00');

// Nguyễn Văn An, male, born 15/03/1985, birth registered in Hà Nội (001): ID digits 001 0 85 …
const AN = {
  id: '001085012345',
  cmnd: '012345678',
  name: 'Nguyễn Văn An',
  dob: '15031985',
  address: 'Thôn Đông Lâm, Xã Vân Hòa, Thành phố Hà Nội',
  issued: '10072021',
};
const AN_FIELDS: CccdQrFields = {
  idNumber: AN.id,
  oldIdNumber: AN.cmnd,
  fullName: AN.name,
  birthDate: '1985-03-15',
  gender: 'male',
  address: AN.address,
  cccdIssuedOn: '2021-07-10',
};
const { oldIdNumber: _old, ...AN_NO_OLD } = AN_FIELDS;

/** An's card with some of its 7 fields replaced. */
function an(over: Partial<Record<'id' | 'cmnd' | 'name' | 'dob' | 'gender' | 'address' | 'issued', string>>) {
  const f = { ...AN, gender: 'Nam', ...over };
  return [f.id, f.cmnd, f.name, f.dob, f.gender, f.address, f.issued].join('|');
}

// Trần Thị Hoa, female, born 29/02/2000 (a leap day), registered in Nghệ An (040): 040 3 00 …
const HOA = '040300123456||Trần Thị Hoa|29022000|Nữ|Xóm 5, Xã Nghi Phong, Tỉnh Nghệ An|12082022';
const HOA_FIELDS: CccdQrFields = {
  idNumber: '040300123456',
  fullName: 'Trần Thị Hoa',
  birthDate: '2000-02-29',
  gender: 'female',
  address: 'Xóm 5, Xã Nghi Phong, Tỉnh Nghệ An',
  cccdIssuedOn: '2022-08-12',
};

const codes = (r: CccdQrResult) => r.problems.map((p) => `${p.field}:${p.code}`);
const without = (fields: CccdQrFields, ...names: (keyof CccdQrFields)[]) =>
  Object.fromEntries(Object.entries(fields).filter(([k]) => !names.includes(k as keyof CccdQrFields)));

interface Want {
  ok: boolean;
  fields: CccdQrFields;
  problems: string[];
  layout?: CccdQrResult['layout'];
}

describe('parseCccdQr', () => {
  it.each<[string, string, Want, string?]>([
    [
      '7 fields with the old CMND number',
      an({}),
      { ok: true, fields: AN_FIELDS, problems: [], layout: 'with_old_number' },
    ],
    [
      '6 fields without the old number',
      `${AN.id}|${AN.name}|${AN.dob}|Nam|${AN.address}|${AN.issued}`,
      { ok: true, fields: AN_NO_OLD, problems: [], layout: 'without_old_number' },
    ],
    [
      '7 fields with an empty old number, a leap-day birth and Nữ',
      HOA,
      { ok: true, fields: HOA_FIELDS, problems: [], layout: 'with_old_number' },
    ],
    ['a trailing separator', `${an({})}|`, { ok: true, fields: AN_FIELDS, problems: [] }],
    ['several trailing separators', `${an({})}|||`, { ok: true, fields: AN_FIELDS, problems: [] }],
    [
      'extra fields are ignored and noted',
      `${an({})}|ABC123|xyz`,
      { ok: true, fields: AN_FIELDS, problems: ['payload:extra_fields'] },
    ],
    [
      'NFD name, address and Nữ (as some cards and decoders give them)',
      HOA.normalize('NFD'),
      { ok: true, fields: HOA_FIELDS, problems: [] },
    ],
    ['gender in any case: NAM', an({ gender: 'NAM' }), { ok: true, fields: AN_FIELDS, problems: [] }],
    [
      'gender NỮ in capitals and NFD',
      HOA.replace('Nữ', 'NỮ'.normalize('NFD')),
      { ok: true, fields: HOA_FIELDS, problems: [] },
    ],
    [
      'spaces, tabs, a BOM and a trailing newline are cleaned',
      `\uFEFF ${an({ name: '  Nguyễn \t Văn   An ' })}\r\n`,
      { ok: true, fields: AN_FIELDS, problems: [] },
    ],
    [
      'an ethnic Jrai name with an apostrophe',
      '064191054321||Ksor H’Bia|02091991|Nữ|Plei Ơi, Xã Ia Pia, Tỉnh Gia Lai|05052022',
      {
        ok: true,
        fields: {
          idNumber: '064191054321',
          fullName: 'Ksor H’Bia',
          birthDate: '1991-09-02',
          gender: 'female',
          address: 'Plei Ơi, Xã Ia Pia, Tỉnh Gia Lai',
          cccdIssuedOn: '2022-05-05',
        },
        problems: [],
      },
    ],
    [
      'an 11-digit ID number is dropped; name and birth date still make it usable',
      an({ id: '00108501234' }),
      { ok: true, fields: without(AN_FIELDS, 'idNumber'), problems: ['idNumber:invalid_length'] },
    ],
    [
      'a 13-digit ID number is dropped',
      an({ id: '0010850123456' }),
      { ok: true, fields: without(AN_FIELDS, 'idNumber'), problems: ['idNumber:invalid_length'] },
    ],
    [
      'an 8-digit CMND number is dropped, the layout still has it',
      an({ cmnd: '01234567' }),
      {
        ok: true,
        fields: without(AN_FIELDS, 'oldIdNumber'),
        problems: ['oldIdNumber:invalid_length'],
        layout: 'with_old_number',
      },
    ],
    [
      'a 12-digit CMND (issued 2012–2016) is kept',
      an({ cmnd: '001085000111' }),
      { ok: true, fields: { ...AN_FIELDS, oldIdNumber: '001085000111' }, problems: [] },
    ],
    [
      '31/02 is not a date',
      an({ dob: '31022000' }),
      { ok: true, fields: without(AN_FIELDS, 'birthDate'), problems: ['birthDate:invalid_date'] },
    ],
    [
      '29/02/2001 is not a date (2001 is not a leap year)',
      an({ dob: '29022001' }),
      { ok: true, fields: without(AN_FIELDS, 'birthDate'), problems: ['birthDate:invalid_date'] },
    ],
    [
      'a 7-digit date is not in the format',
      an({ issued: '1072021' }),
      { ok: true, fields: without(AN_FIELDS, 'cccdIssuedOn'), problems: ['cccdIssuedOn:invalid_format'] },
    ],
    [
      'a birth date in the future',
      an({ dob: '01012030', issued: '' }),
      {
        ok: true,
        fields: without(AN_FIELDS, 'birthDate', 'cccdIssuedOn'),
        problems: ['birthDate:future_date', 'cccdIssuedOn:missing'],
      },
    ],
    [
      'an issue date in the future (one day after today)',
      an({ issued: '02092025' }),
      { ok: true, fields: without(AN_FIELDS, 'cccdIssuedOn'), problems: ['cccdIssuedOn:future_date'] },
    ],
    [
      'an issue date of today is fine',
      an({ issued: '01092025' }),
      { ok: true, fields: { ...AN_FIELDS, cccdIssuedOn: TODAY }, problems: [] },
    ],
    [
      'an issue date before the birth date',
      an({ issued: '01011980' }),
      { ok: true, fields: without(AN_FIELDS, 'cccdIssuedOn'), problems: ['cccdIssuedOn:before_birth'] },
    ],
    [
      'missing fields after the name',
      `${AN.id}|${AN.cmnd}|${AN.name}`,
      {
        ok: true,
        fields: { idNumber: AN.id, oldIdNumber: AN.cmnd, fullName: AN.name },
        problems: ['birthDate:missing', 'gender:missing', 'address:missing', 'cccdIssuedOn:missing'],
      },
    ],
    [
      'an empty name in the middle',
      an({ name: '' }),
      { ok: true, fields: without(AN_FIELDS, 'fullName'), problems: ['fullName:missing'] },
    ],
    [
      'a name with digits is a misread',
      an({ name: 'Nguyễn V4n An' }),
      { ok: true, fields: without(AN_FIELDS, 'fullName'), problems: ['fullName:invalid_format'] },
    ],
    [
      'a name with a character lost in decoding',
      an({ name: 'Nguy\uFFFDn Văn An' }),
      { ok: true, fields: without(AN_FIELDS, 'fullName'), problems: ['fullName:garbled'] },
    ],
    [
      'an unknown gender word',
      an({ gender: 'Khác' }),
      { ok: true, fields: without(AN_FIELDS, 'gender'), problems: ['gender:invalid_format'] },
    ],
    [
      'a province code that does not exist (003)',
      an({ id: '003085012345' }),
      { ok: true, fields: without(AN_FIELDS, 'idNumber'), problems: ['idNumber:province'] },
    ],
    [
      'the ID says female (4th digit 1), the card says Nam: kept, reported',
      an({ id: '001185012345' }),
      {
        ok: true,
        fields: { ...AN_FIELDS, idNumber: '001185012345' },
        problems: ['idNumber:id_gender_mismatch'],
      },
    ],
    [
      'the ID says born in ’90, the card says 1985: kept, reported',
      an({ id: '001090012345' }),
      {
        ok: true,
        fields: { ...AN_FIELDS, idNumber: '001090012345' },
        problems: ['idNumber:id_birth_year_mismatch'],
      },
    ],
    [
      'the ID says the 1900s (4th digit 0), the card says 2005',
      an({ id: '001005012345', dob: '15032005' }),
      {
        ok: true,
        fields: { ...AN_FIELDS, idNumber: '001005012345', birthDate: '2005-03-15' },
        problems: ['idNumber:id_century_mismatch'],
      },
    ],
    [
      'the ID says born 2085 (4th digit 2), a year still to come: not a number anyone has',
      an({ id: '001285012345' }),
      { ok: true, fields: without(AN_FIELDS, 'idNumber'), problems: ['idNumber:invalid_format'] },
    ],
    [
      'the ID says born 2085 on a card read in 2086: the number of a newborn, read as such',
      an({ id: '001285012345', dob: '15032085', issued: '01012086' }),
      {
        ok: true,
        fields: {
          ...AN_FIELDS,
          idNumber: '001285012345',
          birthDate: '2085-03-15',
          cccdIssuedOn: '2086-01-01',
        },
        problems: [],
      },
      '2086-02-01',
    ],
    [
      'the ID says the 2300s (4th digit 8, not the 1800s): not a number anyone has',
      an({ id: '001885012345' }),
      { ok: true, fields: without(AN_FIELDS, 'idNumber'), problems: ['idNumber:invalid_format'] },
    ],
    [
      'a birth date before 1900 has no century digit: a misread',
      an({ dob: '15031899' }),
      { ok: true, fields: without(AN_FIELDS, 'birthDate'), problems: ['birthDate:invalid_date'] },
    ],
    [
      'neither an ID number nor a birth date: not usable',
      an({ id: '001085', dob: '' }),
      {
        ok: false,
        fields: without(AN_FIELDS, 'idNumber', 'birthDate'),
        problems: ['idNumber:invalid_length', 'birthDate:missing', 'payload:nothing_usable'],
      },
    ],
    ['the empty string', '', { ok: false, fields: {}, problems: ['payload:empty'], layout: null }],
    ['whitespace only', ' \n\t \u00A0 ', { ok: false, fields: {}, problems: ['payload:empty'] }],
    [
      'a URL QR code',
      'https://dichvucong.gov.vn/p/home/dvc-trang-chu.html',
      { ok: false, fields: {}, problems: ['payload:not_cccd'], layout: null },
    ],
    [
      'a Wi-Fi QR code',
      'WIFI:S:NhaVanHoaThon;T:WPA;P:matkhau123;;',
      { ok: false, fields: {}, problems: ['payload:not_cccd'] },
    ],
    [
      'a bank transfer (VietQR) payload',
      '00020101021138570010A00000072701270006970436011300123456789020208QRIBFTTA53037045802VN6304ABCD',
      { ok: false, fields: {}, problems: ['payload:not_cccd'] },
    ],
    [
      'pipes with nothing that fits a card',
      'foo|bar|baz|qux',
      { ok: false, fields: {}, problems: ['payload:not_cccd'] },
    ],
    [
      'binary junk',
      '\u0000\u0001\u00ff\u0089PNG\r\n\u001a\n\u0000\u0000',
      { ok: false, fields: {}, problems: ['payload:binary'] },
    ],
  ])('%s', (_case, input, want, today = TODAY) => {
    const result = parseCccdQr(input, today);
    expect(result.fields).toEqual(want.fields);
    expect(codes(result)).toEqual(want.problems);
    expect(result.ok).toBe(want.ok);
    if (want.layout !== undefined) expect(result.layout).toBe(want.layout);
  });

  it('gives the counts and values a message needs', () => {
    const short = parseCccdQr(an({ id: '00108501234' }), TODAY);
    expect(short.problems[0]).toEqual({
      field: 'idNumber',
      code: 'invalid_length',
      severity: 'error',
      params: { digits: 11, expected: 12 },
    });
    expect(describeCccdQrProblem(short.problems[0]!)).toBe('Số định danh: có 11 chữ số, cần 12.');
    expect(describeCccdQrProblem(short.problems[0]!, 'en')).toBe('ID number: has 11 digits, 12 expected.');

    const year = parseCccdQr(an({ id: '001090012345' }), TODAY).problems[0]!;
    expect(year).toMatchObject({ severity: 'warning', params: { digits: '90', year: '1985' } });
    expect(describeCccdQrProblem(year)).toBe(
      'Số định danh: chữ số thứ 5–6 (90) không khớp với năm sinh 1985 ghi trên thẻ.',
    );

    const extra = parseCccdQr(`${an({})}|a|b`, TODAY).problems[0]!;
    expect(describeCccdQrProblem(extra)).toBe('Mã QR có thêm 2 trường không rõ, đã bỏ qua.');
  });

  it('has a Vietnamese and an English message for every code, with no placeholder left over', () => {
    for (const code of CCCD_QR_PROBLEM_CODES) {
      for (const language of ['vi', 'en'] as const) {
        expect(CCCD_QR_MESSAGES[language][code]).toBeTruthy();
        const text = describeCccdQrProblem(
          {
            field: 'idNumber',
            code,
            severity: 'error',
            params: { digits: 1, expected: 2, code: '003', year: '1985', count: 1 },
          },
          language,
        );
        expect(text).not.toMatch(/[{}]/);
      }
    }
  });
});

const FIELD_NAMES = new Set([
  'idNumber',
  'oldIdNumber',
  'fullName',
  'birthDate',
  'gender',
  'address',
  'cccdIssuedOn',
]);
const PROBLEM_CODES = new Set<string>(CCCD_QR_PROBLEM_CODES);

/** The promises of the result type, whatever the input was. */
function expectWellFormed(r: CccdQrResult): void {
  expect(typeof r.ok).toBe('boolean');
  expect([null, 'with_old_number', 'without_old_number']).toContain(r.layout);
  for (const [name, value] of Object.entries(r.fields)) {
    expect(FIELD_NAMES.has(name)).toBe(true);
    expect(typeof value).toBe('string');
  }
  const f = r.fields;
  if (f.idNumber !== undefined) expect(f.idNumber).toMatch(/^\d{12}$/);
  if (f.oldIdNumber !== undefined) expect(f.oldIdNumber).toMatch(/^(\d{9}|\d{12})$/);
  if (f.gender !== undefined) expect(['male', 'female']).toContain(f.gender);
  for (const d of [f.birthDate, f.cccdIssuedOn]) {
    if (d === undefined) continue;
    expect(isRealDate(d)).toBe(true);
    expect(d <= TODAY).toBe(true);
  }
  if (f.birthDate && f.cccdIssuedOn) expect(f.cccdIssuedOn >= f.birthDate).toBe(true);
  expect(r.ok).toBe(f.idNumber !== undefined || (f.fullName !== undefined && f.birthDate !== undefined));
  expect(Array.isArray(r.problems)).toBe(true);
  for (const p of r.problems) {
    expect(FIELD_NAMES.has(p.field) || p.field === 'payload').toBe(true);
    expect(PROBLEM_CODES.has(p.code)).toBe(true);
    expect(['error', 'warning']).toContain(p.severity);
    expect(describeCccdQrProblem(p)).not.toMatch(/[{}]/);
  }
  if (!r.ok) expect(r.problems.some((p) => p.field === 'payload' && p.severity === 'error')).toBe(true);
}

// Pieces that look like card fields, so that random payloads reach the field rules and not only the
// "not a card" exit.
const piece = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.stringMatching(/^\d{0,13}$/),
  fc.stringMatching(/^\d{8}$/),
  fc.constantFrom('Nam', 'Nữ', 'Nữ'.normalize('NFD'), 'NAM', '', ' ', 'Nguyễn Văn An', 'Hà Nội', '\uFFFD'),
);

describe('parseCccdQr on any input', () => {
  it('never throws and always returns the typed shape', () => {
    assertProperty(
      'test/unit/domain/cccd-qr.test.ts > parseCccdQr never throws and always returns the typed shape',
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 80 }),
          fc.string({ unit: 'grapheme', maxLength: 40 }),
          fc.array(piece, { maxLength: 10 }).map((parts) => parts.join('|')),
        ),
        (input) => expectWellFormed(parseCccdQr(input, TODAY)),
      ),
      { numRuns: 1000 },
    );
  });

  const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Đặng', 'Bùi', 'Đỗ'];
  const MIDDLES = ['Văn', 'Thị', 'Hữu', 'Ngọc', 'Đức', 'Thu'];
  const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hòa', 'Khánh', 'Lợi', 'Yến'];
  const day = (from: number, to: number) =>
    fc.integer({ min: from, max: to }).map((t) => new Date(t * 86_400_000).toISOString().slice(0, 10));
  const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(0, 4)}`;
  const card = fc
    .record({
      province: fc.constantFrom(...PROVINCES.keys()),
      gender: fc.constantFrom('male' as const, 'female' as const),
      birth: day(-14_600, 15_000), // 1930 … 2011
      serial: fc.stringMatching(/^\d{6}$/),
      cmnd: fc.option(fc.stringMatching(/^\d{9}$/), { nil: undefined }),
      name: fc.tuple(fc.constantFrom(...SURNAMES), fc.constantFrom(...MIDDLES), fc.constantFrom(...GIVEN)),
      issuedAfter: fc.integer({ min: 0, max: 20_000 }),
      withOld: fc.boolean(),
      nfd: fc.boolean(),
    })
    .map((c) => {
      const birthMs = Date.parse(c.birth);
      const todayMs = Date.parse(TODAY);
      const issued = new Date(Math.min(todayMs, birthMs + c.issuedAfter * 86_400_000))
        .toISOString()
        .slice(0, 10);
      const fields: CccdQrFields = {
        idNumber: idNumberPrefix(c.province, c.gender, Number(c.birth.slice(0, 4))) + c.serial,
        fullName: c.name.join(' '),
        birthDate: c.birth,
        gender: c.gender,
        address: `Thôn ${c.name[2]}, Xã Đông Hòa, Tỉnh ${PROVINCES.get(c.province)}`,
        cccdIssuedOn: issued,
      };
      if (c.withOld && c.cmnd) fields.oldIdNumber = c.cmnd;
      const parts = [
        fields.idNumber,
        ...(c.withOld ? [c.cmnd ?? ''] : []),
        fields.fullName,
        ddmmyyyy(c.birth),
        c.gender === 'male' ? 'Nam' : 'Nữ',
        fields.address,
        ddmmyyyy(issued),
      ].join('|');
      return { fields, text: c.nfd ? parts.normalize('NFD') : parts };
    });

  it('reads back every field of any well-formed card, in either layout and NFC or NFD', () => {
    assertProperty(
      'test/unit/domain/cccd-qr.test.ts > parseCccdQr reads back every field of any well-formed card',
      fc.property(card, ({ fields, text }) => {
        const r = parseCccdQr(text, TODAY);
        expect(r.fields).toEqual(fields);
        expect(r.problems).toEqual([]);
        expect(r.ok).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
