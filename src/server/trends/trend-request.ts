// [G5] The query of GET /api/trends, checked field by field: each bad value is a 400 naming its
// field, and a request that would need more than MAX_TREND_DAYS of snapshots is refused before any
// read (the answer's size and time stay bounded whatever is asked).
import { isRealDate } from '../../domain/dates.ts';
import { MAX_TREND_DAYS, TREND_PERIODS, periodStart, type TrendPeriod } from '../../domain/trends.ts';

export interface TrendRequest {
  period: TrendPeriod;
  from: string;
  to: string;
}

export type TrendRequestResult = { ok: true; request: TrendRequest } | { ok: false; message: string };

/** How many periods back the default `from` goes from the one holding `to`. */
export const DEFAULT_PERIODS_BACK = 12;

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00.000Z`) / DAY_MS;

/** The date `n` days after `iso` (n may be negative). */
export function addDays(iso: string, n: number): string {
  return new Date((dayNumber(iso) + n) * DAY_MS).toISOString().slice(0, 10);
}

/** The first day of the period `back` periods before the one holding `day`. */
export function periodsBack(period: TrendPeriod, day: string, back: number): string {
  const start = periodStart(period, day);
  if (period === 'day') return addDays(start, -back);
  if (period === 'week') return addDays(start, -7 * back);
  const d = new Date(`${start}T00:00:00.000Z`);
  d.setUTCMonth(d.getUTCMonth() - back);
  return d.toISOString().slice(0, 10);
}

/** The days from `from` to `to`, both counted. */
export const spanDays = (from: string, to: string): number => dayNumber(to) - dayNumber(from) + 1;

const date = (value: string): boolean => DATE.test(value) && isRealDate(value) && value >= '1900-01-01';

/**
 * [G5] `period` (default week), `to` (default today in Vietnam), `from` (default the first day of the
 * period 12 before the one holding `to`). An absent parameter and an empty one are alike.
 */
export function parseTrendRequest(
  query: { period?: string | undefined; from?: string | undefined; to?: string | undefined },
  today: string,
): TrendRequestResult {
  const periodText = query.period || 'week';
  if (!(TREND_PERIODS as readonly string[]).includes(periodText))
    return { ok: false, message: `period: one of ${TREND_PERIODS.join(', ')}` };
  const period = periodText as TrendPeriod;
  if (query.from && !date(query.from)) return { ok: false, message: 'from: a date YYYY-MM-DD' };
  if (query.to && !date(query.to)) return { ok: false, message: 'to: a date YYYY-MM-DD' };
  const to = query.to || today;
  const from = query.from || periodsBack(period, to, DEFAULT_PERIODS_BACK);
  if (from > to) return { ok: false, message: 'from: on or before to' };
  if (spanDays(from, to) > MAX_TREND_DAYS)
    return { ok: false, message: `from: at most ${MAX_TREND_DAYS} days from from to to, both counted` };
  return { ok: true, request: { period, from, to } };
}
