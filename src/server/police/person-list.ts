// [RV11] The persons an area still has to reach ("nhân khẩu còn thiếu"), for the commune police's
// person-level export: aged 14+ (on the Vietnamese date, as the tallies count them), live, in a live
// household of the area, without an issued card or without an active level-2 VNeID. An ID number
// leaves the database as its last four digits unless the whole number was asked for (the route then
// records the request in the managers' trail). One statement over the records' generated columns;
// nothing is logged.
import { birthDateCutoff, isoDateInVietnam } from '../../domain/dates.ts';
import type { CccdStatus, Relation, VneidStatus } from '../../domain/enums.ts';
import { CARD_AGE } from '../../domain/identity-law.ts';
import type { MissingPerson, MissingPersonsAnswer } from '../../domain/review.ts';
import type { Area } from '../accounts/areas.ts';
import type { Queryable } from '../store/store.ts';
import { VI_ORDER } from '../../domain/vi-order.ts';
import { RELATION_ORDER } from './review.ts';

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
  const cutoff = birthDateCutoff(isoDateInVietnam(now), CARD_AGE);
  const ids = villages.map((v) => v.id);
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
  const villageOrder = new Map(ids.map((id, i) => [id, i]));
  const persons: MissingPerson[] = rows.map((r) => {
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
  persons.sort(
    (a, b) =>
      (villageOrder.get(a.villageId) ?? 0) - (villageOrder.get(b.villageId) ?? 0) ||
      VI_ORDER.compare(a.address, b.address) ||
      byId(a.householdId, b.householdId) ||
      RELATION_ORDER.indexOf(a.relation) - RELATION_ORDER.indexOf(b.relation) ||
      a.birthDate.localeCompare(b.birthDate) ||
      byId(a.id, b.id),
  );
  return { asOf: new Date(now).toISOString(), fullIds, persons };
}
