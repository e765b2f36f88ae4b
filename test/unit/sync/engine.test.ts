// The sync round against a transport the test controls: order, batches, lost answers, retries.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotebookDb } from '../../../src/db/db.ts';
import { outboxEntries } from '../../../src/db/queries.ts';
import { getPullCursor } from '../../../src/db/pull-state.ts';
import { createRecord } from '../../../src/db/write.ts';
import type { MutationResult, PullResponse, PushRequest } from '../../../src/domain/sync-protocol.ts';
import { createSyncEngine, PUSH_BATCH } from '../../../src/sync/engine.ts';
import { createSyncScheduler, type SyncStatus } from '../../../src/sync/scheduler.ts';
import type { HttpFailure, HttpResult } from '../../../src/sync/http-client.ts';
import type { SyncTransport } from '../../../src/sync/transport.ts';

let db: NotebookDb;
beforeEach(() => {
  db = new NotebookDb(`se-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

const deviceId = '33333333-3333-4333-8333-333333333333';
const applied = (req: PushRequest): MutationResult[] =>
  req.mutations.map((m) => ({ id: m.id, status: 'applied', version: 1 }));

/** A transport whose answers the test scripts; it records every request. */
function scripted(
  push: (req: PushRequest) => HttpResult<{ results: MutationResult[]; revoke?: boolean }>,
  pulls: PullResponse[] = [],
) {
  const pushes: PushRequest[] = [];
  const cursors: (string | undefined)[] = [];
  const transport: SyncTransport = {
    push: async (req) => {
      pushes.push(structuredClone(req));
      return push(req);
    },
    pull: async (cursor) => {
      cursors.push(cursor);
      return { ok: true, value: pulls.shift() ?? { changes: [], cursor: cursor ?? 'c0', hasMore: false } };
    },
    confirmRevoked: async () => ({ ok: true, value: undefined }),
  };
  return { transport, pushes, cursors };
}

async function queue(n: number) {
  for (let i = 0; i < n; i++) {
    const r = await createRecord(db, 'household', {
      villageId: 'thon-dong',
      address: `Số ${i}`,
      headName: `Hộ ${i}`,
    });
    if (!r.ok) throw new Error('setup');
  }
}

const fail = (failure: HttpFailure) => ({ ok: false as const, failure });

describe('sync round', () => {
  it('pushes the outbox in order, in batches of at most 200, then pulls every page', async () => {
    await queue(250);
    const order = (await outboxEntries(db, 1000)).map((m) => m.id);
    const { transport, pushes, cursors } = scripted(
      (req) => ({ ok: true, value: { results: applied(req) } }),
      [
        { changes: [], cursor: 'c1', hasMore: true },
        { changes: [], cursor: 'c2', hasMore: false },
      ],
    );
    const result = await createSyncEngine({ db, transport, deviceId }).round();
    expect(result).toEqual({ ok: true, pushed: 250, pulled: 0 });
    expect(pushes.map((p) => p.mutations.length)).toEqual([PUSH_BATCH, 50]);
    expect(pushes.flatMap((p) => p.mutations.map((m) => m.id))).toEqual(order);
    expect(pushes.every((p) => p.deviceId === deviceId)).toBe(true);
    expect(pushes[0]!.mutations[0]).not.toHaveProperty('seq');
    expect(cursors).toEqual([undefined, 'c1']);
    expect(await getPullCursor(db)).toBe('c2');
    expect(await db.outbox.count()).toBe(0);
  });

  it('a lost answer keeps the outbox whole, and the same mutations go again', async () => {
    await queue(3);
    let drop = true;
    const { transport, pushes } = scripted((req) => {
      if (drop) {
        drop = false;
        return fail({ kind: 'network', message: 'connection reset' });
      }
      return { ok: true, value: { results: applied(req) } };
    });
    const engine = createSyncEngine({ db, transport, deviceId });
    expect((await engine.round()).ok).toBe(false);
    expect(await db.outbox.count()).toBe(3);
    expect((await engine.round()).ok).toBe(true);
    expect(pushes[1]!.mutations.map((m) => m.id)).toEqual(pushes[0]!.mutations.map((m) => m.id));
    expect(await db.outbox.count()).toBe(0);
  });

  it('a batch over the body limit goes again in smaller pieces', async () => {
    await queue(8);
    const { transport, pushes } = scripted((req) =>
      req.mutations.length > 2
        ? fail({ kind: 'refused', status: 413, code: 'payload_too_large', message: 'too large' })
        : { ok: true, value: { results: applied(req) } },
    );
    expect((await createSyncEngine({ db, transport, deviceId }).round()).ok).toBe(true);
    expect(pushes.map((p) => p.mutations.length)).toEqual([8, 4, 2, 2, 2, 2]);
  });

  it('401 keeps every edit and asks to sign in; nothing retries until then', async () => {
    await queue(2);
    let signedOut = true;
    const { transport, pushes } = scripted((req) =>
      signedOut
        ? fail({ kind: 'unauthenticated', message: 'token revoked' })
        : { ok: true, value: { results: applied(req) } },
    );
    const timers: number[] = [];
    const statuses: SyncStatus[] = [];
    const scheduler = createSyncScheduler({
      engine: createSyncEngine({ db, transport, deviceId }),
      setTimer: (_run, ms) => timers.push(ms),
      clearTimer: () => undefined,
      onStatus: (s) => statuses.push(s),
    });
    await scheduler.syncNow();
    expect(scheduler.status()).toMatchObject({
      needsSignIn: true,
      lastError: 'token revoked',
      retryAt: null,
    });
    expect(timers).toEqual([]);
    await scheduler.syncNow(); // refused while signed out: no request
    expect(pushes).toHaveLength(1);
    expect(await db.outbox.count()).toBe(2);
    signedOut = false;
    await scheduler.signedIn();
    expect(await db.outbox.count()).toBe(0);
    expect(scheduler.status()).toMatchObject({ needsSignIn: false, lastError: null });
    expect(statuses.some((s) => s.running)).toBe(true);
  });

  it('backs off exponentially with jitter on network and server failures, and honours Retry-After', async () => {
    await queue(1);
    const answers: HttpFailure[] = [
      { kind: 'network', message: 'offline' },
      { kind: 'server', status: 503, message: 'busy' },
      { kind: 'network', message: 'offline' },
      { kind: 'rate_limited', retryAfterMs: 42_000, message: 'slow down' },
    ];
    const { transport } = scripted(() => fail(answers.shift()!));
    const timers: number[] = [];
    const scheduler = createSyncScheduler({
      engine: createSyncEngine({ db, transport, deviceId }),
      random: () => 1, // the top of each jitter range
      setTimer: (_run, ms) => timers.push(ms),
      clearTimer: () => undefined,
    });
    for (let i = 0; i < 4; i++) await scheduler.syncNow();
    expect(timers).toEqual([4_000, 8_000, 16_000, 42_000]);
    expect(await db.outbox.count()).toBe(1);
  });

  it('[V5] 426 client_too_old keeps every edit and stops the automatic rounds; only a tap asks again', async () => {
    await queue(3);
    let tooOld = true;
    const { transport, pushes } = scripted((req) =>
      tooOld
        ? fail({ kind: 'client_too_old', message: 'build 100 is older than this server serves (101)' })
        : { ok: true, value: { results: applied(req) } },
    );
    const timers: number[] = [];
    const scheduler = createSyncScheduler({
      engine: createSyncEngine({ db, transport, deviceId }),
      setTimer: (_run, ms) => timers.push(ms),
      clearTimer: () => undefined,
    });
    await scheduler.syncNow();
    expect(scheduler.status()).toMatchObject({ needsUpdate: true, needsSignIn: false, retryAt: null });
    expect(timers).toEqual([]); // no retry planned, no backoff
    await scheduler.syncNow(); // an automatic trigger (the network is back, the minute's tick)
    scheduler.edited();
    expect(pushes).toHaveLength(1);
    expect(await db.outbox.count()).toBe(3);
    await scheduler.syncNow({ manual: true }); // "Đồng bộ ngay": one more request, still too old
    expect(pushes).toHaveLength(2);
    expect(scheduler.status().needsUpdate).toBe(true);
    tooOld = false; // the operator lowered MIN_CLIENT_BUILD
    await scheduler.syncNow({ manual: true });
    expect(await db.outbox.count()).toBe(0);
    expect(scheduler.status()).toMatchObject({ needsUpdate: false, lastError: null });
  });
});

describe('a phone asked to revoke itself (SYNC-API.md [D9], [D10])', () => {
  const revoking = (req: PushRequest) => ({
    ok: true as const,
    value: { results: applied(req), revoke: true },
  });

  it('hands in its 3 offline edits first, then confirms and wipes its notebook', async () => {
    await queue(3);
    const { transport, pushes } = scripted(revoking, [
      { changes: [], cursor: 'c1', hasMore: false, revoke: true },
    ]);
    const confirmations: number[] = [];
    transport.confirmRevoked = async () => {
      confirmations.push(await db.outbox.count());
      return { ok: true, value: undefined };
    };
    const result = await createSyncEngine({ db, transport, deviceId }).round();
    expect(result).toEqual({ ok: true, pushed: 3, pulled: 0, revoked: true });
    expect(pushes.flatMap((p) => p.mutations)).toHaveLength(3);
    expect(confirmations).toEqual([0]); // confirmed with nothing left to send
    expect(await db.households.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('tells the server its pending edits on push and pull', async () => {
    await queue(2);
    const reports: unknown[] = [];
    const { transport } = scripted((req) => ({ ok: true, value: { results: applied(req) } }));
    const { push, pull } = transport;
    transport.push = (req, report) => (reports.push(report), push(req, report));
    transport.pull = (cursor, limit, report) => (reports.push(report), pull(cursor, limit, report));
    await createSyncEngine({ db, transport, deviceId }).round();
    expect(reports.map((r) => (r as { pending: number }).pending)).toEqual([2, 0]);
  });

  it('a confirmation lost on the way keeps the notebook; the next round finds its token ended and wipes', async () => {
    await queue(1);
    let confirmed = false;
    const { transport } = scripted((req) =>
      confirmed ? fail({ kind: 'unauthenticated', message: 'revoked' }) : revoking(req),
    );
    transport.confirmRevoked = async () => {
      confirmed = true; // the server ended the token, but its answer never came
      return fail({ kind: 'network', message: 'connection reset' });
    };
    const engine = createSyncEngine({ db, transport, deviceId });
    expect((await engine.round()).ok).toBe(false);
    expect(await db.households.count()).toBe(1);
    transport.pull = async () => fail({ kind: 'unauthenticated', message: 'revoked' });
    expect(await engine.round()).toEqual({ ok: true, pushed: 0, pulled: 0, revoked: true });
    expect(await db.households.count()).toBe(0);
  });

  it('a 401 with no revocation asked keeps everything, as before', async () => {
    await queue(1);
    const { transport } = scripted(() => fail({ kind: 'unauthenticated', message: 'expired' }));
    const result = await createSyncEngine({ db, transport, deviceId }).round();
    expect(result.ok).toBe(false);
    expect(await db.outbox.count()).toBe(1);
  });
});
