// Shared set-up of the app's component tests: a fresh notebook per test, a signed-in volunteer (a fake
// session store, account API and scripted sync transport), records written through the one write
// path, and the app rendered at an address.
import { cleanup, configure, render } from '@testing-library/preact';
import { afterEach } from 'vitest';
import { App } from '../../../src/app/shell/app.tsx';
import type { AppServices } from '../../../src/app/shell/services.ts';
import { NotebookDb, notebookOf } from '../../../src/db/db.ts';
import { setProfile } from '../../../src/db/settings.ts';
import { createRecord } from '../../../src/db/write.ts';
import type { Entity, RecordOf } from '../../../src/domain/records.ts';
import type { MutationResult, PullResponse, PushRequest } from '../../../src/domain/sync-protocol.ts';
import { FakeManage } from './fake-manage.ts';
import { FakeCampaigns } from './fake-campaigns.ts';
import { FakeReview } from './fake-review.ts';
import { FakeTrends } from './fake-trends.ts';
import type { AccountApi, Area } from '../../../src/sync/account-api.ts';
import type { HttpFailure, HttpResult } from '../../../src/sync/http-client.ts';
import type { Session, SessionStore, SessionUser } from '../../../src/sync/session.ts';
import { applyPullPage } from '../../../src/db/server-answers.ts';
import type { SyncTransport } from '../../../src/sync/transport.ts';

// Lazy screens are transformed on first import: give the first find more than a second.
configure({ asyncUtilTimeout: 5000 });

// jsdom has no layout: the router's scroll to top on navigation is a no-op here.
window.scrollTo = () => {};

const opened: NotebookDb[] = [];

