// Who a push speaks for (issue 12; SYNC-API.md "Push" and "Accounts and areas"): a mutation id belongs to
// the user who sent it (exactly once per user, never another user's answer), and the device of a push is
// the one its token was issued to (a push naming another deviceId is refused). Each test is named after
// the rule it checks; every one of them fails on a server that keys answers by mutation id alone or
// believes the body's deviceId.
import { describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../src/domain/sync-protocol.ts';
import {
  AREAS,
  BACKENDS,
  PASSWORD,
  USERS,
  auditTrail,
  createHousehold,
  expectError,
  householdFields,
  listDevices,
  newHousehold,
  newPerson,
  pushNaming,
  upsert,
  useServer,
  uuid,
  type Api,
  type DeviceRow,
} from '../support/server.ts';

/** The same mutation under another id: what a phone of another user might send with a colliding id. */
const withId = (m: Mutation, id: string): Mutation => ({ ...m, id });

/** The devices list in a stable order, for before/after comparisons. */
const sorted = (rows: DeviceRow[]) =>
  [...rows].sort((a, b) => `${a.deviceId}:${a.userId}`.localeCompare(`${b.deviceId}:${b.userId}`));

describe.each(BACKENDS)('sync identity on %s', (backend) => {
  const t = useServer(backend, { users: ['vol1', 'vol1b', 'vol2', 'police'] });

  describe("[P6] mutation ids belong to their author: another user's mutation with the same id is that user's own", () => {
    it("[P6] a second user pushing a mutation id the first user already used gets its own result, applied to its own record; the first user's retry still gets its original answer", async () => {
      const { vol1, vol1b, vol2, admin } = t.world;
      // The first user's answer carries village 1's values: a conflict with vol1b's address.
      const h1 = await createHousehold(vol1, AREAS.village1);
      await vol1b.pushOne(upsert('household', h1, { address: 'Số 41, xóm Đình (thôn Đông)' }, 1));
      const first = upsert('household', h1, { address: 'Số 42, xóm Đình', note: 'hộ nghèo' }, 1);
      const firstAnswer = await vol1.pushOne(first);
      expect(firstAnswer).toMatchObject({
        id: first.id,
        status: 'conflict',
        version: 3,
        applied: ['note'],
        conflicts: [{ field: 'address', server: 'Số 41, xóm Đình (thôn Đông)' }],
      });

      // Another user, another village, the same mutation id: a new mutation of that user.
      const second = withId(newHousehold(AREAS.village2), first.id);
      const secondAnswer = await vol2.pushOne(second);
      expect(secondAnswer).toEqual({ id: first.id, status: 'applied', version: 1 });
      expect(JSON.stringify(secondAnswer)).not.toContain('thôn Đông');
      expect(await vol2.record(second.entityId)).toMatchObject({
        version: 1,
        deleted: false,
        data: { villageId: AREAS.village2, address: second.fields.address },
      });
      expect(await auditTrail(admin, second.entityId)).toEqual([
        expect.objectContaining({ mutationId: first.id, userId: vol2.userId, op: 'create' }),
      ]);

      // Each user's retry gets that user's own first answer, and changes nothing.
      expect(await vol1.pushOne(first)).toEqual(firstAnswer);
      expect(await vol2.pushOne(second)).toEqual(secondAnswer);
      expect(await vol1.record(h1)).toMatchObject({ version: 3, data: { note: 'hộ nghèo' } });
      expect(await vol2.record(second.entityId)).toMatchObject({ version: 1 });
    });

    it("[P6] another user's mutation with a used id is judged on its own merits: rejected when it must be, though the first was applied", async () => {
      const { vol1, vol2, admin } = t.world;
      const create = newHousehold(AREAS.village1);
      expect(await vol1.pushOne(create)).toEqual({ id: create.id, status: 'applied', version: 1 });
      // vol2 may not touch village 1: with the old keying it was answered vol1's "applied".
      const intrusion = withId(upsert('household', create.entityId, { note: 'của thôn Tây' }, 1), create.id);
      expect(await vol2.pushOne(intrusion)).toEqual({
        id: create.id,
        status: 'rejected',
        error: { code: 'forbidden', message: expect.any(String) },
      });
      expect(await admin.record(create.entityId)).toMatchObject({ version: 1 });
      expect((await admin.record(create.entityId))?.data?.note ?? null).toBeNull();
    });

    it('[P6] two users pushing the same mutation id at once each get their own result, applied to their own record', async () => {
      const { vol1, vol2, admin } = t.world;
      for (let round = 0; round < 10; round++) {
        const id = uuid();
        const a = withId(newHousehold(AREAS.village1), id);
        const b = withId(newHousehold(AREAS.village2), id);
        const [ra, rb] = await Promise.all([vol1.pushOne(a), vol2.pushOne(b)]);
        expect(ra).toEqual({ id, status: 'applied', version: 1 });
        expect(rb).toEqual({ id, status: 'applied', version: 1 });
        const snap = await admin.snapshot();
        expect(snap.get(a.entityId)).toMatchObject({ version: 1, data: { villageId: AREAS.village1 } });
        expect(snap.get(b.entityId)).toMatchObject({ version: 1, data: { villageId: AREAS.village2 } });
      }
    });

    it("[RV8] each author's conflict or rejection under one mutation id reaches the review, under that author", async () => {
      const { vol1, vol2, police } = t.world;
      const h1 = await createHousehold(vol1, AREAS.village1);
      const h2 = await createHousehold(vol2, AREAS.village2);
      const id = uuid();
      const r1 = await vol1.pushOne(withId(upsert('household', h1, { address: '' }, 1), id));
      const r2 = await vol2.pushOne(withId(upsert('household', h2, { headName: '' }, 1), id));
      expect([r1.status, r2.status]).toEqual(['rejected', 'rejected']);
      const res = await police.get<{ issues: { mutationId: string; userId: string; householdId: string }[] }>(
        `/api/review/issues?areaId=${AREAS.communeA}&limit=1000`,
      );
      expect(res.status, res.text).toBe(200);
      const mine = res.body.issues.filter((i) => i.mutationId === id);
      expect(mine.map((i) => [i.userId, i.householdId]).sort()).toEqual(
        [
          [vol1.userId, h1],
          [vol2.userId, h2],
        ].sort(),
      );
    });
  });

  describe("[P7] the same user's retry of a mutation id is answered the same and applied once", () => {
    it('[P7] 50 retries of one edit at once: 50 equal answers, one new version, one audit entry', async () => {
      const { vol1, admin } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      const m = upsert('household', h, { note: 'chỉ một lần' }, 1);
      const answers = await Promise.all(Array.from({ length: 50 }, () => vol1.pushOne(m)));
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(answers[0]).toEqual({ id: m.id, status: 'applied', version: 2 });
      expect(await vol1.record(h)).toMatchObject({ version: 2, data: { note: 'chỉ một lần' } });
      expect((await auditTrail(admin, h)).map((e) => e.mutationId)).toEqual([expect.any(String), m.id]);
    });

    it("[P7] 50 retries of a batch at once, half of them through the user's second phone: the first answers each time, applied once", async () => {
      const { vol1, admin } = t.world;
      const phone2 = await vol1.otherDevice(PASSWORD);
      const create = upsert('household', uuid(), householdFields(AREAS.village1));
      const batch = [create, newPerson(create.entityId), upsert('household', create.entityId, { note: 'b' })];
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? vol1 : phone2).push(batch)),
      );
      for (const a of answers) expect(a).toEqual(answers[0]);
      expect(answers[0]!.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      expect(await admin.record(create.entityId)).toMatchObject({ version: 2, data: { note: 'b' } });
      expect(await auditTrail(admin, create.entityId)).toHaveLength(2);
      expect(await auditTrail(admin, batch[1]!.entityId)).toHaveLength(1);
    });
  });

  describe('[P3] the device is who the token says: a push that names another deviceId is refused', () => {
    const communeDevices = async () => sorted(await listDevices(t.world.police, AREAS.communeA));

    /** 403 forbidden, nothing stored (records, answers), the devices list as before. */
    const expectRefused = async (api: Api, deviceId: string) => {
      const { admin } = t.world;
      const h = await createHousehold(api, AREAS.village1);
      const devicesBefore = await communeDevices();
      const batch = [newHousehold(AREAS.village1), upsert('household', h, { note: 'mượn máy' }, 1)];
      const res = await pushNaming(api, deviceId, batch);
      expectError(res, 403, 'forbidden');
      expect((res.body as unknown as { error: { message: string } }).error.message).toMatch(/another device/);
      expect(await admin.record(batch[0]!.entityId)).toBeUndefined();
      expect(await admin.record(h)).toMatchObject({ version: 1 });
      // No row added (the borrowed id under this user), no time moved (the borrowed phone's last push).
      expect(await communeDevices()).toEqual(devicesBefore);
      // No answer was remembered either: the same mutations from the token's own device are new.
      expect((await api.push(batch)).map((r: MutationResult) => r.status)).toEqual(['applied', 'applied']);
    };

    it("[P3] another phone's deviceId (the same user's other phone) → 403 forbidden, nothing applied, devices list unchanged", async () => {
      const phone2 = await t.world.vol1.otherDevice(PASSWORD);
      await expectRefused(t.world.vol1, phone2.deviceId);
      await expectRefused(phone2, t.world.vol1.deviceId);
    });

    it("[P3] another user's phone's deviceId → 403 forbidden, nothing applied, devices list unchanged", async () => {
      await expectRefused(t.world.vol1, t.world.vol1b.deviceId);
      await expectRefused(t.world.vol1, t.world.vol2.deviceId);
    });

    it('[P3] a random deviceId → 403 forbidden, nothing applied, and the id never reaches the devices list', async () => {
      const random = uuid();
      await expectRefused(t.world.vol1, random);
      expect((await communeDevices()).map((d) => d.deviceId)).not.toContain(random);
    });

    it("[D2] the token's own deviceId is served, and the devices list and the audit name that device", async () => {
      const { vol1, admin } = t.world;
      const m = newHousehold(AREAS.village1);
      const res = await pushNaming(vol1, vol1.deviceId, [m]);
      expect(res.status, res.text).toBe(200);
      expect(res.body.results).toEqual([{ id: m.id, status: 'applied', version: 1 }]);
      expect(await auditTrail(admin, m.entityId)).toEqual([
        expect.objectContaining({ deviceId: vol1.deviceId, userId: vol1.userId }),
      ]);
      const mine = (await communeDevices()).filter((d) => d.deviceId === vol1.deviceId);
      expect(mine).toEqual([
        expect.objectContaining({ userId: vol1.userId, lastPushAt: expect.any(String) }),
      ]);
    });

    it("[P3] the token's own deviceId written in capitals is the same device: served, listed once under the token's spelling", async () => {
      const { vol1 } = t.world;
      const res = await pushNaming(vol1, vol1.deviceId.toUpperCase(), [newHousehold(AREAS.village1)]);
      expect(res.status, res.text).toBe(200);
      const ids = (await communeDevices()).map((d) => d.deviceId.toLowerCase());
      expect(ids.filter((id) => id === vol1.deviceId.toLowerCase())).toHaveLength(1);
    });

    it("[P9] conflict detection still holds between two real devices of one user, each signed in; borrowing the other phone's id to skip it is refused", async () => {
      const phoneA = t.world.vol1;
      const phoneB = await phoneA.otherDevice(PASSWORD);
      const h = await createHousehold(phoneA, AREAS.village1);
      expect(await phoneA.pushOne(upsert('household', h, { address: 'Số 5, xóm Gò' }, 1))).toMatchObject({
        status: 'applied',
        version: 2,
      });
      const edit = upsert('household', h, { address: 'Số 6, xóm Gò' }, 1);
      // As phone A, phone B's edit would be "a device's own" and overwrite A's address silently.
      expectError(await pushNaming(phoneB, phoneA.deviceId, [edit]), 403, 'forbidden');
      expect(await phoneB.pushOne(edit)).toEqual({
        id: edit.id,
        status: 'conflict',
        version: 2,
        applied: [],
        conflicts: [{ field: 'address', server: 'Số 5, xóm Gò', client: 'Số 6, xóm Gò' }],
      });
      // And each phone's own queued edits still never conflict with each other.
      expect(await phoneA.pushOne(upsert('household', h, { address: 'Số 7, xóm Gò' }, 1))).toMatchObject({
        status: 'applied',
        version: 3,
      });
    });

    it("[P9] signing in under another volunteer's phone id does not make that phone's edits one's own: they come back as conflicts", async () => {
      const owner = t.world.vol1;
      const h = await createHousehold(owner, AREAS.village1);
      expect(await owner.pushOne(upsert('household', h, { address: 'Số 5, xóm Gò' }, 1))).toMatchObject({
        status: 'applied',
        version: 2,
      });
      // Another volunteer of the village learns the owner's device id and signs in under it.
      const borrower = await t.world.anon.login(USERS.vol1b.phone, PASSWORD, owner.deviceId);
      expect(borrower.deviceId).toBe(owner.deviceId);
      const edit = upsert('household', h, { address: 'Số 9, xóm Gò' }, 1);
      expect(await borrower.pushOne(edit)).toEqual({
        id: edit.id,
        status: 'conflict',
        version: 2,
        applied: [],
        conflicts: [{ field: 'address', server: 'Số 5, xóm Gò', client: 'Số 9, xóm Gò' }],
      });
      // The owner's own later edits on that phone still never conflict with its earlier ones.
      expect(await owner.pushOne(upsert('household', h, { address: 'Số 7, xóm Gò' }, 1))).toMatchObject({
        status: 'applied',
        version: 3,
      });
    });

    it("[PL1] a pull names no device: a deviceId in the query is ignored, the token's device is the one listed", async () => {
      const { vol2 } = t.world;
      const stranger = uuid();
      const res = await vol2.get(`/api/sync/pull?deviceId=${stranger}&limit=1`);
      expect(res.status, res.text).toBe(200);
      const rows = await communeDevices();
      expect(rows.map((d) => d.deviceId)).not.toContain(stranger);
      expect(rows.find((d) => d.deviceId === vol2.deviceId)).toMatchObject({
        userId: vol2.userId,
        lastPullAt: expect.any(String),
      });
    });
  });
});
