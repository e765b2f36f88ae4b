// What a household list's import would do to a village (SYNC-API.md [M43]–[M45]): which stored
// household and person each household and row of the file is, what of them differs, and which rows
// the server will not write and why. Loading is four statements per batch (loadExisting); matching is
// pure and in memory, so that the check ([M42]) and the apply ([M46]) decide alike, and the apply can
// decide again under the records lock ([M47]).
import { randomUUID } from 'node:crypto';
import { formatDateVi } from '../../domain/dates.ts';
import { fold } from '../../domain/fold.ts';
import { headKey, matchKeys } from '../../domain/import/keys.ts';
import type { ImportAction, ImportHouseholdInput, ImportServerProblem } from '../../domain/import/wire.ts';
import type { Mutation } from '../../domain/sync-protocol.ts';
import type { Queryable } from '../store/store.ts';

/** A live household of the village, its census fields as stored. */
interface StoredHousehold {
  id: string;
  version: number;
  householdCode: string | null;
  headName: string;
  address: string;
  phone: string | null;
}

/** A live person, anywhere (an ID number's holder) or of the village (a name and birth date's). */
interface StoredPerson {
  id: string;
  householdId: string;
  villageId: string;
  /**
   * Its village's name when that village is of the importing village's commune; null for another
   * commune's ([M3]: a manager learns nothing of other communes' villages, not even their names).
   */
  villageName: string | null;
  version: number;
  fullName: string;
  birthDate: string;
  gender: string;
  relation: string;
  idNumber: string | null;
  phone: string | null;
  cccdIssuedOn: string | null;
}

/** What the server holds that a batch of the file may be (loadExisting). planImport adds what it creates. */
export interface Existing {
  villageId: string;
  households: Map<string, StoredHousehold>;
  byCode: Map<string, StoredHousehold[]>;
  byHead: Map<string, StoredHousehold[]>;
  byIdNumber: Map<string, StoredPerson[]>;
  /** Persons of the village only, by nameBirthKey. */
  byNameBirth: Map<string, StoredPerson[]>;
}

const nameBirthKey = (p: { fullName: string; birthDate: string }): string =>
  matchKeys({ fullName: p.fullName, birthDate: p.birthDate })[0]!;

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// A person's columns as text (->>): cheaper to read than whole jsonb documents.
const PERSON_COLUMNS = `r.data ->> 'fullName' AS full_name, r.data ->> 'birthDate' AS birth_date,
  r.data ->> 'gender' AS gender, r.data ->> 'relation' AS relation, r.data ->> 'idNumber' AS id_number,
  r.data ->> 'phone' AS phone, r.data ->> 'cccdIssuedOn' AS cccd_issued_on`;
// The phone is PERSON_COLUMNS' own: a household's is read by the same expression.
const HOUSEHOLD_COLUMNS = `r.data ->> 'householdCode' AS household_code, r.data ->> 'headName' AS head_name,
  r.data ->> 'address' AS address`;

interface RecordRow {
  id: string;
  entity: string;
  household_id: string;
  village_id: string;
  village_name: string | null;
  commune_id: string | null;
  version: number;
  household_code: string | null;
  head_name: string | null;
  address: string | null;
  phone: string | null;
  full_name: string | null;
  birth_date: string | null;
  gender: string | null;
  relation: string | null;
  id_number: string | null;
  cccd_issued_on: string | null;
}

const RECORD_SELECT = `SELECT r.id, r.entity, r.household_id, r.village_id, a.name AS village_name,
  a.parent_id AS commune_id, r.version, ${PERSON_COLUMNS}, ${HOUSEHOLD_COLUMNS}
  FROM records r LEFT JOIN areas a ON a.id = r.village_id`;

/**
 * What the server holds that a batch may be, in four statements however long the batch: the village's
 * live households by the values they are matched on; the live persons holding the batch's ID numbers
 * anywhere on the server ([M45]: ID numbers are national); the village's live persons born on the batch's
 * dates, kept when a row has the same folded name; then the whole of the households and persons that
 * can match. PGlite decodes every row it answers, so rows that cannot match (the village's other
 * 9,750 households, its persons of another name) are read as a few short columns, once.
 */
