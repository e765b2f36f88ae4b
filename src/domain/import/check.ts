// Checking a whole household list before anything is written: every row read, every bad cell named with
// its row and column as the spreadsheet shows them, the rows grouped into households. The officer fixes
// the file and imports again, so the check reports everything at once rather than stop at the first
// problem, and it leaves out whatever it cannot import exactly (a person with a doubtful birth date is
// better added by hand than imported wrong: the working group visits on the strength of this list).
//
// Grouping rows into households, in order of precedence on each row:
// 1. a household code ("Mã hộ") when the row has one: rows with the same code are one household;
// 2. else a head's name ("Họ tên chủ hộ"): rows with the same head name and address are one household
//    (folded: case and marks do not split a household). A row with the head name (and the address, or
//    none) of the household just above belongs to it, whatever gave that one its key: a merged code
//    or address cell is blank on all but its first row;
// 3. else, a row whose relation is «Chủ hộ» starts a household of its own name and address (the "one row
//    per person, head first" layout, with no head-name column, or with merged cells left blank);
// 4. else the row belongs to the household of the row above (that layout's members, or merged
//    cells). A first row that cannot belong anywhere is a problem.
// A household's head is its row whose relation is «Chủ hộ»; where the relation is not given (no column,
// or a blank cell) the row whose name is the head's name is the head and any other row is «Khác».
//
// A row with any problem is left out; its household is still imported from its other rows, except when
// the household has no head row, two head rows, no address, or a head row with a problem: then the
// whole household is left out, and each of its rows says why (a household without its head would be
// imported with a guessed head, and the next import would not find it by its head's name).
import { isRealDate } from '../dates.ts';
import type { CccdStatus, Gender, Relation, VneidStatus } from '../enums.ts';
import { fold } from '../fold.ts';
import { areaId } from '../records.ts';
import {
  cellText,
  cleanCellText,
  isBlankCell,
  readCccdStatus,
  readDate,
  readGender,
  readIdNumber,
  readPhone,
  readRelation,
  readText,
  readVneidStatus,
  type CellResult,
} from './cells.ts';
import {
  FIELD_LABELS,
  IMPORT_FIELDS,
  missingColumnMessage,
  missingColumns,
  type ColumnMapping,
  type ImportField,
} from './columns.ts';
import { matchKeys } from './keys.ts';

/** A household's fields as FIELDS.household accepts them, but for the village the server fills in. */
export interface ImportHouseholdFields {
  address: string;
  headName: string;
  householdCode?: string;
  phone?: string;
  note?: string;
}

/** A person's fields as FIELDS.person accepts them, but for the household id the server fills in. */
export interface ImportPersonFields {
  fullName: string;
  birthDate: string;
  gender: Gender;
  relation: Relation;
  idNumber?: string;
  cccdStatus: CccdStatus;
  vneidStatus: VneidStatus;
  phone?: string;
  note?: string;
}

export interface ImportPerson {
  /** The spreadsheet's row number (1-based). */
  row: number;
  fields: ImportPersonFields;
}

export interface ImportHousehold {
  /** `code:<folded code>` or `head:<folded head name>|<folded address>` (keys.ts). */
  key: string;
  /** The rows of its members, ascending. */
  rows: number[];
  fields: ImportHouseholdFields;
  /** The head first, then the others in the file's order. */
  members: ImportPerson[];
}

export interface ImportProblem {
  /** The spreadsheet's row number (1-based): the header row for a problem of the columns. */
  row: number;
  /** The column's header as the file writes it, or null (no such column, or the row as a whole). */
  column: string | null;
  field: ImportField | null;
  /** In Vietnamese, for the officer. */
  message: string;
}

export interface ImportOptions {
  /** The village the list is imported into (the server sets it on every household). */
  villageId: string;
  /** Today in Vietnam, `YYYY-MM-DD`: no birth date after it, no ID number of a year still to come. */
  today: string;
  /** 0-based index of the header row in `rows` (findHeaderRow). */
  headerRow: number;
}

export interface ImportResult {
  households: ImportHousehold[];
  /** In row order. */
  problems: ImportProblem[];
  counts: {
    /** Rows below the header that hold something: each is a person imported or has a problem. */
    rows: number;
    households: number;
    persons: number;
    /** Blank rows (nothing in any chosen column), and the row of column numbers under an official form's header. */
    skippedBlank: number;
  };
}

