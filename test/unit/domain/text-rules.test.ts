// Issue 12 point 4, "text that cannot spoof": the free-text rules of src/domain/text.ts as the record
// schemas apply them on the phone and the server. Invisible characters are written as escapes here, so
// that what each case holds can be read.
import { describe, expect, it } from 'vitest';
import {
  FIELDS,
  STORED_FIELDS,
  householdFields,
  isFieldName,
  personFields,
  storedPersonFields,
  taskFields,
  visitFields,
} from '../../../src/domain/records.ts';
import { pushRequestSchema } from '../../../src/domain/sync-protocol.ts';
import {
  MAX_STACKED_MARKS,
  cleanLine,
  cleanNote,
  graphemeLength,
  isBlankText,
  isUnstorableText,
} from '../../../src/domain/text.ts';
import { fieldProblems, type FieldProblem } from '../../../src/domain/validation.ts';

const NFC = (s: string) => s.normalize('NFC');
const NFD = (s: string) => s.normalize('NFD');

const HOUSEHOLD = { villageId: 'thon-dong', address: 'Số 5, ngõ 2', headName: 'Nguyễn Văn Đức' };
const PERSON = {
  householdId: '0b6f8e58-54d4-4f5f-9a52-5d3c1f0a7e11',
  fullName: 'Nguyễn Văn An',
  birthDate: '1985-03-15',
  gender: 'male',
  relation: 'head',
  cccdStatus: 'issued',
  vneidStatus: 'level2_active',
};

type Outcome = { ok: Record<string, unknown> } | { problems: FieldProblem[] };

function parse(schema: { safeParse: (v: unknown) => unknown }, input: Record<string, unknown>): Outcome {
  const r = schema.safeParse(input) as { success: boolean; data?: unknown; error?: unknown };
  return r.success
    ? { ok: r.data as Record<string, unknown> }
    : { problems: fieldProblems(r.error as never, input) };
}
const household = (extra: Record<string, unknown>) => parse(householdFields, { ...HOUSEHOLD, ...extra });
const person = (extra: Record<string, unknown>) => parse(personFields, { ...PERSON, ...extra });
const stored = (field: string, value: unknown) => {
  const r = household({ [field]: value });
  if (!('ok' in r)) throw new Error(`refused: ${JSON.stringify(r.problems)}`);
  return r.ok[field];
};
const refused = (field: string, reason: FieldProblem['reason']) => ({ problems: [{ field, reason }] });

/** A letter carrying three combining marks that no precomposed letter holds: one character on screen. */
const STACKED = 'q\u0301\u0323\u0302';
/** "Nguyễn" has 6 letters; NFD writes ễ as e + circumflex + tilde. */
const NGUYEN = 'Nguyễn';
const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
/** The flag of Scotland: a black flag, the tags "gbsct", the cancel tag. */
const SCOTLAND = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}';

describe('NFC: one name, one string, however it was typed or pasted', () => {
  it.each([
    ['Nguyễn', NGUYEN],
    ['Đặng Thị Hồng Nhung', 'Đặng Thị Hồng Nhung'],
    ['Phạm Quỳnh Hương', 'Phạm Quỳnh Hương'],
    ['Ngõ 12, thôn Hạ Hồi, xã Tự Lập', 'Ngõ 12, thôn Hạ Hồi, xã Tự Lập'],
  ])('%s composed and decomposed are stored the same, in NFC', (_label, text) => {
    expect(NFD(text)).not.toBe(NFC(text));
    for (const field of ['headName', 'address']) {
      expect(stored(field, NFD(text))).toBe(NFC(text));
      expect(stored(field, NFC(text))).toBe(NFC(text));
    }
    expect(stored('note', NFD(text))).toBe(NFC(text));
    expect(stored('householdCode', NFD(text))).toBe(NFC(text));
  });

  it('NFC comes after stripping: an invisible character between a letter and its mark leaves no NFD', () => {
    expect(stored('headName', 'Nguye\u0302\u200B\u0303n')).toBe(NGUYEN);
    expect(stored('note', 'Nguye\u0302\u00AD\u0303n')).toBe(NGUYEN);
  });
});

