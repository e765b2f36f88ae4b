// The list's order within a village: folded head name, then id. No index keeps it (the head name is
// sealed, sealed-rows.ts): a village's rows are read by village and sorted here, in memory.
import type { HouseholdRow } from './rows.ts';

export function inListOrder(rows: HouseholdRow[]): HouseholdRow[] {
  return rows.sort((a, b) =>
    a._sort < b._sort ? -1 : a._sort > b._sort ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
}
