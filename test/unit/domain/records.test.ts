// The record schemas shared by the phone's write path and the server's merge: what may be written (FIELDS)
// and what may be stored (STORED_FIELDS). Whatever a form shows red must be refused here, so that
// neither side stores it; a legacy value stored under an older rule must stay readable.
import { describe, expect, it } from 'vitest';
import { isoDateInVietnam } from '../../../src/domain/dates.ts';
import {
  FIELDS,
  STORED_FIELDS,
  crossFieldIssues,
  householdFields,
  personFields,
  storedPersonFields,
  taskFields,
  visitFields,
  type PersonFields,
} from '../../../src/domain/records.ts';
import { describeProblems, fieldProblems, type FieldProblem } from '../../../src/domain/validation.ts';

const HOUSEHOLD_ID = '0b6f8e58-54d4-4f5f-9a52-5d3c1f0a7e11';
const person = (extra: Record<string, unknown> = {}) => ({
  householdId: HOUSEHOLD_ID,
  fullName: 'Nguyễn Văn An',
  birthDate: '1985-03-15',
  gender: 'male',
  relation: 'head',
  cccdStatus: 'issued',
  vneidStatus: 'level2_active',
  ...extra,
});

/** The field problems of `input` against `schema`, as the phone and the server report them. */
function problemsOf(
  schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } },
  input: unknown,
) {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : fieldProblems(parsed.error as never, input);
}

const IN_THREE_DAYS = isoDateInVietnam(Date.now() + 3 * 86_400_000);

describe('an ID number that cannot be anyone’s is refused on both sides', () => {
  it.each<[string, string, FieldProblem[]]>([
    ['a province code not in the list (099)', '099085012345', [{ field: 'idNumber', reason: 'id_province' }]],
    ['province 000', '000085012345', [{ field: 'idNumber', reason: 'id_province' }]],
    ['4th digit 4: born in the 2100s', '001485012345', [{ field: 'idNumber', reason: 'id_century' }]],
    ['4th digit 8: born in the 2300s', '001885012345', [{ field: 'idNumber', reason: 'id_century' }]],
    ['4th digit 9: born in the 2300s', '001985012345', [{ field: 'idNumber', reason: 'id_century' }]],
    ['4th digit 2 with year 90: born 2090', '001290012345', [{ field: 'idNumber', reason: 'id_century' }]],
    ['11 digits', '00108501234', [{ field: 'idNumber', reason: 'invalid_format' }]],
    ['a letter', '00108501234O', [{ field: 'idNumber', reason: 'invalid_format' }]],
  ])('%s', (_label, idNumber, want) => {
    expect(problemsOf(personFields, person({ idNumber }))).toEqual(want);
  });

  it('names the reason in the server’s message', () => {
    const problems = problemsOf(personFields, person({ idNumber: '099085012345' }));
    expect(describeProblems(problems)).toBe('idNumber: id_province');
    expect(describeProblems(problemsOf(personFields, person({ idNumber: '001490012345' })))).toBe(
      'idNumber: id_century',
    );
  });

  it.each([
    ['a number that agrees with the record', '001085012345', {}],
    ['a year that disagrees with the birth date (a "wrong information" task)', '001090012345', {}],
    ['a gender that disagrees', '001185012345', {}],
    ['a century that disagrees (1900s for someone born 2005)', '001005012345', { birthDate: '2005-03-15' }],
    ['a number of the 2000s with a past year', '079305000123', {}],
  ])('keeps %s: a mismatch is a warning, not a refusal', (_label, idNumber, extra) => {
    expect(problemsOf(personFields, person({ idNumber, ...extra }))).toEqual([]);
  });

  it('a missing or cleared ID number is still allowed', () => {
    expect(problemsOf(personFields, person())).toEqual([]);
    expect(problemsOf(personFields.partial(), { idNumber: null })).toEqual([]);
  });
});

