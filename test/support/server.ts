// Integration-test helpers: a real server on loopback (PGlite in memory, or PostgreSQL in a fresh schema
// when TEST_DATABASE_URL is set), a tiny typed HTTP client, provisioning through the admin API, and
// builders of push mutations. Tests stay black-box: everything goes over HTTP.
import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/app-server.ts';
import { openStore } from '../../src/server/store/open-store.ts';
import type { DeviceSync } from '../../src/domain/review.ts';
import type { Entity } from '../../src/domain/enums.ts';
import type { Change, Mutation, MutationResult, PullResponse } from '../../src/domain/sync-protocol.ts';

export type Backend = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL as well when TEST_DATABASE_URL names one. */
export const BACKENDS: Backend[] = [
  'pglite',
  ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : []),
];

export const ADMIN_PHONE = '0900000000';
export const ADMIN_PASSWORD = 'admin-pass-1';
export const PASSWORD = 'mat-khau-06';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DAY_MS = 86_400_000;
/** SYNC-API.md: "Times are ISO-8601 with offset". */
export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
export const MIB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------------
// Clock

/** A clock the test moves by hand: the server reads it through the `now` option. */
export class TestClock {
  constructor(public ms: number = Date.now()) {}
  readonly now = (): number => this.ms;
  set(ms: number | string): void {
    this.ms = typeof ms === 'string' ? Date.parse(ms) : ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  iso(): string {
    return new Date(this.ms).toISOString();
  }
}

// ---------------------------------------------------------------------------------------------------
// Servers

export interface TestServer {
  url: string;
  backend: Backend;
  server: RunningServer;
  schema: string | undefined;
  close(): Promise<void>;
}

export function randomSchema(): string {
  return `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** Starts a server on a free port: PGlite in memory, or a fresh random schema of TEST_DATABASE_URL. */
export async function startTestServer(
  backend: Backend,
  options: Partial<ServerOptions> & { schema?: string } = {},
): Promise<TestServer> {
  const { schema: givenSchema, ...rest } = options;
  const base: ServerOptions = {
    port: 0,
    host: '127.0.0.1',
    adminPhone: ADMIN_PHONE,
    adminPassword: ADMIN_PASSWORD,
    seedDemo: false,
    logLevel: 'silent',
    ...rest,
  };
  let schema: string | undefined;
  if (backend === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('TEST_DATABASE_URL is not set');
    schema = givenSchema ?? randomSchema();
    base.databaseUrl = url;
    base.databaseSchema = schema;
  } else if (base.dataDir === undefined) {
    base.memory = true;
  }
  const server = await startServer(base);
  return {
    url: server.url.replace(/\/$/, ''),
    backend,
    server,
    schema,
    async close() {
      await server.close();
      if (schema && !givenSchema) await dropSchema(schema);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// HTTP

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  body: T;
}

export interface ErrorBody {
  error: { code: string; message: string };
}

export interface RequestOptions {
  token?: string | null;
  headers?: Record<string, string>;
  /** A JSON value to send. */
  json?: unknown;
  /** A raw body, sent as is (with content-type application/json unless headers say otherwise). */
  raw?: string | Uint8Array | ReadableStream<Uint8Array>;
}

export async function request<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  let body: RequestInit['body'];
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.raw !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.raw as RequestInit['body'];
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  Object.assign(headers, options.headers);
  for (const [k, v] of Object.entries(headers)) if (v === '') delete headers[k];
  const init: RequestInit & { duplex?: 'half' } = { method, headers, body };
  if (options.raw instanceof ReadableStream) init.duplex = 'half';
  const res = await fetch(baseUrl + path, init);
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed as T };
}

export interface User {
  id: string;
  name: string;
  phone: string;
  role: 'volunteer' | 'police' | 'admin';
  areaIds: string[];
}

export interface Area {
  id: string;
  kind: 'province' | 'commune' | 'village';
  name: string;
  parentId: string | null;
}

export interface LoginBody {
  token: string;
  expiresAt: string;
  user: User;
}

/** A client bound to one server, optionally logged in: one phone (device) of one user. */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly token: string | null = null,
    readonly deviceId: string = randomUUID(),
    readonly user: User | null = null,
  ) {}

  request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return request<T>(this.baseUrl, method, path, { token: this.token, ...options });
  }
  get<T = unknown>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, options);
  }
  post<T = unknown>(path: string, json?: unknown, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, json === undefined ? options : { json, ...options });
  }

  /** Logs in and returns a client holding the token, for the device `deviceId`. */
  async login(phone: string, password: string, deviceId: string = randomUUID()): Promise<Api> {
    const res = await request<LoginBody>(this.baseUrl, 'POST', '/api/auth/login', {
      json: { phone, password, deviceId },
    });
    if (res.status !== 200) throw new Error(`login ${phone}: ${res.status} ${res.text}`);
    return new Api(this.baseUrl, res.body.token, deviceId, res.body.user);
  }

  /** Another phone of the same user: a fresh login with another device id. */
  async otherDevice(password: string): Promise<Api> {
    if (!this.user) throw new Error('not logged in');
    return this.login(this.user.phone, password);
  }

  get userId(): string {
    if (!this.user) throw new Error('not logged in');
    return this.user.id;
  }

  /** Pushes mutations from this device; fails the test unless the answer is 200 with one result each. */
  async push(mutations: Mutation[], deviceId: string = this.deviceId): Promise<MutationResult[]> {
    const res = await this.post<{ results: MutationResult[] }>('/api/sync/push', { deviceId, mutations });
    if (res.status !== 200) throw new Error(`push: ${res.status} ${res.text}`);
    if (res.body.results.length !== mutations.length)
      throw new Error(`push: ${res.body.results.length} results`);
    return res.body.results;
  }

  async pushOne(mutation: Mutation): Promise<MutationResult> {
    const [r] = await this.push([mutation]);
    return r!;
  }

  async pullPage(cursor?: string | null, limit?: number): Promise<PullResponse> {
    const q = new URLSearchParams();
    if (cursor) q.set('cursor', cursor);
    if (limit !== undefined) q.set('limit', String(limit));
    const qs = q.toString();
    const res = await this.get<PullResponse>(`/api/sync/pull${qs ? `?${qs}` : ''}`);
    if (res.status !== 200) throw new Error(`pull: ${res.status} ${res.text}`);
    return res.body;
  }

  /** Pulls every page from `cursor`; returns the changes in order and the last cursor. */
  async pullAll(cursor?: string | null, limit?: number): Promise<{ changes: Change[]; cursor: string }> {
    const changes: Change[] = [];
    let next = cursor ?? null;
    for (let page = 0; page < 10_000; page++) {
      const r = await this.pullPage(next, limit);
      changes.push(...r.changes);
      next = r.cursor;
      if (!r.hasMore) return { changes, cursor: r.cursor };
    }
    throw new Error('pull never ended');
  }

  /** The latest state of every record this caller may see, by entity id. */
  async snapshot(): Promise<Map<string, Change>> {
    const { changes } = await this.pullAll();
    const out = new Map<string, Change>();
    for (const c of changes) out.set(c.entityId, c);
    return out;
  }

  /** The latest state of one record as seen through pull (undefined when not visible). */
  async record(entityId: string): Promise<Change | undefined> {
    return (await this.snapshot()).get(entityId);
  }
}

// ---------------------------------------------------------------------------------------------------
// Provisioning

export const AREAS = {
  communeA: 'xa-an-binh',
  village1: 'thon-dong',
  village2: 'thon-tay',
  villageEmpty: 'thon-moi',
  communeB: 'xa-hoa-lac',
  village3: 'thon-bac',
} as const;

export const AREA_NAMES: Record<string, string> = {
  [AREAS.communeA]: 'Xã An Bình',
  [AREAS.village1]: 'Thôn Đông',
  [AREAS.village2]: 'Thôn Tây',
  [AREAS.villageEmpty]: 'Thôn Mới',
  [AREAS.communeB]: 'Xã Hòa Lạc',
  [AREAS.village3]: 'Thôn Bắc',
};

/** The people of a provisioned commune: who may do what is the point of most tests. */
export const USERS = {
  vol1: { name: 'Nguyễn Thị Lan', phone: '0911000001', role: 'volunteer', areaIds: [AREAS.village1] },
  vol1b: { name: 'Trần Văn Hùng', phone: '0911000002', role: 'volunteer', areaIds: [AREAS.village1] },
  vol2: { name: 'Lê Thị Mai', phone: '0911000003', role: 'volunteer', areaIds: [AREAS.village2] },
  vol12: {
    name: 'Phạm Văn Nam',
    phone: '0911000004',
    role: 'volunteer',
    areaIds: [AREAS.village1, AREAS.village2],
  },
  vol3: { name: 'Hoàng Văn Sơn', phone: '0911000005', role: 'volunteer', areaIds: [AREAS.village3] },
  police: { name: 'Đại úy Vũ Đức Minh', phone: '0911000006', role: 'police', areaIds: [AREAS.communeA] },
  policeB: { name: 'Thiếu tá Đỗ Văn Tâm', phone: '0911000007', role: 'police', areaIds: [AREAS.communeB] },
} as const satisfies Record<string, Omit<User, 'id' | 'areaIds'> & { areaIds: readonly string[] }>;

export type UserKey = keyof typeof USERS;

export type World = { admin: Api; anon: Api } & Record<UserKey, Api>;

/** Logs in as the admin given to startServer. */
export function loginAdmin(baseUrl: string, deviceId?: string): Promise<Api> {
  return new Api(baseUrl).login(ADMIN_PHONE, ADMIN_PASSWORD, deviceId);
}

export async function createArea(admin: Api, area: Omit<Area, 'parentId'> & { parentId?: string }) {
  const res = await admin.post<{ area: Area }>('/api/admin/areas', area);
  if (res.status !== 201) throw new Error(`create area ${area.id}: ${res.status} ${res.text}`);
  return res.body.area;
}

/** The smallest world a phone can write in: commune A (Xã An Bình) and its village 1 (Thôn Đông). */
export async function createCommuneAndVillage(admin: Api): Promise<void> {
  await createArea(admin, { id: AREAS.communeA, kind: 'commune', name: 'Xã An Bình' });
  await createArea(admin, {
    id: AREAS.village1,
    kind: 'village',
    name: 'Thôn Đông',
    parentId: AREAS.communeA,
  });
}

export async function createUser(
  admin: Api,
  user: { name: string; phone: string; role: string; areaIds: readonly string[]; password?: string },
): Promise<User> {
  const res = await admin.post<{ user: User }>('/api/admin/users', { password: PASSWORD, ...user });
  if (res.status !== 201) throw new Error(`create user ${user.phone}: ${res.status} ${res.text}`);
  return res.body.user;
}

/**
 * As the admin: two communes (A with three villages, one of them empty; B with one), and the users
 * of USERS (all by default), each logged in on a device of their own.
 */
export async function provision(
  baseUrl: string,
  users: readonly UserKey[] = Object.keys(USERS) as UserKey[],
) {
  const admin = await loginAdmin(baseUrl);
  await createArea(admin, { id: AREAS.communeA, kind: 'commune', name: AREA_NAMES[AREAS.communeA]! });
  await createArea(admin, { id: AREAS.communeB, kind: 'commune', name: AREA_NAMES[AREAS.communeB]! });
  for (const [village, commune] of [
    [AREAS.village1, AREAS.communeA],
    [AREAS.village2, AREAS.communeA],
    [AREAS.villageEmpty, AREAS.communeA],
    [AREAS.village3, AREAS.communeB],
  ] as const) {
    await createArea(admin, { id: village, kind: 'village', name: AREA_NAMES[village]!, parentId: commune });
  }
  const world = { admin, anon: new Api(baseUrl) } as World;
  // Sequential: scrypt is slow by design and the server may cap concurrent hashing.
  for (const key of users) {
    await createUser(admin, USERS[key]);
    world[key] = await new Api(baseUrl).login(USERS[key].phone, PASSWORD);
  }
  return world;
}

/**
 * Registers beforeAll/afterAll for a suite: a server on `backend`, provisioned (unless told not to).
 * Fields are filled in beforeAll, so read them inside tests only.
 */
export function useServer(
  backend: Backend,
  options: {
    clock?: TestClock;
    provision?: boolean;
    users?: readonly UserKey[];
    server?: Partial<ServerOptions>;
  } = {},
) {
  const ctx = {} as { server: TestServer; url: string; world: World };
  beforeAll(async () => {
    ctx.server = await startTestServer(backend, {
      ...(options.clock ? { now: options.clock.now } : {}),
      ...options.server,
    });
    ctx.url = ctx.server.url;
    if (options.provision !== false) ctx.world = await provision(ctx.url, options.users);
  }, 120_000);
  afterAll(async () => {
    await ctx.server?.close();
  }, 60_000);
  return ctx;
}

// ---------------------------------------------------------------------------------------------------
// Mutations

export const clientTime = (): string => new Date().toISOString();
export const uuid = (): string => randomUUID();

export function upsert(
  entity: Entity,
  entityId: string,
  fields: Record<string, unknown>,
  baseVersion = 0,
  id: string = randomUUID(),
): Mutation {
  return { id, entity, entityId, op: 'upsert', baseVersion, fields, clientTime: clientTime() };
}

export function remove(
  entity: Entity,
  entityId: string,
  baseVersion: number,
  id: string = randomUUID(),
): Mutation {
  return { id, entity, entityId, op: 'delete', baseVersion, fields: {}, clientTime: clientTime() };
}

let counter = 0;
const seq = () => ++counter;

export function householdFields(villageId: string, extra: Record<string, unknown> = {}) {
  const n = seq();
  return {
    villageId,
    address: `Số ${n}, ngõ ${n % 17}, xóm Chùa`,
    headName: `Nguyễn Văn Chủ Hộ ${n}`,
    ...extra,
  };
}

export function personFields(householdId: string, extra: Record<string, unknown> = {}) {
  return {
    householdId,
    fullName: `Trần Thị Thành Viên ${seq()}`,
    birthDate: '1985-06-15',
    gender: 'female',
    relation: 'spouse',
    cccdStatus: 'issued',
    vneidStatus: 'level2_active',
    ...extra,
  };
}

export function taskFields(householdId: string, extra: Record<string, unknown> = {}) {
  return { householdId, kind: 'missing_id', note: 'Thiếu số định danh', status: 'open', ...extra };
}

export function visitFields(householdId: string, extra: Record<string, unknown> = {}) {
  return { householdId, visitedOn: '2026-10-01', outcome: 'met', ...extra };
}

export const newHousehold = (villageId: string, extra: Record<string, unknown> = {}) =>
  upsert('household', randomUUID(), householdFields(villageId, extra));
export const newPerson = (householdId: string, extra: Record<string, unknown> = {}) =>
  upsert('person', randomUUID(), personFields(householdId, extra));
export const newTask = (householdId: string, extra: Record<string, unknown> = {}) =>
  upsert('task', randomUUID(), taskFields(householdId, extra));
export const newVisit = (householdId: string, extra: Record<string, unknown> = {}) =>
  upsert('visit', randomUUID(), visitFields(householdId, extra));

/** Creates a household as `api` and returns its id; fails unless applied at version 1. */
export async function createHousehold(api: Api, villageId: string, extra: Record<string, unknown> = {}) {
  const m = newHousehold(villageId, extra);
  const r = await api.pushOne(m);
  if (r.status !== 'applied' || r.version !== 1) throw new Error(`create household: ${JSON.stringify(r)}`);
  return m.entityId;
}

export async function createChild(api: Api, m: Mutation): Promise<string> {
  const r = await api.pushOne(m);
  if (r.status !== 'applied') throw new Error(`create ${m.entity}: ${JSON.stringify(r)}`);
  return m.entityId;
}

// ---------------------------------------------------------------------------------------------------
// Assertions that are not expect() one-liners

/** Every key of a JSON value, at any depth. */
export function deepKeys(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) deepKeys(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      deepKeys(v, out);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Server processes (main.ts), for the multi-process and crash tests

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolvePort(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Spawns `src/server/main.ts` as one node process (node --import tsx, so that SIGKILL reaches the
 * server itself, not a wrapper that would leave it running).
 */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const fullEnv: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    SEED_DEMO: '0',
    LOG_LEVEL: 'silent',
    // No wait for a load balancer on a stop ([S20]): a test that tries the drain sets its own.
    SHUTDOWN_DRAIN_MS: '0',
    ADMIN_PHONE,
    ADMIN_PASSWORD,
    ...env,
  };
  // Only what the test names: no database or data folder inherited from the shell.
  for (const key of ['DATABASE_URL', 'DATABASE_SCHEMA', 'DATA_DIR']) if (!(key in env)) delete fullEnv[key];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: fullEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const proc: ServerProcess = {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  return proc;
}

/**
 * Waits until GET /api/health answers 200, or fails when the process exits first or after `ms`. A poll
 * until a condition, with a deadline: the pause between tries ends early when the process exits.
 */
export async function waitHealthy(proc: ServerProcess, ms = 60_000): Promise<void> {
  let ended = false;
  void proc.exited.then(() => (ended = true));
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (ended) throw new Error(`server exited before it was healthy:\n${proc.output()}`);
    try {
      const res = await fetch(`${proc.url}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await Promise.race([new Promise((r) => setTimeout(r, 50)), proc.exited]);
  }
  throw new Error(`server not healthy after ${ms} ms:\n${proc.output()}`);
}

