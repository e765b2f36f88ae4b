// SYNC-API.md "Running the server": ADMIN_PHONE / ADMIN_PASSWORD create the first admin and never
// change an existing one; SEED_DEMO seeds a demo commune (under a demo province, with a login of its
// police) only into a database without areas; the CLI's create-admin works on the same database. Each server restarts on the same storage: a PGlite
// folder, or one PostgreSQL schema.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerOptions } from '../../src/server/app-server.ts';
import { DEMO_COMMUNE, DEMO_LOGINS, DEMO_PROVINCE } from '../../src/server/demo-seed.ts';
import {
  ADMIN_PASSWORD,
  ADMIN_PHONE,
  Api,
  BACKENDS,
  ROOT,
  dropSchema,
  expectError,
  randomSchema,
  request,
  startTestServer,
  type Area,
  type Backend,
} from '../support/server.ts';

describe.each(BACKENDS)('bootstrap on %s', (backend) => {
  const dirs: string[] = [];
  const schemas: string[] = [];
  afterAll(async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    for (const s of schemas) await dropSchema(s);
  }, 30_000);

  /** A fresh storage place that several server starts can share. */
  const storage = () => {
    if (backend === 'postgres') {
      const schema = randomSchema();
      schemas.push(schema);
      return { schema };
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'so06-boot-'));
    dirs.push(dataDir);
    return { dataDir };
  };
  const start = (place: { schema?: string; dataDir?: string }, options: Partial<ServerOptions>) =>
    backend === 'postgres'
      ? startTestServer(backend as Backend, { schema: place.schema!, ...options })
      : startTestServer(backend as Backend, { dataDir: place.dataDir!, ...options });

  it('[S3] the admin is created when no user has that phone, and never changed afterwards', async () => {
    const place = storage();
    const one = await start(place, {});
    try {
      expect(
        (
          await request(one.url, 'POST', '/api/auth/login', {
            json: { phone: ADMIN_PHONE, password: ADMIN_PASSWORD, deviceId: crypto.randomUUID() },
          })
        ).status,
      ).toBe(200);
    } finally {
      await one.close();
    }
    const two = await start(place, { adminPassword: 'another-password-2' });
    try {
      const old = await new Api(two.url).login(ADMIN_PHONE, ADMIN_PASSWORD);
      expect(old.user?.role).toBe('admin');
      const res = await request(two.url, 'POST', '/api/auth/login', {
        json: { phone: ADMIN_PHONE, password: 'another-password-2', deviceId: crypto.randomUUID() },
      });
      expectError(res, 401, 'invalid_credentials');
      const users = await old.get<{ users: { phone: string }[] }>('/api/admin/users');
      expect(users.body.users.filter((u) => u.phone === ADMIN_PHONE)).toHaveLength(1);
    } finally {
      await two.close();
    }
  });

  it('[S6] data and sessions outlive a restart', async () => {
    const place = storage();
    const one = await start(place, {});
    let token: string;
    const id = crypto.randomUUID();
    try {
      const admin = await new Api(one.url).login(ADMIN_PHONE, ADMIN_PASSWORD);
      token = admin.token!;
      await admin.post('/api/admin/areas', { id: 'xa-ben', kind: 'commune', name: 'Xã Bền' });
      await admin.post('/api/admin/areas', {
        id: 'thon-ben',
        kind: 'village',
        name: 'Thôn Bền',
        parentId: 'xa-ben',
      });
      const r = await admin.pushOne({
        id: crypto.randomUUID(),
        entity: 'household',
        entityId: id,
        op: 'upsert',
        baseVersion: 0,
        fields: { villageId: 'thon-ben', address: 'Số 1', headName: 'Nguyễn Văn Bền' },
        clientTime: new Date().toISOString(),
      });
      expect(r.status).toBe('applied');
    } finally {
      await one.close();
    }
    const two = await start(place, {});
    try {
      const admin = new Api(two.url, token);
      expect((await admin.get('/api/me')).status).toBe(200);
      expect(await admin.record(id)).toMatchObject({ version: 1, data: { headName: 'Nguyễn Văn Bền' } });
    } finally {
      await two.close();
    }
  });

  // Three starts on new storage (each PGlite folder's initdb), one seeding 300 households: ~15 s on an
  // idle two-core machine, past the default 20 s when another process shares it.
  it('[S4] SEED_DEMO seeds a demo commune only when the database has no area', async () => {
    const place = storage();
    const one = await start(place, { seedDemo: true });
    let areas: Area[];
    try {
      const admin = await new Api(one.url).login(ADMIN_PHONE, ADMIN_PASSWORD);
      areas = (await admin.get<{ areas: Area[] }>('/api/areas')).body.areas;
      expect(areas.some((a) => a.kind === 'commune')).toBe(true);
      expect(areas.some((a) => a.kind === 'village')).toBe(true);
    } finally {
      await one.close();
    }
    const two = await start(place, { seedDemo: true });
    try {
      const admin = await new Api(two.url).login(ADMIN_PHONE, ADMIN_PASSWORD);
      expect((await admin.get<{ areas: Area[] }>('/api/areas')).body.areas).toEqual(areas);
    } finally {
      await two.close();
    }
    // seedDemo false: nothing.
    const empty = await start(storage(), { seedDemo: false });
    try {
      const admin = await new Api(empty.url).login(ADMIN_PHONE, ADMIN_PASSWORD);
      expect((await admin.get<{ areas: Area[] }>('/api/areas')).body.areas).toEqual([]);
    } finally {
      await empty.close();
    }
  }, 60_000);

  // Seeding 300 households and signing in six times (each a password hash) takes a while.
  it(
    '[S4] the demo commune sits under a demo province, whose police login reads its tallies and directs nothing',
    { timeout: 90_000 },
    async () => {
      const server = await start(storage(), { seedDemo: true });
      try {
        // Every demo login is printed (their areas exist) and signs in as it always did.
        expect(server.server.demoLogins).toEqual(DEMO_LOGINS);
        const signedIn = new Map<string, Api>();
        for (const login of DEMO_LOGINS) {
          const api = await new Api(server.url).login(login.phone, login.password);
          expect(api.user, login.phone).toMatchObject({ role: login.role, areaIds: login.areaIds });
          signedIn.set(login.phone, api);
        }
        const province = signedIn.get('0900000006')!;
        const commune = signedIn.get('0900000004')!;
        expect(province.user).toMatchObject({ role: 'police', areaIds: [DEMO_PROVINCE.id] });
        expect(commune.user).toMatchObject({ role: 'police', areaIds: [DEMO_COMMUNE.id] });

        // [A16] The province officer sees the province, the commune under it and its three villages.
        const areas = (await province.get<{ areas: Area[] }>('/api/areas')).body.areas;
        expect(areas.find((a) => a.id === DEMO_PROVINCE.id)).toMatchObject({
          kind: 'province',
          name: 'Tỉnh Phú Thọ',
          parentId: null,
        });
        expect(areas.find((a) => a.id === DEMO_COMMUNE.id)).toMatchObject({
          kind: 'commune',
          name: 'Xã Hòa Bình',
          parentId: DEMO_PROVINCE.id,
        });
        expect(areas.filter((a) => a.kind === 'village').map((a) => a.id)).toEqual(
          expect.arrayContaining(['thon-dong', 'thon-trung', 'thon-doai']),
        );
        // The commune's own officer sees no province: nothing changed for them.
        const communeAreas = (await commune.get<{ areas: Area[] }>('/api/areas')).body.areas;
        expect(communeAreas.some((a) => a.kind === 'province')).toBe(false);

        // [T8] The province's tallies: one row, the demo commune, with the figures its own police read.
        type Tallies = { rows: { areaId: string; households: number }[]; total: { households: number } };
        const tallies = await province.get<Tallies>(`/api/tallies?areaId=${DEMO_PROVINCE.id}`);
        expect(tallies.status).toBe(200);
        expect(tallies.body.rows.map((r) => r.areaId)).toEqual([DEMO_COMMUNE.id]);
        const own = await commune.get<Tallies>(`/api/tallies?areaId=${DEMO_COMMUNE.id}`);
        expect(tallies.body.rows[0]).toEqual(own.body.total);
        expect(tallies.body.total.households).toBe(300);

        // [A4] [M1] It directs nothing: no target, no management.
        expectError(
          await province.request('PUT', '/api/targets', {
            json: { areaId: DEMO_COMMUNE.id, measure: 'cccd14', percent: 90 },
          }),
          403,
          'forbidden',
        );
        expectError(await province.get('/api/manage/scope'), 403, 'forbidden');
      } finally {
        await server.close();
      }
    },
  );

  it('[S5] npm run cli -- create-admin works on the same database', { timeout: 60_000 }, async () => {
    const place = storage();
    const env: Record<string, string | undefined> = { ...process.env };
    delete env.DATABASE_URL;
    delete env.DATA_DIR;
    if (backend === 'postgres') {
      env.DATABASE_URL = process.env.TEST_DATABASE_URL;
      env.DATABASE_SCHEMA = place.schema;
    } else env.DATA_DIR = place.dataDir;
    const cli = spawn(
      'npm',
      [
        'run',
        '--silent',
        'cli',
        '--',
        'create-admin',
        '--phone',
        '0988888888',
        '--password',
        'cli-pass-123',
        '--name',
        'Quản Trị CLI',
      ],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    cli.stdout.on('data', (d: Buffer) => (out += d.toString()));
    cli.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((done) => cli.once('exit', done));
    expect(code, out).toBe(0);
    const server = await start(place, { adminPhone: undefined, adminPassword: undefined });
    try {
      const admin = await new Api(server.url).login('0988888888', 'cli-pass-123');
      expect(admin.user).toMatchObject({ role: 'admin', name: 'Quản Trị CLI', phone: '0988888888' });
    } finally {
      await server.close();
    }
  });
});
