// Rule 6b: when a statement month is closed. A month's statement is drawn up once the month is
// over in the site's zone, and a closed month never changes (issue 12): nothing may be billed or
// taken into it afterwards, a correction lands in the month it is made. One small rule, shared by
// the statements and by whatever must not write into the past (offline uploads).
import { localTime } from './local-time.js';

/** `YYYY-MM` is closed on `today` (a local date `YYYY-MM-DD`) once `today` is in a later month. */
export function isMonthClosed(month: string, today: string): boolean {
  return today.slice(0, 7) > month;
}

/** Whether the month holding instant `at` is closed at instant `now`, both read in `timeZone`. */
export function isClosedAt(at: Date, now: Date, timeZone: string): boolean {
  return isMonthClosed(localTime(at, timeZone).date.slice(0, 7), localTime(now, timeZone).date);
}
