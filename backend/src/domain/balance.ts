/**
 * Balance (Saldo; Gleitzeit = flexitime account) of worked time against the target. DOMAIN.md:
 * balance = Σ(worked + credited − target) from the employee's start day, plus an opening balance
 * and manual corrections, each with a reason. All figures are whole minutes. The parts are kept
 * apart so the UI can explain how a figure came about (UX.md rule 6).
 */
import type { Day } from './time.js';
import { addDays, daysOfIsoWeek, daysOfMonth, parseDay } from './time.js';

/** One day's figures: Ist (worked), Soll (target) and what absences credited. */
export interface BalanceDay {
  day: Day;
  worked: number;
  target: number;
  credited: number;
}

/** A manual correction of the balance, audited elsewhere; minutes may be negative. */
export interface BalanceAdjustment {
  day: Day;
  minutes: number;
  reason: string;
}

/** The account: from `startDay` on, with the opening balance standing at its start. */
export interface BalanceInput {
  startDay: Day;
  openingBalance: number;
  days: readonly BalanceDay[];
  adjustments?: readonly BalanceAdjustment[];
}

/** A day of the ledger: its figures, its adjustments and the balance after it. */
export interface BalanceLine extends BalanceDay {
  adjustment: number;
  /** worked + credited − target */
  delta: number;
  /** Running balance at the end of the day, opening balance and adjustments included. */
  balance: number;
}

/** Soll / Ist / Δ of a period, with the running balance before and after it. */
export interface PeriodSummary {
  from: Day;
  to: Day;
  target: number;
  worked: number;
  credited: number;
  /** worked + credited − target, without adjustments. */
  delta: number;
  adjustments: number;
  balanceBefore: number;
  balanceAfter: number;
}

/** How a balance is made: opening + Σ worked + Σ credited − Σ target + Σ adjustments. */
export interface BalanceExplanation {
  from: Day;
  to: Day;
  opening: number;
  worked: number;
  credited: number;
  target: number;
  adjustments: number;
  adjustmentItems: BalanceAdjustment[];
  balance: number;
}

/** A day's contribution to the balance: worked + credited − target. */
/**
 * How much of a day's target the balance counts on `today`: all of it for a past day, nothing
 * for a day still ahead, and for today only what is already made up — the rest of the day may
 * still come, and a balance that drops by 8 h every morning explains nothing.
 */
export function dueTarget(day: Day, today: Day, target: number, workedAndCredited: number): number {
  if (day < today) return target;
  if (day > today) return 0;
  return Math.min(target, workedAndCredited);
}

export function dayBalance(row: BalanceDay): number {
  return row.worked + row.credited - row.target;
}

/**
 * The ledger from the start day on, one line per day with figures or adjustments, ascending.
 * Rows and adjustments before the start day are not part of this account and are left out.
 */
export function balanceLedger(input: BalanceInput): BalanceLine[] {
  parseDay(input.startDay);
  const rows = new Map<Day, BalanceDay>();
  for (const row of input.days) {
    parseDay(row.day);
    // Two rows for a day would count it twice; that is a caller's bug, not a balance.
    if (rows.has(row.day)) throw new RangeError(`balance: two rows for ${row.day}`);
    if (row.day >= input.startDay) rows.set(row.day, row);
  }
  const adjustmentByDay = new Map<Day, number>();
  for (const adjustment of input.adjustments ?? []) {
    parseDay(adjustment.day);
    if (adjustment.day < input.startDay) continue;
    adjustmentByDay.set(
      adjustment.day,
      (adjustmentByDay.get(adjustment.day) ?? 0) + adjustment.minutes,
    );
  }
  const days = [...new Set([...rows.keys(), ...adjustmentByDay.keys()])].sort();
  let balance = input.openingBalance;
  return days.map((day) => {
    const row = rows.get(day) ?? { day, worked: 0, target: 0, credited: 0 };
    const adjustment = adjustmentByDay.get(day) ?? 0;
    const delta = dayBalance(row);
    balance += delta + adjustment;
    // Fields spelled out: spreading `row` costs microseconds per line, a company's year has ~10⁵.
    return {
      day,
      worked: row.worked,
      target: row.target,
      credited: row.credited,
      adjustment,
      delta,
      balance,
    };
  });
}

/** The running balance at the end of `upTo` (default: after the last line). */
export function runningBalance(input: BalanceInput, upTo?: Day): number {
  let balance = input.openingBalance;
  for (const line of balanceLedger(input)) {
    if (upTo !== undefined && line.day > upTo) break;
    balance = line.balance;
  }
  return balance;
}

/** Soll / Ist / Δ of the days from `from` to `to` and the running balance around them. */
export function periodSummary(input: BalanceInput, from: Day, to: Day): PeriodSummary {
  const summary: PeriodSummary = {
    from,
    to,
    target: 0,
    worked: 0,
    credited: 0,
    delta: 0,
    adjustments: 0,
    balanceBefore: input.openingBalance,
    balanceAfter: input.openingBalance,
  };
  for (const line of balanceLedger(input)) {
    if (line.day > to) break;
    if (line.day < from) {
      summary.balanceBefore = line.balance;
    } else {
      summary.target += line.target;
      summary.worked += line.worked;
      summary.credited += line.credited;
      summary.delta += line.delta;
      summary.adjustments += line.adjustment;
    }
    summary.balanceAfter = line.balance;
  }
  return summary;
}

/** Summary of a calendar month (month 1–12). */
export function monthSummary(input: BalanceInput, year: number, month: number): PeriodSummary {
  const days = daysOfMonth(year, month);
  return periodSummary(input, days[0] ?? '', days.at(-1) ?? '');
}

/** Summary of the ISO week (Monday–Sunday) containing `day`. */
export function weekSummary(input: BalanceInput, day: Day): PeriodSummary {
  const days = daysOfIsoWeek(day);
  return periodSummary(input, days[0] ?? day, days.at(-1) ?? day);
}

/** The parts of the balance at the end of `upTo` (default: all), for "how was this made". */
export function explainBalance(input: BalanceInput, upTo?: Day): BalanceExplanation {
  const lines = balanceLedger(input).filter((line) => upTo === undefined || line.day <= upTo);
  const sum = (pick: (line: BalanceLine) => number): number =>
    lines.reduce((total, line) => total + pick(line), 0);
  const to = upTo ?? lines.at(-1)?.day ?? addDays(input.startDay, -1);
  const adjustmentItems = (input.adjustments ?? [])
    .filter((a) => a.day >= input.startDay && a.day <= to)
    .sort((a, b) => a.day.localeCompare(b.day));
  return {
    from: input.startDay,
    to,
    opening: input.openingBalance,
    worked: sum((line) => line.worked),
    credited: sum((line) => line.credited),
    target: sum((line) => line.target),
    adjustments: sum((line) => line.adjustment),
    adjustmentItems,
    balance: lines.at(-1)?.balance ?? input.openingBalance,
  };
}
