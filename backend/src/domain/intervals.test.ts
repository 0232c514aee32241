import { describe, expect, it } from 'vitest';
import type { WorkInterval } from './intervals.js';
import {
  closeIntervals,
  dayWork,
  instantWhenWorked,
  mergeIntoBlocks,
  splitByLocalDay,
  splitWork,
  splitWorkAfter,
  workedMinutes,
} from './intervals.js';
import { addDays, localCalendar, localInstant } from './time.js';

const BERLIN = 'Europe/Berlin';

/** A Berlin wall-clock instant, 'HH:mm' on a day. */
function at(day: string, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  return localInstant(day, h ?? 0, m ?? 0, BERLIN);
}

/** Intervals on a day from 'HH:mm-HH:mm' specs; an end at or before the start is the next day. */
function work(day: string, ...specs: string[]): WorkInterval[] {
  return specs.map((spec) => {
    const [from = '', to = ''] = spec.split('-');
    return { start: at(day, from), end: at(to <= from ? addDays(day, 1) : day, to) };
  });
}

function summary(byDay: Map<string, { minutes: number }[]>): Record<string, number[]> {
  return Object.fromEntries([...byDay].map(([day, pieces]) => [day, pieces.map((p) => p.minutes)]));
}

describe('splitByLocalDay', () => {
  const now = new Date('2027-01-01T00:00:00Z');

  it('splits an entry crossing midnight at local midnight', () => {
    const byDay = splitByLocalDay(work('2026-03-02', '22:00-06:00'), BERLIN, now);
    expect(summary(byDay)).toEqual({ '2026-03-02': [120], '2026-03-03': [360] });
    expect(byDay.get('2026-03-03')?.[0]?.start.toISOString()).toBe('2026-03-02T23:00:00.000Z');
  });

  it.each([
    // 29 March 2026: clocks go 02:00 → 03:00, the night is one hour shorter.
    [
      '2026-03-28T21:00:00Z',
      '2026-03-29T04:00:00Z',
      { '2026-03-28': [120], '2026-03-29': [300] },
      420,
    ],
    // 25 October 2026: clocks go 03:00 → 02:00, the night is one hour longer.
    [
      '2026-10-24T20:00:00Z',
      '2026-10-25T05:00:00Z',
      { '2026-10-24': [120], '2026-10-25': [420] },
      540,
    ],
  ])(
    'measures a 22:00–06:00 night over a DST change from UTC (%s)',
    (start, end, pieces, total) => {
      const interval = { start: new Date(start), end: new Date(end) };
      // The fixture is exactly 22:00–06:00 Berlin time.
      expect(interval.start.getTime()).toBe(at(start.slice(0, 10), '22:00').getTime());
      expect(interval.end.getTime()).toBe(at(end.slice(0, 10), '06:00').getTime());
      const byDay = splitByLocalDay([interval], BERLIN, now);
      expect(summary(byDay)).toEqual(pieces);
      const all = [...byDay.values()].flat();
      expect(all.reduce((sum, p) => sum + p.minutes, 0)).toBe(total);
    },
  );

  it('splits a multi-day interval into whole local days (23 h on 29 March)', () => {
    const byDay = splitByLocalDay(
      [{ start: at('2026-03-28', '12:00'), end: at('2026-03-30', '12:00') }],
      BERLIN,
      now,
    );
    expect(summary(byDay)).toEqual({
      '2026-03-28': [720],
      '2026-03-29': [1380],
      '2026-03-30': [720],
    });
  });

  it('closes a running interval at now and marks only the open piece as running', () => {
    const running = [{ start: at('2026-03-02', '22:00'), end: null }];
    const byDay = splitByLocalDay(running, BERLIN, at('2026-03-03', '01:30'));
    expect(summary(byDay)).toEqual({ '2026-03-02': [120], '2026-03-03': [90] });
    expect(byDay.get('2026-03-02')?.[0]?.running).toBe(false);
    expect(byDay.get('2026-03-03')?.[0]?.running).toBe(true);
  });

  it('returns days ascending and pieces sorted, whatever the input order', () => {
    const byDay = splitByLocalDay(
      [...work('2026-03-03', '13:00-14:00'), ...work('2026-03-02', '12:00-13:00', '08:00-09:00')],
      BERLIN,
      now,
    );
    expect([...byDay.keys()]).toEqual(['2026-03-02', '2026-03-03']);
    expect(byDay.get('2026-03-02')?.map((p) => p.start.getTime())).toEqual([
      at('2026-03-02', '08:00').getTime(),
      at('2026-03-02', '12:00').getTime(),
    ]);
  });

  it('drops seconds consistently: 08:00:59–16:30:10 is 8:30 h', () => {
    const start = new Date(at('2026-03-02', '08:00').getTime() + 59_000);
    const end = new Date(at('2026-03-02', '16:30').getTime() + 10_000);
    expect(summary(splitByLocalDay([{ start, end }], BERLIN, now))).toEqual({
      '2026-03-02': [510],
    });
  });

  it('refuses an interval ending before it starts and ignores empty ones', () => {
    const start = at('2026-03-02', '10:00');
    expect(() => closeIntervals([{ start, end: at('2026-03-02', '09:00') }], now)).toThrow(
      RangeError,
    );
    expect(closeIntervals([{ start, end: start }], now)).toEqual([]);
    // A running interval that starts after now (clock skew) has no work yet.
    expect(closeIntervals([{ start, end: null }], at('2026-03-02', '09:00'))).toEqual([]);
  });
});

