// An instant as volunteers read it: "14:05 · 23/11/2026", on Vietnam's clock whatever zone the phone
// is set to (Vietnam keeps UTC+7 all year).
import { formatDateVi, isoDateInVietnam } from '../../domain/dates.ts';

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** `HH:mm` in Vietnam. */
export function formatClockVi(ms: number): string {
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(11, 16);
}

/** `HH:mm · dd/mm/yyyy` in Vietnam. */
export function formatTimeVi(ms: number): string {
  return `${formatClockVi(ms)} · ${formatDateVi(isoDateInVietnam(ms))}`;
}
