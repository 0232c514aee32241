/**
 * Sorting the overview (Berichte & Export) without React, so the order of 300 rows can be
 * tested on plain data and computed once per change instead of in every row.
 */

/** What the table needs of a row (the API's ReportOverview person). */
export interface OverviewSortRow {
  name: string;
  targetMinutes: number;
  workedMinutes: number;
  diffMinutes: number;
  balanceMinutes: number;
  vacationTakenDays: number;
  vacationRemainingDays: number;
  sickDays: number;
  otherAbsenceDays: number;
  findings: { violation: number; warning: number; info: number };
}

export const SORT_KEYS = [
  'name',
  'target',
  'worked',
  'diff',
  'balance',
  'vacation',
  'sick',
  'other',
  'findings',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';
export interface Sort {
  key: SortKey;
  direction: SortDirection;
}

export function isSortKey(value: string | null): value is SortKey {
  return (SORT_KEYS as readonly (string | null)[]).includes(value);
}

/** Violations weigh more than any number of warnings, warnings more than notes. */
function findingsWeight(f: OverviewSortRow['findings']): number {
  return f.violation * 1_000_000 + f.warning * 1_000 + f.info;
}

const VALUE: Record<Exclude<SortKey, 'name'>, (row: OverviewSortRow) => number> = {
  target: (r) => r.targetMinutes,
  worked: (r) => r.workedMinutes,
  diff: (r) => r.diffMinutes,
  balance: (r) => r.balanceMinutes,
  // The column shows "taken / left": what is left is what HR plans with.
  vacation: (r) => r.vacationRemainingDays,
  sick: (r) => r.sickDays,
  other: (r) => r.otherAbsenceDays,
  findings: (r) => findingsWeight(r.findings),
};

/**
 * Rows in the chosen order; ties (and the name column) go by name in the UI language's
 * alphabet, so "Özdemir" sorts with the O's in German.
 */
export function sortRows<T extends OverviewSortRow>(
  rows: readonly T[],
  sort: Sort,
  locale: string,
): T[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  const sign = sort.direction === 'asc' ? 1 : -1;
  const byName = (a: T, b: T) => collator.compare(a.name, b.name);
  if (sort.key === 'name') return [...rows].sort((a, b) => sign * byName(a, b));
  const value = VALUE[sort.key];
  return [...rows].sort((a, b) => sign * (value(a) - value(b)) || byName(a, b));
}

/** Clicking a header: the same column flips its direction; a new column starts ascending by
 * name, descending by figure (the largest balances and most sick days first). */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) {
    return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  return { key, direction: key === 'name' ? 'asc' : 'desc' };
}