export async function loadExisting(
  db: Queryable,
  villageId: string,
  households: readonly ImportHouseholdInput[],
): Promise<Existing> {
  const members = households.flatMap((h) => h.members);
  const idNumbers = [...new Set(members.flatMap((m) => (m.fields.idNumber ? [m.fields.idNumber] : [])))];
  const birthDates = [...new Set(members.map((m) => m.fields.birthDate))];
  const nameBirths = new Set(members.map((m) => nameBirthKey(m.fields)));
  const codes = new Set(
    households.flatMap((h) => (h.fields.householdCode ? [fold(h.fields.householdCode)] : [])),
  );
  const heads = new Set(households.map((h) => headKey(h.fields.headName, h.fields.address)));

  const communeRows = await db.query<{ parent_id: string | null }>(
    'SELECT parent_id FROM areas WHERE id = $1',
    [villageId],
  );
  const commune = communeRows[0]?.parent_id ?? null;

  // One statement after the other: a transaction is one connection, which runs one at a time anyway.
  const villageHouseholds = await db.query<{
    id: string;
    household_code: string | null;
    head_name: string | null;
    address: string | null;
  }>(
    `SELECT id, data ->> 'householdCode' AS household_code, data ->> 'headName' AS head_name,
            data ->> 'address' AS address
       FROM records WHERE village_id = $1 AND entity = 'household' AND NOT deleted`,
    [villageId],
  );
  const holders =
    idNumbers.length === 0
      ? []
      : await db.query<RecordRow>(
          `${RECORD_SELECT} WHERE r.entity = 'person' AND NOT r.deleted AND (r.data ->> 'idNumber') = ANY($1::text[])`,
          [idNumbers],
        );
  // Persons only have a birth_date (a generated column). `deleted` is judged here, not in SQL: a
  // condition on it would let the planner, which has no statistics on PGlite, prefer records_tally
  // and read every person of the village, rather than records_birth_village's few (migration 7).
  const born = (
    await db.query<{
      id: string;
      household_id: string;
      full_name: string | null;
      birth_date: string;
      deleted: boolean;
    }>(
      `SELECT id, household_id, data ->> 'fullName' AS full_name, birth_date, deleted FROM records
        WHERE birth_date = ANY($2::text[]) AND village_id = $1`,
      [villageId, birthDates],
    )
  ).filter((r) => !r.deleted);

  const loaded = new Set(holders.map((r) => r.id));
  const wanted = new Set<string>();
  for (const r of born)
    if (
      !loaded.has(r.id) &&
      nameBirths.has(nameBirthKey({ fullName: r.full_name ?? '', birthDate: r.birth_date }))
    )
      wanted.add(r.id).add(r.household_id);
  for (const r of holders) if (r.village_id === villageId) wanted.add(r.household_id);
  for (const h of villageHouseholds)
    if (
      (h.household_code && codes.has(fold(h.household_code))) ||
      heads.has(headKey(h.head_name ?? '', h.address ?? ''))
    )
      wanted.add(h.id);
  const details =
    wanted.size === 0
      ? []
      : await db.query<RecordRow>(`${RECORD_SELECT} WHERE r.id = ANY($1::uuid[]) AND NOT r.deleted`, [
          [...wanted],
        ]);

  const existing: Existing = {
    villageId,
    households: new Map(),
    byCode: new Map(),
    byHead: new Map(),
    byIdNumber: new Map(),
    byNameBirth: new Map(),
  };
  for (const r of [...holders, ...details]) {
    if (r.entity === 'household') {
      // Only the village's own: a person's household elsewhere is nothing this import may match.
      if (r.village_id !== villageId) continue;
      addHousehold(existing, {
        id: r.id,
        version: Number(r.version),
        householdCode: r.household_code,
        headName: r.head_name ?? '',
        address: r.address ?? '',
        phone: r.phone,
      });
      continue;
    }
    const p: StoredPerson = {
      id: r.id,
      householdId: r.household_id,
      villageId: r.village_id,
      villageName: r.commune_id === commune ? (r.village_name ?? r.village_id) : null,
      version: Number(r.version),
      fullName: r.full_name ?? '',
      birthDate: r.birth_date ?? '',
      gender: r.gender ?? '',
      relation: r.relation ?? '',
      idNumber: r.id_number,
      phone: r.phone,
      cccdIssuedOn: r.cccd_issued_on,
    };
    if (p.idNumber) push(existing.byIdNumber, p.idNumber, p);
    if (p.villageId === villageId) push(existing.byNameBirth, nameBirthKey(p), p);
  }
  return existing;
}

