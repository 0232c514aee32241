/**
 * Figures and warnings of Meine Zeiten as pure functions: the period's Soll / Ist / Δ, the
 * warning markers of a day, how a balance came about (UX rule 6) and the period headline.
 */
import type { components } from '../../api/schema';
import type { Lang } from '../../i18n/languages';
import { localeOf } from '../../lib/format';
import { addDays, isoWeek, mondayOf, type Day } from '../../lib/zoned-time';

export type TimesheetDay = components['schemas']['TimesheetDay'];
export type TimesheetEntry = TimesheetDay['entries'][number];
export type Finding = TimesheetDay['findings'][number];
export type Balance = components['schemas']['PeriodTimesheet']['balance'];
export type Totals = components['schemas']['PeriodTimesheet']['totals'];

/** Soll of the whole period, Ist so far and Δ up to today (days ahead are not due yet). */
export interface PeriodFigures {
  targetMinutes: number;
  workedMinutes: number;
  diffMinutes: number;
  /** Whether the period runs on past today, so Δ counts only up to today. */
  untilToday: boolean;
}

/**
 * Δ as the balance counts it: past days in full; today only what is above its Soll (today's
 * shortfall counts once the day is over); days ahead not at all.
 */
export function periodFigures(days: readonly TimesheetDay[], today: Day): PeriodFigures {
  let targetMinutes = 0;
  let workedMinutes = 0;
  let diffMinutes = 0;
  for (const day of days) {
    targetMinutes += day.targetMinutes;
    workedMinutes += day.workedMinutes;
    if (day.day < today) diffMinutes += day.diffMinutes;
    else if (day.day === today) diffMinutes += Math.max(0, day.diffMinutes);
  }
  const untilToday = days.some((d) => d.day >= today);
  return { targetMinutes, workedMinutes, diffMinutes, untilToday };
}

/**
 * A day's entries split into those that count and the deleted ones. Sheets asked with
 * `includeDeleted` list deleted entries too (GoBD keeps them visible); they are never work, so
 * every count, marker and form must look at `counted` only.
 */
export function splitEntries(entries: readonly TimesheetEntry[]): {
  counted: TimesheetEntry[];
  deleted: TimesheetEntry[];
} {
  return {
    counted: entries.filter((e) => !e.deleted),
    deleted: entries.filter((e) => e.deleted),
  };
}

/**
 * Whether an entry shows the "korrigiert" marker: a stamp changed by hand afterwards, or an
 * entry added or changed by someone else (the API then sets the source `correction`). An
 * employee's own manual entry has a Historie too, but "manuell" already says what it is.
 */
export function isCorrected(entry: TimesheetEntry): boolean {
  return entry.source === 'correction' || (entry.changed && entry.source === 'clock');
}

/**
 * Whether a sheet lists deleted entries: always for admins and managers, who answer for the
 * record (GoBD); for employees only when they ask, so their own view stays uncluttered.
 */
export function listsDeletedEntries(
  role: 'admin' | 'manager' | 'employee' | 'super_admin',
  asked: boolean,
): boolean {
  return role === 'admin' || role === 'manager' || asked;
}

export type IncompleteReason = 'running' | 'missing';

/**
 * Why a day is incomplete: an entry still running on a day already over (forgot Gehen), or a
 * past working day with a Soll but neither entries nor an absence. Deleted entries are neither.
 */
export function incompleteReason(day: TimesheetDay, today: Day): IncompleteReason | null {
  if (day.day >= today) return null;
  const { counted } = splitEntries(day.entries);
  if (counted.some((e) => e.end === null)) return 'running';
  if (day.targetMinutes > 0 && counted.length === 0 && day.creditedMinutes === 0) {
    return 'missing';
  }
  return null;
}

const SEVERITY_ORDER: Record<Finding['severity'], number> = { violation: 0, warning: 1, info: 2 };

/** The most serious finding first. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** The balance as "war → Veränderung → Korrekturen → ist" (UX rule 6). */
export interface BalanceSteps {
  before: number;
  change: number;
  adjustments: number;
  after: number;
}

export function balanceSteps(balance: Balance, totals: Totals): BalanceSteps {
  const adjustments = totals.adjustmentMinutes;
  return {
    before: balance.before,
    change: balance.after - balance.before - adjustments,
    adjustments,
    after: balance.after,
  };
}

/** A share of the Soll, for the small bars: 0–1, and 0 without a Soll. */
export function fillRatio(worked: number, target: number): number {
  if (target <= 0) return worked > 0 ? 1 : 0;
  return Math.min(1, worked / target);
}

/** The seven days of the week holding `day`, Monday first. */
export function weekOf(day: Day): { from: Day; to: Day } {
  const from = mondayOf(day);
  return { from, to: addDays(from, 6) };
}

/** "KW 10 · 02.–08.03." / "Week 10 · 2–8 Mar": the week's headline. */
export function weekLabel(monday: Day, lang: Lang): string {
  const sunday = addDays(monday, 6);
  const { week } = isoWeek(monday);
  const [, m1, d1] = monday.split('-');
  const [, m2, d2] = sunday.split('-');
  if (lang === 'de') {
    const range = m1 === m2 ? `${d1}.–${d2}.${m2}.` : `${d1}.${m1}.–${d2}.${m2}.`;
    return `KW ${week} · ${range}`;
  }
  const month = (day: Day) =>
    new Intl.DateTimeFormat(localeOf(lang), { month: 'short', timeZone: 'UTC' }).format(
      new Date(`${day}T00:00:00Z`),
    );
  const range =
    m1 === m2
      ? `${Number(d1)}–${Number(d2)} ${month(sunday)}`
      : `${Number(d1)} ${month(monday)} – ${Number(d2)} ${month(sunday)}`;
  return `Week ${week} · ${range}`;
}

/** "März 2026" / "March 2026". */
export function monthLabel(month: string, lang: Lang): string {
  return new Intl.DateTimeFormat(localeOf(lang), {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));
}

/** Why a day cannot be changed in this UI (the API decides in the end and says why). */
export type EditBlock = 'future' | 'locked' | 'window';

/**
 * Whether the viewer may add or change entries of `day`, mirroring the API's rules: nothing in
 * the future; approved months only by an admin (as an audited correction); employees only as
 * far back as the company's edit window.
 */
export function editBlock(
  day: Day,
  context: {
    today: Day;
    monthApproved: boolean;
    role: 'admin' | 'manager' | 'employee' | 'super_admin';
    isOwn: boolean;
    editWindowDays: number;
  },
): EditBlock | null {
  if (day > context.today) return 'future';
  if (context.monthApproved && context.role !== 'admin') return 'locked';
  if (
    context.isOwn &&
    context.role === 'employee' &&
    day < addDays(context.today, -context.editWindowDays)
  ) {
    return 'window';
  }
  return null;
}
