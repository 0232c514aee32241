/**
 * Target working time (Soll) per day, from the person's work schedules (Arbeitszeitmodelle), the
 * region's public holidays, company closure days, configured half days and approved absences.
 * Rules (DOMAIN.md "Target hours and balances"):
 * - the schedule valid on the day gives the minutes for its weekday; none before the first one;
 * - public holidays set the target to 0, and so do company closure days;
 * - a configured half day (usually 24 and 31 December, which are not public holidays) halves it;
 * - approved absences that count as work credit the target in full, half-day absences half.
 * Half of an odd number of minutes is rounded in the employee's favour: the half-day target down,
 * a half credit up.
 */
import type { Day, DaySet } from './time.js';
import { addDays, dayRange, inDaySet, isoWeekday, parseDay } from './time.js';

/** Minutes per ISO weekday, Monday first: [mon, tue, wed, thu, fri, sat, sun]. */
export type WeekdayMinutes = readonly [number, number, number, number, number, number, number];

/** A work schedule (Arbeitszeitmodell), valid from a day until the next one of the person. */
export interface WorkSchedule {
  validFrom: Day;
  minutesPerWeekday: WeekdayMinutes;
}

/** Share of a day's target an absence credits. */
export type CreditFraction = 0 | 0.5 | 1;

/**
 * What an approved absence contributes to a day, supplied by the absences module: 1 for a full
 * day of vacation, sickness, training or special leave; 0.5 for a half day; 0 for absences that
 * do not count as work, which show on the day but leave the target to be worked or owed.
 */
export interface AbsenceCredit {
  fraction: CreditFraction;
  /** Absence type key for explanations, e.g. 'vacation'. */
  kind?: string;
  /**
   * The share `fraction` of the target is waived instead of credited (unpaid leave, Kind krank
   * without pay: no work owed, none paid, the balance untouched). Payroll tells a waived day
   * (target 0) from a credited one (credited = target).
   */
  waives?: boolean;
}

/** The calendar and absences a day's target depends on. */
export interface TargetContext {
  schedules: readonly WorkSchedule[];
  /** Public holidays of the person's region (holidays.ts publicHolidayLookup). */
  holidays?: DaySet;
  /** Company closure days (Betriebsruhe) the tenant configured. */
  closureDays?: DaySet;
  /** Days with half the target, e.g. decemberHalfDays({ dec24: true, dec31: true }). */
  halfDays?: DaySet;
  /** Approved absence on a day, or null; the absences module plugs in here. */
  absenceCredit?: (day: Day) => AbsenceCredit | null;
}

export type TargetReason =
  'no_schedule' | 'holiday' | 'closure' | 'weekend_or_free' | 'half_day' | 'absence' | 'workday';

/** A day's target: the schedule's minutes, the target after the calendar, and absence credit. */
export interface DayTarget {
  day: Day;
  /** Minutes the schedule gives this weekday, before holidays, closures and half days. */
  scheduled: number;
  /** Minutes to be worked or credited (Soll). */
  target: number;
  /** Minutes credited by an absence (counted like work in the balance). */
  credited: number;
  /** Why the target is what it is; holiday beats closure beats free day beats half day. */
  reason: TargetReason;
  absenceKind?: string;
}

function checkSchedule(schedule: WorkSchedule): void {
  parseDay(schedule.validFrom);
  for (const minutes of schedule.minutesPerWeekday) {
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 24 * 60) {
      throw new RangeError(
        `schedule from ${schedule.validFrom}: minutes per weekday must be whole minutes 0–1440`,
      );
    }
  }
}

/** The schedule valid on a day: the one with the latest validFrom on or before it, or null. */
export function scheduleOn(day: Day, schedules: readonly WorkSchedule[]): WorkSchedule | null {
  let valid: WorkSchedule | null = null;
  for (const schedule of schedules) {
    checkSchedule(schedule);
    if (schedule.validFrom <= day && (valid === null || schedule.validFrom > valid.validFrom)) {
      valid = schedule;
    }
  }
  return valid;
}

/** Minutes a schedule gives a day's weekday. */
export function scheduledMinutes(day: Day, schedule: WorkSchedule): number {
  return schedule.minutesPerWeekday[isoWeekday(day) - 1] ?? 0;
}

/** Half days on 24 and/or 31 December, as a tenant configures them. */
export function decemberHalfDays(config: {
  dec24: boolean;
  dec31: boolean;
}): (day: Day) => boolean {
  return (day) =>
    (config.dec24 && day.endsWith('-12-24')) || (config.dec31 && day.endsWith('-12-31'));
}

/** The target (Soll) of one day and what absences credit against it. */
export function targetMinutes(day: Day, context: TargetContext): DayTarget {
  parseDay(day);
  const schedule = scheduleOn(day, context.schedules);
  if (schedule === null)
    return { day, scheduled: 0, target: 0, credited: 0, reason: 'no_schedule' };
  const scheduled = scheduledMinutes(day, schedule);
  const zero = (reason: TargetReason): DayTarget => ({
    day,
    scheduled,
    target: 0,
    credited: 0,
    reason,
  });
  if (inDaySet(context.holidays, day)) return zero('holiday');
  if (inDaySet(context.closureDays, day)) return zero('closure');
  if (scheduled === 0) return zero('weekend_or_free');

  const halfDay = inDaySet(context.halfDays, day);
  const target = halfDay ? Math.floor(scheduled / 2) : scheduled;
  const absence = context.absenceCredit?.(day) ?? null;
  if (absence?.waives === true) {
    const remaining = target - Math.ceil(target * absence.fraction);
    return {
      day,
      scheduled,
      target: remaining,
      credited: 0,
      reason: 'absence',
      ...(absence.kind === undefined ? {} : { absenceKind: absence.kind }),
    };
  }
  if (absence !== null) {
    return {
      day,
      scheduled,
      target,
      credited: Math.ceil(target * absence.fraction),
      reason: 'absence',
      ...(absence.kind === undefined ? {} : { absenceKind: absence.kind }),
    };
  }
  return { day, scheduled, target, credited: 0, reason: halfDay ? 'half_day' : 'workday' };
}

/** Targets of all days from `from` to `to`, both included. */
export function targetsForRange(from: Day, to: Day, context: TargetContext): DayTarget[] {
  return dayRange(from, to).map((day) => targetMinutes(day, context));
}

/** Working days per week of a schedule (days with minutes > 0), e.g. for pro-rata vacation. */
export function workingDaysPerWeek(schedule: WorkSchedule): number {
  return schedule.minutesPerWeekday.filter((minutes) => minutes > 0).length;
}

/**
 * How far back `previousWorkingDay` looks. A schedule with one working day a week plus a holiday
 * and a two-week company closure stays inside it; beyond it a reminder would come too late to help.
 */
export const PREVIOUS_WORKING_DAY_LOOKBACK_DAYS = 31;

/**
 * The last day before `today` with a target > 0: a working day by the schedule, not a public
 * holiday, not a full closure day (half days count). Days before `earliest` (employment start,
 * account creation) never count: null then, and null when none lies within the lookback.
 * `contextOn` gives each day's context, as a person's schedules may change between days.
 */
export function previousWorkingDay(
  today: Day,
  contextOn: (day: Day) => TargetContext,
  earliest: Day,
): Day | null {
  parseDay(earliest);
  for (let back = 1; back <= PREVIOUS_WORKING_DAY_LOOKBACK_DAYS; back += 1) {
    const day = addDays(today, -back);
    if (day < earliest) return null;
    if (targetMinutes(day, contextOn(day)).target > 0) return day;
  }
  return null;
}
