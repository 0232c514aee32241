/**
 * Arbeitszeitgesetz (ArbZG, the German Working Hours Act) checks over recorded work intervals.
 * Every check reports findings with a stable code and a German + English message; nothing here
 * changes a record (DOMAIN.md: "the product never silently fixes a record").
 *
 * The working day (Arbeitstag) is the tenant-local calendar day, as in DOMAIN.md: work crossing
 * midnight is split there. Two checks look at the continuous timeline instead, because the law
 * does not stop at midnight: the 6-hour stretch (§4 S. 3) and the rest period (§5), where work
 * running on through midnight is not a rest. A break that spans midnight inside a night shift is
 * therefore reported as a short rest period; we report, the employer judges (see README).
 */
import type { ClosedInterval, DayWork, SplitWork, WorkInterval, WorkPiece } from './intervals.js';
import {
  closeIntervals,
  dayWork,
  instantWhenWorked,
  MIN_BREAK_BLOCK_MINUTES,
  mergeIntoBlocks,
  splitByLocalDay,
  splitWork,
  workStretches,
} from './intervals.js';
import type { Day, DaySet, LocalCalendar } from './time.js';
import {
  addDays,
  addMinutes,
  addMonths,
  daysBetween,
  daysOfMonth,
  endOfLocalDay,
  inDaySet,
  isoWeekday,
  localClockTime,
  localDay,
  localInstant,
  MINUTE_MS,
  minutesBetween,
  parseDay,
  startOfLocalDay,
  truncateToMinute,
} from './time.js';

export { MIN_BREAK_BLOCK_MINUTES } from './intervals.js';

/** §3 S. 1: regular daily maximum. */
export const DAILY_REGULAR_MAX_MINUTES = 8 * 60;
/** §3 S. 2: absolute daily maximum, allowed only with the 24-week / 6-month average at 8 h. */
export const DAILY_ABSOLUTE_MAX_MINUTES = 10 * 60;
/** §3 S. 2: the averaging windows. */
export const AVERAGE_WINDOW_WEEKS = 24;
export const AVERAGE_WINDOW_MONTHS = 6;
/** §4: more than 6 h of work need 30 min of breaks … */
export const BREAK_THRESHOLD_MINUTES = 6 * 60;
export const BREAK_REQUIRED_MINUTES = 30;
/** … more than 9 h need 45 min. */
export const LONG_BREAK_THRESHOLD_MINUTES = 9 * 60;
export const LONG_BREAK_REQUIRED_MINUTES = 45;
/** §4 S. 3: never more than 6 h in a row without a break. */
export const MAX_STRETCH_MINUTES = 6 * 60;
/** §5: uninterrupted rest between the end of one working day and the next start. */
export const MIN_REST_MINUTES = 11 * 60;
/** §2 Abs. 3: Nachtzeit (night time) is 23:00–06:00. */
export const NIGHT_START_HOUR = 23;
export const NIGHT_END_HOUR = 6;
/** §11 Abs. 1: at least 15 Sundays a year stay free of work. */
export const MIN_FREE_SUNDAYS_PER_YEAR = 15;

export type ArbzgCode =
  | 'ARBZG_DAILY_OVER_8H'
  | 'ARBZG_DAILY_OVER_10H'
  | 'ARBZG_AVG_OVER_8H_24W'
  | 'ARBZG_BREAK_MISSING'
  | 'ARBZG_STRETCH_OVER_6H'
  | 'ARBZG_REST_UNDER_11H'
  | 'ARBZG_NIGHT_WORK'
  | 'ARBZG_SUNDAY_WORK'
  | 'ARBZG_HOLIDAY_WORK'
  | 'ARBZG_FREE_SUNDAYS_UNDER_15';

export type FindingSeverity = 'info' | 'warning' | 'violation';

export interface LocalizedText {
  de: string;
  en: string;
}

/** One ArbZG finding on a day: stable code, numbers for the message, and the message itself. */
export interface ArbzgFinding {
  code: ArbzgCode;
  severity: FindingSeverity;
  day: Day;
  params: Record<string, number>;
  message: LocalizedText;
}

