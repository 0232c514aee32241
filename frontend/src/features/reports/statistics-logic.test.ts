import { describe, expect, it } from 'vitest';
import type { StatisticsData } from './statistics-logic';
import {
  absenceRows,
  absenceSummary,
  absenceTotalsByType,
  balancePoints,
  findingsRows,
  findingsSummary,
  isRangeMonths,
  latestBalance,
  rangeEnding,
} from './statistics-logic';

const VACATION = 'type-vacation';
const SICK = 'type-sick';
const none = { violation: 0, warning: 0, info: 0, total: 0 };

/** March and April are over, May runs (today 6 May), June has not begun. */
const data: StatisticsData = {
  absenceTypes: [
    { id: VACATION, nameDe: 'Urlaub', nameEn: 'Vacation', color: '#2563EB' },
    { id: SICK, nameDe: 'Krank', nameEn: 'Sick', color: '#DC2626' },
  ],
  months: [
    {
      month: '2026-03',
      balanceAsOf: '2026-03-31',
      people: 2,
      balance: { totalMinutes: 150, averageMinutes: 75 },
      absences: [{ typeId: VACATION, days: 4.5 }],
      absenceDays: 4.5,
      findings: { violation: 1, warning: 2, info: 0, total: 3 },
    },
    {
      month: '2026-04',
      balanceAsOf: '2026-04-30',
      people: 2,
      balance: { totalMinutes: -60, averageMinutes: -30 },
      absences: [
        { typeId: VACATION, days: 2 },
        { typeId: SICK, days: 3 },
      ],
      absenceDays: 5,
      findings: { violation: 0, warning: 1, info: 2, total: 3 },
    },
    {
      month: '2026-05',
      balanceAsOf: '2026-05-06',
      people: 1,
      balance: { totalMinutes: 90, averageMinutes: 90 },
      absences: [],
      absenceDays: 0,
      findings: none,
    },
    {
      month: '2026-06',
      balanceAsOf: null,
      people: 1,
      balance: null,
      absences: [],
      absenceDays: 0,
      findings: none,
    },
  ],
  people: [
    { userId: 'anna', name: 'Anna', balances: [120, -30, 90, null] },
    // Left at the end of April.
    { userId: 'ben', name: 'Ben', balances: [30, -30, null, null] },
  ],
};

describe('range', () => {
  it('ends with the chosen month and spans the chosen number of months', () => {
    expect(rangeEnding('2026-05', 12)).toEqual({ from: '2025-06', to: '2026-05' });
    expect(rangeEnding('2026-01', 6)).toEqual({ from: '2025-08', to: '2026-01' });
    expect(rangeEnding('2026-05', 24)).toEqual({ from: '2024-06', to: '2026-05' });
  });

  it('offers only the ranges the API allows', () => {
    expect([6, 12, 24].every(isRangeMonths)).toBe(true);
    expect(isRangeMonths(25)).toBe(false);
    expect(isRangeMonths(0)).toBe(false);
  });
});

describe('balance trend', () => {
  it('plots the average in hours, and the chosen person while employed', () => {
    expect(balancePoints(data, 'ben')).toEqual([
      { month: '2026-03', average: 1.25, person: 0.5 },
      { month: '2026-04', average: -0.5, person: -0.5 },
      { month: '2026-05', average: 1.5, person: null },
      { month: '2026-06', average: null, person: null },
    ]);
    expect(balancePoints(data, null).every((p) => p.person === null)).toBe(true);
    // Someone not in the data (another team's link) draws no line.
    expect(balancePoints(data, 'nobody').every((p) => p.person === null)).toBe(true);
  });

  it('states the last month with a balance: the running one, not the one ahead', () => {
    expect(latestBalance(data, 'anna')).toEqual({
      month: '2026-05',
      asOf: '2026-05-06',
      averageMinutes: 90,
      totalMinutes: 90,
      people: 1,
      personMinutes: 90,
    });
    expect(latestBalance(data, 'ben')?.personMinutes).toBeNull();
    expect(latestBalance({ ...data, months: data.months.slice(3) }, null)).toBeNull();
  });
});

describe('one’s own balance trend (an employee’s statistics hold only them)', () => {
  const own: StatisticsData = {
    ...data,
    months: data.months.map((m, i) => {
      const anna = data.people[0]!.balances[i] ?? null;
      return {
        ...m,
        people: 1,
        balance: anna === null ? null : { totalMinutes: anna, averageMinutes: anna },
      };
    }),
    people: [data.people[0]!],
  };

  it('plots their balance as their line and states it as the key figure', () => {
    expect(balancePoints(own, 'anna').map((p) => p.person)).toEqual([2, -0.5, 1.5, null]);
    expect(latestBalance(own, 'anna')).toMatchObject({ asOf: '2026-05-06', personMinutes: 90 });
  });
});

describe('absences', () => {
  it('gives every type a value in every month, so the bars stack', () => {
    expect(absenceRows(data)).toEqual([
      { month: '2026-03', [VACATION]: 4.5, [SICK]: 0 },
      { month: '2026-04', [VACATION]: 2, [SICK]: 3 },
      { month: '2026-05', [VACATION]: 0, [SICK]: 0 },
      { month: '2026-06', [VACATION]: 0, [SICK]: 0 },
    ]);
  });

  it('sums the range, names the month with the most, and orders the types by days', () => {
    expect(absenceSummary(data)).toEqual({ total: 9.5, peak: { month: '2026-04', value: 5 } });
    expect(absenceTotalsByType(data)).toEqual([
      { typeId: VACATION, days: 6.5 },
      { typeId: SICK, days: 3 },
    ]);
    const empty = { ...data, months: data.months.slice(2) };
    expect(absenceSummary(empty)).toEqual({ total: 0, peak: null });
    expect(absenceTotalsByType(empty)).toEqual([]);
  });
});

describe('findings', () => {
  it('counts by severity per month and names the first of equally bad months', () => {
    expect(findingsRows(data)[0]).toEqual({
      month: '2026-03',
      violation: 1,
      warning: 2,
      info: 0,
      total: 3,
    });
    expect(findingsSummary(data)).toEqual({
      total: 6,
      violation: 1,
      peak: { month: '2026-03', value: 3 },
    });
  });
});
