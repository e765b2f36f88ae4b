// What the Identity Law 26/2023/QH15 expects of one person on a given day: card, renewal and VNeID hints.
import { addYears, ageOn } from './dates.ts';
import type { CccdStatus, VneidStatus } from './records.ts';

/** Age from which every citizen must hold a card (Art. 19); the tallies' "14plus" ([T4]). */
export const CARD_AGE = 14;
/** Ages at which a card must be renewed (Art. 21 cl. 1). */
export const RENEWAL_AGES = [14, 25, 40, 60] as const;
/** A card issued this many years or less before a renewal age is valid until the next one (Art. 21 cl. 2). */
const GRACE_YEARS = 2;
/** How far ahead a coming renewal is worth telling the volunteer about. */
const SOON_DAYS = 90;

export type RenewalAge = (typeof RENEWAL_AGES)[number];

/**
 * Hints about one person, for the volunteer:
 * - `card_required`: 14 or more and no card.
 * - `card_applied`: has applied for a card, waiting to collect it.
 * - `card_lost`: the card was lost; a new one must be issued.
 * - `card_renewal_due`: the card stopped being valid on `dueOn`, when the holder reached `age`.
 * - `card_renewal_soon`: the card stops being valid on `dueOn` (holder reaches `age`), within 90 days.
 * - `card_renewal_check`: the holder reached `age` within the last 2 years and the issue date is not
 *   recorded: the volunteer should read it on the card.
 * - `vneid_level2_expected`: 14 or more, and no active level-2 VNeID account.
 */
export type PersonHint =
  | { code: 'card_required' }
  | { code: 'card_applied' }
  | { code: 'card_lost' }
  | { code: 'card_renewal_due'; age: number; dueOn: string }
  | { code: 'card_renewal_soon'; age: number; dueOn: string }
  | { code: 'card_renewal_check'; age: number }
  | { code: 'vneid_level2_expected' };

export interface PersonForHints {
  birthDate: string;
  cccdStatus: CccdStatus;
  cccdIssuedOn?: string | null | undefined;
  vneidStatus: VneidStatus;
}

/** The day the person born on `birthDate` turns 14 (1 March for someone born on 29 February). */
export function turns14On(birthDate: string): string {
  return addYears(birthDate, CARD_AGE);
}

/** True when the person is 14 or more on `today`, i.e. must hold a card and a level-2 VNeID account. */
export function is14Plus(birthDate: string, today: string): boolean {
  return today >= turns14On(birthDate);
}

/** The person must get a card: 14 or more and no valid card in hand (none, applied or lost). */
export function needsCard(p: Pick<PersonForHints, 'birthDate' | 'cccdStatus'>, today: string): boolean {
  return is14Plus(p.birthDate, today) && p.cccdStatus !== 'issued';
}

/** The person must get to VNeID level 2 on their own account: 14 or more and not yet active. */
export function needsVneid(p: Pick<PersonForHints, 'birthDate' | 'vneidStatus'>, today: string): boolean {
  return is14Plus(p.birthDate, today) && p.vneidStatus !== 'level2_active';
}

/**
 * The renewal a card issued on `issuedOn` is valid until, or null when it is valid for life. That is the
 * first renewal age the holder had not reached 2 years before the issue: a card issued in the 2 years
 * before an age skips that age (Art. 21 cl. 2), so one issued at 58 or later never needs renewal.
 * The grace window opens on the birthday of age − 2, so 29 February birthdays follow addYears.
 */
export function renewalOf(birthDate: string, issuedOn: string): { age: RenewalAge; dueOn: string } | null {
  for (const age of RENEWAL_AGES) {
    if (issuedOn < addYears(birthDate, age - GRACE_YEARS)) return { age, dueOn: addYears(birthDate, age) };
  }
  return null;
}

function addDays(iso: string, days: number): string {
  const ms = Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

function cardHint(p: PersonForHints, today: string): PersonHint | null {
  switch (p.cccdStatus) {
    case 'none':
      return is14Plus(p.birthDate, today) ? { code: 'card_required' } : null;
    // An application or a lost card is a pending matter at any age (under 14 a card is on request).
    case 'applied':
      return { code: 'card_applied' };
    case 'lost':
      return { code: 'card_lost' };
    case 'issued':
      break;
  }
  if (p.cccdIssuedOn) {
    // Only the first renewal matters: it is when the card in hand stopped (or stops) being valid;
    // a holder who missed several renewals needs one new card all the same.
    const renewal = renewalOf(p.birthDate, p.cccdIssuedOn);
    if (renewal === null) return null;
    if (today >= renewal.dueOn) return { code: 'card_renewal_due', ...renewal };
    if (renewal.dueOn <= addDays(today, SOON_DAYS)) return { code: 'card_renewal_soon', ...renewal };
    return null;
  }
  // Without the issue date we cannot tell whether the card was issued in the grace window. 14 is left
  // out: a card recorded for a teenager was almost surely issued for the duty at 14 (earlier is on
  // request). Flagged only in the 2 years after the age, so that the list does not fill up with every
  // adult whose issue date was never recorded.
  const age = ageOn(p.birthDate, today);
  const reached = RENEWAL_AGES.find((a) => a !== CARD_AGE && age >= a && age < a + GRACE_YEARS);
  return reached === undefined ? null : { code: 'card_renewal_check', age: reached };
}

/** The hints for one person on `today` (`YYYY-MM-DD`, Vietnam's date): card first, then VNeID. */
export function personHints(p: PersonForHints, today: string): PersonHint[] {
  const hints: PersonHint[] = [];
  const card = cardHint(p, today);
  if (card) hints.push(card);
  if (needsVneid(p, today)) hints.push({ code: 'vneid_level2_expected' });
  return hints;
}
