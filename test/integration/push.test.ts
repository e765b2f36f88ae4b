// SYNC-API.md "Push": batch bounds, exactly once, merge don't clobber, creating, references, field
// rules, deleting and tombstones, scope. Each test is named after the rule it checks.
import { describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../src/domain/sync-protocol.ts';
import { isoDateInVietnam } from '../../src/domain/dates.ts';
import {
  AREAS,
  BACKENDS,
  DAY_MS,
  PASSWORD,
  createChild,
  createHousehold,
  expectError,
  householdFields,
  newHousehold,
  newPerson,
  newTask,
  newVisit,
  remove,
  upsert,
  useServer,
  uuid,
} from '../support/server.ts';

const applied = (version: number) => ({ status: 'applied', version });
const rejected = (code: string) => ({ status: 'rejected', error: { code, message: expect.any(String) } });

describe.each(BACKENDS)('push on %s', (backend) => {
  const t = useServer(backend, { users: ['vol1', 'vol1b', 'vol2', 'vol12', 'police'] });

  describe('[P2] 1 to 500 mutations a request', () => {
    it('[P2] 0 mutations → 400 invalid_request naming mutations', async () => {
      const res = await t.world.vol1.post('/api/sync/push', {
        deviceId: t.world.vol1.deviceId,
        mutations: [],
      });
      expectError(res, 400, 'invalid_request');
      expect(res.text).toContain('mutations');
    });

    it('[P2] 501 mutations → 400 invalid_request, and none of them is stored', async () => {
      const mutations = Array.from({ length: 501 }, () => newHousehold(AREAS.village1));
      const res = await t.world.vol1.post('/api/sync/push', { deviceId: t.world.vol1.deviceId, mutations });
      expectError(res, 400, 'invalid_request');
      expect(res.text).toContain('mutations');
      const snap = await t.world.admin.snapshot();
      expect(mutations.filter((m) => snap.has(m.entityId))).toEqual([]);
    });

    it('[P4] 500 mutations → one result per mutation, in the same order', async () => {
      const mutations = Array.from({ length: 500 }, () => newHousehold(AREAS.village1));
      const results = await t.world.vol1.push(mutations);
      expect(results.map((r) => r.id)).toEqual(mutations.map((m) => m.id));
      expect(results.every((r) => r.status === 'applied' && r.version === 1)).toBe(true);
    });
  });

  describe('[P5] a bad mutation does not stop the others', () => {
    it('[P5] valid, invalid, unknown, valid → applied, rejected, rejected, applied', async () => {
      const a = newHousehold(AREAS.village1);
      const bad = newHousehold(AREAS.village1, { address: '' });
      const unknown = upsert('household', uuid(), { address: 'Số 1' }, 4);
      const b = newHousehold(AREAS.village1);
      const results = await t.world.vol1.push([a, bad, unknown, b]);
      expect(results).toEqual([
        { id: a.id, ...applied(1) },
        { id: bad.id, ...rejected('invalid') },
        { id: unknown.id, ...rejected('not_found') },
        { id: b.id, ...applied(1) },
      ]);
      const snap = await t.world.vol1.snapshot();
      expect(snap.has(a.entityId) && snap.has(b.entityId)).toBe(true);
      expect(snap.has(bad.entityId)).toBe(false);
    });
  });

  describe('[P6] a mutation id sent again changes nothing and returns the first result', () => {
    it('[P6] replaying a whole batch returns the first answers exactly; versions and pull unchanged', async () => {
      const { vol1, vol1b } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      expect((await vol1b.pushOne(upsert('household', h, { address: 'Số 2, xóm Đình' }, 1))).status).toBe(
        'applied',
      );
      const batch: Mutation[] = [
        upsert('household', h, { address: 'Số 3, xóm Đình', headName: 'Nguyễn Văn Ba' }, 1), // conflict
        newHousehold(AREAS.village1), // applied
        newPerson(h), // applied
        newHousehold(AREAS.village1, { headName: '' }), // rejected invalid
        newVisit(uuid()), // rejected invalid_reference
        upsert('household', h, { note: 'Hộ cận nghèo' }, 1), // applied (own earlier change)
      ];
      const first = await vol1.push(batch);
      expect(first.map((r) => r.status)).toEqual([
        'conflict',
        'applied',
        'applied',
        'rejected',
        'rejected',
        'applied',
      ]);
      const before = await t.world.admin.pullAll();
      const snapBefore = await t.world.admin.snapshot();

      const again = await vol1.push(batch);
      expect(again).toEqual(first);
      // A retry through another phone of the same user still answers the first result.
      const other = await vol1.otherDevice(PASSWORD);
      expect(await other.push(batch)).toEqual(first);

      expect((await t.world.admin.pullAll(before.cursor)).changes).toEqual([]);
      expect(await t.world.admin.snapshot()).toEqual(snapBefore);
    });

    it('[P7] the same batch delivered twice at once (a retry racing the original) is applied once', async () => {
      const { vol1 } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      const batch = [
        upsert('household', h, { note: 'một lần' }, 1),
        newPerson(h),
        upsert('household', h, { headName: 'Một Lần Thôi' }, 1),
      ];
      const [a, b, c] = await Promise.all([vol1.push(batch), vol1.push(batch), vol1.push(batch)]);
      expect(b).toEqual(a);
      expect(c).toEqual(a);
      expect(a.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      expect(await vol1.record(h)).toMatchObject({ version: 3 });
    });

    it('[P6] a replay after later changes returns the first answer and does not undo them', async () => {
      const { vol1 } = t.world;
      const create = newHousehold(AREAS.village1);
      expect(await vol1.pushOne(create)).toEqual({ id: create.id, ...applied(1) });
      await vol1.pushOne(upsert('household', create.entityId, { address: 'Số 9, ngõ 9' }, 1));
      await vol1.pushOne(upsert('household', create.entityId, { headName: 'Lê Văn Chín' }, 2));
      expect(await vol1.pushOne(create)).toEqual({ id: create.id, ...applied(1) });
      const rec = await vol1.record(create.entityId);
      expect(rec).toMatchObject({ version: 3, data: { address: 'Số 9, ngõ 9', headName: 'Lê Văn Chín' } });
    });

    it('[P6] a rejected mutation replayed after its cause went away is still rejected the same way', async () => {
      const { vol1 } = t.world;
      const householdId = uuid();
      const person = newPerson(householdId);
      const first = await vol1.pushOne(person);
      expect(first).toEqual({ id: person.id, ...rejected('invalid_reference') });
      await vol1.pushOne(upsert('household', householdId, householdFields(AREAS.village1)));
      expect(await vol1.pushOne(person)).toEqual(first);
      expect(await vol1.record(person.entityId)).toBeUndefined();
    });

    it('[P6] an id sent again with another body returns the first result and stores nothing new', async () => {
      const { vol1 } = t.world;
      const h = await createHousehold(vol1, AREAS.village1, { note: 'lần đầu' });
      const m = upsert('household', h, { note: 'lần hai' }, 1);
      const first = await vol1.pushOne(m);
      expect(first).toEqual({ id: m.id, ...applied(2) });
      const changed = { ...m, fields: { note: 'lần ba' }, baseVersion: 2 };
      expect(await vol1.pushOne(changed)).toEqual(first);
      const anotherRecord = { ...newHousehold(AREAS.village1), id: m.id };
      expect(await vol1.pushOne(anotherRecord)).toEqual(first);
      expect(await vol1.record(h)).toMatchObject({ version: 2, data: { note: 'lần hai' } });
      expect(await vol1.record(anotherRecord.entityId)).toBeUndefined();
    });
  });

  describe("[P8] Merge, don't clobber", () => {
    it('[P8] different fields from two devices are both applied, version +1 each', async () => {
      const { vol1, vol1b } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      const a = upsert('household', h, { address: 'Số 12, xóm Chợ' }, 1);
      const b = upsert('household', h, { headName: 'Trần Thị Bích', phone: '0912345678' }, 1);
      expect(await vol1.pushOne(a)).toEqual({ id: a.id, ...applied(2) });
      expect(await vol1b.pushOne(b)).toEqual({ id: b.id, ...applied(3) });
      expect(await vol1.record(h)).toMatchObject({
        version: 3,
        deleted: false,
        data: { address: 'Số 12, xóm Chợ', headName: 'Trần Thị Bích', phone: '0912345678' },
      });
    });

    it('[P8] a conflict on one field: that field keeps the server value, the other fields are applied', async () => {
      const { vol1, vol1b } = t.world;
      const h = await createHousehold(vol1, AREAS.village1, { note: 'cũ' });
      expect((await vol1.pushOne(upsert('household', h, { address: 'Số 1, xóm Trên' }, 1))).status).toBe(
        'applied',
      );
      const m = upsert('household', h, { address: 'Số 2, xóm Dưới', note: 'mới' }, 1);
      const r = await vol1b.pushOne(m);
      expect(r).toEqual({
        id: m.id,
        status: 'conflict',
        version: 3,
        applied: ['note'],
        conflicts: [{ field: 'address', server: 'Số 1, xóm Trên', client: 'Số 2, xóm Dưới' }],
      });
      expect(await vol1.record(h)).toMatchObject({
        version: 3,
        data: { address: 'Số 1, xóm Trên', note: 'mới' },
      });
    });

    it('[P10] a mutation whose every field conflicts writes nothing and keeps the version', async () => {
      const { vol1, vol1b } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      await vol1.pushOne(upsert('household', h, { headName: 'Vũ Văn Một' }, 1));
      const m = upsert('household', h, { headName: 'Vũ Văn Hai' }, 1);
      const r = await vol1b.pushOne(m);
      expect(r).toEqual({
        id: m.id,
        status: 'conflict',
        version: 2,
        applied: [],
        conflicts: [{ field: 'headName', server: 'Vũ Văn Một', client: 'Vũ Văn Hai' }],
      });
      expect(await vol1.record(h)).toMatchObject({ version: 2, data: { headName: 'Vũ Văn Một' } });
    });

    it('[P8] a field another device cleared (null) conflicts too, the server value being null', async () => {
      const { vol1, vol1b } = t.world;
      const h = await createHousehold(vol1, AREAS.village1, { note: 'Có người khuyết tật' });
      expect(await vol1.pushOne(upsert('household', h, { note: null }, 1))).toMatchObject(applied(2));
      const m = upsert('household', h, { note: 'Hộ nghèo' }, 1);
      expect(await vol1b.pushOne(m)).toEqual({
        id: m.id,
        status: 'conflict',
        version: 2,
        applied: [],
        conflicts: [{ field: 'note', server: null, client: 'Hộ nghèo' }],
      });
    });

    it('[P9] two phones of the same user are two devices: their edits of one field conflict', async () => {
      const phoneA = t.world.vol1;
      const phoneB = await phoneA.otherDevice(PASSWORD);
      const h = await createHousehold(phoneA, AREAS.village1);
      await phoneA.pushOne(upsert('household', h, { address: 'Số 5, xóm Gò' }, 1));
      const r = await phoneB.pushOne(upsert('household', h, { address: 'Số 6, xóm Gò' }, 1));
      expect(r).toMatchObject({
        status: 'conflict',
        conflicts: [{ field: 'address', server: 'Số 5, xóm Gò' }],
      });
    });

    it('[P10] the same value sent by another device is no conflict', async () => {
      const { vol1, vol1b } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      await vol1.pushOne(upsert('household', h, { address: 'Số 7, xóm Bãi' }, 1));
      const m = upsert('household', h, { address: 'Số 7, xóm Bãi' }, 1);
      const r = await vol1b.pushOne(m);
      expect(r).toMatchObject({ id: m.id, status: 'applied' });
      const rec = await vol1.record(h);
      expect(rec).toMatchObject({ data: { address: 'Số 7, xóm Bãi' } });
      expect(r.status === 'applied' && r.version).toBe(rec!.version);
    });

    it('[P8] a conflict on a person: fields of each kind are merged the same way', async () => {
      const { vol1, vol1b } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      const p = await createChild(vol1, newPerson(h, { cccdStatus: 'none', vneidStatus: 'none' }));
      await vol1.pushOne(upsert('person', p, { cccdStatus: 'applied' }, 1));
      const m = upsert('person', p, { cccdStatus: 'issued', vneidStatus: 'level1' }, 1);
      expect(await vol1b.pushOne(m)).toEqual({
        id: m.id,
        status: 'conflict',
        version: 3,
        applied: ['vneidStatus'],
        conflicts: [{ field: 'cccdStatus', server: 'applied', client: 'issued' }],
      });
    });
  });

  describe("[P9] a device's own earlier mutations never conflict with its later ones", () => {
    it('[P9] create and several edits of one record queued at baseVersion 0, in one batch', async () => {
      const { vol1 } = t.world;
      const id = uuid();
      const batch = [
        upsert('household', id, householdFields(AREAS.village1, { note: 'một' })),
        upsert('household', id, { note: 'hai', address: 'Số 1, xóm Cầu' }),
        upsert('household', id, { note: 'ba' }),
        upsert('household', id, { address: 'Số 2, xóm Cầu' }),
      ];
      const results = await vol1.push(batch);
      expect(results).toEqual(batch.map((m, i) => ({ id: m.id, ...applied(i + 1) })));
      expect(await vol1.record(id)).toMatchObject({
        version: 4,
        data: { note: 'ba', address: 'Số 2, xóm Cầu' },
      });
    });

    it('[P9] edits queued at baseVersion 0 and sent in several pushes', async () => {
      const { vol1 } = t.world;
      const id = uuid();
      expect((await vol1.pushOne(upsert('household', id, householdFields(AREAS.village1)))).status).toBe(
        'applied',
      );
      expect(await vol1.pushOne(upsert('household', id, { headName: 'Mai Văn Hai' }))).toMatchObject(
        applied(2),
      );
      expect(await vol1.pushOne(upsert('household', id, { headName: 'Mai Văn Ba' }))).toMatchObject(
        applied(3),
      );
    });

    it('[P9] edits at an old base after another device changed other fields: applied', async () => {
      const { vol1, vol1b } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      expect(await vol1.pushOne(upsert('household', h, { address: 'Số 3, xóm Soi' }, 1))).toMatchObject(
        applied(2),
      );
      expect(await vol1b.pushOne(upsert('household', h, { headName: 'Đào Thị Hạnh' }, 1))).toMatchObject(
        applied(3),
      );
      expect(await vol1.pushOne(upsert('household', h, { address: 'Số 4, xóm Soi' }, 1))).toMatchObject(
        applied(4),
      );
      expect(await vol1.record(h)).toMatchObject({
        data: { address: 'Số 4, xóm Soi', headName: 'Đào Thị Hạnh' },
      });
    });

    it('[P9] but when another device changed that field after my edit, my next edit on the old base conflicts', async () => {
      const { vol1, vol1b } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      await vol1.pushOne(upsert('household', h, { address: 'Số 5, xóm Đông' }, 1));
      await vol1b.pushOne(upsert('household', h, { address: 'Số 6, xóm Đông' }, 2));
      const m = upsert('household', h, { address: 'Số 7, xóm Đông' }, 1);
      expect(await vol1.pushOne(m)).toEqual({
        id: m.id,
        status: 'conflict',
        version: 3,
        applied: [],
        conflicts: [{ field: 'address', server: 'Số 6, xóm Đông', client: 'Số 7, xóm Đông' }],
      });
    });
  });

  describe('[P11] upsert with baseVersion 0 of an unknown entityId', () => {
    it('[P11] creates the record at version 1 with every field sent', async () => {
      const fields = householdFields(AREAS.village1, {
        householdCode: '001234567890',
        phone: '0987654321',
        note: 'Nhà cuối ngõ',
      });
      const m = upsert('household', uuid(), fields);
      expect(await t.world.vol1.pushOne(m)).toEqual({ id: m.id, ...applied(1) });
      expect(await t.world.vol1.record(m.entityId)).toMatchObject({
        entity: 'household',
        entityId: m.entityId,
        version: 1,
        deleted: false,
        data: fields,
      });
    });

    it('[P12] creates persons, tasks and visits of a household of my village', async () => {
      const { vol1 } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      const p = newPerson(h, { idNumber: '001085012345', cccdIssuedOn: '2022-03-01', note: null });
      const results = await vol1.push([p, newTask(h, { personId: p.entityId }), newVisit(h)]);
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      expect(await vol1.record(p.entityId)).toMatchObject({
        entity: 'person',
        data: { ...p.fields, note: null },
      });
    });

    it('[P11] a new record without its required fields is rejected invalid', async () => {
      const m = upsert('household', uuid(), { villageId: AREAS.village1, address: 'Số 1' });
      expect(await t.world.vol1.pushOne(m)).toEqual({ id: m.id, ...rejected('invalid') });
      expect(await t.world.admin.record(m.entityId)).toBeUndefined();
    });

    it('[P11] baseVersion > 0 of an unknown record → rejected not_found', async () => {
      for (const entity of ['household', 'person', 'task', 'visit'] as const) {
        const m = upsert(entity, uuid(), { note: 'x' }, 3);
        expect(await t.world.vol1.pushOne(m)).toEqual({ id: m.id, ...rejected('not_found') });
      }
    });
  });

  describe('[P12] a person, task or visit must point at an existing household in my villages', () => {
    it('[P12] a missing household → invalid_reference', async () => {
      const h = uuid();
      const results = await t.world.vol1.push([newPerson(h), newTask(h), newVisit(h)]);
      expect(results.map((r) => r.status === 'rejected' && r.error.code)).toEqual(
        Array(3).fill('invalid_reference'),
      );
    });

    it("[P12] another village's household → invalid_reference", async () => {
      const h = await createHousehold(t.world.vol2, AREAS.village2);
      const batch = [newPerson(h), newTask(h), newVisit(h)];
      const results = await t.world.vol1.push(batch);
      expect(results.map((r) => r.status === 'rejected' && r.error.code)).toEqual(
        Array(3).fill('invalid_reference'),
      );
      const snap = await t.world.admin.snapshot();
      expect(batch.filter((m) => snap.has(m.entityId))).toEqual([]);
    });

    it('[P12] a deleted household → invalid_reference', async () => {
      const h = await createHousehold(t.world.vol1, AREAS.village1);
      expect(await t.world.vol1.pushOne(remove('household', h, 1))).toMatchObject(applied(2));
      const results = await t.world.vol1.push([newPerson(h), newTask(h), newVisit(h)]);
      expect(results.map((r) => r.status === 'rejected' && r.error.code)).toEqual(
        Array(3).fill('invalid_reference'),
      );
    });

    it("[P12] a task's personId of another household, or of no one → invalid_reference", async () => {
      const { vol1 } = t.world;
      const h1 = await createHousehold(vol1, AREAS.village1);
      const h2 = await createHousehold(vol1, AREAS.village1);
      const p2 = await createChild(vol1, newPerson(h2));
      const results = await vol1.push([newTask(h1, { personId: p2 }), newTask(h1, { personId: uuid() })]);
      expect(results.map((r) => r.status === 'rejected' && r.error.code)).toEqual([
        'invalid_reference',
        'invalid_reference',
      ]);
      // And an existing task cannot be pointed at another household's person either.
      const task = await createChild(vol1, newTask(h1));
      const r = await vol1.pushOne(upsert('task', task, { personId: p2 }, 1));
      expect(r).toMatchObject(rejected('invalid_reference'));
      expect(await vol1.record(task)).toMatchObject({ version: 1 });
    });

    it('[P12] a person cannot be moved to a missing household', async () => {
      const { vol1 } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      const p = await createChild(vol1, newPerson(h));
      expect(await vol1.pushOne(upsert('person', p, { householdId: uuid() }, 1))).toMatchObject(
        rejected('invalid_reference'),
      );
    });
  });

  describe('[R14] field rules: a mutation breaking one is rejected invalid', () => {
    const future = isoDateInVietnam(Date.now() + 30 * DAY_MS);
    const cases: [string, 'household' | 'person' | 'task' | 'visit', Record<string, unknown>][] = [
      ['a date that does not exist', 'person', { birthDate: '2001-02-29' }],
      ['a date not YYYY-MM-DD', 'person', { birthDate: '15/06/1985' }],
      ['a birth date in the future', 'person', { birthDate: future }],
      ['an 11-digit idNumber', 'person', { idNumber: '00108501234' }],
      ['a 13-digit idNumber', 'person', { idNumber: '0010850123456' }],
      ['an idNumber with letters', 'person', { idNumber: '00108501234A' }],
      ['an unknown gender', 'person', { gender: 'other' }],
      ['an unknown relation', 'person', { relation: 'cousin' }],
      ['an unknown cccdStatus', 'person', { cccdStatus: 'expired' }],
      ['an unknown vneidStatus', 'person', { vneidStatus: 'level3' }],
      ['an empty fullName', 'person', { fullName: '' }],
      ['a fullName of 101 chars', 'person', { fullName: 'A'.repeat(101) }],
      ['a bad cccdIssuedOn', 'person', { cccdIssuedOn: '2020-13-01' }],
      ['an empty address', 'household', { address: '' }],
      ['an address of 201 chars', 'household', { address: 'x'.repeat(201) }],
      ['a headName of 101 chars', 'household', { headName: 'x'.repeat(101) }],
      ['a blank headName', 'household', { headName: '   ' }],
      ['a number for a text', 'household', { address: 42 }],
      ['an unknown task kind', 'task', { kind: 'lost_dog' }],
      ['an unknown task status', 'task', { status: 'pending' }],
      ['an unknown visit outcome', 'visit', { outcome: 'maybe' }],
      ['a visit in the future', 'visit', { visitedOn: future }],
      ['a bad visit date', 'visit', { visitedOn: '2026-04-31' }],
    ];

    it.each(cases)('[R14] on create: %s', async (_name, entity, patch) => {
      const { vol1 } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      const base = {
        household: newHousehold(AREAS.village1),
        person: newPerson(h),
        task: newTask(h),
        visit: newVisit(h),
      }[entity];
      const m = { ...base, fields: { ...base.fields, ...patch } };
      expect(await vol1.pushOne(m)).toEqual({ id: m.id, ...rejected('invalid') });
      expect(await vol1.record(m.entityId)).toBeUndefined();
    });

    it.each(cases)('[R14] on update: %s, and the record is unchanged', async (_name, entity, patch) => {
      const { vol1 } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      const create = {
        household: upsert('household', h, {}, 1),
        person: newPerson(h),
        task: newTask(h),
        visit: newVisit(h),
      }[entity];
      const id = entity === 'household' ? h : await createChild(vol1, create);
      const before = await vol1.record(id);
      const m = upsert(entity, id, patch, 1);
      expect(await vol1.pushOne(m)).toEqual({ id: m.id, ...rejected('invalid') });
      expect(await vol1.record(id)).toEqual(before);
    });

    it('[R2] boundary values are accepted: 12-digit idNumber, birth date today in Vietnam, 200-char address', async () => {
      const { vol1 } = t.world;
      const h = await createHousehold(vol1, AREAS.village1, {
        address: 'x'.repeat(200),
        headName: 'y'.repeat(100),
      });
      const p = newPerson(h, {
        idNumber: '001225012345',
        birthDate: isoDateInVietnam(Date.now()),
        relation: 'grandchild',
      });
      expect(await vol1.pushOne(p)).toMatchObject(applied(1));
    });

    it('[P15] a household whose villageId is not a village is refused', async () => {
      for (const villageId of [AREAS.communeA, 'thon-khong-co', 'Thôn Đông']) {
        const m = newHousehold(villageId);
        const r = await t.world.admin.pushOne(m);
        expect(r.status, JSON.stringify(r)).toBe('rejected');
        expect(['invalid', 'invalid_reference']).toContain(r.status === 'rejected' && r.error.code);
        expect(await t.world.admin.record(m.entityId)).toBeUndefined();
      }
    });

    it('[R4] optional fields sent as null are cleared', async () => {
      const { vol1 } = t.world;
      const h = await createHousehold(vol1, AREAS.village1, { note: 'Người cao tuổi', phone: '0912000111' });
      expect(await vol1.pushOne(upsert('household', h, { note: null, phone: null }, 1))).toMatchObject(
        applied(2),
      );
      const rec = await vol1.record(h);
      expect(rec!.data!.note ?? null).toBeNull();
      expect(rec!.data!.phone ?? null).toBeNull();
    });
  });

  describe('[P13] delete leaves a tombstone; later upserts are rejected deleted', () => {
    it('[P13] pull shows deleted: true, data: null; an upsert afterwards is rejected deleted', async () => {
      const { vol1, vol1b } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      const { cursor } = await vol1.pullAll();
      const del = remove('household', h, 1);
      expect(await vol1.pushOne(del)).toEqual({ id: del.id, ...applied(2) });
      const { changes } = await vol1.pullAll(cursor);
      expect(changes.find((c) => c.entityId === h)).toEqual({
        entity: 'household',
        entityId: h,
        version: 2,
        deleted: true,
        data: null,
      });
      for (const [api, base] of [
        [vol1, 2],
        [vol1b, 1],
        [vol1, 0],
      ] as const) {
        const m = upsert('household', h, { address: 'Số 1, hồi sinh' }, base);
        expect(await api.pushOne(m)).toEqual({ id: m.id, ...rejected('deleted') });
      }
      expect(await vol1.record(h)).toMatchObject({ version: 2, deleted: true, data: null });
    });

    it('[P13] deleting a person, task or visit leaves a tombstone of each', async () => {
      const { vol1 } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      const ids = [
        await createChild(vol1, newPerson(h)),
        await createChild(vol1, newTask(h)),
        await createChild(vol1, newVisit(h)),
      ];
      const entities = ['person', 'task', 'visit'] as const;
      const results = await vol1.push(ids.map((id, i) => remove(entities[i]!, id, 1)));
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      const snap = await vol1.snapshot();
      for (const id of ids) expect(snap.get(id)).toMatchObject({ version: 2, deleted: true, data: null });
      expect(snap.get(h)).toMatchObject({ deleted: false });
    });

    it('[P14] deleting a household takes its persons, tasks and visits with it in pull', async () => {
      const { vol1 } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      const p = await createChild(vol1, newPerson(h));
      const children = [
        p,
        await createChild(vol1, newPerson(h)),
        await createChild(vol1, newTask(h, { personId: p })),
        await createChild(vol1, newVisit(h)),
      ];
      const { cursor } = await vol1.pullAll();
      expect(await vol1.pushOne(remove('household', h, 1))).toMatchObject(applied(2));
      const { changes } = await vol1.pullAll(cursor);
      const byId = new Map(changes.map((c) => [c.entityId, c]));
      for (const id of [h, ...children]) {
        expect(byId.get(id), id).toMatchObject({ deleted: true, data: null });
      }
      // And they cannot be brought back on their own.
      const r = await vol1.pushOne(upsert('person', p, { fullName: 'Vẫn còn đây' }, 1));
      expect(r.status).toBe('rejected');
      expect(['deleted', 'invalid_reference']).toContain(r.status === 'rejected' && r.error.code);
    });
  });

  describe('[P15] a volunteer may only write records of their villages', () => {
    it('[P15] creating a household in another village → forbidden, nothing stored', async () => {
      const m = newHousehold(AREAS.village2);
      expect(await t.world.vol1.pushOne(m)).toEqual({ id: m.id, ...rejected('forbidden') });
      expect(await t.world.admin.record(m.entityId)).toBeUndefined();
    });

    it("[P15] editing or deleting another village's household or person → forbidden, unchanged", async () => {
      const { vol1, vol2 } = t.world;
      const h = await createHousehold(vol2, AREAS.village2);
      const p = await createChild(vol2, newPerson(h));
      const before = await vol2.snapshot();
      const results = await vol1.push([
        upsert('household', h, { address: 'Số 1, chiếm' }, 1),
        upsert('person', p, { fullName: 'Tên Khác' }, 1),
        remove('person', p, 1),
        remove('household', h, 1),
      ]);
      expect(results.map((r) => r.status === 'rejected' && r.error.code)).toEqual(Array(4).fill('forbidden'));
      const after = await vol2.snapshot();
      expect(after.get(h)).toEqual(before.get(h));
      expect(after.get(p)).toEqual(before.get(p));
    });

    it('[P16] moving a household needs both villages', async () => {
      const { vol1, vol2, vol12 } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      const p = await createChild(vol1, newPerson(h));
      expect(await vol1.pushOne(upsert('household', h, { villageId: AREAS.village2 }, 1))).toMatchObject(
        rejected('forbidden'),
      );
      expect(await vol2.pushOne(upsert('household', h, { villageId: AREAS.village2 }, 1))).toMatchObject(
        rejected('forbidden'),
      );
      expect(await vol1.record(h)).toMatchObject({ version: 1, data: { villageId: AREAS.village1 } });
      expect(await vol12.pushOne(upsert('household', h, { villageId: AREAS.village2 }, 1))).toMatchObject(
        applied(2),
      );
      // A person belongs to the village of its household: now village 2's.
      expect(await vol2.pushOne(upsert('person', p, { cccdStatus: 'applied' }, 1))).toMatchObject(applied(2));
      expect(await vol1.pushOne(upsert('person', p, { cccdStatus: 'lost' }, 2))).toMatchObject(
        rejected('forbidden'),
      );
      expect(await vol1.pushOne(upsert('household', h, { note: 'x' }, 2))).toMatchObject(
        rejected('forbidden'),
      );
    });

    it('[P15] an admin may write any village', async () => {
      const results = await t.world.admin.push([newHousehold(AREAS.village1), newHousehold(AREAS.village3)]);
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    });

    it('[P1] police get 403 on this endpoint', async () => {
      const res = await t.world.police.post('/api/sync/push', {
        deviceId: t.world.police.deviceId,
        mutations: [newHousehold(AREAS.village1)],
      });
      expectError(res, 403, 'forbidden');
    });
  });

  describe('[R1] version: 1 at creation, +1 at every applied change', () => {
    it('[R1] a run of edits, a conflict with applied fields, and a delete count one each', async () => {
      const { vol1, vol1b } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      const versions: number[] = [1];
      const push = async (api: typeof vol1, m: Mutation): Promise<MutationResult> => {
        const r = await api.pushOne(m);
        if (r.status !== 'rejected') versions.push(r.version);
        return r;
      };
      await push(vol1, upsert('household', h, { address: 'Số 10' }, 1));
      await push(vol1b, upsert('household', h, { address: 'Số 11', note: 'a' }, 1)); // conflict, note applied
      await push(vol1, upsert('household', h, { headName: 'Hồ Văn Mười' }, 3));
      await push(vol1, remove('household', h, 4));
      expect(versions).toEqual([1, 2, 3, 4, 5]);
      expect(await vol1.record(h)).toMatchObject({ version: 5, deleted: true });
    });
  });

  describe('[P4] results match the protocol schema', () => {
    it('[P4] every result is one of the three shapes', async () => {
      const { pushResponseSchema } = await import('../../src/domain/sync-protocol.ts');
      const h = await createHousehold(t.world.vol1, AREAS.village1);
      await t.world.vol1b.pushOne(upsert('household', h, { address: 'A' }, 1));
      const res = await t.world.vol1.post('/api/sync/push', {
        deviceId: t.world.vol1.deviceId,
        mutations: [upsert('household', h, { address: 'B' }, 1), newPerson(h), newPerson(uuid())],
      });
      expect(res.status).toBe(200);
      expect(pushResponseSchema.safeParse(res.body).success).toBe(true);
    });
  });
});
