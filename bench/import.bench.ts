// A commune-sized household list imported over HTTP (SYNC-API.md "Importing household lists"): a
// 10,000-household, 40,000-person village list read by the domain's check (as the browser reads it),
// then POST /api/manage/import/check and /apply in batches, as the commune police, while a volunteer's
// phone of the same village pushes one new household every 200 ms. Prints rows per second for the
// check and the apply, the total, and the phone's push latency idle and during the import; then the same
// list applied again (nothing changes). The server runs in this process, on PGlite (on disk, as `npm
// start` runs it) and on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set. Asserts only
// that the import made what it should; the budget (≤ 60 s on PGlite) is printed beside the figure.
// Run: `npm run bench:import` (HOUSEHOLDS=… to resize, BATCH=… households per request).
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { startServer, type ServerOptions } from '../src/server/app-server.ts';
import { isoDateInVietnam } from '../src/domain/dates.ts';
import { checkImport } from '../src/domain/import/check.ts';
import {
  IMPORT_FIELDS,
  TEMPLATE_COLUMNS,
  guessMapping,
  type ImportField,
} from '../src/domain/import/columns.ts';
import type {
  ImportApplyResponse,
  ImportCheckResponse,
  ImportCounts,
  ImportHouseholdInput,
} from '../src/domain/import/wire.ts';
import { Client } from './api-client.ts';
import { BENCH_ADMIN, onEachDatabase } from './server-workload.ts';
import { percentile, summary } from './stats.ts';

const HOUSEHOLDS = Number(process.env.HOUSEHOLDS ?? 10_000);
const BATCH = Number(process.env.BATCH ?? 200);
const PERSONS_PER_HOUSEHOLD = 4;
const PASSWORD = 'bench-pass-1';
const VILLAGE = 'thon-nhap';
const PHONE_EVERY_MS = 200;

/** The list as a spreadsheet's rows (the import template's columns), birth dates spread as in life. */
function spreadsheet(households: number): unknown[][] {
  const rows: unknown[][] = [[...TEMPLATE_COLUMNS]];
  const row = (r: Partial<Record<ImportField, unknown>>) => IMPORT_FIELDS.map((f) => r[f] ?? null);
  for (let h = 0; h < households; h++) {
    for (let n = 0; n < PERSONS_PER_HOUSEHOLD; n++) {
      const k = h * PERSONS_PER_HOUSEHOLD + n;
      // Deterministic but scattered over 80 years, as a village's birth dates are: a multiplier prime
      // to the 29,200 days from 1940 gives each person of the first 29,200 a day of their own.
      const born = new Date(Date.UTC(1940, 0, 1) + ((k * 2_654_435_761) % 29_200) * 86_400_000);
      const year = born.getUTCFullYear();
      const date = `${String(born.getUTCDate()).padStart(2, '0')}/${String(born.getUTCMonth() + 1).padStart(2, '0')}/${year}`;
      const century = year >= 2000 ? 2 : 0;
      rows.push(
        row({
          householdCode: `HD${h}`,
          headName: `Nguyễn Văn Hộ ${h}`,
          address: `Số ${h}, xóm ${h % 20}, thôn Nhập`,
          fullName: n === 0 ? `Nguyễn Văn Hộ ${h}` : `Trần Thị Người ${h}-${n}`,
          birthDate: date,
          gender: n % 2 ? 'Nữ' : 'Nam',
          relation: n === 0 ? 'Chủ hộ' : n === 1 ? 'Vợ' : 'Con',
          idNumber: `001${century + (n % 2)}${String(year % 100).padStart(2, '0')}${String(k).padStart(6, '0')}`,
          phone: '0912345678',
          cccdStatus: 'Đã có thẻ',
          vneidStatus: 'Mức 1',
        }),
      );
    }
  }
  return rows;
}

