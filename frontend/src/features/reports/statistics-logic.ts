/**
 * Shaping the statistics (Berichte → Statistik) for charts and tables without React: the rows
 * each chart plots and the key figure its first sentence states, so both can be tested on
 * plain data and the charts stay thin.
 */
import { shiftMonth, type Month } from '../../lib/calendar';

/** What the shaping needs of GET /reports/statistics (its ReportStatistics). */
export interface StatisticsData {
  absenceTypes: { id: string; nameDe: string; nameEn: string; color: string }[];
  months: {
    month: string;
    balanceAsOf: string | null;
    people: number;
    balance: { totalMinutes: number; averageMinutes: number } | null;
    absences: { typeId: string; days: number }[];
    absenceDays: number;
    findings: { violation: number; warning: number; info: number; total: number };
  }[];
  people: { userId: string; name: string; balances: (number | null)[] }[];
}

/** The ranges offered, in months; the API allows up to 24. */
export const RANGE_MONTHS = [6, 12, 24] as const;
export type RangeMonths = (typeof RANGE_MONTHS)[number];
export const DEFAULT_RANGE: RangeMonths = 12;

export function isRangeMonths(value: number): value is RangeMonths {
  return (RANGE_MONTHS as readonly number[]).includes(value);
}

/** The `months` months ending with `to` (inclusive). */
export function rangeEnding(to: Month, months: number): { from: Month; to: Month } {
  return { from: shiftMonth(to, 1 - months), to };
}

/** Minutes as hours for a chart axis (the axis and tooltip format them back as h:mm). */
const hours = (minutes: number) => minutes / 60;

export interface BalancePoint {
  month: string;
  /** Average balance per person in hours; null before the month begins or without people. */
  average: number | null;
  /** The chosen person's balance in hours; null while they are not employed (or none chosen). */
  person: number | null;
}

/** The balance trend: the average per person, and one person's line when chosen. */
export function balancePoints(data: StatisticsData, personId: string | null): BalancePoint[] {
  const person = personId === null ? undefined : data.people.find((p) => p.userId === personId);
  return data.months.map((m, i) => {
    const own = person?.balances[i];
    return {
      month: m.month,
      average: m.balance === null ? null : hours(m.balance.averageMinutes),
      person: own === null || own === undefined ? null : hours(own),
    };
  });
}

/** The last month with a balance (the running month while it runs): the trend's key figure. */
export function latestBalance(data: StatisticsData, personId: string | null) {
  for (let i = data.months.length - 1; i >= 0; i--) {
    const m = data.months[i]!;
    if (m.balance === null || m.balanceAsOf === null) continue;
    const own =
      personId === null
        ? null
        : (data.people.find((p) => p.userId === personId)?.balances[i] ?? null);
    return {
      month: m.month,
      asOf: m.balanceAsOf,
      averageMinutes: m.balance.averageMinutes,
      totalMinutes: m.balance.totalMinutes,
      people: m.people,
      personMinutes: own,
    };
  }
  return null;
}

/** One chart row per month: the days of each absence type under the type's id. */
export type AbsenceRow = { month: string } & Record<string, string | number>;

export function absenceRows(data: StatisticsData): AbsenceRow[] {
  return data.months.map((m) => {
    const row: AbsenceRow = { month: m.month };
    for (const type of data.absenceTypes) row[type.id] = 0;
    for (const a of m.absences) row[a.typeId] = a.days;
    return row;
  });
}

/** Days summed over the range per type, most first (ties in the company's order). */
export function absenceTotalsByType(data: StatisticsData): { typeId: string; days: number }[] {
  const totals = new Map(data.absenceTypes.map((t) => [t.id, 0]));
  for (const m of data.months) {
    for (const a of m.absences) totals.set(a.typeId, (totals.get(a.typeId) ?? 0) + a.days);
  }
  return [...totals]
    .map(([typeId, days]) => ({ typeId, days: roundDays(days) }))
    .filter((t) => t.days > 0)
    .sort((a, b) => b.days - a.days);
}

const roundDays = (days: number) => Math.round(days * 100) / 100;

/** The month with the most of `value` (the earliest of equals); null when all are zero. */
function peakOf<T extends { month: string }>(rows: readonly T[], value: (row: T) => number) {
  let peak: { month: string; value: number } | null = null;
  for (const row of rows) {
    const v = value(row);
    if (v > 0 && (peak === null || v > peak.value)) peak = { month: row.month, value: v };
  }
  return peak;
}

/** The absences' key figure: days in the range and the month with the most. */
export function absenceSummary(data: StatisticsData) {
  const total = roundDays(data.months.reduce((sum, m) => sum + m.absenceDays, 0));
  return { total, peak: peakOf(data.months, (m) => m.absenceDays) };
}

export interface FindingsRow {
  month: string;
  violation: number;
  warning: number;
  info: number;
  total: number;
}

export function findingsRows(data: StatisticsData): FindingsRow[] {
  return data.months.map((m) => ({ month: m.month, ...m.findings }));
}

/** The findings' key figure: all of the range, the violations among them, the worst month. */
export function findingsSummary(data: StatisticsData) {
  const rows = findingsRows(data);
  return {
    total: rows.reduce((sum, r) => sum + r.total, 0),
    violation: rows.reduce((sum, r) => sum + r.violation, 0),
    peak: peakOf(rows, (r) => r.total),
  };
}
