// Deterministic made-up villages (households, members, tasks, visits) for tests, benchmarks and the demo commune.
//
// Pure: no Math.random, no clock, no crypto, so that a seed gives the same village in Node and in the
// browser, and a failing test or a slow benchmark can be replayed exactly.
import { isRealDate } from '../domain/dates.ts';
import type {
  CccdStatus,
  Gender,
  Household,
  Person,
  Relation,
  Task,
  TaskKind,
  Visit,
  VisitOutcome,
  VneidStatus,
} from '../domain/records.ts';

// ---------------------------------------------------------------------------------------------------
// Seeded randomness

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(arr: readonly T[]): T;
  /** One value, with probability proportional to its weight. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** An RFC 4122 version-4 shaped UUID, lower-case. */
  uuid(): string;
}

/**
 * A seeded generator (`seed` an integer; its low 32 bits count): sfc32 seeded through splitmix32.
 * Not mulberry32: its 32-bit state is a counter, so two seeds are the same stream shifted, and the
 * villages of a demo commune (one seed each) could share UUIDs. sfc32's 128-bit state makes
 * overlapping streams practically impossible.
 */
export function makeRandom(seed: number): Random {
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs still show the seed's structure.
  for (let i = 0; i < 12; i++) u32();

  const next = (): number => u32() / 4_294_967_296;
  const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

  return {
    next,
    int(min, max) {
      if (!(max >= min)) throw new RangeError(`int(${min}, ${max}): empty range`);
      return min + Math.floor(next() * (max - min + 1));
    },
    pick(arr) {
      if (arr.length === 0) throw new RangeError('pick from an empty array');
      return arr[Math.floor(next() * arr.length)] as (typeof arr)[number];
    },
    weighted(pairs) {
      let total = 0;
      for (const [, w] of pairs) total += w;
      if (!(total > 0)) throw new RangeError('weighted: no positive weight');
      let r = next() * total;
      let last: (typeof pairs)[number] | undefined;
      for (const pair of pairs) {
        if (pair[1] <= 0) continue;
        r -= pair[1];
        if (r < 0) return pair[0];
        last = pair;
      }
      // Float rounding can leave r at 0 after the last weight.
      return (last as (typeof pairs)[number])[0];
    },
    chance(p) {
      return next() < p;
    },
    uuid() {
      const w0 = u32();
      const w1 = u32();
      const w2 = u32();
      const w3 = u32();
      const version = ((w1 & 0x0fff) | 0x4000) >>> 0;
      const variant = (((w2 >>> 16) & 0x3fff) | 0x8000) >>> 0;
      return `${hex(w0, 8)}-${hex(w1 >>> 16, 4)}-${hex(version, 4)}-${hex(variant, 4)}-${hex(w2 & 0xffff, 4)}${hex(w3, 8)}`;
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary

type Weighted<T> = readonly (readonly [T, number])[];

const nfc = (words: readonly string[]): readonly string[] => words.map((w) => w.normalize('NFC'));

/** Birth-registration province codes of Circular 59/2021/TT-BCA (the 63 provinces before the 2025 merger). */
// prettier-ignore
const PROVINCE_CODES: readonly string[] = [
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020', '022', '024',
  '025', '026', '027', '030', '031', '033', '034', '035', '036', '037', '038', '040', '042', '044', '045',
  '046', '048', '049', '051', '052', '054', '056', '058', '060', '062', '064', '066', '067', '068', '070',
  '072', '074', '075', '077', '079', '080', '082', '083', '084', '086', '087', '089', '091', '092', '093',
  '094', '095', '096',
];

/** Shares of the commonest surnames; Hoàng/Vũ are northern spellings, Huỳnh/Võ southern ones. */
function surnameWeights(southern: boolean): Weighted<string> {
  const pairs: [string, number][] = [
    ['Nguyễn', 38],
    ['Trần', 11],
    ['Lê', 9.5],
    ['Phạm', 7],
    ['Hoàng', southern ? 1.5 : 4.5],
    ['Huỳnh', southern ? 3.5 : 0.5],
    ['Phan', 4.5],
    ['Vũ', southern ? 1 : 3.5],
    ['Võ', southern ? 3 : 0.5],
    ['Đặng', 2.1],
    ['Bùi', 2],
    ['Đỗ', 1.4],
    ['Hồ', 1.3],
    ['Ngô', 1.3],
    ['Dương', 1],
    ['Lý', 0.5],
    ['Trương', 0.6],
    ['Đinh', 0.6],
    ['Đào', 0.5],
    ['Lương', 0.4],
    ['Mai', 0.4],
    ['Cao', 0.3],
    ['Lâm', 0.3],
    ['Hà', 0.3],
    ['Tạ', 0.2],
    ['Chu', 0.2],
    ['Đoàn', 0.3],
    ['Kiều', 0.1],
    ['Triệu', 0.1],
    ['Tô', 0.1],
    // The long tail: the weights add up to 100, so each is a percentage.
    ['Lưu', 0.6],
    ['Thái', 0.5],
    ['Quách', 0.4],
    ['Phùng', 0.5],
    ['Vương', 0.4],
    ['Hứa', 0.4],
    ['Từ', 0.3],
    ['Thân', 0.4],
    ['Tăng', 0.3],
    ['La', 0.3],
    ['Khổng', 0.2],
    ['Nông', 0.6],
    ['Lò', 0.3],
    ['Tống', 0.3],
    ['Mạc', 0.2],
    ['Ninh', 0.3],
    ['Giáp', 0.3],
    ['Âu', 0.2],
    ['Lại', 0.3],
    ['Đàm', 0.2],
  ];
  return pairs.map(([name, w]) => [name.normalize('NFC'), w] as const);
}

const MALE_MIDDLE_OLD: Weighted<string> = [
  ['Văn', 60],
  ['Đức', 8],
  ['Hữu', 7],
  ['Minh', 5],
  ['Quang', 5],
  ['Đình', 5],
  ['Xuân', 4],
  ['Công', 3],
  ['Ngọc', 3],
];
const MALE_MIDDLE_YOUNG: Weighted<string> = [
  ['Văn', 22],
  ['Đức', 12],
  ['Minh', 14],
  ['Hữu', 5],
  ['Quang', 7],
  ['Gia', 8],
  ['Quốc', 6],
  ['Anh', 5],
  ['Thành', 5],
  ['Trọng', 4],
  ['Bảo', 6],
  ['Tuấn', 3],
  ['Mạnh', 3],
];
const FEMALE_MIDDLE_OLD: Weighted<string> = [
  ['Thị', 72],
  ['Ngọc', 6],
  ['Thu', 5],
  ['Thanh', 5],
  ['Hồng', 4],
  ['Kim', 4],
  ['Minh', 2],
  ['Xuân', 2],
];
const FEMALE_MIDDLE_YOUNG: Weighted<string> = [
  ['Thị', 28],
  ['Ngọc', 12],
  ['Thu', 8],
  ['Thanh', 7],
  ['Minh', 7],
  ['Phương', 6],
  ['Khánh', 6],
  ['Bảo', 6],
  ['Thùy', 5],
  ['Hoài', 3],
  ['Diệu', 3],
  ['Mai', 3],
];
/** Second middle names of four-word names (Nguyễn Thị Thu Hà, Trần Ngọc Bảo Anh). */
const SECOND_MIDDLE = nfc(['Thu', 'Ngọc', 'Thanh', 'Minh', 'Bảo', 'Khánh', 'Phương', 'Gia', 'Hoàng', 'Anh']);

// prettier-ignore
const MALE_GIVEN = nfc([
  'Hùng', 'Dũng', 'Tuấn', 'Minh', 'Hải', 'Nam', 'Long', 'Thắng', 'Cường', 'Hoàng', 'Sơn', 'Trung', 'Hiếu',
  'Đức', 'Phúc', 'Khoa', 'Huy', 'Quân', 'Bình', 'Toàn', 'Thành', 'Tùng', 'Kiên', 'Việt', 'Tâm', 'Lâm',
  'Hưng', 'Khải', 'Khang', 'Bảo', 'Duy', 'Đạt', 'Hậu', 'Lộc', 'Phong', 'Quang', 'Tài', 'Thịnh', 'Vinh',
  'Hòa', 'An', 'Chiến', 'Công', 'Định', 'Giang', 'Hào', 'Lợi', 'Nghĩa', 'Nhân', 'Phát', 'Tiến', 'Tín',
  'Trí', 'Trọng', 'Tú', 'Vũ', 'Khôi', 'Đăng', 'Nguyên', 'Thuận', 'Sang', 'Thiện', 'Quý', 'Mạnh', 'Thái',
]);
// prettier-ignore
const FEMALE_GIVEN = nfc([
  'Lan', 'Hoa', 'Hương', 'Mai', 'Linh', 'Trang', 'Thảo', 'Hạnh', 'Hằng', 'Huyền', 'Nga', 'Ngọc', 'Nhung',
  'Phương', 'Quỳnh', 'Thủy', 'Trinh', 'Vân', 'Yến', 'Anh', 'Dung', 'Giang', 'Hà', 'Hiền', 'Hồng', 'Liên',
  'Loan', 'Ly', 'My', 'Nhi', 'Oanh', 'Tâm', 'Thanh', 'Thu', 'Thúy', 'Tuyết', 'Uyên', 'Vy', 'Xuân',
  'Diệp', 'Châu', 'Chi', 'Đào', 'Hảo', 'Lệ', 'Lụa', 'Nhàn', 'Phượng', 'Sen', 'Thắm', 'Thơm', 'Tươi',
  'Ngân', 'Trâm', 'An', 'Khánh', 'Ánh', 'Bích', 'Duyên', 'Hậu', 'Nhàn', 'Trà', 'Thư', 'Hân', 'Ngà',
]);

// prettier-ignore
const HAMLETS = nfc([
  'Đình', 'Chùa', 'Giữa', 'Trên', 'Dưới', 'Đông', 'Tây', 'Bắc', 'Nam', 'Mới', 'Chợ', 'Bến', 'Đồng', 'Cầu',
  'Bãi', 'Trại', 'Gò', 'Soi',
]);

/** Mobile prefixes of Viettel, VinaPhone and MobiFone after the 2018 renumbering. */
// prettier-ignore
const MOBILE_PREFIXES: readonly string[] = [
  '032', '033', '034', '035', '036', '037', '038', '039', '070', '076', '077', '078', '079', '081', '082',
  '083', '084', '085', '086', '088', '089', '090', '091', '093', '094', '096', '097', '098', '099',
];

const WORK_PLACES = nfc([
  'Bình Dương',
  'TP Hồ Chí Minh',
  'Hà Nội',
  'Đồng Nai',
  'Bắc Ninh',
  'Hải Phòng',
  'Hàn Quốc',
  'Nhật Bản',
  'Đài Loan',
]);

// ---------------------------------------------------------------------------------------------------
// Dates, as whole days since 1970-01-01. Calendar arithmetic by hand rather than through Date objects
// and ISO strings: it runs several times per person, and 40,000 persons must take well under a second.

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Year, month (1–12) and day of a day number (H. Hinnant's civil_from_days). */
function civil(day: number): [number, number, number] {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function dayOf(iso: string): number {
  return daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

function isoOf(day: number): string {
  const [y, m, d] = civil(day);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * The day `years` calendar years after `day` (before, when negative). 29 February goes to 1 March in
 * a common year, as `addYears` in dates.ts counts it.
 */
function shiftYears(day: number, years: number): number {
  const [y, m, d] = civil(day);
  const ny = y + years;
  if (m === 2 && d === 29 && !isLeap(ny)) return daysFromCivil(ny, 3, 1);
  return daysFromCivil(ny, m, d);
}

/** Completed years on `today` of someone born on `birth` (the same count as `ageOn` in dates.ts). */
function yearsBetween(birth: number, today: number): number {
  const [by, bm, bd] = civil(birth);
  const [ty, tm, td] = civil(today);
  // Someone born on 29 February completes a year on 1 March of a common year: (2, 28) < (2, 29).
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------------
// The generator

export interface GeneratedVillage {
  households: Household[];
  persons: Person[];
  tasks: Task[];
  visits: Visit[];
}

export interface GenerateVillageOptions {
  villageId: string;
  villageName: string;
  /** How many households, exactly. */
  households: number;
  seed: number;
  /** The day the data is "as of" (`YYYY-MM-DD`): no generated date is later. */
  today: string;
  /** Birth-registration province of most residents (3 digits); picked from the seed when absent. */
  provinceCode?: string;
}

const MAX_MEMBERS = 7;

/** A member before statuses are drawn: enough to place them in the family tree consistently. */
interface Member {
  surname: string;
  gender: Gender;
  birthDay: number;
  relation: Relation;
}

interface Ctx {
  rng: Random;
  todayDay: number;
  provinceCode: string;
  surnames: Weighted<string>;
  usedIdNumbers: Set<string>;
}

/** Age bands of heads of household and their weights: in the countryside many heads are old. */
const HEAD_AGES: Weighted<readonly [number, number]> = [
  [[28, 34], 12],
  [[35, 44], 22],
  [[45, 54], 22],
  [[55, 64], 20],
  [[65, 80], 24],
];
const CHILD_COUNTS: Weighted<number> = [
  [0, 6],
  [1, 20],
  [2, 44],
  [3, 23],
  [4, 7],
];
const GRANDCHILD_COUNTS: Weighted<number> = [
  [0, 12],
  [1, 33],
  [2, 42],
  [3, 13],
];

const CCCD_14_PLUS: Weighted<CccdStatus> = [
  ['issued', 85],
  ['applied', 5],
  ['lost', 2],
  ['none', 8],
];
/** Under 14 a card is only on request (Identity Law 2023, Art. 19). */
const CCCD_UNDER_14: Weighted<CccdStatus> = [
  ['none', 95],
  ['issued', 4],
  ['applied', 1],
];
/**
 * VNeID level 2 is verified against the chip card, so the account follows the card. The shares are
 * chosen so that over everyone 14+ it comes to ~60% active, ~8% pending, ~10% level 1.
 */
const VNEID_BY_CCCD: Record<CccdStatus, Weighted<VneidStatus>> = {
  issued: [
    ['level2_active', 70],
    ['level2_pending', 8],
    ['level1', 10],
    ['none', 12],
  ],
  lost: [
    ['level2_active', 70],
    ['level2_pending', 8],
    ['level1', 10],
    ['none', 12],
  ],
  applied: [
    ['level2_pending', 25],
    ['level1', 20],
    ['none', 55],
  ],
  none: [
    ['level1', 10],
    ['none', 90],
  ],
};
const VISIT_OUTCOMES_W: Weighted<VisitOutcome> = [
  ['met', 75],
  ['not_home', 20],
  ['refused', 5],
];
const VISIT_COUNTS: Weighted<number> = [
  [1, 55],
  [2, 30],
  [3, 15],
];
const VISIT_NOTES: Record<VisitOutcome, readonly string[]> = {
  met: nfc([
    'Đã hướng dẫn kích hoạt VNeID mức 2',
    'Đã kiểm tra thông tin CCCD của cả hộ',
    'Hẹn ra công an xã làm căn cước',
    'Đã cập nhật số điện thoại của hộ',
    'Đã hướng dẫn cài VNeID cho con',
    'Gặp chủ hộ, thông tin đã đúng',
  ]),
  not_home: nfc([
    'Cả nhà đi làm đồng',
    'Gia đình đi vắng, hẹn lại cuối tuần',
    'Cửa khóa',
    'Chỉ có trẻ nhỏ ở nhà',
  ]),
  refused: nfc(['Chủ hộ không muốn cung cấp thông tin', 'Hẹn khi khác, đang bận']),
};
const HOUSEHOLD_NOTES = nfc([
  'Hộ nghèo',
  'Hộ cận nghèo',
  'Người cao tuổi sống một mình',
  'Nhà cuối ngõ, cạnh nhà văn hóa',
  'Có người khuyết tật',
  'Gia đình chính sách',
]);

export function generateVillage(opts: GenerateVillageOptions): GeneratedVillage {
  if (!Number.isInteger(opts.households) || opts.households < 0) {
    throw new RangeError(`households must be a whole number >= 0, got ${opts.households}`);
  }
  if (!isRealDate(opts.today)) throw new RangeError(`today must be YYYY-MM-DD, got ${opts.today}`);
  if (opts.provinceCode !== undefined && !/^\d{3}$/.test(opts.provinceCode)) {
    throw new RangeError(`provinceCode must be 3 digits, got ${opts.provinceCode}`);
  }
  const rng = makeRandom(opts.seed);
  const provinceCode = opts.provinceCode ?? rng.pick(PROVINCE_CODES);
  const ctx: Ctx = {
    rng,
    todayDay: dayOf(opts.today),
    provinceCode,
    // From Quảng Bình (044) southward the southern spellings dominate.
    surnames: surnameWeights(Number(provinceCode) >= 44),
    usedIdNumbers: new Set(),
  };
  const address = makeAddresses(rng, opts.villageName);
  const usedCodes = new Set<string>();
  const out: GeneratedVillage = { households: [], persons: [], tasks: [], visits: [] };

  for (let h = 0; h < opts.households; h++) {
    const householdId = rng.uuid();
    const members = makeFamily(ctx);
    const persons: Person[] = [];
    const flawed: { person: Person; flaw: IdFlaw }[] = [];
    for (const m of members) {
      const { person, flaw } = makePerson(ctx, householdId, m);
      persons.push(person);
      if (flaw) flawed.push({ person, flaw });
    }
    const head = persons[0] as Person;

    const household: Household = {
      id: householdId,
      version: 0,
      villageId: opts.villageId,
      address: address(),
      headName: head.fullName,
    };
    if (rng.chance(0.9)) {
      let code: string;
      do code = provinceCode + digits(rng, 9);
      while (usedCodes.has(code));
      usedCodes.add(code);
      household.householdCode = code;
    }
    if (rng.chance(0.5)) household.phone = head.phone && rng.chance(0.7) ? head.phone : mobile(rng);
    if (rng.chance(0.04)) household.note = rng.pick(HOUSEHOLD_NOTES);

    out.households.push(household);
    for (const p of persons) out.persons.push(p);
    makeTasks(ctx, household, persons, flawed, out.tasks);
    makeVisits(ctx, householdId, out.visits);
  }
  return out;
}

/** A closure handing out addresses: lanes in a town's residential group, hamlets (xóm) in a village. */
function makeAddresses(rng: Random, villageName: string): () => string {
  const town = /^(tổ dân phố|tdp|khu phố|phường)/i.test(villageName.normalize('NFC').trim());
  const hamlets: string[] = [];
  const wanted = rng.int(4, 8);
  while (hamlets.length < wanted) {
    const x = rng.pick(HAMLETS);
    if (!hamlets.includes(x)) hamlets.push(x);
  }
  const lanes = rng.int(5, 25);
  return () => {
    const style = rng.next();
    if (town ? style < 0.85 : style < 0.25) {
      return `Số ${rng.int(1, 150)}, ngõ ${rng.int(1, lanes)}, ${villageName}`;
    }
    if (style < (town ? 0.95 : 0.4)) return `Số ${rng.int(1, 120)}, xóm ${rng.pick(hamlets)}, ${villageName}`;
    return `Xóm ${rng.pick(hamlets)}, ${villageName}`;
  };
}

/** `n` random decimal digits (n <= 15, so that the number stays exact in a double). */
function digits(rng: Random, n: number): string {
  return String(rng.int(0, 10 ** n - 1)).padStart(n, '0');
}

function mobile(rng: Random): string {
  return rng.pick(MOBILE_PREFIXES) + digits(rng, 7);
}

// ---------------------------------------------------------------------------------------------------
// Families

function birthForAge(ctx: Ctx, age: number): number {
  const hi = shiftYears(ctx.todayDay, -age);
  const lo = shiftYears(ctx.todayDay, -(age + 1)) + 1;
  return ctx.rng.int(lo, hi);
}

function ageOf(ctx: Ctx, birthDay: number): number {
  return yearsBetween(birthDay, ctx.todayDay);
}

/**
 * The days on which a couple's child may be born: the mother aged 18–45, the father (when known) at
 * least 20, and not after today. Null when there is no such day.
 */
function childWindow(ctx: Ctx, mother: number, father: number | null): readonly [number, number] | null {
  let lo = shiftYears(mother, 18);
  if (father !== null) lo = Math.max(lo, shiftYears(father, 20));
  const hi = Math.min(shiftYears(mother, 46) - 1, ctx.todayDay);
  return lo <= hi ? [lo, hi] : null;
}

/**
 * Grown children mostly leave; the youngest grown ones still often live at home, less so when a
 * married sibling already keeps the house.
 */
function staysHome(ctx: Ctx, age: number, crowded: boolean): boolean {
  if (age < 18) return true;
  return ctx.rng.chance((age < 25 ? 0.65 : age < 30 ? 0.35 : 0.1) * (crowded ? 0.3 : 1));
}

function makeFamily(ctx: Ctx): Member[] {
  const { rng } = ctx;
  const members: Member[] = [];
  const add = (surname: string, gender: Gender, birthDay: number, relation: Relation): void => {
    if (members.length < MAX_MEMBERS) members.push({ surname, gender, birthDay, relation });
  };
  const anyGender = (): Gender => (rng.chance(0.51) ? 'male' : 'female');

  const [minAge, maxAge] = rng.weighted(HEAD_AGES);
  const headAge = rng.int(minAge, maxAge);
  const headGender: Gender = rng.chance(0.8) ? 'male' : 'female';
  const headSurname = rng.weighted(ctx.surnames);
  const headBirth = birthForAge(ctx, headAge);
  add(headSurname, headGender, headBirth, 'head');
  if (rng.chance(headAge >= 65 ? 0.2 : headAge < 35 ? 0.08 : 0.04)) return members;

  // The couple whose children are the head's. The partner may be dead or gone, and then not listed,
  // but still fixes the children's surname and ages. Wives are mostly a few years younger.
  const gap = rng.int(-2 * 365, 9 * 365);
  const husband =
    headGender === 'male'
      ? { surname: headSurname, birthDay: headBirth }
      : { surname: rng.weighted(ctx.surnames), birthDay: headBirth - gap };
  const wifeBirth = headGender === 'female' ? headBirth : headBirth + gap;
  if (rng.chance(headGender === 'male' ? 0.9 : 0.35)) {
    if (headGender === 'male') add(rng.weighted(ctx.surnames), 'female', wifeBirth, 'spouse');
    else add(husband.surname, 'male', husband.birthDay, 'spouse');
  }

  const window = childWindow(ctx, wifeBirth, husband.birthDay);
  const keeper = headAge >= 50 && window !== null && rng.chance(0.4);
  if (window) {
    const births: number[] = [];
    for (let n = rng.weighted(CHILD_COUNTS); n > 0; n--) births.push(rng.int(window[0], window[1]));
    births.sort((x, y) => x - y);
    for (const b of births) {
      if (staysHome(ctx, ageOf(ctx, b), keeper)) add(husband.surname, anyGender(), b, 'child');
    }
  }

  if (keeper && window) {
    // A grown child who stayed with a family of their own: traditionally a son, whose wife joins.
    const hi = Math.min(window[1], shiftYears(ctx.todayDay, -22));
    if (window[0] <= hi) {
      const b = rng.int(window[0], hi);
      const latestAdult = shiftYears(ctx.todayDay, -18);
      let mother: number;
      let father: number;
      let surname: string;
      if (rng.chance(0.8)) {
        add(husband.surname, 'male', b, 'child');
        mother = Math.min(b + rng.int(0, 6 * 365), latestAdult);
        father = b;
        surname = husband.surname;
        add(rng.weighted(ctx.surnames), 'female', mother, 'other');
      } else {
        add(husband.surname, 'female', b, 'child');
        mother = b;
        father = b - rng.int(0, 6 * 365);
        surname = rng.weighted(ctx.surnames);
        add(surname, 'male', father, 'other');
      }
      const w = childWindow(ctx, mother, father);
      if (w) {
        const births: number[] = [];
        for (let n = rng.weighted(GRANDCHILD_COUNTS); n > 0; n--) births.push(rng.int(w[0], w[1]));
        births.sort((x, y) => x - y);
        for (const g of births)
          if (staysHome(ctx, ageOf(ctx, g), false)) add(surname, anyGender(), g, 'grandchild');
      }
    }
  } else if (headAge >= 50 && window && rng.chance(0.15)) {
    // Grandchildren raised by their grandparents while the parents work away.
    const parent = rng.int(window[0], window[1]);
    const w = childWindow(ctx, parent, null);
    if (w) {
      const surname = rng.chance(0.6) ? husband.surname : rng.weighted(ctx.surnames);
      for (let n = rng.int(1, 2); n > 0; n--) {
        const g = rng.int(w[0], w[1]);
        if (ageOf(ctx, g) < 18) add(surname, anyGender(), g, 'grandchild');
      }
    }
  }

  if (headAge <= 55 && rng.chance(0.25)) {
    // The head's parents, living with them: the father gave the head their surname.
    const r = rng.next();
    const father = rng.int(shiftYears(headBirth, -42), shiftYears(headBirth, -22));
    const mother = rng.int(shiftYears(headBirth, -40) + 1, shiftYears(headBirth, -18));
    if (r < 0.5 || r >= 0.85) {
      if (ageOf(ctx, father) <= 92) add(headSurname, 'male', father, 'parent');
    }
    if (r < 0.85 && ageOf(ctx, mother) <= 95) add(rng.weighted(ctx.surnames), 'female', mother, 'parent');
  }

  if (rng.chance(0.05)) {
    const b = Math.min(headBirth + rng.int(-8 * 365, 12 * 365), shiftYears(ctx.todayDay, -16));
    add(headSurname, anyGender(), b, 'sibling');
  }
  if (rng.chance(0.03))
    add(rng.weighted(ctx.surnames), anyGender(), birthForAge(ctx, rng.int(5, 22)), 'other');
  return members;
}

// ---------------------------------------------------------------------------------------------------
// Persons

type IdFlaw = 'year' | 'gender';

function fullName(ctx: Ctx, surname: string, gender: Gender, birthYear: number): string {
  const { rng } = ctx;
  const old = birthYear < 1985;
  const middle = rng.weighted(
    gender === 'male'
      ? old
        ? MALE_MIDDLE_OLD
        : MALE_MIDDLE_YOUNG
      : old
        ? FEMALE_MIDDLE_OLD
        : FEMALE_MIDDLE_YOUNG,
  );
  const names = gender === 'male' ? MALE_GIVEN : FEMALE_GIVEN;
  let given = rng.pick(names);
  while (given === middle) given = rng.pick(names);
  if (!old && rng.chance(0.12)) {
    const second = rng.pick(SECOND_MIDDLE);
    if (second !== middle && second !== given) return `${surname} ${middle} ${second} ${given}`;
  }
  return `${surname} ${middle} ${given}`;
}

/**
 * The 12-digit personal ID number: province of birth registration, gender-and-century digit, the
 * birth year's last two digits, six serial digits. A flaw makes the year or the gender digit disagree
 * with the record on purpose (the data-cleaning cases).
 */
function idNumberFor(ctx: Ctx, birthYear: number, gender: Gender, flaw: IdFlaw | null): string {
  const { rng } = ctx;
  const province = rng.chance(0.85) ? ctx.provinceCode : rng.pick(PROVINCE_CODES);
  let genderDigit = 2 * (Math.floor(birthYear / 100) - 19) + (gender === 'female' ? 1 : 0);
  let yy = birthYear % 100;
  if (flaw === 'gender') genderDigit ^= 1;
  if (flaw === 'year') {
    const swapped = (yy % 10) * 10 + Math.floor(yy / 10);
    const typo = swapped !== yy ? swapped : (yy + rng.int(1, 9)) % 100;
    // A number encoding a year still to come is refused by the schema (born 2009 → "90" → 2090): the
    // flaw must stay a possible past year, so the year before the true one stands in (yy ≥ 1 here: the
    // typos of a birth in 2000 are 2001–2009, past for any today the demo runs at).
    const thisYear = Number(isoOf(ctx.todayDay).slice(0, 4));
    yy = birthYear - (birthYear % 100) + typo <= thisYear ? typo : yy - 1;
  }
  const prefix = `${province}${genderDigit}${String(yy).padStart(2, '0')}`;
  for (;;) {
    const id = prefix + String(rng.int(0, 999_999)).padStart(6, '0');
    if (!ctx.usedIdNumbers.has(id)) {
      ctx.usedIdNumbers.add(id);
      return id;
    }
  }
}

/** A card's issue date: chip cards from 2021, after the 14th birthday; a few older 12-digit cards. */
function issuedOn(ctx: Ctx, birthDay: number, age: number): string {
  const { rng } = ctx;
  let lo: number;
  let hi = ctx.todayDay;
  if (age < 14) {
    lo = Math.max(birthDay, dayOf('2024-07-01'));
  } else {
    const fourteen = shiftYears(birthDay, 14);
    lo = Math.max(fourteen, dayOf('2021-01-01'));
    if (rng.chance(0.08) && Math.max(fourteen, dayOf('2016-01-01')) <= dayOf('2020-12-31')) {
      lo = Math.max(fourteen, dayOf('2016-01-01'));
      hi = Math.min(hi, dayOf('2020-12-31'));
    }
  }
  if (lo > hi) lo = birthDay;
  return isoOf(rng.int(lo, hi));
}

function makePerson(ctx: Ctx, householdId: string, m: Member): { person: Person; flaw: IdFlaw | null } {
  const { rng } = ctx;
  const birthDate = isoOf(m.birthDay);
  const birthYear = Number(birthDate.slice(0, 4));
  const age = yearsBetween(m.birthDay, ctx.todayDay);
  const adult = age >= 14;
  const cccdStatus = rng.weighted(adult ? CCCD_14_PLUS : CCCD_UNDER_14);
  const vneidStatus: VneidStatus = adult ? rng.weighted(VNEID_BY_CCCD[cccdStatus]) : 'none';
  const person: Person = {
    id: rng.uuid(),
    version: 0,
    householdId,
    fullName: fullName(ctx, m.surname, m.gender, birthYear),
    birthDate,
    gender: m.gender,
    relation: m.relation,
    cccdStatus,
    vneidStatus,
  };
  let flaw: IdFlaw | null = null;
  const idShare = !adult ? 0.6 : cccdStatus === 'none' ? 0.5 : 0.92;
  if (rng.chance(idShare)) {
    if (rng.chance(0.02)) flaw = rng.chance(0.5) ? 'year' : 'gender';
    person.idNumber = idNumberFor(ctx, birthYear, m.gender, flaw);
  }
  if ((cccdStatus === 'issued' && rng.chance(0.9)) || (cccdStatus === 'lost' && rng.chance(0.5))) {
    person.cccdIssuedOn = issuedOn(ctx, m.birthDay, age);
  }
  if (age >= 18 && age <= 75 && rng.chance(age < 60 ? 0.55 : 0.3)) person.phone = mobile(rng);
  if (adult) vneidStage(ctx, person, m.birthDay, age);
  return { person, flaw };
}

/**
 * [R15] Why an adult is not at level 2 yet, and the day of a level-2 registration at the police, as
 * the working groups note them: from the person's id (a hash, not the generator's random stream, so
 * that every other figure of a seeded commune stays as it was).
 */
function vneidStage(ctx: Ctx, person: Person, birthDay: number, age: number): void {
  const h = parseInt(person.id.slice(0, 6), 16);
  if (person.vneidStatus === 'level2_pending' || (person.vneidStatus === 'level2_active' && h % 3 === 0)) {
    const from = Math.max(shiftYears(birthDay, 14), ctx.todayDay - 400);
    person.vneidRegisteredOn = isoOf(from + (h % Math.max(1, ctx.todayDay - from)));
  }
  if (person.vneidStatus === 'level2_active' || h % 10 < 4) return;
  // The elderly need a home visit more often; the young are more often working away.
  const blockers =
    age >= 60
      ? (['home_visit', 'home_visit', 'no_smartphone', 'no_own_sim', 'refused', 'other'] as const)
      : (['no_own_sim', 'working_away', 'working_away', 'no_smartphone', 'refused', 'other'] as const);
  person.vneidBlocker = blockers[(h >> 4) % blockers.length];
}

// ---------------------------------------------------------------------------------------------------
// Tasks and visits

interface TaskOption {
  kind: TaskKind;
  personId?: string;
  note: string;
  weight: number;
}

function makeTasks(
  ctx: Ctx,
  household: Household,
  persons: readonly Person[],
  flawed: readonly { person: Person; flaw: IdFlaw }[],
  tasks: Task[],
): void {
  const { rng } = ctx;
  // Households whose ID numbers disagree are likelier to have been noticed already.
  if (!rng.chance(flawed.length > 0 ? 0.6 : 0.12)) return;

  const options: TaskOption[] = [];
  for (const { person, flaw } of flawed) {
    options.push({
      kind: 'wrong_info',
      personId: person.id,
      note:
        flaw === 'year'
          ? `Số định danh của ${person.fullName} không khớp năm sinh ${person.birthDate.slice(0, 4)}, cần đối chiếu thẻ CCCD`
          : `Mã giới tính trong số định danh của ${person.fullName} không khớp (${person.gender === 'male' ? 'nam' : 'nữ'})`,
      weight: 1000,
    });
  }
  const age = (p: Person): number => yearsBetween(dayOf(p.birthDate), ctx.todayDay);
  const noId = persons.find((p) => !p.idNumber && age(p) >= 14);
  if (noId) {
    options.push({
      kind: 'missing_id',
      personId: noId.id,
      note: `Chưa có số định danh của ${noId.fullName}, nhờ gia đình cung cấp giấy khai sinh`,
      weight: 30,
    });
  }
  const elder = persons.find((p) => age(p) >= 70);
  if (elder) {
    const died = isoOf(ctx.todayDay - rng.int(30, 700));
    options.push({
      kind: 'deceased',
      personId: elder.id,
      note: `${elder.fullName} đã mất tháng ${Number(died.slice(5, 7))}/${died.slice(0, 4)}, chưa xóa đăng ký thường trú`,
      weight: 12,
    });
  }
  const young = persons.find((p) => p.relation !== 'head' && age(p) >= 18 && age(p) <= 40);
  if (young) {
    options.push({
      kind: 'moved_away',
      personId: young.id,
      note: `${young.fullName} đi làm ở ${rng.pick(WORK_PLACES)}, cần xác minh còn cư trú hay không`,
      weight: 20,
    });
  }
  options.push({
    kind: 'moved_in',
    note: 'Có người mới chuyển đến ở cùng hộ, chưa có trong danh sách',
    weight: 8,
  });
  const anyone = rng.pick(persons);
  options.push({
    kind: 'duplicate',
    personId: anyone.id,
    note: `${anyone.fullName} có thể trùng với một nhân khẩu ở hộ khác (cùng họ tên, ngày sinh)`,
    weight: 10,
  });
  const other = rng.pick(persons);
  options.push({
    kind: 'wrong_info',
    personId: other.id,
    note: rng.pick([
      `Họ tên của ${other.fullName} sai chính tả so với giấy khai sinh`,
      `Ngày sinh của ${other.fullName} trong sổ khác với thẻ CCCD`,
    ]),
    weight: 12,
  });
  options.push({
    kind: 'other',
    note: household.householdCode ? 'Cần cập nhật số điện thoại liên hệ của hộ' : 'Hộ chưa có mã hộ gia đình',
    weight: 8,
  });

  for (let n = rng.chance(0.8) ? 1 : 2; n > 0 && options.length > 0; n--) {
    const chosen = rng.weighted(options.map((o) => [o, o.weight] as const));
    options.splice(options.indexOf(chosen), 1);
    const task: Task = {
      id: rng.uuid(),
      version: 0,
      householdId: household.id,
      kind: chosen.kind,
      note: chosen.note.normalize('NFC'),
      status: rng.chance(0.7) ? 'open' : 'done',
    };
    if (chosen.personId) task.personId = chosen.personId;
    tasks.push(task);
  }
}

function makeVisits(ctx: Ctx, householdId: string, visits: Visit[]): void {
  const { rng } = ctx;
  if (!rng.chance(0.6)) return;
  const days: number[] = [];
  for (let n = rng.weighted(VISIT_COUNTS); n > 0; n--) days.push(ctx.todayDay - rng.int(0, 119));
  days.sort((a, b) => a - b);
  for (const day of days) {
    const outcome = rng.weighted(VISIT_OUTCOMES_W);
    const visit: Visit = { id: rng.uuid(), version: 0, householdId, visitedOn: isoOf(day), outcome };
    if (rng.chance(0.4)) visit.note = rng.pick(VISIT_NOTES[outcome]);
    visits.push(visit);
  }
}
