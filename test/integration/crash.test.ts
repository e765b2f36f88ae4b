// SYNC-API.md "Durability: once the answer is sent, every applied change is committed to disk" and
// "Exactly once", across a crash: the server (src/server/main.ts on PGlite in DATA_DIR) is killed
// with SIGKILL while phones push, and restarted on the same folder (taking over the stale lock).
// Also: a second process on a folder in use refuses to start, saying why.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../src/domain/sync-protocol.ts';
import {
  ADMIN_PASSWORD,
  ADMIN_PHONE,
  AREAS,
  Api,
  createArea,
  householdFields,
  loginAdmin,
  spawnServer,
  startProcess,
  upsert,
  type ServerProcess,
} from '../support/server.ts';

const PUSHERS = 3;
const KILL_AFTER_ACKS = 12;

interface Batch {
  pusher: number;
  mutations: Mutation[];
  /** The answer, when one came back before the crash. */
  results?: MutationResult[];
}

describe('[Durability] a crash (SIGKILL) while phones push, on PGlite in DATA_DIR', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'so06-crash-'));
  const env = { DATA_DIR: dataDir };
  const running: ServerProcess[] = [];
  const batches: Batch[] = [];
  let phones: Api[] = [];
  let adminBefore: Api;

  const cleanup = [dataDir];

  afterAll(async () => {
    await Promise.all(running.map((p) => p.kill('SIGKILL')));
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it(
    'every acknowledged change survives; replays answer as the first time; nothing applied twice',
    { timeout: 180_000 },
    async () => {
      const first = await startProcess(env);
      running.push(first);
      adminBefore = await loginAdmin(first.url);
      await createArea(adminBefore, { id: AREAS.communeA, kind: 'commune', name: 'Xã An Bình' });
      await createArea(adminBefore, {
        id: AREAS.village1,
        kind: 'village',
        name: 'Thôn Đông',
        parentId: AREAS.communeA,
      });
      phones = await Promise.all(Array.from({ length: PUSHERS }, () => loginAdmin(first.url)));

      // Each phone pushes batches without pause: new households, and edits of its own acknowledged ones.
      let acks = 0;
      let killed: Promise<void> | null = null;
      const known = phones.map(() => new Map<string, number>());
      await Promise.all(
        phones.map(async (phone, p) => {
          for (let k = 0; !killed; k++) {
            const mutations: Mutation[] = [];
            for (let i = 0; i < 15; i++)
              mutations.push(upsert('household', crypto.randomUUID(), householdFields(AREAS.village1)));
            for (const [id, version] of [...known[p]!].slice(-10)) {
              mutations.push(upsert('household', id, { note: `p${p} b${k}` }, version));
            }
            const batch: Batch = { pusher: p, mutations };
            batches.push(batch);
            try {
              batch.results = await phone.push(mutations);
            } catch {
              return; // the server is gone: this batch has no answer
            }
            batch.results.forEach((r, i) => {
              if (r.status !== 'rejected') known[p]!.set(mutations[i]!.entityId, r.version);
            });
            if (++acks === KILL_AFTER_ACKS) killed = first.kill('SIGKILL');
          }
        }),
      );
      await killed;
      const acked = batches.filter((b) => b.results);
      const unacked = batches.filter((b) => !b.results);
      expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
      expect(acked.every((b) => b.results!.every((r) => r.status === 'applied'))).toBe(true);
      console.log(`crash: ${acked.length} batches acknowledged, ${unacked.length} in flight when killed`);

      // Restart on the same folder: the dead process's lock is taken over.
      const second = await startProcess(env);
      running.push(second);
      const on = (api: Api) => new Api(second.url, api.token, api.deviceId, api.user);
      // Sessions survive a restart: the phones' tokens still work.
      expect((await on(adminBefore).get('/api/me')).status).toBe(200);

      // Every acknowledged change is there.
      const snap = await on(adminBefore).snapshot();
      const touchedByUnacked = new Set(unacked.flatMap((b) => b.mutations.map((m) => m.entityId)));
      for (const b of acked) {
        b.mutations.forEach((m, i) => {
          const r = b.results![i]!;
          const rec = snap.get(m.entityId);
          expect(rec, `acknowledged ${m.id}`).toBeDefined();
          expect(rec!.version).toBeGreaterThanOrEqual(r.status === 'rejected' ? 0 : r.version);
        });
      }
      // The last acknowledged state of each record untouched by the batches in flight is exactly it.
      const lastAcked = new Map<string, { version: number; note?: unknown }>();
      for (const b of acked) {
        b.mutations.forEach((m, i) => {
          const r = b.results![i]!;
          if (r.status === 'rejected') return;
          const prev = lastAcked.get(m.entityId);
          if (!prev || r.version > prev.version) {
            lastAcked.set(m.entityId, {
              version: r.version,
              note: 'note' in m.fields ? m.fields.note : prev?.note,
            });
          }
        });
      }
      for (const [id, want] of lastAcked) {
        if (touchedByUnacked.has(id)) continue;
        expect(snap.get(id)!.version, id).toBe(want.version);
        if (want.note !== undefined) expect(snap.get(id)!.data!.note, id).toBe(want.note);
      }

      // Replay every batch, answered or not: the answered ones get their first answers exactly; the
      // others are applied now, or were applied before the crash and answer so.
      for (const b of batches) {
        const results = await on(phones[b.pusher]!).push(b.mutations);
        if (b.results) expect(results, 'replay of an acknowledged batch').toEqual(b.results);
        else expect(results.every((r) => r.status === 'applied')).toBe(true);
      }
      // And now every mutation of every batch counts exactly once.
      const after = await on(adminBefore).snapshot();
      const edits = new Map<string, number>();
      for (const b of batches)
        for (const m of b.mutations) edits.set(m.entityId, (edits.get(m.entityId) ?? 0) + 1);
      for (const [id, n] of edits) expect(after.get(id)?.version, id).toBe(n);
    },
  );

  it(
    'a second process on the same DATA_DIR while the first runs exits non-zero, saying the folder is locked',
    { timeout: 90_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'so06-lock-'));
      const env = { DATA_DIR: dir };
      cleanup.push(dir);
      const owner = await startProcess(env);
      running.push(owner);
      const intruder = await spawnServer(env);
      running.push(intruder);
      const exit = await intruder.exited;
      expect(typeof exit.code, intruder.output()).toBe('number');
      expect(exit.code, intruder.output()).not.toBe(0);
      expect(intruder.output()).toMatch(/lock/i);
      // The owner is unharmed.
      const admin = await new Api(owner.url).login(ADMIN_PHONE, ADMIN_PASSWORD);
      expect((await admin.get('/api/me')).status).toBe(200);
    },
  );
});