/**
 * A volunteer's phone: one new household every PHONE_EVERY_MS, each push's time kept by phase. It runs
 * in a worker thread, as a phone is a client of its own: the server shares this thread, and PGlite's
 * statements hold it while they run, so a loop here would only start its pushes when the server lets
 * it, and time none of the wait.
 */
const PHONE = `
const { parentPort, workerData } = require('node:worker_threads');
const { randomUUID } = require('node:crypto');
const { base, token, deviceId, villageId, every } = workerData;
const times = {};
let phase = 'idle';
let running = true;
parentPort.on('message', (m) => {
  if (m.phase) phase = m.phase;
  if (m.stop) running = false;
});
(async () => {
  let next = performance.now();
  for (let n = 0; running; n++) {
    const start = performance.now();
    const res = await fetch(base + '/api/sync/push', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: JSON.stringify({
        deviceId,
        mutations: [{
          id: randomUUID(), entity: 'household', entityId: randomUUID(), op: 'upsert', baseVersion: 0,
          fields: { villageId, address: 'Số ' + n + ', xóm Mới', headName: 'Phạm Văn Điện Thoại ' + n },
          clientTime: new Date().toISOString(),
        }],
      }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error('push ' + res.status + ' ' + text);
    (times[phase] ??= []).push(performance.now() - start);
    next += every;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  parentPort.postMessage(times);
})();
`;

function phone(client: Client) {
  const worker = new Worker(PHONE, {
    eval: true,
    workerData: {
      base: client.base,
      token: client.token,
      deviceId: client.deviceId,
      villageId: VILLAGE,
      every: PHONE_EVERY_MS,
    },
  });
  const done = new Promise<Record<string, number[]>>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    set: (phase: string) => worker.postMessage({ phase }),
    async stop(): Promise<Map<string, number[]>> {
      worker.postMessage({ stop: true });
      const times = await done;
      await worker.terminate();
      return new Map(Object.entries(times));
    },
  };
}

async function inBatches<A>(
  households: readonly ImportHouseholdInput[],
  send: (batch: ImportHouseholdInput[]) => Promise<A>,
) {
  const answers: A[] = [];
  const times: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < households.length; i += BATCH) {
    const start = performance.now();
    answers.push(await send(households.slice(i, i + BATCH)));
    times.push(performance.now() - start);
  }
  return { answers, times, seconds: (performance.now() - t0) / 1000 };
}

function total(answers: readonly { counts: ImportCounts }[]): ImportCounts {
  const t = () => ({ created: 0, updated: 0, unchanged: 0 });
  const sum: ImportCounts = { households: t(), persons: t(), skippedRows: 0 };
  for (const { counts } of answers) {
    for (const k of ['created', 'updated', 'unchanged'] as const) {
      sum.households[k] += counts.households[k];
      sum.persons[k] += counts.persons[k];
    }
    sum.skippedRows += counts.skippedRows;
  }
  return sum;
}