// Order of findings within a day: the most serious rules of a day first.
const CODE_ORDER: readonly ArbzgCode[] = [
  'ARBZG_DAILY_OVER_10H',
  'ARBZG_AVG_OVER_8H_24W',
  'ARBZG_DAILY_OVER_8H',
  'ARBZG_BREAK_MISSING',
  'ARBZG_STRETCH_OVER_6H',
  'ARBZG_REST_UNDER_11H',
  'ARBZG_SUNDAY_WORK',
  'ARBZG_FREE_SUNDAYS_UNDER_15',
  'ARBZG_HOLIDAY_WORK',
  'ARBZG_NIGHT_WORK',
];

// Messages need a duration; "7:30 h" is the product's format (UX.md rule 2) in both languages.
function hours(minutes: number): string {
  const sign = minutes < 0 ? '−' : '';
  const abs = Math.abs(minutes);
  return `${sign}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')} h`;
}

function finding(
  code: ArbzgCode,
  severity: FindingSeverity,
  day: Day,
  params: Record<string, number>,
  de: string,
  en: string,
): ArbzgFinding {
  return { code, severity, day, params, message: { de, en } };
}

/** Minimum break for a day's work under §4: 0, 30 or 45 minutes. */
export function requiredBreakMinutes(workedMinutes: number): number {
  if (workedMinutes > LONG_BREAK_THRESHOLD_MINUTES) return LONG_BREAK_REQUIRED_MINUTES;
  if (workedMinutes > BREAK_THRESHOLD_MINUTES) return BREAK_REQUIRED_MINUTES;
  return 0;
}

/** §3: more than 8 h is noted (info), more than 10 h is a violation; only the stronger is reported. */
export function checkDailyMaximum(day: Day, work: DayWork): ArbzgFinding[] {
  const worked = work.workedMinutes;
  if (worked > DAILY_ABSOLUTE_MAX_MINUTES) {
    return [
      finding(
        'ARBZG_DAILY_OVER_10H',
        'violation',
        day,
        { workedMinutes: worked, limitMinutes: DAILY_ABSOLUTE_MAX_MINUTES },
        `${hours(worked)} Arbeitszeit – mehr als die höchstens zulässigen 10 Stunden am Tag (§ 3 ArbZG).`,
        `${hours(worked)} of work – more than the maximum of 10 hours per day (§ 3 ArbZG).`,
      ),
    ];
  }
  if (worked > DAILY_REGULAR_MAX_MINUTES) {
    return [
      finding(
        'ARBZG_DAILY_OVER_8H',
        'info',
        day,
        { workedMinutes: worked, limitMinutes: DAILY_REGULAR_MAX_MINUTES },
        `${hours(worked)} Arbeitszeit – mehr als 8 Stunden. Bis zu 10 Stunden sind erlaubt, wenn im Durchschnitt von 6 Monaten oder 24 Wochen 8 Stunden je Werktag nicht überschritten werden (§ 3 ArbZG).`,
        `${hours(worked)} of work – more than 8 hours. Up to 10 hours are allowed if the average over 6 months or 24 weeks stays within 8 hours per working day (§ 3 ArbZG).`,
      ),
    ];
  }
  return [];
}

/** §4: the day's qualifying breaks (gaps ≥ 15 min) must reach 30 min above 6 h, 45 min above 9 h. */
export function checkBreaks(day: Day, work: DayWork): ArbzgFinding[] {
  const required = requiredBreakMinutes(work.workedMinutes);
  const taken = work.qualifyingBreakMinutes;
  if (taken >= required) return [];
  return [
    finding(
      'ARBZG_BREAK_MISSING',
      'violation',
      day,
      { workedMinutes: work.workedMinutes, breakMinutes: taken, requiredMinutes: required },
      `Bei ${hours(work.workedMinutes)} Arbeitszeit sind mindestens ${required} min Pause vorgeschrieben, erfasst sind ${taken} min (Pausen zählen erst ab 15 min am Stück, § 4 ArbZG).`,
      `${hours(work.workedMinutes)} of work require at least ${required} min of breaks; ${taken} min recorded (breaks count only in blocks of 15 min or more, § 4 ArbZG).`,
    ),
  ];
}

