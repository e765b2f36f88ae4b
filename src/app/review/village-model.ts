// A village's household list, apart from the screen so that it is tested alone: which households a
// filter keeps, the tone-blind search over head, address and code, and the one order they are listed,
// paged and exported in.
import { foldWords, matchesWords } from '../../domain/fold.ts';
import type { GapHousehold } from '../../domain/review.ts';
import { VI_ORDER } from '../../domain/vi-order.ts';

/** The gap filters, then every household of the village ("Tất cả hộ"). */
export type GapFilter = 'gaps' | 'card' | 'vneid' | 'tasks' | 'every';
export const FILTERS: readonly GapFilter[] = ['gaps', 'card', 'vneid', 'tasks', 'every'];

/** How many rows the list shows at first, and adds at each "Xem thêm". */
export const PAGE_SIZE = 50;

export const hasGap = (h: GapHousehold): boolean =>
  h.withoutCard14plus > 0 || h.withoutVneid14plus > 0 || h.openTasks > 0;

function keeps(filter: GapFilter, h: GapHousehold): boolean {
  switch (filter) {
    case 'every':
      return true;
    case 'gaps':
      return hasGap(h);
    case 'card':
      return h.withoutCard14plus > 0;
    case 'vneid':
      return h.withoutVneid14plus > 0;
    case 'tasks':
      return h.openTasks > 0;
  }
}

/** A household with what it is searched by: the folded words of its head, address and code. */
export interface Indexed {
  household: GapHousehold;
  words: string[];
}

export function indexHouseholds(households: readonly GapHousehold[]): Indexed[] {
  return households.map((household) => ({
    household,
    words: foldWords(`${household.headName} ${household.address} ${household.householdCode ?? ''}`),
  }));
}

const byAddress = (a: GapHousehold, b: GapHousehold) =>
  VI_ORDER.compare(a.address, b.address) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const weight = (h: GapHousehold) => h.withoutCard14plus + h.withoutVneid14plus + h.openTasks;

/**
 * The households a filter and a search keep, in a total order (ties broken by id, so pages never
 * overlap or skip): the gap filters most gaps first, then by address, as a volunteer walks them;
 * every household by address alone, a roster to find one in. Typed without tone marks, a search
 * still finds "Nguyễn Văn Đức" from "nguyen duc"; an empty search keeps all.
 */
export function shownHouseholds(index: readonly Indexed[], filter: GapFilter, query: string): GapHousehold[] {
  const kept = index
    .filter((i) => keeps(filter, i.household) && matchesWords(i.words, query))
    .map((i) => i.household);
  return kept.sort(filter === 'every' ? byAddress : (a, b) => weight(b) - weight(a) || byAddress(a, b));
}