describe('invisible characters: stripped, so that what is left is what a person sees', () => {
  it.each([
    ['zero-width space U+200B', '\u200B'],
    ['zero-width non-joiner U+200C', '\u200C'],
    ['zero-width joiner U+200D', '\u200D'],
    ['word joiner U+2060', '\u2060'],
    ['byte order mark U+FEFF', '\uFEFF'],
    ['left-to-right mark U+200E', '\u200E'],
    ['right-to-left mark U+200F', '\u200F'],
    ['Arabic letter mark U+061C', '\u061C'],
    ['soft hyphen U+00AD', '\u00AD'],
    ['right-to-left override U+202E', '\u202E'],
    ['first-strong isolate U+2068', '\u2068'],
    ['Hangul filler U+3164', '\u3164'],
    ['halfwidth Hangul filler U+FFA0', '\uFFA0'],
    ['blank braille cell U+2800', '\u2800'],
    ['no-break spaces', '\u00A0\u202F\u3000'],
    ['a mix of all of them, and newlines', '\u200B\u200E\n\u202E\u2066\u2069\u00AD\u2060\t\uFEFF'],
  ])('a name of only a %s is required', (_label, invisible) => {
    expect(isBlankText(invisible)).toBe(true);
    expect(household({ headName: invisible })).toEqual(refused('headName', 'required'));
    expect(household({ address: invisible.repeat(3) })).toEqual(refused('address', 'required'));
    expect(person({ fullName: invisible })).toEqual(refused('fullName', 'required'));
  });

  it.each([
    ['embeddings and overrides U+202A–U+202E', '\u202A\u202B\u202C\u202D\u202E'],
    ['isolates U+2066–U+2069', '\u2066\u2067\u2068\u2069'],
    ['LRM, RLM, ALM', '\u200E\u200F\u061C'],
    ['zero-width space, joiners, word joiner, BOM', '\u200B\u200C\u200D\u2060\uFEFF'],
    ['soft hyphen', '\u00AD'],
    ['C0 and C1 controls (escape, bell, backspace, DEL, CSI)', '\u001B\u0007\u0008\u007F\u009B'],
    ['other format characters (invisible operators, interlinear annotation, tags)', '\u2062\uFFF9\u{E0041}'],
  ])('%s are stripped from inside a name and a note', (_label, chars) => {
    expect(stored('headName', `Trần ${chars}Văn${chars} Bình`)).toBe('Trần Văn Bình');
    expect(stored('note', `ghi${chars}chú`)).toBe('ghichú');
  });

  it('a right-to-left override inside a name no longer reverses what follows it', () => {
    // Shown as "Nguyễn Văn An" reversed after the override; stored, it is the name in logical order.
    const spoof = `Nguyễn Văn \u202EnA\u202C`;
    expect(stored('headName', spoof)).toBe('Nguyễn Văn nA');
    expect(person({ fullName: `\u2067${NGUYEN}\u2069` })).toEqual({
      ok: expect.objectContaining({ fullName: NGUYEN }),
    });
  });

  it('an escape sequence cannot colour or move a terminal: its ESC is gone', () => {
    expect(stored('headName', 'An\u001B[2J\u001B[31m')).toBe('An[2J[31m');
    expect(stored('note', 'An\u001B]0;x\u0007')).toBe('An]0;x');
  });
});

describe('spaces: one ordinary space in one-line fields, lines and tabs kept in notes', () => {
  it.each([
    ['leading and trailing spaces', '  Nguyễn Văn An  ', 'Nguyễn Văn An'],
    ['a run of spaces', 'Nguyễn   Văn    An', 'Nguyễn Văn An'],
    ['a tab', 'Nguyễn\tVăn An', 'Nguyễn Văn An'],
    ['a newline', 'Nguyễn\nVăn\r\nAn', 'Nguyễn Văn An'],
    ['no-break and typographic spaces', 'Nguyễn\u00A0Văn\u2003\u3000An', 'Nguyễn Văn An'],
    ['line and paragraph separators, NEL', 'Nguyễn\u2028Văn\u2029\u0085An', 'Nguyễn Văn An'],
  ])('a name with %s', (_label, input, want) => {
    expect(stored('headName', input)).toBe(want);
    expect(stored('address', input)).toBe(want);
    expect(stored('householdCode', input)).toBe(want);
  });

  it('a note keeps its tabs, newlines and inner spaces; CR and CRLF become newlines; ends are trimmed', () => {
    expect(stored('note', '  Việc cần làm:\r\n\t- hỏi  số CCCD\r\t- hẹn lại\u2028xong\u0085  \n')).toBe(
      'Việc cần làm:\n\t- hỏi  số CCCD\n\t- hẹn lại\nxong',
    );
  });

  it('a task note of only invisible characters is empty, which a task note may be', () => {
    const r = parse(taskFields, {
      householdId: PERSON.householdId,
      kind: 'other',
      note: '\u200B\u202E ',
      status: 'open',
    });
    expect(r).toEqual({ ok: expect.objectContaining({ note: '' }) });
  });
});

