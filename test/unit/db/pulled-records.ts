// A household and its member as the server sends them in a pull, for the notebook's tests of what
// enters the phone (server-answers) and what is written on it after (quick-write).
import type { Change } from '../../../src/domain/sync-protocol.ts';

export const hid = '11111111-1111-4111-8111-111111111111';
export const pid = '22222222-2222-4222-8222-222222222222';
export const household = { villageId: 'thon-dong', address: 'Xóm Đình', headName: 'Nguyễn Văn Đức' };
export const person = {
  householdId: hid,
  fullName: 'Nguyễn Thị Mai',
  birthDate: '1990-03-03',
  gender: 'female',
  relation: 'spouse',
  cccdStatus: 'none',
  vneidStatus: 'none',
};

/** One change of a pull page; `null` data is a tombstone. */
export const change = (
  entity: Change['entity'],
  entityId: string,
  version: number,
  data: object | null,
): Change => ({
  entity,
  entityId,
  version,
  deleted: data === null,
  data: data as Record<string, unknown> | null,
});
