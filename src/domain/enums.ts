// The closed value lists of the records (SYNC-API.md "Records", [R2]), without zod: the first screen
// needs them for its filters and badges, and must stay small (zod loads with the forms).
export const ENTITIES = ['household', 'person', 'task', 'visit'] as const;
export type Entity = (typeof ENTITIES)[number];

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other'] as const;
export const GENDERS = ['male', 'female'] as const;
export const CCCD_STATUSES = ['none', 'applied', 'issued', 'lost'] as const;
export const VNEID_STATUSES = ['none', 'level1', 'level2_pending', 'level2_active'] as const;
export const TASK_KINDS = [
  'wrong_info',
  'missing_id',
  'deceased',
  'moved_away',
  'moved_in',
  'duplicate',
  'other',
] as const;
export const TASK_STATUSES = ['open', 'done'] as const;
export const VISIT_OUTCOMES = ['met', 'not_home', 'refused'] as const;
/** [R15] Why a person is not yet at VNeID level 2 (issue 17). */
export const VNEID_BLOCKERS = [
  'no_own_sim',
  'no_smartphone',
  'home_visit',
  'working_away',
  'refused',
  'other',
] as const;
/** [R16] A household out of the working group's reach: it refused, or moved away. */
export const OUT_OF_REACH = ['refused', 'moved_away'] as const;

export type Relation = (typeof RELATIONS)[number];
export type Gender = (typeof GENDERS)[number];
export type CccdStatus = (typeof CCCD_STATUSES)[number];
export type VneidStatus = (typeof VNEID_STATUSES)[number];
export type TaskKind = (typeof TASK_KINDS)[number];
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];
export type VneidBlocker = (typeof VNEID_BLOCKERS)[number];
export type OutOfReach = (typeof OUT_OF_REACH)[number];