/** §§9–11: any work on a Sunday or a public holiday is flagged (exceptions are the employer's call). */
export function checkSundayAndHolidayWork(
  day: Day,
  work: DayWork,
  holidays?: DaySet,
): ArbzgFinding[] {
  if (work.workedMinutes <= 0) return [];
  const findings: ArbzgFinding[] = [];
  const params = { workedMinutes: work.workedMinutes };
  if (isoWeekday(day) === 7) {
    findings.push(
      finding(
        'ARBZG_SUNDAY_WORK',
        'warning',
        day,
        params,
        `${hours(work.workedMinutes)} Arbeit an einem Sonntag. Sonntagsarbeit ist nur ausnahmsweise erlaubt; dafür ist ein Ersatzruhetag innerhalb von 2 Wochen fällig (§§ 9–11 ArbZG).`,
        `${hours(work.workedMinutes)} of work on a Sunday. Sunday work is allowed only by exception and requires a replacement day off within 2 weeks (§§ 9–11 ArbZG).`,
      ),
    );
  }
  if (inDaySet(holidays, day)) {
    findings.push(
      finding(
        'ARBZG_HOLIDAY_WORK',
        'warning',
        day,
        params,
        `${hours(work.workedMinutes)} Arbeit an einem gesetzlichen Feiertag. Feiertagsarbeit ist nur ausnahmsweise erlaubt; an einem Werktag ist dafür ein Ersatzruhetag innerhalb von 8 Wochen fällig (§§ 9–11 ArbZG).`,
        `${hours(work.workedMinutes)} of work on a public holiday. Holiday work is allowed only by exception; on a weekday it requires a replacement day off within 8 weeks (§§ 9–11 ArbZG).`,
      ),
    );
  }
  return findings;
}

function overlapMinutes(
  blocks: readonly { start: Date; end: Date }[],
  from: number,
  to: number,
): number {
  let ms = 0;
  for (const block of blocks) {
    const start = Math.max(block.start.getTime(), from);
    const end = Math.min(block.end.getTime(), to);
    if (end > start) ms += end - start;
  }
  return Math.round(ms / MINUTE_MS);
}

/** A day's night times as instants (ms): [day start, 06:00) and [23:00, day end). */
interface NightTimes {
  dayStart: number;
  morningEnd: number;
  eveningStart: number;
  dayEnd: number;
}

// Every worked day of a company's year asks for its night times: four zone conversions each,
// remembered per zone and day (a pure function of both; bounded like time.ts's caches).
const NIGHT_CACHE_SIZE = 20_000;
const nightCache = new Map<string, Map<Day, NightTimes>>();

function nightTimesOf(day: Day, timeZone: string): NightTimes {
  // By zone, then day: no key string to build per lookup.
  let ofZone = nightCache.get(timeZone);
  if (ofZone === undefined) nightCache.set(timeZone, (ofZone = new Map<Day, NightTimes>()));
  let times = ofZone.get(day);
  if (times === undefined) {
    times = {
      dayStart: startOfLocalDay(day, timeZone).getTime(),
      morningEnd: localInstant(day, NIGHT_END_HOUR, 0, timeZone).getTime(),
      eveningStart: localInstant(day, NIGHT_START_HOUR, 0, timeZone).getTime(),
      dayEnd: endOfLocalDay(day, timeZone).getTime(),
    };
    if (ofZone.size >= NIGHT_CACHE_SIZE) ofZone.clear();
    ofZone.set(day, times);
  }
  return times;
}

/** Minutes of a day's work in the night time 00:00–06:00 and 23:00–24:00 local. */
export function nightMinutes(
  day: Day,
  pieces: readonly { start: Date; end: Date }[],
  timeZone: string,
): number {
  const night = nightTimesOf(day, timeZone);
  // Most days are worked between 06:00 and 23:00: nothing to merge then.
  const touchesNight = pieces.some(
    (p) => p.start.getTime() < night.morningEnd || p.end.getTime() > night.eveningStart,
  );
  if (!touchesNight) return 0;
  const blocks = mergeIntoBlocks(pieces);
  return (
    overlapMinutes(blocks, night.dayStart, night.morningEnd) +
    overlapMinutes(blocks, night.eveningStart, night.dayEnd)
  );
}