describe('STORED_FIELDS: records stored under an older rule stay readable', () => {
  it('reads a person whose legacy ID number has an unlisted province or an impossible century', () => {
    for (const idNumber of ['099085012345', '001885012345', '001290012345']) {
      const parsed = storedPersonFields.safeParse(person({ idNumber }));
      expect(parsed.success && parsed.data.idNumber).toBe(idNumber);
      expect(STORED_FIELDS.person.safeParse(person({ idNumber })).success).toBe(true);
      expect(FIELDS.person.safeParse(person({ idNumber })).success).toBe(false);
    }
  });

  it('is still no looser than 12 digits, and keeps every other rule', () => {
    expect(problemsOf(storedPersonFields, person({ idNumber: '0990850123' }))).toEqual([
      { field: 'idNumber', reason: 'invalid_format' },
    ]);
    expect(problemsOf(storedPersonFields, person({ fullName: ' ' }))).toEqual([
      { field: 'fullName', reason: 'required' },
    ]);
  });

  it('has the same fields as FIELDS for every entity', () => {
    for (const entity of ['household', 'person', 'task', 'visit'] as const) {
      expect(Object.keys(STORED_FIELDS[entity].shape)).toEqual(Object.keys(FIELDS[entity].shape));
    }
  });
});

// Every red state of the four record forms (household, person, task, visit) comes from these rules, except
// the person form's live ID check (tested above and in person-form.test.tsx) and the phone's references.
describe('what the forms show red, the schema refuses', () => {
  it.each<[string, Record<string, unknown>, FieldProblem[]]>([
    ['a blank name', { fullName: '   ' }, [{ field: 'fullName', reason: 'required' }]],
    [
      'a name over 100 characters',
      { fullName: 'A'.repeat(101) },
      [{ field: 'fullName', reason: 'too_long' }],
    ],
    [
      'a birth date after tomorrow',
      { birthDate: IN_THREE_DAYS },
      [{ field: 'birthDate', reason: 'future_date' }],
    ],
    [
      '31/02 (a day that does not exist)',
      { birthDate: '1990-02-31' },
      [{ field: 'birthDate', reason: 'invalid_format' }],
    ],
    [
      '29/02 of a common year',
      { birthDate: '2001-02-29' },
      [{ field: 'birthDate', reason: 'invalid_format' }],
    ],
    ['31/04', { birthDate: '1990-04-31' }, [{ field: 'birthDate', reason: 'invalid_format' }]],
    [
      'a date still as typed (dd/mm/yyyy)',
      { birthDate: '31/02/1990' },
      [{ field: 'birthDate', reason: 'invalid_format' }],
    ],
    ['a blank birth date', { birthDate: '' }, [{ field: 'birthDate', reason: 'required' }]],
    ['no gender chosen', { gender: '' }, [{ field: 'gender', reason: 'required' }]],
    ['no relation chosen', { relation: '' }, [{ field: 'relation', reason: 'required' }]],
    [
      'an issue date in the future',
      { cccdIssuedOn: IN_THREE_DAYS },
      [{ field: 'cccdIssuedOn', reason: 'future_date' }],
    ],
    [
      'an issue date that does not exist',
      { cccdIssuedOn: '2021-02-30' },
      [{ field: 'cccdIssuedOn', reason: 'invalid_format' }],
    ],
    ['a phone number with letters', { phone: '09abc12345' }, [{ field: 'phone', reason: 'invalid_format' }]],
    ['a phone number of 7 characters', { phone: '0912345' }, [{ field: 'phone', reason: 'invalid_format' }]],
    ['a note over 2000 characters', { note: 'x'.repeat(2001) }, [{ field: 'note', reason: 'too_long' }]],
  ])('a person with %s', (_label, extra, want) => {
    expect(problemsOf(personFields, person(extra))).toEqual(want);
  });

  it.each<[string, Record<string, unknown>, FieldProblem[]]>([
    ['[R15] a known reason for no VNeID level 2', { vneidBlocker: 'no_own_sim' }, []],
    [
      '[R15] a reason not in the list',
      { vneidBlocker: 'lazy' },
      [{ field: 'vneidBlocker', reason: 'invalid_value' }],
    ],
    ['[R15] a level-2 application taken today', { vneidRegisteredOn: isoDateInVietnam(Date.now()) }, []],
    [
      '[R15] a level-2 application taken in three days',
      { vneidRegisteredOn: IN_THREE_DAYS },
      [{ field: 'vneidRegisteredOn', reason: 'future_date' }],
    ],
  ])('a person with %s', (_label, extra, want) => {
    expect(problemsOf(personFields, person(extra))).toEqual(want);
  });

  it('[R15] a level-2 application taken before the birth date is refused over the whole record', () => {
    const p = personFields.parse(person({ vneidRegisteredOn: '1985-03-14' })) as PersonFields;
    expect(crossFieldIssues('person', p)).toEqual([{ field: 'vneidRegisteredOn', reason: 'before_birth' }]);
    const sameDay = personFields.parse(person({ vneidRegisteredOn: '1985-03-15' })) as PersonFields;
    expect(crossFieldIssues('person', sameDay)).toEqual([]);
  });

  it('a card issued before the birth date is refused over the whole record', () => {
    const p = personFields.parse(person({ cccdIssuedOn: '1985-03-14' })) as PersonFields;
    expect(crossFieldIssues('person', p)).toEqual([{ field: 'cccdIssuedOn', reason: 'before_birth' }]);
    const sameDay = personFields.parse(person({ cccdIssuedOn: '1985-03-15' })) as PersonFields;
    expect(crossFieldIssues('person', sameDay)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, FieldProblem[]]>([
    ['a blank head name', { headName: '' }, [{ field: 'headName', reason: 'required' }]],
    ['a blank address', { address: '  ' }, [{ field: 'address', reason: 'required' }]],
    ['a phone number with letters', { phone: 'không có' }, [{ field: 'phone', reason: 'invalid_format' }]],
    [
      'a household code over 50 characters',
      { householdCode: '1'.repeat(51) },
      [{ field: 'householdCode', reason: 'too_long' }],
    ],
    ['[R16] marked refused, with its day', { outOfReach: 'refused', outOfReachOn: '2026-11-01' }, []],
    ['[R16] marked moved away', { outOfReach: 'moved_away' }, []],
    [
      '[R16] marked as something else',
      { outOfReach: 'gone' },
      [{ field: 'outOfReach', reason: 'invalid_value' }],
    ],
    [
      '[R16] marked out of reach from a future day',
      { outOfReach: 'refused', outOfReachOn: IN_THREE_DAYS },
      [{ field: 'outOfReachOn', reason: 'future_date' }],
    ],
  ])('a household with %s', (_label, extra, want) => {
    const household = { villageId: 'thon-dong', address: 'Số 5, ngõ 2', headName: 'Nguyễn Văn Đức' };
    expect(problemsOf(householdFields, { ...household, ...extra })).toEqual(want);
  });

  it.each<[string, Record<string, unknown>, FieldProblem[]]>([
    ['no kind chosen', { kind: '' }, [{ field: 'kind', reason: 'required' }]],
    ['a note over 2000 characters', { note: 'x'.repeat(2001) }, [{ field: 'note', reason: 'too_long' }]],
    [
      'a person id that is not one',
      { personId: 'Nguyễn Văn An' },
      [{ field: 'personId', reason: 'invalid_format' }],
    ],
  ])('a task with %s', (_label, extra, want) => {
    const task = { householdId: HOUSEHOLD_ID, kind: 'missing_id', note: '', status: 'open' };
    expect(problemsOf(taskFields, { ...task, ...extra })).toEqual(want);
  });

  it.each<[string, Record<string, unknown>, FieldProblem[]]>([
    [
      'a visit date in the future',
      { visitedOn: IN_THREE_DAYS },
      [{ field: 'visitedOn', reason: 'future_date' }],
    ],
    [
      'a visit date that does not exist',
      { visitedOn: '2026-02-29' },
      [{ field: 'visitedOn', reason: 'invalid_format' }],
    ],
    ['no outcome', { outcome: '' }, [{ field: 'outcome', reason: 'required' }]],
  ])('a visit with %s', (_label, extra, want) => {
    const visit = { householdId: HOUSEHOLD_ID, visitedOn: '2026-01-05', outcome: 'met' };
    expect(problemsOf(visitFields, { ...visit, ...extra })).toEqual(want);
  });
});
