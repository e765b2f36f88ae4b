// The campaigns the phone keeps ([C5], issue 17): the active campaigns of the volunteer's villages, as
// last fetched, so that the work list is there offline. A campaign holds no citizen's data (a name, a
// rule, dates, village ids): its meta row stays readable while locked, like the profile. Reading it is
// on the list screen's path: a plain shape check, no zod.
import type { CampaignRule } from '../domain/campaign-rules.ts';
import { fold } from '../domain/fold.ts';
import type { Household } from '../domain/records.ts';
import {
  workViews,
  type WorkCampaign,
  type WorkHouseholdView,
  type WorkRecords,
} from '../domain/work-list.ts';
import type { NotebookDb } from './db.ts';
import { villageIndex } from './list-index.ts';
import type { Readable } from './reads.ts';
import type { HouseholdRow, MetaRow } from './rows.ts';

export const CAMPAIGNS_KEY = 'campaigns';

export interface PhoneCampaign extends WorkCampaign {
  startsOn: string;
  targetPercent?: number | null;
}

const isCampaign = (c: unknown): c is PhoneCampaign => {
  const x = c as Partial<PhoneCampaign> | null;
  return (
    typeof x?.id === 'string' &&
    typeof x.name === 'string' &&
    typeof x.dueOn === 'string' &&
    typeof x.startsOn === 'string' &&
    Array.isArray(x.villageIds) &&
    typeof (x.rule as CampaignRule | undefined)?.kind === 'string'
  );
};

/** The campaigns kept, or none; an entry this build cannot read is left out, not an error. */
export async function getCampaigns(db: Readable): Promise<PhoneCampaign[]> {
  const value = (await db.reads.get<MetaRow>('meta', CAMPAIGNS_KEY))?.value;
  return Array.isArray(value) ? value.filter(isCampaign) : [];
}

export async function setCampaigns(db: NotebookDb, campaigns: readonly PhoneCampaign[]): Promise<void> {
  await db.meta.put({ key: CAMPAIGNS_KEY, value: campaigns });
}

/** A household as the work list reads it: the rules' view, and what its line shows. */
export type PhoneWorkHousehold = WorkHouseholdView & Pick<Household, 'address' | 'headName'>;

/** A household row's view for the rules, from the summary its write kept (rows.ts, WorkSummary). */
function viewOf(row: HouseholdRow): PhoneWorkHousehold | undefined {
  const work = row._summary.work;
  if (!work) return undefined;
  return {
    id: row.id,
    villageId: row.villageId,
    outOfReach: row.outOfReach,
    address: row.address,
    headName: row.headName,
    // The eldest first within a household: the head, as a rule, and the order of a door's talk.
    persons: work.persons
      .map(([id, birthDate, cccdStatus, cccdIssuedOn, vneidStatus, phone]) => ({
        id,
        birthDate,
        cccdStatus,
        cccdIssuedOn: cccdIssuedOn || null,
        vneidStatus,
        phone: phone ? 'yes' : null,
      }))
      .sort((a, b) =>
        a.birthDate < b.birthDate ? -1 : a.birthDate > b.birthDate ? 1 : a.id < b.id ? -1 : 1,
      ),
    openTasks: work.openTasks.map(([id, kind]) => ({ id, kind })),
    lastMet: work.lastMet,
  };
}

/**
 * The walking order's key of an address: folded (tone-blind, as the list's order is) with every
 * number padded, so that plain string order puts "Số 2" before "Số 10". A collator's compare (the
 * screens' VI_ORDER) costs a hundred milliseconds over a large village's households on a cheap phone;
 * this key is made once per row.
 */
export function walkKey(address: string): string {
  return fold(address).replace(/\d+/g, (digits) => digits.padStart(9, '0'));
}

interface Walked {
  view: PhoneWorkHousehold | undefined;
  key: string;
}

/** Per row object (rows are replaced, never changed, when written): its view and walking key. */
const walked = new WeakMap<HouseholdRow, Walked>();
/** Per index snapshot (a new array after each write): its households in walking order. */
const inWalkingOrder = new WeakMap<readonly HouseholdRow[], PhoneWorkHousehold[]>();

function walkedOf(row: HouseholdRow): Walked {
  let w = walked.get(row);
  if (!w) {
    w = { view: viewOf(row), key: `${walkKey(row.address)}\u0000${row.id}` };
    walked.set(row, w);
  }
  return w;
}

/**
 * The households of `villageId` as the work list's rules see them (domain/work-list.ts), in walking
 * order (by address), from the village index in memory (list-index.ts: kept in place through every
 * write). Views and keys are kept per row, the order per index snapshot: after an edit only the
 * edited household is made again, and the sort runs over ready keys. A row written by a build before
 * the summary held `work` has its records read instead, in one batch: the same answer, only slower,
 * until the household is next written.
 */
export async function workHouseholdsOf(db: NotebookDb, villageId: string): Promise<PhoneWorkHousehold[]> {
  const { rows } = await villageIndex(db, villageId);
  const kept = inWalkingOrder.get(rows);
  if (kept) return kept;
  const ready: { view: PhoneWorkHousehold; key: string }[] = [];
  const older: string[] = [];
  for (const row of rows) {
    const w = walkedOf(row);
    if (w.view) ready.push({ view: w.view, key: w.key });
    else older.push(row.id);
  }
  if (older.length > 0) {
    // The records read are whole households: their views keep the address and head name.
    const fromRecords = workViews(await recordsOfHouseholds(db, older)) as PhoneWorkHousehold[];
    for (const view of fromRecords) ready.push({ view, key: `${walkKey(view.address)}\u0000${view.id}` });
  }
  ready.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const views = ready.map((r) => r.view);
  // Older rows are read again next time: their records may change without the index knowing.
  if (older.length === 0) inWalkingOrder.set(rows, views);
  return views;
}

/** The records of `villageId` that the work list reads, opened (the notebook must be unlocked). */
export async function workRecordsOf(db: NotebookDb, villageId: string): Promise<WorkRecords> {
  const ids = (await db.households.where('villageId').equals(villageId).primaryKeys()) as string[];
  return recordsOfHouseholds(db, ids);
}

/** Households `ids` and their members, tasks and visits, in one read transaction. */
async function recordsOfHouseholds(db: NotebookDb, ids: readonly string[]): Promise<WorkRecords> {
  return db.transaction('r', [db.households, db.persons, db.tasks, db.visits], async () => {
    const households = (await db.households.bulkGet([...ids])).filter((h) => h !== undefined);
    const [persons, tasks, visits] = await Promise.all([
      db.persons.where('householdId').anyOf(ids).toArray(),
      db.tasks.where('householdId').anyOf(ids).toArray(),
      db.visits.where('householdId').anyOf(ids).toArray(),
    ]);
    return { households, persons, tasks, visits };
  });
}