/** §6: work in the night time is flagged for information only. */
export function checkNightWork(
  day: Day,
  pieces: readonly { start: Date; end: Date }[],
  timeZone: string,
): ArbzgFinding[] {
  const minutes = nightMinutes(day, pieces, timeZone);
  if (minutes <= 0) return [];
  return [
    finding(
      'ARBZG_NIGHT_WORK',
      'info',
      day,
      { nightMinutes: minutes },
      `${hours(minutes)} Arbeit in der Nachtzeit (23:00–06:00 Uhr, §§ 2, 6 ArbZG).`,
      `${hours(minutes)} of work in the night period (23:00–06:00, §§ 2, 6 ArbZG).`,
    ),
  ];
}

/** All checks that need only one day's pieces: maximum, breaks, Sunday/holiday, night. */
export function checkDay(
  day: Day,
  pieces: readonly WorkPiece[],
  options: { timeZone: string; holidays?: DaySet },
  /** dayWork(pieces), when the caller has it already. */
  work: DayWork = dayWork(pieces),
): ArbzgFinding[] {
  return [
    ...checkDailyMaximum(day, work),
    ...checkBreaks(day, work),
    ...checkSundayAndHolidayWork(day, work, options.holidays),
    ...checkNightWork(day, pieces, options.timeZone),
  ];
}

/**
 * §4 S. 3 on the continuous timeline (a stretch runs on through midnight): more than 6 h without a
 * break of ≥ 15 min. The stretch is elapsed time, short gaps included, since they are no rest.
 * Reported on the day the 6-hour mark was passed.
 */
export function checkStretches(
  intervals: readonly WorkInterval[],
  timeZone: string,
  now: Date,
): ArbzgFinding[] {
  return stretchFindings(closeIntervals(intervals, now), timeZone);
}

function stretchFindings(closed: readonly ClosedInterval[], timeZone: string): ArbzgFinding[] {
  return workStretches(mergeIntoBlocks(closed))
    .filter((stretch) => stretch.minutes > MAX_STRETCH_MINUTES)
    .map((stretch) =>
      finding(
        'ARBZG_STRETCH_OVER_6H',
        'violation',
        localDay(addMinutes(stretch.start, MAX_STRETCH_MINUTES), timeZone),
        { stretchMinutes: stretch.minutes, limitMinutes: MAX_STRETCH_MINUTES },
        `${hours(stretch.minutes)} am Stück ohne Pause von mindestens 15 min – höchstens 6 Stunden sind erlaubt (§ 4 ArbZG).`,
        `${hours(stretch.minutes)} in a row without a break of at least 15 min – at most 6 hours are allowed (§ 4 ArbZG).`,
      ),
    );
}

/**
 * §5: the rest before each working day (from the previous working day's last end to this day's
 * first start) must be ≥ 11 h. Work that runs on through midnight with a gap under 15 min is one
 * continuing shift, not a rest, and is not reported here (the stretch check covers it).
 */
export function checkRestPeriods(
  byDay: ReadonlyMap<Day, readonly WorkPiece[]>,
  /** dayWork of each day's pieces, when the caller has them already. */
  workOf?: ReadonlyMap<Day, DayWork>,
  /** Look only at days from this one on (the rests before later days stay the same). */
  fromDay?: Day,
): ArbzgFinding[] {
  const findings: ArbzgFinding[] = [];
  let previousEnd: Date | null = null;
  for (const day of [...byDay.keys()].sort()) {
    if (fromDay !== undefined && day < fromDay) continue;
    const work = workOf?.get(day) ?? dayWork(byDay.get(day) ?? []);
    if (work.firstStart === null || work.lastEnd === null) continue;
    if (previousEnd !== null) {
      const rest = Math.round((work.firstStart.getTime() - previousEnd.getTime()) / MINUTE_MS);
      if (rest >= MIN_BREAK_BLOCK_MINUTES && rest < MIN_REST_MINUTES) {
        findings.push(
          finding(
            'ARBZG_REST_UNDER_11H',
            'violation',
            day,
            { restMinutes: rest, minimumMinutes: MIN_REST_MINUTES },
            `Nur ${hours(rest)} Ruhezeit seit dem letzten Arbeitsende – mindestens 11 Stunden ununterbrochen sind vorgeschrieben (§ 5 ArbZG).`,
            `Only ${hours(rest)} of rest since the previous end of work – at least 11 uninterrupted hours are required (§ 5 ArbZG).`,
          ),
        );
      }
    }
    previousEnd = work.lastEnd;
  }
  return findings;
}