afterEach(async () => {
  cleanup();
  history.replaceState(null, '', '/');
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

export const VILLAGE = 'thon-dong';
export const DEVICE_ID = '33333333-3333-4333-8333-333333333333';

export const HOA: SessionUser = {
  id: 'u-hoa',
  name: 'Lê Thị Hoa',
  phone: '0912345678',
  role: 'volunteer',
  areaIds: [VILLAGE, 'thon-doai'],
};
export const TUAN: SessionUser = {
  id: 'u-tuan',
  name: 'Phạm Văn Tuấn',
  phone: '0987654321',
  role: 'volunteer',
  areaIds: ['xom-bai'],
};
export const OFFICER: SessionUser = {
  id: 'u-police',
  name: 'Trần Văn Công',
  phone: '0900000001',
  role: 'police',
  areaIds: ['xa-an-binh'],
};
export const PASSWORDS: Record<string, string> = {
  [HOA.phone]: 'mat-khau-hoa',
  [TUAN.phone]: 'mat-khau-tuan',
  [OFFICER.phone]: 'mat-khau-cong',
};

/** What the fake server answers to GET /api/areas, per user: a commune and its villages. */
export const AREAS: Record<string, Area[]> = {
  [HOA.id]: [
    { id: 'xa-an-binh', kind: 'commune', name: 'Xã An Bình', parentId: null },
    { id: VILLAGE, kind: 'village', name: 'Thôn Đông', parentId: 'xa-an-binh' },
    { id: 'thon-doai', kind: 'village', name: 'Thôn Đoài', parentId: 'xa-an-binh' },
  ],
  [TUAN.id]: [{ id: 'xom-bai', kind: 'village', name: 'Xóm Bãi', parentId: 'xa-an-binh' }],
  [OFFICER.id]: [{ id: 'xa-an-binh', kind: 'commune', name: 'Xã An Bình', parentId: null }],
};

export function sessionOf(user: SessionUser, token = `token-${user.id}`): Session {
  return { token, expiresAt: '2027-01-01T00:00:00.000Z', user };
}

/** The session store in memory: what the app saved and cleared is there to read. */
export class MemorySessions implements SessionStore {
  saved: Session[] = [];
  constructor(public session: Session | undefined) {}
  deviceId = async () => DEVICE_ID;
  get = async () => this.session;
  save = async (session: Session) => {
    this.saved.push(session);
    this.session = session;
  };
  clear = async () => {
    this.session = undefined;
  };
}

/**
 * The account endpoints as a table of users: a right phone and password sign in with a new token each
 * time; `failNext` makes the next sign-in fail as the test says (too many attempts, no network …).
 */
export class FakeAccount implements AccountApi {
  logins: { phone: string; password: string; deviceId: string }[] = [];
  logouts: string[] = [];
  failNext: HttpFailure | null = null;
  private tokens = new Map<string, SessionUser>();

  login = async (phone: string, password: string, deviceId: string) => {
    this.logins.push({ phone, password, deviceId });
    const failure = this.failNext;
    if (failure) {
      this.failNext = null;
      return { ok: false as const, failure };
    }
    const user = [HOA, TUAN, OFFICER].find((u) => u.phone === phone);
    if (!user || PASSWORDS[phone] !== password) {
      return {
        ok: false as const,
        failure: { kind: 'invalid_credentials' as const, message: 'wrong phone or password' },
      };
    }
    const session = sessionOf(user, `token-${user.id}-${this.logins.length}`);
    this.tokens.set(session.token, user);
    return { ok: true as const, value: session };
  };

  /** Live set-up codes and whose they are; a code signs in once. */
  setupCodes = new Map<string, SessionUser>();
  setups: { code: string; deviceId: string }[] = [];

  setup = async (code: string, deviceId: string) => {
    this.setups.push({ code, deviceId });
    const failure = this.failNext;
    if (failure) {
      this.failNext = null;
      return { ok: false as const, failure };
    }
    const user = this.setupCodes.get(code);
    if (!user)
      return {
        ok: false as const,
        failure: {
          kind: 'invalid_credentials' as const,
          message: 'the set-up code is wrong, used or expired',
        },
      };
    this.setupCodes.delete(code);
    const session = sessionOf(user, `token-${user.id}-setup-${this.setups.length}`);
    this.tokens.set(session.token, user);
    return { ok: true as const, value: session };
  };

  areas: AccountApi['areas'] = async (token: string) => {
    const user =
      this.tokens.get(token) ?? [HOA, TUAN, OFFICER].find((u) => token.startsWith(`token-${u.id}`));
    if (!user)
      return { ok: false as const, failure: { kind: 'unauthenticated' as const, message: 'unknown token' } };
    return { ok: true as const, value: AREAS[user.id] ?? [] };
  };

  /** [A23] Each account's recovery secret: fixed per user, the same for every token. */
  recoveryKeys: string[] = [];
  recoveryKey: AccountApi['recoveryKey'] = async (token: string) => {
    this.recoveryKeys.push(token);
    const failure = this.failNext;
    if (failure) {
      this.failNext = null;
      return { ok: false as const, failure };
    }
    const user =
      this.tokens.get(token) ?? [HOA, TUAN, OFFICER].find((u) => token.startsWith(`token-${u.id}`));
    if (!user)
      return { ok: false as const, failure: { kind: 'unauthenticated' as const, message: 'unknown token' } };
    return { ok: true as const, value: recoverySecretOf(user.id) };
  };

  logout = async (token: string) => {
    this.logouts.push(token);
  };
}

/** A user's recovery secret in the fakes: 32 bytes drawn from the id. */
export function recoverySecretOf(userId: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = userId.charCodeAt(i % userId.length) ^ i;
  return bytes;
}

const offline: HttpFailure = { kind: 'network', message: 'Failed to fetch' };

/**
 * The sync endpoints as the test scripts them. By default the phone is out of reach (every request
 * fails as with no network), so that what a test queued stays queued until it says otherwise.
 */
export class ScriptedTransport {
  pushes: PushRequest[] = [];
  pulls = 0;
  revokeConfirmations = 0;
  /** The bearer token each request carried. */
  tokens: (string | undefined)[] = [];
  push: (request: PushRequest) => HttpResult<{ results: MutationResult[]; revoke?: boolean }> = () => ({
    ok: false,
    failure: offline,
  });
  pull: () => HttpResult<PullResponse> = () => ({ ok: false, failure: offline });

  /** The server is reachable and applies every mutation. */
  online(): this {
    this.push = (request) => ({
      ok: true,
      value: { results: request.mutations.map((m) => ({ id: m.id, status: 'applied', version: 1 })) },
    });
    this.pull = () => ({ ok: true, value: { changes: [], cursor: 'c1', hasMore: false } });
    return this;
  }

  fail(failure: HttpFailure): this {
    this.push = () => ({ ok: false, failure });
    this.pull = () => ({ ok: false, failure });
    return this;
  }

  connect(token: () => Promise<string | undefined>): SyncTransport {
    return {
      push: async (request) => {
        this.tokens.push(await token());
        this.pushes.push(structuredClone(request));
        return this.push(request);
      },
      pull: async () => {
        this.tokens.push(await token());
        this.pulls += 1;
        return this.pull();
      },
      confirmRevoked: async () => {
        this.tokens.push(await token());
        this.revokeConfirmations += 1;
        return { ok: true, value: undefined };
      },
    };
  }
}

export interface Fakes {
  sessions: MemorySessions;
  account: FakeAccount;
  transport: ScriptedTransport;
  review: FakeReview;
  manage: FakeManage;
  campaigns: FakeCampaigns;
  trends: FakeTrends;
  services: AppServices;
}

/** Fake services; signed in as Lê Thị Hoa unless `session` says otherwise (null: nobody). */
export function fakeServices(session: Session | null = sessionOf(HOA)): Fakes {
  const sessions = new MemorySessions(session ?? undefined);
  const account = new FakeAccount();
  const transport = new ScriptedTransport();
  const review = new FakeReview();
  const manage = new FakeManage();
  const campaigns = new FakeCampaigns();
  const trends = new FakeTrends();
  return {
    sessions,
    account,
    transport,
    review,
    manage,
    campaigns,
    trends,
    services: {
      sessions,
      account,
      review,
      manage,
      campaigns,
      trends,
      transport: (token) => transport.connect(token),
    },
  };
}

export function freshDb(): NotebookDb {
  const db = new NotebookDb('t-' + crypto.randomUUID());
  opened.push(db);
  return db;
}

/**
 * A notebook with Lê Thị Hoa's profile as a sign-in leaves it, working in "Thôn Đông", after its
 * first pull (an empty village); `firstPull: false` leaves it before that pull.
 */
export async function notebookWithProfile(
  villages: { id: string; name: string }[] = [{ id: VILLAGE, name: 'Thôn Đông' }],
  { firstPull = true }: { firstPull?: boolean } = {},
): Promise<NotebookDb> {
  const db = freshDb();
  await setProfile(db, { volunteerName: HOA.name, villages, villageId: VILLAGE });
  if (firstPull) await applyPullPage(db, [], 'c0', false);
  return db;
}

/** Writes a record through the app's write path and returns it; a refusal fails the test. */
export async function create<E extends Entity>(
  db: NotebookDb,
  entity: E,
  fields: Record<string, unknown>,
): Promise<RecordOf<E>> {
  const result = await createRecord(db, entity, fields);
  if (!result.ok) throw new Error(`test data refused: ${JSON.stringify(result)}`);
  return result.record;
}

export function household(db: NotebookDb, headName: string, more: Record<string, unknown> = {}) {
  return create(db, 'household', { villageId: VILLAGE, headName, address: 'Xóm 1', ...more });
}

export function person(
  db: NotebookDb,
  householdId: string,
  fullName: string,
  more: Record<string, unknown> = {},
) {
  return create(db, 'person', {
    householdId,
    fullName,
    birthDate: '1980-05-01',
    gender: 'male',
    relation: 'head',
    cccdStatus: 'issued',
    vneidStatus: 'level2_active',
    ...more,
  });
}

/** The app at `path`, with fake services (signed in as Lê Thị Hoa, server out of reach, by default). */
export function renderApp(db: NotebookDb, path = '/', fakes: Fakes = fakeServices()) {
  history.replaceState(null, '', path);
  return { ...render(<App notebook={notebookOf(db)} services={fakes.services} />), fakes };
}

/** The ids of the household rows on screen, in order. */
export function shownHouseholdIds(container: ParentNode): string[] {
  return [...container.querySelectorAll<HTMLElement>('[data-household-id]')].map(
    (a) => a.dataset.householdId!,
  );
}
