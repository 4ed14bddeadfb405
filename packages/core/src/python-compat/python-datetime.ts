function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * Python's `str()` / `isoformat()` of a naive datetime holding the UTC time of `date`:
 * `2024-05-17 23:15:28.764000` (separator ' ') or `2024-05-17T23:15:28.764000` (separator 'T'),
 * with no fractional part when the microseconds are 0.
 */
export function formatNaiveUtcDatetime(date: Date, separator: ' ' | 'T'): string {
  const milliseconds = date.getUTCMilliseconds();
  const fraction = milliseconds === 0 ? '' : `.${pad(milliseconds * 1000, 6)}`;
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}${separator}` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}${fraction}`
  );
}