async function run(label: string, options: Partial<ServerOptions>, households: ImportHouseholdInput[]) {
  const server = await startServer({
    port: 0,
    logLevel: 'silent',
    seedDemo: false,
    adminPhone: BENCH_ADMIN.phone,
    adminPassword: BENCH_ADMIN.password,
    ...options,
  });
  try {
    const base = server.url.replace(/\/$/, '');
    const admin = await new Client(base).login(BENCH_ADMIN.phone, BENCH_ADMIN.password);
    await admin.call('POST', '/api/admin/areas', { id: 'xa-bench', kind: 'commune', name: 'Xã Bench' });
    await admin.call('POST', '/api/admin/areas', {
      id: VILLAGE,
      kind: 'village',
      name: 'Thôn Nhập',
      parentId: 'xa-bench',
    });
    for (const [phoneNumber, role, areaIds] of [
      ['0911000001', 'volunteer', [VILLAGE]],
      ['0911000003', 'police', ['xa-bench']],
    ] as const)
      await admin.call('POST', '/api/admin/users', {
        name: `Bench ${role}`,
        phone: phoneNumber,
        password: PASSWORD,
        role,
        areaIds,
      });
    const volunteer = await new Client(base).login('0911000001', PASSWORD);
    const police = await new Client(base).login('0911000003', PASSWORD);
    const rows = households.reduce((n, h) => n + h.members.length, 0);

    const device = phone(volunteer);
    await new Promise((r) => setTimeout(r, 5_000));
    device.set('check');
    const checked = await inBatches(households, (batch) =>
      police.call<ImportCheckResponse>('POST', '/api/manage/import/check', {
        villageId: VILLAGE,
        households: batch,
      }),
    );
    device.set('apply');
    const importId = randomUUID();
    const applied = await inBatches(households, (batch) =>
      police.call<ImportApplyResponse>('POST', '/api/manage/import/apply', {
        villageId: VILLAGE,
        importId,
        households: batch,
      }),
    );
    device.set('again');
    const again = await inBatches(households, (batch) =>
      police.call<ImportApplyResponse>('POST', '/api/manage/import/apply', {
        villageId: VILLAGE,
        importId: randomUUID(),
        households: batch,
      }),
    );
    const phoneTimes = await device.stop();

    const made = total(applied.answers);
    const unchanged = total(again.answers);
    if (
      made.households.created !== households.length ||
      made.persons.created !== rows ||
      made.skippedRows !== 0
    )
      throw new Error(`the import made ${JSON.stringify(made)}`);
    if (unchanged.households.unchanged !== households.length || unchanged.persons.unchanged !== rows)
      throw new Error(`the second import changed something: ${JSON.stringify(unchanged)}`);
    const creates = checked.answers.flatMap((a) => a.households).filter((h) => h.action === 'create').length;

    const perSecond = (s: number) => `${(rows / s).toFixed(0)} rows/s`;
    const batch = (times: number[]) =>
      `per request p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms`;
    console.log(
      `\n${label}: ${households.length} households, ${rows} persons, ${BATCH} households per request`,
    );
    console.log(
      `  check  (nothing written): ${checked.seconds.toFixed(1)} s, ${perSecond(checked.seconds)}; ${batch(checked.times)} (${creates} households to create)`,
    );
    console.log(
      `  apply  (all created):     ${applied.seconds.toFixed(1)} s, ${perSecond(applied.seconds)}; ${batch(applied.times)}`,
    );
    console.log(
      `  check + apply: ${(checked.seconds + applied.seconds).toFixed(1)} s (budget on PGlite: apply ≤ 60 s)`,
    );
    console.log(
      `  again  (all unchanged):   ${again.seconds.toFixed(1)} s, ${perSecond(again.seconds)}; ${batch(again.times)}`,
    );
    for (const [phase, name] of [
      ['idle', 'phone push, idle'],
      ['check', 'phone push, during the check'],
      ['apply', 'phone push, during the apply'],
      ['again', 'phone push, during the second apply'],
    ] as const)
      console.log(`  ${summary(name, phoneTimes.get(phase) ?? [])}`);
  } finally {
    await server.close();
  }
}

// The list as the browser has it once the file is read: checkImport's households.
const t0 = performance.now();
const sheet = spreadsheet(HOUSEHOLDS);
const result = checkImport(sheet, guessMapping(TEMPLATE_COLUMNS), {
  villageId: VILLAGE,
  today: isoDateInVietnam(Date.now()),
  headerRow: 0,
});
if (result.problems.length > 0)
  throw new Error(`the generated list has problems: ${JSON.stringify(result.problems[0])}`);
const readMs = performance.now() - t0;
console.log(
  `Domain check of the file (in memory, as the browser runs it): ${result.counts.rows} rows in ${readMs.toFixed(0)} ms`,
);
const households = result.households as ImportHouseholdInput[];

await onEachDatabase({
  pglite: (dataDir) => run('PGlite (embedded, on disk)', { dataDir }, households),
  postgres: (url, schema) => run('PostgreSQL', { databaseUrl: url, databaseSchema: schema }, households),
});
