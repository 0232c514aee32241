import { describe, expect, it } from 'vitest';
import {
  completeEntryTimes,
  entryInstants,
  formatClockTime,
  formatDurationInput,
  parseClockTime,
  parseDuration,
  touch,
} from './time-input';

const BERLIN = 'Europe/Berlin';

describe('parseClockTime', () => {
  it.each([
    ['930', 570],
    ['0930', 570],
    ['9:30', 570],
    ['09:30', 570],
    ['9.30', 570],
    ['9,30', 570],
    ['9', 540],
    ['17', 1020],
    ['1730', 1050],
    ['0', 0],
    ['0:05', 5],
    ['23:59', 1439],
    [' 8:15 ', 495],
    ['8 Uhr', 480],
  ])('reads %j as %i minutes', (text, minutes) => {
    expect(parseClockTime(text)).toBe(minutes);
  });

  it.each(['', '24:00', '9:60', '960', '12345', 'abc', '9:3', '-1', '9:30:00'])(
    'refuses %j',
    (text) => {
      expect(parseClockTime(text)).toBeNull();
    },
  );
});

describe('parseDuration', () => {
  it.each([
    ['7:30', 450],
    ['7,5', 450],
    ['7.5', 450],
    ['7', 420],
    ['7h', 420],
    ['7 h', 420],
    ['0:45', 45],
    ['0,25', 15],
    ['7 h 30 min', 450],
    ['7h30', 450],
    ['45 min', 45],
    ['45m', 45],
    ['24', 1440],
    ['10,75', 645],
  ])('reads %j as %i minutes', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });

  it.each(['', '0', '0:00', '25', '7:60', 'abc', '-1', '7:3'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('formatting the fields', () => {
  it('writes clock times with two-digit hours and durations as h:mm', () => {
    expect(formatClockTime(570)).toBe('09:30');
    expect(formatClockTime(0)).toBe('00:00');
    expect(formatDurationInput(450)).toBe('7:30');
    expect(formatDurationInput(45)).toBe('0:45');
  });
});

describe('entryInstants', () => {
  it('builds an ordinary entry', () => {
    const result = entryInstants('2026-03-03', 8 * 60, 16 * 60 + 30, BERLIN);
    expect(result).toEqual({
      ok: true,
      start: new Date('2026-03-03T07:00:00Z'),
      end: new Date('2026-03-03T15:30:00Z'),
      endsNextDay: false,
      minutes: 510,
    });
  });

  it('puts a Bis before Von on the next day (crossing midnight)', () => {
    const result = entryInstants('2026-03-03', 22 * 60, 6 * 60, BERLIN);
    expect(result).toMatchObject({
      ok: true,
      end: new Date('2026-03-04T05:00:00Z'),
      endsNextDay: true,
      minutes: 480,
    });
  });

  it('counts the real length of a DST night', () => {
    // 22:00 on 28 March to 06:00 on 29 March: the clocks skip an hour, 7 h were worked.
    expect(entryInstants('2026-03-28', 22 * 60, 6 * 60, BERLIN)).toMatchObject({ minutes: 420 });
    // 22:00 on 24 October to 06:00 on 25 October: an hour twice, 9 h.
    expect(entryInstants('2026-10-24', 22 * 60, 6 * 60, BERLIN)).toMatchObject({ minutes: 540 });
  });

  it('refuses times that do not exist on the spring DST day', () => {
    expect(entryInstants('2026-03-29', 2 * 60 + 30, 8 * 60, BERLIN)).toEqual({
      ok: false,
      problem: 'startMissing',
    });
    expect(entryInstants('2026-03-28', 22 * 60, 2 * 60 + 15, BERLIN)).toEqual({
      ok: false,
      problem: 'endMissing',
    });
  });

  it('takes Von = Bis as a full day (next day), not as nothing', () => {
    expect(entryInstants('2026-03-03', 480, 480, BERLIN)).toMatchObject({
      ok: true,
      minutes: 1440,
    });
  });
});

describe('completeEntryTimes', () => {
  const day = '2026-03-03';

  it('computes Dauer from Von and Bis', () => {
    expect(
      completeEntryTimes(day, { start: 480, end: 990, duration: null }, ['start', 'end'], BERLIN),
    ).toEqual({ start: 480, end: 990, duration: 510 });
  });

  it('computes Bis from Von and Dauer, wrapping past midnight', () => {
    expect(
      completeEntryTimes(
        day,
        { start: 480, end: null, duration: 450 },
        ['start', 'duration'],
        BERLIN,
      ),
    ).toEqual({ start: 480, end: 930, duration: 450 });
    expect(
      completeEntryTimes(
        day,
        { start: 1320, end: null, duration: 480 },
        ['duration', 'start'],
        BERLIN,
      ),
    ).toEqual({ start: 1320, end: 360, duration: 480 });
  });

  it('computes Von from Bis and Dauer', () => {
    expect(
      completeEntryTimes(
        day,
        { start: null, end: 990, duration: 510 },
        ['end', 'duration'],
        BERLIN,
      ),
    ).toEqual({ start: 480, end: 990, duration: 510 });
  });

  it('recomputes the field not edited last, even when it has a value', () => {
    // Von 08:00, Bis 16:00 → 8 h; then Dauer changed to 6 h: Bis follows (Von and Dauer were last).
    const times = { start: 480, end: 960, duration: 360 };
    expect(completeEntryTimes(day, times, ['start', 'duration'], BERLIN).end).toBe(840);
  });

  it('uses real time on DST days', () => {
    expect(
      completeEntryTimes(
        '2026-03-29',
        { start: 60, end: 240, duration: null },
        ['start', 'end'],
        BERLIN,
      ).duration,
    ).toBe(120);
    expect(
      completeEntryTimes(
        '2026-03-29',
        { start: 60, end: null, duration: 120 },
        ['start', 'duration'],
        BERLIN,
      ).end,
    ).toBe(240);
  });

  it('leaves the times alone with fewer than two fields or a Von on the day before', () => {
    const times = { start: 480, end: null, duration: null };
    expect(completeEntryTimes(day, times, ['start'], BERLIN)).toBe(times);
    const early = { start: null, end: 120, duration: 300 };
    expect(completeEntryTimes(day, early, ['end', 'duration'], BERLIN)).toBe(early);
  });

  it('tracks the two fields edited last', () => {
    expect(touch([], 'start')).toEqual(['start']);
    expect(touch(['start'], 'end')).toEqual(['start', 'end']);
    expect(touch(['start', 'end'], 'duration')).toEqual(['end', 'duration']);
    expect(touch(['start', 'end'], 'start')).toEqual(['end', 'start']);
  });
});
