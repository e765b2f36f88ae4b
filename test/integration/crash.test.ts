// SYNC-API.md "Durability: once the answer is sent, every applied change is committed to disk" and
// "Exactly once", across a crash: the server (src/server/main.ts on PGlite in DATA_DIR) is killed
// with SIGKILL while phones push, and restarted on the same folder at once (the kernel dropped its lock
// with the process: src/server/store/data-dir-lock.ts). Then 10 SIGKILLs in a row, each restart at
// once, every answered write still there; a second process on a folder in use refuses to start, saying
// who holds it; a lock file of the old format (a pid file) does not block a start.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../src/domain/sync-protocol.ts';
import { LOCK_FILE_NAME } from '../../src/server/store/data-dir-lock.ts';
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
  createCommuneAndVillage,
} from '../support/server.ts';

/** Kills in a row of the [S14] streak. */
const KILLS = 10;

const PUSHERS = 3;
const KILL_AFTER_ACKS = 12;

interface Batch {
  pusher: number;
  mutations: Mutation[];
  /** The answer, when one came back before the crash. */
  results?: MutationResult[];
}

describe('[S14] a crash (SIGKILL) while phones push, on PGlite in DATA_DIR', () => {
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
    '[P17] every acknowledged change survives; replays answer as the first time; nothing applied twice',
    { timeout: 180_000 },
    async () => {
      const first = await startProcess(env);
      running.push(first);
      adminBefore = await loginAdmin(first.url);
      await createCommuneAndVillage(adminBefore);
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
    '[S14] 10 SIGKILLs in a row: each restart at once is healthy, and every write answered before a kill is there',
    { timeout: 600_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'so06-kill10-'));
      cleanup.push(dir);
      const env = { DATA_DIR: dir };
      let proc = await startProcess(env);
      running.push(proc);
      const admin = await loginAdmin(proc.url);
      await createCommuneAndVillage(admin);
      const phone = await loginAdmin(proc.url);
      const on = (api: Api) => new Api(proc.url, api.token, api.deviceId, api.user);
      /** The last answered state of each record: its version and note. */
      const answered = new Map<string, { version: number; note: string | undefined }>();
      const remember = (mutations: Mutation[], results: MutationResult[]) =>
        results.forEach((r, i) => {
          expect(r.status, JSON.stringify(r)).toBe('applied');
          if (r.status !== 'applied') return;
          const m = mutations[i]!;
          const note = 'note' in m.fields ? (m.fields.note as string) : answered.get(m.entityId)?.note;
          answered.set(m.entityId, { version: r.version, note });
        });
      const restarts: number[] = [];
      let inFlightAnswered = 0;

      // 10 rounds (20 until the suite neared CI's 15 minutes): each kill is its own trial of [S14].
      for (let round = 0; round < KILLS; round++) {
        const api = on(phone);
        for (let k = 0; k < 3; k++) {
          const mutations: Mutation[] = [];
          for (let i = 0; i < 4; i++)
            mutations.push(upsert('household', crypto.randomUUID(), householdFields(AREAS.village1)));
          for (const [id, known] of [...answered].slice(-3))
            mutations.push(upsert('household', id, { note: `round ${round} push ${k}` }, known.version));
          remember(mutations, await api.push(mutations));
        }
        // One more push (creates only) goes out as the process is killed: answered or not, it may not
        // disturb what was answered before.
        const last: Mutation[] = Array.from({ length: 4 }, () =>
          upsert('household', crypto.randomUUID(), householdFields(AREAS.village1)),
        );
        const inFlight = api.push(last).then(
          (results) => results,
          () => null,
        );
        await proc.kill('SIGKILL');
        const lastResults = await inFlight;
        if (lastResults) {
          inFlightAnswered++;
          remember(last, lastResults);
        }

        const t0 = Date.now();
        proc = await startProcess(env);
        running.push(proc);
        restarts.push(Date.now() - t0);

        const snap = await on(admin).snapshot();
        for (const [id, want] of answered) {
          const got = snap.get(id);
          expect(got, `round ${round}: answered ${id} is gone`).toBeDefined();
          expect(got!.version, `round ${round}: ${id}`).toBe(want.version);
          if (want.note !== undefined) expect(got!.data!.note, `round ${round}: ${id}`).toBe(want.note);
        }
      }
      const sorted = [...restarts].sort((a, b) => a - b);
      console.log(
        `${KILLS} SIGKILLs: ${answered.size} answered records all there; restart to healthy p50 ${sorted[KILLS / 2]} ms, ` +
          `max ${sorted[KILLS - 1]} ms; ${inFlightAnswered} in-flight pushes answered before the kill`,
      );
    },
  );

  it(
    '[S8] a second process on the same DATA_DIR while the first runs exits non-zero, saying the folder is locked and by whom',
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
      expect(intruder.output()).toMatch(/is locked by process (\d+)/);
      expect(intruder.output()).toContain(`process ${owner.child.pid} (`);
      expect(intruder.output()).toContain(dir);
      // The owner is unharmed.
      const admin = await new Api(owner.url).login(ADMIN_PHONE, ADMIN_PASSWORD);
      expect((await admin.get('/api/me')).status).toBe(200);
    },
  );

  it(
    '[S9] a lock file of the old format (a pid file) does not block a start, even naming a live process',
    { timeout: 90_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'so06-oldlock-'));
      const env = { DATA_DIR: dir };
      cleanup.push(dir);
      const first = await startProcess(env);
      running.push(first);
      const admin = await loginAdmin(first.url);
      await createArea(admin, { id: AREAS.communeA, kind: 'commune', name: 'Xã An Bình' });
      await first.kill('SIGKILL');
      // What the server before issue 12 left after a crash, with a pid the system has since given to
      // a live process: this test runner.
      writeFileSync(join(dir, LOCK_FILE_NAME), `${process.pid}\n`);
      const second = await startProcess(env);
      running.push(second);
      expect(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8').split('\n')[0]).toBe(String(second.child.pid));
      const again = new Api(second.url, admin.token, admin.deviceId, admin.user);
      expect((await again.get('/api/me')).status).toBe(200);
    },
  );
});
