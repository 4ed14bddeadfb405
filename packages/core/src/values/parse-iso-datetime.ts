const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leapYear ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function parseOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z' || zone === 'z') {
    return 0;
  }
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes);
}

/**
 * Parses an ISO-8601 date (`2024-01-02`) or date-time (`2024-01-02T03:04:05.123456`, `T` or a
 * space as separator, optional `Z`/`±HH:MM` offset). Times without an offset are UTC (MLflow's
 * datetimes are naive). Fractions beyond milliseconds are truncated (a Date holds milliseconds).
 * Returns undefined for anything else, including impossible dates such as `2024-02-30`.
 */
export function parseIsoDatetime(text: string): Date | undefined {
  const match = ISO_DATETIME.exec(text);
  if (match === null) {
    return undefined;
  }
  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fractionText, zone] = match;
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const hour = hourText === undefined ? 0 : Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  const second = secondText === undefined ? 0 : Number(secondText);
  const milliseconds = fractionText === undefined ? 0 : Number(fractionText.padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const offsetMinutes = parseOffsetMinutes(zone);
  if (Math.abs(offsetMinutes) >= 24 * 60) {
    return undefined;
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, milliseconds);
  return new Date(date.getTime() - offsetMinutes * 60_000);
}
