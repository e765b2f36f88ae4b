// Today's date where the volunteer stands: Vietnam's calendar, whatever zone the phone is set to.
import { isoDateInVietnam } from '../../domain/dates.ts';

export function todayInVietnam(): string {
  return isoDateInVietnam(Date.now());
}
