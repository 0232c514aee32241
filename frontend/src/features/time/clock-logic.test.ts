import { describe, expect, it } from 'vitest';
import {
  actionsFor,
  canUndoClockOut,
  forgottenClockOutDay,
  liveWorkedMinutes,
  minutesUntil,
  missingBreakMinutes,
  optimisticState,
  type ClockState,
} from './clock-logic';

const BERLIN = 'Europe/Berlin';

function state(overrides: Partial<ClockState> = {}): ClockState {
  return {
    status: 'off',
    since: null,
    entryId: null,
    today: { day: '2026-03-03', workedMinutes: 0, breakMinutes: 0 },
    hints: [],
    ...overrides,
  };
}

describe('actionsFor', () => {
  it('offers Kommen when off, Pause | Gehen while working, Pause beenden | Gehen on a break', () => {
    expect(actionsFor('off')).toEqual({ primary: 'clockIn' });
    expect(actionsFor('working')).toEqual({ primary: 'startBreak', secondary: 'clockOut' });
    expect(actionsFor('break')).toEqual({ primary: 'endBreak', secondary: 'clockOut' });
  });
});

describe('optimisticState', () => {
  const now = new Date('2026-03-03T12:00:00Z');
  const working = state({
    status: 'working',
    since: '2026-03-03T07:00:00Z',
    entryId: 'e1',
    hints: [
      {
        code: 'BREAK_DUE',
        at: '2026-03-03T13:00:00Z',
        minutesLeft: 60,
        message: { de: 'x', en: 'x' },
      },
    ],
  });

  it('starts work at once on Kommen', () => {
    expect(optimisticState(state(), 'clockIn', now, 0)).toMatchObject({
      status: 'working',
      since: now.toISOString(),
    });
  });

  it('starts a break with the worked minutes so far and drops stale hints', () => {
    const next = optimisticState(working, 'startBreak', now, 300);
    expect(next).toMatchObject({ status: 'break', since: now.toISOString(), hints: [] });
    expect(next.today.workedMinutes).toBe(300);
  });

  it('ends the day on Gehen', () => {
    expect(optimisticState(working, 'clockOut', now, 300)).toMatchObject({
      status: 'off',
      since: null,
      entryId: null,
    });
  });
});

describe('liveWorkedMinutes', () => {
  it('adds the minutes since the fetch while working', () => {
    const s = state({
      status: 'working',
      today: { day: '2026-03-03', workedMinutes: 100, breakMinutes: 0 },
    });
    expect(liveWorkedMinutes(s, 0, 59_000)).toBe(100);
    expect(liveWorkedMinutes(s, 0, 60_000)).toBe(101);
    expect(liveWorkedMinutes(s, 0, 30 * 60_000)).toBe(130);
  });

  it('stands still on a break and when off, and never goes back for a skewed clock', () => {
    const b = state({
      status: 'break',
      today: { day: '2026-03-03', workedMinutes: 100, breakMinutes: 5 },
    });
    expect(liveWorkedMinutes(b, 0, 30 * 60_000)).toBe(100);
    const w = state({
      status: 'working',
      today: { day: '2026-03-03', workedMinutes: 100, breakMinutes: 0 },
    });
    expect(liveWorkedMinutes(w, 60_000, 0)).toBe(100);
  });
});

describe('missingBreakMinutes (§4 ArbZG)', () => {
  it.each([
    [360, 0, 0],
    [361, 0, 30],
    [400, 15, 15],
    [400, 30, 0],
    [540, 30, 0],
    [541, 30, 15],
    [600, 45, 0],
    [600, 0, 45],
  ])('%i min worked with %i min break misses %i min', (worked, taken, missing) => {
    expect(missingBreakMinutes(worked, taken)).toBe(missing);
  });
});

describe('forgottenClockOutDay', () => {
  it('names the day of a running entry from before today', () => {
    const s = state({ status: 'working', since: '2026-03-02T07:00:00Z' });
    expect(forgottenClockOutDay(s, BERLIN)).toBe('2026-03-02');
  });

  it('is null for an entry of today, also one started shortly after local midnight', () => {
    expect(
      forgottenClockOutDay(state({ status: 'working', since: '2026-03-03T07:00:00Z' }), BERLIN),
    ).toBeNull();
    // 23:30 UTC on 2 March is 00:30 on 3 March in Berlin.
    expect(
      forgottenClockOutDay(state({ status: 'working', since: '2026-03-02T23:30:00Z' }), BERLIN),
    ).toBeNull();
    expect(
      forgottenClockOutDay(state({ status: 'break', since: '2026-03-02T12:00:00Z' }), BERLIN),
    ).toBeNull();
  });
});

describe('undo and hints', () => {
  it('undoes Gehen only after work, not after a break', () => {
    expect(canUndoClockOut('working')).toBe(true);
    expect(canUndoClockOut('break')).toBe(false);
  });

  it('counts minutes to an instant', () => {
    expect(minutesUntil('2026-03-03T12:20:00Z', Date.parse('2026-03-03T12:00:00Z'))).toBe(20);
    expect(minutesUntil('2026-03-03T11:50:00Z', Date.parse('2026-03-03T12:00:00Z'))).toBe(-10);
  });
});
