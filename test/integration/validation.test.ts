// Issue 11, "nothing invalid is saved", on the server: an ID number that cannot be anyone's (a province
// code not in the list, a birth year still to come) is rejected as `invalid` and nothing is stored, as
// the phone refuses it; a mismatch with the record is kept (a data-cleaning case). Records stored before
// that rule stay editable in their other fields: a legacy value kept as stored is not judged again.
import { describe, expect, it } from 'vitest';
import { mergeUpsert, type RecordState } from '../../src/server/sync-service/merge.ts';
import {
  AREAS,
  BACKENDS,
  createChild,
  createHousehold,
  newPerson,
  upsert,
  useServer,
  type Backend,
  useLegacyRecord,
} from '../support/server.ts';

const rejectedInvalid = (detail: string) => ({
  status: 'rejected',
  error: { code: 'invalid', message: expect.stringContaining(detail) },
});

const BAD_NUMBERS = [
  ['a province code not in the list (099)', '099085012345', 'idNumber: id_province'],
  ['province 000', '000085012345', 'idNumber: id_province'],
  ['4th digit 4: born in the 2100s', '001485012345', 'idNumber: id_century'],
  ['4th digit 8: born in the 2300s (not the 1800s)', '001885012345', 'idNumber: id_century'],
  ['4th digit 2 and year 90: born 2090', '001290012345', 'idNumber: id_century'],
] as const;

describe.each(BACKENDS)('[R7] ID numbers on push, on %s', (backend) => {
  const t = useServer(backend, { users: ['vol1'] });

  it.each(BAD_NUMBERS)(
    '[R7] a new member with %s is rejected invalid, and nothing is stored',
    async (_label, idNumber, detail) => {
      const { vol1 } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      const m = newPerson(h, { idNumber });
      expect(await vol1.pushOne(m)).toEqual({ id: m.id, ...rejectedInvalid(detail) });
      expect(await vol1.record(m.entityId)).toBeUndefined();
    },
  );

  it.each(BAD_NUMBERS)(
    '[R7] an edit that writes %s is rejected invalid, and the stored member is unchanged',
    async (_label, idNumber, detail) => {
      const { vol1 } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      const p = await createChild(vol1, newPerson(h, { idNumber: '001185012345', birthDate: '1985-06-15' }));
      const before = await vol1.record(p);
      const m = upsert('person', p, { idNumber, note: 'sửa số định danh' }, 1);
      expect(await vol1.pushOne(m)).toEqual({ id: m.id, ...rejectedInvalid(detail) });
      expect(await vol1.record(p)).toEqual(before);
    },
  );

  it('[R7] a number that only disagrees with the birth date or gender is applied (a warning on the phone)', async () => {
    const { vol1 } = t.world;
    const h = await createHousehold(vol1, AREAS.village1);
    // Born 1985, female: the number says male (4th digit 0) born 1990.
    const m = newPerson(h, { idNumber: '001090012345', birthDate: '1985-06-15', gender: 'female' });
    expect(await vol1.pushOne(m)).toEqual({ id: m.id, status: 'applied', version: 1 });
    expect((await vol1.record(m.entityId))!.data).toMatchObject({ idNumber: '001090012345' });
  });
});

/**
 * A member stored before the rule: pushed with a right number, then the number rewritten in the store
 * as an older server version would have kept it, between two runs of the server on the same database.
 */
describe.each(BACKENDS)('[R8] a legacy ID number stored on %s', (backend: Backend) => {
  const LEGACY = '099085012345';
  const t = useLegacyRecord(backend, {
    field: 'idNumber',
    value: LEGACY,
    make: async (world) => {
      const h = await createHousehold(world.vol1, AREAS.village1);
      return createChild(
        world.vol1,
        newPerson(h, { idNumber: '001185012345', cccdStatus: 'applied', vneidStatus: 'none' }),
      );
    },
  });

  it('[R8] ticking "card issued" on that member is applied, and the stored number is kept', async () => {
    expect((await t.vol1.record(t.id))!.data).toMatchObject({ idNumber: LEGACY });
    const m = upsert('person', t.id, { cccdStatus: 'issued', cccdIssuedOn: '2022-05-10' }, 1);
    expect(await t.vol1.pushOne(m)).toEqual({ id: m.id, status: 'applied', version: 2 });
    expect((await t.vol1.record(t.id))!.data).toMatchObject({
      idNumber: LEGACY,
      cccdStatus: 'issued',
      cccdIssuedOn: '2022-05-10',
    });
  });

  it('[R8] an edit that sends the legacy number unchanged with another field is applied', async () => {
    const m = upsert('person', t.id, { idNumber: LEGACY, vneidStatus: 'level1' }, 2);
    expect(await t.vol1.pushOne(m)).toEqual({ id: m.id, status: 'applied', version: 3 });
    expect((await t.vol1.record(t.id))!.data).toMatchObject({ idNumber: LEGACY, vneidStatus: 'level1' });
  });

  it('[R8] writing another bad number is rejected; [R5] the cross-field rules still judge the whole record', async () => {
    const bad = upsert('person', t.id, { idNumber: '098085012345' }, 3);
    expect(await t.vol1.pushOne(bad)).toEqual({ id: bad.id, ...rejectedInvalid('idNumber: id_province') });
    const early = upsert('person', t.id, { cccdIssuedOn: '1984-01-01' }, 3);
    expect(await t.vol1.pushOne(early)).toEqual({
      id: early.id,
      ...rejectedInvalid('cccdIssuedOn: before_birth'),
    });
    expect((await t.vol1.record(t.id))!.version).toBe(3);
  });

  it('[R8] writing a right number over the legacy one is applied', async () => {
    const m = upsert('person', t.id, { idNumber: '001185012345' }, 3);
    expect(await t.vol1.pushOne(m)).toEqual({ id: m.id, status: 'applied', version: 4 });
    expect((await t.vol1.record(t.id))!.data).toMatchObject({ idNumber: '001185012345' });
  });
});

