// A commune as the review's fake server answers it: three villages with known figures, a phone that
// synced an hour ago and one that has been quiet for four days, households with gaps, every household
// of Thôn Đông (all=1: the gaps and 118 without a gap), one household in full with the volunteer's
// notes and phones, a conflict and a rejected edit, and the persons still missing a card or VNeID.
import type {
  DeviceSync,
  GapHousehold,
  HouseholdView,
  MissingPerson,
  SyncIssue,
  TallyRow,
} from '../../../src/domain/review.ts';
import type { ReviewApi } from '../../../src/sync/review-api.ts';
import type { SessionUser } from '../../../src/sync/session.ts';
import type { FakeReview } from './fake-review.ts';

export const COMMUNE = 'xa-an-binh';
/** The province above the commune, and an officer given it (issue 18: reads its communes, directs none). */
export const PROVINCE = 'tinh-thai-nguyen';
export const PROVINCE_OFFICER: SessionUser = {
  id: 'u-tinh',
  name: 'Hoàng Văn Tỉnh',
  phone: '0900000009',
  role: 'police',
  areaIds: [PROVINCE],
};
export const NOW = Date.parse('2026-11-23T03:00:00.000Z'); // 10:00 in Vietnam
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const row = (
  areaId: string,
  areaName: string,
  n: [number, number, number, number, number, number, number],
): TallyRow => ({
  areaId,
  areaName,
  households: n[0],
  householdsVisited: n[1],
  persons: n[2],
  persons14plus: n[3],
  cccdIssued14plus: n[4],
  vneidLevel2Active14plus: n[5],
  openTasks: n[6],
});

export const ROWS: TallyRow[] = [
  row('thon-dong', 'Thôn Đông', [120, 80, 410, 300, 270, 150, 12]),
  row('thon-doai', 'Thôn Đoài', [95, 20, 330, 250, 100, 200, 3]),
  // A new village: nobody counted yet. Its shares must read 0, not NaN.
  row('xom-bai', 'Xóm Bãi', [0, 0, 0, 0, 0, 0, 0]),
];
export const TOTAL = row(COMMUNE, 'Xã An Bình', [215, 100, 740, 550, 370, 350, 15]);

export const DEVICES: DeviceSync[] = [
  {
    deviceId: 'dev-hoa',
    userId: 'u-hoa',
    userName: 'Lê Thị Hoa',
    lastPushAt: new Date(NOW - HOUR).toISOString(),
    lastPullAt: new Date(NOW - HOUR).toISOString(),
    areaIds: ['thon-dong'],
  },
  {
    deviceId: 'dev-tuan',
    userId: 'u-tuan',
    userName: 'Phạm Văn Tuấn',
    lastPushAt: new Date(NOW - 4 * DAY - HOUR).toISOString(),
    lastPullAt: new Date(NOW - 4 * DAY).toISOString(),
    areaIds: ['thon-doai'],
  },
  // The officer's own phone: it belongs to no working group.
  {
    deviceId: 'dev-officer',
    userId: 'u-police',
    userName: 'Trần Văn Công',
    lastPushAt: null,
    lastPullAt: null,
    areaIds: [COMMUNE],
  },
];

export const HOUSEHOLD_ID = '0f6c1a52-3d0e-4f6b-9a43-2b1c5e8d7a10';
export const PERSON_ID = '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d';
export const SPOUSE_ID = '2a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d';
const CHILD_ID = '3a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d';

export const GAPS: GapHousehold[] = [
  {
    id: HOUSEHOLD_ID,
    villageId: 'thon-dong',
    headName: 'Nguyễn Văn Đức',
    address: 'Xóm 2, ngõ 5, Thôn Đông',
    householdCode: 'HB-0012',
    persons14plus: 3,
    withoutCard14plus: 1,
    withoutVneid14plus: 2,
    openTasks: 1,
    lastMetOn: '2026-11-20',
  },
  {
    id: '2b3c4d5e-6f7a-4b2c-9d3e-4f5a6b7c8d9e',
    villageId: 'thon-dong',
    headName: 'Trần Thị Mai',
    address: 'Xóm 1, số 3',
    householdCode: null,
    persons14plus: 2,
    withoutCard14plus: 0,
    withoutVneid14plus: 1,
    openTasks: 0,
    lastMetOn: null,
  },
];

