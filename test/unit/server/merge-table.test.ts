// The server's field merge (src/server/sync-service/merge.ts) as tables: which sent fields it writes,
// which it holds back as conflicts (the phone's value as `client`, the stored one as `server`), and the
// version it leaves, for each kind of writer: the field's own writer, another device, the same user on
// another device, another user on the same device id, a field version recorded before users were. Then
// pairs of edits from one base applied in both orders: the last writer wins a field nobody else wrote
// since its base; a field both edited from the same base keeps the first and answers the second with a
// conflict, whichever came first. (Legacy values and text normalisation: test/integration/validation
// and text-rules.)
import { describe, expect, it } from 'vitest';
import {
  mergeUpsert,
  type FieldConflict,
  type RecordState,
  type UpsertInput,
} from '../../../src/server/sync-service/merge.ts';

interface Writer {
  device: string;
  user: string;
}
const A: Writer = { device: 'phone-a', user: 'u-hoa' };
const B: Writer = { device: 'phone-b', user: 'u-tuan' };
/** Hoa again, on her second phone: another writer (a writer is a device and its user). */
const A_OTHER_PHONE: Writer = { device: 'phone-a2', user: 'u-hoa' };
/** Another user signed in under phone-a's id: not phone-a's owner. */
const A_BORROWED: Writer = { device: 'phone-a', user: 'u-tuan' };

/**
 * A household at version 3. Who wrote each field, and at which version:
 *   villageId, headName  v1 by A;   note  v2 by B;   phone  v3 by A;
 *   address  v3 by phone-a, recorded before users were (judged by the device alone);
 *   householdCode  never written.
 */
function stored(): RecordState {
  return {
    version: 3,
    deleted: false,
    data: {
      villageId: 'thon-dong',
      headName: 'Nguyễn Văn An',
      note: 'Nhà cấp 4',
      phone: '0912000001',
      address: 'Số 1, xóm Chùa',
    },
    fieldVersions: {
      villageId: { v: 1, ...A },
      headName: { v: 1, ...A },
      note: { v: 2, ...B },
      phone: { v: 3, ...A },
      address: { v: 3, device: 'phone-a' },
    },
  };
}

const edit = (writer: Writer, baseVersion: number, fields: Record<string, unknown>): UpsertInput => ({
  entity: 'household',
  baseVersion,
  fields,
  ...writer,
});

interface Outcome {
  kind: 'write' | 'unchanged';
  version: number;
  written: string[];
  conflicts: FieldConflict[];
  /** The stored fields afterwards (only those named). */
  data: Record<string, unknown>;
}

/** Runs one merge and reads back what the contract promises; a refusal fails the row. */
function merge(state: RecordState, input: UpsertInput, names: string[]): Outcome & { next: RecordState } {
  const d = mergeUpsert(state, input);
  if (d.kind === 'rejected') throw new Error(`refused: ${d.code} ${d.message}`);
  const next = d.kind === 'write' ? d.next : state;
  return {
    kind: d.kind,
    version: d.kind === 'write' ? d.next.version : d.version,
    written: d.kind === 'write' ? d.written : [],
    conflicts: d.conflicts,
    data: Object.fromEntries(names.map((n) => [n, next.data[n] ?? null])),
    next,
  };
}

const conflict = (field: string, client: unknown, server: unknown): FieldConflict => ({
  field,
  server,
  client,
});

