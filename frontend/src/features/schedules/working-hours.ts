/**
 * The rules of the Arbeitszeitmodell form, without React: reading hours as people type them,
 * the weekly sum, and which version of a schedule is in force on a day.
 */
import type { Day } from '../../lib/calendar';

/** Monday … Sunday, the order of `minutesPerWeekday` in the API. */
export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;
export const MINUTES_PER_DAY = 24 * 60;

const DECIMAL = /^(\d{1,2})(?:[.,](\d{1,2}))?$/;
const CLOCK = /^(\d{1,2}):([0-5]\d)$/;

/**
 * Hours as typed: "7,5" and "7.5" are decimal hours, "7:30" is hours and minutes; both mean
 * 7 h 30 min (UX.md). A trailing "h" is allowed. Returns minutes, or null when the text is not
 * a duration of at most 24 hours.
 */
export function parseHours(text: string): number | null {
  const value = text.trim().replace(/\s*h$/i, '');
  let minutes: number | null = null;
  const clock = CLOCK.exec(value);
  if (clock) minutes = Number(clock[1]) * 60 + Number(clock[2]);
  const decimal = DECIMAL.exec(value);
  if (decimal) {
    const fraction = decimal[2] ? Number(`0.${decimal[2]}`) : 0;
    minutes = Math.round((Number(decimal[1]) + fraction) * 60);
  }
  if (minutes === null || minutes > MINUTES_PER_DAY) return null;
  return minutes;
}

/** Minutes as the form shows them for editing: 450 → "7:30", 480 → "8". */
export function hoursText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? String(hours) : `${hours}:${String(rest).padStart(2, '0')}`;
}

/** Whole hours and remaining minutes, for "7,5 = 7 h 30 min". */
export function splitMinutes(minutes: number): { hours: number; minutes: number } {
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

export type HoursMode = 'same' | 'perDay';

/** What the admin has entered: working days, and hours either once or per weekday. */
export interface ScheduleDraft {
  workdays: boolean[];
  mode: HoursMode;
  sameHours: string;
  hoursPerDay: string[];
}

export interface DraftResult {
  /** Minutes Mon..Sun, or null while an entry cannot be read. */
  minutesPerWeekday: number[] | null;
  /** Weekdays whose hours cannot be read (with mode 'same': every working day). */
  invalidDays: number[];
  /** Sum over the days that could be read, for the live weekly sum. */
  weeklyMinutes: number;
}

/** Turns the form into minutes per weekday; free days count 0 whatever their field says. */
export function readDraft(draft: ScheduleDraft): DraftResult {
  const invalidDays: number[] = [];
  const minutes = WEEKDAYS.map((day) => {
    if (!draft.workdays[day]) return 0;
    const text = draft.mode === 'same' ? draft.sameHours : (draft.hoursPerDay[day] ?? '');
    const parsed = parseHours(text);
    if (parsed === null) invalidDays.push(day);
    return parsed ?? 0;
  });
  return {
    minutesPerWeekday: invalidDays.length === 0 ? minutes : null,
    invalidDays,
    weeklyMinutes: minutes.reduce((sum, m) => sum + m, 0),
  };
}

/** A form prefilled from a version (or the usual 8 hours Monday to Friday). */
export function draftFrom(minutesPerWeekday: readonly number[] | null): ScheduleDraft {
  if (!minutesPerWeekday) {
    return {
      workdays: [true, true, true, true, true, false, false],
      mode: 'same',
      sameHours: '8',
      hoursPerDay: ['8', '8', '8', '8', '8', '', ''],
    };
  }
  const workdays = WEEKDAYS.map((day) => (minutesPerWeekday[day] ?? 0) > 0);
  const worked = minutesPerWeekday.filter((m) => m > 0);
  const allSame = worked.every((m) => m === worked[0]);
  return {
    workdays,
    mode: allSame ? 'same' : 'perDay',
    sameHours: worked[0] === undefined ? '8' : hoursText(worked[0]),
    hoursPerDay: WEEKDAYS.map((day) =>
      workdays[day] ? hoursText(minutesPerWeekday[day] ?? 0) : '',
    ),
  };
}

export interface ScheduleVersion {
  id: string;
  userId: string | null;
  validFrom: Day;
  minutesPerWeekday: number[];
}

/** Newest "gültig ab" first, as the history lists them. */
export function newestFirst<T extends ScheduleVersion>(versions: readonly T[]): T[] {
  return [...versions].sort((a, b) => b.validFrom.localeCompare(a.validFrom));
}

/** The version that sets the targets on `day`: the latest that has started by then. */
export function versionOn<T extends ScheduleVersion>(versions: readonly T[], day: Day): T | null {
  return newestFirst(versions).find((v) => v.validFrom <= day) ?? null;
}

/**
 * Whose schedule applies to a person on `day`: their own where one has started, else the
 * company default (the same rule as the backend's timesheet).
 */
export function scheduleInForce<T extends ScheduleVersion>(
  own: readonly T[],
  companyDefault: readonly T[],
  day: Day,
): { version: T; source: 'own' | 'default' } | null {
  const personal = versionOn(own, day);
  if (personal) return { version: personal, source: 'own' };
  const fallback = versionOn(companyDefault, day);
  return fallback ? { version: fallback, source: 'default' } : null;
}

/** Only versions that have not started can be removed (the API refuses the others). */
export function isFuture(version: ScheduleVersion, today: Day): boolean {
  return version.validFrom > today;
}
