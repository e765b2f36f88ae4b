// [RV11] The persons an area still has to reach ("nhân khẩu còn thiếu"), for the commune police's
// person-level export: aged 14+ (on the Vietnamese date, as the tallies count them), live, in a live
// household of the area, without an issued card or without an active level-2 VNeID. An ID number
// leaves the database as its last four digits unless the whole number was asked for (the route then
// records the request in the managers' trail). One statement over the records' generated columns;
// nothing is logged.
import type { CccdStatus, Relation, VneidStatus } from '../../domain/enums.ts';
import type { MissingPerson, MissingPersonsAnswer } from '../../domain/review.ts';
import type { Area } from '../accounts/areas.ts';
import type { Queryable } from '../store/store.ts';
import { VI_ORDER } from '../../domain/vi-order.ts';
import type { SortKey } from './review-cursor.ts';
import { gapCutoff, RELATION_ORDER } from './review.ts';

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * [RV11] The persons of `villages` with a gap, in the order of `villages` (accessArea's), then by the
 * household's address (numbers by value) and id, then as the household view lists members (relation,
 * then birth date), then by id. `fullIds`: whole ID numbers (`idNumber`) rather than their last four
 * digits (`idNumberEnd`).
 */
export async function missingPersons(
  db: Queryable,
  villages: readonly Area[],
  now: number,
  { fullIds = false }: { fullIds?: boolean } = {},
): Promise<MissingPersonsAnswer> {
  const ids = villages.map((v) => v.id);
  const persons = await readMissingPersons(db, ids, gapCutoff(now), fullIds);
  const villageOrder = new Map(ids.map((id, i) => [id, i]));
  persons.sort(
    (a, b) =>
      (villageOrder.get(a.villageId) ?? 0) - (villageOrder.get(b.villageId) ?? 0) ||
      comparePersonKeys(personKey(a), personKey(b)),
  );
  return { asOf: new Date(now).toISOString(), fullIds, persons };
}

/** [RV11] A person's place within their village: the household's address and id, relation, birth date, id. */
export const personKey = (p: MissingPerson): SortKey => [
  p.address,
  p.householdId,
  RELATION_ORDER.indexOf(p.relation),
  p.birthDate,
  p.id,
];

export function comparePersonKeys(a: SortKey, b: SortKey): number {
  return (
    VI_ORDER.compare(String(a[0]), String(b[0])) ||
    byId(String(a[1]), String(b[1])) ||
    Number(a[2]) - Number(b[2]) ||
    String(a[3]).localeCompare(String(b[3])) ||
    byId(String(a[4]), String(b[4]))
  );
}

/** [RV11] One village's persons with a gap, in its order: what a page or a streamed file reads at a time. */
export async function villageMissingPersons(
  db: Queryable,
  villageId: string,
  cutoff: string,
  fullIds: boolean,
): Promise<MissingPerson[]> {
  const persons = await readMissingPersons(db, [villageId], cutoff, fullIds);
  return persons.sort((a, b) => comparePersonKeys(personKey(a), personKey(b)));
}

/**
 * [RV11] How many persons of `villages` have a gap now, per commune (a village's parent): what the
 * managers' trail records of an export of whole ID numbers, before the first of them leaves.
 */
export async function missingPersonCounts(
  db: Queryable,
  villages: readonly Area[],
  cutoff: string,
): Promise<Map<string | null, number>> {
  const rows = await db.query<{ commune_id: string | null; n: unknown }>(
    `SELECT a.parent_id AS commune_id, count(*)::int AS n
       FROM records p
       JOIN records h ON h.id = p.household_id
       JOIN areas a ON a.id = h.village_id
      WHERE p.entity = 'person' AND NOT p.deleted AND p.village_id = ANY($1::text[])
        AND p.birth_date <= $2
        AND (p.cccd_status IS DISTINCT FROM 'issued' OR p.vneid_status IS DISTINCT FROM 'level2_active')
        AND h.entity = 'household' AND NOT h.deleted AND h.village_id = ANY($1::text[])
      GROUP BY a.parent_id`,
    [villages.map((v) => v.id), cutoff],
  );
  return new Map(rows.map((r) => [r.commune_id, Number(r.n)]));
}

/** The persons with a gap of the villages `ids`, in no order. */
async function readMissingPersons(
  db: Queryable,
  ids: readonly string[],
  cutoff: string,
  fullIds: boolean,
): Promise<MissingPerson[]> {
  // Without fullIds only the last four digits are read: the whole number never reaches this process.
  const idColumn = fullIds ? "p.data ->> 'idNumber'" : "right(p.data ->> 'idNumber', 4)";
  const rows = await db.query<{
    id: string;
    household_id: string;
    village_id: string;
    household_code: string | null;
    head_name: string | null;
    address: string | null;
    full_name: string | null;
    birth_date: string;
    relation: Relation;
    cccd_status: CccdStatus;
    vneid_status: VneidStatus;
    id_number: string | null;
  }>(
    `SELECT p.id, p.household_id, h.village_id, h.data ->> 'householdCode' AS household_code,
            h.data ->> 'headName' AS head_name, h.data ->> 'address' AS address,
            p.data ->> 'fullName' AS full_name, p.birth_date, p.data ->> 'relation' AS relation,
            p.cccd_status, p.vneid_status, ${idColumn} AS id_number
       FROM records p
       JOIN records h ON h.id = p.household_id
      WHERE p.entity = 'person' AND NOT p.deleted AND p.village_id = ANY($1::text[])
        AND p.birth_date <= $2
        AND (p.cccd_status IS DISTINCT FROM 'issued' OR p.vneid_status IS DISTINCT FROM 'level2_active')
        AND h.entity = 'household' AND NOT h.deleted AND h.village_id = ANY($1::text[])`,
    [ids, cutoff],
  );
  return rows.map((r) => {
    const id = r.id_number || null;
    return {
      id: r.id,
      householdId: r.household_id,
      villageId: r.village_id,
      householdCode: r.household_code ?? null,
      headName: r.head_name ?? '',
      address: r.address ?? '',
      fullName: r.full_name ?? '',
      birthDate: r.birth_date,
      relation: r.relation,
      cccdStatus: r.cccd_status,
      vneidStatus: r.vneid_status,
      ...(fullIds ? { idNumber: id } : { idNumberEnd: id }),
    };
  });
}