describe('one edit of the stored household', () => {
  it.each<[string, UpsertInput, Omit<Outcome, 'data'>, Record<string, unknown>]>([
    // Conflicts: the field was written after the edit's base by another writer, and the values differ.
    [
      'another device wrote the field after the base: conflict, nothing written',
      edit(A, 1, { note: 'Đã gặp' }),
      { kind: 'unchanged', version: 3, written: [], conflicts: [conflict('note', 'Đã gặp', 'Nhà cấp 4')] },
      { note: 'Nhà cấp 4' },
    ],
    [
      'the same user on another phone is another writer: conflict',
      edit(A_OTHER_PHONE, 1, { phone: '0912000009' }),
      {
        kind: 'unchanged',
        version: 3,
        written: [],
        conflicts: [conflict('phone', '0912000009', '0912000001')],
      },
      { phone: '0912000001' },
    ],
    [
      'another user under the same device id is another writer: conflict',
      edit(A_BORROWED, 1, { phone: '0912000009' }),
      {
        kind: 'unchanged',
        version: 3,
        written: [],
        conflicts: [conflict('phone', '0912000009', '0912000001')],
      },
      { phone: '0912000001' },
    ],
    [
      'clearing a field another device wrote after the base: conflict with a null client value',
      edit(A, 1, { note: null }),
      { kind: 'unchanged', version: 3, written: [], conflicts: [conflict('note', null, 'Nhà cấp 4')] },
      { note: 'Nhà cấp 4' },
    ],
    [
      'base 0 (queued before the phone saw the record), a field another device created: conflict',
      edit(B, 0, { headName: 'Trần Văn Bình' }),
      {
        kind: 'unchanged',
        version: 3,
        written: [],
        conflicts: [conflict('headName', 'Trần Văn Bình', 'Nguyễn Văn An')],
      },
      { headName: 'Nguyễn Văn An' },
    ],
    // No conflict.
    [
      'the field’s own writer, though it wrote after the base: written',
      edit(A, 1, { phone: '0912000009' }),
      { kind: 'write', version: 4, written: ['phone'], conflicts: [] },
      { phone: '0912000009' },
    ],
    [
      'a field version from before users were recorded: the device alone decides (written)',
      edit(A_BORROWED, 1, { address: 'Số 2, xóm Chùa' }),
      { kind: 'write', version: 4, written: ['address'], conflicts: [] },
      { address: 'Số 2, xóm Chùa' },
    ],
    [
      'another device’s write the edit had seen (base ≥ its version): written',
      edit(A, 2, { note: 'Đã gặp' }),
      { kind: 'write', version: 4, written: ['note'], conflicts: [] },
      { note: 'Đã gặp' },
    ],
    [
      'base 0 and the field’s own writer: written',
      edit(A, 0, { headName: 'Nguyễn Văn Ân' }),
      { kind: 'write', version: 4, written: ['headName'], conflicts: [] },
      { headName: 'Nguyễn Văn Ân' },
    ],
    [
      'a field never written before: written, whoever sends it',
      edit(B, 0, { householdCode: 'HGD-9' }),
      { kind: 'write', version: 4, written: ['householdCode'], conflicts: [] },
      { householdCode: 'HGD-9' },
    ],
    [
      'the value stored already, from a stale base and another device: neither a change nor a conflict',
      edit(A, 1, { note: 'Nhà cấp 4' }),
      { kind: 'unchanged', version: 3, written: [], conflicts: [] },
      { note: 'Nhà cấp 4' },
    ],
    [
      'clearing an optional field at the current base: written, the field gone',
      edit(B, 3, { note: null }),
      { kind: 'write', version: 4, written: ['note'], conflicts: [] },
      { note: null },
    ],
    // Both in one edit.
    [
      'a conflicting field and a free one: the free one written, the version +1, the conflict answered',
      edit(A, 1, { note: 'Đã gặp', householdCode: 'HGD-9', phone: '0912000009' }),
      {
        kind: 'write',
        version: 4,
        written: ['householdCode', 'phone'],
        conflicts: [conflict('note', 'Đã gặp', 'Nhà cấp 4')],
      },
      { note: 'Nhà cấp 4', householdCode: 'HGD-9', phone: '0912000009' },
    ],
    [
      'every field conflicts or is unchanged: the version stays',
      edit(B, 1, { note: 'Nhà cấp 4', phone: '0912000009', headName: 'Nguyễn Văn An' }),
      {
        kind: 'unchanged',
        version: 3,
        written: [],
        conflicts: [conflict('phone', '0912000009', '0912000001')],
      },
      { note: 'Nhà cấp 4', phone: '0912000001', headName: 'Nguyễn Văn An' },
    ],
  ])('%s', (_rule, input, want, data) => {
    const got = merge(stored(), input, Object.keys(data));
    expect({ kind: got.kind, version: got.version, written: got.written, conflicts: got.conflicts }).toEqual(
      want,
    );
    expect(got.data).toEqual(data);
    // Each field written records its writer, device and user, at the new version; the others keep theirs.
    for (const [field, fv] of Object.entries(got.next.fieldVersions)) {
      expect(fv, field).toEqual(
        got.written.includes(field)
          ? { v: got.version, device: input.device, user: input.user }
          : stored().fieldVersions[field],
      );
    }
  });

  it.each<[string, RecordState | null, UpsertInput, string]>([
    ['a tombstone stays one', { ...stored(), deleted: true }, edit(A, 3, { note: 'x' }), 'deleted'],
    ['an edit of a record the server never had', null, edit(A, 2, { note: 'x' }), 'not_found'],
    ['an unknown field', stored(), edit(A, 3, { colour: 'xanh' }), 'invalid'],
  ])('refused: %s', (_rule, state, input, code) => {
    expect(mergeUpsert(state, input)).toMatchObject({ kind: 'rejected', code });
  });
});

