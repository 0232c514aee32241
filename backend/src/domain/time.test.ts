import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dayRange,
  daysBetween,
  daysOfIsoWeek,
  daysOfMonth,
  endOfLocalDay,
  inDaySet,
  isDay,
  isoWeek,
  isoWeekday,
  isoWeekMonday,
  localCalendar,
  localClockTime,
  localDay,
  localDayMinutes,
  localInstant,
  minutesBetween,
  startOfLocalDay,
  truncateToMinute,
} from './time.js';

const BERLIN = 'Europe/Berlin';

describe('calendar days', () => {
  it.each([
    ['2026-03-02', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['2026-3-2', false],
    ['02.03.2026', false],
    ['', false],
  ])('isDay(%j) is %s', (value, expected) => {
    expect(isDay(value)).toBe(expected);
  });

  it.each([
    ['2026-03-02', 1],
    ['2026-03-07', 6],
    ['2026-03-08', 7],
    ['2024-02-29', 4],
    ['2026-12-24', 4],
    ['2027-01-01', 5],
  ])('isoWeekday(%s) = %i', (day, weekday) => {
    expect(isoWeekday(day)).toBe(weekday);
  });

  it.each([
    ['2026-03-02', 1, '2026-03-03'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-28', 2, '2026-03-30'],
    ['2026-10-24', 2, '2026-10-26'],
    ['2026-01-01', 365, '2027-01-01'],
  ])('addDays(%s, %i) = %s (DST days are one day)', (day, n, expected) => {
    expect(addDays(day, n)).toBe(expected);
  });

  it.each([
    ['2026-08-31', -6, '2026-02-28'],
    ['2024-08-31', -6, '2024-02-29'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2026-06-01', -5, '2026-01-01'],
    ['2026-11-30', 3, '2027-02-28'],
  ])('addMonths(%s, %i) = %s', (day, n, expected) => {
    expect(addMonths(day, n)).toBe(expected);
  });

  it('counts and lists days', () => {
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(daysBetween('2026-04-01', '2026-03-01')).toBe(-31);
    expect(dayRange('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(dayRange('2026-03-02', '2026-03-01')).toEqual([]);
  });

  it.each([
    [2026, 2, 28],
    [2024, 2, 29],
    [2026, 3, 31],
    [2026, 4, 30],
  ])('daysOfMonth(%i, %i) has %i days', (year, month, count) => {
    const days = daysOfMonth(year, month);
    expect(days).toHaveLength(count);
    expect(days[0]).toBe(`${year}-${String(month).padStart(2, '0')}-01`);
  });

  it.each([
    ['2026-03-02', 2026, 10],
    ['2026-03-08', 2026, 10],
    ['2026-01-01', 2026, 1],
    ['2027-01-01', 2026, 53],
    ['2026-12-31', 2026, 53],
    ['2024-12-30', 2025, 1],
    ['2021-01-03', 2020, 53],
  ])('isoWeek(%s) = %i-W%i', (day, year, week) => {
    expect(isoWeek(day)).toEqual({ year, week });
  });

  it('lists ISO weeks Monday first (KW 10 · 02.–08.03.2026)', () => {
    expect(daysOfIsoWeek('2026-03-05')).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ]);
    expect(daysOfIsoWeek('2026-03-08')[0]).toBe('2026-03-02');
    expect(isoWeekMonday(2026, 10)).toBe('2026-03-02');
    expect(isoWeekMonday(2026, 1)).toBe('2025-12-29');
    expect(isoWeekMonday(2026, 53)).toBe('2026-12-28');
  });

  it('reads day sets given as Set or predicate', () => {
    expect(inDaySet(new Set(['2026-03-02']), '2026-03-02')).toBe(true);
    expect(inDaySet((day) => day.endsWith('-02'), '2026-03-02')).toBe(true);
    expect(inDaySet(undefined, '2026-03-02')).toBe(false);
  });
});

describe('local days in a time zone', () => {
  it.each([
    ['2026-03-01T22:59:59Z', BERLIN, '2026-03-01'],
    ['2026-03-01T23:00:00Z', BERLIN, '2026-03-02'],
    ['2026-06-30T21:59:00Z', BERLIN, '2026-06-30'],
    ['2026-06-30T22:00:00Z', BERLIN, '2026-07-01'],
    ['2026-03-02T04:59:00Z', 'America/New_York', '2026-03-01'],
    ['2026-03-02T05:00:00Z', 'America/New_York', '2026-03-02'],
  ])('localDay(%s, %s) = %s', (iso, zone, day) => {
    expect(localDay(new Date(iso), zone)).toBe(day);
  });

  it.each([
    ['2026-03-02', BERLIN, '2026-03-01T23:00:00.000Z', '2026-03-02T23:00:00.000Z', 1440],
    ['2026-03-29', BERLIN, '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', 1380],
    ['2026-10-25', BERLIN, '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', 1500],
    [
      '2026-03-08',
      'America/New_York',
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
      1380,
    ],
    [
      '2026-11-01',
      'America/New_York',
      '2026-11-01T04:00:00.000Z',
      '2026-11-02T05:00:00.000Z',
      1500,
    ],
  ])('%s in %s runs [%s, %s), %i min', (day, zone, start, end, minutes) => {
    expect(startOfLocalDay(day, zone).toISOString()).toBe(start);
    expect(endOfLocalDay(day, zone).toISOString()).toBe(end);
    expect(localDayMinutes(day, zone)).toBe(minutes);
  });

  it('starts a day whose midnight is skipped at the first instant after the jump', () => {
    // Chile springs forward at midnight: 7 Sep 2025 begins at 01:00 local.
    expect(startOfLocalDay('2025-09-07', 'America/Santiago').toISOString()).toBe(
      '2025-09-07T04:00:00.000Z',
    );
  });

  it('resolves wall-clock times, skipped ones after the jump', () => {
    expect(localInstant('2026-03-29', 6, 0, BERLIN).toISOString()).toBe('2026-03-29T04:00:00.000Z');
    expect(localInstant('2026-03-29', 2, 30, BERLIN).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(localInstant('2026-10-25', 23, 0, BERLIN).toISOString()).toBe(
      '2026-10-25T22:00:00.000Z',
    );
  });

  it('shows local clock time in 24 h', () => {
    expect(localClockTime(new Date('2026-07-01T16:42:59Z'), BERLIN)).toBe('18:42');
    expect(localClockTime(new Date('2026-01-01T16:42:00Z'), BERLIN)).toBe('17:42');
    expect(localClockTime(new Date('2026-01-01T16:42:00Z'), 'America/New_York')).toBe('11:42');
  });

  it('drops seconds before measuring minutes', () => {
    expect(truncateToMinute(new Date('2026-03-02T07:00:59.999Z')).toISOString()).toBe(
      '2026-03-02T07:00:00.000Z',
    );
    expect(minutesBetween(new Date('2026-03-02T07:00:59Z'), new Date('2026-03-02T15:30:10Z'))).toBe(
      510,
    );
  });
});

describe('localCalendar', () => {
  // Both DST days of 2026 and the turn of the year, in Berlin and New York.
  for (const zone of [BERLIN, 'America/New_York']) {
    it(`answers as localDay / endOfLocalDay do (${zone})`, () => {
      const calendar = localCalendar(zone, '2026-03-01', '2026-11-30');
      const from = Date.UTC(2026, 1, 25);
      const to = Date.UTC(2026, 11, 5);
      // Every 37 minutes: hits every hour of the day over the range, midnights included.
      for (let ms = from; ms < to; ms += 37 * 60_000) {
        const instant = new Date(ms);
        expect(calendar.dayOf(instant)).toBe(localDay(instant, zone));
      }
      for (const day of dayRange('2026-02-20', '2026-12-10')) {
        expect(calendar.endOf(day).getTime()).toBe(endOfLocalDay(day, zone).getTime());
      }
    });
  }

  it('knows the instants right at local midnight', () => {
    const calendar = localCalendar(BERLIN, '2026-03-28', '2026-03-30');
    const midnight = startOfLocalDay('2026-03-30', BERLIN);
    expect(calendar.dayOf(midnight)).toBe('2026-03-30');
    expect(calendar.dayOf(new Date(midnight.getTime() - 1))).toBe('2026-03-29');
  });
});
