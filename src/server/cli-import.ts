// `npm run cli -- import FILE --village ID --as PHONE [--dry-run]` (SYNC-API.md [M49]): a household
// list imported from the server's own machine, as the browser imports it: the file read and checked
// row by row with the domain's rules (src/domain/import), then checked against the server, or applied
// batch by batch through the same service as POST /api/manage/import/apply. The CLI holds no token:
// `--as` names the officer (an admin, or police managing the village's commune) whom the records'
// audit and the managers' trail name, on the device `cli`.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import Papa from 'papaparse';
import { isoDateInVietnam } from '../domain/dates.ts';
import { checkImport } from '../domain/import/check.ts';
import { FIELD_LABELS, findHeaderRow, guessMapping, type ImportField } from '../domain/import/columns.ts';
import {
  IMPORT_BATCH_MAX,
  importHouseholdSchema,
  type ImportCounts,
  type ImportHouseholdInput,
  type ImportServerProblem,
} from '../domain/import/wire.ts';
import { findUserByPhone } from './accounts/users.ts';
import { applyHouseholds, checkHouseholds, importVillage } from './manage/import-households.ts';
import { manageScope } from './manage/scope.ts';
import type { Store } from './store/store.ts';

export const IMPORT_USAGE = `  npm run cli -- import FILE.csv|FILE.xlsx --village ID --as PHONE [--dry-run] [--batch N]
      Nhập danh sách hộ của một thôn / import a village's household list. --as: the phone of the admin,
      or of the police of the village's commune, named as its author (device "cli"). --dry-run only
      checks it against the server. --batch: households per transaction (1–${IMPORT_BATCH_MAX}, 250).`;

/** The device the records' audit and the managers' trail name for what the CLI writes. */
export const CLI_DEVICE = 'cli';

export interface ImportArgs {
  file: string;
  villageId: string;
  phone: string;
  dryRun: boolean;
  batch: number;
}

/** The import's arguments, or a usage error. */
export function parseImportArgs(args: readonly string[]): ImportArgs | string {
  const [file, ...rest] = args;
  if (!file || file.startsWith('--')) return 'import: which file?';
  const flags = new Map<string, string>();
  let dryRun = false;
  for (let i = 0; i < rest.length; i++) {
    const name = rest[i]!;
    if (name === '--dry-run') dryRun = true;
    else if (['--village', '--as', '--batch'].includes(name) && rest[i + 1] !== undefined)
      flags.set(name.slice(2), rest[++i]!);
    else return `import: unexpected "${name}"`;
  }
  const villageId = flags.get('village');
  const phone = flags.get('as');
  if (!villageId) return 'import: --village is needed';
  if (!phone) return 'import: --as is needed (the phone of the admin or police officer importing)';
  const batch = Number(flags.get('batch') ?? 250);
  if (!Number.isInteger(batch) || batch < 1 || batch > IMPORT_BATCH_MAX)
    return `import: --batch is a whole number from 1 to ${IMPORT_BATCH_MAX}`;
  return { file, villageId, phone, dryRun, batch };
}

/** UTF-8 unless it does not decode as such: then the Vietnamese Windows code page older Excel saves. */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1258').decode(bytes);
  }
}

/** The sheet's rows as the officer sees them: blank rows kept, so that row numbers are Excel's. */
async function readRows(file: string): Promise<unknown[][] | string> {
  const ext = extname(file).toLowerCase();
  try {
    if (ext === '.csv' || ext === '.txt') {
      const text = decodeText(await readFile(file)).replace(/^\uFEFF/, '');
      return Papa.parse<unknown[]>(text, { skipEmptyLines: false }).data;
    }
    if (ext === '.xlsx') {
      // Loaded only for a spreadsheet: the server itself never needs it.
      const { readSheet } = await import('read-excel-file/node');
      return (await readSheet(file)) as unknown[][];
    }
  } catch (error) {
    return `Không đọc được tệp ${file}: ${error instanceof Error ? error.message : String(error)}`;
  }
  return `Tệp ${file}: chỉ đọc được .csv hoặc .xlsx (tệp .xls cũ: lưu lại thành .xlsx trong Excel)`;
}

type Print = (line: string) => void;
export type ImportOutcome = { ok: true } | { ok: false; message: string };

/** The counts in words; `skipped`: every row left out, the file's own problems and the server's. */
const tallyText = (c: ImportCounts, skipped: number) =>
  `tạo mới ${c.households.created} hộ, ${c.persons.created} người; ` +
  `cập nhật ${c.households.updated} hộ, ${c.persons.updated} người; ` +
  `không đổi ${c.households.unchanged} hộ, ${c.persons.unchanged} người; ` +
  `bỏ qua ${skipped} dòng`;

