// SYNC-API.md "Running the server", for a server that runs as several processes behind a load balancer
// (issue 18): liveness and readiness ([S18], [S19]), a stop that drains before it closes ([S20]), request
// ids in answers and log lines ([S21]), and Prometheus metrics behind a token that name no person, phone,
// user, device or area ([S22], [S23]). On PGlite, and on PostgreSQL when TEST_DATABASE_URL is set.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../src/domain/sync-protocol.ts';
import { startServer, StartupError } from '../../src/server/app-server.ts';
import { createApp } from '../../src/server/http/app.ts';
import { createLogger } from '../../src/server/log.ts';
import { createDrain } from '../../src/server/ops/drain.ts';
import { NO_METRICS } from '../../src/server/ops/metrics.ts';
import type { Store } from '../../src/server/store/store.ts';
import {
  AREAS,
  AREA_NAMES,
  type Api,
  BACKENDS,
  DAY_MS,
  TestClock,
  USERS,
  createCommuneAndVillage,
  dropSchema,
  createArea,
  expectError,
  loginAdmin,
  newHousehold,
  PASSWORD,
  randomSchema,
  request,
  spawnServer,
  startProcess,
  startTestServer,
  upsert,
  useServer,
  type Backend,
  type TestServer,
  type UserKey,
} from '../support/server.ts';

