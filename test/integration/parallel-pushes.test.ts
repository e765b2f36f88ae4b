// Issue 18: four server processes on one PostgreSQL database, behind a round-robin "load balancer" (each
// request to the next process), through PgBouncer in transaction mode when Debian's pgbouncer is
// installed (.ci/run installs it; docs/DEPLOY.md), straight to PostgreSQL otherwise. Pushes of different villages commit in parallel (no database-wide
// lock: a push to one village goes through while another village's lock is held), and the pull
// contract holds while they do ([PL4]: no change is ever skipped by a pull that pages while pushes
// commit): the police officer's and a volunteer's phones page through the changes the whole time, and
// end with exactly what the database holds. Exactly once holds too: the same batch sent 50 times at
// once through the four processes is applied once ([P6], [P7]). PostgreSQL only (TEST_DATABASE_URL).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRandom } from '../../src/demo/generate.ts';
import type { Change, Mutation } from '../../src/domain/sync-protocol.ts';
import {
  Api,
  PASSWORD,
  createArea,
  createUser,
  dropSchema,
  householdFields,
  loginAdmin,
  personFields,
  randomSchema,
  remove,
  startProcess,
  upsert,
  type ServerProcess,
} from '../support/server.ts';
import { hasPgBouncer, startPgBouncer, type PgBouncer } from '../support/pgbouncer.ts';

const PG = process.env.TEST_DATABASE_URL;
const PROCESSES = 4;
const COMMUNE = 'xa-song-song';
const VILLAGES = ['thon-a', 'thon-b', 'thon-c', 'thon-d'];
const SEED = Number(process.env.FUZZ_SEED) || Date.now() % 0x7fffffff;

/** The same phone, through process `n` (mod 4): what a round-robin load balancer does. */
const via = (phone: Api, urls: readonly string[], n: number) =>
  new Api(urls[n % urls.length]!, phone.token, phone.deviceId, phone.user);

/** A phone's view: every record it was told about, at its latest version (deleted or not). */
function apply(view: Map<string, { version: number; deleted: boolean }>, changes: readonly Change[]) {
  for (const c of changes) {
    const prev = view.get(c.entityId);
    // Never an older version than one already pulled ([PL4]; a person comes again at its version when
    // its household moved it between two villages the phone has); a departure is a tombstone ([PL8]).
    if (prev && !c.deleted) expect(c.version, c.entityId).toBeGreaterThanOrEqual(prev.version);
    view.set(c.entityId, { version: c.version, deleted: c.deleted });
  }
}

