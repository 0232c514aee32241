/**
 * One-click suggestions for Betriebsruhetage: 24 and 31 December are no public holidays, but
 * many companies give them as half days (DOMAIN.md, vacation section).
 */

export type SuggestionKey = 'christmasEve' | 'newYearsEve';

export interface ClosureSuggestion {
  key: SuggestionKey;
  day: string;
  half: true;
}

/** The half-day suggestions of `year` that are not set yet. */
export function closureSuggestions(
  year: number,
  existing: readonly { day: string }[],
): ClosureSuggestion[] {
  const taken = new Set(existing.map((c) => c.day));
  const candidates: ClosureSuggestion[] = [
    { key: 'christmasEve', day: `${year}-12-24`, half: true },
    { key: 'newYearsEve', day: `${year}-12-31`, half: true },
  ];
  return candidates.filter((c) => !taken.has(c.day));
}

/** The first and last day of a year, for the API's period query. */
export function yearRange(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}
