import { describe, expect, it } from 'vitest';
import type { BalanceInput } from './balance.js';
import {
  balanceLedger,
  dayBalance,
  dueTarget,
  explainBalance,
  monthSummary,
  periodSummary,
  runningBalance,
  weekSummary,
} from './balance.js';

describe('dayBalance', () => {
  it.each([
    // worked, credited, target, balance
    [480, 0, 480, 0],
    [510, 0, 480, 30],
    [0, 480, 480, 0],
    [240, 240, 480, 0],
    [0, 0, 480, -480],
    [120, 0, 0, 120],
    [200, 240, 480, -40],
  ])('worked %i + credited %i − target %i = %i', (worked, credited, target, balance) => {
    expect(dayBalance({ day: '2026-03-02', worked, target, credited })).toBe(balance);
  });
});

describe('running balance (Gleitzeit)', () => {
  // Start on Wednesday 4 March 2026 with 2:00 h carried over from the previous system.
  const input: BalanceInput = {
    startDay: '2026-03-04',
    openingBalance: 120,
    days: [
      // Before the start day: not part of this account.
      { day: '2026-03-03', worked: 600, target: 480, credited: 0 },
      { day: '2026-03-04', worked: 510, target: 480, credited: 0 },
      { day: '2026-03-05', worked: 450, target: 480, credited: 0 },
      { day: '2026-03-06', worked: 0, target: 480, credited: 480 },
      { day: '2026-03-07', worked: 60, target: 0, credited: 0 },
      { day: '2026-03-09', worked: 240, target: 480, credited: 240 },
      { day: '2026-03-10', worked: 300, target: 480, credited: 0 },
      { day: '2026-04-01', worked: 480, target: 480, credited: 0 },
    ],
    adjustments: [
      { day: '2026-03-01', minutes: 999, reason: 'before the start: ignored' },
      { day: '2026-03-08', minutes: -90, reason: 'Korrektur: Dienstreise doppelt erfasst' },
      { day: '2026-03-10', minutes: 45, reason: 'Nachtrag Rufbereitschaft' },
    ],
  };

  it('runs day by day from the opening balance, adjustments on their day', () => {
    expect(
      balanceLedger(input).map((line) => [line.day, line.delta, line.adjustment, line.balance]),
    ).toEqual([
      ['2026-03-04', 30, 0, 150],
      ['2026-03-05', -30, 0, 120],
      ['2026-03-06', 0, 0, 120],
      ['2026-03-07', 60, 0, 180],
      ['2026-03-08', 0, -90, 90],
      ['2026-03-09', 0, 0, 90],
      ['2026-03-10', -180, 45, -45],
      ['2026-04-01', 0, 0, -45],
    ]);
  });

  it.each([
    [undefined, -45],
    ['2026-03-03', 120],
    ['2026-03-04', 150],
    ['2026-03-08', 90],
    ['2026-03-31', -45],
  ])('balance at the end of %s is %i', (upTo, balance) => {
    expect(runningBalance(input, upTo)).toBe(balance);
  });

  it('summarises an ISO week: Soll / Ist / Δ and the running balance around it', () => {
    // KW 10: 2–8 March 2026.
    expect(weekSummary(input, '2026-03-05')).toEqual({
      from: '2026-03-02',
      to: '2026-03-08',
      target: 1440,
      worked: 1020,
      credited: 480,
      delta: 60,
      adjustments: -90,
      balanceBefore: 120,
      balanceAfter: 90,
    });
    // KW 11: 9–15 March 2026.
    expect(weekSummary(input, '2026-03-15')).toMatchObject({
      delta: -180,
      adjustments: 45,
      balanceBefore: 90,
      balanceAfter: -45,
    });
  });

  it('summarises a month', () => {
    expect(monthSummary(input, 2026, 3)).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      target: 2400,
      worked: 1560,
      credited: 720,
      delta: -120,
      adjustments: -45,
      balanceBefore: 120,
      balanceAfter: -45,
    });
    expect(monthSummary(input, 2026, 4)).toMatchObject({
      delta: 0,
      balanceBefore: -45,
      balanceAfter: -45,
    });
    expect(monthSummary(input, 2026, 2)).toMatchObject({
      target: 0,
      balanceBefore: 120,
      balanceAfter: 120,
    });
  });

  it('summarises any period, e.g. an export range', () => {
    expect(periodSummary(input, '2026-03-05', '2026-03-09')).toEqual({
      from: '2026-03-05',
      to: '2026-03-09',
      target: 1440,
      worked: 750,
      credited: 720,
      delta: 30,
      adjustments: -90,
      balanceBefore: 150,
      balanceAfter: 90,
    });
  });

  it('explains the balance: opening + worked + credited − target + adjustments', () => {
    const explained = explainBalance(input);
    expect(explained).toEqual({
      from: '2026-03-04',
      to: '2026-04-01',
      opening: 120,
      worked: 2040,
      credited: 720,
      target: 2880,
      adjustments: -45,
      adjustmentItems: [input.adjustments?.[1], input.adjustments?.[2]],
      balance: -45,
    });
    const { opening, worked, credited, target, adjustments, balance } = explained;
    expect(opening + worked + credited - target + adjustments).toBe(balance);
    expect(explainBalance(input, '2026-03-08')).toMatchObject({
      to: '2026-03-08',
      adjustments: -90,
      balance: 90,
    });
  });

  it('refuses two rows for the same day', () => {
    const day = { day: '2026-03-04', worked: 0, target: 0, credited: 0 };
    expect(() =>
      balanceLedger({ startDay: '2026-03-01', openingBalance: 0, days: [day, day] }),
    ).toThrow(RangeError);
  });

  it('stands at the opening balance without any days', () => {
    const empty = { startDay: '2026-03-04', openingBalance: -30, days: [] };
    expect(runningBalance(empty)).toBe(-30);
    expect(explainBalance(empty)).toMatchObject({ to: '2026-03-03', balance: -30 });
  });
});

describe('dueTarget', () => {
  it.each([
    // day, today, target, worked + credited → counted target
    ['2026-05-05', '2026-05-06', 480, 0, 480],
    ['2026-05-07', '2026-05-06', 480, 0, 0],
    ['2026-05-06', '2026-05-06', 480, 0, 0],
    ['2026-05-06', '2026-05-06', 480, 300, 300],
    ['2026-05-06', '2026-05-06', 480, 600, 480],
  ])('%s seen on %s: target %i, made up %i → %i', (day, today, target, made, due) => {
    expect(dueTarget(day, today, target, made)).toBe(due);
  });
});
