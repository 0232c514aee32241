import { describe, expect, it } from 'vitest';
import { publicHolidayLookup } from './holidays.js';
import type { AbsenceCredit, TargetContext, WorkSchedule } from './targets.js';
import {
  decemberHalfDays,
  previousWorkingDay,
  scheduleOn,
  targetMinutes,
  targetsForRange,
  workingDaysPerWeek,
} from './targets.js';

const FULL_TIME: WorkSchedule = {
  validFrom: '2026-01-01',
  minutesPerWeekday: [480, 480, 480, 480, 480, 0, 0],
};
// Part-time on four days from Monday 16 March 2026, in the middle of the month.
const FOUR_DAYS: WorkSchedule = {
  validFrom: '2026-03-16',
  minutesPerWeekday: [360, 360, 360, 360, 0, 0, 0],
};
const ODD: WorkSchedule = {
  validFrom: '2026-11-01',
  minutesPerWeekday: [465, 465, 465, 465, 465, 0, 0],
};

const absences: Record<string, AbsenceCredit> = {
  '2026-03-10': { fraction: 1, kind: 'vacation' },
  '2026-03-11': { fraction: 0.5, kind: 'vacation' },
  '2026-03-12': { fraction: 1, kind: 'sickness' },
  '2026-03-13': { fraction: 0, kind: 'unpaid' },
  '2026-04-06': { fraction: 1, kind: 'vacation' },
  '2026-11-03': { fraction: 0.5, kind: 'vacation' },
  '2026-12-24': { fraction: 1, kind: 'vacation' },
};

const context: TargetContext = {
  // Schedules in any order; the one valid on the day applies.
  schedules: [ODD, FOUR_DAYS, FULL_TIME],
  holidays: publicHolidayLookup('DE-BY'),
  closureDays: new Set(['2026-12-28', '2026-03-21']),
  halfDays: decemberHalfDays({ dec24: true, dec31: true }),
  absenceCredit: (day) => absences[day] ?? null,
};

describe('targetMinutes (Soll)', () => {
  it.each([
    // day, scheduled, target, credited, reason
    ['2025-12-31', 0, 0, 0, 'no_schedule'],
    ['2026-03-02', 480, 480, 0, 'workday'],
    ['2026-03-07', 0, 0, 0, 'weekend_or_free'],
    ['2026-03-08', 0, 0, 0, 'weekend_or_free'],
    // Approved absences credit the target; half days half.
    ['2026-03-10', 480, 480, 480, 'absence'],
    ['2026-03-11', 480, 480, 240, 'absence'],
    ['2026-03-12', 480, 480, 480, 'absence'],
    ['2026-03-13', 480, 480, 0, 'absence'],
    // Schedule change on Monday 16 March: four days of 6 h, Friday free.
    ['2026-03-15', 0, 0, 0, 'weekend_or_free'],
    ['2026-03-16', 360, 360, 0, 'workday'],
    ['2026-03-19', 360, 360, 0, 'workday'],
    ['2026-03-20', 0, 0, 0, 'weekend_or_free'],
    // A closure day on a free day stays at 0, reported as closure.
    ['2026-03-21', 0, 0, 0, 'closure'],
    // Public holidays set the target to 0, also under an absence (no vacation taken on holidays).
    ['2026-04-03', 0, 0, 0, 'holiday'],
    ['2026-04-06', 360, 0, 0, 'holiday'],
    ['2026-06-04', 360, 0, 0, 'holiday'],
    ['2026-08-15', 0, 0, 0, 'weekend_or_free'],
    // Odd minutes: half a 7:45 h day credits 233 min (rounded in the employee's favour).
    ['2026-11-03', 465, 465, 233, 'absence'],
    // 24 Dec configured as half day, with a full day of vacation on it: the half is credited.
    ['2026-12-24', 465, 232, 232, 'absence'],
    ['2026-12-25', 465, 0, 0, 'holiday'],
    ['2026-12-28', 465, 0, 0, 'closure'],
    ['2026-12-31', 465, 232, 0, 'half_day'],
  ])(
    '%s → scheduled %i, target %i, credited %i (%s)',
    (day, scheduled, target, credited, reason) => {
      const result = targetMinutes(day, context);
      expect(result).toMatchObject({ day, scheduled, target, credited, reason });
    },
  );

  it('waives the target of unpaid absences instead of crediting it (half days half)', () => {
    const waived = (fraction: 0 | 0.5 | 1) =>
      targetMinutes('2026-11-03', {
        schedules: [ODD],
        absenceCredit: () => ({ fraction, kind: 'unpaid_leave', waives: true }),
      });
    expect(waived(1)).toMatchObject({ target: 0, credited: 0, reason: 'absence' });
    // Half of 7:45 h waived in the employee's favour: 233 min waived, 232 min left to work.
    expect(waived(0.5)).toMatchObject({ target: 232, credited: 0, absenceKind: 'unpaid_leave' });
    expect(waived(0)).toMatchObject({ target: 465, credited: 0 });
  });

  it('names the absence type for explanations', () => {
    expect(targetMinutes('2026-03-10', context).absenceKind).toBe('vacation');
    expect(targetMinutes('2026-03-02', context).absenceKind).toBeUndefined();
  });

  it.each([
    [{ dec24: true, dec31: true }, 240, 240],
    [{ dec24: true, dec31: false }, 240, 480],
    [{ dec24: false, dec31: false }, 480, 480],
  ])('24/31 December as configured %j: %i / %i', (config, dec24, dec31) => {
    const ctx: TargetContext = { schedules: [FULL_TIME], halfDays: decemberHalfDays(config) };
    expect(targetMinutes('2025-12-24', ctx).reason).toBe('no_schedule');
    // 24 and 31 December 2026 are Thursdays.
    expect(targetMinutes('2026-12-24', ctx).target).toBe(dec24);
    expect(targetMinutes('2026-12-31', ctx).target).toBe(dec31);
  });

  it('sums a month with a mid-month schedule change (March 2026, Bavaria)', () => {
    const days = targetsForRange('2026-03-01', '2026-03-31', {
      schedules: [FULL_TIME, FOUR_DAYS],
      holidays: publicHolidayLookup('DE-BY'),
    });
    expect(days).toHaveLength(31);
    // 2–13 March: 10 days × 8 h; 16–31 March: Mon–Thu, 10 days × 6 h.
    expect(days.reduce((sum, d) => sum + d.target, 0)).toBe(10 * 480 + 10 * 360);
  });

  it('counts a part-time week and knows no target before the first schedule', () => {
    expect(workingDaysPerWeek(FULL_TIME)).toBe(5);
    expect(workingDaysPerWeek(FOUR_DAYS)).toBe(4);
    expect(scheduleOn('2026-03-15', [FOUR_DAYS, FULL_TIME])).toBe(FULL_TIME);
    expect(scheduleOn('2026-03-16', [FOUR_DAYS, FULL_TIME])).toBe(FOUR_DAYS);
    expect(scheduleOn('2025-12-31', [FOUR_DAYS, FULL_TIME])).toBeNull();
    expect(targetMinutes('2026-03-02', { schedules: [] }).reason).toBe('no_schedule');
  });

  it.each([
    [[-1, 0, 0, 0, 0, 0, 0]],
    [[7.5, 0, 0, 0, 0, 0, 0]],
    [[1441, 0, 0, 0, 0, 0, 0]],
  ] as const)('refuses a schedule with minutes %j', (minutesPerWeekday) => {
    const broken: WorkSchedule = { validFrom: '2026-01-01', minutesPerWeekday };
    expect(() => targetMinutes('2026-03-02', { schedules: [broken] })).toThrow(RangeError);
  });
});