/** One row as read: its valid values, and the raw texts that group it even when a value is refused. */
interface RowRead {
  row: number;
  cells: readonly unknown[];
  bad: boolean;
  duplicate: boolean;
  /** Folded texts of the household's cells and the person's name: what the rows are grouped by. */
  code: string;
  headName: string;
  address: string;
  name: string;
  /** The household's values this row gives, where valid. */
  household: {
    householdCode?: string | undefined;
    headName?: string | undefined;
    address?: string | undefined;
  };
  /** As written; null when blank, not mapped, or refused (then relationRefused). */
  relation: Relation | null;
  relationRefused: boolean;
  /** The person's values, all valid; null when a cell of the row is refused. */
  person: Omit<ImportPersonFields, 'relation'> | null;
}

type CellProblem = [field: ImportField, message: string];

/** `o` without its undefined fields: an optional field the file leaves blank is absent, not undefined. */
function withoutUndefined<T extends object>(o: T): T {
  for (const k in o) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * The cell readers of one check. Those of cells a list repeats on every member's row (the head's name,
 * the address, the code, the words of relation, gender and statuses) remember their answer for each
 * distinct text: reading a cell (cleaning its text, judging it by the records' rules) is most of the
 * time a check takes. Cells that differ on each row (name, dates, numbers) are read every time.
 */
function cellReaders(today: string) {
  const remembered = <T>(read: (cell: unknown) => T) => {
    const seen = new Map<string, T>();
    return (cell: unknown): T => {
      if (typeof cell !== 'string') return read(cell);
      let value = seen.get(cell);
      if (value === undefined) seen.set(cell, (value = read(cell)));
      return value;
    };
  };
  const folded = (cell: unknown) => fold(cleanCellText(cell));
  return {
    householdCode: remembered((cell) => readText(cell, 'householdCode')),
    headName: remembered((cell) => readText(cell, 'headName')),
    address: remembered((cell) => readText(cell, 'address')),
    fullName: (cell: unknown) => readText(cell, 'fullName'),
    note: (cell: unknown) => readText(cell, 'note'),
    birthDate: (cell: unknown) => readDate(cell, today),
    gender: remembered(readGender),
    relation: remembered(readRelation),
    idNumber: (cell: unknown) => readIdNumber(cell, today),
    phone: readPhone,
    cccdStatus: remembered(readCccdStatus),
    vneidStatus: remembered(readVneidStatus),
    /** A cell's text cleaned, then folded: what rows are grouped by, even when the value is refused. */
    folded,
    foldedOften: remembered(folded),
  };
}
type CellReaders = ReturnType<typeof cellReaders>;

function readRow(cells: readonly unknown[], row: number, mapping: ColumnMapping, read: CellReaders) {
  const cell = (f: ImportField) => (mapping[f] === null ? undefined : cells[mapping[f]]);
  const problems: CellProblem[] = [];
  const take = <T>(field: ImportField, result: CellResult<T>): T | undefined => {
    if (result.ok) return result.value;
    problems.push([field, result.message]);
    return undefined;
  };

  // In the columns' order, so a row's problems read left to right.
  const household = {
    householdCode: take('householdCode', read.householdCode(cell('householdCode'))),
    headName: take('headName', read.headName(cell('headName'))),
    address: take('address', read.address(cell('address'))),
  };
  const fullName = take('fullName', read.fullName(cell('fullName')));
  if (fullName === undefined && isBlankCell(cell('fullName'))) problems.push(['fullName', 'Thiếu họ và tên']);
  const birthDate = take('birthDate', read.birthDate(cell('birthDate')));
  const gender = take('gender', read.gender(cell('gender')));
  const relationCell = cell('relation');
  const relationBlank = isBlankCell(relationCell);
  const relation = relationBlank ? null : (take('relation', read.relation(relationCell)) ?? null);
  const idNumber = take('idNumber', read.idNumber(cell('idNumber')));
  const phone = take('phone', read.phone(cell('phone')));
  const cccdStatus = take('cccdStatus', read.cccdStatus(cell('cccdStatus')));
  const vneidStatus = take('vneidStatus', read.vneidStatus(cell('vneidStatus')));
  const note = take('note', read.note(cell('note')));

  const person =
    problems.length === 0
      ? withoutUndefined({
          fullName: fullName!,
          birthDate: birthDate!,
          gender: gender!,
          idNumber,
          cccdStatus: cccdStatus!,
          vneidStatus: vneidStatus!,
          phone,
          note,
        })
      : null;
  const result: RowRead = {
    row,
    cells,
    bad: problems.length > 0,
    duplicate: false,
    code: read.foldedOften(cell('householdCode')),
    headName: read.foldedOften(cell('headName')),
    address: read.foldedOften(cell('address')),
    // Needed only to start a household (a head row) or to tell the head by name (no relation written).
    name: relation === null || relation === 'head' ? read.folded(cell('fullName')) : '',
    household,
    relation,
    relationRefused: relation === null && !relationBlank,
    person,
  };
  // Valid name and birth date (and ID number) for the duplicate check, even on a row refused otherwise.
  const keys = fullName && birthDate ? matchKeys({ fullName, birthDate, idNumber }) : [];
  return { read: result, problems, keys };
}

// Official forms number their columns in the row under the header: "(1)", "(2)"…
const COLUMN_NUMBER = /^\(?\d{1,2}\)?$/;
function isColumnNumbers(cells: readonly unknown[]): boolean {
  const filled = cells.filter((c) => !isBlankCell(c));
  return filled.length >= 3 && filled.every((c) => COLUMN_NUMBER.test(cellText(c).trim()));
}

interface Group {
  key: string;
  /** Folded name of the head, to recognise the head row where the relation is not written. */
  headFold: string;
  /** Folded address, to recognise its next rows when their code cell is merged (blank). */
  addressFold: string;
  /** How the messages name the household. */
  label: string;
  rows: RowRead[];
}

/**
 * Reads the rows below `options.headerRow` with `mapping`, and returns the households that can be
 * imported (their values valid for FIELDS) and every problem found. A mapping that lacks a required
 * column, or gives one column to two fields, is reported on the header row, and nothing is read.
 */
export function checkImport(
  rows: readonly (readonly unknown[])[],
  mapping: ColumnMapping,
  options: ImportOptions,
): ImportResult {
  const { today, headerRow } = options;
  if (!areaId.safeParse(options.villageId).success)
    throw new RangeError(`bad village id ${options.villageId}`);
  if (!isRealDate(today)) throw new RangeError(`bad date ${today}`);

  const header = rows[headerRow] ?? [];
  const columnName = (field: ImportField) => {
    const c = mapping[field];
    return c === null ? null : cleanCellText(header[c]) || null;
  };
  const columnNames = Object.fromEntries(IMPORT_FIELDS.map((f) => [f, columnName(f)])) as Record<
    ImportField,
    string | null
  >;
  const problems: ImportProblem[] = [];
  const report = (row: number, field: ImportField | null, message: string) =>
    problems.push({ row, column: field && columnNames[field], field, message });
  const counts = { rows: 0, households: 0, persons: 0, skippedBlank: 0 };

  // The mapping first: with a column missing, every row would repeat the same complaint.
  const headerNumber = headerRow + 1;
  for (const any of missingColumns(mapping)) report(headerNumber, any[0]!, missingColumnMessage(any));
  const fieldOfColumn = new Map<number, ImportField>();
  for (const field of IMPORT_FIELDS) {
    const c = mapping[field];
    if (c === null) continue;
    const other = fieldOfColumn.get(c);
    if (other === undefined) fieldOfColumn.set(c, field);
    else {
      const name = columnNames[field] ? `«${columnNames[field]}»` : `thứ ${c + 1}`;
      report(
        headerNumber,
        field,
        `Cột ${name} được chọn cho cả ${FIELD_LABELS[other]} và ${FIELD_LABELS[field]}`,
      );
    }
  }
  if (problems.length > 0) return { households: [], problems, counts };

  // Each row on its own: its cells, and the first row of each person key (duplicates within the file).
  const mapped = [...fieldOfColumn.keys()];
  const readers = cellReaders(today);
  const reads: RowRead[] = [];
  const firstRowOf = new Map<string, number>();
  for (let i = headerRow + 1; i < rows.length; i++) {
    const cells = rows[i] ?? [];
    if (mapped.every((c) => isBlankCell(cells[c])) || (i === headerRow + 1 && isColumnNumbers(cells))) {
      counts.skippedBlank++;
      continue;
    }
    counts.rows++;
    const { read, problems: cellProblems, keys } = readRow(cells, i + 1, mapping, readers);
    for (const [field, message] of cellProblems) report(read.row, field, message);
    for (const key of keys) {
      const first = firstRowOf.get(key);
      if (first === undefined) firstRowOf.set(key, read.row);
      else {
        read.bad = read.duplicate = true;
        if (key.startsWith('id:')) report(read.row, 'idNumber', `Số định danh trùng với dòng ${first}`);
        else report(read.row, 'fullName', `Họ tên và ngày sinh trùng với dòng ${first}`);
      }
    }
    reads.push(read);
  }

  // Rows into households (the rules at the top of this file). Keys of folded texts, as householdKey
  // (keys.ts) builds them from a record's values: a test holds the two together.
  const shown = (r: RowRead, field: ImportField) => cleanCellText(r.cells[mapping[field] ?? -1]);
  const groups = new Map<string, Group>();
  let above = null as Group | null;
  for (const r of reads) {
    let key: string | null = null;
    if (r.code) key = `code:${r.code}`;
    else if (r.headName) {
      const continues = above?.headFold === r.headName && (!r.address || above.addressFold === r.address);
      key = continues ? above!.key : `head:${r.headName}|${r.address}`;
    } else if (r.relation === 'head') key = `head:${r.name}|${r.address}`;
    else if (above) key = above.key;
    if (key === null) {
      r.bad = true;
      report(
        r.row,
        null,
        'Không rõ dòng này thuộc hộ nào: cần mã hộ, họ tên chủ hộ, hoặc một dòng «Chủ hộ» ở trên',
      );
      above = null;
      continue;
    }
    let group = groups.get(key);
    if (!group) {
      const head = r.headName ? shown(r, 'headName') : r.code ? '' : shown(r, 'fullName');
      group = {
        key,
        headFold: r.headName || (r.code ? '' : r.name),
        addressFold: r.address,
        label: head ? `«${head}»` : `mã hộ «${shown(r, 'householdCode')}»`,
        rows: [],
      };
      groups.set(key, group);
    } else {
      group.headFold ||= r.headName;
      group.addressFold ||= r.address;
    }
    group.rows.push(r);
    above = group;
  }

  const households: ImportHousehold[] = [];
  const reportRows: Reporter = (rows, field, message) => {
    for (const r of rows) report(r.row, field, message);
  };
  for (const group of groups.values()) {
    const household = buildHousehold(group, reportRows, mapping.relation !== null);
    if (household) {
      households.push(household);
      counts.persons += household.members.length;
    }
  }
  counts.households = households.length;
  problems.sort((a, b) => a.row - b.row);
  return { households, problems, counts };
}

type Reporter = (rows: readonly RowRead[], field: ImportField | null, message: string) => void;

/** The household of `group`, or null (with the reason reported on its rows) when it cannot be imported. */
function buildHousehold(group: Group, report: Reporter, relationMapped: boolean): ImportHousehold | null {
  const { rows, label } = group;
  // Where the relation is not written, the head is the row with the head's name. A refused relation
  // is not guessed as «Khác»: the row is left out anyway, but it may be the head.
  const relationOf = (r: RowRead): Relation | null =>
    r.relation ?? (r.name !== '' && r.name === group.headFold ? 'head' : r.relationRefused ? null : 'other');
  // A duplicate row is already reported; a whole household listed twice still imports once. A head
  // that is only a duplicate is a head row with a problem.
  const allHeads = rows.filter((r) => relationOf(r) === 'head');
  const unique = allHeads.filter((r) => !r.duplicate);
  const heads = unique.length > 0 ? unique : allHeads.slice(0, 1);
  const relationField = relationMapped ? 'relation' : null;
  if (heads.length === 0) {
    report(
      rows,
      relationField,
      relationMapped
        ? `Hộ ${label} không có dòng chủ hộ: ghi «Chủ hộ» ở cột ${FIELD_LABELS.relation}`
        : `Hộ ${label} không có dòng chủ hộ: không dòng nào có họ và tên trùng với họ tên chủ hộ`,
    );
    return null;
  }
  if (heads.length > 1) {
    report(
      rows,
      relationField,
      `Hộ ${label} có ${heads.length} dòng chủ hộ (dòng ${heads.map((r) => r.row).join(', ')})`,
    );
    return null;
  }
  const head = heads[0]!;
  if (!head.person || head.bad) {
    report(
      rows.filter((r) => r !== head),
      null,
      `Dòng chủ hộ (dòng ${head.row}) có lỗi nên cả hộ chưa nhập được`,
    );
    return null;
  }
  // The head row's values first, then the first row that gives one (merged cells leave the others blank).
  const pick = (k: keyof RowRead['household']) =>
    head.household[k] ?? rows.find((r) => r.household[k] !== undefined)?.household[k];
  const address = pick('address');
  if (address === undefined) {
    report(rows, 'address', `Hộ ${label} chưa có địa chỉ`);
    return null;
  }
  const members = [head, ...rows.filter((r) => r !== head && r.person && !r.bad)].map((r): ImportPerson => ({
    row: r.row,
    fields: { ...r.person!, relation: relationOf(r)! },
  }));
  return {
    key: group.key,
    rows: members.map((m) => m.row).sort((a, b) => a - b),
    fields: withoutUndefined({
      address,
      headName: pick('headName') ?? head.person.fullName,
      householdCode: pick('householdCode'),
      // The head's number is the one to call about the household.
      phone: head.person.phone,
    }),
    members,
  };
}
