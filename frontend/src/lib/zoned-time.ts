/**
 * Calendar days and wall-clock times in the company's time zone (GET /company → timeZone).
 *
 * Instants (ISO timestamps from the API) are shown as the company's clock shows them, not the
 * browser's: someone travelling still sees 08:00 for the shift that started at 08:00 in Berlin.
 * Building an instant from a local day and time must respect DST: on 29 March 2026 02:00–02:59
 * does not exist in Europe/Berlin, and on 25 October 2026 02:00–02:59 happens twice.
 */
import { TZDate, tzOffset } from '@date-fns/tz';
import { addDays as addCalendarDays, format, getISOWeek, getISOWeekYear } from 'date-fns';

/** A calendar day, 'YYYY-MM-DD'. */
export type Day = string;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Whether the text is a real calendar day 'YYYY-MM-DD' (no 30 February). */
export function isDay(value: string | null | undefined): value is Day {
  const match = value ? DAY_PATTERN.exec(value) : null;
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A day as a date in UTC: calendar arithmetic that no time zone can shift. */
function calendarDate(day: Day): TZDate {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d, 'UTC');
}

function dayOf(date: Date): Day {
  return format(date, 'yyyy-MM-dd');
}

/** The day `n` calendar days after (negative: before) `day`. */
export function addDays(day: Day, n: number): Day {
  return dayOf(addCalendarDays(calendarDate(day), n));
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: Day): number {
  const sundayFirst = calendarDate(day).getDay();
  return sundayFirst === 0 ? 7 : sundayFirst;
}

/** The Monday of the ISO week holding `day` (weeks start on Monday). */
export function mondayOf(day: Day): Day {
  return addDays(day, 1 - isoWeekday(day));
}

/** ISO calendar week and its year: 2026-01-01 is week 1 of 2026, 2027-01-01 week 53 of 2026. */
export function isoWeek(day: Day): { week: number; year: number } {
  const date = calendarDate(day);
  return { week: getISOWeek(date), year: getISOWeekYear(date) };
}

/** Days from `from` to `to`, both included. */
export function dayRange(from: Day, to: Day): Day[] {
  const days: Day[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** First and last day of the month 'YYYY-MM'. */
export function monthBounds(month: string): { from: Day; to: Day } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** The month 'YYYY-MM' `n` months after (negative: before) `month`. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The calendar day an instant falls on in the time zone. */
export function localDayOf(instant: Date | string, timeZone: string): Day {
  return dayOf(new TZDate(new Date(instant).getTime(), timeZone));
}

/** Minutes since local midnight (wall clock, 0–1439) of an instant in the time zone. */
export function localMinutesOf(instant: Date | string, timeZone: string): number {
  const local = new TZDate(new Date(instant).getTime(), timeZone);
  return local.getHours() * 60 + local.getMinutes();
}

/** The wall-clock reading (day and minute of day) of an instant, as a number to compare. */
function wallClockMs(instant: number, timeZone: string): number {
  return instant + tzOffset(timeZone, new Date(instant)) * MINUTE_MS;
}

/**
 * The instant at which the clock in `timeZone` shows `minutes` after midnight of `day`, or null
 * when that time does not exist (skipped by the spring DST jump: 02:30 on 29 March 2026 in
 * Berlin). A time that happens twice (autumn: 02:30 on 25 October 2026) resolves to the first
 * occurrence, still in summer time — the order in which the day was lived.
 */
export function zonedInstant(day: Day, minutes: number, timeZone: string): Date | null {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) + minutes * MINUTE_MS;
  // Any instant of this wall time is the wall time minus the zone's offset at that instant; the
  // offsets a day before and after cover both sides of a DST change.
  const offsets = [wall - DAY_MS, wall + DAY_MS].map((probe) =>
    tzOffset(timeZone, new Date(probe)),
  );
  const candidates = [...new Set(offsets.map((offset) => wall - offset * MINUTE_MS))]
    .filter((instant) => wallClockMs(instant, timeZone) === wall)
    .sort((a, b) => a - b);
  return candidates.length > 0 ? new Date(candidates[0]!) : null;
}

/** Whole minutes from one instant to another, as the backend counts them (truncated to minutes). */
export function minutesBetween(from: Date | string, to: Date | string): number {
  const floor = (value: Date | string) => Math.floor(new Date(value).getTime() / MINUTE_MS);
  return floor(to) - floor(from);
}