describe('two edits from the same base, in both orders', () => {
  interface Pair {
    rule: string;
    first: UpsertInput;
    second: UpsertInput;
    /** Whichever came first: the stored fields, the version, the second's conflicts. */
    data: Record<string, unknown>;
    version: number;
    conflictsOfSecond: (first: UpsertInput, second: UpsertInput) => FieldConflict[];
  }
  const none = () => [];

  it.each<Pair>([
    {
      rule: 'different fields, two devices: both written, in either order',
      first: edit(A, 3, { note: 'Đã gặp' }),
      second: edit(B, 3, { phone: '0912000009' }),
      data: { note: 'Đã gặp', phone: '0912000009' },
      version: 5,
      conflictsOfSecond: none,
    },
    {
      rule: 'the same field, two devices, two values: the first stays, the second is a conflict',
      first: edit(A, 3, { headName: 'Nguyễn Văn Ân' }),
      second: edit(B, 3, { headName: 'Nguyễn Văn Ấn' }),
      data: {},
      version: 4,
      conflictsOfSecond: (f, s) => [conflict('headName', s.fields.headName, f.fields.headName)],
    },
    {
      rule: 'the same field, the same user on two phones: a conflict too',
      first: edit(A, 3, { phone: '0912000007' }),
      second: edit(A_OTHER_PHONE, 3, { phone: '0912000008' }),
      data: {},
      version: 4,
      conflictsOfSecond: (f, s) => [conflict('phone', s.fields.phone, f.fields.phone)],
    },
    {
      rule: 'the same field cleared by one and set by the other: a conflict',
      first: edit(A, 3, { note: null }),
      second: edit(B, 3, { note: 'Hẹn chiều thứ Bảy' }),
      data: {},
      version: 4,
      conflictsOfSecond: (f, s) => [conflict('note', s.fields.note, f.fields.note)],
    },
    {
      rule: 'the same field, the same value: one change, no conflict',
      first: edit(A, 3, { note: 'Đã gặp' }),
      second: edit(B, 3, { note: 'Đã gặp' }),
      data: { note: 'Đã gặp' },
      version: 4,
      conflictsOfSecond: none,
    },
    {
      rule: 'one phone’s two queued edits of a field: the last one sent wins, no conflict',
      first: edit(A, 3, { headName: 'Nguyễn Văn Ân' }),
      second: edit(A, 3, { headName: 'Nguyễn Văn Ấn' }),
      data: {},
      version: 5,
      conflictsOfSecond: none,
    },
    {
      rule: 'an overlap in one field of two: the other field of each is written, the shared one conflicts',
      first: edit(A, 3, { headName: 'Nguyễn Văn Ân', note: 'Đã gặp' }),
      second: edit(B, 3, { headName: 'Nguyễn Văn Ấn', phone: '0912000009' }),
      data: { note: 'Đã gặp', phone: '0912000009' },
      version: 5,
      conflictsOfSecond: (f, s) => [conflict('headName', s.fields.headName, f.fields.headName)],
    },
  ])('$rule', ({ first, second, data, version, conflictsOfSecond }) => {
    for (const [one, two] of [
      [first, second],
      [second, first],
    ] as const) {
      const order = `${one.device}/${one.user} then ${two.device}/${two.user}`;
      const names = [...new Set([...Object.keys(one.fields), ...Object.keys(two.fields)])];
      const a = merge(stored(), one, names);
      expect(a.conflicts, order).toEqual([]);
      const b = merge(a.next, two, names);
      expect(b.conflicts, order).toEqual(conflictsOfSecond(one, two));
      expect(b.version, order).toBe(version);
      // A field nobody else wrote since the base holds the last writer's value; a conflicting field
      // holds the first's.
      const want: Record<string, unknown> = { ...data };
      for (const n of names.filter((n) => !(n in data))) {
        const conflicted = b.conflicts.some((c) => c.field === n);
        want[n] = (conflicted ? one : two).fields[n] ?? null;
      }
      expect(b.data, order).toEqual(want);
    }
  });

  it('an edit made after seeing the other (its base is the other’s version): no conflict, the last wins', () => {
    for (const [one, two] of [
      [A, B],
      [B, A],
    ] as const) {
      const a = merge(stored(), edit(one, 3, { headName: `Của ${one.device}` }), ['headName']);
      const b = merge(a.next, edit(two, a.version, { headName: `Của ${two.device}` }), ['headName']);
      expect([b.conflicts, b.version, b.data]).toEqual([[], 5, { headName: `Của ${two.device}` }]);
    }
  });
});
