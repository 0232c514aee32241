/**
 * The rules of the time clock screen as pure functions: which buttons a state offers, what the
 * state looks like right after a tap (optimistic update), today's live worked time, the ArbZG
 * break minimum at Gehen, and a running entry left over from an earlier day.
 */
import type { components } from '../../api/schema';
import { localDayOf, type Day } from '../../lib/zoned-time';

export type ClockState = components['schemas']['ClockState'];
export type ClockStatus = ClockState['status'];
export type ClockAction = 'clockIn' | 'startBreak' | 'endBreak' | 'clockOut';

/** The big button and, while working or on a break, the one beside it ("Pause" | "Gehen"). */
export function actionsFor(status: ClockStatus): { primary: ClockAction; secondary?: ClockAction } {
  switch (status) {
    case 'off':
      return { primary: 'clockIn' };
    case 'working':
      return { primary: 'startBreak', secondary: 'clockOut' };
    case 'break':
      return { primary: 'endBreak', secondary: 'clockOut' };
  }
}

/** What the state will be once the server has taken the action, to show it at once. */
export function optimisticState(
  state: ClockState,
  action: ClockAction,
  now: Date,
  workedMinutes: number,
): ClockState {
  const at = now.toISOString();
  const today = { ...state.today, workedMinutes };
  switch (action) {
    case 'clockIn':
    case 'endBreak':
      // The hints depend on the new entry: the server's answer brings them.
      return { ...state, status: 'working', since: at, entryId: null, today, hints: [] };
    case 'startBreak':
      return { ...state, status: 'break', since: at, today, hints: [] };
    case 'clockOut':
      return { ...state, status: 'off', since: null, entryId: null, today, hints: [] };
  }
}

/**
 * Today's worked minutes now: the server's figure at the time it was fetched plus the minutes
 * that passed since, while working. Re-synced with the server regularly, so drift stays small.
 */
export function liveWorkedMinutes(state: ClockState, fetchedAt: number, now: number): number {
  if (state.status !== 'working') return state.today.workedMinutes;
  return state.today.workedMinutes + Math.max(0, Math.floor((now - fetchedAt) / 60_000));
}

/** §4 ArbZG: more than 6 h of work need 30 min of breaks, more than 9 h need 45 min. */
export const BREAK_RULES = [
  { afterMinutes: 9 * 60, breakMinutes: 45 },
  { afterMinutes: 6 * 60, breakMinutes: 30 },
] as const;

/**
 * How many break minutes are missing for the day's work (0 when the minimum is met), from
 * today's figures. Like the backend's rules it uses "more than" 6 h / 9 h (DOMAIN.md).
 */
export function missingBreakMinutes(workedMinutes: number, breakMinutes: number): number {
  const rule = BREAK_RULES.find((r) => workedMinutes > r.afterMinutes);
  return rule ? Math.max(0, rule.breakMinutes - breakMinutes) : 0;
}

/**
 * The day a running entry started, when that is before today: someone forgot to clock out.
 * Stamping on would record a shift through the night, so the screen asks to fix it instead.
 */
export function forgottenClockOutDay(state: ClockState, timeZone: string): Day | null {
  if (state.status !== 'working' || !state.since) return null;
  const day = localDayOf(state.since, timeZone);
  return day < state.today.day ? day : null;
}

/**
 * Whether Gehen can be undone honestly. After Gehen from work, undo clocks in again through the
 * API: the record then shows the short gap, which is the truth. After Gehen during a break the
 * server only turned the break into the end of the day; no API call restores "on a break", so
 * there is no undo rather than a fake one.
 */
export function canUndoClockOut(previous: ClockStatus): boolean {
  return previous === 'working';
}

/** Minutes until an instant (negative once it has passed), rounded like the server. */
export function minutesUntil(at: string, now: number): number {
  return Math.round((new Date(at).getTime() - now) / 60_000);
}