/** Options of the 24-week / 6-month average (§3 S. 2). */
export interface AverageOptions {
  /** Public holidays: not Werktage, so they neither count as a day nor lower the average. */
  holidays?: DaySet;
  /** Days of vacation, sickness and other leave: neutral like holidays (Directive 2003/88/EC Art. 16). */
  neutralDays?: DaySet;
  /** First day with records (employment start); earlier days are not counted as days without work. */
  recordsFrom?: Day;
}

function isAverageWorkday(day: Day, options: AverageOptions): boolean {
  return (
    isoWeekday(day) !== 7 && !inDaySet(options.holidays, day) && !inDaySet(options.neutralDays, day)
  );
}

/**
 * Sums of worked minutes and Werktage over any window of `days` in O(1) each (prefix sums): a
 * year of long days, each with a 24-week and a 6-month window, would otherwise walk hundreds of
 * days per long day.
 */
function windowSums(
  workedByDay: ReadonlyMap<Day, number>,
  first: Day,
  last: Day,
  options: AverageOptions,
): (from: Day, to: Day) => { total: number; workdays: number } {
  const n = daysBetween(first, last) + 1;
  const totals = new Float64Array(n + 1);
  const workdays = new Int32Array(n + 1);
  for (const [day, minutes] of workedByDay) {
    const i = daysBetween(first, day);
    if (i >= 0 && i < n) totals[i + 1] = minutes;
  }
  let day = first;
  for (let i = 0; i < n; i++) {
    totals[i + 1]! += totals[i]!;
    workdays[i + 1] = workdays[i]! + (isAverageWorkday(day, options) ? 1 : 0);
    if (i + 1 < n) day = addDays(day, 1);
  }
  return (from, to) => {
    if (to < from) return { total: 0, workdays: 0 };
    const a = daysBetween(first, from);
    const b = daysBetween(first, to) + 1;
    return { total: totals[b]! - totals[a]!, workdays: workdays[b]! - workdays[a]! };
  };
}

/** The days sorted: as they are when they come in order (maps built day by day), else sorted. */
function ascending(days: Day[]): Day[] {
  for (let i = 1; i < days.length; i++) if (days[i]! < days[i - 1]!) return days.sort();
  return days;
}

function exceedsAverage(window: { total: number; workdays: number }): boolean {
  return window.total > DAILY_REGULAR_MAX_MINUTES * window.workdays;
}

/**
 * §3 S. 2, read as: a day with more than 8 h is allowed only while the working time averages at
 * most 8 h per Werktag (Mon–Sat, not a public holiday, not a day of leave) over a compensation
 * period. Checked on each such day over two periods that end with it: the 24 ISO weeks ending with
 * the day's week, and the 6 calendar months ending with the day's month (so a long Monday may be
 * balanced within its week and month; days not yet recorded count as days without work). The law
 * is met when either period holds, so only both exceeding is reported. The sum includes work on
 * Sundays and holidays (§11 Abs. 2); periods start no earlier than `recordsFrom`. Compensation
 * after the period is not foreseeable here, so the finding is a warning.
 */
