// The service worker's background delivery (src/sw/background-sync.ts): it pushes every queued
// mutation once, in queue order and batches, as the signed-in user, and changes nothing on the phone:
// the app's next round sends the same mutations and applies the server's first answers ([P6], [P18]).
// A failure worth retrying rejects (the browser retries); one that retrying cannot help resolves.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotebookDb } from '../../../src/db/db.ts';
import { outboxEntries } from '../../../src/db/queries.ts';
import { createRecord, updateRecord } from '../../../src/db/write.ts';
import { sealNotebook } from '../../../src/db/crypto/notebook-keys.ts';
import type { Mutation } from '../../../src/domain/sync-protocol.ts';
import { deliverOutbox } from '../../../src/sw/background-sync.ts';
import { createHttpClient } from '../../../src/sync/http-client.ts';
import { createSessionStore, type SessionStore } from '../../../src/sync/session.ts';

const session = {
  token: 'tok-1',
  expiresAt: '2026-12-30T00:00:00.000Z',
  user: { id: 'u1', name: 'Tổ 3', phone: '0912345678', role: 'volunteer' as const, areaIds: ['thon-dong'] },
};

let db: NotebookDb;
let sessions: SessionStore;
beforeEach(async () => {
  db = new NotebookDb(`bg-${crypto.randomUUID()}`);
  sessions = createSessionStore(`bg-session-${crypto.randomUUID()}`, () => 'dev-1');
  await sessions.save(session);
});
afterEach(async () => {
  await db.delete();
});

interface Push {
  token: string | null;
  deviceId: string;
  mutations: Mutation[];
}

/** A server that answers each push with `status` (200 by default) and keeps what it was sent. */
function server(status: (push: Push, n: number) => number = () => 200) {
  const pushes: Push[] = [];
  const http = createHttpClient({
    build: 7,
    fetch: async (input, init = {}) => {
      const body = JSON.parse(String(init.body)) as Omit<Push, 'token'>;
      const push = { token: new Headers(init.headers).get('authorization'), ...body };
      const code = status(push, pushes.length);
      pushes.push(push);
      const answer = code === 200 ? { results: [] } : { error: { code: 'x', message: `HTTP ${code}` } };
      return new Response(JSON.stringify(answer), { status: code });
    },
  });
  return { http, pushes };
}

async function queue(n: number): Promise<string[]> {
  const h = await createRecord(db, 'household', {
    villageId: 'thon-dong',
    address: 'Xóm Đình',
    headName: 'Lê Văn Ba',
  });
  if (!h.ok) throw new Error('setup');
  for (let i = 1; i < n; i++) await updateRecord(db, 'household', h.record.id, { address: `Số ${i}` });
  return (await outboxEntries(db, 10_000)).map((e) => e.id);
}

const deliver = (http: ReturnType<typeof server>['http']) =>
  deliverOutbox({ sessions, http, dbName: db.name, indexedDB });

describe('background delivery of the outbox', () => {
  it('[P18] pushes every queued mutation once, in queue order and batches of 200, and leaves the outbox as it was', async () => {
    const ids = await queue(450);
    const before = await outboxEntries(db, 10_000);
    const { http, pushes } = server();
    expect(await deliver(http)).toEqual({ delivered: 450 });
    expect(pushes.map((p) => p.mutations.length)).toEqual([200, 200, 50]);
    expect(pushes.flatMap((p) => p.mutations.map((m) => m.id))).toEqual(ids);
    expect(pushes.every((p) => p.token === 'Bearer tok-1' && p.deviceId === 'dev-1')).toBe(true);
    // Sent as the wire's mutations: no queue position.
    expect(pushes[0]!.mutations.some((m) => 'seq' in m)).toBe(false);
    // Nothing on the phone changes: the app's next round gets the first answers and applies them.
    expect(await outboxEntries(db, 10_000)).toEqual(before);
  });

  it('[P18] after a 413 the same mutations go in smaller batches, none skipped', async () => {
    const ids = await queue(30);
    const { http, pushes } = server((push) => (push.mutations.length > 8 ? 413 : 200));
    expect(await deliver(http)).toEqual({ delivered: 30 });
    const sent = pushes.filter((_, i) => i >= 3); // 30 → 15 → 7: three refused pushes first
    expect(pushes.slice(0, 2).map((p) => p.mutations.length)).toEqual([30, 15]);
    expect(sent.flatMap((p) => p.mutations.map((m) => m.id))).toEqual(ids.slice(7));
    expect(pushes[2]!.mutations.map((m) => m.id)).toEqual(ids.slice(0, 7));
  });

  it('no network, a 5xx or a 429 rejects, so that the browser retries later; the outbox is kept', async () => {
    await queue(3);
    for (const status of [503, 429]) {
      await expect(deliver(server(() => status).http)).rejects.toThrow();
    }
    const offline = createHttpClient({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(deliver(offline)).rejects.toThrow('Failed to fetch');
    expect(await outboxEntries(db)).toHaveLength(3);
  });

  it('signed out, a 401 or 403 resolve: retrying in the background cannot help', async () => {
    await queue(3);
    for (const status of [401, 403]) {
      const { http, pushes } = server(() => status);
      expect(await deliver(http)).toEqual({ delivered: 0 });
      expect(pushes).toHaveLength(1);
    }
    await sessions.clear();
    const { http, pushes } = server();
    expect(await deliver(http)).toEqual({ delivered: 0 });
    expect(pushes).toHaveLength(0);
  });

  it('[V5] too old: resolves and asks the browser for the new build', async () => {
    await queue(2);
    let updates = 0;
    const { http } = server(() => 426);
    const result = await deliverOutbox({
      sessions,
      http,
      dbName: db.name,
      indexedDB,
      update: async () => (updates += 1),
    });
    expect(result).toEqual({ delivered: 0 });
    expect(updates).toBe(1);
  });

  it('a sealed outbox (issue 16) is not sent while locked: the worker never holds the key, and the order holds', async () => {
    // Two plain edits from before the PIN, then the notebook sealed, then one more edit sealed.
    const ids = await queue(2);
    await sealNotebook(db, '482915', null, 1000);
    const h = (await db.households.toArray())[0]!;
    expect(await updateRecord(db, 'household', h.id, { address: 'Số 99' })).toMatchObject({ ok: true });
    // sealNotebook sealed the two older entries too: nothing is readable, nothing goes.
    const { http, pushes } = server();
    expect(await deliver(http)).toEqual({ delivered: 0 });
    expect(pushes).toEqual([]);
    expect((await outboxEntries(db, 10_000)).map((e) => e.id).slice(0, 2)).toEqual(ids);
  });

  it('a phone with no notebook yet sends nothing and creates no database', async () => {
    const name = `none-${crypto.randomUUID()}`;
    const { http, pushes } = server();
    expect(await deliverOutbox({ sessions, http, dbName: name, indexedDB })).toEqual({ delivered: 0 });
    expect(pushes).toHaveLength(0);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);
  });
});
