// SYNC-API.md "Running the server": ADMIN_PHONE / ADMIN_PASSWORD create the first admin and never
// change an existing one; SEED_DEMO seeds a demo commune only into a database without areas; the
// CLI's create-admin works on the same database. Each server restarts on the same storage: a PGlite
// folder, or one PostgreSQL schema.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerOptions } from '../../src/server/app-server.ts';
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
  });

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
