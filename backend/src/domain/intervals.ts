/**
 * Work intervals (Kommen/Gehen pairs) and what a day makes of them. Entries are start/end
 * intervals because employers must record start and end of daily working time (EuGH C-55/18,
 * BAG 1 ABR 22/21). An interval crossing local midnight is split there (DOMAIN.md); durations come
 * from UTC instants truncated to the minute (see truncateToMinute), so DST days come out right.
 */
import type { Day, LocalCalendar } from './time.js';
import { addDays, endOfLocalDay, localDay, MINUTE_MS } from './time.js';

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

/** A work interval closed at `now` if running, on whole minutes (see closeIntervals). */
export interface ClosedInterval {
  start: Date;
  end: Date;
  running: boolean;
}

/**
 * Intervals with running ones closed at `now`, truncated to the minute and sorted by start.
 * A closed interval ending before it starts is a data error and throws; a running interval that
 * starts after `now` (clock skew) has no work yet and is left out, as are zero-length ones.
 */
export function closeIntervals(intervals: readonly WorkInterval[], now: Date): ClosedInterval[] {
  const closed: ClosedInterval[] = [];
  const nowMs = onTheMinute(now.getTime());
  for (const interval of intervals) {
    const startMs = interval.start.getTime();
    const rawEndMs = interval.end?.getTime();
    if (rawEndMs !== undefined && rawEndMs < startMs) {
      throw new RangeError(
        `work interval ends before it starts: ${interval.start.toISOString()} – ${interval.end!.toISOString()}`,
      );
    }
    // truncateToMinute on the numbers: a new Date only where one is needed (a company's year
    // has ~100 000 instants, most of them on the minute already; Dates are never changed).
    const start = onTheMinute(startMs);
    const end = rawEndMs === undefined ? nowMs : onTheMinute(rawEndMs);
    if (end > start) {
      closed.push({
        start: start === startMs ? interval.start : new Date(start),
        end: end === rawEndMs ? interval.end! : new Date(end),
        running: interval.end === null,
      });
    }
  }
  return closed.sort((a, b) => a.start.getTime() - b.start.getTime());
}

const onTheMinute = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

/**
 * A person's intervals closed and split into local days once, for everything that needs them:
 * the balances and the ArbZG checks of a report would otherwise each do it again.
 */
export interface SplitWork {
  /** The intervals as given. */
  intervals: readonly WorkInterval[];
  /** closeIntervals of the intervals. */
  closed: readonly ClosedInterval[];
  /** Per local day (ascending), the pieces of the closed intervals, split at local midnight. */
  byDay: ReadonlyMap<Day, WorkPiece[]>;
  /** Worked minutes of each day of byDay (overlaps counted once: workedMinutes). */
  worked: ReadonlyMap<Day, number>;
}

/** Closes and splits the intervals (see SplitWork); `calendar` as for splitByLocalDay. */
export function splitWork(
  intervals: readonly WorkInterval[],
  timeZone: string,
  now: Date,
  calendar?: LocalCalendar,
): SplitWork {
  const closed = closeIntervals(intervals, now);
  const byDay = splitClosed(closed, timeZone, calendar);
  const worked = new Map<Day, number>();
  for (const [day, pieces] of byDay) worked.set(day, workedMinutes(pieces));
  return { intervals, closed, byDay, worked };
}

/**
 * What splitWork gives for only those of the split's intervals that end after `instant` (a
 * whole minute), taken from the split; undefined when one of them runs across the instant,
 * since its pieces before the instant could not be told apart from the others' (rare: a night
 * shift over the midnight asked for).
 */
