import { describe, expect, it } from 'vitest';
import type { AbsenceCalendar, AbsenceRange } from './absence-days.js';
import { AbsenceRangeError, absenceWorkingDays } from './absence-days.js';
import { publicHolidayLookup, publicHolidayName } from './holidays.js';
import type { WorkSchedule } from './targets.js';
import { decemberHalfDays } from './targets.js';

const FULL_TIME: WorkSchedule = {
  validFrom: '2026-01-01',
  minutesPerWeekday: [480, 480, 480, 480, 480, 0, 0],
};
// Part-time on Monday, Wednesday and Friday.
const MON_WED_FRI = [480, 0, 480, 0, 480, 0, 0] as const;

const bavaria = (schedules: readonly WorkSchedule[]): AbsenceCalendar => ({
  schedules,
  holidays: publicHolidayLookup('DE-BY'),
  holidayName: (day) => publicHolidayName(day, 'DE-BY'),
  // Brückentag after Christi Himmelfahrt as company closure.
  closureDays: new Set(['2026-05-15']),
  halfDays: decemberHalfDays({ dec24: true, dec31: true }),
});

describe('absenceWorkingDays (Arbeitstage eines Antrags), Bavaria 2026', () => {
  const fullTime = bavaria([FULL_TIME]);
  const partTime = bavaria([{ validFrom: '2026-01-01', minutesPerWeekday: MON_WED_FRI }]);
  // Full time until Friday 8 May, Mon/Wed/Fri from Monday 11 May.
  const changing = bavaria([
    FULL_TIME,
    { validFrom: '2026-05-11', minutesPerWeekday: MON_WED_FRI },
  ]);

  it.each<[string, AbsenceRange, AbsenceCalendar, number]>([
    // Mon 11 – Wed 13 May: three working days.
    ['plain week days', { from: '2026-05-11', to: '2026-05-13' }, fullTime, 3],
    // Mon 11 – Sun 17 May: Thu 14 Christi Himmelfahrt, Fri 15 closure, weekend.
    [
      'over Christi Himmelfahrt and a closure day',
      { from: '2026-05-11', to: '2026-05-17' },
      fullTime,
      3,
    ],
    // Half of Monday 11 May, Tue, Wed; Thursday 14 is a holiday: 0.5 + 1 + 1.
    [
      'half day at the start',
      { from: '2026-05-11', to: '2026-05-14', halfDayStart: true },
      fullTime,
      2.5,
    ],
    // Mon 4 – Fri 8 May, half of Monday and half of Friday: 0.5 + 3 + 0.5.
    [
      'half days at both ends',
      { from: '2026-05-04', to: '2026-05-08', halfDayStart: true, halfDayEnd: true },
      fullTime,
      4,
    ],
    ['one half day', { from: '2026-05-04', to: '2026-05-04', halfDayEnd: true }, fullTime, 0.5],
    ['a single day', { from: '2026-05-04', to: '2026-05-04' }, fullTime, 1],
    // A half flag on a day that does not count changes nothing (Saturday 9 May).
    [
      'half flag on a Saturday',
      { from: '2026-05-09', to: '2026-05-11', halfDayStart: true },
      fullTime,
      1,
    ],
    // Only weekend and holiday: nothing to count (the service refuses such a request).
    ['no working day', { from: '2026-05-14', to: '2026-05-17' }, fullTime, 0],
    // Mon 4 – Sun 17 May on Mon/Wed/Fri: 4, 6, 8, 11, 13 (14 is a holiday anyway, 15 closed).
    ['part-time Mon/Wed/Fri over two weeks', { from: '2026-05-04', to: '2026-05-17' }, partTime, 5],
    // Mon 4 – Fri 8 full time (5), then Mon 11 and Wed 13 on Mon/Wed/Fri (Fri 15 closed).
    ['schedule change inside the range', { from: '2026-05-04', to: '2026-05-15' }, changing, 7],
    // 24 December is a company half day; a half flag on it keeps it at 0.5.
    ['company half day 24 Dec', { from: '2026-12-23', to: '2026-12-24' }, fullTime, 1.5],
    [
      'half flag on 24 Dec',
      { from: '2026-12-24', to: '2026-12-24', halfDayStart: true },
      fullTime,
      0.5,
    ],
    // Before the first schedule nothing counts.
    ['before the first schedule', { from: '2025-12-29', to: '2026-01-02' }, fullTime, 1],
  ])('%s → %d days', (_name, range, calendar, total) => {
    expect(absenceWorkingDays(range, calendar).total).toBe(total);
  });

  it('explains each day of 3,5 Arbeitstage (Mon 11 – Fri 15 May, half of Monday, no closure)', () => {
    const calendar = { ...fullTime, closureDays: new Set<string>() };
    const result = absenceWorkingDays(
      { from: '2026-05-11', to: '2026-05-15', halfDayStart: true },
      calendar,
    );
    expect(result.total).toBe(3.5);
    expect(result.days).toEqual([
      { day: '2026-05-11', counted: 0.5, reason: 'half_requested' },
      { day: '2026-05-12', counted: 1, reason: 'workday' },
      { day: '2026-05-13', counted: 1, reason: 'workday' },
      { day: '2026-05-14', counted: 0, reason: 'holiday', holidayName: 'Christi Himmelfahrt' },
      { day: '2026-05-15', counted: 1, reason: 'workday' },
    ]);
  });

  it('names closure, free days and days without schedule', () => {
    const reasons = absenceWorkingDays({ from: '2026-05-15', to: '2026-05-18' }, partTime).days;
    expect(reasons.map((d) => [d.day, d.counted, d.reason])).toEqual([
      ['2026-05-15', 0, 'closure'],
      ['2026-05-16', 0, 'weekend_or_free'],
      ['2026-05-17', 0, 'weekend_or_free'],
      ['2026-05-18', 1, 'workday'],
    ]);
    expect(absenceWorkingDays({ from: '2025-12-31', to: '2025-12-31' }, fullTime).days).toEqual([
      { day: '2025-12-31', counted: 0, reason: 'no_schedule' },
    ]);
  });

  it('splits a range across New Year by calendar year', () => {
    // Mon 28 Dec 2026 – Fri 8 Jan 2027: 28, 29, 30 + half of 31 Dec; 1 Jan and 6 Jan (BY) are
    // holidays, 4, 5, 7, 8 Jan count.
    const result = absenceWorkingDays({ from: '2026-12-28', to: '2027-01-08' }, fullTime);
    expect(result.byYear).toEqual([
      { year: 2026, days: 3.5 },
      { year: 2027, days: 4 },
    ]);
    expect(result.total).toBe(7.5);
    expect(result.days.find((d) => d.day === '2026-12-31')).toEqual({
      day: '2026-12-31',
      counted: 0.5,
      reason: 'company_half_day',
    });
    expect(result.days.find((d) => d.day === '2027-01-06')?.holidayName).toBe(
      'Heilige Drei Könige',
    );
  });

  it.each<[AbsenceRange, string]>([
    [{ from: '2026-05-12', to: '2026-05-11' }, 'ABSENCE_ENDS_BEFORE_START'],
    [
      { from: '2026-05-11', to: '2026-05-11', halfDayStart: true, halfDayEnd: true },
      'ABSENCE_HALF_DAYS_ON_ONE_DAY',
    ],
  ])('refuses %j with %s', (range, code) => {
    expect(() => absenceWorkingDays(range, fullTime)).toThrow(AbsenceRangeError);
    expect(() => absenceWorkingDays(range, fullTime)).toThrow(
      expect.objectContaining({ code }) as Error,
    );
  });

  it('refuses days that are not calendar days', () => {
    expect(() => absenceWorkingDays({ from: '2026-02-30', to: '2026-03-02' }, fullTime)).toThrow(
      RangeError,
    );
  });
});