/**
 * Reads, checks and (without --dry-run) applies `args.file`. The file's own problems do not stop the
 * rest: like the import screen, the CLI writes every household it can and names every row it leaves.
 */
export async function runImport(
  openStore: () => Promise<Store | string>,
  args: ImportArgs,
  print: Print,
  env: { policeManage: boolean; now: () => number },
): Promise<ImportOutcome> {
  const rows = await readRows(args.file);
  if (typeof rows === 'string') return { ok: false, message: rows };
  const headerRow = findHeaderRow(rows);
  if (headerRow === null)
    return {
      ok: false,
      message: `Tệp ${args.file}: không thấy dòng tiêu đề (Họ và tên, Ngày sinh, Giới tính, Địa chỉ…) trong 15 dòng đầu`,
    };
  const mapping = guessMapping(rows[headerRow]!);
  const header = rows[headerRow]!;
  /** A field's column as the file heads it (the label of the field when the file has no such column). */
  const column = (field: string | null): string | null => {
    if (field === null) return null;
    const index = mapping[field as ImportField];
    const text = index === null || index === undefined ? '' : String(header[index] ?? '').trim();
    return text || FIELD_LABELS[field as ImportField] || field;
  };
  const say = (row: number, col: string | null, message: string) =>
    print(col ? `Dòng ${row}, cột «${col}»: ${message}` : `Dòng ${row}: ${message}`);

  if (!/^[a-z0-9-]{1,64}$/.test(args.villageId))
    return { ok: false, message: `--village ${args.villageId}: not an area id` };
  const checked = checkImport(rows, mapping, {
    villageId: args.villageId,
    today: isoDateInVietnam(env.now()),
    headerRow,
  });
  for (const p of checked.problems) say(p.row, p.column ?? (p.field && column(p.field)), p.message);
  const fileRows = new Set(checked.problems.map((p) => p.row)).size;
  print(
    `Tệp ${args.file}: ${checked.counts.rows} dòng; đọc được ${checked.counts.households} hộ, ` +
      `${checked.counts.persons} người; ${fileRows} dòng có lỗi.`,
  );
  if (checked.households.length === 0) return { ok: false, message: 'Không có hộ nào để nhập.' };
  // The wire's own judgement, as the server gives it to the browser's requests ([M41]).
  const households: ImportHouseholdInput[] = [];
  for (const h of checked.households) {
    const parsed = importHouseholdSchema.safeParse(h);
    if (!parsed.success)
      return { ok: false, message: `household ${h.key}: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
    households.push(parsed.data);
  }

  const store = await openStore();
  if (typeof store === 'string') return { ok: false, message: store };
  try {
    const found = await findUserByPhone(store, args.phone);
    if (!found || found.deactivated)
      return { ok: false, message: `--as ${args.phone}: no active user has this phone` };
    const { passwordHash: _hash, deactivated: _deactivated, ...user } = found;
    const scope = await manageScope(store, user, env.policeManage);
    if (!scope) return { ok: false, message: `--as ${args.phone}: ${user.name} manages no commune ([M1])` };
    const village = await importVillage(store, scope, args.villageId);
    if (!village.ok)
      return { ok: false, message: `--village ${args.villageId}: ${village.message} (${user.name})` };

    const total: ImportCounts = {
      households: { created: 0, updated: 0, unchanged: 0 },
      persons: { created: 0, updated: 0, unchanged: 0 },
      skippedRows: 0,
    };
    const add = (counts: ImportCounts) => {
      for (const k of ['households', 'persons'] as const)
        for (const a of ['created', 'updated', 'unchanged'] as const) total[k][a] += counts[k][a];
      total.skippedRows += counts.skippedRows;
    };
    const report = (problems: readonly ImportServerProblem[]) => {
      for (const p of problems) say(p.row, column(p.field), p.message);
    };
    const importId = randomUUID();
    for (let i = 0; i < households.length; i += args.batch) {
      const batch = households.slice(i, i + args.batch);
      if (args.dryRun) {
        const answer = await checkHouseholds(store, village.value, { households: batch }, env.now());
        for (const h of answer.households) report(h.problems);
        add(answer.counts);
      } else {
        const answer = await applyHouseholds(
          store,
          village.value,
          { user, deviceId: CLI_DEVICE },
          { importId, households: batch },
          env.now(),
        );
        for (const h of answer.households) report(h.problems);
        add(answer.counts);
      }
    }
    const skipped = fileRows + total.skippedRows;
    print(
      args.dryRun
        ? `Nếu nhập vào ${village.value.name} (chưa ghi gì): ${tallyText(total, skipped)}.`
        : `Đã nhập vào ${village.value.name}: ${tallyText(total, skipped)}. Mã lần nhập ${importId}.`,
    );
    return { ok: true };
  } finally {
    await store.close();
  }
}
