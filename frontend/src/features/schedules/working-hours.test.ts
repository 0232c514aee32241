import { describe, expect, it } from 'vitest';
import {
  draftFrom,
  hoursText,
  isFuture,
  newestFirst,
  parseHours,
  readDraft,
  scheduleInForce,
  splitMinutes,
  versionOn,
  type ScheduleDraft,
} from './working-hours';

describe('parseHours', () => {
  it('reads decimal hours with comma or point, and hours:minutes', () => {
    expect(parseHours('7,5')).toBe(450);
    expect(parseHours('7.5')).toBe(450);
    expect(parseHours('7:30')).toBe(450);
    expect(parseHours('8')).toBe(480);
    expect(parseHours('0')).toBe(0);
    expect(parseHours('7,25')).toBe(435);
    expect(parseHours(' 6:05 ')).toBe(365);
    expect(parseHours('7,5 h')).toBe(450);
    expect(parseHours('24')).toBe(1440);
  });

  it('rounds decimal hours to whole minutes', () => {
    expect(parseHours('7,33')).toBe(440); // 439.8
    expect(parseHours('0,1')).toBe(6);
  });

  it('refuses what is not a duration of one day at most', () => {
    expect(parseHours('')).toBeNull();
    expect(parseHours('abc')).toBeNull();
    expect(parseHours('7:60')).toBeNull();
    expect(parseHours('7:5')).toBeNull();
    expect(parseHours('25')).toBeNull();
    expect(parseHours('24:30')).toBeNull();
    expect(parseHours('-1')).toBeNull();
    expect(parseHours('7,5,5')).toBeNull();
  });
});

describe('hoursText and splitMinutes', () => {
  it('shows minutes the way they can be typed back', () => {
    expect(hoursText(480)).toBe('8');
    expect(hoursText(450)).toBe('7:30');
    expect(hoursText(365)).toBe('6:05');
    expect(parseHours(hoursText(437))).toBe(437);
  });

  it('splits into hours and minutes', () => {
    expect(splitMinutes(450)).toEqual({ hours: 7, minutes: 30 });
    expect(splitMinutes(45)).toEqual({ hours: 0, minutes: 45 });
  });
});

describe('readDraft', () => {
  const fiveDays = [true, true, true, true, true, false, false];

  it('applies the same hours to every working day and sums the week', () => {
    const draft: ScheduleDraft = {
      workdays: fiveDays,
      mode: 'same',
      sameHours: '7,7',
      hoursPerDay: [],
    };
    expect(readDraft(draft)).toEqual({
      minutesPerWeekday: [462, 462, 462, 462, 462, 0, 0],
      invalidDays: [],
      weeklyMinutes: 2310, // 38:30 h
    });
  });

  it('takes hours per weekday and ignores the fields of free days', () => {
    const draft: ScheduleDraft = {
      workdays: [true, true, true, true, false, false, false],
      mode: 'perDay',
      sameHours: '',
      hoursPerDay: ['8', '8', '8:30', '6', 'nonsense', '', ''],
    };
    const result = readDraft(draft);
    expect(result.minutesPerWeekday).toEqual([480, 480, 510, 360, 0, 0, 0]);
    expect(result.weeklyMinutes).toBe(1830);
  });

  it('names the days it cannot read and still sums the others', () => {
    const result = readDraft({
      workdays: fiveDays,
      mode: 'perDay',
      sameHours: '',
      hoursPerDay: ['8', 'x', '8', '', '4', '', ''],
    });
    expect(result.minutesPerWeekday).toBeNull();
    expect(result.invalidDays).toEqual([1, 3]);
    expect(result.weeklyMinutes).toBe(1200);
  });
});

describe('draftFrom', () => {
  it('prefills 8 hours Monday to Friday when there is no version', () => {
    const draft = draftFrom(null);
    expect(readDraft(draft).minutesPerWeekday).toEqual([480, 480, 480, 480, 480, 0, 0]);
  });

  it('uses one field when all working days are equal, else one per day', () => {
    expect(draftFrom([450, 450, 450, 450, 0, 0, 0])).toMatchObject({
      mode: 'same',
      sameHours: '7:30',
      workdays: [true, true, true, true, false, false, false],
    });
    const mixed = draftFrom([480, 480, 480, 480, 360, 0, 0]);
    expect(mixed.mode).toBe('perDay');
    expect(readDraft(mixed).minutesPerWeekday).toEqual([480, 480, 480, 480, 360, 0, 0]);
  });
});

describe('versions', () => {
  const v = (id: string, validFrom: string, userId: string | null = null) => ({
    id,
    userId,
    validFrom,
    minutesPerWeekday: [480, 480, 480, 480, 480, 0, 0],
  });
  const history = [v('a', '2025-01-01'), v('c', '2027-01-01'), v('b', '2026-06-01')];

  it('lists the newest first', () => {
    expect(newestFirst(history).map((x) => x.id)).toEqual(['c', 'b', 'a']);
  });

  it('finds the version in force on a day, including one starting that day', () => {
    expect(versionOn(history, '2026-11-28')?.id).toBe('b');
    expect(versionOn(history, '2026-06-01')?.id).toBe('b');
    expect(versionOn(history, '2024-12-31')).toBeNull();
  });

  it("prefers a person's own started version over the company default", () => {
    const own = [v('own', '2026-12-01', 'u1')];
    expect(scheduleInForce(own, history, '2026-11-28')).toEqual({
      version: history[2],
      source: 'default',
    });
    expect(scheduleInForce(own, history, '2026-12-01')?.source).toBe('own');
    expect(scheduleInForce([], [], '2026-12-01')).toBeNull();
  });

  it('treats only versions starting after today as removable', () => {
    expect(isFuture(v('x', '2026-11-29'), '2026-11-28')).toBe(true);
    expect(isFuture(v('x', '2026-11-28'), '2026-11-28')).toBe(false);
  });
});
