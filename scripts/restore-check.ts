// Backup and restore, tried end to end (docs/DEPLOY.md "Backups"): dumps a Sổ 06 database with pg_dump
// (custom format, one consistent snapshot), restores the dump into a fresh database with pg_restore,
// then checks the copy: the server's migrations find it up to date, every village's counters equal a
// recount of the restored records (the tallies' own check, SYNC-API.md [T8] [T10]), and the tallies of
// every province and commune equal those of the source at the same moment. Prints counts only.
//
//   SOURCE_URL=postgres://user:pass@host:5432/so06 [SOURCE_SCHEMA=public] [KEEP=1] \
//     npx tsx scripts/restore-check.ts
//
// Exit 0: the restored copy says what the source says; 1: it does not (the differences are printed);
// 2: usage. The restored database (so06_restore_<time>) is dropped afterwards unless KEEP=1.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { User } from '../src/domain/users.ts';
import { accessArea } from '../src/server/accounts/areas.ts';
import { checkVillageTallies } from '../src/server/police/check-tallies.ts';
import { tallies } from '../src/server/police/tallies.ts';
import { openStore } from '../src/server/store/open-store.ts';
import type { Store } from '../src/server/store/store.ts';

const source = process.env.SOURCE_URL;
const schema = process.env.SOURCE_SCHEMA || 'public';
if (!source || !/^[a-z_][a-z0-9_]*$/.test(schema)) {
  console.error(
    'usage: SOURCE_URL=postgres://… [SOURCE_SCHEMA=public] [KEEP=1] npx tsx scripts/restore-check.ts',
  );
  process.exit(2);
}

/** Someone who may read every area: the check reads as the server would for an admin. */
const READER: User = {
  id: '00000000-0000-0000-0000-000000000000',
  name: 'restore-check',
  phone: '',
  role: 'admin',
  areaIds: [],
};

async function open(url: string): Promise<Store> {
  const opened = await openStore({ databaseUrl: url, databaseSchema: schema });
  if (!opened.ok) throw new Error(opened.message);
  return opened.store;
}

/** Every province's and commune's tallies at `now`, as the API would answer them, by area id. */
async function allTallies(store: Store, now: number): Promise<Map<string, unknown>> {
  const areas = await store.query<{ id: string }>(
    "SELECT id FROM areas WHERE kind IN ('province', 'commune') ORDER BY id",
  );
  const out = new Map<string, unknown>();
  for (const { id } of areas) {
    const access = await accessArea(store, READER, id);
    if (!access.ok) throw new Error(`${id}: ${access.code}`);
    const { asOf: _asOf, ...answer } = await tallies(store, access, now);
    out.set(id, answer);
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'so06-restore-'));
const dump = join(dir, 'so06.dump');
const restoredName = `so06_restore_${Date.now()}`;
const restoredUrl = new URL(source);
restoredUrl.pathname = `/${restoredName}`;
let status = 0;
const started = performance.now();
try {
  // 1. The backup, as the operator's nightly job takes it (DEPLOY.md).
  // The default schema: the whole database (a fresh database has its own `public` already, which
  // a dump of that one schema would create again); another schema: that schema alone.
  const only = schema === 'public' ? [] : [`--schema=${schema}`];
  execFileSync('pg_dump', ['--format=custom', '--no-owner', ...only, `--file=${dump}`, source], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const dumped = performance.now();
  console.log(
    `dump: ${(statSync(dump).size / 1024 / 1024).toFixed(1)} MB in ${((dumped - started) / 1000).toFixed(1)} s`,
  );

  // 2. A fresh database, and the dump restored into it.
  const admin = new pg.Client({ connectionString: source });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${restoredName}`);
  await admin.end();
  execFileSync('pg_restore', ['--no-owner', `--dbname=${restoredUrl.toString()}`, dump], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  console.log(`restore into ${restoredName}: ${((performance.now() - dumped) / 1000).toFixed(1)} s`);

  // 3. The copy, checked: migrations (none to apply), counters against a recount, tallies against the source.
  const now = Date.now();
  const restored = await open(restoredUrl.toString());
  const original = await open(source);
  try {
    const check = await checkVillageTallies(restored, now);
    console.log(
      `counters: ${check.villages} villages, ${check.differences.length} differences from a recount`,
    );
    for (const d of check.differences)
      console.log(`  ${d.villageId}  ${d.count}: counter ${d.counter}, recount ${d.recount}`);
    if (check.differences.length > 0) status = 1;
    const [before, after] = [await allTallies(original, now), await allTallies(restored, now)];
    const differing = [...before.keys()].filter(
      (id) => JSON.stringify(before.get(id)) !== JSON.stringify(after.get(id)),
    );
    const missing = [...after.keys()].filter((id) => !before.has(id));
    console.log(
      `tallies: ${before.size} provinces and communes, ${differing.length + missing.length} differ`,
    );
    for (const id of [...differing, ...missing]) console.log(`  ${id}`);
    if (differing.length + missing.length > 0) status = 1;
  } finally {
    await restored.close();
    await original.close();
  }
} catch (error) {
  console.error(`restore-check failed: ${error instanceof Error ? error.message : String(error)}`);
  status = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (process.env.KEEP !== '1') {
    const admin = new pg.Client({ connectionString: source });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
    await admin.end();
  } else console.log(`kept: ${restoredUrl.toString().replace(/:[^:@/]*@/, ':…@')}`);
}
console.log(
  status === 0 ? 'restore-check: the restored copy says what the source says' : 'restore-check: FAILED',
);
process.exit(status);
