/**
 * Work intervals (Kommen/Gehen pairs) and what a day makes of them. Entries are start/end
 * intervals because employers must record start and end of daily working time (EuGH C-55/18,
 * BAG 1 ABR 22/21). An interval crossing local midnight is split there (DOMAIN.md); durations come
 * from UTC instants truncated to the minute (see truncateToMinute), so DST days come out right.
 */
import type { Day, LocalCalendar } from './time.js';
import { addDays, endOfLocalDay, localDay, MINUTE_MS, truncateToMinute } from './time.js';

/** §4 ArbZG: a break counts only in blocks of at least 15 minutes. */
export const MIN_BREAK_BLOCK_MINUTES = 15;

/** A recorded work interval; `end` null means the clock is still running. */
export interface WorkInterval {
  start: Date;
  end: Date | null;
}

/** The part of a work interval that falls on one local day; `running` marks the open end at `now`. */
export interface WorkPiece {
  start: Date;
  end: Date;
  minutes: number;
  running: boolean;
}

/** Continuous work: overlapping or touching pieces merged into one. */
export interface WorkBlock {
  start: Date;
  end: Date;
  minutes: number;
}

/** Work without a qualifying break: blocks joined across gaps shorter than 15 minutes. */
export interface WorkStretch {
  start: Date;
  end: Date;
  /** Elapsed time from start to end; the short gaps inside are not rest (§4), so they count. */
  minutes: number;
  /** Recorded work only, without the short gaps. */
  workedMinutes: number;
}

/** What a local day's work pieces add up to. */
export interface DayWork {
  workedMinutes: number;
  /** All gaps between consecutive pieces of the day. */
  breakMinutes: number;
  /** Only the gaps of at least 15 minutes: what counts as a break under §4 ArbZG. */
  qualifyingBreakMinutes: number;
  firstStart: Date | null;
  lastEnd: Date | null;
  longestStretchMinutes: number;
}

function minutesOf(start: Date, end: Date): number {
  return Math.round((end.getTime() - start.getTime()) / MINUTE_MS);
}

/**
 * Intervals with running ones closed at `now`, truncated to the minute and sorted by start.
 * A closed interval ending before it starts is a data error and throws; a running interval that
 * starts after `now` (clock skew) has no work yet and is left out, as are zero-length ones.
 */
