// The one write path: record and outbox row together, or neither.
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotebookDb } from '../../../src/db/db.ts';
import { getHousehold, outboxEntries, villageProgress } from '../../../src/db/queries.ts';
import { createRecord, deleteRecord, updateRecord } from '../../../src/db/write.ts';
import { clockAt, setClock } from '../../support/clock.ts';

let db: NotebookDb;
beforeEach(() => {
  db = new NotebookDb(`t-${crypto.randomUUID()}`);
});
afterEach(async () => {
  vi.useRealTimers();
  await db.delete();
});

const household = { villageId: 'thon-dong', address: 'Số 5, ngõ 2', headName: 'Nguyễn Văn Đức' };
const person = (householdId: string) => ({
  householdId,
  fullName: 'Nguyễn Văn Đức',
  birthDate: '1980-04-02',
  gender: 'male',
  relation: 'head',
  cccdStatus: 'issued',
  vneidStatus: 'level1',
});

async function newHousehold() {
  const r = await createRecord(db, 'household', household);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.record;
}

describe('one write path', () => {
  it('writes a new record and its create mutation with every field, baseVersion 0', async () => {
    const times = [Date.parse('2026-11-22T08:30:00.000Z')];
    const r = await createRecord(db, 'household', household, { now: () => times[0]! });
    expect(r.ok).toBe(true);
    const stored = await db.households.get(r.ok ? r.record.id : '');
    expect(stored).toMatchObject({ ...household, version: 0 });
    const outbox = await outboxEntries(db);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      entity: 'household',
      entityId: stored!.id,
      op: 'upsert',
      baseVersion: 0,
      fields: household,
      clientTime: '2026-11-22T08:30:00.000Z',
    });
    expect(outbox[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(outbox[0]!.id).not.toBe(stored!.id);
  });

  it('an update queues only the fields that changed, on the version last seen from the server', async () => {
    const h = await newHousehold();
    await db.households.update(h.id, { version: 7 }); // as if a pull had brought version 7
    const r = await updateRecord(db, 'household', h.id, {
      address: 'Số 9, ngõ 2',
      headName: household.headName,
    });
    expect(r.ok).toBe(true);
    const outbox = await outboxEntries(db);
    expect(outbox).toHaveLength(2);
    expect(outbox[1]).toMatchObject({ op: 'upsert', baseVersion: 7, fields: { address: 'Số 9, ngõ 2' } });
  });

  it('an update that changes nothing queues nothing', async () => {
    const h = await newHousehold();
    await updateRecord(db, 'household', h.id, { headName: household.headName });
    expect(await db.outbox.count()).toBe(1);
  });

  it('clearing an optional field sends null and removes it from the record', async () => {
    const h = await newHousehold();
    await updateRecord(db, 'household', h.id, { phone: '0912345678' });
    await updateRecord(db, 'household', h.id, { phone: '' });
    const outbox = await outboxEntries(db);
    expect(outbox.map((m) => m.fields)).toEqual([household, { phone: '0912345678' }, { phone: null }]);
    expect((await db.households.get(h.id))!.phone).toBeUndefined();
  });

  it.each([
    ['a blank required field', { ...household, headName: '  ' }, 'headName', 'required'],
    ['a too long address', { ...household, address: 'x'.repeat(201) }, 'address', 'too_long'],
    ['a bad village id', { ...household, villageId: 'Thôn Đông' }, 'villageId', 'invalid_format'],
  ])(
    'a failing validation (%s) writes neither record nor outbox row',
    async (_name, input, field, reason) => {
      const r = await createRecord(db, 'household', input);
      expect(r).toEqual({ ok: false, code: 'invalid', issues: [{ field, reason }] });
      expect(await db.households.count()).toBe(0);
      expect(await db.outbox.count()).toBe(0);
    },
  );

  it('refuses a birth date in the future and a card issued before birth', async () => {
    setClock('2026-11-20T10:00:00+07:00'); // a fixed today, on which 2999 is in the future
    const h = await newHousehold();
    const future = await createRecord(db, 'person', { ...person(h.id), birthDate: '2999-01-01' });
    expect(future).toMatchObject({ ok: false, issues: [{ field: 'birthDate', reason: 'future_date' }] });
    const early = await createRecord(db, 'person', { ...person(h.id), cccdIssuedOn: '1979-01-01' });
    expect(early).toMatchObject({ ok: false, issues: [{ field: 'cccdIssuedOn', reason: 'before_birth' }] });
    expect(await db.persons.count()).toBe(0);
    expect(await db.outbox.count()).toBe(1);
  });

  it('a member must hang under a household on the phone', async () => {
    const r = await createRecord(db, 'person', person(crypto.randomUUID()));
    expect(r).toMatchObject({ ok: false, issues: [{ field: 'householdId', reason: 'invalid_reference' }] });
    expect(await db.outbox.count()).toBe(0);
  });

  it('an aborted transaction (the outbox add fails after the record was put) leaves neither', async () => {
    const first = await newHousehold();
    const used = (await outboxEntries(db))[0]!.id;
    let n = 0;
    // The second id (the mutation's) repeats an outbox id already used: the outbox add fails.
    const r = await createRecord(
      db,
      'household',
      { ...household, headName: 'Trần Thị Lan' },
      {
        newId: () => (n++ === 0 ? crypto.randomUUID() : used),
      },
    );
    expect(r).toMatchObject({ ok: false, code: 'storage' });
    expect(await db.households.count()).toBe(1);
    expect((await db.households.toArray())[0]!.id).toBe(first.id);
    expect(await db.outbox.count()).toBe(1);
  });

  it('a delete removes the household and what hangs under it, and queues one tombstone', async () => {
    const h = await newHousehold();
    const p = await createRecord(db, 'person', person(h.id));
    expect(p.ok).toBe(true);
    await createRecord(db, 'visit', { householdId: h.id, visitedOn: '2026-11-01', outcome: 'met' });
    const r = await deleteRecord(db, 'household', h.id);
    expect(r.ok).toBe(true);
    expect(await db.households.count()).toBe(0);
    expect(await db.persons.count()).toBe(0);
    expect(await db.visits.count()).toBe(0);
    const last = (await outboxEntries(db)).at(-1);
    expect(last).toMatchObject({ entity: 'household', entityId: h.id, op: 'delete', fields: {} });
  });

  it('deleting or updating an unknown record is not_found and queues nothing', async () => {
    expect(await deleteRecord(db, 'person', crypto.randomUUID())).toEqual({ ok: false, code: 'not_found' });
    expect(await updateRecord(db, 'task', crypto.randomUUID(), { status: 'done' })).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await db.outbox.count()).toBe(0);
  });

  it("a member's name makes the household findable by it, and leaves with the member", async () => {
    const h = await newHousehold();
    const p = await createRecord(db, 'person', {
      ...person(h.id),
      fullName: 'Lê Thị Hằng',
      relation: 'spouse',
      gender: 'female',
    });
    expect((await db.households.get(h.id))!._words).toContain('hang');
    await deleteRecord(db, 'person', p.ok ? p.record.id : '');
    expect((await db.households.get(h.id))!._words).not.toContain('hang');
  });

  it('moving a household to another village moves its members with it', async () => {
    const h = await newHousehold();
    await createRecord(db, 'person', person(h.id));
    const from = h.villageId;
    await villageProgress(db, from, '2026-11-30'); // the old village's index is built, then patched
    await updateRecord(db, 'household', h.id, { villageId: 'thon-tay' });
    expect(await villageProgress(db, from, '2026-11-30')).toMatchObject({ households: 0, persons14plus: 0 });
    expect(await villageProgress(db, 'thon-tay', '2026-11-30')).toMatchObject({
      households: 1,
      persons14plus: 1,
      cccdIssued14plus: 1,
    });
    expect((await getHousehold(db, h.id))!.household.villageId).toBe('thon-tay');
  });

  it('keeps the outbox in the order of the edits', async () => {
    const h = await newHousehold();
    for (const address of ['A', 'B', 'C']) await updateRecord(db, 'household', h.id, { address });
    const outbox = await outboxEntries(db);
    expect(outbox.map((m) => m.fields.address)).toEqual([household.address, 'A', 'B', 'C']);
    expect(outbox.map((m) => m.seq)).toEqual([...outbox.map((m) => m.seq)].sort((a, b) => a! - b!));
  });

  it('the database is opened with strict durability', () => {
    expect(
      (db as unknown as { _options: { chromeTransactionDurability: string } })._options
        .chromeTransactionDurability,
    ).toBe('strict');
    expect(Dexie.semVer).toMatch(/^4\./);
  });
});

