// A household that moves to another village "leaves the area" of the old village's phones: their pull
// brings the household and its live members, tasks and visits as tombstones (record_departures), while
// the new village's phones get them live and a phone of both villages sees only a change.
import { afterEach, describe, expect, it } from 'vitest';
import { createRecord, updateRecord } from '../../src/db/write.ts';
import type { Change } from '../../src/domain/sync-protocol.ts';
import { openDevice, type Device } from '../support/devices.ts';
import type { Api } from '../support/server.ts';
import {
  AREAS,
  BACKENDS,
  USERS,
  householdFields,
  newHousehold,
  newPerson,
  newTask,
  newVisit,
  remove,
  upsert,
  useServer,
} from '../support/server.ts';

describe.each(BACKENDS)('[PL8] moved households on %s', (backend) => {
  const t = useServer(backend, { users: ['vol1', 'vol2', 'vol12', 'vol3', 'police', 'policeB'] });
  const opened: Device[] = [];
  afterEach(async () => {
    for (const d of opened.splice(0)) await d.close();
  });

  /** Every page from `cursor`, checked: none over the limit, none repeating an id, none empty with more. */
  const pages = async (api: Api, cursor: string | null, limit: number) => {
    const out: Change[][] = [];
    let next = cursor;
    for (;;) {
      const page = await api.pullPage(next, limit);
      expect(page.changes.length).toBeLessThanOrEqual(limit);
      const ids = page.changes.map((c) => c.entityId);
      expect(new Set(ids).size).toBe(ids.length);
      out.push(page.changes);
      next = page.cursor;
      if (!page.hasMore) return { pages: out, changes: out.flat(), cursor: page.cursor };
      expect(page.changes.length).toBeGreaterThan(0);
      expect(out.length).toBeLessThan(5000);
    }
  };

  /** The phone's final state per id after applying the changes in order: 'live' or 'gone'. */
  const finalState = (changes: readonly Change[]) => {
    const out = new Map<string, 'live' | 'gone'>();
    for (const c of changes) out.set(c.entityId, c.deleted ? 'gone' : 'live');
    return out;
  };

  const tombstone = (c: Pick<Change, 'entity' | 'entityId' | 'version'>): Change => ({
    entity: c.entity,
    entityId: c.entityId,
    version: c.version,
    deleted: true,
    data: null,
  });

  /** A household of `village` with a person, a task and a visit, created by `api`: their ids. */
  const family = async (api: Api, village: string) => {
    const h = newHousehold(village);
    const p = newPerson(h.entityId);
    const k = newTask(h.entityId);
    const v = newVisit(h.entityId);
    const results = await api.push([h, p, k, v]);
    expect(results.map((r) => r.status)).toEqual(Array(4).fill('applied'));
    return {
      h: h.entityId,
      p: p.entityId,
      k: k.entityId,
      v: v.entityId,
      all: [h, p, k, v].map((m) => m.entityId),
    };
  };

  const move = async (api: Api, householdId: string, village: string, baseVersion: number) =>
    api.pushOne(upsert('household', householdId, { villageId: village }, baseVersion));

  it('[P16] who may move: a volunteer of one village no; a volunteer of both and an admin yes', async () => {
    const { vol1, vol2, vol12, admin } = t.world;
    const f = await family(vol1, AREAS.village1);
    expect(await move(vol1, f.h, AREAS.village2, 1)).toMatchObject({
      status: 'rejected',
      error: { code: 'forbidden' },
    });
    expect(await move(vol2, f.h, AREAS.village2, 1)).toMatchObject({
      status: 'rejected',
      error: { code: 'forbidden' },
    });
    expect(await move(vol12, f.h, AREAS.village2, 1)).toMatchObject({ status: 'applied', version: 2 });
    expect(await move(admin, f.h, AREAS.village1, 2)).toMatchObject({ status: 'applied', version: 3 });
  });

  it('[PL8] the old village gets tombstones once, the new one live records, a phone of both no tombstone', async () => {
    const { vol1, vol2, vol12, vol3, police, policeB, admin } = t.world;
    const f = await family(vol1, AREAS.village1);
    const callers = { vol1, vol2, vol12, vol3, police, policeB };
    const before = Object.fromEntries(
      await Promise.all(Object.entries(callers).map(async ([k, api]) => [k, (await api.pullAll()).cursor])),
    ) as Record<keyof typeof callers, string>;
    expect((await vol1.pullAll()).changes.filter((c) => f.all.includes(c.entityId))).toHaveLength(4);

    expect(await move(admin, f.h, AREAS.village2, 1)).toMatchObject({ status: 'applied', version: 2 });

    const a = (await vol1.pullAll(before.vol1)).changes;
    expect(a).toHaveLength(4);
    expect(new Set(a.map((c) => c.entityId))).toEqual(new Set(f.all));
    expect(a.find((c) => c.entityId === f.h)).toEqual(
      tombstone({ entity: 'household', entityId: f.h, version: 2 }),
    );
    expect(a.find((c) => c.entityId === f.p)).toEqual(
      tombstone({ entity: 'person', entityId: f.p, version: 1 }),
    );
    expect(a.find((c) => c.entityId === f.k)).toEqual(
      tombstone({ entity: 'task', entityId: f.k, version: 1 }),
    );
    expect(a.find((c) => c.entityId === f.v)).toEqual(
      tombstone({ entity: 'visit', entityId: f.v, version: 1 }),
    );

    for (const api of [vol2, vol12, police]) {
      const b = (await api.pullAll(before[api === vol2 ? 'vol2' : api === vol12 ? 'vol12' : 'police']))
        .changes;
      expect(new Set(b.map((c) => c.entityId))).toEqual(new Set(f.all));
      expect(b.every((c) => !c.deleted && c.data !== null)).toBe(true);
      expect(b.find((c) => c.entityId === f.h)).toMatchObject({
        version: 2,
        data: { villageId: AREAS.village2 },
      });
    }
    // Outside both villages: nothing at all.
    expect((await vol3.pullAll(before.vol3)).changes).toEqual([]);
    expect((await policeB.pullAll(before.policeB)).changes).toEqual([]);

    // From the beginning: the old village ends with each of them gone, each sent once.
    const all = (await vol1.pullAll()).changes.filter((c) => f.all.includes(c.entityId));
    expect(all).toHaveLength(4);
    expect(all.every((c) => c.deleted && c.data === null)).toBe(true);
    // A phone of both villages, from the beginning: live, no tombstone of them.
    const both = (await vol12.pullAll()).changes.filter((c) => f.all.includes(c.entityId));
    expect(both).toHaveLength(4);
    expect(both.every((c) => !c.deleted)).toBe(true);
  });

  it('[PL8] a move to another commune: the old commune leaves, the new one gets it; no other scope sees it', async () => {
    const { vol1, vol2, vol3, police, policeB, admin } = t.world;
    const f = await family(vol1, AREAS.village1);
    const [c1, c2, c3, cp, cpb] = await Promise.all(
      [vol1, vol2, vol3, police, policeB].map(async (api) => (await api.pullAll()).cursor),
    );
    expect(await move(admin, f.h, AREAS.village3, 1)).toMatchObject({ status: 'applied' });
    for (const [api, cursor] of [
      [vol1, c1],
      [police, cp],
    ] as const) {
      const changes = (await api.pullAll(cursor)).changes;
      expect(new Set(changes.map((c) => c.entityId))).toEqual(new Set(f.all));
      expect(changes.every((c) => c.deleted)).toBe(true);
    }
    expect((await vol2.pullAll(c2)).changes).toEqual([]);
    for (const [api, cursor] of [
      [vol3, c3],
      [policeB, cpb],
    ] as const) {
      const changes = (await api.pullAll(cursor)).changes;
      expect(new Set(changes.map((c) => c.entityId))).toEqual(new Set(f.all));
      expect(changes.every((c) => !c.deleted)).toBe(true);
    }
    // Departures of village 1 never reach village 2's or 3's phones, even from the beginning.
    for (const api of [vol2, vol3, policeB]) {
      const { changes } = await api.pullAll();
      expect(changes.filter((c) => c.deleted && f.all.includes(c.entityId))).toEqual([]);
    }
  });

  it('[PL8] a child deleted before the move gets no departure; a child deleted with the move does', async () => {
    const { vol1, admin } = t.world;
    const f = await family(vol1, AREAS.village1);
    expect(await vol1.pushOne(remove('visit', f.v, 1))).toMatchObject({ status: 'applied' });
    const { cursor } = await vol1.pullAll();
    // One batch: the household moves, then its task is deleted.
    const results = await admin.push([
      upsert('household', f.h, { villageId: AREAS.village2 }, 1),
      remove('task', f.k, 1),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const changes = (await vol1.pullAll(cursor)).changes;
    expect(new Set(changes.map((c) => c.entityId))).toEqual(new Set([f.h, f.p, f.k]));
    expect(changes.every((c) => c.deleted)).toBe(true);

    // Moved and deleted in one batch: the old village still learns it is gone.
    const g = await family(vol1, AREAS.village1);
    const { cursor: c2 } = await vol1.pullAll();
    const r2 = await admin.push([
      upsert('household', g.h, { villageId: AREAS.village2 }, 1),
      remove('household', g.h, 2),
    ]);
    expect(r2.map((r) => r.status)).toEqual(['applied', 'applied']);
    const gone = (await vol1.pullAll(c2)).changes;
    expect(new Set(gone.map((c) => c.entityId))).toEqual(new Set(g.all));
    expect(gone.every((c) => c.deleted)).toBe(true);
  });

  it('[PL8] a member given a household of another village leaves the old village too', async () => {
    const { vol1, vol2, vol12 } = t.world;
    const f = await family(vol1, AREAS.village1);
    const other = newHousehold(AREAS.village2);
    expect(await vol2.pushOne(other)).toMatchObject({ status: 'applied' });
    const [c1, c2] = await Promise.all([vol1.pullAll(), vol2.pullAll()]);
    const r = await vol12.pushOne(upsert('person', f.p, { householdId: other.entityId }, 1));
    expect(r).toMatchObject({ status: 'applied' });
    expect((await vol1.pullAll(c1.cursor)).changes).toEqual([
      tombstone({ entity: 'person', entityId: f.p, version: 2 }),
    ]);
    expect((await vol2.pullAll(c2.cursor)).changes).toEqual([
      expect.objectContaining({ entityId: f.p, deleted: false, version: 2 }),
    ]);
  });

  it('[PL8] A→B→A: the old village ends with the live records, whenever it pulled', async () => {
    const { vol1, vol12, admin } = t.world;
    const f = await family(vol1, AREAS.village1);
    const { cursor: c0 } = await vol1.pullAll();
    expect(await move(admin, f.h, AREAS.village2, 1)).toMatchObject({ status: 'applied', version: 2 });
    const away = await vol1.pullAll(c0);
    expect(away.changes.every((c) => c.deleted)).toBe(true);
    expect(await move(vol12, f.h, AREAS.village1, 2)).toMatchObject({ status: 'applied', version: 3 });

    // Pulled in between: the tombstones, then the live records.
    const back = (await vol1.pullAll(away.cursor)).changes;
    expect(new Set(back.map((c) => c.entityId))).toEqual(new Set(f.all));
    expect(back.every((c) => !c.deleted && c.data)).toBe(true);
    // Not pulled in between: only the live records; from the beginning too. Any page size.
    for (const from of [c0, null]) {
      for (const limit of [1, 2, 3, 1000]) {
        const { changes } = await pages(vol1, from, limit);
        const mine = changes.filter((c) => f.all.includes(c.entityId));
        expect(mine).toHaveLength(4);
        expect(mine.every((c) => !c.deleted)).toBe(true);
      }
    }
    const state = finalState([...away.changes, ...back]);
    for (const id of f.all) expect(state.get(id)).toBe('live');

    // A→B→A→B: one tombstone each (the latest departure), never the earlier one again.
    expect(await move(admin, f.h, AREAS.village2, 3)).toMatchObject({ status: 'applied', version: 4 });
    for (const from of [c0, away.cursor, null]) {
      for (const limit of [1, 2, 1000]) {
        const { changes } = await pages(vol1, from, limit);
        const mine = changes.filter((c) => f.all.includes(c.entityId));
        expect(mine).toHaveLength(4);
        expect(mine.every((c) => c.deleted)).toBe(true);
        expect(mine.find((c) => c.entityId === f.h)).toMatchObject({ version: 4 });
      }
    }
  });

  it('[PL4] paging across records and departures with small limits never skips or repeats', async () => {
    const { vol1, vol12, admin } = t.world;
    const families: Awaited<ReturnType<typeof family>>[] = [];
    for (let i = 0; i < 6; i++) families.push(await family(vol1, AREAS.village1));
    const { cursor } = await vol1.pullAll();
    // Interleaved: moves away, edits that stay, new records, a move back.
    const stay: string[] = [];
    const untouched: string[] = [];
    for (const [i, f] of families.entries()) {
      if (i % 2 === 0)
        expect(await move(i === 2 ? vol12 : admin, f.h, AREAS.village2, 1)).toMatchObject({
          status: 'applied',
        });
      else {
        expect(await vol1.pushOne(upsert('person', f.p, { note: `ghi chú ${i}` }, 1))).toMatchObject({
          status: 'applied',
        });
        stay.push(f.p);
        untouched.push(f.h, f.k, f.v);
      }
      const extra = newHousehold(AREAS.village1);
      expect(await vol1.pushOne(extra)).toMatchObject({ status: 'applied' });
      stay.push(extra.entityId);
    }
    expect(await move(admin, families[4]!.h, AREAS.village1, 2)).toMatchObject({ status: 'applied' });
    const left = [0, 2].flatMap((i) => families[i]!.all);
    const live = [...stay, ...families[4]!.all];

    for (const from of [cursor, null]) {
      const whole = await pages(vol1, from, 1000);
      expect(whole.pages).toHaveLength(1);
      for (const limit of [1, 2, 3, 5, 7]) {
        const paged = await pages(vol1, from, limit);
        // Exactly the same changes, in the same order: no skip, no repeat.
        expect(paged.changes).toEqual(whole.changes);
        expect(paged.cursor).toEqual(whole.cursor);
      }
      const ids = whole.changes.map((c) => c.entityId);
      expect(new Set(ids).size).toBe(ids.length);
      const state = finalState(whole.changes);
      for (const id of left) expect(state.get(id), id).toBe('gone');
      for (const id of live) expect(state.get(id), id).toBe('live');
      // From the cursor, only what changed after it; from the beginning, the unchanged records too.
      for (const id of untouched) expect(state.get(id), id).toBe(from === null ? 'live' : undefined);
      if (from !== null) expect(state.size).toBe(left.length + live.length);
    }
    // The other phone's view of the same changes: live, no tombstone.
    const both = (await pages(vol12, null, 4)).changes;
    for (const id of [...left, ...live]) expect(both.filter((c) => c.entityId === id)).toHaveLength(1);
    expect(both.filter((c) => [...left, ...live].includes(c.entityId) && c.deleted)).toEqual([]);
  });

  it('[PL8] on the phone: a moved household leaves, pending edits come back rejected, a move back restores it', async () => {
    const { admin } = t.world;
    const phone = await openDevice({ name: 'A', phone: USERS.vol1.phone, url: () => t.url });
    opened.push(phone);
    const created = await createRecord(phone.db, 'household', householdFields(AREAS.village1));
    if (!created.ok) throw new Error(JSON.stringify(created));
    const h = created.record.id;
    const person = await createRecord(phone.db, 'person', {
      householdId: h,
      fullName: 'Đặng Thị Hoa',
      birthDate: '1979-02-02',
      gender: 'female',
      relation: 'head',
      cccdStatus: 'issued',
      vneidStatus: 'level1',
    });
    if (!person.ok) throw new Error(JSON.stringify(person));
    const p = person.record.id;
    expect(await phone.round()).toMatchObject({ ok: true });
    expect(await phone.db.households.get(h)).toBeDefined();

    // An edit made offline while the household is moved away by the admin.
    expect((await updateRecord(phone.db, 'person', p, { note: 'sửa khi chưa đồng bộ' })).ok).toBe(true);
    expect(await move(admin, h, AREAS.village2, 1)).toMatchObject({ status: 'applied' });
    expect(await phone.round()).toMatchObject({ ok: true });
    expect(await phone.db.households.get(h)).toBeUndefined();
    expect(await phone.db.persons.get(p)).toBeUndefined();
    expect(await phone.db.outbox.count()).toBe(0);
    const rejected = await phone.db.rejected.toArray();
    expect(rejected.map((r) => [r.entityId, r.code])).toEqual([[p, 'forbidden']]);

    // Moved back: the phone that saw it leave gets it live again.
    expect(await move(admin, h, AREAS.village1, 2)).toMatchObject({ status: 'applied' });
    expect(await phone.round()).toMatchObject({ ok: true });
    expect(await phone.db.households.get(h)).toMatchObject({ villageId: AREAS.village1, version: 3 });
    expect(await phone.db.persons.get(p)).toMatchObject({ householdId: h, fullName: 'Đặng Thị Hoa' });
  });
});
