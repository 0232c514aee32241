/**
 * Calendar days and instants. A calendar day is a 'YYYY-MM-DD' string in the tenant's time zone;
 * an instant is a JS Date (UTC). Day arithmetic runs on UTC dates, so the process time zone
 * (TZ) never leaks in; instants of a local day come from @date-fns/tz, so DST days have 23 h or
 * 25 h (DOMAIN.md: "durations are computed from UTC instants, never from wall-clock arithmetic").
 */
import { TZDate } from '@date-fns/tz';

/** A calendar day, 'YYYY-MM-DD'. */
export type Day = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A set of days given either as a Set or as a predicate (e.g. a holiday lookup). */
export type DaySet = ReadonlySet<Day> | ((day: Day) => boolean);

export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

export const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

// Day arithmetic runs millions of times over a company's year (ledgers, targets, reports) on a
// few thousand distinct days: remember parsed days and both conversions. Pure functions, so
// safe; bounded, as a long-running server sees ever new days.
const DAY_CACHE_SIZE = 20_000;
const parsedDays = new Map<Day, Readonly<{ year: number; month: number; date: number }>>();
const msByDay = new Map<Day, number>();
const dayByMs = new Map<number, Day>();

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function formatDay(year: number, month: number, date: number): Day {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(date)}`;
}

/** Year, month (1–12) and day of month of a day string; throws on anything but a real date. */
export function parseDay(day: Day): Readonly<{ year: number; month: number; date: number }> {
  const known = parsedDays.get(day);
  if (known) return known;
  const match = DAY_PATTERN.exec(day);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const date = Number(match[3]);
    const utc = new Date(Date.UTC(year, month - 1, date));
    // Date.UTC rolls 2026-02-30 over into March; a round trip catches that.
    if (utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1) {
      const parsed = Object.freeze({ year, month, date });
      if (parsedDays.size >= DAY_CACHE_SIZE) parsedDays.clear();
      parsedDays.set(day, parsed);
      return parsed;
    }
  }
  throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
}

/** Whether the string is a valid 'YYYY-MM-DD' calendar day. */
export function isDay(value: string): boolean {
  try {
    parseDay(value);
    return true;
  } catch {
    return false;
  }
}

// Midnight UTC of the day: a neutral anchor for calendar arithmetic, independent of any zone.
function dayToUtcMs(day: Day): number {
  let ms = msByDay.get(day);
  if (ms === undefined) {
    const { year, month, date } = parseDay(day);
    ms = Date.UTC(year, month - 1, date);
    if (msByDay.size >= DAY_CACHE_SIZE) msByDay.clear();
    msByDay.set(day, ms);
  }
  return ms;
}

function utcMsToDay(ms: number): Day {
  let day = dayByMs.get(ms);
  if (day === undefined) {
    const d = new Date(ms);
    day = formatDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    if (dayByMs.size >= DAY_CACHE_SIZE) dayByMs.clear();
    dayByMs.set(ms, day);
  }
  return day;
}

/** The day `n` calendar days after (or before, if negative) `day`. */
export function addDays(day: Day, n: number): Day {
  return utcMsToDay(dayToUtcMs(day) + n * DAY_MS);
}

/** The same day `n` months later (or earlier), clamped to the month's last day (31 Aug − 6 → 28 Feb). */
export function addMonths(day: Day, n: number): Day {
  const { year, month, date } = parseDay(day);
  const monthIndex = year * 12 + (month - 1) + n;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  const lastDate = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return formatDay(targetYear, targetMonth, Math.min(date, lastDate));
}

/** Calendar days from `from` to `to`, negative when `to` is earlier. */
export function daysBetween(from: Day, to: Day): number {
  return Math.round((dayToUtcMs(to) - dayToUtcMs(from)) / DAY_MS);
}

/** All days from `from` to `to`, both included; empty when `to` is before `from`. */
export function dayRange(from: Day, to: Day): Day[] {
  const days: Day[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** ISO weekday of a day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: Day): IsoWeekday {
  // Day 0 of the epoch, 1 January 1970, was a Thursday (4); no Date per call (hot in reports).
  const epochDay = Math.round(dayToUtcMs(day) / DAY_MS);
  return (((((epochDay + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

/** All days of a month (month 1–12). */
export function daysOfMonth(year: number, month: number): Day[] {
  const first = formatDay(year, month, 1);
  parseDay(first);
  const lastDate = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return dayRange(first, formatDay(year, month, lastDate));
}

/** ISO week (Monday first; week 1 holds the year's first Thursday) and its week-numbering year. */
export function isoWeek(day: Day): { year: number; week: number } {
  // The Thursday of the same ISO week decides the year.
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = parseDay(thursday).year;
  const week = Math.floor(daysBetween(formatDay(year, 1, 1), thursday) / 7) + 1;
  return { year, week };
}

/** The Monday of an ISO week. */
export function isoWeekMonday(year: number, week: number): Day {
  // 4 January is always in week 1.
  const jan4 = formatDay(year, 1, 4);
  return addDays(jan4, 1 - isoWeekday(jan4) + (week - 1) * 7);
}

/** The seven days (Monday … Sunday) of the ISO week containing `day`. */
export function daysOfIsoWeek(day: Day): Day[] {
  const monday = addDays(day, 1 - isoWeekday(day));
  return dayRange(monday, addDays(monday, 6));
}

/** Whether `day` belongs to a day set given as Set or predicate. */
export function inDaySet(set: DaySet | undefined, day: Day): boolean {
  if (set === undefined) return false;
  return typeof set === 'function' ? set(day) : set.has(day);
}

/** The calendar day an instant falls on in a time zone. */
export function localDay(instant: Date, timeZone: string): Day {
  // Between the starts of the UTC day's neighbours: zones are less than a day off UTC, and day
  // starts are cached (localInstant), where a TZDate per call costs microseconds.
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('not an instant');
  const guess = utcMsToDay(Math.floor(ms / DAY_MS) * DAY_MS);
  if (ms < startOfLocalDay(guess, timeZone).getTime()) return addDays(guess, -1);
  const next = addDays(guess, 1);
  return ms < startOfLocalDay(next, timeZone).getTime() ? guess : next;
}

/** Local wall-clock time of an instant as 'HH:mm' (24 h), for messages. */
export function localClockTime(instant: Date, timeZone: string): string {
  const local = new TZDate(instant.getTime(), timeZone);
  return `${pad2(local.getHours())}:${pad2(local.getMinutes())}`;
}

/**
 * The instant a local wall-clock time occurs on a day. A time skipped by a DST jump resolves to
 * the instant after the jump (02:30 on the spring-forward day is 03:30).
 */
export function localInstant(day: Day, hour: number, minute: number, timeZone: string): Date {
  const key = `${timeZone}|${day}|${hour}|${minute}`;
  let ms = instantCache.get(key);
  if (ms === undefined) {
    const { year, month, date } = parseDay(day);
    ms = new TZDate(year, month - 1, date, hour, minute, timeZone).getTime();
    // A pure function of its arguments: safe to remember. Bounded, as a long-running server
    // sees ever new days.
    if (instantCache.size >= INSTANT_CACHE_SIZE) instantCache.clear();
    instantCache.set(key, ms);
  }
  return new Date(ms);
}

// Converting a local time to an instant (TZDate) costs microseconds; the same days and times
// (midnights, night-work limits) come up again and again in month views and reports.
const INSTANT_CACHE_SIZE = 50_000;
const instantCache = new Map<string, number>();

/** First instant of a local day (its midnight, or the first instant after a skipped midnight). */
export function startOfLocalDay(day: Day, timeZone: string): Date {
  return localInstant(day, 0, 0, timeZone);
}

/** End of a local day, exclusive: the first instant of the next day. Days are [start, end). */
export function endOfLocalDay(day: Day, timeZone: string): Date {
  return startOfLocalDay(addDays(day, 1), timeZone);
}

/** Length of a local day in minutes: 1440, or 1380 / 1500 on DST change days. */
export function localDayMinutes(day: Day, timeZone: string): number {
  return minutesBetween(startOfLocalDay(day, timeZone), endOfLocalDay(day, timeZone));
}

/**
 * An instant with its seconds and milliseconds dropped. Every duration in the domain is computed
 * from instants truncated this way, so durations are whole minutes that match the clock times the
 * UI shows (08:00:59–16:30:10 is 8:30 h) and the pieces of a day always add up exactly.
 */
export function truncateToMinute(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / MINUTE_MS) * MINUTE_MS);
}

/** Whole minutes from `from` to `to` after truncating both to the minute. */
export function minutesBetween(from: Date, to: Date): number {
  return Math.round(
    (truncateToMinute(to).getTime() - truncateToMinute(from).getTime()) / MINUTE_MS,
  );
}

/** An instant `minutes` later. */
export function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * MINUTE_MS);
}

/** Local day boundaries of a time zone, looked up instead of recomputed (see localCalendar). */
export interface LocalCalendar {
  timeZone: string;
  /** The local day of an instant: localDay(instant, timeZone). */
  dayOf(instant: Date): Day;
  /** The first instant of the next day: endOfLocalDay(day, timeZone). */
  endOf(day: Day): Date;
}

/**
 * The same answers as localDay and endOfLocalDay, computed once per day of a range: a
 * time-zone conversion costs microseconds, which adds up over a company's year of entries
 * (hundreds of thousands of lookups for a few hundred distinct days). Instants and days outside
 * the range fall back to the direct computation.
 */
export function localCalendar(timeZone: string, from: Day, to: Day): LocalCalendar {
  const days = dayRange(addDays(from, -1), addDays(to, 1));
  // starts[i] = first instant of days[i]; starts[days.length] = end of the last day.
  const starts = [...days, addDays(to, 2)].map((day) => startOfLocalDay(day, timeZone).getTime());
  const index = new Map(days.map((day, i) => [day, i]));
  const first = starts[0] ?? 0;
  const last = starts.at(-1) ?? 0;
  return {
    timeZone,
    dayOf(instant) {
      const ms = instant.getTime();
      if (ms < first || ms >= last) return localDay(instant, timeZone);
      // Last start at or before the instant (binary search; the range holds a few hundred days).
      let low = 0;
      let high = days.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if ((starts[mid] ?? Infinity) <= ms) low = mid;
        else high = mid - 1;
      }
      return days[low] ?? localDay(instant, timeZone);
    },
    endOf(day) {
      const i = index.get(day);
      const end = i === undefined ? undefined : starts[i + 1];
      return end === undefined ? endOfLocalDay(day, timeZone) : new Date(end);
    },
  };
}
