/** A calendar date on the wire: 'YYYY-MM-DD', the agency's local day (no time, no zone). */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The number of days in a month (1–12) of a proleptic Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Is `value` a real date on the calendar, written YYYY-MM-DD (no 2023-02-30, no year 0000)? */
export function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}