describe('dayWork', () => {
  const day = '2026-03-02';
  const pieces = (...specs: string[]) =>
    specs.length === 0
      ? []
      : [...splitByLocalDay(work(day, ...specs), BERLIN, new Date()).values()].flat();

  it.each([
    // specs, worked, breaks, qualifying breaks, longest stretch
    [['08:00-16:00'], 480, 0, 0, 480],
    [['08:00-12:00', '12:30-16:30'], 480, 30, 30, 240],
    [['08:00-10:00', '10:14-12:00'], 226, 14, 0, 240],
    [['08:00-10:00', '10:15-12:00'], 225, 15, 15, 120],
    [['08:00-10:00', '10:14-12:00', '12:16-14:46'], 376, 30, 16, 240],
    [['08:00-11:00', '11:10-14:05'], 355, 10, 0, 365],
    [['08:00-12:00', '11:00-13:00'], 300, 0, 0, 300],
    [['08:00-12:00', '12:00-13:00'], 300, 0, 0, 300],
  ])(
    '%j → worked %i, breaks %i (qualifying %i), stretch %i',
    (specs, worked, breaks, qualifying, stretch) => {
      const result = dayWork(pieces(...specs));
      expect(result.workedMinutes).toBe(worked);
      expect(result.breakMinutes).toBe(breaks);
      expect(result.qualifyingBreakMinutes).toBe(qualifying);
      expect(result.longestStretchMinutes).toBe(stretch);
    },
  );

  it('reports first start and last end, and nothing for an empty day', () => {
    const result = dayWork(pieces('12:30-16:30', '08:00-12:00'));
    expect(result.firstStart?.getTime()).toBe(at(day, '08:00').getTime());
    expect(result.lastEnd?.getTime()).toBe(at(day, '16:30').getTime());
    expect(dayWork([])).toEqual({
      workedMinutes: 0,
      breakMinutes: 0,
      qualifyingBreakMinutes: 0,
      firstStart: null,
      lastEnd: null,
      longestStretchMinutes: 0,
    });
  });

  it('merges overlapping and touching pieces into blocks', () => {
    const blocks = mergeIntoBlocks(
      pieces('08:00-12:00', '11:00-13:00', '13:00-14:00', '15:00-16:00'),
    );
    expect(blocks.map((b) => b.minutes)).toEqual([360, 60]);
  });

  it('finds the instant a day reaches a number of worked minutes', () => {
    const dayPieces = pieces('08:00-12:00', '12:30-16:30');
    expect(instantWhenWorked(dayPieces, 360)?.getTime()).toBe(at(day, '14:30').getTime());
    expect(instantWhenWorked(dayPieces, 240)?.getTime()).toBe(at(day, '12:00').getTime());
    expect(instantWhenWorked(dayPieces, 481)).toBeNull();
  });
});

