// The first screen's reads: the village's households page by page, its progress line, the badges of
// conflicts and rejected edits, the outbox's count. They take either the app's Notebook (plain
// IndexedDB, no Dexie on the first screen) or Dexie's NotebookDb (reads.ts).
import { birthDateCutoff } from '../domain/dates.ts';
import { foldWords } from '../domain/fold.ts';
import { CARD_AGE } from '../domain/identity-law.ts';
import type { Household } from '../domain/records.ts';
import type { IssueCount } from './household-read.ts';
import { villageIndex } from './list-index.ts';

export type { IssueCount };
import type { Readable } from './reads.ts';
import { toRecord } from './record-rows.ts';
import {
  GAP_CARD,
  GAP_VNEID,
  type ConflictRow,
  type HouseholdRow,
  type HouseholdSummary,
  type RejectedRow,
} from './rows.ts';
import type {
  HouseholdFilters,
  HouseholdListQuery,
  HouseholdListRow,
  HouseholdPage,
  VillageProgress,
} from './types.ts';

/**
 * Households a list page holds: about four screens of rows on a 360×640 phone, what a volunteer
 * scrolls through before narrowing the search; "Xem thêm" adds the next page.
 */
export const PAGE_SIZE = 25;

/**
 * A page of the village's households matching the text and filters, in list order. The matching, the
 * filtering and the page's rows all come from the village's index in memory (list-index.ts): a
 * keystroke reads nothing from IndexedDB.
 */
export async function listHouseholds(db: Readable, q: HouseholdListQuery): Promise<HouseholdPage> {
  const offset = q.offset ?? 0;
  const limit = q.limit ?? PAGE_SIZE;
  // A screen may re-run this from its own handler of the very write event that patches the index:
  // let every handler of that event run first, so a stale index is never handed out.
  await Promise.resolve();
  const { rows, haystacks } = await villageIndex(db, q.villageId);
  // Every query word is the start of one of the household's words (tone-blind, both sides folded):
  // in the row's haystack, the word right after a space.
  const needles = foldWords(q.text ?? '').map((w) => ` ${w}`);
  const cutoff = birthDateCutoff(q.today, CARD_AGE);
  const allowed = filterOf(q.filters ?? {}, cutoff);
  let found: readonly HouseholdRow[] = rows;
  if (needles.length > 0 || allowed) {
    const hits: HouseholdRow[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (allowed && !allowed(row._summary)) continue;
      const haystack = haystacks[i]!;
      if (needles.every((n) => haystack.includes(n))) hits.push(row);
    }
    found = hits;
  }
  return { total: found.length, rows: found.slice(offset, offset + limit).map((h) => listRow(h, cutoff)) };
}

/** Members aged 14+ (born on or before `cutoff`) with this gap. */
function membersWithGap(s: HouseholdSummary, gap: number, cutoff: string): number {
  let n = 0;
  for (const [birthDate, gaps] of s.members) if (gaps & gap && birthDate <= cutoff) n += 1;
  return n;
}

/** The test a household's summary must pass for the filters (all of them), or null when none is on. */
function filterOf(f: HouseholdFilters, cutoff: string): ((s: HouseholdSummary) => boolean) | null {
  const tests: ((s: HouseholdSummary) => boolean)[] = [];
  if (f.noCard) tests.push((s) => membersWithGap(s, GAP_CARD, cutoff) > 0);
  if (f.noVneid) tests.push((s) => membersWithGap(s, GAP_VNEID, cutoff) > 0);
  if (f.openTasks) tests.push((s) => s.openTasks > 0);
  if (f.notVisited) tests.push((s) => !s.visited);
  return tests.length ? (s) => tests.every((test) => test(s)) : null;
}

/** A list row: the household and its badges, from the summary its row carries. */
function listRow(h: HouseholdRow, cutoff: string): HouseholdListRow {
  const s = h._summary;
  return {
    household: toRecord<Household>(h),
    members: s.members.length,
    noCard: membersWithGap(s, GAP_CARD, cutoff),
    noVneid: membersWithGap(s, GAP_VNEID, cutoff),
    openTasks: s.openTasks,
    visited: s.visited,
  };
}

/**
 * The village's progress line, counted the way the server's tallies count ([T1]: households, those
 * visited, persons 14+ and those of them with a card issued and with VNeID level 2 active), from the
 * summaries of the village's index.
 */
export async function villageProgress(
  db: Readable,
  villageId: string,
  today: string,
): Promise<VillageProgress> {
  await Promise.resolve(); // as listHouseholds: after every handler of a write's event
  const { rows } = await villageIndex(db, villageId);
  const cutoff = birthDateCutoff(today, CARD_AGE);
  const progress: VillageProgress = {
    households: rows.length,
    householdsVisited: 0,
    persons14plus: 0,
    cccdIssued14plus: 0,
    vneidLevel2Active14plus: 0,
  };
  for (const { _summary: s } of rows) {
    if (s.visited) progress.householdsVisited += 1;
    for (const [birthDate, gaps] of s.members) {
      if (birthDate > cutoff) continue;
      progress.persons14plus += 1;
      if (!(gaps & GAP_CARD)) progress.cccdIssued14plus += 1;
      if (!(gaps & GAP_VNEID)) progress.vneidLevel2Active14plus += 1;
    }
  }
  return progress;
}

/** How many edits wait in the outbox for the server. */
export function outboxCount(db: Readable): Promise<number> {
  return db.reads.count('outbox');
}

/**
 * Conflicts and rejected edits counted by household. Both tables hold a handful of rows at most (each
 * waits for the person's decision), so they are read whole rather than per household on screen.
 */
export async function issueCounts(db: Readable): Promise<Map<string, IssueCount>> {
  const [conflicts, rejected] = await Promise.all([
    db.reads.all<ConflictRow>('conflicts'),
    db.reads.all<RejectedRow>('rejected'),
  ]);
  const out = new Map<string, IssueCount>();
  const at = (id: string) => {
    let count = out.get(id);
    if (!count) out.set(id, (count = { conflicts: 0, rejected: 0 }));
    return count;
  };
  for (const c of conflicts) at(c.householdId).conflicts += 1;
  for (const r of rejected) at(r.householdId).rejected += 1;
  return out;
}