describe('length counts what a person sees: grapheme clusters', () => {
  it.each([
    ['a Vietnamese letter in NFC', NFC('ễ'), 1],
    ['a Vietnamese letter in NFD', NFD('ễ'), 1],
    ['a letter with 3 stacked marks', STACKED, 1],
    ['a family emoji joined by ZWJ', FAMILY, 1],
    ['a flag of two regional indicators', '\u{1F1FB}\u{1F1F3}', 1],
    ['a subdivision flag', SCOTLAND, 1],
    ['Nguyễn in NFD', NFD(NGUYEN), 6],
  ])('%s', (_label, text, n) => {
    expect(graphemeLength(text)).toBe(n);
  });

  it('100 visible letters written in NFD are accepted (300 code units), 101 are too long', () => {
    const letter = NFD('ễ');
    expect(letter.repeat(100).length).toBe(300);
    expect(stored('headName', letter.repeat(100))).toBe(NFC('ễ').repeat(100));
    expect(person({ fullName: letter.repeat(100) })).toEqual({
      ok: expect.objectContaining({ fullName: NFC('ễ').repeat(100) }),
    });
    expect(household({ headName: letter.repeat(101) })).toEqual(refused('headName', 'too_long'));
    expect(person({ fullName: letter.repeat(101) })).toEqual(refused('fullName', 'too_long'));
  });

  it('100 letters of 3 stacked marks each are accepted, 101 are too long', () => {
    expect(stored('headName', STACKED.repeat(100))).toBe(NFC(STACKED).repeat(100));
    expect(household({ headName: STACKED.repeat(101) })).toEqual(refused('headName', 'too_long'));
  });

  it('invisible characters do not count: 100 letters with a zero-width space after each fit', () => {
    expect(stored('headName', 'a\u200B'.repeat(100))).toBe('a'.repeat(100));
    expect(household({ headName: 'a\u200B'.repeat(101) })).toEqual(refused('headName', 'too_long'));
  });

  it('the other limits: address 200, household code 50, notes 2000', () => {
    expect(stored('address', NFD('ệ').repeat(200))).toBe('ệ'.repeat(200));
    expect(household({ address: 'ệ'.repeat(201) })).toEqual(refused('address', 'too_long'));
    expect(stored('householdCode', '1'.repeat(50))).toBe('1'.repeat(50));
    expect(household({ householdCode: '1'.repeat(51) })).toEqual(refused('householdCode', 'too_long'));
    expect(stored('note', FAMILY.repeat(500))).toBe(FAMILY.repeat(500));
    expect(stored('note', NFD('ồ').repeat(2000))).toBe('ồ'.repeat(2000));
    expect(household({ note: 'ồ'.repeat(2001) })).toEqual(refused('note', 'too_long'));
  });

  it('a ceiling in code units bounds what one grapheme can hide: 3000 emoji joined by ZWJ are one', () => {
    const chain = Array.from({ length: 3000 }, () => '\u{1F468}').join('\u200D');
    expect(graphemeLength(chain)).toBe(1);
    expect(household({ note: chain })).toEqual(refused('note', 'too_long'));
  });
});

describe('combining marks: up to MAX_STACKED_MARKS on one letter', () => {
  it(`${MAX_STACKED_MARKS} marks are kept, ${MAX_STACKED_MARKS + 1} are refused as invalid_value`, () => {
    const marks = '\u0301\u0323\u0302\u0306\u0308\u030C';
    const kept = `q${marks.slice(0, MAX_STACKED_MARKS)}`;
    expect(stored('headName', kept)).toBe(NFC(kept));
    expect(household({ headName: `Trần q${marks.slice(0, MAX_STACKED_MARKS + 1)}` })).toEqual(
      refused('headName', 'invalid_value'),
    );
    expect(household({ note: `x${marks.repeat(20)}` })).toEqual(refused('note', 'invalid_value'));
  });

  it('invisible characters cannot split a stack to slip under the limit', () => {
    expect(household({ headName: `q\u0301\u0323\u200B\u0302\u0306\u0308` })).toEqual(
      refused('headName', 'invalid_value'),
    );
    expect(household({ note: `q\u0301\u0323\u034F\u0302\u0306\u0308` })).toEqual(
      refused('note', 'invalid_value'),
    );
  });
});

