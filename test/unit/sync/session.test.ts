// The session store (read at every start, without zod) and the scheduler's idle(), which sign-out
// waits for before it wipes the notebook.
import { createStore, set } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import type { RoundResult } from '../../../src/sync/engine.ts';
import { createSyncScheduler } from '../../../src/sync/scheduler.ts';
import { createSessionStore, type Session } from '../../../src/sync/session.ts';

const session: Session = {
  token: 'tok',
  expiresAt: '2027-01-01T00:00:00.000Z',
  user: { id: 'u1', name: 'Lê Thị Hoa', phone: '0912345678', role: 'volunteer', areaIds: ['thon-dong'] },
};

describe('session store', () => {
  it('keeps the session and the device id; sign-out forgets the session, never the device', async () => {
    const name = `s-${crypto.randomUUID()}`;
    let n = 0;
    const store = createSessionStore(name, () => `device-${++n}`);
    expect(await store.get()).toBeUndefined();
    const device = await store.deviceId();
    await store.save({ ...session, user: { ...session.user, extra: 'dropped' } as Session['user'] });
    expect(await store.get()).toEqual(session);
    await store.clear();
    expect(await store.get()).toBeUndefined();
    expect(await createSessionStore(name, () => 'other').deviceId()).toBe(device);
  });

  it.each([
    ['an older shape', { token: 'tok', user: { id: 'u1' } }],
    ['an unknown role', { ...session, user: { ...session.user, role: 'mayor' } }],
    ['an empty token', { ...session, token: '' }],
    ['garbage', 'not a session'],
  ])('reads %s as nobody signed in', async (_name, stored) => {
    const name = `s-${crypto.randomUUID()}`;
    await set('session', stored, createStore(name, 'kv'));
    expect(await createSessionStore(name).get()).toBeUndefined();
  });

  it('refuses to save what is not a session', async () => {
    const store = createSessionStore(`s-${crypto.randomUUID()}`);
    await expect(store.save({ ...session, token: '' })).rejects.toThrow();
  });
});

describe('scheduler idle()', () => {
  it('settles only once the round in flight has finished, even after stop()', async () => {
    let finish: (r: RoundResult) => void = () => undefined;
    const scheduler = createSyncScheduler({
      engine: { round: () => new Promise<RoundResult>((done) => (finish = done)) },
      setTimer: () => 0,
      clearTimer: () => undefined,
    });
    void scheduler.syncNow();
    scheduler.stop();
    let idle = false;
    const waiting = scheduler.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    finish({ ok: true, pushed: 0, pulled: 0 });
    await waiting;
    expect(idle).toBe(true);
    await expect(scheduler.idle()).resolves.toBeUndefined();
  });
});
