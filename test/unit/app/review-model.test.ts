// The overview's arithmetic: when a group counts as quiet, each village's last sync from its
// volunteers' phones, and the table's sort order.
import { describe, expect, it } from 'vitest';
import { isQuiet, lastSyncOf, type DeviceSync, type TallyRow } from '../../../src/domain/review.ts';
import { groupDevices, nextSort, sortRows, villageSyncs } from '../../../src/app/review/overview-model.ts';

const NOW = Date.parse('2026-11-23T03:00:00.000Z');
const DAY = 86_400_000;
const at = (msAgo: number) => new Date(NOW - msAgo).toISOString();

describe('quiet', () => {
  it.each([
    ['synced an hour ago', at(3_600_000), false],
    ['exactly 3 days ago', at(3 * DAY), false],
    ['3 days and a second ago', at(3 * DAY + 1000), true],
    ['never synced', null, true],
  ])('%s → quiet %s', (_, last, quiet) => {
    expect(isQuiet(last, NOW)).toBe(quiet);
  });

  it('takes the later of the last push and the last pull', () => {
    expect(lastSyncOf({ lastPushAt: at(5 * DAY), lastPullAt: at(DAY) })).toBe(at(DAY));
    expect(lastSyncOf({ lastPushAt: at(DAY), lastPullAt: null })).toBe(at(DAY));
    expect(lastSyncOf({ lastPushAt: null, lastPullAt: null })).toBeNull();
  });
});

const row = (areaId: string, areaName: string, cccd: number, persons14plus: number): TallyRow => ({
  areaId,
  areaName,
  households: 10,
  householdsVisited: 5,
  persons: persons14plus + 3,
  persons14plus,
  cccdIssued14plus: cccd,
  vneidLevel2Active14plus: 0,
  openTasks: 0,
});

const device = (id: string, areaIds: string[], push: string | null, pull: string | null): DeviceSync => ({
  deviceId: id,
  userId: `u-${id}`,
  userName: id,
  lastPushAt: push,
  lastPullAt: pull,
  areaIds,
});

describe('villageSyncs', () => {
  const rows = [row('a', 'Thôn A', 1, 2), row('b', 'Thôn B', 1, 2), row('c', 'Thôn C', 0, 0)];

  it('gives each village its most recent phone, and a volunteer of two villages counts for both', () => {
    const syncs = villageSyncs(
      rows,
      [
        device('old', ['a'], at(6 * DAY), at(5 * DAY)),
        device('new', ['a', 'b'], at(DAY), null),
        device('other-commune', ['z'], at(0), at(0)),
      ],
      NOW,
    );
    expect(syncs.get('a')).toEqual({ lastSyncAt: at(DAY), quiet: false });
    expect(syncs.get('b')).toEqual({ lastSyncAt: at(DAY), quiet: false });
    expect(syncs.get('c')).toEqual({ lastSyncAt: null, quiet: true });
    expect(syncs.has('z')).toBe(false);
  });

  it('marks a village quiet when all its phones are', () => {
    const syncs = villageSyncs(rows, [device('d', ['a'], at(4 * DAY), at(4 * DAY))], NOW);
    expect(syncs.get('a')!.quiet).toBe(true);
  });
});

describe('groupDevices', () => {
  it('keeps the phones of the villages’ volunteers, and phones from a server that does not say', () => {
    const rows = [row('a', 'Thôn A', 0, 0)];
    const kept = groupDevices(rows, [
      device('volunteer', ['a'], null, null),
      device('officer', ['xa'], null, null),
      { ...device('old-server', [], null, null), areaIds: undefined },
    ]);
    expect(kept.map((d) => d.deviceId)).toEqual(['volunteer', 'old-server']);
  });
});

describe('sorting', () => {
  // Đ sorts after D and before E in Vietnamese.
  const rows = [row('e', 'Thôn Ê', 5, 10), row('dd', 'Thôn Đông', 9, 10), row('d', 'Thôn Dưới', 5, 10)];
  const none = new Map();

  it('orders names the Vietnamese way, and ties by name', () => {
    expect(sortRows(rows, { key: 'areaName', dir: 'asc' }, none).map((r) => r.areaId)).toEqual([
      'd',
      'dd',
      'e',
    ]);
    expect(sortRows(rows, { key: 'cccdIssued14plus', dir: 'desc' }, none).map((r) => r.areaId)).toEqual([
      'dd',
      'd',
      'e',
    ]);
    expect(sortRows(rows, { key: 'cccdPercent', dir: 'asc' }, none).map((r) => r.areaId)).toEqual([
      'd',
      'e',
      'dd',
    ]);
  });

  it('starts names A→Z and figures largest first, and reverses on the second tap', () => {
    expect(nextSort({ key: 'areaName', dir: 'asc' }, 'households')).toEqual({
      key: 'households',
      dir: 'desc',
    });
    expect(nextSort({ key: 'households', dir: 'desc' }, 'households')).toEqual({
      key: 'households',
      dir: 'asc',
    });
    expect(nextSort({ key: 'households', dir: 'desc' }, 'areaName')).toEqual({ key: 'areaName', dir: 'asc' });
  });
});