const SURNAMES = ['Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const GIVEN = ['Văn An', 'Thị Bình', 'Văn Cường', 'Thị Dung', 'Quốc Em', 'Thị Giang', 'Văn Hải', 'Thị Hương'];

/** Thôn Đông's 118 households without a gap, "Số 1" … "Số 118" of their lanes. */
export const NO_GAP: GapHousehold[] = Array.from({ length: 118 }, (_, i) => ({
  id: `9${String(i).padStart(7, '0')}-0000-4000-8000-000000000000`,
  villageId: 'thon-dong',
  headName: `${SURNAMES[i % SURNAMES.length]} ${GIVEN[i % GIVEN.length]}`,
  address: `Số ${i + 1}, ngõ ${(i % 7) + 1}`,
  householdCode: i % 3 === 0 ? `00${String(1000 + i)}` : null,
  persons14plus: 2,
  withoutCard14plus: 0,
  withoutVneid14plus: 0,
  openTasks: 0,
  lastMetOn: '2026-10-01',
}));

/** What `GET /api/review/gaps?areaId=thon-dong&all=1` answers: every household of the village. */
export const VILLAGE_HOUSEHOLDS: GapHousehold[] = [...GAPS, ...NO_GAP];

/**
 * [RV10] The whole numbers the server reveals; the spouse's was stored by an older version, with a
 * province code that is not in the list (001–096).
 */
export const ID_NUMBERS = new Map<string, string>([
  [PERSON_ID, '001075012345'],
  [SPOUSE_ID, '099170012345'],
]);

export const VIEW: HouseholdView = {
  household: {
    entity: 'household',
    entityId: HOUSEHOLD_ID,
    version: 3,
    deleted: false,
    data: {
      villageId: 'thon-dong',
      headName: 'Nguyễn Văn Đức',
      address: 'Xóm 2, ngõ 5, Thôn Đông',
      householdCode: 'HB-0012',
      phone: '0912 345 678',
      note: 'Nhà có chó, gọi trước khi đến.',
    },
  },
  villageName: 'Thôn Đông',
  // In the server's order: the head first, then by age (the spouse is older than the head).
  records: [
    {
      entity: 'person',
      entityId: PERSON_ID,
      version: 2,
      deleted: false,
      updatedAt: '2026-11-20T02:00:00.000Z',
      data: {
        householdId: HOUSEHOLD_ID,
        fullName: 'Nguyễn Văn Đức',
        birthDate: '1975-04-02',
        gender: 'male',
        relation: 'head',
        // [RV5] The view carries the last four digits; the whole number is revealed on request.
        idNumberEnd: '2345',
        cccdStatus: 'none',
        vneidStatus: 'none',
        phone: '0987.654.321',
        note: 'Hẹn lên công an xã ngày 12/12.',
      },
    },
    {
      entity: 'person',
      entityId: SPOUSE_ID,
      version: 1,
      deleted: false,
      updatedAt: '2026-11-20T02:00:00.000Z',
      data: {
        householdId: HOUSEHOLD_ID,
        fullName: 'Trần Thị Lụa',
        birthDate: '1970-01-09',
        gender: 'female',
        relation: 'spouse',
        idNumberEnd: '2345',
        cccdStatus: 'issued',
        cccdIssuedOn: '2021-05-05',
        vneidStatus: 'level2_active',
      },
    },
    {
      entity: 'person',
      entityId: CHILD_ID,
      version: 1,
      deleted: false,
      updatedAt: '2026-11-20T02:00:00.000Z',
      data: {
        householdId: HOUSEHOLD_ID,
        fullName: 'Nguyễn Văn Bé',
        birthDate: '2016-03-03',
        gender: 'male',
        relation: 'child',
        cccdStatus: 'none',
        vneidStatus: 'none',
      },
    },
    {
      entity: 'task',
      entityId: '3c4d5e6f-7a8b-4c3d-8e4f-5a6b7c8d9e0f',
      version: 1,
      deleted: false,
      updatedAt: '2026-11-20T02:05:00.000Z',
      data: {
        householdId: HOUSEHOLD_ID,
        personId: PERSON_ID,
        kind: 'wrong_info',
        note: 'Sai năm sinh',
        status: 'open',
      },
    },
    {
      entity: 'visit',
      entityId: '4d5e6f7a-8b9c-4d4e-9f5a-6b7c8d9e0f1a',
      version: 1,
      deleted: false,
      updatedAt: '2026-11-20T02:06:00.000Z',
      data: { householdId: HOUSEHOLD_ID, visitedOn: '2026-11-20', outcome: 'met' },
    },
  ],
};

/**
 * [RV11] The persons 14+ still missing a card or VNeID, with their whole ID numbers as the server keeps
 * them (the fake answers the last four digits unless fullIds): two of Thôn Đông, one of Thôn Đoài.
 */
export const MISSING_PERSONS: MissingPerson[] = [
  {
    id: PERSON_ID,
    householdId: HOUSEHOLD_ID,
    villageId: 'thon-dong',
    householdCode: 'HB-0012',
    headName: 'Nguyễn Văn Đức',
    address: 'Xóm 2, ngõ 5, Thôn Đông',
    fullName: 'Nguyễn Văn Đức',
    birthDate: '1975-04-02',
    relation: 'head',
    cccdStatus: 'none',
    vneidStatus: 'none',
    idNumber: '001075012345',
  },
  {
    id: '6a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
    householdId: GAPS[1]!.id,
    villageId: 'thon-dong',
    householdCode: null,
    headName: 'Trần Thị Mai',
    address: 'Xóm 1, số 3',
    fullName: 'Trần Thị Mai',
    birthDate: '1990-07-07',
    relation: 'head',
    cccdStatus: 'issued',
    vneidStatus: 'level1',
    idNumber: null,
  },
  {
    id: '7a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
    householdId: '8a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
    villageId: 'thon-doai',
    householdCode: '0090009',
    headName: 'Phạm Văn Đoài',
    address: 'Số 4, xóm Đồng',
    fullName: 'Phạm Thị Hằng',
    birthDate: '1972-02-02',
    relation: 'spouse',
    cccdStatus: 'lost',
    vneidStatus: 'level2_pending',
    idNumber: '034172005678',
  },
];

export const ISSUES: SyncIssue[] = [
  {
    mutationId: '5e6f7a8b-9c0d-4e5f-8a6b-7c8d9e0f1a2b',
    at: '2026-11-22T08:00:00.000Z',
    status: 'conflict',
    userId: 'u-tuan',
    userName: 'Phạm Văn Tuấn',
    deviceId: 'dev-tuan',
    villageId: 'thon-dong',
    householdId: HOUSEHOLD_ID,
    entity: 'person',
    entityId: PERSON_ID,
    headName: 'Nguyễn Văn Đức',
    address: 'Xóm 2, ngõ 5',
    conflicts: [{ field: 'cccdStatus', server: 'issued', client: 'applied' }],
  },
  {
    mutationId: '6f7a8b9c-0d1e-4f6a-9b7c-8d9e0f1a2b3c',
    at: '2026-11-21T08:00:00.000Z',
    status: 'rejected',
    userId: 'u-hoa',
    userName: 'Lê Thị Hoa',
    deviceId: 'dev-hoa',
    villageId: 'thon-dong',
    householdId: '7a8b9c0d-1e2f-4a7b-8c9d-0e1f2a3b4c5d',
    entity: 'visit',
    entityId: '8b9c0d1e-2f3a-4b8c-9d0e-1f2a3b4c5d6e',
    headName: null,
    address: null,
    error: { code: 'deleted', message: 'household 7a8b9c0d was deleted' },
  },
];

/**
 * Loads the commune into the fake review server. `gaps` answers as the server does: the households
 * with a gap, or with `all` every household of the area (logged as "gaps <area> all").
 */
export function serveCommune(review: FakeReview): void {
  const asOf = new Date(NOW).toISOString();
  review.tallyAnswers.set(COMMUNE, { asOf, rows: ROWS, total: TOTAL });
  review.deviceAnswers.set(COMMUNE, DEVICES);
  review.tallyAnswers.set('thon-dong', { asOf, rows: [ROWS[0]!], total: ROWS[0]! });
  review.gapAnswers.set('thon-dong', { asOf, households: GAPS });
  review.gapAnswers.set(COMMUNE, { asOf, households: GAPS });
  const every = new Map([
    ['thon-dong', VILLAGE_HOUSEHOLDS],
    [COMMUNE, VILLAGE_HOUSEHOLDS],
  ]);
  const gaps = review.gaps;
  const api: ReviewApi = review;
  api.gaps = async (token, areaId, options) => {
    if (!options?.all) return gaps(token, areaId);
    const answer = await gaps(token, areaId);
    review.calls[review.calls.length - 1] += ' all';
    const households = every.get(areaId);
    return answer.ok && households ? { ok: true as const, value: { ...answer.value, households } } : answer;
  };
  review.households.set(HOUSEHOLD_ID, VIEW);
  for (const [id, n] of ID_NUMBERS) review.idNumbers.set(id, n);
  review.issueAnswers.set(COMMUNE, ISSUES);
  review.personAnswers.set(COMMUNE, { asOf, fullIds: true, persons: MISSING_PERSONS });
  review.personAnswers.set('thon-dong', {
    asOf,
    fullIds: true,
    persons: MISSING_PERSONS.filter((p) => p.villageId === 'thon-dong'),
  });
}