describe('emoji: whole in notes; a name keeps no joiner', () => {
  it('a family emoji keeps its zero-width joiners in a note and counts as one', () => {
    expect(stored('note', `Gia đình ${FAMILY} đủ mặt`)).toBe(`Gia đình ${FAMILY} đủ mặt`);
    expect(stored('note', `cờ ${SCOTLAND}`)).toBe(`cờ ${SCOTLAND}`);
    expect(stored('note', 'thương ❤️')).toBe('thương ❤️');
    expect(stored('note', 'thợ \u{1F469}\u{1F3FD}\u200D\u{1F33E}')).toBe(
      'thợ \u{1F469}\u{1F3FD}\u200D\u{1F33E}',
    );
  });

  it('a joiner that joins no emoji is stripped from a note, and tags outside a flag too', () => {
    expect(stored('note', 'a\u200Db \u200D\u{1F468} \u{1F468}\u200D')).toBe('ab \u{1F468} \u{1F468}');
    expect(stored('note', 'x\u{E0067}\u{E007F}y')).toBe('xy');
  });

  it('in a name the joiners go: the family shows as its three people', () => {
    expect(stored('headName', `An ${FAMILY}`)).toBe('An \u{1F468}\u{1F469}\u{1F467}');
  });
});

describe('NUL and broken surrogates: refused on the phone as on the server', () => {
  it.each([
    ['NUL', 'An\u0000'],
    ['a lone high surrogate', 'An\uD83D'],
    ['a lone low surrogate', '\uDE00An'],
  ])('%s in a name, an address, a code, a note or a phone number is invalid_value', (_label, bad) => {
    expect(isUnstorableText(bad)).toBe(true);
    for (const field of ['headName', 'address', 'householdCode', 'note']) {
      expect(household({ [field]: bad })).toEqual(refused(field, 'invalid_value'));
    }
    expect(household({ phone: `0912345678${bad.replace('An', '')}` })).toEqual(
      refused('phone', 'invalid_value'),
    );
    expect(person({ note: bad })).toEqual(refused('note', 'invalid_value'));
  });

  it('a whole surrogate pair (an emoji) is text', () => {
    expect(isUnstorableText('\u{1F600}')).toBe(false);
    expect(stored('note', '\u{1F600}')).toBe('\u{1F600}');
  });
});

describe('phone numbers: pasted with invisible marks, stored clean', () => {
  it.each([
    ['wrapped in LTR embedding (Android copy)', '\u202A0912 345 678\u202C', '0912 345 678'],
    ['with LRM marks', '\u200E+84 912 345 678\u200E', '+84 912 345 678'],
    ['with no-break spaces', '0912\u00A0345\u00A0678', '0912 345 678'],
    ['with spaces around', ' 0912345678 ', '0912345678'],
  ])('a number %s', (_label, input, want) => {
    expect(stored('phone', input)).toBe(want);
    expect(person({ phone: input })).toEqual({ ok: expect.objectContaining({ phone: want }) });
  });

  it('letters are still refused', () => {
    expect(household({ phone: '09abc12345' })).toEqual(refused('phone', 'invalid_format'));
  });
});

describe('cleaning is idempotent: the server cleans again what the phone cleaned, and finds it equal', () => {
  it.each([
    'Nguye\u0302\u200B\u0303n  Văn',
    NFD('  Đặng\u00A0Thị\u202E Hồng '),
    `q\u0301\u0323\u0302 ${FAMILY}`,
    '\u3164An\u2800Bình\u00AD',
    'Việc:\r\n\t- a\u200Db\u2028',
  ])('%j', (text) => {
    expect(cleanLine(cleanLine(text))).toBe(cleanLine(text));
    expect(cleanNote(cleanNote(text))).toBe(cleanNote(text));
    expect(cleanLine(text)).toBe(cleanLine(text).normalize('NFC'));
    expect(cleanNote(text)).toBe(cleanNote(text).normalize('NFC'));
  });
});

