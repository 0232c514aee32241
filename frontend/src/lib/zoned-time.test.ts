import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dayRange,
  isDay,
  isoWeek,
  isoWeekday,
  localDayOf,
  localMinutesOf,
  minutesBetween,
  monthBounds,
  mondayOf,
  zonedInstant,
} from './zoned-time';

const BERLIN = 'Europe/Berlin';

describe('calendar days', () => {
  it('recognises real days only', () => {
    expect(isDay('2026-03-02')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-3-2')).toBe(false);
    expect(isDay(null)).toBe(false);
  });

  it('adds days across month and year ends and DST changes', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('starts weeks on Monday and numbers them as ISO weeks', () => {
    expect(isoWeekday('2026-03-02')).toBe(1);
    expect(isoWeekday('2026-03-08')).toBe(7);
    expect(mondayOf('2026-03-08')).toBe('2026-03-02');
    expect(mondayOf('2026-03-02')).toBe('2026-03-02');
    expect(isoWeek('2026-03-02')).toEqual({ week: 10, year: 2026 });
    expect(isoWeek('2027-01-01')).toEqual({ week: 53, year: 2026 });
    expect(isoWeek('2024-12-30')).toEqual({ week: 1, year: 2025 });
  });

  it('lists ranges and months', () => {
    expect(dayRange('2026-02-27', '2026-03-01')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
    expect(monthBounds('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthBounds('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
  });
});

describe('instants in the company time zone', () => {
  it('reads the local day and clock time of an instant', () => {
    // 23:30 UTC on 2 March is already 3 March in Berlin.
    expect(localDayOf('2026-03-02T23:30:00Z', BERLIN)).toBe('2026-03-03');
    expect(localMinutesOf('2026-03-02T23:30:00Z', BERLIN)).toBe(30);
    expect(localDayOf('2026-03-02T23:30:00Z', 'America/New_York')).toBe('2026-03-02');
  });

  it('builds an ordinary instant', () => {
    expect(zonedInstant('2026-03-03', 9 * 60 + 30, BERLIN)?.toISOString()).toBe(
      '2026-03-03T08:30:00.000Z',
    );
    expect(zonedInstant('2026-07-01', 9 * 60 + 30, BERLIN)?.toISOString()).toBe(
      '2026-07-01T07:30:00.000Z',
    );
  });

  it('refuses a time the spring DST jump skips (29 March 2026, 02:00–02:59 in Berlin)', () => {
    expect(zonedInstant('2026-03-29', 2 * 60 + 30, BERLIN)).toBeNull();
    expect(zonedInstant('2026-03-29', 2 * 60, BERLIN)).toBeNull();
    expect(zonedInstant('2026-03-29', 60 + 59, BERLIN)?.toISOString()).toBe(
      '2026-03-29T00:59:00.000Z',
    );
    expect(zonedInstant('2026-03-29', 3 * 60, BERLIN)?.toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
  });

  it('takes the first of the two 02:30 on the autumn DST day (25 October 2026)', () => {
    expect(zonedInstant('2026-10-25', 2 * 60 + 30, BERLIN)?.toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(zonedInstant('2026-10-25', 3 * 60, BERLIN)?.toISOString()).toBe(
      '2026-10-25T02:00:00.000Z',
    );
  });

  it('counts real minutes across DST days: 01:00–04:00 is 2 h in spring, 4 h in autumn', () => {
    const at = (day: string, minutes: number) => zonedInstant(day, minutes, BERLIN)!;
    expect(minutesBetween(at('2026-03-29', 60), at('2026-03-29', 240))).toBe(120);
    expect(minutesBetween(at('2026-10-25', 60), at('2026-10-25', 240))).toBe(240);
  });

  it('works for zones without DST and across the date line', () => {
    expect(zonedInstant('2026-03-29', 150, 'Asia/Tokyo')?.toISOString()).toBe(
      '2026-03-28T17:30:00.000Z',
    );
    expect(zonedInstant('2026-03-08', 150, 'America/New_York')).toBeNull();
  });

  it('truncates to whole minutes like the backend', () => {
    expect(minutesBetween('2026-03-03T08:00:59Z', '2026-03-03T16:30:10Z')).toBe(510);
  });
});