function addHousehold(existing: Existing, h: StoredHousehold) {
  existing.households.set(h.id, h);
  if (h.householdCode) push(existing.byCode, fold(h.householdCode), h);
  push(existing.byHead, headKey(h.headName, h.address), h);
}

// ——— Comparing the file with the records ———

// [M44] A list in capitals is the same name as the one typed on a phone, and "0912.345.678" the same
// number as "0912345678": such differences are not changes, or re-importing an official export would
// rewrite what the working group typed properly, field by field, every time. Marks do count: "Ân" is
// not "An".
const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const sameCode = (a: string, b: string) => fold(a) === fold(b);
const phoneDigits = (s: string) => s.replace(/[^\d+]/g, '');
const samePhone = (a: string, b: string) => phoneDigits(a) === phoneDigits(b);
const exactly = (a: string, b: string) => a === b;

type Same = (file: string, stored: string) => boolean;

/** [M44] The census fields an import compares and may rewrite; anything else is the working group's. */
const HOUSEHOLD_CENSUS: Readonly<Record<string, Same>> = {
  address: sameText,
  headName: sameText,
  householdCode: sameCode,
  phone: samePhone,
};
const PERSON_CENSUS: Readonly<Record<string, Same>> = {
  fullName: sameText,
  birthDate: exactly,
  gender: exactly,
  relation: exactly,
  idNumber: exactly,
  phone: samePhone,
};

/**
 * The census fields whose file value differs from the stored one, with the file's values. A field the
 * file leaves blank is not a change ([M44]): a list without a phone column must not wipe the numbers
 * the volunteers collected.
 */
function differences(
  census: Readonly<Record<string, Same>>,
  file: object,
  stored: object,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, same] of Object.entries(census)) {
    const value = (file as Record<string, unknown>)[field];
    if (typeof value !== 'string') continue;
    const now = (stored as Record<string, unknown>)[field];
    if (typeof now !== 'string' || !same(value, now)) out[field] = value;
  }
  return out;
}

/** The fields a new record is created with: the file's, blanks left out. */
function present(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null));
}

// ——— The plan ———

export interface PlannedMember {
  row: number;
  action: ImportAction;
  /** The stored person, or the one this import creates. */
  personId: string;
  changed: string[];
  /** Its index among the plan's mutations; null when unchanged. */
  mutation: number | null;
}

export interface PlannedHousehold {
  key: string;
  /** Whole household left out ([M45]): its head row has a problem, or it is another of the file's. */
  skipped: boolean;
  action: ImportAction;
  /** The stored household, the one this import creates, or null when a new one is skipped. */
  householdId: string | null;
  changed: string[];
  /** The rows written (or to be written); a row with a problem is in `problems` instead. */
  members: PlannedMember[];
  problems: ImportServerProblem[];
  mutation: number | null;
}

export interface Plan {
  households: PlannedHousehold[];
  mutations: Mutation[];
}

/**
 * Decides, household after household in the request's order, what the import does ([M43]–[M45]). Each
 * household sees the earlier ones of its request: a row repeating an earlier row's person, or a
 * household the request already matched, is a problem rather than a second write.
 */