describe('every free-text field of every record follows the rule', () => {
  it.each([
    ['household', householdFields, HOUSEHOLD, ['address', 'headName', 'householdCode', 'note']],
    ['person', personFields, PERSON, ['fullName', 'note']],
    [
      'task',
      taskFields,
      { householdId: PERSON.householdId, kind: 'other', note: 'x', status: 'open' },
      ['note'],
    ],
    [
      'visit',
      visitFields,
      { householdId: PERSON.householdId, visitedOn: '2026-01-02', outcome: 'met' },
      ['note'],
    ],
  ] as const)('%s', (_entity, schema, base, fields) => {
    for (const field of fields) {
      const r = parse(schema, { ...base, [field]: NFD(`\u202E${NGUYEN}\u200B`) });
      expect(r).toEqual({ ok: expect.objectContaining({ [field]: NGUYEN }) });
    }
  });
});

describe('STORED_FIELDS stays lenient: a legacy value is read, cleaned for display, never refused', () => {
  it('a name stored as only a zero-width space (the older rule allowed it) is read, as empty', () => {
    const r = STORED_FIELDS.household.safeParse({ ...HOUSEHOLD, headName: '\u200B' });
    expect(r.success && r.data.headName).toBe('');
  });

  it('a legacy right-to-left override, NUL or NFD name is read, without the override', () => {
    const r = storedPersonFields.safeParse({ ...PERSON, fullName: NFD(`${NGUYEN}\u202E An\u0000`) });
    expect(r.success && r.data.fullName).toBe(`${NGUYEN} An`);
    const note = STORED_FIELDS.visit.safeParse({
      householdId: PERSON.householdId,
      visitedOn: '2026-01-02',
      outcome: 'met',
      note: `x${'\u0301'.repeat(9)}`,
    });
    expect(note.success).toBe(true);
  });

  it('is no stricter than the write rule on length, and still says a blank name is required', () => {
    expect(STORED_FIELDS.household.safeParse({ ...HOUSEHOLD, headName: NFD('ễ').repeat(100) }).success).toBe(
      true,
    );
    const blank = STORED_FIELDS.household.safeParse({ ...HOUSEHOLD, headName: '  ' });
    expect(blank.success ? [] : fieldProblems(blank.error, { headName: '  ' })).toEqual([
      { field: 'headName', reason: 'required' },
    ]);
  });
});

describe('field names: only an entity’s own', () => {
  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'])(
    '%s is no field',
    (name) => {
      for (const entity of ['household', 'person', 'task', 'visit'] as const) {
        expect(isFieldName(entity, name)).toBe(false);
      }
    },
  );

  it('every schema key is a field', () => {
    for (const entity of ['household', 'person', 'task', 'visit'] as const) {
      for (const key of Object.keys(FIELDS[entity].shape)) expect(isFieldName(entity, key)).toBe(true);
    }
  });

  it('the push envelope keeps a `__proto__` key of a raw JSON body as an own key, for the receiver to refuse', () => {
    const body = JSON.parse(
      JSON.stringify({
        deviceId: '6d3c1f0a-54d4-4f5f-9a52-0b6f8e587e11',
        mutations: [
          {
            id: '7e116d3c-54d4-4f5f-9a52-0b6f8e581f0a',
            entity: 'household',
            entityId: '0b6f8e58-54d4-4f5f-9a52-5d3c1f0a7e11',
            op: 'upsert',
            baseVersion: 0,
            fields: { ...HOUSEHOLD, PROTO: { polluted: true } },
            clientTime: '2026-11-22T08:30:00.000Z',
          },
        ],
      }).replace('"PROTO"', '"__proto__"'),
    );
    const parsed = pushRequestSchema.parse(body);
    const fields = parsed.mutations[0]!.fields;
    expect(Object.keys(fields)).toContain('__proto__');
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect((fields as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('the envelope still refuses fields that are not an object, in the same words as before', () => {
    const mutation = {
      id: '7e116d3c-54d4-4f5f-9a52-0b6f8e581f0a',
      entity: 'household',
      entityId: '0b6f8e58-54d4-4f5f-9a52-5d3c1f0a7e11',
      op: 'upsert',
      baseVersion: 0,
      clientTime: '2026-11-22T08:30:00.000Z',
    };
    for (const fields of [[], 'x', null, 3, undefined]) {
      const r = pushRequestSchema.safeParse({
        deviceId: '6d3c1f0a-54d4-4f5f-9a52-0b6f8e587e11',
        mutations: [{ ...mutation, fields }],
      });
      expect(r.success).toBe(false);
      expect(r.error!.issues[0]).toMatchObject({
        code: 'invalid_type',
        expected: 'record',
        path: ['mutations', 0, 'fields'],
      });
    }
  });
});
