/**
 * What people type into the Von / Bis / Dauer fields of a time entry, and the rule "enter any two
 * of Von, Bis and Dauer and the third is computed" (UX.md, Meine Zeiten). Pure, so every accepted
 * spelling is tested; the drawer only wires these to inputs.
 */
import {
  localDayOf,
  localMinutesOf,
  minutesBetween,
  zonedInstant,
  type Day,
} from '../../lib/zoned-time';

const MINUTES_PER_DAY = 24 * 60;

/**
 * A clock time as minutes after midnight, or null: "930" and "0930" → 09:30, "9:30", "9.30",
 * "9,30" and "9" → 09:00 / 09:30, "17" → 17:00, "1730" → 17:30. Hours 0–23, minutes 0–59.
 */
export function parseClockTime(text: string): number | null {
  const value = text.trim().replace(/\s*(uhr|h)$/i, '');
  let hours: number;
  let minutes: number;
  const separated = /^(\d{1,2})[:.,](\d{2})$/.exec(value);
  if (separated) {
    hours = Number(separated[1]);
    minutes = Number(separated[2]);
  } else if (/^\d{1,2}$/.test(value)) {
    hours = Number(value);
    minutes = 0;
  } else if (/^\d{3,4}$/.test(value)) {
    // The last two digits are the minutes: 930 → 9:30, 1730 → 17:30.
    hours = Number(value.slice(0, -2));
    minutes = Number(value.slice(-2));
  } else {
    return null;
  }
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

/**
 * A duration in minutes, or null: "7:30" (hours:minutes), "7,5" and "7.5" (decimal hours), "7"
 * (hours), "7 h 30 min", "7h30", "45 min" / "45m". Up to 24 hours; zero is not a duration.
 */
export function parseDuration(text: string): number | null {
  const value = text.trim().toLowerCase().replace(/\s+/g, ' ');
  let minutes: number | null = null;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{1,2}):(\d{2})( ?h)?$/.exec(value))) {
    if (Number(match[2]) > 59) return null;
    minutes = Number(match[1]) * 60 + Number(match[2]);
  } else if ((match = /^(\d{1,2})(?:[.,](\d{1,2}))? ?(h|std\.?)?$/.exec(value))) {
    const fraction = match[2] ? Number(`0.${match[2]}`) : 0;
    minutes = Math.round((Number(match[1]) + fraction) * 60);
  } else if ((match = /^(\d{1,2}) ?h ?(\d{1,2}) ?(m|min)?$/.exec(value))) {
    if (Number(match[2]) > 59) return null;
    minutes = Number(match[1]) * 60 + Number(match[2]);
  } else if ((match = /^(\d{1,4}) ?(m|min)$/.exec(value))) {
    minutes = Number(match[1]);
  }
  if (minutes === null || minutes <= 0 || minutes > MINUTES_PER_DAY) return null;
  return minutes;
}

/** Minutes after midnight as "09:30". */
export function formatClockTime(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A duration in minutes as the field shows it: "7:30". */
export function formatDurationInput(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

export type TimeField = 'start' | 'end' | 'duration';

/** The three fields as parsed numbers (null: empty or not understood). */
export interface EntryTimes {
  /** Von, minutes after midnight of the entry's day. */
  start: number | null;
  /** Bis, minutes after midnight; earlier than Von means the next day. */
  end: number | null;
  /** Dauer in real minutes (a DST night has one hour more or less than the clock suggests). */
  duration: number | null;
}

/** The start and end instants of an entry on `day`, or why there are none. */
export type EntryInstants =
  | { ok: true; start: Date; end: Date; endsNextDay: boolean; minutes: number }
  | { ok: false; problem: 'incomplete' | 'startMissing' | 'endMissing' | 'empty' };

/**
 * Turns Von and Bis on a day into instants. A Bis not after Von is on the next day (a night
 * shift crossing midnight); a time skipped by the DST jump does not exist and is refused.
 */
export function entryInstants(
  day: Day,
  start: number,
  end: number,
  timeZone: string,
): EntryInstants {
  const endsNextDay = end <= start;
  const startAt = zonedInstant(day, start, timeZone);
  if (!startAt) return { ok: false, problem: 'startMissing' };
  const endDay = endsNextDay ? nextDay(day) : day;
  const endAt = zonedInstant(endDay, end, timeZone);
  if (!endAt) return { ok: false, problem: 'endMissing' };
  const minutes = minutesBetween(startAt, endAt);
  if (minutes <= 0) return { ok: false, problem: 'empty' };
  return { ok: true, start: startAt, end: endAt, endsNextDay, minutes };
}

function nextDay(day: Day): Day {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + 1));
  return date.toISOString().slice(0, 10);
}

/**
 * Fills the field the person did not type. `lastTwo` are the two fields edited most recently;
 * the third is computed from them, with real instants so DST nights come out right. Returns the
 * times unchanged when the two are not both understood or the result would not exist.
 */
export function completeEntryTimes(
  day: Day,
  times: EntryTimes,
  lastTwo: readonly TimeField[],
  timeZone: string,
): EntryTimes {
  if (lastTwo.length < 2) return times;
  const computed = (['start', 'end', 'duration'] as const).find((f) => !lastTwo.includes(f));
  const { start, end, duration } = times;
  if (computed === 'duration' && start !== null && end !== null) {
    const instants = entryInstants(day, start, end, timeZone);
    return instants.ok ? { ...times, duration: instants.minutes } : times;
  }
  if (computed === 'end' && start !== null && duration !== null) {
    const startAt = zonedInstant(day, start, timeZone);
    if (!startAt) return times;
    const endAt = new Date(startAt.getTime() + duration * 60_000);
    return { ...times, end: localMinutesOf(endAt, timeZone) };
  }
  if (computed === 'start' && end !== null && duration !== null) {
    // Bis on this day; Von must then lie on this day too (the drawer edits one day's entries).
    const endAt = zonedInstant(day, end, timeZone);
    if (!endAt) return times;
    const startAt = new Date(endAt.getTime() - duration * 60_000);
    if (localDayOf(startAt, timeZone) !== day) return times;
    return { ...times, start: localMinutesOf(startAt, timeZone) };
  }
  return times;
}

/** The two most recently edited fields after `field` was edited. */
export function touch(lastTwo: readonly TimeField[], field: TimeField): TimeField[] {
  return [...lastTwo.filter((f) => f !== field), field].slice(-2);
}
