// SYNC-API.md "Pull": paging without duplicates or gaps, incremental pulls from a cursor, limits,
// and scope on reads (each role sees only its areas).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/domain/sync-protocol.ts';
import type { Api } from '../support/server.ts';
import {
  AREAS,
  BACKENDS,
  createChild,
  createHousehold,
  expectError,
  newHousehold,
  newPerson,
  newTask,
  newVisit,
  remove,
  upsert,
  useServer,
} from '../support/server.ts';

describe.each(BACKENDS)('pull on %s', (backend) => {
  const t = useServer(backend, { users: ['vol1', 'vol2', 'vol12', 'vol3', 'police', 'policeB'] });
  /** Every record created in this suite, by village: what each caller should see. */
  const byVillage = new Map<string, Set<string>>();
  const note = (village: string, ids: string[]) => {
    const set = byVillage.get(village) ?? new Set<string>();
    for (const id of ids) set.add(id);
    byVillage.set(village, set);
  };
  const visibleIn = (...villages: string[]) =>
    new Set(villages.flatMap((v) => [...(byVillage.get(v) ?? [])]));

  /** Pages through everything with `limit`, checking each page, and returns the pages. */
  const pages = async (api: Api, limit: number, cursor?: string) => {
    const out: Change[][] = [];
    let next = cursor ?? null;
    for (;;) {
      const page = await api.pullPage(next, limit);
      expect(page.changes.length).toBeLessThanOrEqual(limit);
      out.push(page.changes);
      expect(typeof page.cursor).toBe('string');
      next = page.cursor;
      if (!page.hasMore) return { pages: out, cursor: page.cursor };
      // A page that says "more" is never empty: the phone would otherwise spin.
      expect(page.changes.length).toBeGreaterThan(0);
      expect(out.length).toBeLessThan(1000);
    }
  };

  const seed = async (api: Api, village: string, households: number) => {
    const ms = [];
    for (let i = 0; i < households; i++) {
      const h = newHousehold(village);
      ms.push(h, newPerson(h.entityId), newVisit(h.entityId));
    }
    const results = await api.push(ms);
    expect(results.every((r) => r.status === 'applied')).toBe(true);
    note(
      village,
      ms.map((m) => m.entityId),
    );
  };

  // Three villages of two communes hold records.
  beforeAll(async () => {
    await seed(t.world.vol1, AREAS.village1, 12);
    await seed(t.world.vol2, AREAS.village2, 8);
    await seed(t.world.vol3, AREAS.village3, 5);
    expect(visibleIn(AREAS.village1, AREAS.village2, AREAS.village3).size).toBe(75);
  }, 60_000);

  describe('[PL3] paging: pass back the cursor; hasMore says whether to call again', () => {
    for (const limit of [1, 7, 1000]) {
      it(`[PL4] limit ${limit}: every record exactly once across the pages`, async () => {
        const { pages: all } = await pages(t.world.admin, limit);
        const ids = all.flat().map((c) => c.entityId);
        expect(ids.length).toBe(new Set(ids).size);
        expect(new Set(ids)).toEqual(visibleIn(AREAS.village1, AREAS.village2, AREAS.village3));
        if (limit < 75) expect(all.length).toBeGreaterThanOrEqual(Math.ceil(75 / limit));
      });
    }

    it('[PL5] each change carries the entity, id, version and all fields', async () => {
      const h = newHousehold(AREAS.village1, { householdCode: 'HC-1', phone: '0912 345 678' });
      const p = newPerson(h.entityId, { idNumber: '001099012345', cccdIssuedOn: '2021-05-05' });
      const k = newTask(h.entityId, { personId: p.entityId });
      const v = newVisit(h.entityId, { outcome: 'not_home', note: 'Cả nhà đi làm đồng' });
      expect((await t.world.vol1.push([h, p, k, v])).map((r) => r.status)).toEqual(Array(4).fill('applied'));
      note(
        AREAS.village1,
        [h, p, k, v].map((m) => m.entityId),
      );
      const snap = await t.world.vol1.snapshot();
      for (const m of [h, p, k, v]) {
        expect(snap.get(m.entityId)).toMatchObject({
          entity: m.entity,
          entityId: m.entityId,
          version: 1,
          deleted: false,
          data: m.fields,
        });
      }
    });

    it('[PL2] default limit 500', async () => {
      const ms = Array.from({ length: 500 }, () => newHousehold(AREAS.village2));
      await t.world.vol2.push(ms);
      note(
        AREAS.village2,
        ms.map((m) => m.entityId),
      );
      const first = await t.world.vol2.pullPage();
      expect(first.changes).toHaveLength(500);
      expect(first.hasMore).toBe(true);
      const rest = await t.world.vol2.pullAll(first.cursor);
      const ids = [...first.changes, ...rest.changes].map((c) => c.entityId);
      expect(new Set(ids)).toEqual(visibleIn(AREAS.village2));
      expect(ids.length).toBe(new Set(ids).size);
    });

    it('[PL4] paging while another phone writes: the phone ends with every latest version, none missing', async () => {
      const { vol1, admin } = t.world;
      const seen = new Map<string, Change>();
      let cursor: string | null = null;
      let more = true;
      let round = 0;
      const extra: string[] = [];
      while (more) {
        const page = await admin.pullPage(cursor, 9);
        for (const c of page.changes) {
          const prev = seen.get(c.entityId);
          // A record seen again comes with a newer version.
          if (prev) expect(c.version).toBeGreaterThan(prev.version);
          seen.set(c.entityId, c);
        }
        cursor = page.cursor;
        more = page.hasMore;
        // Between pages another phone edits a record already paged and creates new ones.
        if (round < 3) {
          const already = [...seen.values()].find(
            (c) => c.entity === 'household' && c.data?.villageId === AREAS.village1,
          )!;
          const r = await vol1.pushOne(
            upsert('household', already.entityId, { note: `vòng ${round}` }, already.version),
          );
          expect(r.status).not.toBe('rejected');
          const h = await createHousehold(vol1, AREAS.village1);
          extra.push(h);
          more = true;
        }
        round++;
        expect(round).toBeLessThan(500);
      }
      note(AREAS.village1, extra);
      const truth = await admin.snapshot();
      expect(new Map([...seen].map(([id, c]) => [id, c.version]))).toEqual(
        new Map([...truth].map(([id, c]) => [id, c.version])),
      );
    });
  });

  describe('[PL4] incremental: a record appears again only if it changed after the cursor', () => {
    it('[PL4] returns only the changes after the cursor, each record once at its latest version', async () => {
      const { vol1 } = t.world;
      const x = await createHousehold(vol1, AREAS.village1);
      const z = await createChild(vol1, newPerson(x));
      const untouched = await createHousehold(vol1, AREAS.village1);
      note(AREAS.village1, [x, z, untouched]);
      const { cursor } = await vol1.pullAll();

      await vol1.pushOne(upsert('household', x, { address: 'Số 1, lần một' }, 1));
      await vol1.pushOne(upsert('household', x, { address: 'Số 1, lần hai' }, 2));
      const y = await createHousehold(vol1, AREAS.village1);
      note(AREAS.village1, [y]);
      await vol1.pushOne(remove('person', z, 1));

      const { changes, cursor: after } = await vol1.pullAll(cursor);
      expect(changes.map((c) => c.entityId).sort()).toEqual([x, y, z].sort());
      const byId = new Map(changes.map((c) => [c.entityId, c]));
      expect(byId.get(x)).toMatchObject({ version: 3, data: { address: 'Số 1, lần hai' } });
      expect(byId.get(y)).toMatchObject({ version: 1, deleted: false });
      expect(byId.get(z)).toEqual({ entity: 'person', entityId: z, version: 2, deleted: true, data: null });

      // Nothing after the last cursor: empty, no more; and the same cursor may be used again.
      const none = await vol1.pullPage(after);
      expect(none).toMatchObject({ changes: [], hasMore: false });
      expect((await vol1.pullPage(after)).changes).toEqual([]);
      // A cursor already used still answers the same changes: a phone may retry a lost pull.
      expect((await vol1.pullAll(cursor)).changes).toEqual(changes);
    });

    it("[PL4] another user's change after my cursor reaches me", async () => {
      const { vol1, vol12 } = t.world;
      const h = await createHousehold(vol1, AREAS.village1);
      note(AREAS.village1, [h]);
      const { cursor } = await vol1.pullAll();
      await vol12.pushOne(upsert('household', h, { headName: 'Phạm Thị Duyên' }, 1));
      const { changes } = await vol1.pullAll(cursor);
      expect(changes).toEqual([
        expect.objectContaining({
          entityId: h,
          version: 2,
          data: expect.objectContaining({ headName: 'Phạm Thị Duyên' }),
        }),
      ]);
    });
  });

  describe('[PL2] limit 1..1000; [PL3] a bad cursor → 400', () => {
    it('[PL2] limit 0 and 1001 → 400 invalid_request; 1 and 1000 are served', async () => {
      expectError(await t.world.vol1.get('/api/sync/pull?limit=0'), 400, 'invalid_request');
      expectError(await t.world.vol1.get('/api/sync/pull?limit=1001'), 400, 'invalid_request');
      expect((await t.world.vol1.pullPage(null, 1)).changes).toHaveLength(1);
      expect((await t.world.vol1.get('/api/sync/pull?limit=1000')).status).toBe(200);
    });

    it('[PL3] a cursor that the server did not make → 400 invalid_request', async () => {
      const { cursor } = await t.world.vol1.pullPage(null, 1);
      for (const bad of ['not-a-cursor', `${cursor}x`, '-1', '{"seq":1}', 'A'.repeat(2000)]) {
        const res = await t.world.vol1.get(`/api/sync/pull?cursor=${encodeURIComponent(bad)}`);
        expectError(res, 400, 'invalid_request');
      }
    });
  });

  describe("[PL6] only records in the caller's areas", () => {
    const idsOf = async (api: Api) => new Set((await api.pullAll(null, 250)).changes.map((c) => c.entityId));

    it('[PL6] a volunteer sees only their villages', async () => {
      expect(await idsOf(t.world.vol1)).toEqual(visibleIn(AREAS.village1));
      expect(await idsOf(t.world.vol2)).toEqual(visibleIn(AREAS.village2));
      expect(await idsOf(t.world.vol12)).toEqual(visibleIn(AREAS.village1, AREAS.village2));
      expect(await idsOf(t.world.vol3)).toEqual(visibleIn(AREAS.village3));
    });

    it('[PL6] police see their commune', async () => {
      expect(await idsOf(t.world.police)).toEqual(visibleIn(AREAS.village1, AREAS.village2));
      expect(await idsOf(t.world.policeB)).toEqual(visibleIn(AREAS.village3));
    });

    it('[PL6] an admin sees everything', async () => {
      expect(await idsOf(t.world.admin)).toEqual(visibleIn(AREAS.village1, AREAS.village2, AREAS.village3));
    });

    it("[PL6] a tombstone reaches only those who may see the record's village", async () => {
      const h = await createHousehold(t.world.vol3, AREAS.village3);
      const p = await createChild(t.world.vol3, newPerson(h));
      const cursors = await Promise.all(
        [t.world.vol1, t.world.police, t.world.policeB].map((a) => a.pullAll()),
      );
      await t.world.vol3.pushOne(remove('household', h, 1));
      note(AREAS.village3, [h, p]);
      expect((await t.world.vol1.pullAll(cursors[0]!.cursor)).changes).toEqual([]);
      expect((await t.world.police.pullAll(cursors[1]!.cursor)).changes).toEqual([]);
      const b = (await t.world.policeB.pullAll(cursors[2]!.cursor)).changes;
      expect(new Set(b.map((c) => c.entityId))).toEqual(new Set([h, p]));
      expect(b.every((c) => c.deleted && c.data === null)).toBe(true);
    });

    it("[PL6] police see the same records as a volunteer of all their commune's villages", async () => {
      const police = await t.world.police.snapshot();
      const vol12 = await t.world.vol12.snapshot();
      expect(police).toEqual(vol12);
    });
  });
});
