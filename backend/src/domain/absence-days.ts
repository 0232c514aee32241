/**
 * Working days of an absence request (Arbeitstage eines Abwesenheitsantrags): how many of the
 * person's working days a date range covers, in half-day steps, with a per-day breakdown so the
 * UI can explain "3,5 Arbeitstage". DOMAIN.md "Vacation": vacation days are counted only on the
 * employee's working days per schedule, excluding public holidays; 24 and 31 December are not
 * public holidays but tenants may configure them as half days.
 *
 * A day counts when its target (targets.ts) is > 0: the schedule valid on that day gives it
 * minutes, it is no public holiday and no full company closure day. A configured company half day
 * counts 0.5. The half-day flags of a request halve its first and/or last day; a half flag on a
 * company half day leaves it at 0.5 (the employee is off for the half that is worked), and on a
 * day that does not count at all it changes nothing.
 *
 * The count is split by calendar year, as each year has its own vacation account (vacation.ts).
 */
import type { TargetContext } from './targets.js';
import { targetMinutes } from './targets.js';
import type { Day } from './time.js';
import { dayRange, parseDay } from './time.js';

/** A refused absence range; `code` is stable so the service can map it to an API error. */
export class AbsenceRangeError extends RangeError {
  constructor(
    readonly code: 'ABSENCE_ENDS_BEFORE_START' | 'ABSENCE_HALF_DAYS_ON_ONE_DAY',
    message: string,
  ) {
    super(message);
    this.name = 'AbsenceRangeError';
  }
}

/** A requested range: first and last day included, optionally only half of the first / last. */
export interface AbsenceRange {
  from: Day;
  to: Day;
  /** Only half of the first day is taken (e.g. off from noon). */
  halfDayStart?: boolean;
  /** Only half of the last day is taken (e.g. back at noon). */
  halfDayEnd?: boolean;
}

/** The calendar a count depends on: the target context without absences, plus holiday names. */
export type AbsenceCalendar = Omit<TargetContext, 'absenceCredit'> & {
  /** German name of the public holiday on a day (holidays.ts publicHolidayName), for the UI. */
  holidayName?: (day: Day) => string | undefined;
};

/** Why a day of the range does not count in full. */
export type AbsenceDayReason =
  | 'workday'
  | 'half_requested'
  | 'company_half_day'
  | 'weekend_or_free'
  | 'holiday'
  | 'closure'
  | 'no_schedule';

/** One day of the range: the share of a working day it costs, and why. */
export interface AbsenceDay {
  day: Day;
  /** 0, 0.5 or 1 working days. */
  counted: 0 | 0.5 | 1;
  reason: AbsenceDayReason;
  /** Name of the public holiday when reason is 'holiday' and the calendar knows it. */
  holidayName?: string;
}

/** The counted working days of a range, in total and per calendar year. */
export interface AbsenceDayCount {
  total: number;
  byYear: { year: number; days: number }[];
  days: AbsenceDay[];
}

function countDay(day: Day, half: boolean, calendar: AbsenceCalendar): AbsenceDay {
  const { reason } = targetMinutes(day, calendar);
  switch (reason) {
    case 'no_schedule':
    case 'weekend_or_free':
    case 'closure':
      return { day, counted: 0, reason };
    case 'holiday': {
      const name = calendar.holidayName?.(day);
      return { day, counted: 0, reason, ...(name === undefined ? {} : { holidayName: name }) };
    }
    case 'half_day':
      return { day, counted: 0.5, reason: 'company_half_day' };
    case 'absence': // cannot occur: the calendar carries no absence credit
    case 'workday':
      return half
        ? { day, counted: 0.5, reason: 'half_requested' }
        : { day, counted: 1, reason: 'workday' };
  }
}

/**
 * Working days of an absence range (0.5 steps), per day and per calendar year. Refuses a range
 * that ends before it starts, and a one-day range with both half-day flags: that could mean a
 * full day or no day at all, so the client must send one flag for half a day or none for a full day.
 */
export function absenceWorkingDays(
  range: AbsenceRange,
  calendar: AbsenceCalendar,
): AbsenceDayCount {
  parseDay(range.from);
  parseDay(range.to);
  if (range.to < range.from) {
    throw new AbsenceRangeError(
      'ABSENCE_ENDS_BEFORE_START',
      `absence ends (${range.to}) before it starts (${range.from})`,
    );
  }
  const halfStart = range.halfDayStart === true;
  const halfEnd = range.halfDayEnd === true;
  if (range.from === range.to && halfStart && halfEnd) {
    throw new AbsenceRangeError(
      'ABSENCE_HALF_DAYS_ON_ONE_DAY',
      'a one-day absence is either half a day (one flag) or a full day (no flag), not both',
    );
  }
  const days = dayRange(range.from, range.to).map((day) =>
    countDay(day, (halfStart && day === range.from) || (halfEnd && day === range.to), calendar),
  );
  const perYear = new Map<number, number>();
  for (const { day, counted } of days) {
    const { year } = parseDay(day);
    perYear.set(year, (perYear.get(year) ?? 0) + counted);
  }
  return {
    // Sums of 0.5 and 1 are exact in binary floating point.
    total: days.reduce((sum, d) => sum + d.counted, 0),
    byYear: [...perYear].map(([year, count]) => ({ year, days: count })),
    days,
  };
}