export function checkAverage(
  workedByDay: ReadonlyMap<Day, number>,
  options: AverageOptions = {},
  /** Only these days are checked (the work of all days still counts in the averages). */
  only?: (day: Day) => boolean,
): ArbzgFinding[] {
  const days = ascending([...workedByDay.keys()]);
  const recordsFrom = options.recordsFrom ?? days[0];
  if (recordsFrom === undefined) return [];
  const notBeforeRecords = (day: Day): Day => (day > recordsFrom ? day : recordsFrom);
  // The 6-month window of each month, worked out once per month (long days cluster).
  const monthWindows = new Map<string, { from: Day; to: Day }>();
  const monthWindowOf = (day: Day) => {
    const key = day.slice(0, 7);
    let window = monthWindows.get(key);
    if (!window) {
      const first = `${key}-01`;
      const last = addDays(addMonths(first, 1), -1);
      window = { from: addMonths(first, 1 - AVERAGE_WINDOW_MONTHS), to: last };
      monthWindows.set(key, window);
    }
    return window;
  };
  const checked = days
    .filter((day) => (workedByDay.get(day) ?? 0) > DAILY_REGULAR_MAX_MINUTES)
    .filter((day) => only?.(day) ?? true)
    .map((day) => {
      const weekEnd = addDays(day, 7 - isoWeekday(day));
      const monthWindow = monthWindowOf(day);
      return {
        day,
        weeks: {
          from: notBeforeRecords(addDays(weekEnd, 1 - AVERAGE_WINDOW_WEEKS * 7)),
          to: weekEnd,
        },
        months: { from: notBeforeRecords(monthWindow.from), to: monthWindow.to },
      };
    });
  if (checked.length === 0) return [];
  // The windows' outer bounds (a loop: flatMap and reduce cost more than the sums here).
  let first = checked[0]!.weeks.from;
  let last = checked[0]!.weeks.to;
  for (const { weeks, months } of checked) {
    for (const bound of [weeks.from, weeks.to, months.from, months.to]) {
      if (bound < first) first = bound;
      if (bound > last) last = bound;
    }
  }
  const sums = windowSums(workedByDay, first, last, options);
  const findings: ArbzgFinding[] = [];
  for (const { day, weeks: weekWindow, months: monthWindow } of checked) {
    const weeks = sums(weekWindow.from, weekWindow.to);
    const months = sums(monthWindow.from, monthWindow.to);
    if (!exceedsAverage(weeks) || !exceedsAverage(months)) continue;
    // Rounded up, so the figure shown is above 8:00 h whenever the check fails.
    const average = (w: { total: number; workdays: number }): number =>
      w.workdays === 0 ? w.total : Math.ceil(w.total / w.workdays);
    const avgWeeks = average(weeks);
    const avgMonths = average(months);
    findings.push(
      finding(
        'ARBZG_AVG_OVER_8H_24W',
        'warning',
        day,
        {
          averageMinutes24Weeks: avgWeeks,
          averageMinutes6Months: avgMonths,
          workdays24Weeks: weeks.workdays,
          workdays6Months: months.workdays,
          limitMinutes: DAILY_REGULAR_MAX_MINUTES,
        },
        `Mehr als 8 Stunden, obwohl der Durchschnitt über 24 Wochen (${hours(avgWeeks)}) und über 6 Monate (${hours(avgMonths)}) schon mehr als 8 Stunden je Werktag beträgt (§ 3 ArbZG).`,
        `More than 8 hours although the average over 24 weeks (${hours(avgWeeks)}) and over 6 months (${hours(avgMonths)}) is already above 8 hours per working day (§ 3 ArbZG).`,
      ),
    );
  }
  return findings;
}

/**
 * §11 Abs. 1: at least 15 Sundays a year stay free. Reported on every worked Sunday that leaves
 * fewer than 15 Sundays of its year free.
 */
export function checkFreeSundays(workedByDay: ReadonlyMap<Day, number>): ArbzgFinding[] {
  const findings: ArbzgFinding[] = [];
  const workedSundays = [...workedByDay.entries()]
    .filter(([day, minutes]) => minutes > 0 && isoWeekday(day) === 7)
    .map(([day]) => day)
    .sort();
  const countByYear = new Map<number, number>();
  for (const day of workedSundays) {
    const year = parseDay(day).year;
    const worked = (countByYear.get(year) ?? 0) + 1;
    countByYear.set(year, worked);
    const free = sundaysInYear(year) - worked;
    if (free < MIN_FREE_SUNDAYS_PER_YEAR) {
      findings.push(
        finding(
          'ARBZG_FREE_SUNDAYS_UNDER_15',
          'violation',
          day,
          {
            year,
            sundaysWorked: worked,
            freeSundays: free,
            minimumFree: MIN_FREE_SUNDAYS_PER_YEAR,
          },
          `${worked}. Arbeitssonntag im Jahr ${year}: höchstens noch ${free} Sonntage bleiben frei, mindestens 15 sind vorgeschrieben (§ 11 ArbZG).`,
          `Sunday worked no. ${worked} in ${year}: at most ${free} Sundays stay free, at least 15 are required (§ 11 ArbZG).`,
        ),
      );
    }
  }
  return findings;
}

function sundaysInYear(year: number): number {
  let count = 0;
  for (let month = 1; month <= 12; month += 1) {
    count += daysOfMonth(year, month).filter((day) => isoWeekday(day) === 7).length;
  }
  return count;
}

