/**
 * Sorting and summing the team month (Team / Monatsübersicht) without React, so the order of
 * the rows and the counts at the top can be tested on plain data.
 */

export type LockStatus = 'open' | 'submitted' | 'approved';

export interface TeamMonthRow {
  userId: string;
  name: string;
  teamId: string | null;
  totals: { targetMinutes: number; workedMinutes: number; diffMinutes: number };
  balance: number;
  balanceAsOf: string;
  lock: LockStatus;
  findings: { violation: number; warning: number; info: number };
}

export const SORT_KEYS = [
  'name',
  'target',
  'worked',
  'diff',
  'balance',
  'lock',
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

/** What needs the manager first: handed in before open, open before done. */
const LOCK_ORDER: Record<LockStatus, number> = { submitted: 0, open: 1, approved: 2 };

/** Violations weigh more than any number of warnings, warnings more than notes. */
function findingsWeight(f: TeamMonthRow['findings']): number {
  return f.violation * 1_000_000 + f.warning * 1_000 + f.info;
}

const VALUE: Record<Exclude<SortKey, 'name'>, (row: TeamMonthRow) => number> = {
  target: (r) => r.totals.targetMinutes,
  worked: (r) => r.totals.workedMinutes,
  diff: (r) => r.totals.diffMinutes,
  balance: (r) => r.balance,
  lock: (r) => LOCK_ORDER[r.lock],
  findings: (r) => findingsWeight(r.findings),
};

/**
 * Rows in the chosen order; ties (and the name column) go by name in the UI language's
 * alphabet, so "Özdemir" sorts with the O's in German.
 */
export function sortRows(rows: readonly TeamMonthRow[], sort: Sort, locale: string) {
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  const byName = (a: TeamMonthRow, b: TeamMonthRow) => collator.compare(a.name, b.name);
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (sort.key === 'name') return sign * byName(a, b);
    const diff = VALUE[sort.key](a) - VALUE[sort.key](b);
    return diff !== 0 ? sign * diff : byName(a, b);
  });
}

/** A click on a column header: the same column flips, a new one starts in its natural order. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) {
    return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  // Names read A→Z; for numbers and findings the largest (or most urgent) come first.
  return { key, direction: key === 'name' || key === 'lock' ? 'asc' : 'desc' };
}

export interface TeamMonthSummary {
  people: number;
  submitted: number;
  approved: number;
  open: number;
  /** People with at least one violation / at least one warning in the month. */
  withViolations: number;
  withWarnings: number;
}

/** The counts above the table ("3 abgegeben, 2 mit Verstößen"). */
export function summarize(rows: readonly TeamMonthRow[]): TeamMonthSummary {
  const count = (test: (row: TeamMonthRow) => boolean) => rows.filter(test).length;
  return {
    people: rows.length,
    submitted: count((r) => r.lock === 'submitted'),
    approved: count((r) => r.lock === 'approved'),
    open: count((r) => r.lock === 'open'),
    withViolations: count((r) => r.findings.violation > 0),
    withWarnings: count((r) => r.findings.warning > 0),
  };
}
