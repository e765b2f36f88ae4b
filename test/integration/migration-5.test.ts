// Migration 5 (mutation ids per user, issue 12) on a database written before it: the answers, the
// review's issues and the devices of a server from before keep their users, and the server that starts
// on it answers each user from that user's memory only. Also the new keys themselves, at the store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUser } from '../../src/server/accounts/users.ts';
import { MIGRATIONS, migrate } from '../../src/server/store/migrations.ts';
import { openPgliteStore } from '../../src/server/store/pglite-store.ts';
import { openPostgresStore } from '../../src/server/store/postgres-store.ts';
import type { Store } from '../../src/server/store/store.ts';
import {
  ADMIN_PASSWORD,
  ADMIN_PHONE,
  AREAS,
  Api,
  BACKENDS,
  PASSWORD,
  USERS,
  dropSchema,
  listDevices,
  loginAdmin,
  newHousehold,
  randomSchema,
  startTestServer,
  uuid,
  type Backend,
  type TestServer,
} from '../support/server.ts';

const BEFORE_5 = MIGRATIONS.filter((m) => m.version < 5);

/** A store of `backend` in a place of its own (a folder, or a fresh schema), and how to reopen it. */
function placeFor(backend: Backend) {
  if (backend === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'so06-migration-5-'));
    return {
      open: (): Promise<Store> => openPgliteStore({ dataDir }),
      server: { dataDir },
      remove: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const schema = randomSchema();
  return {
    open: (): Promise<Store> => openPostgresStore({ url: process.env.TEST_DATABASE_URL!, schema }),
    server: { schema },
    remove: () => dropSchema(schema),
  };
}

async function mustCreate(store: Store, input: Parameters<typeof createUser>[1]): Promise<string> {
  const made = await createUser(store, input, Date.now());
  if (!made.ok) throw new Error(made.message);
  return made.user.id;
}

describe.each(BACKENDS)('[S7] migration 5 on %s', (backend) => {
  it(
    "[S7] answers stored before migration 5 keep their user: [P6] that user's retry gets them, another user's same id is its own",
    { timeout: 120_000 },
    async () => {
      const place = placeFor(backend);
      let server: TestServer | undefined;
      try {
        // A database as a server before migration 5 left it.
        const old = await place.open();
        const mutationId = uuid();
        const householdId = uuid();
        const forgedDevice = uuid();
        const stored = {
          id: mutationId,
          status: 'rejected',
          error: { code: 'not_found', message: 'answered before migration 5' },
        };
        let adminId = '';
        let volunteerId = '';
        try {
          await migrate(old, BEFORE_5);
          for (const [id, kind, parent] of [
            [AREAS.communeA, 'commune', null],
            [AREAS.village1, 'village', AREAS.communeA],
          ] as const) {
            await old.query(
              'INSERT INTO areas (id, kind, name, parent_id, created_at) VALUES ($1, $2, $3, $4, now())',
              [id, kind, id, parent],
            );
          }
          adminId = await mustCreate(old, {
            name: 'Quản trị',
            phone: ADMIN_PHONE,
            password: ADMIN_PASSWORD,
            role: 'admin',
            areaIds: [],
          });
          volunteerId = await mustCreate(old, {
            ...USERS.vol1,
            areaIds: [AREAS.village1],
            password: PASSWORD,
          });
          await old.query(
            `INSERT INTO mutations (id, user_id, device_id, result, at)
             VALUES ($1, $2, $3, $4::jsonb, now())`,
            [mutationId, adminId, uuid(), JSON.stringify(stored)],
          );
          await old.query(
            `INSERT INTO sync_issues (mutation_id, at, position, status, user_id, device_id, village_id,
                                      household_id, entity, entity_id, detail)
             VALUES ($1, now(), 0, 'rejected', $2, $3, $4, $5, 'household', $5, $6::jsonb)`,
            [mutationId, adminId, uuid(), AREAS.village1, householdId, JSON.stringify(stored.error)],
          );
          // What a push could do before issue 12: a devices row under an id no login ever named.
          await old.query('INSERT INTO devices (device_id, user_id, last_push_at) VALUES ($1, $2, now())', [
            forgedDevice,
            volunteerId,
          ]);
        } finally {
          await old.close();
        }

        // The server of now starts on it (migration 5 runs at start).
        server = await startTestServer(backend, place.server);
        const admin = await loginAdmin(server.url);
        expect(admin.userId).toBe(adminId);
        // The admin's retry of the old mutation gets the old answer: the row kept its user.
        expect(await admin.pushOne({ ...newHousehold(AREAS.village1), id: mutationId })).toEqual(stored);
        // The volunteer's mutation with that id is the volunteer's own: applied.
        const volunteer = await new Api(server.url).login(USERS.vol1.phone, PASSWORD);
        const own = { ...newHousehold(AREAS.village1), id: mutationId };
        expect(await volunteer.pushOne(own)).toEqual({ id: mutationId, status: 'applied', version: 1 });
        expect(await volunteer.record(own.entityId)).toMatchObject({ version: 1 });
        expect(await volunteer.pushOne(own)).toEqual({ id: mutationId, status: 'applied', version: 1 });
        // The old issue is still in the review, under its author.
        const issues = await admin.get<{ issues: { mutationId: string; userId: string }[] }>(
          `/api/review/issues?areaId=${AREAS.village1}`,
        );
        expect(issues.status, issues.text).toBe(200);
        expect(issues.body.issues).toEqual([expect.objectContaining({ mutationId, userId: adminId })]);
        // The devices list shows the devices that signed in, not the id a push once made up.
        expect((await listDevices(admin, AREAS.village1)).map((d) => d.deviceId)).toEqual([
          volunteer.deviceId,
        ]);
      } finally {
        await server?.close();
        await place.remove();
      }
    },
  );

  it('[P6] the new keys: one answer per (user, mutation id), so a racing duplicate of one user fails, another user is free', async () => {
    const place = placeFor(backend);
    const store = await place.open();
    try {
      await migrate(store);
      const a = uuid();
      const b = uuid();
      const id = uuid();
      const insert = (userId: string) =>
        store.query(
          `INSERT INTO mutations (id, user_id, device_id, result, at) VALUES ($1, $2, $3, '{}'::jsonb, now())`,
          [id, userId, uuid()],
        );
      await insert(a);
      await insert(b);
      await expect(insert(a)).rejects.toThrow(/duplicate key|unique/i);
      const issue = (userId: string) =>
        store.query(
          `INSERT INTO sync_issues (mutation_id, at, position, status, user_id, device_id, village_id,
                                    household_id, entity, entity_id, detail)
           VALUES ($1, now(), 0, 'rejected', $2, 'd', 'thon-dong', $3, 'household', $3, '{}'::jsonb)`,
          [id, userId, uuid()],
        );
      await issue(a);
      await issue(b);
      await expect(issue(a)).rejects.toThrow(/duplicate key|unique/i);
      const versions = await store.query<{ version: number }>('SELECT version FROM schema_migrations');
      expect(versions.map((v) => Number(v.version))).toContain(5);
    } finally {
      await store.close();
      await place.remove();
    }
  });
});