/** Everything checkArbzg needs: the intervals (with context before `from`) and the calendar. */
export interface ArbzgInput extends AverageOptions {
  intervals: readonly WorkInterval[];
  timeZone: string;
  /** Closes running intervals. */
  now: Date;
  /** Report only findings on days in [from, to]; earlier intervals serve as context (rest, average). */
  from?: Day;
  to?: Day;
  /** Day boundaries of `timeZone`, when the caller has them already (see time.ts). */
  calendar?: LocalCalendar;
  /** splitWork of `intervals` (same zone and `now`), when the caller has it already. */
  split?: SplitWork;
}

/**
 * The first day whose work the checks of days from `from` on can depend on: the 24-week average
 * looks back 24 weeks (or 6 months), the free Sundays count from 1 January.
 */
export function arbzgContextStart(from: Day): Day {
  const averageWindow = addDays(addMonths(from, -AVERAGE_WINDOW_MONTHS), -7);
  const yearStart = `${from.slice(0, 4)}-01-01`;
  return averageWindow < yearStart ? averageWindow : yearStart;
}

/** All ArbZG findings for the intervals, sorted by day and seriousness. */
export function checkArbzg(input: ArbzgInput): ArbzgFinding[] {
  const split =
    input.split ?? splitWork(input.intervals, input.timeZone, input.now, input.calendar);
  const byDay = split.byDay;
  const workedByDay = new Map<Day, number>();
  const findings: ArbzgFinding[] = [];
  // Findings are reported for [from, to] only: days before serve as context, so the checks that
  // look at one day at a time skip them (the result is the same, the work much less).
  const reported = (day: Day) =>
    (input.from === undefined || day >= input.from) && (input.to === undefined || day <= input.to);
  // Each day's work once: the day checks, the rest periods and the averages all need it. Days
  // before the day ahead of `from` are context for the averages and the free Sundays, which need
  // only the minutes: a rest period before a reported day reaches back at most one day (a
  // working day further back leaves 24 h of rest).
  const restFrom = input.from === undefined ? undefined : addDays(input.from, -1);
  const workOf = new Map<Day, DayWork>();
  const dayOptions = { timeZone: input.timeZone, holidays: input.holidays };
  for (const [day, pieces] of byDay) {
    if (restFrom !== undefined && day < restFrom) {
      workedByDay.set(day, split.worked.get(day)!);
      continue;
    }
    const work = dayWork(pieces);
    workOf.set(day, work);
    workedByDay.set(day, work.workedMinutes);
    if (reported(day)) findings.push(...checkDay(day, pieces, dayOptions, work));
  }
  findings.push(
    ...stretchFindings(split.closed, input.timeZone),
    ...checkRestPeriods(byDay, workOf, restFrom),
    ...checkAverage(workedByDay, input, reported),
    ...checkFreeSundays(workedByDay),
  );
  return findings
    .filter((f) => reported(f.day))
    .sort(
      (a, b) =>
        a.day.localeCompare(b.day) || CODE_ORDER.indexOf(a.code) - CODE_ORDER.indexOf(b.code),
    );
}

// ---------------------------------------------------------------------------------------------
// Live hints for someone clocked in (Stempeluhr): when the next break is due, when 10 h are up.

export type LiveHintCode = 'BREAK_DUE' | 'DAILY_LIMIT';

/** A hint for the running clock: the instant it refers to and the whole minutes until then. */
export interface LiveHint {
  code: LiveHintCode;
  at: Date;
  /** Negative once the instant has passed. */
  minutesLeft: number;
  params: Record<string, number>;
  message: LocalizedText;
}

/** The clock state: closed intervals (today's, earlier ones allowed), the running start and now. */
export interface LiveState {
  intervals: readonly WorkInterval[];
  runningStart: Date;
  now: Date;
  timeZone: string;
}

function shortDuration(minutes: number): string {
  return minutes < 60 ? `${minutes} min` : hours(minutes);
}

/**
 * Hints assuming work goes on without a break from now: a break is due at the earliest of the
 * 6-hour stretch (§4 S. 3), 6 h of the day's work with under 30 min of breaks and 9 h with under
 * 45 min; the 10-hour limit (§3) is reached when the day's work reaches 10 h.
 */
