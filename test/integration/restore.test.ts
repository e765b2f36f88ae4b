// docs/DEPLOY.md "Backups": the operator's backup (pg_dump) restored into a fresh database
// (pg_restore) says what the source says — scripts/restore-check.ts, run here against a server's
// schema with households, persons, tasks and visits: the restored counters equal a recount ([T8],
// [T10]) and every commune's tallies equal the source's. A counter gone wrong before the dump is
// caught in the copy. PostgreSQL only (TEST_DATABASE_URL).
import { spawn } from 'node:child_process';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { AREAS, ROOT, newHousehold, newPerson, newTask, newVisit, useServer } from '../support/server.ts';

const PG = process.env.TEST_DATABASE_URL;

function restoreCheck(schema: string): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/restore-check.ts'], {
      cwd: ROOT,
      env: { ...process.env, SOURCE_URL: PG, SOURCE_SCHEMA: schema },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => done({ code, out }));
  });
}

describe.skipIf(!PG)('[T10] a backup restored into a fresh database', () => {
  const t = useServer('postgres');

  it('[T10] the restored copy’s counters equal a recount and its tallies the source’s; a wrong counter is caught', async () => {
    const { vol1, vol2 } = t.world;
    for (const [api, village] of [
      [vol1, AREAS.village1],
      [vol2, AREAS.village2],
    ] as const) {
      const h = newHousehold(village);
      const results = await api.push([
        h,
        newPerson(h.entityId, { birthDate: '1980-01-01' }),
        newPerson(h.entityId, { birthDate: '2015-06-01', cccdStatus: 'none', vneidStatus: 'none' }),
        newTask(h.entityId),
        newVisit(h.entityId, { visitedOn: '2026-10-01', outcome: 'met' }),
      ]);
      expect(results.every((r) => r.status === 'applied')).toBe(true);
    }
    const schema = t.server.schema!;
    const fine = await restoreCheck(schema);
    expect(fine.code, fine.out).toBe(0);
    expect(fine.out).toMatch(/counters: \d+ villages, 0 differences from a recount/);
    expect(fine.out).toMatch(/tallies: 2 provinces and communes, 0 differ/);
    // No citizen's data in what it prints.
    expect(fine.out).not.toMatch(/Nguyễn|Trần|0912/);

    const db = new pg.Client({ connectionString: PG });
    await db.connect();
    try {
      await db.query(
        `UPDATE "${schema}".village_tallies SET households = households + 3 WHERE village_id = $1`,
        [AREAS.village2],
      );
      const wrong = await restoreCheck(schema);
      expect(wrong.code, wrong.out).toBe(1);
      expect(wrong.out).toContain(`${AREAS.village2}  households: counter 4, recount 1`);
    } finally {
      await db.end();
    }
  }, 180_000);
});
