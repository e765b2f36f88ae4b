// The review's paging (src/server/police/review-pages.ts, review-cursor.ts) without a database: a list
// read village by village, pages of any size joined give the whole list; rows added, changed and
// removed between pages never make one that stayed unchanged come twice or not at all; a cursor is
// sealed for one list, area and sign-in, and any change to it is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VI_ORDER } from '../../../src/domain/vi-order.ts';
import type { Area } from '../../../src/server/accounts/areas.ts';
import {
  BAD_CURSOR,
  decodeCursor,
  encodeCursor,
  type CursorState,
  type SortKey,
} from '../../../src/server/police/review-cursor.ts';
import { pageByVillage, type VillageList } from '../../../src/server/police/review-pages.ts';

interface Row {
  id: string;
  villageId: string;
  address: string;
}

const compare = (a: SortKey, b: SortKey) =>
  VI_ORDER.compare(String(a[0]), String(b[0])) || (a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : 0);

/** A list over a store the test changes between pages, each village's rows sorted as the server sorts. */
function listOf(store: Map<string, Row>): VillageList<Row> {
  return {
    read: async (village) =>
      [...store.values()]
        .filter((r) => r.villageId === village.id)
        .sort((a, b) => compare([a.address, a.id], [b.address, b.id])),
    key: (r) => [r.address, r.id],
    compare,
  };
}

const village = (id: string): Area => ({ id, kind: 'village', name: id, parentId: 'c' });
const VILLAGES = ['v0', 'v1', 'v2', 'v3'].map(village);
const ADDRESSES = ['Số 2', 'số 2', 'Số 10', 'Số 1', 'Xóm Chùa', 'xom chua', 'Ấp 3'];

const rowArb = fc.record({
  id: fc.uuid(),
  villageId: fc.constantFrom('v0', 'v1', 'v3'),
  address: fc.constantFrom(...ADDRESSES),
});

async function everyPage(
  store: Map<string, Row>,
  limit: number,
  between: (page: number) => void = () => {},
): Promise<Row[]> {
  const out: Row[] = [];
  let from: CursorState | null = null;
  for (let page = 0; page < 1000; page++) {
    const got = await pageByVillage(listOf(store), VILLAGES, from, limit, 0);
    expect(got.rows.length).toBeLessThanOrEqual(limit);
    out.push(...got.rows);
    if (!got.next) return out;
    // Through the cursor, as the route sends it.
    const sealed = encodeCursor('hash', 'gaps', 'c', got.next);
    const opened = decodeCursor('hash', 'gaps', 'c', sealed);
    if (!opened.ok) throw new Error(opened.message);
    from = opened.state;
    between(page);
  }
  throw new Error('never ended');
}

describe('paging village by village', () => {
  it('pages of any size, joined, are the whole list in its order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        async (rows, limit) => {
          const store = new Map(rows.map((r) => [r.id, r]));
          const whole = (await Promise.all(VILLAGES.map((v) => listOf(store).read(v)))).flat();
          expect(await everyPage(store, limit)).toEqual(whole);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rows added, moved and removed between pages never skip or repeat one that stayed unchanged', async () => {
    const change = fc.record({
      add: fc.array(rowArb, { maxLength: 2 }),
      move: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...ADDRESSES)), { maxLength: 2 }),
      remove: fc.array(fc.nat(), { maxLength: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(change, { maxLength: 30 }),
        async (rows, limit, changes) => {
          const store = new Map(rows.map((r) => [r.id, r]));
          const start = (await Promise.all(VILLAGES.map((v) => listOf(store).read(v))))
            .flat()
            .map((r) => r.id);
          const touched = new Set<string>();
          const given = await everyPage(store, limit, (page) => {
            const c = changes[page];
            if (!c) return;
            for (const r of c.add) store.set(r.id, r);
            const ids = [...store.keys()];
            for (const [i, address] of c.move) {
              const id = ids[i % ids.length]!;
              touched.add(id);
              store.set(id, { ...store.get(id)!, address });
            }
            for (const i of c.remove) {
              const id = ids[i % ids.length]!;
              touched.add(id);
              store.delete(id);
            }
          });
          const unchanged = start.filter((id) => !touched.has(id));
          const seen = given.map((r) => r.id);
          for (const id of unchanged) expect(seen.filter((x) => x === id)).toHaveLength(1);
          const kept = new Set(unchanged);
          expect(seen.filter((id) => kept.has(id))).toEqual(unchanged);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a village that left the area is passed over from its former place', async () => {
    const store = new Map<string, Row>([
      ['a', { id: 'a', villageId: 'v1', address: 'Số 1' }],
      ['b', { id: 'b', villageId: 'v1', address: 'Số 2' }],
      ['c', { id: 'c', villageId: 'v3', address: 'Số 1' }],
    ]);
    const first = await pageByVillage(listOf(store), VILLAGES, null, 1, 0);
    expect(first.next).toEqual({ village: { index: 1, id: 'v1' }, after: ['Số 1', 'a'], startedAt: 0 });
    const without = VILLAGES.filter((v) => v.id !== 'v1');
    const rest = await pageByVillage(listOf(store), without, first.next, 10, 0);
    expect(rest.rows.map((r) => r.id)).toEqual(['c']);
  });
});

describe('the cursor', () => {
  const state: CursorState = {
    village: { index: 2, id: 'thon-dong' },
    after: ['Số 5, xóm Chùa', 'h-1'],
    startedAt: 17,
  };

  it('holds its state sealed: no address or id readable in it', () => {
    const sealed = encodeCursor('hash-a', 'persons', 'xa-1', state);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('thon-dong');
    expect(decodeCursor('hash-a', 'persons', 'xa-1', sealed)).toEqual({ ok: true, state });
    expect(
      decodeCursor(
        'hash-a',
        'persons',
        'xa-1',
        encodeCursor('hash-a', 'issues', 'xa-1', { after: ['k', 1], startedAt: 0 }),
      ),
    ).toEqual({
      ok: false,
      message: BAD_CURSOR,
    });
  });

  it('is refused when made for another list, area or sign-in, or changed in any byte', () => {
    const sealed = encodeCursor('hash-a', 'gaps', 'xa-1', state);
    for (const [hash, list, area] of [
      ['hash-b', 'gaps', 'xa-1'],
      ['hash-a', 'gaps-all', 'xa-1'],
      ['hash-a', 'gaps', 'xa-2'],
    ] as const)
      expect(decodeCursor(hash, list, area, sealed).ok).toBe(false);
    const bytes = Buffer.from(sealed, 'base64url');
    for (let i = 0; i < bytes.length; i++) {
      const changed = Buffer.from(bytes);
      changed[i] = changed[i]! ^ 1;
      expect(decodeCursor('hash-a', 'gaps', 'xa-1', changed.toString('base64url')).ok, `byte ${i}`).toBe(
        false,
      );
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(decodeCursor('hash-a', 'gaps', 'xa-1', text).ok).toBe(false);
      }),
    );
  });
});