describe('splitByLocalDay with a calendar', () => {
  it('splits exactly as without one, across midnight and DST', () => {
    const zone = 'Europe/Berlin';
    const intervals: WorkInterval[] = [
      {
        start: localInstant('2026-03-28', 20, 0, zone),
        end: localInstant('2026-03-29', 4, 0, zone),
      },
      {
        start: localInstant('2026-03-29', 9, 0, zone),
        end: localInstant('2026-03-29', 12, 0, zone),
      },
      {
        start: localInstant('2026-10-24', 22, 0, zone),
        end: localInstant('2026-10-26', 1, 0, zone),
      },
      { start: localInstant('2026-10-27', 8, 0, zone), end: null },
    ];
    const now = localInstant('2026-10-27', 11, 30, zone);
    const calendar = localCalendar(zone, '2026-03-01', '2026-10-31');
    expect(splitByLocalDay(intervals, zone, now, calendar)).toEqual(
      splitByLocalDay(intervals, zone, now),
    );
  });

  it('refuses a calendar of another zone', () => {
    const calendar = localCalendar('UTC', '2026-01-01', '2026-01-31');
    expect(() => splitByLocalDay([], 'Europe/Berlin', new Date(), calendar)).toThrow(RangeError);
  });
});

describe('splitWorkAfter', () => {
  const now = new Date('2026-03-20T12:00:00Z');
  const intervals = [
    ...work('2026-03-02', '08:00-12:00', '12:30-17:00'),
    ...work('2026-03-03', '22:00-02:00'),
    ...work('2026-03-04', '09:00-13:00'),
    ...work('2026-03-05', '07:00-11:00', '13:00-18:00'),
    { start: at('2026-03-20', '08:00'), end: null },
  ];
  const split = splitWork(intervals, BERLIN, now);
  const plain = (s: ReturnType<typeof splitWork>) => ({
    intervals: s.intervals,
    closed: s.closed.map((c) => [c.start.toISOString(), c.end.toISOString(), c.running]),
    byDay: summary(new Map(s.byDay)),
    worked: Object.fromEntries(s.worked),
  });

  it.each([
    ['a midnight between days of work', at('2026-03-05', '00:00')],
    ['a midnight before all work', at('2026-03-01', '00:00')],
    ['a midnight before only the running entry', at('2026-03-19', '00:00')],
    ['a time inside a day, between two entries', at('2026-03-05', '12:00')],
    ['the very end of an entry', at('2026-03-04', '13:00')],
  ])('gives what splitWork of the later intervals gives, at %s', (_, instant) => {
    const later = intervals.filter((i) => i.end === null || i.end.getTime() > instant.getTime());
    const taken = splitWorkAfter(split, instant);
    expect(taken).toBeDefined();
    expect(plain(taken!)).toEqual(plain(splitWork(later, BERLIN, now)));
  });

  it('keeps only the later pieces of a day that has both', () => {
    const taken = splitWorkAfter(split, at('2026-03-05', '12:00'))!;
    expect(summary(new Map(taken.byDay))['2026-03-05']).toEqual([300]);
    expect(taken.worked.get('2026-03-05')).toBe(300);
    expect(split.worked.get('2026-03-05')).toBe(540);
  });

  it('gives nothing for an instant inside an entry, also a running one', () => {
    expect(splitWorkAfter(split, at('2026-03-05', '00:00'))).toBeDefined();
    // The night shift of 3 March runs across midnight; the running entry across 10:00 on the 20th.
    expect(splitWorkAfter(split, at('2026-03-04', '00:00'))).toBeUndefined();
    expect(splitWorkAfter(split, at('2026-03-20', '10:00'))).toBeUndefined();
  });

  it('refuses an instant that is not a whole minute', () => {
    expect(() =>
      splitWorkAfter(split, new Date(at('2026-03-05', '00:00').getTime() + 1000)),
    ).toThrow(RangeError);
  });
});

describe('workedMinutes', () => {
  it('equals dayWork’s worked minutes for overlapping, touching and unsorted pieces', () => {
    // A fixed pseudo-random sequence: the same cases on every run.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 16807) % 2147483647;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const pieces = Array.from({ length: 1 + next(6) }, () => {
        const start = at('2026-05-04', '06:00').getTime() + next(600) * 60_000;
        return { start: new Date(start), end: new Date(start + (1 + next(240)) * 60_000) };
      });
      expect(workedMinutes(pieces)).toBe(dayWork(pieces).workedMinutes);
    }
    expect(workedMinutes([])).toBe(0);
  });
});