export function liveHints(state: LiveState): LiveHint[] {
  const now = truncateToMinute(state.now);
  // Right at Kommen or Pause beenden the running entry has no minute yet and would be left
  // out, so the break it ends would not count. Every hint assumes work goes on from now, so
  // look from the first minute of the running entry; instants come out the same.
  const resumed = truncateToMinute(state.runningStart);
  const lookAt = resumed.getTime() < now.getTime() ? now : addMinutes(resumed, 1);
  const intervals = [...state.intervals, { start: state.runningStart, end: null }];
  const today = localDay(now, state.timeZone);
  const todayPieces = splitByLocalDay(intervals, state.timeZone, lookAt).get(today) ?? [];
  const work = dayWork(todayPieces);
  const workedAtLook = work.workedMinutes;
  const worked = workedAtLook - minutesBetween(now, lookAt);
  const taken = work.qualifyingBreakMinutes;
  const minutesUntil = (at: Date): number => Math.round((at.getTime() - now.getTime()) / MINUTE_MS);
  // The instant the day's work reaches `mark`: in the past from the pieces, else from now on.
  const whenWorked = (mark: number): Date =>
    instantWhenWorked(todayPieces, mark) ?? addMinutes(lookAt, mark - workedAtLook);

  const dues: { at: Date; breakMinutes: number }[] = [];
  const stretch = workStretches(mergeIntoBlocks(closeIntervals(intervals, lookAt))).at(-1);
  if (stretch && stretch.end.getTime() === lookAt.getTime()) {
    dues.push({
      at: addMinutes(stretch.start, MAX_STRETCH_MINUTES),
      breakMinutes: MIN_BREAK_BLOCK_MINUTES,
    });
  }
  if (taken < BREAK_REQUIRED_MINUTES) {
    dues.push({
      at: whenWorked(BREAK_THRESHOLD_MINUTES),
      breakMinutes: Math.max(MIN_BREAK_BLOCK_MINUTES, BREAK_REQUIRED_MINUTES - taken),
    });
  } else if (taken < LONG_BREAK_REQUIRED_MINUTES) {
    dues.push({
      at: whenWorked(LONG_BREAK_THRESHOLD_MINUTES),
      breakMinutes: Math.max(MIN_BREAK_BLOCK_MINUTES, LONG_BREAK_REQUIRED_MINUTES - taken),
    });
  }

  const hints: LiveHint[] = [];
  const due = dues.sort(
    (a, b) => a.at.getTime() - b.at.getTime() || b.breakMinutes - a.breakMinutes,
  )[0];
  if (due) {
    const left = minutesUntil(due.at);
    const length = `mind. ${due.breakMinutes} min`;
    const lengthEn = `at least ${due.breakMinutes} min`;
    hints.push({
      code: 'BREAK_DUE',
      at: due.at,
      minutesLeft: left,
      params: { minutesLeft: left, breakMinutes: due.breakMinutes },
      message:
        left > 0
          ? {
              de: `Pause fällig in ${shortDuration(left)} (${length})`,
              en: `Break due in ${shortDuration(left)} (${lengthEn})`,
            }
          : left === 0
            ? { de: `Pause jetzt fällig (${length})`, en: `Break due now (${lengthEn})` }
            : {
                de: `Pause überfällig seit ${shortDuration(-left)} (${length})`,
                en: `Break overdue by ${shortDuration(-left)} (${lengthEn})`,
              },
    });
  }

  const limitAt = whenWorked(DAILY_ABSOLUTE_MAX_MINUTES);
  const limitLeft = minutesUntil(limitAt);
  const clock = localClockTime(limitAt, state.timeZone);
  hints.push({
    code: 'DAILY_LIMIT',
    at: limitAt,
    minutesLeft: limitLeft,
    params: {
      minutesLeft: limitLeft,
      workedMinutes: worked,
      limitMinutes: DAILY_ABSOLUTE_MAX_MINUTES,
    },
    message:
      limitLeft > 0
        ? { de: `10-h-Grenze um ${clock}`, en: `10-hour limit at ${clock}` }
        : {
            de: `10-h-Grenze seit ${clock} überschritten`,
            en: `10-hour limit exceeded since ${clock}`,
          },
  });
  return hints;
}
