// SYNC-API.md "Devices" (which phones of an area synced, and when, on the server's clock) and the
// admin's audit trail of applied changes (DESIGN.md: "see the audit trail").
import { describe, expect, it } from 'vitest';
import {
  AREAS,
  BACKENDS,
  ISO_TIME,
  PASSWORD,
  TestClock,
  USERS,
  createHousehold,
  expectError,
  newPerson,
  remove,
  upsert,
  useServer,
  type Api,
  type DeviceRow,
} from '../support/server.ts';

type Device = DeviceRow;

const MINUTE = 60_000;

describe.each(BACKENDS)('devices and audit on %s', (backend) => {
  const clock = new TestClock(Date.parse('2026-11-21T02:00:00.000Z'));
  const t = useServer(backend, { clock, users: ['vol1', 'vol1b', 'vol2', 'vol3', 'police', 'policeB'] });

  const devices = async (api: Api, areaId: string) => {
    const res = await api.get<{ devices: Device[] }>(`/api/devices?areaId=${areaId}`);
    expect(res.status, res.text).toBe(200);
    return new Map(res.body.devices.map((d) => [d.deviceId, d]));
  };

  describe('[D1] GET /api/devices?areaId: which phones of that area have synced, and when', () => {
    const times: Record<string, string> = {};
    const at = (label: string) => {
      clock.advance(MINUTE);
      times[label] = clock.iso();
    };

    it('[D4] shows each device with its user and its last push and pull', async () => {
      const { vol1, vol1b, vol2, vol3, police, admin } = t.world;
      at('vol1.push');
      const h = await createHousehold(vol1, AREAS.village1);
      at('vol1.pull');
      await vol1.pullAll();
      at('vol1b.push');
      await vol1b.pushOne(upsert('household', h, { note: 'Đã gặp chủ hộ' }, 1));
      at('vol1b.pull');
      await vol1b.pullAll();
      at('vol2.pull');
      await vol2.pullAll();
      at('vol3.push');
      await createHousehold(vol3, AREAS.village3);

      for (const api of [police, admin]) {
        const v1 = await devices(api, AREAS.village1);
        expect(v1.get(vol1.deviceId)).toEqual({
          deviceId: vol1.deviceId,
          userId: vol1.userId,
          userName: USERS.vol1.name,
          lastPushAt: expect.stringMatching(ISO_TIME),
          lastPullAt: expect.stringMatching(ISO_TIME),
          areaIds: [AREAS.village1],
        });
        expect(Date.parse(v1.get(vol1.deviceId)!.lastPushAt!)).toBe(Date.parse(times['vol1.push']!));
        expect(Date.parse(v1.get(vol1.deviceId)!.lastPullAt!)).toBe(Date.parse(times['vol1.pull']!));
        expect(v1.get(vol1b.deviceId)).toMatchObject({ userId: vol1b.userId, userName: USERS.vol1b.name });
        expect(Date.parse(v1.get(vol1b.deviceId)!.lastPushAt!)).toBe(Date.parse(times['vol1b.push']!));
        expect(Date.parse(v1.get(vol1b.deviceId)!.lastPullAt!)).toBe(Date.parse(times['vol1b.pull']!));
        expect(v1.has(vol2.deviceId)).toBe(false);
        expect(v1.has(vol3.deviceId)).toBe(false);

        // The commune: its villages' phones; one that only pulled has no push time.
        const commune = await devices(api, AREAS.communeA);
        expect([...commune.keys()].sort()).toEqual(
          expect.arrayContaining([vol1.deviceId, vol1b.deviceId, vol2.deviceId]),
        );
        expect(commune.has(vol3.deviceId)).toBe(false);
        expect(commune.get(vol2.deviceId)).toMatchObject({ userId: vol2.userId, lastPushAt: null });
        expect(Date.parse(commune.get(vol2.deviceId)!.lastPullAt!)).toBe(Date.parse(times['vol2.pull']!));
      }
    });

    it('[D4] a later push or pull moves the times; [D3] the same user on a second phone is a second device', async () => {
      const { vol1, police } = t.world;
      at('vol1.push2');
      await createHousehold(vol1, AREAS.village1);
      const phone2 = await vol1.otherDevice(PASSWORD);
      at('phone2.pull');
      await phone2.pullAll();
      const v1 = await devices(police, AREAS.village1);
      expect(Date.parse(v1.get(vol1.deviceId)!.lastPushAt!)).toBe(Date.parse(times['vol1.push2']!));
      expect(Date.parse(v1.get(vol1.deviceId)!.lastPullAt!)).toBe(Date.parse(times['vol1.pull']!));
      expect(v1.get(phone2.deviceId)).toMatchObject({ userId: vol1.userId, lastPushAt: null });
      expect(Date.parse(v1.get(phone2.deviceId)!.lastPullAt!)).toBe(Date.parse(times['phone2.pull']!));
    });

    it('[D1] a volunteer → 403; police of another commune → 403', async () => {
      expectError(await t.world.vol1.get(`/api/devices?areaId=${AREAS.village1}`), 403, 'forbidden');
      expectError(await t.world.vol1.get(`/api/devices?areaId=${AREAS.communeA}`), 403, 'forbidden');
      expectError(await t.world.policeB.get(`/api/devices?areaId=${AREAS.communeA}`), 403, 'forbidden');
      expectError(await t.world.policeB.get(`/api/devices?areaId=${AREAS.village1}`), 403, 'forbidden');
    });
  });

  describe('[A21] GET /api/admin/audit?entityId: each applied change with user, device, time, old and new', () => {
    const audit = async (entityId: string) => {
      const res = await t.world.admin.get<{ entries: AuditEntry[] }>(`/api/admin/audit?entityId=${entityId}`);
      expect(res.status, res.text).toBe(200);
      return res.body.entries;
    };

    it('[A22] lists every applied change of a record, oldest first, and nothing for refused ones', async () => {
      const { vol1, vol1b } = t.world;
      clock.advance(MINUTE);
      const created = clock.iso();
      const create = upsert('household', crypto.randomUUID(), {
        villageId: AREAS.village1,
        address: 'Số 1, xóm Đình',
        headName: 'Ngô Văn Kiểm',
        note: 'ban đầu',
      });
      const h = create.entityId;
      expect((await vol1.pushOne(create)).status).toBe('applied');
      clock.advance(MINUTE);
      const edited = clock.iso();
      const edit = upsert('household', h, { address: 'Số 2, xóm Đình', note: 'ban đầu' }, 1);
      expect((await vol1b.pushOne(edit)).status).toBe('applied');
      // A conflict that writes nothing and a rejected mutation leave no trace.
      expect((await vol1.pushOne(upsert('household', h, { address: 'Số 3, xóm Đình' }, 1))).status).toBe(
        'conflict',
      );
      expect((await vol1.pushOne(upsert('household', h, { address: '' }, 2))).status).toBe('rejected');
      expect((await t.world.vol2.pushOne(upsert('household', h, { note: 'x' }, 2))).status).toBe('rejected');
      clock.advance(MINUTE);
      const deleted = clock.iso();
      const del = remove('household', h, 2);
      expect((await vol1.pushOne(del)).status).toBe('applied');

      const entries = await audit(h);
      expect(entries).toHaveLength(3);
      const [e1, e2, e3] = entries as [AuditEntry, AuditEntry, AuditEntry];
      expect(e1).toMatchObject({
        entityId: h,
        userId: vol1.userId,
        deviceId: vol1.deviceId,
        mutationId: create.id,
      });
      expect(Date.parse(e1.at)).toBe(Date.parse(created));
      expect(e1.changes.address).toEqual({ old: null, new: 'Số 1, xóm Đình' });
      expect(e1.changes.headName).toEqual({ old: null, new: 'Ngô Văn Kiểm' });
      expect(e2).toMatchObject({
        entityId: h,
        userId: vol1b.userId,
        deviceId: vol1b.deviceId,
        mutationId: edit.id,
      });
      expect(Date.parse(e2.at)).toBe(Date.parse(edited));
      expect(e2.changes.address).toEqual({ old: 'Số 1, xóm Đình', new: 'Số 2, xóm Đình' });
      // The note was sent unchanged: it is no change.
      expect(e2.changes.note).toBeUndefined();
      expect(e3).toMatchObject({
        entityId: h,
        userId: vol1.userId,
        deviceId: vol1.deviceId,
        mutationId: del.id,
      });
      expect(Date.parse(e3.at)).toBe(Date.parse(deleted));
    });

    it('[A22] a conflict that applied some fields is one entry with those fields only', async () => {
      const { vol1, vol1b } = t.world;
      const h = await createHousehold(vol1, AREAS.village1, { note: 'cũ' });
      await vol1.pushOne(upsert('household', h, { address: 'Số 8, xóm Trại' }, 1));
      const m = upsert('household', h, { address: 'Số 9, xóm Trại', note: 'mới' }, 1);
      expect((await vol1b.pushOne(m)).status).toBe('conflict');
      const entries = await audit(h);
      expect(entries).toHaveLength(3);
      expect(entries[2]).toMatchObject({ mutationId: m.id, deviceId: vol1b.deviceId });
      expect(entries[2]!.changes).toEqual({ note: { old: 'cũ', new: 'mới' } });
    });

    it('[A21] a person change names its fields old and new', async () => {
      const { vol1 } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      const p = newPerson(h, { cccdStatus: 'applied' });
      await vol1.pushOne(p);
      await vol1.pushOne(
        upsert('person', p.entityId, { cccdStatus: 'issued', cccdIssuedOn: '2026-11-01' }, 1),
      );
      const entries = await audit(p.entityId);
      expect(entries).toHaveLength(2);
      expect(entries[1]!.changes.cccdStatus).toEqual({ old: 'applied', new: 'issued' });
      expect(entries[1]!.changes.cccdIssuedOn).toEqual({ old: null, new: '2026-11-01' });
    });

    it('[A20] a volunteer or police officer → 403', async () => {
      const h = await createHousehold(t.world.vol1, AREAS.village1);
      expectError(await t.world.vol1.get(`/api/admin/audit?entityId=${h}`), 403, 'forbidden');
      expectError(await t.world.police.get(`/api/admin/audit?entityId=${h}`), 403, 'forbidden');
    });

    it('[A21] a record never written has no entries; an entityId that is no uuid → 400', async () => {
      expectError(await t.world.admin.get('/api/admin/audit?entityId=not-a-uuid'), 400, 'invalid_request');
      expect(await audit(crypto.randomUUID())).toEqual([]);
    });
  });
});

/** One audit entry, as the server gives it (an addition to the contract). */
interface AuditEntry {
  at: string;
  userId: string;
  deviceId: string;
  mutationId: string | null;
  entity: string;
  entityId: string;
  changes: Record<string, { old: unknown; new: unknown }>;
}
