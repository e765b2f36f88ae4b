// Calendar dates as the contract speaks them (`YYYY-MM-DD`), in Vietnam's time. Vietnam keeps
// UTC+7 all year (no daylight saving), so the zone is a fixed offset and needs no Intl lookup.

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The calendar date in Asia/Ho_Chi_Minh at the instant `ms` (milliseconds since the epoch): [R5], [T4]. */
export function isoDateInVietnam(ms: number): string {
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` → `dd/mm/yyyy`, the way dates are written in Vietnam. */
export function formatDateVi(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** `dd/mm/yyyy` (or d/m/yyyy) → `YYYY-MM-DD`, or null when it is not a real calendar date. */
export function parseDateVi(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isRealDate(iso) ? iso : null;
}

/** True when `iso` is `YYYY-MM-DD` and names a day that exists (29/02 only in leap years). */
export function isRealDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The date `years` after `iso`. A birthday on 29 February falls on 1 March in a common year: the
 * person has not completed the year on 28 February (the way Vietnamese civil law counts age).
 */
export function addYears(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  const md = iso.slice(5);
  if (md === '02-29' && daysInMonth(y, 2) < 29) return `${String(y).padStart(4, '0')}-03-01`;
  return `${String(y).padStart(4, '0')}-${md}`;
}

/** Completed years of age on `today` for someone born on `birthDate` (both `YYYY-MM-DD`). */
export function ageOn(birthDate: string, today: string): number {
  let age = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (addYears(birthDate, age) > today) age -= 1;
  return age;
}

/**
 * The latest birth date of someone who is `age` or older on `today`: "14+" is `birthDate <= this`.
 * On 29 February the year `age` back may have no such day; its 28 February is the bound then ([T4]).
 */
export function birthDateCutoff(today: string, age: number): string {
  const y = String(Number(today.slice(0, 4)) - age).padStart(4, '0');
  const md = today.slice(5);
  if (md === '02-29' && !isRealDate(`${y}-02-29`)) return `${y}-02-28`;
  return `${y}-${md}`;
}
