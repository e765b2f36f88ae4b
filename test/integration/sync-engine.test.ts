// The phone's sync engine (src/sync/engine.ts) against the real server over loopback: two phones of
// one village, each with its own login, device id and local database.
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConflict } from '../../src/db/conflicts.ts';
import { createRecord, deleteRecord, updateRecord } from '../../src/db/write.ts';
import { auditOf, deviceView, openDevice, serverView, type Device } from '../support/devices.ts';
import { AREAS, BACKENDS, USERS, personFields, useServer } from '../support/server.ts';

describe.each(BACKENDS)('sync engine against the server on %s', (backend) => {
  const t = useServer(backend, { users: ['vol1', 'vol1b'] });
  const opened: Device[] = [];

  const phones = async (): Promise<[Device, Device]> => {
    const a = await openDevice({ name: 'A', phone: USERS.vol1.phone, url: () => t.url });
    const b = await openDevice({ name: 'B', phone: USERS.vol1b.phone, url: () => t.url });
    opened.push(a, b);
    // Start both from the server's current state.
    expect((await a.round()).ok).toBe(true);
    expect((await b.round()).ok).toBe(true);
    return [a, b];
  };

  afterEach(async () => {
    for (const d of opened.splice(0)) await d.close();
  });

  const ok = async (d: Device) => {
    const r = await d.round();
    expect(r, d.name).toMatchObject({ ok: true });
    return r;
  };

  async function newHousehold(d: Device, extra: Record<string, unknown> = {}) {
    const r = await createRecord(d.db, 'household', {
      villageId: AREAS.village1,
      address: 'Số 5, ngõ 3, xóm Chùa',
      headName: 'Nguyễn Văn Bình',
      ...extra,
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.record.id;
  }

  async function expectSameAsServer(...devices: Device[]) {
    const { view } = await serverView(t.world.vol1);
    for (const d of devices) expect(await deviceView(d), d.name).toEqual(view);
  }

  it("[PL10] pushes A's queued edits; B sees them after its round, with the server's versions", async () => {
    const [a, b] = await phones();
    const h = await newHousehold(a, { phone: '0912345678' });
    const p = await createRecord(a.db, 'person', personFields(h));
    if (!p.ok) throw new Error('person');
    expect((await updateRecord(a.db, 'household', h, { note: 'Nhà cấp 4' })).ok).toBe(true);
    expect(await a.db.outbox.count()).toBe(3);

    expect(await ok(a)).toMatchObject({ pushed: 3 });
    expect(await a.db.outbox.count()).toBe(0);
    await ok(b);

    const server = await t.world.vol1.snapshot();
    expect(server.get(h)).toMatchObject({ version: 2, data: { note: 'Nhà cấp 4', phone: '0912345678' } });
    expect(server.get(p.record.id)).toMatchObject({ version: 1 });
    const onB = await b.db.households.get(h);
    expect(onB).toMatchObject({ version: 2, note: 'Nhà cấp 4', headName: 'Nguyễn Văn Bình' });
    expect(await b.db.persons.get(p.record.id)).toMatchObject({ version: 1, householdId: h });
    await ok(a);
    await expectSameAsServer(a, b);
  });

  it('[P8] merges edits of different fields from A and B', async () => {
    const [a, b] = await phones();
    const h = await newHousehold(a);
    await ok(a);
    await ok(b);
    expect((await updateRecord(a.db, 'household', h, { note: 'Ghi chú của A' })).ok).toBe(true);
    expect((await updateRecord(b.db, 'household', h, { phone: '0987654321' })).ok).toBe(true);
    await ok(a);
    await ok(b);
    await ok(a);

    expect(await b.db.conflicts.count()).toBe(0);
    const server = (await t.world.vol1.record(h))!;
    expect(server.data).toMatchObject({ note: 'Ghi chú của A', phone: '0987654321' });
    expect(server.version).toBe(3);
    await expectSameAsServer(a, b);
  });

  it("[P19] a conflict on one field is kept on B; 'mine' then puts B's value on the server and on A", async () => {
    const [a, b] = await phones();
    const h = await newHousehold(a);
    await ok(a);
    await ok(b);
    expect((await updateRecord(a.db, 'household', h, { headName: 'Trần Văn A' })).ok).toBe(true);
    expect((await updateRecord(b.db, 'household', h, { headName: 'Lê Văn B' })).ok).toBe(true);
    await ok(a);
    await ok(b);

    const conflicts = await b.db.conflicts.toArray();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      entity: 'household',
      entityId: h,
      fields: [{ field: 'headName', client: 'Lê Văn B', server: 'Trần Văn A' }],
    });
    expect(await b.db.households.get(h)).toMatchObject({ headName: 'Trần Văn A' });
    expect((await t.world.vol1.record(h))!.data).toMatchObject({ headName: 'Trần Văn A' });

    expect(await resolveConflict(b.db, conflicts[0]!.id, 'client')).toMatchObject({ ok: true });
    expect(await b.db.conflicts.count()).toBe(0);
    await ok(b);
    expect(await b.db.conflicts.count()).toBe(0);
    expect((await t.world.vol1.record(h))!.data).toMatchObject({ headName: 'Lê Văn B' });
    await ok(a);
    expect(await a.db.households.get(h)).toMatchObject({ headName: 'Lê Văn B' });
    await ok(b);
    await expectSameAsServer(a, b);
  });

  it('[P14] a delete on A removes the household and its members on B', async () => {
    const [a, b] = await phones();
    const h = await newHousehold(a);
    const p1 = await createRecord(a.db, 'person', personFields(h));
    const p2 = await createRecord(a.db, 'person', personFields(h, { relation: 'child' }));
    if (!p1.ok || !p2.ok) throw new Error('persons');
    await ok(a);
    await ok(b);
    expect(await b.db.persons.where('householdId').equals(h).count()).toBe(2);

    expect((await deleteRecord(a.db, 'household', h)).ok).toBe(true);
    await ok(a);
    await ok(b);
    expect(await b.db.households.get(h)).toBeUndefined();
    expect(await b.db.persons.get(p1.record.id)).toBeUndefined();
    expect(await b.db.persons.get(p2.record.id)).toBeUndefined();
    const server = await t.world.vol1.snapshot();
    expect(server.get(h)).toMatchObject({ deleted: true });
    expect(server.get(p1.record.id)).toMatchObject({ deleted: true });
    await expectSameAsServer(a, b);
  });

  it('[P18] a lost answer keeps the outbox whole; the next round sends the same ids, applied once', async () => {
    const [a, b] = await phones();
    const h = await newHousehold(a);
    expect((await updateRecord(a.db, 'household', h, { note: 'Lần một' })).ok).toBe(true);
    const queued = (await a.db.outbox.toArray()).map((m) => m.id);
    expect(queued).toHaveLength(2);

    a.faults.push('drop-answer');
    const lost = await a.round();
    expect(lost).toMatchObject({ ok: false, failure: { kind: 'network' } });
    expect(a.delivered).toBeGreaterThan(0);
    expect((await a.db.outbox.toArray()).map((m) => m.id)).toEqual(queued);
    expect(a.received).toHaveLength(0);
    // The server did apply them.
    expect((await t.world.vol1.record(h))!.version).toBe(2);

    await ok(a);
    expect(a.received.map((r) => r.mutation.id)).toEqual(queued);
    expect(a.received.map((r) => r.result.status)).toEqual(['applied', 'applied']);
    expect(await a.db.outbox.count()).toBe(0);

    const audit = await auditOf(t.world.admin, h);
    expect(audit.map((e) => e.mutationId)).toEqual(queued);
    expect((await t.world.vol1.record(h))!.version).toBe(2);
    await ok(b);
    expect(await b.db.households.get(h)).toMatchObject({ version: 2, note: 'Lần một' });
    await expectSameAsServer(a, b);
  });

  it("[P18] a revoked token fails the round 'unauthenticated' with the outbox intact; a new login drains it", async () => {
    const [a, b] = await phones();
    const h = await newHousehold(a);
    const queued = (await a.db.outbox.toArray()).map((m) => m.id);

    const out = await fetch(`${t.url}/api/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(out.status).toBe(204);

    const refused = await a.round();
    expect(refused).toMatchObject({ ok: false, failure: { kind: 'unauthenticated' } });
    expect((await a.db.outbox.toArray()).map((m) => m.id)).toEqual(queued);
    expect(await t.world.vol1.record(h)).toBeUndefined();

    const old = a.token;
    await a.login();
    expect(a.token).not.toBe(old);
    expect(await ok(a)).toMatchObject({ pushed: 1 });
    expect(await a.db.outbox.count()).toBe(0);
    expect((await t.world.vol1.record(h))!.version).toBe(1);
    await ok(b);
    await expectSameAsServer(a, b);
  });
});