// Issue 11: "nothing invalid is saved". An ID number that cannot be anyone's (a province code not in the
// list, a birth year still to come) is refused by the write path as the server refuses it; a record
// stored before that rule keeps its number and stays editable in its other fields.
describe('ID numbers that cannot be anyone’s', () => {
  // A fixed today: "born 2090" is a year still to come on it, and 2999 a date in the future.
  clockAt('2026-11-20T10:00:00+07:00');

  async function savedPerson(extra: Record<string, unknown> = {}) {
    const h = await newHousehold();
    const r = await createRecord(db, 'person', { ...person(h.id), ...extra });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.record;
  }

  it.each([
    ['a province code not in the list (099)', '099080012345', 'id_province'],
    ['4th digit 4 (born in the 2100s)', '001480012345', 'id_century'],
    ['4th digit 8 (born in the 2300s)', '001880012345', 'id_century'],
    ['4th digit 2 and year 90 (born 2090)', '001290012345', 'id_century'],
  ])('a new member with %s is refused: no record, no outbox row', async (_label, idNumber, reason) => {
    const h = await newHousehold();
    const r = await createRecord(db, 'person', { ...person(h.id), idNumber });
    expect(r).toEqual({ ok: false, code: 'invalid', issues: [{ field: 'idNumber', reason }] });
    expect(await db.persons.count()).toBe(0);
    expect(await db.outbox.count()).toBe(1); // the household's
  });

  it.each([
    ['a province code not in the list (099)', '099080012345', 'id_province'],
    ['an impossible century (4th digit 5)', '001580012345', 'id_century'],
  ])('an edit that sets %s is refused and changes nothing', async (_label, idNumber, reason) => {
    const p = await savedPerson({ idNumber: '001080012345' });
    const before = await db.outbox.count();
    const r = await updateRecord(db, 'person', p.id, { idNumber, note: 'sửa số' });
    expect(r).toEqual({ ok: false, code: 'invalid', issues: [{ field: 'idNumber', reason }] });
    expect((await db.persons.get(p.id))!.idNumber).toBe('001080012345');
    expect((await db.persons.get(p.id))!.note).toBeUndefined();
    expect(await db.outbox.count()).toBe(before);
  });

  it('a member whose stored ID number is legacy-invalid can still be edited in other fields', async () => {
    const p = await savedPerson({ cccdStatus: 'applied', idNumber: '001080012345' });
    // As an older version stored it (or a pull brought it) before the province rule existed.
    await db.persons.update(p.id, { idNumber: '099080012345' });
    const before = await db.outbox.count();

    // The card was issued: the form sends every field, the legacy number among them, unchanged.
    const stored = (await db.persons.get(p.id))!;
    const r = await updateRecord(db, 'person', p.id, {
      householdId: stored.householdId,
      fullName: stored.fullName,
      birthDate: stored.birthDate,
      gender: stored.gender,
      relation: stored.relation,
      idNumber: '099080012345',
      cccdStatus: 'issued',
      cccdIssuedOn: '2022-05-10',
      vneidStatus: stored.vneidStatus,
    });
    expect(r.ok).toBe(true);
    expect(await db.persons.get(p.id)).toMatchObject({
      idNumber: '099080012345',
      cccdStatus: 'issued',
      cccdIssuedOn: '2022-05-10',
    });
    const queued = (await outboxEntries(db)).slice(before);
    expect(queued.map((m) => m.fields)).toEqual([{ cccdStatus: 'issued', cccdIssuedOn: '2022-05-10' }]);

    // A patch of one field works too; a cross-field rule still judges the whole record.
    expect((await updateRecord(db, 'person', p.id, { vneidStatus: 'level2_active' })).ok).toBe(true);
    expect(await updateRecord(db, 'person', p.id, { cccdIssuedOn: '1979-01-01' })).toMatchObject({
      ok: false,
      issues: [{ field: 'cccdIssuedOn', reason: 'before_birth' }],
    });

    // Writing the number anew is judged: another bad one is refused, a right one saved.
    expect(await updateRecord(db, 'person', p.id, { idNumber: '098080012345' })).toMatchObject({
      ok: false,
      issues: [{ field: 'idNumber', reason: 'id_province' }],
    });
    expect((await updateRecord(db, 'person', p.id, { idNumber: '001080012345' })).ok).toBe(true);
    expect((await db.persons.get(p.id))!.idNumber).toBe('001080012345');
  });

  it('an edit still cannot blank a required field of that member', async () => {
    const p = await savedPerson({ idNumber: '001080012345' });
    await db.persons.update(p.id, { idNumber: '099080012345' });
    const before = await db.outbox.count();
    expect(await updateRecord(db, 'person', p.id, { fullName: '  ', note: 'x' })).toEqual({
      ok: false,
      code: 'invalid',
      issues: [{ field: 'fullName', reason: 'required' }],
    });
    expect(await updateRecord(db, 'person', p.id, { birthDate: '2999-01-01' })).toMatchObject({
      ok: false,
      issues: [{ field: 'birthDate', reason: 'future_date' }],
    });
    expect(await db.outbox.count()).toBe(before);
    expect((await db.persons.get(p.id))!.fullName).toBe('Nguyễn Văn Đức');
  });

  it('clearing a legacy-invalid ID number is allowed', async () => {
    const p = await savedPerson({ idNumber: '001080012345' });
    await db.persons.update(p.id, { idNumber: '001980012345' });
    expect((await updateRecord(db, 'person', p.id, { idNumber: '' })).ok).toBe(true);
    expect((await db.persons.get(p.id))!.idNumber).toBeUndefined();
    expect((await outboxEntries(db)).at(-1)!.fields).toEqual({ idNumber: null });
  });

  it('a number that only disagrees with the birth date is saved (a warning, not a refusal)', async () => {
    const p = await savedPerson({ idNumber: '001090012345' });
    expect((await db.persons.get(p.id))!.idNumber).toBe('001090012345');
  });
});