describe('[R8] mergeUpsert keeps a legacy stored value unjudged, and judges what it writes', () => {
  const legacy = (idNumber: string): RecordState => ({
    version: 3,
    data: {
      householdId: '0b6f8e58-54d4-4f5f-9a52-5d3c1f0a7e11',
      fullName: 'Nguyễn Văn An',
      birthDate: '1985-03-15',
      gender: 'male',
      relation: 'head',
      idNumber,
      cccdStatus: 'applied',
      vneidStatus: 'none',
    },
    fieldVersions: {},
    deleted: false,
  });
  const edit = (stored: RecordState, fields: Record<string, unknown>) =>
    mergeUpsert(stored, { entity: 'person', baseVersion: 3, fields, device: 'phone-a', user: 'user-a' });

  it.each(['099085012345', '001885012345', '001290012345'])(
    '[R8] stored %s: an edit of another field is written, the number kept',
    (idNumber) => {
      const d = edit(legacy(idNumber), { cccdStatus: 'issued', cccdIssuedOn: '2022-05-10' });
      expect(d.kind).toBe('write');
      if (d.kind !== 'write') return;
      expect(d.written).toEqual(['cccdStatus', 'cccdIssuedOn']);
      expect(d.next.data).toMatchObject({ idNumber, cccdStatus: 'issued' });
      expect(d.next.version).toBe(4);
    },
  );

  it('[R8] a legacy number sent unchanged is not a change and not judged', () => {
    const d = edit(legacy('099085012345'), { idNumber: '099085012345', note: 'đã gặp' });
    expect(d.kind === 'write' && d.written).toEqual(['note']);
    expect(edit(legacy('099085012345'), { idNumber: '099085012345' })).toEqual({
      kind: 'unchanged',
      version: 3,
      conflicts: [],
    });
  });

  it('[R8] writing a bad number over it, or creating a record with one, is rejected invalid', () => {
    expect(edit(legacy('099085012345'), { idNumber: '098085012345' })).toEqual({
      kind: 'rejected',
      code: 'invalid',
      message: 'idNumber: id_province',
    });
    expect(edit(legacy('001085012345'), { idNumber: '001485012345' })).toEqual({
      kind: 'rejected',
      code: 'invalid',
      message: 'idNumber: id_century',
    });
    const created = mergeUpsert(null, {
      entity: 'person',
      baseVersion: 0,
      fields: legacy('099085012345').data,
      device: 'phone-a',
      user: 'user-a',
    });
    expect(created).toEqual({ kind: 'rejected', code: 'invalid', message: 'idNumber: id_province' });
  });

  it('[R8] clearing a legacy number is written', () => {
    const d = edit(legacy('099085012345'), { idNumber: null });
    expect(d.kind === 'write' && d.next.data.idNumber).toBeUndefined();
    expect(d.kind === 'write' && d.written).toEqual(['idNumber']);
  });
});

describe.each(BACKENDS)('[R15] [R16] the fields added for campaigns, on %s', (backend) => {
  const t = useServer(backend, { users: ['vol1'] });

  it('[R15] a reason and an application day are stored and pulled; a day before birth is rejected', async () => {
    const { vol1 } = t.world;
    const h = await createHousehold(vol1, AREAS.village1);
    const p = await createChild(vol1, newPerson(h, { birthDate: '1950-02-01', vneidStatus: 'level1' }));
    const m = upsert('person', p, { vneidBlocker: 'home_visit', vneidRegisteredOn: '2026-11-02' }, 1);
    expect(await vol1.pushOne(m)).toEqual({ id: m.id, status: 'applied', version: 2 });
    expect((await vol1.record(p))!.data).toMatchObject({
      vneidBlocker: 'home_visit',
      vneidRegisteredOn: '2026-11-02',
    });
    const early = upsert('person', p, { vneidRegisteredOn: '1949-12-31' }, 2);
    expect(await vol1.pushOne(early)).toEqual({
      id: early.id,
      ...rejectedInvalid('vneidRegisteredOn: before_birth'),
    });
    const unknown = upsert('person', p, { vneidBlocker: 'busy' }, 2);
    expect(await vol1.pushOne(unknown)).toEqual({
      id: unknown.id,
      ...rejectedInvalid('vneidBlocker: invalid_value'),
    });
    expect((await vol1.record(p))!.version).toBe(2);
  });

  it('[R16] a household marked refused, then back in reach (null clears both)', async () => {
    const { vol1 } = t.world;
    const h = await createHousehold(vol1, AREAS.village1);
    const marked = upsert('household', h, { outOfReach: 'refused', outOfReachOn: '2026-11-20' }, 1);
    expect(await vol1.pushOne(marked)).toEqual({ id: marked.id, status: 'applied', version: 2 });
    expect((await vol1.record(h))!.data).toMatchObject({ outOfReach: 'refused', outOfReachOn: '2026-11-20' });
    const back = upsert('household', h, { outOfReach: null, outOfReachOn: null }, 2);
    expect(await vol1.pushOne(back)).toEqual({ id: back.id, status: 'applied', version: 3 });
    const data = (await vol1.record(h))!.data as Record<string, unknown>;
    expect([data.outOfReach ?? null, data.outOfReachOn ?? null]).toEqual([null, null]);
  });
});
