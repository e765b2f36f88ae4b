// The overview's arithmetic, apart from the screen so that it is tested alone: when each village last
// synced (its latest phone), which villages and phones are quiet, and the table's sort order.
import {
  isQuiet,
  lastSyncOf,
  percent,
  type DeviceSync,
  type TallyCount,
  type TallyRow,
} from '../../domain/review.ts';
import { VI_ORDER } from '../../domain/vi-order.ts';

export interface VillageSync {
  /** The latest push or pull of any phone of the village's volunteers; null if none ever synced. */
  lastSyncAt: string | null;
  quiet: boolean;
}

export function villageSyncs(rows: readonly TallyRow[], devices: readonly DeviceSync[], now: number) {
  const latest = new Map<string, string | null>(rows.map((r) => [r.areaId, null]));
  for (const d of devices) {
    const at = lastSyncOf(d);
    if (at === null) continue;
    for (const id of d.areaIds ?? []) {
      if (!latest.has(id)) continue;
      const seen = latest.get(id) ?? null;
      if (seen === null || Date.parse(at) > Date.parse(seen)) latest.set(id, at);
    }
  }
  const out = new Map<string, VillageSync>();
  for (const [id, at] of latest) out.set(id, { lastSyncAt: at, quiet: isQuiet(at, now) });
  return out;
}

/**
 * The phones of the villages' volunteers. A phone without areaIds (a server older than that field)
 * is kept: better one line too many than a quiet group hidden.
 */
export function groupDevices(rows: readonly TallyRow[], devices: readonly DeviceSync[]): DeviceSync[] {
  const villages = new Set(rows.map((r) => r.areaId));
  return devices.filter((d) => d.areaIds === undefined || d.areaIds.some((id) => villages.has(id)));
}

export type SortKey = 'areaName' | TallyCount | 'cccdPercent' | 'vneidPercent' | 'lastSync';
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

function sortValue(row: TallyRow, key: SortKey, syncs: ReadonlyMap<string, VillageSync>): number | string {
  switch (key) {
    case 'areaName':
      return row.areaName;
    case 'cccdPercent':
      return percent(row.cccdIssued14plus, row.persons14plus);
    case 'vneidPercent':
      return percent(row.vneidLevel2Active14plus, row.persons14plus);
    case 'lastSync': {
      const at = syncs.get(row.areaId)?.lastSyncAt;
      // Never synced sorts as the oldest.
      return at ? Date.parse(at) : -Infinity;
    }
    default:
      return row[key];
  }
}

/** The rows in the order asked; ties keep the village name order, so the table never jumps. */
export function sortRows(
  rows: readonly TallyRow[],
  sort: Sort,
  syncs: ReadonlyMap<string, VillageSync>,
): TallyRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, sort.key, syncs);
    const y = sortValue(b, sort.key, syncs);
    const order =
      typeof x === 'string' && typeof y === 'string' ? VI_ORDER.compare(x, y) : x === y ? 0 : x < y ? -1 : 1;
    return order !== 0 ? sign * order : VI_ORDER.compare(a.areaName, b.areaName);
  });
}

/** A first tap on a column sorts names A→Z and figures largest first; a second tap reverses. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'areaName' ? 'asc' : 'desc' };
}