export function splitWorkAfter(split: SplitWork, instant: Date): SplitWork | undefined {
  const at = instant.getTime();
  if (at !== onTheMinute(at)) throw new RangeError('not a whole minute');
  const intervals: WorkInterval[] = [];
  for (const i of split.intervals) {
    if (i.end !== null && i.end.getTime() <= at) continue;
    if (i.start.getTime() < at) return undefined;
    intervals.push(i);
  }
  // Every interval now ends by the instant or starts at or after it, so a piece is a later
  // interval's exactly when it starts at or after the instant.
  const byDay = new Map<Day, WorkPiece[]>();
  const worked = new Map<Day, number>();
  for (const [day, pieces] of split.byDay) {
    if (pieces.at(-1)!.start.getTime() < at) continue;
    if (pieces[0]!.start.getTime() >= at) {
      byDay.set(day, pieces);
      worked.set(day, split.worked.get(day)!);
    } else {
      const kept = pieces.filter((p) => p.start.getTime() >= at);
      byDay.set(day, kept);
      worked.set(day, workedMinutes(kept));
    }
  }
  return {
    intervals,
    closed: split.closed.filter((c) => c.start.getTime() >= at),
    byDay,
    worked,
  };
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
  return splitClosed(closeIntervals(intervals, now), timeZone, calendar);
}

function splitClosed(
  closed: readonly ClosedInterval[],
  timeZone: string,
  calendar?: LocalCalendar,
): Map<Day, WorkPiece[]> {
  if (calendar && calendar.timeZone !== timeZone) {
    throw new RangeError(`calendar of ${calendar.timeZone} used for ${timeZone}`);
  }
  const dayOf = (instant: Date) => calendar?.dayOf(instant) ?? localDay(instant, timeZone);
  const endOf = (day: Day) => calendar?.endOf(day) ?? endOfLocalDay(day, timeZone);
  const byDay = new Map<Day, WorkPiece[]>();
  // Instants in [low, dayEnd) are on `day`: most intervals start on the day the one before them
  // ended, which saves looking their day up.
  let day: Day | undefined;
  let low = 0;
  let dayEnd = new Date(0);
  for (const interval of closed) {
    let start = interval.start;
    if (day === undefined || start.getTime() < low || start.getTime() >= dayEnd.getTime()) {
      day = dayOf(start);
      low = start.getTime();
      dayEnd = endOf(day);
    }
    for (;;) {
      const crosses = dayEnd.getTime() < interval.end.getTime();
      const end = crosses ? dayEnd : interval.end;
      const piece: WorkPiece = {
        start,
        end,
        minutes: minutesOf(start, end),
        running: interval.running && !crosses,
      };
      const pieces = byDay.get(day);
      if (pieces) pieces.push(piece);
      else byDay.set(day, [piece]);
      if (!crosses) break;
      // On through midnight (rare; addDays is not free): the next day starts where this ends.
      start = dayEnd;
      low = dayEnd.getTime();
      day = addDays(day, 1);
      dayEnd = endOf(day);
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
  const sorted = byStart(pieces);
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
  // mergeIntoBlocks without building the blocks: a company's year has ~100 000 days of work.
  let total = 0;
  let blockStart = 0;
  let blockEnd = -Infinity;
  for (const piece of byStart(pieces)) {
    const start = piece.start.getTime();
    const end = piece.end.getTime();
    if (start <= blockEnd) {
      if (end > blockEnd) blockEnd = end;
      continue;
    }
    if (blockEnd !== -Infinity) total += Math.round((blockEnd - blockStart) / MINUTE_MS);
    blockStart = start;
    blockEnd = end;
  }
  if (blockEnd !== -Infinity) total += Math.round((blockEnd - blockStart) / MINUTE_MS);
  return total;
}

/** The pieces sorted by start: as given when they are (splitWork's are), else a sorted copy. */
function byStart<T extends { start: Date }>(pieces: readonly T[]): readonly T[] {
  for (let i = 1; i < pieces.length; i++) {
    if (pieces[i]!.start.getTime() < pieces[i - 1]!.start.getTime()) {
      return [...pieces].sort((a, b) => a.start.getTime() - b.start.getTime());
    }
  }
  return pieces;
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
