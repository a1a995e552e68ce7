// Rule 6: a month is closed once it is over in the site's calendar. Its statement never changes
// after that: a later correction, end or refund is billed in the month it is made
// (monthly-statement.ts), and nothing may be recorded as of a date inside a closed month.
import { monthOf } from './calendar-date.js';

/** `month` (`YYYY-MM`) is closed when `today` (the site's local date) is in a later month. */
export function isMonthClosed(month: string, today: string): boolean {
  return month < monthOf(today);
}
