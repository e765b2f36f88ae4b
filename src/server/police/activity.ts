// [RV13] Which working groups have gone quiet, at the scale of a province: per commune (or per village
// of one commune) the villages, the quiet ones ([D6]: no phone of the village's volunteers synced for
// more than QUIET_AFTER_DAYS days), the phones and their latest sync. One statement over the phones of
// the area's volunteers (a few thousand rows for a province), summed here; never a name or a phone
// number, only counts and times.
import { isQuiet, type ActivityAnswer, type ActivityRow } from '../../domain/review.ts';
import type { Area } from '../accounts/areas.ts';
import type { Queryable } from '../store/store.ts';

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

const later = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null ? a : Date.parse(a) >= Date.parse(b) ? a : b;

/**
 * `scope` as accessArea gives it for a province (its communes and villages) or a commune (its
 * villages). A phone counts once in each row it serves, and once in the total.
 */
export async function activity(
  db: Queryable,
  scope: { area: Area; villages: readonly Area[]; communes?: readonly Area[] },
  now: number,
): Promise<ActivityAnswer> {
  const { area, villages, communes } = scope;
  // Each phone that signed in ([D2]) of a user given one of these villages, once per village.
  const rows = await db.query<{ village_id: string; phone: string; last_sync: unknown }>(
    `SELECT ua.village_id, d.user_id || ' ' || d.device_id AS phone,
            greatest(d.last_push_at, d.last_pull_at) AS last_sync
       FROM users u
       CROSS JOIN LATERAL jsonb_array_elements_text(u.area_ids) AS ua(village_id)
       JOIN devices d ON d.user_id = u.id
      WHERE ua.village_id = ANY($1::text[])
        AND EXISTS (SELECT 1 FROM tokens t WHERE t.user_id = d.user_id AND t.device_id = d.device_id)`,
    [villages.map((v) => v.id)],
  );
  const groupOf = new Map(villages.map((v) => [v.id, communes ? (v.parentId ?? '') : v.id]));
  const villageSync = new Map<string, string | null>(villages.map((v) => [v.id, null]));
  const phones = new Map<string, Set<string>>();
  const allPhones = new Set<string>();
  for (const r of rows) {
    const at = iso(r.last_sync);
    villageSync.set(r.village_id, later(villageSync.get(r.village_id) ?? null, at));
    const group = groupOf.get(r.village_id) ?? '';
    if (!phones.has(group)) phones.set(group, new Set());
    phones.get(group)!.add(r.phone);
    allPhones.add(r.phone);
  }
  const blank = (a: Area): ActivityRow => ({
    areaId: a.id,
    areaName: a.name,
    villages: 0,
    quietVillages: 0,
    phones: phones.get(a.id)?.size ?? 0,
    lastSyncAt: null,
  });
  const out = new Map((communes ?? villages).map((a) => [a.id, blank(a)]));
  const total: ActivityRow = { ...blank(area), phones: allPhones.size };
  for (const v of villages) {
    const at = villageSync.get(v.id) ?? null;
    const quiet = isQuiet(at, now) ? 1 : 0;
    for (const row of [out.get(groupOf.get(v.id) ?? ''), total]) {
      if (!row) continue;
      row.villages += 1;
      row.quietVillages += quiet;
      row.lastSyncAt = later(row.lastSyncAt, at);
    }
  }
  return { asOf: new Date(now).toISOString(), rows: [...out.values()], total };
}
