// [G1] When the day's snapshot is due: at SNAPSHOT_TIME (HH:MM, Vietnam's time, 23:00 by default), late
// enough that the day's field work is in, early enough to stay on the day's date. Vietnam keeps UTC+7
// all year (domain/dates.ts), so the time is a fixed offset from UTC.
import { isoDateInVietnam } from '../../domain/dates.ts';

/** 23:00 in Vietnam, in minutes after midnight. */
export const DEFAULT_SNAPSHOT_MINUTES = 23 * 60;

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const MINUTE_MS = 60_000;

export type SnapshotTimeSetting = { ok: true; minutes: number } | { ok: false; message: string };

/** [S1] [G1] SNAPSHOT_TIME: unset (or empty) is the default; anything but HH:MM (00:00–23:59) stops the start. */
export function parseSnapshotTime(value: string | undefined): SnapshotTimeSetting {
  if (value === undefined || value === '') return { ok: true, minutes: DEFAULT_SNAPSHOT_MINUTES };
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!m) {
    return {
      ok: false,
      message: `SNAPSHOT_TIME: a time of day HH:MM in Vietnam's time (00:00 to 23:59), not ${JSON.stringify(value)}`,
    };
  }
  return { ok: true, minutes: Number(m[1]) * 60 + Number(m[2]) };
}

/**
 * The Vietnam date whose snapshot is due at `now` (ms since the epoch): that of `now` itself once its
 * snapshot time has come, else null. The day before is never due any more: a day the server was down
 * at and after its snapshot time stays without a snapshot ([G2]).
 */
export function snapshotDayDue(now: number, minutes: number): string | null {
  const day = isoDateInVietnam(now);
  const dueAt = Date.parse(`${day}T00:00:00.000Z`) - VIETNAM_OFFSET_MS + minutes * MINUTE_MS;
  return now >= dueAt ? day : null;
}