export async function startProcess(env: Record<string, string>): Promise<ServerProcess> {
  const proc = await spawnServer(env);
  try {
    await waitHealthy(proc);
  } catch (e) {
    await proc.kill('SIGKILL');
    throw e;
  }
  return proc;
}

/**
 * The contract's error shape: the status, `{"error": {"code", "message"}}` with a non-empty message,
 * nothing else at the top level, served as JSON.
 */
export function expectError(res: ApiResponse<unknown>, status: number, code: string): void {
  const where = `${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, where).toBe(status);
  expect(res.headers.get('content-type') ?? '', where).toMatch(/^application\/json/);
  const body = res.body as ErrorBody;
  expect(Object.keys(body ?? {}), where).toEqual(['error']);
  expect(body.error.code, where).toBe(code);
  expect(typeof body.error.message, where).toBe('string');
  expect(body.error.message.length, where).toBeGreaterThan(0);
}

// ---------------------------------------------------------------------------------------------------
// Identity (issue 12): pushes naming any device, the devices list and the audit trail as seen over HTTP

/** A push as `api` that names `deviceId` (its own or not), answered as it comes: the status is not checked. */
export function pushNaming(
  api: Api,
  deviceId: string,
  mutations: Mutation[],
): Promise<ApiResponse<{ results: MutationResult[] }>> {
  return api.post<{ results: MutationResult[] }>('/api/sync/push', { deviceId, mutations });
}

/** A row of GET /api/devices ([D1]): the domain's device, with its user's areas. */
export type DeviceRow = DeviceSync & { areaIds?: string[] };

/** `GET /api/devices?areaId=` as `api` (police or admin); fails the test unless 200. */
export async function listDevices(api: Api, areaId: string): Promise<DeviceRow[]> {
  const res = await api.get<{ devices: DeviceRow[] }>(`/api/devices?areaId=${areaId}`);
  if (res.status !== 200) throw new Error(`devices ${areaId}: ${res.status} ${res.text}`);
  return res.body.devices;
}

export interface AuditRow {
  at: string;
  userId: string;
  deviceId: string;
  mutationId: string | null;
  entity: string;
  entityId: string;
  op: string;
  changes: Record<string, { old: unknown; new: unknown }>;
}

/** A record's audit trail, oldest first (`GET /api/admin/audit`, as the admin). */
export async function auditTrail(admin: Api, entityId: string): Promise<AuditRow[]> {
  const res = await admin.get<{ entries: AuditRow[] }>(`/api/admin/audit?entityId=${entityId}`);
  if (res.status !== 200) throw new Error(`audit ${entityId}: ${res.status} ${res.text}`);
  return res.body.entries;
}

/**
 * A record stored under an older, looser rule: made through the API on a first run of the server, then
 * one field rewritten in the store as an older server version kept it, and the server started again on
 * the same data. `make` creates the record as vol1 and returns its id. The test's `vol1` is signed in on
 * the second run.
 */
export function useLegacyRecord(
  backend: Backend,
  legacy: { make: (world: World) => Promise<string>; field: string; value: string },
): { readonly server: TestServer; readonly vol1: Api; readonly id: string } {
  const dataDir = backend === 'pglite' ? mkdtempSync(join(tmpdir(), 'so06-legacy-')) : undefined;
  const schema = backend === 'postgres' ? randomSchema() : undefined;
  const state = {} as { server: TestServer; vol1: Api; id: string };
  beforeAll(async () => {
    const first = await startTestServer(backend, { dataDir, schema });
    state.id = await legacy.make(await provision(first.url, ['vol1']));
    await first.close();
    const opened = await openStore({
      dataDir,
      databaseSchema: schema,
      databaseUrl: schema && process.env.TEST_DATABASE_URL,
    });
    if (!opened.ok) throw new Error(opened.message);
    await opened.store.query(
      `UPDATE records SET data = jsonb_set(data, ARRAY[$2::text], to_jsonb($3::text)) WHERE id = $1`,
      [state.id, legacy.field, legacy.value],
    );
    await opened.store.close();
    state.server = await startTestServer(backend, { dataDir, schema });
    state.vol1 = await new Api(state.server.url).login(USERS.vol1.phone, PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await state.server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (schema) await dropSchema(schema);
  }, 60_000);
  return state;
}

/**
 * `npm run cli -- <args>` on the embedded database in `dataDir` (never a PostgreSQL of the shell):
 * its exit code and everything it printed.
 */
export function runCli(dataDir: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => done({ code, out }));
  });
}
