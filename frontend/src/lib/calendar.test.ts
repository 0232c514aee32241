import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayIn,
  daysInPeriod,
  firstDayOf,
  isDay,
  isMonth,
  lastDayOf,
  lastFullMonth,
  monthOf,
  shiftMonth,
  weekdayIndex,
} from './calendar';

describe('calendar', () => {
  it('knows valid days and months', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-2-1')).toBe(false);
    expect(isMonth('2026-11')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
  });

  it('gives the day of an instant in the company time zone, not in UTC', () => {
    // 23:30 UTC on 30 Nov is already 1 Dec in Berlin.
    expect(dayIn(new Date('2026-11-30T23:30:00Z'), 'Europe/Berlin')).toBe('2026-12-01');
    expect(dayIn(new Date('2026-11-30T23:30:00Z'), 'America/New_York')).toBe('2026-11-30');
  });

  it('adds days across months, years and DST changes', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('moves between months and finds their first and last days', () => {
    expect(shiftMonth('2026-11', 1)).toBe('2026-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(firstDayOf('2026-11')).toBe('2026-11-01');
    expect(lastDayOf('2026-02')).toBe('2026-02-28');
    expect(lastDayOf('2028-02')).toBe('2028-02-29');
    expect(lastDayOf('2026-12')).toBe('2026-12-31');
    expect(monthOf('2026-11-28')).toBe('2026-11');
  });

  it('takes the last full month as the default period', () => {
    expect(lastFullMonth('2026-11-28')).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(lastFullMonth('2026-01-01')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('counts the days of a period, both ends included', () => {
    expect(daysInPeriod('2026-10-01', '2026-10-31')).toBe(31);
    expect(daysInPeriod('2026-10-01', '2026-10-01')).toBe(1);
    expect(daysInPeriod('2026-10-02', '2026-10-01')).toBe(0);
    // 29 March 2026 has 23 hours in Berlin; a day is still a day.
    expect(daysInPeriod('2026-03-28', '2026-03-30')).toBe(3);
  });

  it('numbers weekdays Monday first', () => {
    expect(weekdayIndex('2026-11-23')).toBe(0); // Monday
    expect(weekdayIndex('2026-11-29')).toBe(6); // Sunday
  });
});
