// The import's steps after the file is read, apart from the screen: the household list checked and
// written in batches (the server takes at most IMPORT_BATCH_MAX households per request, [M41]), the
// answers added up, and every problem (the file's own and the server's) as one list by row.
import { FIELD_LABELS, type ColumnMapping, type ImportField } from '../../domain/import/columns.ts';
import type { ImportHousehold, ImportProblem } from '../../domain/import/check.ts';
import {
  IMPORT_BATCH_MAX,
  type ImportAction,
  type ImportApplyResponse,
  type ImportCheckResponse,
  type ImportCounts,
} from '../../domain/import/wire.ts';
import type { HttpFailure, HttpResult } from '../../sync/http-client.ts';

/** Households per request: well under the server's limit and its 1 MiB body (≈ 1 KB a household). */
export const BATCH = Math.min(200, IMPORT_BATCH_MAX);

export interface Tally {
  create: number;
  update: number;
  unchanged: number;
}

export interface CheckSummary {
  households: Tally;
  persons: Tally;
  /** The file's problems and the server's, by row. */
  problems: { row: number; column: string | null; message: string }[];
  /** Households the apply would write (not unchanged, not wholly refused). */
  toWrite: number;
}

const empty = (): Tally => ({ create: 0, update: 0, unchanged: 0 });

/** Sends `items` in batches, in order, reporting progress; stops at the first failure. */
export async function inBatches<T, A>(
  items: readonly T[],
  send: (batch: T[]) => Promise<HttpResult<A>>,
  progress: (done: number) => void,
): Promise<{ ok: true; answers: A[] } | { ok: false; failure: HttpFailure }> {
  const answers: A[] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    const r = await send(batch);
    if (!r.ok) return { ok: false, failure: r.failure };
    answers.push(r.value);
    progress(Math.min(items.length, i + batch.length));
  }
  return { ok: true, answers };
}

/** The header text of the column mapped to `field`, for the server's problems (which name fields). */
function columnOf(field: string | null, mapping: ColumnMapping, headers: readonly unknown[]): string | null {
  if (field === null || !(field in mapping)) return null;
  const index = mapping[field as ImportField];
  const header = index === null ? undefined : headers[index];
  return header === undefined || header === null || String(header).trim() === ''
    ? FIELD_LABELS[field as ImportField]
    : String(header).trim();
}

export function summarise(
  answers: readonly ImportCheckResponse[],
  fileProblems: readonly ImportProblem[],
  mapping: ColumnMapping,
  headers: readonly unknown[],
): CheckSummary {
  const households = empty();
  const persons = empty();
  const problems = fileProblems.map((p) => ({ row: p.row, column: p.column, message: p.message }));
  let toWrite = 0;
  for (const h of answers.flatMap((a) => a.households)) {
    const add = (t: Tally, a: ImportAction) => (t[a] += 1);
    add(households, h.action);
    for (const m of h.members) add(persons, m.action);
    if (h.action !== 'unchanged' || h.members.some((m) => m.action !== 'unchanged')) toWrite += 1;
    for (const p of h.problems)
      problems.push({ row: p.row, column: columnOf(p.field, mapping, headers), message: p.message });
  }
  problems.sort((a, b) => a.row - b.row);
  return { households, persons, problems, toWrite };
}

export function addCounts(answers: readonly ImportApplyResponse[]): ImportCounts {
  const tally = () => ({ created: 0, updated: 0, unchanged: 0 });
  const total: ImportCounts = { households: tally(), persons: tally(), skippedRows: 0 };
  for (const { counts } of answers) {
    for (const k of ['created', 'updated', 'unchanged'] as const) {
      total.households[k] += counts.households[k];
      total.persons[k] += counts.persons[k];
    }
    total.skippedRows += counts.skippedRows;
  }
  return total;
}

export type { ImportHousehold };