// Issue 12 point 4, "text that cannot spoof": the write path stores text as the server keeps it (NFC,
// invisible and bidi controls stripped, src/domain/text.ts), so record, outbox and server agree; a legacy
// value with now-stripped characters blocks no edit of another field; no input key reaches a prototype.
describe('text that cannot spoof', () => {
  const NFD = (s: string) => s.normalize('NFD');

  it('stores a name typed in NFD as NFC, in the record and in its mutation', async () => {
    const r = await createRecord(db, 'household', {
      ...household,
      headName: NFD('Nguyễn Văn Đức'),
      address: NFD('  Số 5,\u00A0ngõ 2  '),
    });
    expect(r.ok && r.record.headName).toBe('Nguyễn Văn Đức');
    const stored = (await db.households.get(r.ok ? r.record.id : ''))!;
    expect(stored.headName).toBe('Nguyễn Văn Đức'.normalize('NFC'));
    expect(stored.address).toBe('Số 5, ngõ 2');
    expect((await outboxEntries(db))[0]!.fields).toEqual(household);
  });

  it('an NFD resend of the stored NFC name (or one with a zero-width space) queues nothing', async () => {
    const h = await newHousehold();
    for (const headName of [
      NFD(household.headName),
      `${household.headName}\u200B`,
      ` \u202A${household.headName}`,
    ]) {
      const r = await updateRecord(db, 'household', h.id, { ...household, headName });
      expect(r.ok && r.record.headName).toBe(household.headName);
    }
    expect(await db.outbox.count()).toBe(1);
  });

  it('strips a right-to-left override and zero-width characters, keeps a note’s lines and emoji', async () => {
    const h = await newHousehold();
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    const r = await createRecord(db, 'person', {
      ...person(h.id),
      fullName: 'Nguyễn \u202EnA\u202C Văn\u200B',
      phone: '\u202A0912 345 678\u202C',
      note: `Gặp cả nhà ${family}\r\n\tHẹn\u00AD lại`,
    });
    expect(r.ok).toBe(true);
    const stored = (await db.persons.get(r.ok ? r.record.id : ''))!;
    expect(stored).toMatchObject({ fullName: 'Nguyễn nA Văn', phone: '0912 345 678' });
    expect(stored.note).toBe(`Gặp cả nhà ${family}\n\tHẹn lại`);
    expect((await outboxEntries(db)).at(-1)!.fields).toMatchObject({
      fullName: 'Nguyễn nA Văn',
      phone: '0912 345 678',
      note: `Gặp cả nhà ${family}\n\tHẹn lại`,
    });
  });

  it.each([
    ['only a zero-width space', '\u200B', 'required'],
    ['only bidi controls and a soft hyphen', '\u202E\u2066\u00AD', 'required'],
    ['a NUL', 'An\u0000', 'invalid_value'],
    ['a lone surrogate', 'An\uD800', 'invalid_value'],
  ])('a head name of %s is refused (%s), as the server refuses it', async (_label, headName, reason) => {
    const r = await createRecord(db, 'household', { ...household, headName });
    expect(r).toEqual({ ok: false, code: 'invalid', issues: [{ field: 'headName', reason }] });
    expect(await db.households.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('an optional field of only invisible characters is cleared, not stored empty', async () => {
    const h = await newHousehold();
    await updateRecord(db, 'household', h.id, { note: 'ghi chú', householdCode: 'HB-01' });
    await updateRecord(db, 'household', h.id, { note: '\u200B', householdCode: '\u200E \u2060' });
    expect((await outboxEntries(db)).at(-1)!.fields).toEqual({ householdCode: null, note: null });
    const stored = (await db.households.get(h.id))!;
    expect(stored.note).toBeUndefined();
    expect(stored.householdCode).toBeUndefined();
  });

  it('100 letters in NFD fit a name; 101 are too long', async () => {
    const h = await newHousehold();
    const ok = await updateRecord(db, 'household', h.id, { headName: NFD('ễ').repeat(100) });
    expect(ok.ok && ok.record.headName).toBe('ễ'.repeat(100));
    expect(await updateRecord(db, 'household', h.id, { headName: NFD('ễ').repeat(101) })).toEqual({
      ok: false,
      code: 'invalid',
      issues: [{ field: 'headName', reason: 'too_long' }],
    });
  });

  it('a legacy name holding now-stripped characters blocks no edit of another field, and is kept', async () => {
    const h = await newHousehold();
    // As an older version stored it: a zero-width space and an override the rule now strips.
    const legacy = 'Nguyễn\u200B Văn \u202EĐức';
    await db.households.update(h.id, { headName: legacy });
    const before = await db.outbox.count();
    const r = await updateRecord(db, 'household', h.id, { ...household, headName: legacy, note: 'đã gặp' });
    expect(r.ok).toBe(true);
    expect((await db.households.get(h.id))!.headName).toBe(legacy);
    expect((await outboxEntries(db)).slice(before).map((m) => m.fields)).toEqual([{ note: 'đã gặp' }]);
    // Retyping it writes the clean name.
    await updateRecord(db, 'household', h.id, { headName: 'Nguyễn Văn Đức' });
    expect((await db.households.get(h.id))!.headName).toBe('Nguyễn Văn Đức');
  });

  it('a name pasted with zero-width spaces and in NFD is still found tone-blind', async () => {
    const h = await newHousehold();
    await createRecord(db, 'person', {
      ...person(h.id),
      fullName: NFD('Lê Thị\u00A0Hằ\u200Bng'),
      relation: 'spouse',
    });
    const words = (await db.households.get(h.id))!._words;
    expect(words).toEqual(expect.arrayContaining(['le', 'thi', 'hang']));
  });

  it('a `__proto__` key in an input (as JSON.parse makes it) reaches no prototype and no mutation', async () => {
    const input = JSON.parse(
      `{"villageId":"thon-dong","address":"Số 5","headName":"An","__proto__":{"polluted":true,"note":"x"}}`,
    ) as Record<string, unknown>;
    expect(Object.keys(input)).toContain('__proto__');
    const r = await createRecord(db, 'household', input);
    expect(r.ok).toBe(true);
    const id = r.ok ? r.record.id : '';
    expect(Object.getPrototypeOf(r.ok ? r.record : null)).toBe(Object.prototype);
    const patch = JSON.parse(
      `{"address":"Số 6","__proto__":{"headName":"Kẻ giả"},"constructor":{"x":1}}`,
    ) as Record<string, unknown>;
    expect((await updateRecord(db, 'household', id, patch)).ok).toBe(true);
    const stored = (await db.households.get(id))!;
    expect(stored).toMatchObject({ headName: 'An', address: 'Số 6' });
    expect(stored.note).toBeUndefined();
    const outbox = await outboxEntries(db);
    expect(outbox.map((m) => Object.keys(m.fields).sort())).toEqual([
      ['address', 'headName', 'villageId'],
      ['address'],
    ]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