export function closeIntervals(
  intervals: readonly WorkInterval[],
  now: Date,
): { start: Date; end: Date; running: boolean }[] {
  const closed: { start: Date; end: Date; running: boolean }[] = [];
  for (const interval of intervals) {
    const start = truncateToMinute(interval.start);
    const end = truncateToMinute(interval.end ?? now);
    if (interval.end !== null && interval.end.getTime() < interval.start.getTime()) {
      throw new RangeError(
        `work interval ends before it starts: ${interval.start.toISOString()} – ${interval.end.toISOString()}`,
      );
    }
    if (end.getTime() > start.getTime())
      closed.push({ start, end, running: interval.end === null });
  }
  return closed.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/**
 * Per local day (ascending), the pieces of the intervals, split at local midnight. A
 * `calendar` of the same zone (time.ts localCalendar) makes the day lookups cheap when many
 * intervals are split, e.g. a whole company's year.
 */
export function splitByLocalDay(
  intervals: readonly WorkInterval[],
  timeZone: string,
  now: Date,
  calendar?: LocalCalendar,
): Map<Day, WorkPiece[]> {
  if (calendar && calendar.timeZone !== timeZone) {
    throw new RangeError(`calendar of ${calendar.timeZone} used for ${timeZone}`);
  }
  const dayOf = (instant: Date) => calendar?.dayOf(instant) ?? localDay(instant, timeZone);
  const endOf = (day: Day) => calendar?.endOf(day) ?? endOfLocalDay(day, timeZone);
  const byDay = new Map<Day, WorkPiece[]>();
  for (const interval of closeIntervals(intervals, now)) {
    let start = interval.start;
    let day = dayOf(start);
    while (start.getTime() < interval.end.getTime()) {
      const dayEnd = endOf(day);
      const end = dayEnd.getTime() < interval.end.getTime() ? dayEnd : interval.end;
      const piece: WorkPiece = {
        start,
        end,
        minutes: minutesOf(start, end),
        running: interval.running && end === interval.end,
      };
      const pieces = byDay.get(day);
      if (pieces) pieces.push(piece);
      else byDay.set(day, [piece]);
      start = end;
      // The next day is needed only by intervals crossing midnight (rare; addDays is not free).
      if (start.getTime() < interval.end.getTime()) day = addDays(day, 1);
    }
  }
  // Already in order: the intervals are sorted by start, and every day between an interval's
  // first and last day got its piece on the way, so a later interval starts on a day that is
  // there already or after all of them – days come ascending, each day's pieces by start.
  return byDay;
}

/**
 * Pieces merged where they overlap or touch. Overlapping entries are counted once: the entries
 * module refuses overlaps, and a sum over them would invent work.
 */
export function mergeIntoBlocks(pieces: readonly { start: Date; end: Date }[]): WorkBlock[] {
  const sorted = [...pieces].sort((a, b) => a.start.getTime() - b.start.getTime());
  const blocks: WorkBlock[] = [];
  for (const piece of sorted) {
    const last = blocks.at(-1);
    if (last && piece.start.getTime() <= last.end.getTime()) {
      if (piece.end.getTime() > last.end.getTime()) {
        last.end = piece.end;
        last.minutes = minutesOf(last.start, last.end);
      }
    } else {
      blocks.push({
        start: piece.start,
        end: piece.end,
        minutes: minutesOf(piece.start, piece.end),
      });
    }
  }
  return blocks;
}

/** Blocks joined into stretches of work that no qualifying break (≥ 15 min) interrupts. */
export function workStretches(blocks: readonly WorkBlock[]): WorkStretch[] {
  const stretches: WorkStretch[] = [];
  for (const block of blocks) {
    const last = stretches.at(-1);
    if (last && minutesOf(last.end, block.start) < MIN_BREAK_BLOCK_MINUTES) {
      last.end = block.end;
      last.minutes = minutesOf(last.start, last.end);
      last.workedMinutes += block.minutes;
    } else {
      stretches.push({
        start: block.start,
        end: block.end,
        minutes: block.minutes,
        workedMinutes: block.minutes,
      });
    }
  }
  return stretches;
}

/** Only the worked minutes of a day's pieces: dayWork(pieces).workedMinutes, with less work. */
export function workedMinutes(pieces: readonly { start: Date; end: Date }[]): number {
  let minutes = 0;
  for (const block of mergeIntoBlocks(pieces)) minutes += block.minutes;
  return minutes;
}

/** Worked minutes, breaks, first start, last end and longest stretch of one day's pieces. */
export function dayWork(pieces: readonly { start: Date; end: Date }[]): DayWork {
  const blocks = mergeIntoBlocks(pieces);
  let workedMinutes = 0;
  let breakMinutes = 0;
  let qualifyingBreakMinutes = 0;
  let previous: WorkBlock | undefined;
  for (const block of blocks) {
    workedMinutes += block.minutes;
    if (previous) {
      const gap = minutesOf(previous.end, block.start);
      breakMinutes += gap;
      if (gap >= MIN_BREAK_BLOCK_MINUTES) qualifyingBreakMinutes += gap;
    }
    previous = block;
  }
  return {
    workedMinutes,
    breakMinutes,
    qualifyingBreakMinutes,
    firstStart: blocks[0]?.start ?? null,
    lastEnd: blocks.at(-1)?.end ?? null,
    longestStretchMinutes: Math.max(0, ...workStretches(blocks).map((s) => s.minutes)),
  };
}

/**
 * The instant at which the pieces reach `minutes` of work, or null if they never do. Used for
 * "when did the 6 h / 10 h mark pass".
 */
export function instantWhenWorked(
  pieces: readonly { start: Date; end: Date }[],
  minutes: number,
): Date | null {
  let remaining = minutes;
  for (const block of mergeIntoBlocks(pieces)) {
    if (block.minutes >= remaining) return new Date(block.start.getTime() + remaining * MINUTE_MS);
    remaining -= block.minutes;
  }
  return null;
}
