// Between records (what the contract knows) and rows (records plus the local index fields).
import { fold, foldWords } from '../domain/fold.ts';
import type { Household, Person } from '../domain/records.ts';
import type { HouseholdRow } from './db.ts';

/** The record without the local `_` fields, as the rest of the app and the server see it. */
export function toRecord<R extends object>(row: R): R {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!k.startsWith('_')) out[k] = v;
  return out as R;
}

/** The household's search words: its own head name, address and code, and every member's name. */
export function householdWords(h: Household, members: readonly Pick<Person, 'fullName'>[]): string[] {
  const parts = [h.headName, h.address, h.householdCode ?? '', ...members.map((m) => m.fullName)];
  return foldWords(parts.join(' '));
}

export function householdRow(h: Household, members: readonly Pick<Person, 'fullName'>[]): HouseholdRow {
  return { ...h, _sort: fold(h.headName), _words: householdWords(h, members) };
}
