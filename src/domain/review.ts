// What the commune police review reads from the server, as zod schemas shared by server and app:
// the tallies and devices of SYNC-API.md, and this project's additions under /api/review (the
// households with gaps, the persons still missing a card or VNeID, one household read-only, the
// conflicts and rejected edits of an area).
// The app parses every answer with these; the server's integration tests do too.
import { z } from 'zod';
import { CCCD_STATUSES, ENTITIES, RELATIONS, VNEID_STATUSES } from './enums.ts';
import { changeSchema, REJECT_CODES } from './sync-protocol.ts';

/** SYNC-API.md "Tallies" ([T1]): one row per village, and the total of the area asked for. */
export const tallyRowSchema = z.object({
  areaId: z.string(),
  areaName: z.string(),
  households: z.number().int().nonnegative(),
  householdsVisited: z.number().int().nonnegative(),
  persons: z.number().int().nonnegative(),
  persons14plus: z.number().int().nonnegative(),
  cccdIssued14plus: z.number().int().nonnegative(),
  vneidLevel2Active14plus: z.number().int().nonnegative(),
  openTasks: z.number().int().nonnegative(),
});
export type TallyRow = z.infer<typeof tallyRowSchema>;

export const talliesAnswerSchema = z.object({
  asOf: z.string(),
  rows: z.array(tallyRowSchema),
  total: tallyRowSchema,
});
export type TalliesAnswer = z.infer<typeof talliesAnswerSchema>;

/** The numeric columns of a tally row, in the order the overview and the exports show them. */
export const TALLY_COUNTS = [
  'households',
  'householdsVisited',
  'persons',
  'persons14plus',
  'cccdIssued14plus',
  'vneidLevel2Active14plus',
  'openTasks',
] as const satisfies readonly (keyof TallyRow)[];
export type TallyCount = (typeof TALLY_COUNTS)[number];

/**
 * SYNC-API.md "Devices". `areaIds` (an addition, [D5]) are the villages of the phone's user, so that the
 * review can say which village's group has gone quiet.
 */
export const deviceSyncSchema = z.object({
  deviceId: z.string(),
  userId: z.string(),
  userName: z.string(),
  lastPushAt: z.string().nullable(),
  lastPullAt: z.string().nullable(),
  areaIds: z.array(z.string()).optional(),
});
export type DeviceSync = z.infer<typeof deviceSyncSchema>;

export const devicesAnswerSchema = z.object({ devices: z.array(deviceSyncSchema) });
export type DevicesAnswer = z.infer<typeof devicesAnswerSchema>;

/**
 * [RV13] `GET /api/review/activity?areaId=<province or commune>`: how the working groups under each
 * commune of a province (or each village of a commune) are keeping up, without listing every phone:
 * its villages, how many of them are quiet ([D6]), its phones and their latest sync.
 */
export const activityRowSchema = z.object({
  areaId: z.string(),
  areaName: z.string(),
  villages: z.number(),
  quietVillages: z.number(),
  phones: z.number(),
  lastSyncAt: z.string().nullable(),
});
export type ActivityRow = z.infer<typeof activityRowSchema>;

export const activityAnswerSchema = z.object({
  asOf: z.string(),
  rows: z.array(activityRowSchema),
  total: activityRowSchema,
});
export type ActivityAnswer = z.infer<typeof activityAnswerSchema>;

/** [D6] A group is quiet when none of its phones pushed or pulled for more than this. */
export const QUIET_AFTER_DAYS = 3;
const DAY_MS = 86_400_000;

