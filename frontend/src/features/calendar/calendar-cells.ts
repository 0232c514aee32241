/**
 * What one cell of the team calendar shows: which absence covers a person's day and which half
 * of it (half days are split cells, UX.md rule 3), and the letter code that goes with the
 * colour so that colour never carries the meaning alone.
 */
import type { Day } from '../../lib/calendar';

export interface CellAbsence {
  id: string;
  from: Day;
  to: Day | null;
  halfDayStart: boolean;
  halfDayEnd: boolean;
  status: 'requested' | 'pre_approved' | 'approved' | 'cancel_requested';
  type: { id: string; name: { de: string; en: string }; color: string } | null;
}

/** full: the whole day; am: only the morning (back at noon); pm: only from noon. */
export type DayPart = 'full' | 'am' | 'pm';

export interface Cell<A extends CellAbsence = CellAbsence> {
  absence: A;
  part: DayPart;
}

/** Colour of absences whose type the viewer may not know ("abwesend"): grey, ≥ 4.5:1 on white. */
export const ABSENT_COLOR = '#495057';

/** The last day an absence covers; an open sickness runs until today (or its start). */
export function lastDayOf(absence: CellAbsence, today: Day): Day {
  if (absence.to) return absence.to;
  return today > absence.from ? today : absence.from;
}

/** The absence covering `day`, with the half of the day it takes, or null. */
export function cellOf<A extends CellAbsence>(
  absences: readonly A[],
  day: Day,
  today: Day,
): Cell<A> | null {
  for (const absence of absences) {
    const last = lastDayOf(absence, today);
    if (day < absence.from || day > last) continue;
    if (day === absence.from && absence.halfDayStart) return { absence, part: 'pm' };
    if (day === last && absence.to && absence.halfDayEnd) return { absence, part: 'am' };
    return { absence, part: 'full' };
  }
  return null;
}

/** Requested, pre-approved and cancel-requested absences are shown outlined. */
export function isPending(absence: Pick<CellAbsence, 'status'>): boolean {
  return absence.status !== 'approved';
}

/**
 * The letter code of a type name: the initials of its words ("Kind krank" → "KK"), or the
 * first letter for one word ("Urlaub" → "U"), at most two letters.
 */
export function letterCode(name: string): string {
  const words = name
    .split(/[\s/-]+/)
    .map((w) => w.trim())
    .filter((w) => /\p{L}/u.test(w));
  const letters = words.map((w) => (/\p{L}/u.exec(w)?.[0] ?? '').toUpperCase());
  return letters.slice(0, 2).join('') || '?';
}

/** "Erika Mustermann" → "EM" (names on phones). */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = parts[0]![0] ?? '';
  const last = parts.length > 1 ? (parts.at(-1)![0] ?? '') : '';
  return (first + last).toUpperCase();
}

/**
 * The accessible name of a row's name link. On phones the cell shows only a short form (the
 * initials), and a name has to contain what is shown (WCAG 2.5.3, as with the letter codes):
 * "UU: Ulla Urlaub". `shown` is that short form where it is what is visible, else null.
 */
export function rowNameLabel(name: string, shown: string | null): string {
  return shown ? `${shown}: ${name}` : name;
}