describe('previousWorkingDay', () => {
  const bavaria = publicHolidayLookup('DE-BY');
  const fullTime = (): TargetContext => ({ schedules: [FULL_TIME], holidays: bavaria });

  it.each([
    // today (weekday)          previous working day
    ['2026-05-19', '2026-05-18'], // Tuesday → Monday
    ['2026-05-18', '2026-05-15'], // Monday → Friday before the weekend
    ['2026-05-17', '2026-05-15'], // Sunday → Friday
    ['2026-05-26', '2026-05-22'], // Tuesday after Pfingstmontag (25 May) → Friday
    ['2026-01-07', '2026-01-05'], // Wednesday after Heilige Drei Könige (6 Jan, BY) → Monday
  ])('full time in Bavaria: before %s comes %s', (today, expected) => {
    expect(previousWorkingDay(today, fullTime, '2026-01-01')).toBe(expected);
  });

  it('skips a part-timer’s free Friday', () => {
    const monToThu = (): TargetContext => ({
      schedules: [{ validFrom: '2026-01-01', minutesPerWeekday: [480, 480, 480, 480, 0, 0, 0] }],
    });
    expect(previousWorkingDay('2026-05-18', monToThu, '2026-01-01')).toBe('2026-05-14');
  });

  it('skips full closure days but not half days', () => {
    const closures = (): TargetContext => ({
      ...fullTime(),
      closureDays: new Set(['2026-12-28', '2026-12-29', '2026-12-30']),
      halfDays: new Set(['2026-12-31']),
    });
    expect(previousWorkingDay('2027-01-04', closures, '2026-01-01')).toBe('2026-12-31');
    // 25/26 December are holidays, 24 December (Thursday) is a plain working day.
    expect(previousWorkingDay('2026-12-31', closures, '2026-01-01')).toBe('2026-12-24');
  });

  it('never reaches before the earliest day or the lookback', () => {
    expect(previousWorkingDay('2026-05-18', fullTime, '2026-05-16')).toBeNull();
    expect(previousWorkingDay('2026-05-18', fullTime, '2026-05-15')).toBe('2026-05-15');
    const never = (): TargetContext => ({ schedules: [] });
    expect(previousWorkingDay('2026-05-18', never, '2020-01-01')).toBeNull();
  });

  it('asks for each day’s context (a schedule change in between)', () => {
    const asked: string[] = [];
    const contextOn = (day: string): TargetContext => {
      asked.push(day);
      // From Saturday on the person works weekends only.
      return day >= '2026-05-16'
        ? { schedules: [{ validFrom: '2026-05-16', minutesPerWeekday: [0, 0, 0, 0, 0, 480, 480] }] }
        : fullTime();
    };
    expect(previousWorkingDay('2026-05-19', contextOn, '2026-01-01')).toBe('2026-05-17');
    expect(asked).toEqual(['2026-05-18', '2026-05-17']);
  });
});