/** The phone's last contact with the server (push or pull), or null if it never synced. */
export function lastSyncOf(d: Pick<DeviceSync, 'lastPushAt' | 'lastPullAt'>): string | null {
  const times = [d.lastPushAt, d.lastPullAt].filter((t): t is string => t !== null);
  if (times.length === 0) return null;
  return times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

/** [D6] Not synced for more than QUIET_AFTER_DAYS days at `now` (never synced counts as quiet). */
export function isQuiet(lastSyncAt: string | null, now: number): boolean {
  if (lastSyncAt === null) return true;
  return now - Date.parse(lastSyncAt) > QUIET_AFTER_DAYS * DAY_MS;
}

/**
 * [RV2] `GET /api/review/gaps?areaId=` (police, admin): the households of an area that still have a gap,
 * with the counts that make it one. Persons 14+ as in the tallies (on asOf's date in Vietnam).
 * `&all=1` (an addition): every live household of the area in the same shape, its counts 0 when it
 * has no gap; `all=0` or no `all` is the gap list. Either way: by village (the tallies' order), then
 * by address (numbers by value), then by id.
 */
export const gapHouseholdSchema = z.object({
  id: z.string(),
  villageId: z.string(),
  headName: z.string(),
  address: z.string(),
  householdCode: z.string().nullable(),
  persons14plus: z.number().int().nonnegative(),
  withoutCard14plus: z.number().int().nonnegative(),
  withoutVneid14plus: z.number().int().nonnegative(),
  openTasks: z.number().int().nonnegative(),
  /** The date (YYYY-MM-DD) of the last visit whose outcome was "met", or null. */
  lastMetOn: z.string().nullable(),
});
export type GapHousehold = z.infer<typeof gapHouseholdSchema>;

export const gapsAnswerSchema = z.object({
  asOf: z.string(),
  households: z.array(gapHouseholdSchema),
});
export type GapsAnswer = z.infer<typeof gapsAnswerSchema>;

/**
 * [RV11] `GET /api/review/persons?areaId=` (police, admin): the persons 14+ (as in the tallies, on asOf's
 * date in Vietnam) of the area's live households who still lack an issued card or an active level-2
 * VNeID, each with their household, for the officer's person-level export. By default an ID number
 * comes as its last four digits (`idNumberEnd`); with `&fullIds=1` whole (`idNumber`), and the server
 * records the request in the managers' trail. By village (the tallies' order), then by address
 * (numbers by value), household id, relation (head first), birth date, then person id.
 */
export const missingPersonSchema = z.object({
  id: z.string(),
  householdId: z.string(),
  villageId: z.string(),
  householdCode: z.string().nullable(),
  headName: z.string(),
  address: z.string(),
  fullName: z.string(),
  birthDate: z.string(),
  relation: z.enum(RELATIONS),
  cccdStatus: z.enum(CCCD_STATUSES),
  vneidStatus: z.enum(VNEID_STATUSES),
  /** The ID number's last four digits, or null without one (the default answer). */
  idNumberEnd: z.string().nullable().optional(),
  /** The whole ID number, or null without one (with `fullIds=1` only). */
  idNumber: z.string().nullable().optional(),
});
export type MissingPerson = z.infer<typeof missingPersonSchema>;

export const missingPersonsAnswerSchema = z.object({
  asOf: z.string(),
  fullIds: z.boolean(),
  persons: z.array(missingPersonSchema),
});
export type MissingPersonsAnswer = z.infer<typeof missingPersonsAnswerSchema>;

/**
 * [RV5] `GET /api/review/households/:id` (police, admin): one household and its live records, read-only,
 * in the pull's change shape (data holds the fields; deleted records are left out).
 */
export const householdViewSchema = z.object({
  household: changeSchema,
  villageName: z.string(),
  records: z.array(changeSchema.extend({ updatedAt: z.string() })),
});
export type HouseholdView = z.infer<typeof householdViewSchema>;

/**
 * [RV7] `GET /api/review/issues?areaId=` (police, admin): the push answers of that area that were not
 * applied cleanly, newest first: conflicts (with both values) and rejected edits (with the reason).
 */
export const syncIssueSchema = z.object({
  mutationId: z.string(),
  at: z.string(),
  status: z.enum(['conflict', 'rejected']),
  userId: z.string(),
  userName: z.string(),
  deviceId: z.string(),
  villageId: z.string(),
  householdId: z.string(),
  entity: z.enum(ENTITIES),
  entityId: z.string(),
  /** The household's head and address now (null if it is gone), so the officer knows which one. */
  headName: z.string().nullable(),
  address: z.string().nullable(),
  conflicts: z.array(z.object({ field: z.string(), server: z.unknown(), client: z.unknown() })).optional(),
  error: z.object({ code: z.enum(REJECT_CODES), message: z.string() }).optional(),
});
export type SyncIssue = z.infer<typeof syncIssueSchema>;

export const issuesAnswerSchema = z.object({ issues: z.array(syncIssueSchema) });
export type IssuesAnswer = z.infer<typeof issuesAnswerSchema>;

/** Percent of `part` in `whole`, one decimal, 0 when there is nothing to count. */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

/**
 * The review's lists in pages (issue 18: a whole province on one deployment): `limit` (1 to
 * MAX_PAGE_LIMIT) and the `cursor` of the page before, on the gaps ([RV2]), the persons ([RV11]), the
 * devices ([D1]) and the issues ([RV7]). With `limit` the answer adds `nextCursor`: the opaque cursor
 * of the next page, null on the last one. The rows come in the list's own order, page after page.
 * Without `limit` each list answers as it always has (a commune or a village, whole).
 */
export const MAX_PAGE_LIMIT = 1000;
const nextCursor = z.string().nullable();

export const gapsPageSchema = gapsAnswerSchema.extend({ nextCursor });
export type GapsPage = z.infer<typeof gapsPageSchema>;

export const missingPersonsPageSchema = missingPersonsAnswerSchema.extend({ nextCursor });
export type MissingPersonsPage = z.infer<typeof missingPersonsPageSchema>;

export const devicesPageSchema = devicesAnswerSchema.extend({ nextCursor });
export type DevicesPage = z.infer<typeof devicesPageSchema>;

export const issuesPageSchema = issuesAnswerSchema.extend({ nextCursor });
export type IssuesPage = z.infer<typeof issuesPageSchema>;
