/**
 * Calendar arithmetic on plain strings: days "YYYY-MM-DD" and months "YYYY-MM", as the API
 * speaks them. Days have no time zone, so everything here computes in UTC and never shifts a day.
 * "Today" is always a day in the company's time zone (the API counts days there), not the
 * browser's.
 */

export type Day = string;
export type Month = string;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

function toUtc(day: Day): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function fromUtc(date: Date): Day {
  return date.toISOString().slice(0, 10);
}

/** The calendar day of an instant in a time zone ("Europe/Berlin"). */
export function dayIn(now: Date, timeZone: string): Day {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export function addDays(day: Day, days: number): Day {
  const date = toUtc(day);
  date.setUTCDate(date.getUTCDate() + days);
  return fromUtc(date);
}

export function monthOf(day: Day): Month {
  return day.slice(0, 7);
}

export function firstDayOf(month: Month): Day {
  return `${month}-01`;
}

export function lastDayOf(month: Month): Day {
  const [y, m] = month.split('-').map(Number) as [number, number];
  // Day 0 of the next month is the last day of this one.
  return fromUtc(new Date(Date.UTC(y, m, 0)));
}

export function shiftMonth(month: Month, delta: number): Month {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(y, m - 1 + delta, 1));
  return fromUtc(date).slice(0, 7);
}

/** The last month that is over: the usual period for reports and ArbZG checks (UX.md). */
export function lastFullMonth(today: Day): { from: Day; to: Day } {
  const month = shiftMonth(monthOf(today), -1);
  return { from: firstDayOf(month), to: lastDayOf(month) };
}

/** Number of days from `from` to `to`, both included (0 when `to` lies before `from`). */
export function daysInPeriod(from: Day, to: Day): number {
  const diff = (toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000;
  return diff < 0 ? 0 : Math.round(diff) + 1;
}

/** Weekday of a day, Monday = 0 … Sunday = 6 (the order of `minutesPerWeekday`). */
export function weekdayIndex(day: Day): number {
  return (toUtc(day).getUTCDay() + 6) % 7;
}