describe.skipIf(!PG)('[S15] [PL4] four processes, pushes of different villages in parallel', () => {
  const schema = randomSchema();
  const procs: ServerProcess[] = [];
  let urls: string[] = [];
  let admin: Api;
  let police: Api;
  /** Two phones per village; the last volunteer of thôn A also has thôn B (moves households between). */
  const phones: Api[] = [];
  let db: pg.Client;
  let bouncer: PgBouncer | null = null;

  beforeAll(async () => {
    // Through the pooler: a database of its own, the default schema (no startup option, DEPLOY.md).
    if (hasPgBouncer()) bouncer = await startPgBouncer(PG!);
    const env: Record<string, string> = bouncer
      ? { DATABASE_URL: bouncer.url }
      : { DATABASE_URL: PG!, DATABASE_SCHEMA: schema };
    console.log(
      bouncer ? 'four processes through PgBouncer (transaction mode)' : 'four processes, no PgBouncer',
    );
    // Started one after the other: the first migrates, the others find the schema up to date.
    for (let i = 0; i < PROCESSES; i++) procs.push(await startProcess(env));
    urls = procs.map((p) => p.url);
    admin = await loginAdmin(urls[0]!);
    await createArea(admin, { id: COMMUNE, kind: 'commune', name: 'Xã Song Song' });
    for (const v of VILLAGES) await createArea(admin, { id: v, kind: 'village', name: v, parentId: COMMUNE });
    await createUser(admin, { name: 'Công an xã', phone: '0955000000', role: 'police', areaIds: [COMMUNE] });
    police = await new Api(urls[1]!).login('0955000000', PASSWORD);
    let n = 1;
    for (const v of VILLAGES) {
      for (let k = 0; k < 2; k++) {
        const areaIds = v === 'thon-a' && k === 1 ? ['thon-a', 'thon-b'] : [v];
        const phone = `09550000${String(n++).padStart(2, '0')}`;
        await createUser(admin, { name: `Tình nguyện viên ${phone}`, phone, role: 'volunteer', areaIds });
        phones.push(await new Api(urls[n % PROCESSES]!).login(phone, PASSWORD));
      }
    }
    db = await connect();
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await Promise.all(procs.map((p) => p.kill('SIGTERM')));
    if (bouncer) await bouncer.stop();
    else await dropSchema(schema);
  }, 60_000);

  /** A connection of the test's own, straight to the database the processes use. */
  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: bouncer ? bouncer.directUrl : PG });
    await client.connect();
    if (!bouncer) await client.query(`SET search_path TO "${schema}"`);
    return client;
  }

  it('[S15] a push to one village commits while another village is locked by a push under way', async () => {
    // Another writer holds thôn B (its counters row, as a push holds it until its commit).
    const holder = await connect();
    try {
      await holder.query('BEGIN');
      await holder.query("SELECT 1 FROM village_tallies WHERE village_id = 'thon-b' FOR UPDATE");
      let bDone = false;
      const toB = via(phones[2]!, urls, 0)
        .push([upsert('household', randomUUID(), householdFields('thon-b'))])
        .then((r) => {
          bDone = true;
          return r;
        });
      // Thôn A's push goes through, on each process, while thôn B's waits.
      for (let i = 0; i < PROCESSES; i++) {
        const [r] = await via(phones[0]!, urls, i).push([
          upsert('household', randomUUID(), householdFields('thon-a')),
        ]);
        expect(r?.status).toBe('applied');
      }
      expect(bDone).toBe(false);
      await holder.query('COMMIT');
      expect((await toB)[0]?.status).toBe('applied');
    } finally {
      await holder.end();
    }
  }, 60_000);

  /**
   * Polls PostgreSQL until `n` sessions of the database wait for a lock (pg_stat_activity's query may
   * still show a connection's previous statement: the wait is what tells).
   */
  async function waitingOnLocks(n: number): Promise<void> {
    for (;;) {
      const r = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
      );
      if ((r.rows[0]?.n ?? 0) >= n) return;
      await new Promise((done) => setTimeout(done, 20));
    }
  }

  it('[PL4] a pull never passes a push that took its sequence values first and commits last', async () => {
    // The officer's phone is up to date.
    let cursor = (await via(police, urls, 0).pullAll()).cursor;
    const holder = await connect();
    try {
      // Thôn A's push will write its records (taking its sequence values), then wait at its last step
      // (its phone's row in devices, held here) before it commits.
      const early = phones[0]!;
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM devices WHERE device_id = $1 AND user_id = $2 FOR UPDATE', [
        early.deviceId,
        early.userId,
      ]);
      const late = upsert('household', randomUUID(), householdFields('thon-a'));
      const lateDone = via(early, urls, 1).push([late]);
      await waitingOnLocks(1);
      // Meanwhile thôn C's push takes later sequence values and commits.
      const first = upsert('household', randomUUID(), householdFields('thon-c'));
      expect((await via(phones[4]!, urls, 2).push([first]))[0]?.status).toBe('applied');
      // The officer pulls now: the page must not pass thôn A's push (it waits for it).
      const page = via(police, urls, 3).pullPage(cursor, 100);
      await Promise.race([page, waitingOnLocks(2)]);
      await holder.query('COMMIT');
      expect((await lateDone)[0]?.status).toBe('applied');
      const got = await page;
      const seen = new Set(got.changes.map((c) => c.entityId));
      cursor = got.cursor;
      for (const c of (await via(police, urls, 0).pullAll(cursor)).changes) seen.add(c.entityId);
      expect(seen.has(first.entityId)).toBe(true);
      expect(seen.has(late.entityId)).toBe(true);
    } finally {
      await holder.end();
    }
  }, 60_000);

  it('[PL4] pages pulled while four processes take concurrent pushes end with exactly what the database holds', async () => {
    console.log(`parallel pushes seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
    const rng = makeRandom(SEED);
    const views = {
      police: {
        api: police,
        view: new Map<string, { version: number; deleted: boolean }>(),
        cursor: null as string | null,
        pages: 0,
      },
      volA: {
        api: phones[0]!,
        view: new Map<string, { version: number; deleted: boolean }>(),
        cursor: null as string | null,
        pages: 0,
      },
    };
    let writing = true;
    const readers = Object.values(views).map(async (r) => {
      for (let n = 0; writing; n++) {
        // Small pages, each through the next process: pages interleave with commits everywhere.
        const page = await via(r.api, urls, n).pullPage(r.cursor, 7);
        apply(r.view, page.changes);
        r.cursor = page.cursor;
        r.pages++;
      }
    });

    // Each phone: batches of new households with persons, edits of its own households, now and then
    // a delete; the volunteer of thôn A and B moves households between the two.
    let mutations = 0;
    await Promise.all(
      phones.map(async (phone, p) => {
        const mine: { id: string; version: number; village: string }[] = [];
        const villages = phone.user!.areaIds;
        for (let b = 0; b < 12; b++) {
          const batch: Mutation[] = [];
          for (let j = 0; j < 4; j++) {
            const roll = rng.int(0, 9);
            const own = mine.length > 0 ? mine[rng.int(0, mine.length - 1)]! : null;
            if (own && roll < 3) {
              const village =
                villages.length > 1 && roll === 0 ? villages.find((v) => v !== own.village)! : own.village;
              batch.push(
                upsert('household', own.id, { note: `lô ${b}.${j}`, villageId: village }, own.version),
              );
              own.village = village;
            } else if (own && roll === 3 && mine.length > 2) {
              batch.push(remove('household', own.id, own.version));
              mine.splice(mine.indexOf(own), 1);
            } else {
              const id = randomUUID();
              const village = villages[rng.int(0, villages.length - 1)]!;
              batch.push(upsert('household', id, householdFields(village)));
              batch.push(upsert('person', randomUUID(), personFields(id)));
              mine.push({ id, version: 0, village });
            }
          }
          const results = await via(phone, urls, p + b).push(batch);
          mutations += batch.length;
          results.forEach((r, i) => {
            expect(r.status, JSON.stringify(r)).toBe('applied');
            const own = mine.find((m) => m.id === batch[i]!.entityId);
            if (own && r.status !== 'rejected') own.version = r.version;
          });
        }
      }),
    );
    writing = false;
    await Promise.all(readers);

    // The database as it is now, per reader's villages: each live record at its version.
    const live = async (villages: readonly string[]) =>
      new Map(
        (
          await db.query<{ id: string; version: number }>(
            'SELECT id, version FROM records WHERE NOT deleted AND village_id = ANY($1::text[])',
            [villages],
          )
        ).rows.map((r) => [r.id, Number(r.version)]),
      );
    for (const [name, r] of Object.entries(views)) {
      // The last pages, now that everything is committed.
      apply(r.view, (await via(r.api, urls, 0).pullAll(r.cursor)).changes);
      const villages = name === 'police' ? VILLAGES : ['thon-a'];
      const expected = await live(villages);
      const held = new Map([...r.view].filter(([, v]) => !v.deleted).map(([id, v]) => [id, v.version]));
      expect(held, name).toEqual(expected);
      console.log(`${name}: ${r.pages} pages while writing, ${held.size} live records`);
      expect(r.pages).toBeGreaterThan(5);
    }
    console.log(`parallel pushes: ${mutations} mutations through ${PROCESSES} processes`);
    // The counters agree with the records after all this ([T8]).
    const counters = await db.query<{ village_id: string; households: number; persons: number }>(
      'SELECT village_id, households, persons FROM village_tallies WHERE village_id = ANY($1::text[]) ORDER BY village_id',
      [VILLAGES],
    );
    const recount = await db.query<{ village_id: string; households: number; persons: number }>(
      `SELECT v AS village_id,
              (SELECT count(*)::int FROM records WHERE village_id = v AND entity = 'household' AND NOT deleted) AS households,
              (SELECT count(*)::int FROM records WHERE village_id = v AND entity = 'person' AND NOT deleted) AS persons
         FROM unnest($1::text[]) AS v ORDER BY v`,
      [VILLAGES],
    );
    expect(counters.rows.map((r) => ({ ...r }))).toEqual(recount.rows.map((r) => ({ ...r })));
  }, 240_000);

  it('[S15] a push whose household another push moves meanwhile locks the new village too, and applies', async () => {
    // Thôn A's and B's volunteer (phones[1]) made a household in A with a person.
    const mover = phones[1]!;
    const h = upsert('household', randomUUID(), householdFields('thon-a'));
    const person = upsert('person', randomUUID(), personFields(h.entityId));
    const made = await via(mover, urls, 0).push([h, person]);
    expect(made.map((r) => r.status)).toEqual(['applied', 'applied']);
    const holder = await connect();
    try {
      // The move to thôn B is held just before its commit (its phone's row in devices, held here),
      // with A and B locked.
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM devices WHERE device_id = $1 AND user_id = $2 FOR UPDATE', [
        mover.deviceId,
        mover.userId,
      ]);
      const move = via(mover, urls, 1).push([upsert('household', h.entityId, { villageId: 'thon-b' }, 1)]);
      await waitingOnLocks(1);
      // The other volunteer of thôn A edits the person: it looks (the household still in A), then
      // waits for A's lock; when it gets it, the household is in B, which it did not lock.
      const edit = via(phones[0]!, urls, 2).push([upsert('person', person.entityId, { note: 'Đã gặp' }, 1)]);
      await waitingOnLocks(2);
      await holder.query('COMMIT');
      expect((await move)[0]?.status).toBe('applied');
      // Thôn A's volunteer no longer writes the person (it left A): the edit is refused, cleanly, not a 500.
      const [r] = await edit;
      expect(r?.status, JSON.stringify(r)).toBe('rejected');
      const row = await holder.query<{ village_id: string; note: string | null }>(
        "SELECT village_id, data ->> 'note' AS note FROM records WHERE id = $1",
        [person.entityId],
      );
      expect(row.rows[0]).toEqual({ village_id: 'thon-b', note: null });
      // The same edit by the volunteer of both villages goes through.
      const [again] = await via(mover, urls, 3).push([
        upsert('person', person.entityId, { note: 'Đã gặp' }, 1),
      ]);
      expect(again?.status).toBe('applied');
    } finally {
      await holder.end();
    }
  }, 60_000);

  it('[P7] the same batch sent 50 times at once through the four processes is applied once', async () => {
    const phone = phones[4]!;
    const h = randomUUID();
    const batch = [
      upsert('household', h, householdFields(phone.user!.areaIds[0]!)),
      upsert('person', randomUUID(), personFields(h)),
    ];
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => via(phone, urls, i).push(batch)));
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0]!.every((r) => r.status === 'applied' && r.version === 1)).toBe(true);
    const audit = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit WHERE mutation_id = ANY($1::uuid[])',
      [batch.map((m) => m.id)],
    );
    expect(audit.rows[0]?.n).toBe(2);
  }, 60_000);
});