export function planImport(
  existing: Existing,
  households: readonly ImportHouseholdInput[],
  at: string,
): Plan {
  const { villageId } = existing;
  const mutations: Mutation[] = [];
  const mutate = (entity: 'household' | 'person', entityId: string, baseVersion: number, fields: object) => {
    // A fresh id per write: the answers are kept per (user, mutation id) ([P6], [M46]).
    mutations.push({
      id: randomUUID(),
      entity,
      entityId,
      op: 'upsert',
      baseVersion,
      fields: fields as Record<string, unknown>,
      clientTime: at,
    });
    return mutations.length - 1;
  };
  /** The first row of the request holding each person key (keys.ts), as check.ts does within a file. */
  const rowOfKey = new Map<string, number>();
  /** Stored (or created) households and persons the request already took, by the row that took them. */
  const claimedHouseholds = new Map<string, number>();
  const claimedPersons = new Map<string, number>();

  const findHousehold = (h: ImportHouseholdInput, head: Member | null): StoredHousehold | null => {
    const code = h.fields.householdCode ? fold(h.fields.householdCode) : null;
    // Two household codes that differ name two households, however alike their heads.
    const compatible = (s: StoredHousehold) => !(code && s.householdCode && fold(s.householdCode) !== code);
    const only = (list: readonly StoredHousehold[] | undefined) => {
      const candidates = (list ?? []).filter(compatible);
      return candidates.length === 1 ? candidates[0]! : null;
    };
    // 1. By household code.
    if (code) {
      const byCode = only(existing.byCode.get(code));
      if (byCode) return byCode;
    }
    // 2. By the head row's person, when that person heads their household: a son who left to head a
    //    household of his own must not turn his parents' household into his.
    const person = head && personOfVillage(existing, head.fields);
    if (person) {
      const household = existing.households.get(person.householdId);
      if (
        household &&
        compatible(household) &&
        (person.relation === 'head' || fold(household.headName) === fold(person.fullName))
      )
        return household;
    }
    // 3. By the head's name and the address.
    return only(existing.byHead.get(headKey(h.fields.headName, h.fields.address)));
  };

  const planned = households.map((h): PlannedHousehold => {
    const problems: ImportServerProblem[] = [];
    const head = h.members.find((m) => m.fields.relation === 'head') ?? null;
    const firstRow = head?.row ?? h.members[0]!.row;
    const match = findHousehold(h, head);
    const householdId = match?.id ?? randomUUID();
    let householdProblem = false;
    const earlier = match ? claimedHouseholds.get(match.id) : undefined;
    if (earlier !== undefined) {
      householdProblem = true;
      problems.push({ row: firstRow, field: null, message: `Hộ này trùng với hộ ở dòng ${earlier}` });
    }

    // Each row: the stored person it is, and what stops it.
    const rows = h.members.map((m) => {
      const mine: ImportServerProblem[] = [];
      const report = (field: string | null, message: string) => mine.push({ row: m.row, field, message });
      const duplicateKeys = new Set<string>();
      for (const key of matchKeys(m.fields)) {
        const first = rowOfKey.get(key);
        if (first === undefined) rowOfKey.set(key, m.row);
        else {
          duplicateKeys.add(key);
          if (key.startsWith('id:')) report('idNumber', `Số định danh trùng với dòng ${first}`);
          else report('fullName', `Họ tên và ngày sinh trùng với dòng ${first}`);
        }
      }
      const person = match ? memberOf(existing, match.id, m.fields) : null;
      const taken = person ? claimedPersons.get(person.id) : undefined;
      if (taken !== undefined && mine.length === 0) report('fullName', `Trùng với người ở dòng ${taken}`);
      // [M45] Someone else already holds this ID number, or this name and birth date in the village.
      const others = (list: readonly StoredPerson[] | undefined) =>
        (list ?? []).filter((q) => q.id !== person?.id && q.householdId !== match?.id);
      const idNumber = m.fields.idNumber;
      if (idNumber && !duplicateKeys.has(`id:${idNumber}`)) {
        const holder = others(existing.byIdNumber.get(idNumber))[0];
        if (holder)
          report('idNumber', `Số định danh đã có ở hộ khác (${holder.villageName ?? 'ở xã, phường khác'})`);
      }
      const nb = nameBirthKey(m.fields);
      if (!duplicateKeys.has(nb) && others(existing.byNameBirth.get(nb)).length > 0)
        report('fullName', 'Trùng họ tên và ngày sinh với một người ở hộ khác trong thôn');
      const changes = person ? differences(PERSON_CENSUS, m.fields, person) : {};
      // [R5] A birth date after the card's date already recorded would be refused by the merge.
      if (changes.birthDate && person?.cccdIssuedOn && person.cccdIssuedOn < changes.birthDate)
        report(
          'birthDate',
          `Ngày sinh sau ngày cấp thẻ CCCD đã ghi (${formatDateVi(person.cccdIssuedOn)}): sửa trên máy`,
        );
      if (person && mine.length === 0) claimedPersons.set(person.id, m.row);
      return { member: m, person, changes, problems: mine };
    });

    // [M45] A head row with a problem, or a household the request already took: the whole household
    // waits, each of its rows saying why (as check.ts leaves out a household whose head row is bad).
    const headRow = rows.find((r) => r.member === head);
    if (householdProblem || (headRow && headRow.problems.length > 0)) {
      const why = `Dòng chủ hộ (dòng ${firstRow}) có lỗi nên cả hộ chưa nhập được`;
      for (const r of rows) {
        problems.push(...r.problems);
        if (r.member.row !== firstRow) problems.push({ row: r.member.row, field: null, message: why });
      }
      return {
        key: h.key,
        skipped: true,
        action: 'unchanged',
        householdId: match?.id ?? null,
        changed: [],
        members: [],
        problems: problems.sort((a, b) => a.row - b.row),
        mutation: null,
      };
    }

    // The household first, then its persons: a person's household exists when the person is applied.
    let action: ImportAction;
    let changed: string[] = [];
    let mutation: number | null = null;
    if (match) {
      const changes = differences(HOUSEHOLD_CENSUS, h.fields, match);
      changed = Object.keys(changes);
      action = changed.length > 0 ? 'update' : 'unchanged';
      // Only what differs, at the stored version: nothing conflicts, and an unchanged household gets
      // no mutation at all (no version, no audit entry: [M47]).
      if (changed.length > 0) mutation = mutate('household', householdId, match.version, changes);
    } else {
      action = 'create';
      mutation = mutate('household', householdId, 0, { ...present(h.fields), villageId });
      // Later households of the request find it, as they would find a stored one.
      addHousehold(existing, {
        id: householdId,
        version: 1,
        householdCode: h.fields.householdCode ?? null,
        headName: h.fields.headName,
        address: h.fields.address,
        phone: h.fields.phone ?? null,
      });
    }
    claimedHouseholds.set(householdId, firstRow);

    const members: PlannedMember[] = [];
    for (const r of rows) {
      if (r.problems.length > 0) {
        problems.push(...r.problems);
        continue;
      }
      if (r.person) {
        const fields = Object.keys(r.changes);
        // [M44] Statuses and notes of a stored person are the working group's: never sent.
        const index = fields.length > 0 ? mutate('person', r.person.id, r.person.version, r.changes) : null;
        members.push({
          row: r.member.row,
          action: index === null ? 'unchanged' : 'update',
          personId: r.person.id,
          changed: fields,
          mutation: index,
        });
      } else {
        const personId = randomUUID();
        const index = mutate('person', personId, 0, { ...present(r.member.fields), householdId });
        members.push({ row: r.member.row, action: 'create', personId, changed: [], mutation: index });
      }
    }
    return {
      key: h.key,
      skipped: false,
      action,
      householdId,
      changed,
      members,
      problems: problems.sort((a, b) => a.row - b.row),
      mutation,
    };
  });
  return { households: planned, mutations };
}

type Member = ImportHouseholdInput['members'][number];
type MemberFields = Member['fields'];

/** The one live person of the village a row names: by ID number, else by name and birth date. */
function personOfVillage(existing: Existing, fields: MemberFields): StoredPerson | null {
  if (fields.idNumber) {
    const held = (existing.byIdNumber.get(fields.idNumber) ?? []).filter(
      (p) => p.villageId === existing.villageId,
    );
    if (held.length === 1) return held[0]!;
  }
  const named = existing.byNameBirth.get(nameBirthKey(fields)) ?? [];
  return named.length === 1 ? named[0]! : null;
}

/** [M44] The one live person of `householdId` a row is: by ID number, else by name and birth date. */
function memberOf(existing: Existing, householdId: string, fields: MemberFields): StoredPerson | null {
  const inHousehold = (list: readonly StoredPerson[] | undefined) =>
    (list ?? []).filter((p) => p.householdId === householdId);
  if (fields.idNumber) {
    const held = inHousehold(existing.byIdNumber.get(fields.idNumber));
    if (held.length === 1) return held[0]!;
  }
  const named = inHousehold(existing.byNameBirth.get(nameBirthKey(fields)));
  return named.length === 1 ? named[0]! : null;
}