const PG = process.env.TEST_DATABASE_URL;
const TOKEN = 'metrics-token-0123456789abcdef';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A log destination for pino that keeps every line, parsed. */
function logSink() {
  const lines: Record<string, unknown>[] = [];
  return {
    lines,
    write(line: string) {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
}

/** GET /api/metrics with `token` (none: no Authorization header). */
function scrape(url: string, token: string | null = TOKEN, headers: Record<string, string> = {}) {
  return request(url, 'GET', '/api/metrics', {
    headers: token === null ? headers : { authorization: `Bearer ${token}`, ...headers },
  });
}

/** The value of one sample of the Prometheus text: `name` with at least `labels`; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const has = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]),
    );
    if (Object.entries(labels).every(([k, v]) => has[k] === v)) return Number(m[3]);
  }
  return undefined;
}

async function scrapeText(url: string): Promise<string> {
  const res = await scrape(url);
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return res.text;
}

/** Polls the metrics until `so06_http_writes_in_flight` is `n`: the writes have passed the drain's gate. */
async function waitWritesInFlight(url: string, n: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = sample(await scrapeText(url), 'so06_http_writes_in_flight');
    if (value === n) return;
    if (Date.now() > deadline) throw new Error(`writes in flight: ${value}, not ${n}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A push whose body is sent up to its last bytes, which wait for `release()`: a push held in flight. */
function heldPush(api: Api, mutations: Mutation[]) {
  const text = JSON.stringify({ deviceId: api.deviceId, mutations });
  const encoder = new TextEncoder();
  let release!: () => void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(text.slice(0, text.length - 20)));
      release = () => {
        controller.enqueue(encoder.encode(text.slice(text.length - 20)));
        controller.close();
      };
    },
  });
  const answer = api.request<{ results: { status: string; version?: number }[] }>('POST', '/api/sync/push', {
    raw: body,
  });
  return { answer, release };
}

/** The storage of a server that is stopped and started again: a data folder, or a kept schema. */
function storageOf(backend: Backend) {
  const dataDir = backend === 'pglite' ? mkdtempSync(join(tmpdir(), 'so06-ops-')) : undefined;
  const schema = backend === 'postgres' ? randomSchema() : undefined;
  return {
    options: { ...(dataDir ? { dataDir } : {}), ...(schema ? { schema } : {}) },
    async remove() {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (schema) await dropSchema(schema);
    },
  };
}

describe.each(BACKENDS)('operations on %s', (backend) => {
  describe('[S18] [S19] liveness and readiness, without a token', () => {
    const ctx = useServer(backend, { provision: false });

    it('[S18] GET /api/health/live answers 200 {"ok":true}', async () => {
      const res = await request(ctx.url, 'GET', '/api/health/live');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.body).toEqual({ ok: true });
    });

    it('[S19] GET /api/health/ready answers 200 with the database kind; [S2] /api/health is unchanged', async () => {
      const ready = await request(ctx.url, 'GET', '/api/health/ready');
      expect(ready.status, ready.text).toBe(200);
      expect(ready.body).toEqual({ ok: true, db: backend });
      const health = await request(ctx.url, 'GET', '/api/health');
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ ok: true, db: backend });
    });

    it('[S19] a token is not needed, and a bad one changes nothing', async () => {
      for (const path of ['/api/health/live', '/api/health/ready']) {
        const res = await request(ctx.url, 'GET', path, { token: 'not-a-token' });
        expect(res.status, path).toBe(200);
      }
    });
  });

  describe('[S20] a stop drains before it closes', () => {
    it(
      '[S19] [S20] readiness fails at once when close() begins while liveness and reads still answer; the listener closes after drainMs',
      { timeout: 60_000 },
      async () => {
        const ts = await startTestServer(backend, { drainMs: 1500 });
        try {
          const admin = await loginAdmin(ts.url);
          expect((await request(ts.url, 'GET', '/api/health/ready')).status).toBe(200);
          const started = Date.now();
          let closed = false;
          const closing = ts.server.close().then(() => (closed = true));
          const ready = await request(ts.url, 'GET', '/api/health/ready');
          expectError(ready, 503, 'unavailable');
          expect((await request(ts.url, 'GET', '/api/health/live')).status).toBe(200);
          // Reads are still served while the load balancer moves on.
          expect((await admin.get('/api/me')).status).toBe(200);
          expect(closed).toBe(false);
          await closing;
          expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
          await expect(fetch(`${ts.url}/api/health/live`)).rejects.toThrow();
        } finally {
          await ts.close();
        }
      },
    );

    it(
      '[S20] a push in flight when close() begins completes and is durable; a push sent while draining is 503 unavailable with Retry-After: 1 and [E7] applies nothing',
      { timeout: 90_000 },
      async () => {
        const storage = storageOf(backend);
        let ts: TestServer | undefined;
        try {
          ts = await startTestServer(backend, { ...storage.options, metricsToken: TOKEN });
          const admin = await loginAdmin(ts.url);
          await createCommuneAndVillage(admin);
          const leaving = await loginAdmin(ts.url);

          const inFlight = newHousehold(AREAS.village1);
          const held = heldPush(admin, [inFlight]);
          await waitWritesInFlight(ts.url, 1);

          const closing = ts.server.close();
          expectError(await request(ts.url, 'GET', '/api/health/ready'), 503, 'unavailable');

          const refused = newHousehold(AREAS.village1);
          const res = await admin.post('/api/sync/push', { deviceId: admin.deviceId, mutations: [refused] });
          expectError(res, 503, 'unavailable');
          expect(res.headers.get('retry-after')).toBe('1');
          expect(res.headers.get('x-request-id')).toBeTruthy();
          // Other writes are refused too; a sign-out goes through.
          expectError(
            await admin.post('/api/admin/areas', {
              id: 'thon-nam',
              kind: 'village',
              name: 'Thôn Nam',
              parentId: AREAS.communeA,
            }),
            503,
            'unavailable',
          );
          expect((await leaving.post('/api/auth/logout')).status).toBe(204);

          held.release();
          const answer = await held.answer;
          expect(answer.status, answer.text).toBe(200);
          expect(answer.body.results).toEqual([{ id: inFlight.id, status: 'applied', version: 1 }]);
          await closing;

          // The same storage, started again: the push in flight is there, the refused one is not.
          ts = await startTestServer(backend, storage.options);
          const again = await loginAdmin(ts.url);
          const snap = await again.snapshot();
          expect(snap.get(inFlight.entityId)?.version).toBe(1);
          expect(snap.has(refused.entityId)).toBe(false);
          // No answer was kept for the refused mutation: sent again, it is applied as new.
          expect(await again.pushOne(refused)).toEqual({ id: refused.id, status: 'applied', version: 1 });
          // The refused area was never made: making it now is no conflict.
          await createArea(again, {
            id: 'thon-nam',
            kind: 'village',
            name: 'Thôn Nam',
            parentId: AREAS.communeA,
          });
        } finally {
          await ts?.server.close();
          await storage.remove();
        }
      },
    );

    it.skipIf(backend !== 'postgres')(
      '[S20] a push waiting inside its transaction (its village locked elsewhere) when close() begins commits before the database closes',
      { timeout: 90_000 },
      async () => {
        const storage = storageOf(backend);
        const holder = new pg.Client({ connectionString: PG });
        await holder.connect();
        let ts: TestServer | undefined;
        try {
          ts = await startTestServer(backend, storage.options);
          const schema = ts.schema!;
          const admin = await loginAdmin(ts.url);
          await createCommuneAndVillage(admin);

          // The village's lock (its counters row, which every writer of the village takes first) held here.
          await holder.query('BEGIN');
          await holder.query(`SELECT 1 FROM "${schema}".village_tallies WHERE village_id = $1 FOR UPDATE`, [
            AREAS.village1,
          ]);
          const inFlight = newHousehold(AREAS.village1);
          const pushed = admin.post<{ results: unknown[] }>('/api/sync/push', {
            deviceId: admin.deviceId,
            mutations: [inFlight],
          });
          // Until the push's transaction waits for that lock (the query column may still show the
          // connection's previous statement: the wait is what tells).
          const deadline = Date.now() + 15_000;
          for (;;) {
            const { rows } = await holder.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
            );
            if (rows[0]!.n === 1) break;
            if (Date.now() > deadline) throw new Error('the push never waited for the village lock');
            await new Promise((r) => setTimeout(r, 20));
          }

          const closing = ts.server.close();
          const refused = newHousehold(AREAS.village1);
          const res = await admin.post('/api/sync/push', { deviceId: admin.deviceId, mutations: [refused] });
          expectError(res, 503, 'unavailable');
          expect(res.headers.get('retry-after')).toBe('1');

          await holder.query('COMMIT');
          const answer = await pushed;
          expect(answer.status, answer.text).toBe(200);
          expect(answer.body.results).toEqual([{ id: inFlight.id, status: 'applied', version: 1 }]);
          await closing;

          ts = await startTestServer(backend, storage.options);
          const snap = await (await loginAdmin(ts.url)).snapshot();
          expect(snap.get(inFlight.entityId)?.version).toBe(1);
          expect(snap.has(refused.entityId)).toBe(false);
        } finally {
          await holder.end();
          await ts?.server.close();
          await storage.remove();
        }
      },
    );
  });

  describe('[S22] [S23] metrics', () => {
    const clock = new TestClock(Date.parse('2026-12-01T03:00:00.000Z'));
    const users: UserKey[] = ['vol1', 'vol1b', 'vol2'];
    const ctx = useServer(backend, { clock, users, server: { metricsToken: TOKEN } });
    const plain = useServer(backend, { provision: false });

    it('[S22] without METRICS_TOKEN, GET /api/metrics is the 404 of an unknown endpoint, token or not', async () => {
      expectError(await scrape(plain.url, null), 404, 'not_found');
      expectError(await scrape(plain.url), 404, 'not_found');
    });

    it('[S22] with METRICS_TOKEN, a missing, wrong or other kind of credential is 401 unauthenticated', async () => {
      expectError(await scrape(ctx.url, null), 401, 'unauthenticated');
      expectError(await scrape(ctx.url, 'metrics-token-0123456789abcdeX'), 401, 'unauthenticated');
      expectError(await scrape(ctx.url, TOKEN.slice(0, -1)), 401, 'unauthenticated');
      expectError(await scrape(ctx.url, `${TOKEN}0`), 401, 'unauthenticated');
      expectError(
        await scrape(ctx.url, null, { authorization: `Basic ${btoa(`x:${TOKEN}`)}` }),
        401,
        'unauthenticated',
      );
      // A user's token is not the metrics token.
      expectError(await scrape(ctx.url, ctx.world.vol1.token), 401, 'unauthenticated');
      // Nor is the metrics token anyone's session.
      expectError(await request(ctx.url, 'GET', '/api/me', { token: TOKEN }), 401, 'unauthenticated');
    });

    it('[S23] pushes, mutations by status, pull pages, HTTP requests by route pattern, and process metrics, all so06_', async () => {
      const { vol1, vol1b, vol2 } = ctx.world;
      const before = await scrapeText(ctx.url);
      expect(sample(before, 'so06_pushes_total')).toBe(0);
      for (const status of ['applied', 'conflict', 'rejected'])
        expect(sample(before, 'so06_push_mutations_total', { status }), status).toBe(0);

      const h = newHousehold(AREAS.village1);
      const statuses: string[] = [];
      const send = async (api: Api, mutations: Mutation[]) => {
        for (const r of await api.push(mutations)) statuses.push(r.status);
      };
      await send(vol1, [h, newHousehold(AREAS.village1)]);
      await send(vol1, [upsert('household', h.entityId, { headName: 'Nguyễn Văn Mới' }, 1)]);
      await send(vol1b, [upsert('household', h.entityId, { headName: 'Trần Văn Khác' }, 1)]);
      // vol1 may not write in village 2.
      await send(vol1, [newHousehold(AREAS.village2)]);
      expect(new Set(statuses)).toEqual(new Set(['applied', 'conflict', 'rejected']));
      await vol2.pullPage();
      await vol1.pullPage(null, 1);

      const res = await scrape(ctx.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = res.text;
      expect(sample(text, 'so06_pushes_total')).toBe(4);
      for (const status of ['applied', 'conflict', 'rejected']) {
        const n = statuses.filter((s) => s === status).length;
        expect(sample(text, 'so06_push_mutations_total', { status }), status).toBe(n);
      }
      expect(sample(text, 'so06_push_duration_seconds_count')).toBe(4);
      expect(sample(text, 'so06_pull_pages_total')).toBe(2);
      expect(sample(text, 'so06_pull_changes_total')).toBeGreaterThanOrEqual(1);
      expect(
        sample(text, 'so06_http_requests_total', {
          method: 'POST',
          route: '/api/sync/push',
          status_class: '2xx',
        }),
      ).toBe(4);
      expect(sample(text, 'so06_http_request_duration_seconds_count', { route: '/api/sync/push' })).toBe(4);
      expect(
        sample(text, 'so06_http_requests_total', {
          method: 'GET',
          route: '/api/sync/pull',
          status_class: '2xx',
        }),
      ).toBe(2);
      expect(sample(text, 'so06_http_writes_in_flight')).toBe(0);
      expect(sample(text, 'so06_draining')).toBe(0);
      // prom-client's default process metrics, with the prefix.
      expect(sample(text, 'so06_process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(sample(text, 'so06_nodejs_heap_size_total_bytes')).toBeGreaterThan(0);
      const names = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!);
      expect(names.length).toBeGreaterThan(10);
      expect(names.filter((n) => !n.startsWith('so06_'))).toEqual([]);
    });

    it('[S23] labels are route patterns and status classes: no id, name, phone or query from any request', async () => {
      const { admin, vol1, vol1b, vol2 } = ctx.world;
      const h = newHousehold(AREAS.village1, { phone: '0987654321' });
      await vol1.push([h]);
      // Ids in paths and queries, known and unknown endpoints, refused requests.
      const bogus = crypto.randomUUID();
      expectError(await vol1.get(`/api/nope/${bogus}`), 404, 'not_found');
      await admin.get(`/api/tallies?areaId=${AREAS.village1}`);
      await admin.get(`/api/devices?areaId=${AREAS.communeA}`);
      await vol1.get(`/api/sync/pull?limit=${1}&cursor=`);
      expectError(
        await request(ctx.url, 'POST', `/api/auth/login`, {
          json: { phone: USERS.vol2.phone, password: 'sai-mat-khau', deviceId: vol2.deviceId },
        }),
        401,
        'invalid_credentials',
      );
      const text = await scrapeText(ctx.url);
      expect(
        sample(text, 'so06_http_requests_total', { route: '/api/*', status_class: '4xx' }),
      ).toBeGreaterThan(0);
      expect(sample(text, 'so06_http_requests_total', { route: '/api/tallies' })).toBe(1);

      const secrets = [
        bogus,
        h.entityId,
        h.id,
        '0987654321',
        ...Object.values(AREAS),
        ...Object.values(AREA_NAMES),
        ...[admin, vol1, vol1b, vol2].flatMap((a) => [
          a.userId,
          a.deviceId,
          a.token!,
          a.user!.phone,
          a.user!.name,
        ]),
        TOKEN,
      ];
      for (const s of secrets) expect(text.includes(s), s).toBe(false);
      // Every label name is one of a few bounded kinds.
      const labelNames = new Set(
        [...text.matchAll(/^so06_\w+\{([^}]*)\}/gm)].flatMap((m) =>
          [...m[1]!.matchAll(/(\w+)="/g)].map((l) => l[1]!),
        ),
      );
      const allowed = ['method', 'route', 'status_class', 'status', 'le', 'space', 'kind', 'type'];
      const defaultOnes = ['version', 'major', 'minor', 'patch'];
      expect([...labelNames].filter((n) => !allowed.includes(n) && !defaultOnes.includes(n))).toEqual([]);
    });

    it("[S23] active phones: devices that pushed or pulled within 24 h, counted at scrape time on the services' clock", async () => {
      const { vol1, vol2 } = ctx.world;
      // Earlier tests of this suite pushed from vol1 and vol1b and pulled from vol1 and vol2: three phones.
      await vol1.pullPage();
      expect(sample(await scrapeText(ctx.url), 'so06_active_phones')).toBe(3);
      clock.advance(DAY_MS + 60_000);
      expect(sample(await scrapeText(ctx.url), 'so06_active_phones')).toBe(0);
      await vol2.pullPage();
      expect(sample(await scrapeText(ctx.url), 'so06_active_phones')).toBe(1);
      // A second phone of the same user is a second phone.
      const vol2b = await vol2.otherDevice(PASSWORD);
      await vol2b.pullPage();
      expect(sample(await scrapeText(ctx.url), 'so06_active_phones')).toBe(2);
    });

    it('[S22] each server counts its own: a second server in this process does not add to the first', async () => {
      const before = sample(await scrapeText(ctx.url), 'so06_pushes_total');
      const other = await startTestServer(backend, { metricsToken: TOKEN });
      try {
        const admin = await loginAdmin(other.url);
        await createCommuneAndVillage(admin);
        await admin.push([newHousehold(AREAS.village1)]);
        expect(sample(await scrapeText(other.url), 'so06_pushes_total')).toBe(1);
        expect(sample(await scrapeText(ctx.url), 'so06_pushes_total')).toBe(before);
      } finally {
        await other.close();
      }
    });
  });

  describe('[S21] request ids', () => {
    const sink = logSink();
    const ctx = useServer(backend, {
      provision: false,
      server: { logLevel: 'info', logDestination: sink },
    });
    const linesOf = (id: string) => sink.lines.filter((l) => l.requestId === id);

    it('[S21] a well-formed X-Request-Id is echoed and carried by the request log line [S16] (no query string)', async () => {
      for (const id of ['lb-7f3a.2026:abc_DEF-9', 'a', 'x'.repeat(64), '0123456789']) {
        const res = await request(ctx.url, 'GET', '/api/health/live?phone=0911000001', {
          headers: { 'x-request-id': id },
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('x-request-id')).toBe(id);
        const lines = linesOf(id);
        expect(lines, id).toHaveLength(1);
        expect(lines[0]).toMatchObject({
          requestId: id,
          method: 'GET',
          route: '/api/health/live',
          path: '/api/health/live',
          status: 200,
        });
      }
      expect(JSON.stringify(sink.lines)).not.toContain('0911000001');
    });

    it('[S21] a malformed or missing X-Request-Id is replaced by a fresh one, in the answer and the log', async () => {
      const seen = new Set<string>();
      for (const bad of ['x'.repeat(65), 'has space', 'tab\there', 'café-1', 'a/b', 'a"b', 'id;drop', null]) {
        const res = await request(ctx.url, 'GET', '/api/health/live', {
          headers: bad === null ? {} : { 'x-request-id': bad },
        });
        const id = res.headers.get('x-request-id') ?? '';
        expect(id, String(bad)).toMatch(UUID);
        expect(id).not.toBe(bad);
        seen.add(id);
        expect(linesOf(id), String(bad)).toHaveLength(1);
        if (bad !== null) expect(JSON.stringify(sink.lines)).not.toContain(JSON.stringify(bad).slice(1, -1));
      }
      expect(seen.size).toBe(8);
    });

    it('[S21] every answer carries it: errors, refusals, the app shell', async () => {
      const cases: [string, string][] = [
        ['GET', '/api/nope'],
        ['GET', '/api/me'],
        ['POST', '/api/sync/push'],
        ['GET', '/'],
        ['GET', '/api/health/ready'],
      ];
      for (const [method, path] of cases) {
        const id = `probe-${method}-${path.replace(/\W/g, '_')}`;
        const res = await request(ctx.url, method, path, { headers: { 'x-request-id': id } });
        expect(res.headers.get('x-request-id'), `${method} ${path}`).toBe(id);
        expect(linesOf(id)[0]?.status, `${method} ${path}`).toBe(res.status);
      }
    });

    it.skipIf(backend !== 'postgres')(
      "[S21] a fault of the database: the 500's error log line and its request log line carry the request id",
      async () => {
        const admin = await loginAdmin(ctx.url);
        const client = new pg.Client({ connectionString: PG });
        await client.connect();
        const table = `"${ctx.server.schema!}".tokens`;
        try {
          await client.query(`ALTER TABLE ${table} RENAME TO tokens_away`);
          const res = await admin.get('/api/me', { headers: { 'x-request-id': 'fault-probe-1' } });
          expectError(res, 500, 'internal_error');
          expect(res.headers.get('x-request-id')).toBe('fault-probe-1');
        } finally {
          await client.query(`ALTER TABLE "${ctx.server.schema!}".tokens_away RENAME TO tokens`);
          await client.end();
        }
        const lines = linesOf('fault-probe-1');
        expect(lines.map((l) => l.msg ?? null)).toContain('request failed');
        expect(lines.some((l) => l.status === 500 && l.route === '/api/me')).toBe(true);
        expect(JSON.stringify(lines)).not.toContain(admin.token!);
      },
    );
  });
});

describe('[S19] readiness when the database does not answer', () => {
  it('[S19] a database that does not answer SELECT 1 in time makes readiness 503 unavailable', async () => {
    const never = new Promise<never>(() => undefined);
    const failing = { mode: 'hang' as 'hang' | 'throw' | 'ok' };
    const store = {
      kind: 'postgres' as const,
      schema: 'public',
      query: async () => {
        if (failing.mode === 'hang') return never;
        if (failing.mode === 'throw') throw new Error('connection refused');
        return [{ ok: 1 }];
      },
      transaction: () => never,
      close: async () => undefined,
    } as unknown as Store;
    const app = createApp(
      {
        store,
        now: Date.now,
        log: createLogger('silent'),
        staticDir: './dist',
        trustedProxies: new Set(),
        policeManage: true,
        metrics: NO_METRICS,
        drain: createDrain(),
      },
      { readyTimeoutMs: 100 },
    );
    const ready = async () => {
      const res = await app.request('/api/health/ready');
      return { status: res.status, body: (await res.json()) as unknown };
    };
    const hung = await ready();
    expect(hung.status).toBe(503);
    expect(hung.body).toMatchObject({ error: { code: 'unavailable' } });
    failing.mode = 'throw';
    expect((await ready()).status).toBe(503);
    failing.mode = 'ok';
    expect(await ready()).toEqual({ status: 200, body: { ok: true, db: 'postgres' } });
    expect((await app.request('/api/health/live')).status).toBe(200);
  });
});

describe('[S20] [S22] the settings of main.ts', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const dataDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'so06-ops-main-'));
    dirs.push(d);
    return d;
  };

  it('[S22] a METRICS_TOKEN shorter than 16 characters, or a bad SHUTDOWN_DRAIN_MS, stops the start with a message', async () => {
    const cases = [
      [{ METRICS_TOKEN: 'short-secret' }, /METRICS_TOKEN: at least 16 characters/],
      [{ METRICS_TOKEN: 'with a space inside it' }, /METRICS_TOKEN/],
      [{ SHUTDOWN_DRAIN_MS: 'soon' }, /SHUTDOWN_DRAIN_MS/],
      [{ SHUTDOWN_DRAIN_MS: '-1' }, /SHUTDOWN_DRAIN_MS/],
      [{ SHUTDOWN_DRAIN_MS: '999999' }, /SHUTDOWN_DRAIN_MS/],
    ] as const;
    // All at once: each start stops before it opens anything.
    await Promise.all(
      cases.map(async ([env, message]) => {
        const proc = await spawnServer({ DATA_DIR: dataDir(), ...env });
        const exit = await proc.exited;
        expect(exit.code, proc.output()).toBe(1);
        expect(proc.output()).toMatch(message);
        expect(proc.output()).not.toContain('short-secret');
      }),
    );
    // startServer refuses the same token before it opens anything.
    await expect(startServer({ memory: true, port: 0, metricsToken: 'short-secret' })).rejects.toThrow(
      StartupError,
    );
  }, 60_000);

  it(
    '[S20] [S22] main.ts serves METRICS_TOKEN, and on SIGTERM fails readiness for SHUTDOWN_DRAIN_MS before it exits 0',
    { timeout: 60_000 },
    async () => {
      const proc = await startProcess({
        DATA_DIR: dataDir(),
        METRICS_TOKEN: TOKEN,
        SHUTDOWN_DRAIN_MS: '3000',
      });
      try {
        expect((await scrape(proc.url)).status).toBe(200);
        expect((await request(proc.url, 'GET', '/api/health/ready')).status).toBe(200);
        const started = Date.now();
        proc.child.kill('SIGTERM');
        // Readiness fails within the drain, while the process still answers.
        const deadline = Date.now() + 2500;
        let status = 0;
        while (Date.now() < deadline) {
          status = (await request(proc.url, 'GET', '/api/health/ready')).status;
          if (status === 503) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        expect(status).toBe(503);
        expect((await request(proc.url, 'GET', '/api/health/live')).status).toBe(200);
        const exit = await proc.exited;
        expect(exit.code, proc.output()).toBe(0);
        expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
      } finally {
        await proc.kill('SIGKILL');
      }
    },
  );
});
