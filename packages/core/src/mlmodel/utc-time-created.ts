import { formatNaiveUtcDatetime } from '../python-compat/python-datetime.js';

/**
 * MLmodel's `utc_time_created`: Python's `str()` of the naive UTC datetime,
 * `2024-05-17 23:15:28.764000` (no fraction when the milliseconds are 0).
 */
export function formatUtcTimeCreated(date: Date = new Date()): string {
  return formatNaiveUtcDatetime(date, ' ');
}
