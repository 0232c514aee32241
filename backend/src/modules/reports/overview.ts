/**
 * The team / company overview (Berichte & Export): per person in the actor's `report.export`
 * scope (employee: self; manager: self and their teams; admin: the company) for a period of up
 * to a year: Soll, Ist, credit, difference and Gleitzeit balance, vacation taken and left,
 * sick days, other absences by type and ArbZG findings — what HR opens before payroll.
 *
 * Nothing is computed here that a person's own views compute differently:
 * - time figures come from the bulk balance code (time/balances.ts), which applies the month
 *   view's rules; for one person and month they equal GET /time/month (tested);
 * - findings are the month view's checks (domain/arbzg.ts) over the same entries;
 * - absence days go through absences/calendar.ts, vacation accounts through domain/vacation.ts
 *   (absences/vacation-accounts.ts, as on the Urlaubsansprüche page).
 * A constant number of queries, whatever the number of people.
 */
import type { Deps } from '../../deps.js';
import type { ArbzgFinding } from '../../domain/arbzg.js';
import type { Day } from '../../domain/time.js';
import { daysBetween, localDay, parseDay } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/permissions.js';
import { computeBalances, splitPersonWork } from '../time/balances.js';
import type { CountedAbsence } from './figures.js';
import { countedAbsences, findingsByPerson, reportInputs } from './figures.js';
import type { ReportRole } from './people.js';
import { peopleInScope, REPORT_ROLES } from './people.js';
import { vacationAccountsOf } from '../absences/vacation-accounts.js';

/** Longest period of an overview: a leap year (a year and a day would reach 367). */
export const MAX_OVERVIEW_DAYS = 366;

export const OVERVIEW_ROLES = REPORT_ROLES;
export type OverviewRole = ReportRole;

export interface OverviewQuery {
  from: Day;
  to: Day;
  teamId?: string | undefined;
  role?: OverviewRole | undefined;
}

export interface OverviewRow {
  userId: string;
  name: string;
  employeeNumber: string | null;
  teamId: string | null;
  teamName: string | null;
  role: OverviewRole;
  /** Sums over the period's days, as the month view totals them (minutes). */
  targetMinutes: number;
  workedMinutes: number;
  creditedMinutes: number;
  /** worked + credited − target */
  diffMinutes: number;
  /** Balance corrections booked on days of the period. */
  adjustmentMinutes: number;
  /** Gleitzeit balance at the end of `balanceAsOf`. */
  balanceMinutes: number;
  /** Vacation days taken in the period (approved). */
  vacationTakenDays: number;
  /** Days left in the vacation account of `vacationYear` (planned days already deducted). */
  vacationRemainingDays: number;
  /** Working days of sickness in the period. */
  sickDays: number;
  /** Working days of every other absence type in the period. */
  otherAbsenceDays: number;
  otherAbsences: { typeId: string; days: number }[];
  findings: Record<ArbzgFinding['severity'], number> & { total: number };
}

export type OverviewTotals = Pick<
  OverviewRow,
  | 'targetMinutes'
  | 'workedMinutes'
  | 'creditedMinutes'
  | 'diffMinutes'
  | 'adjustmentMinutes'
  | 'balanceMinutes'
  | 'vacationTakenDays'
  | 'vacationRemainingDays'
  | 'sickDays'
  | 'otherAbsenceDays'
  | 'otherAbsences'
  | 'findings'
>;

export interface Overview {
  from: Day;
  to: Day;
  /** The balance's day: the period's end, or today while the period runs. */
  balanceAsOf: Day;
  /** The account year of `vacationRemainingDays` (the year of `to`). */
  vacationYear: number;
  /** The types that appear under otherAbsences, in the company's order. */
  absenceTypes: { id: string; key: string | null; nameDe: string; nameEn: string }[];
  people: OverviewRow[];
  totals: OverviewTotals;
}

/** Refuses a period that is reversed or longer than a year, with its own stable codes. */
export function checkPeriod(from: Day, to: Day): void {
  if (to < from)
    throw new AppError('PERIOD_ENDS_BEFORE_START', 'The period ends before it starts.');
  if (daysBetween(from, to) + 1 > MAX_OVERVIEW_DAYS) {
    throw new AppError(
      'PERIOD_TOO_LONG',
      `A period may span at most ${MAX_OVERVIEW_DAYS} days (a year).`,
      { maxDays: MAX_OVERVIEW_DAYS },
    );
  }
}

/** Findings counted per person and severity. */
function countFindings(
  findings: ReadonlyMap<string, readonly ArbzgFinding[]>,
): Map<string, OverviewRow['findings']> {
  const result = new Map<string, OverviewRow['findings']>();
  for (const [userId, list] of findings) {
    const counts = { violation: 0, warning: 0, info: 0, total: 0 };
    for (const f of list) {
      counts[f.severity] += 1;
      counts.total += 1;
    }
    result.set(userId, counts);
  }
  return result;
}

interface AbsenceFigures {
  vacationTakenDays: number;
  sickDays: number;
  other: Map<string, number>;
}

/** Working days of approved absences in the period, per person: vacation, sick, other. */
function absenceFigures(absences: readonly CountedAbsence[]): Map<string, AbsenceFigures> {
  const result = new Map<string, AbsenceFigures>();
  for (const absence of absences) {
    const days = absence.days.reduce((sum, d) => sum + d.counted, 0);
    let figures = result.get(absence.userId);
    if (!figures) {
      figures = { vacationTakenDays: 0, sickDays: 0, other: new Map() };
      result.set(absence.userId, figures);
    }
    if (absence.deductsVacation) figures.vacationTakenDays += days;
    else if (absence.key === 'sick') figures.sickDays += days;
    else figures.other.set(absence.typeId, (figures.other.get(absence.typeId) ?? 0) + days);
  }
  return result;
}

/** The overview of the period for the actor's scope (see the module comment). */
export async function overview(deps: Deps, actor: Actor, query: OverviewQuery): Promise<Overview> {
  checkPeriod(query.from, query.to);
  const { from, to } = query;
  const { tenantId, rows } = await peopleInScope(deps, actor, query);
  const now = deps.clock();
  const ids = rows.map((r) => r.id);
  const vacationYear = parseDay(to).year;

  const {
    data,
    types,
    more: [counted, vacation],
  } = await reportInputs(deps.db, tenantId, ids, { from, to }, (known) =>
    Promise.all([
      countedAbsences(
        deps.db,
        tenantId,
        ids,
        { from, to, today: localDay(now, known.company.timeZone) },
        known.calendars,
      ),
      vacationAccountsOf(deps.db, tenantId, rows, vacationYear, now, known),
    ]),
  );
  const today = localDay(now, data.timeZone);
  const balanceAsOf = to < today ? to : today;
  // Everyone's entries split into days once, for the balances and the checks.
  const work = splitPersonWork(data, now);
  const balances = new Map(
    (ids.length === 0 ? [] : computeBalances(data, to, now, from, work)).map((b) => [b.userId, b]),
  );
  const absences = absenceFigures(counted);
  const findings = countFindings(findingsByPerson(data, from, to, now, work));

  const people = rows.map((row): OverviewRow => {
    const balance = balances.get(row.id)!;
    const period = balance.period!;
    const absence = absences.get(row.id);
    const other = [...(absence?.other ?? [])].map(([typeId, days]) => ({ typeId, days }));
    return {
      userId: row.id,
      name: row.name || row.email,
      employeeNumber: row.employee_number,
      teamId: row.team_id,
      teamName: row.team_name,
      role: row.role as OverviewRole,
      targetMinutes: period.target,
      workedMinutes: period.worked,
      creditedMinutes: period.credited,
      diffMinutes: period.diff,
      adjustmentMinutes: period.adjustments,
      balanceMinutes: balance.balance,
      vacationTakenDays: absence?.vacationTakenDays ?? 0,
      vacationRemainingDays: vacation.get(row.id)?.account.remaining ?? 0,
      sickDays: absence?.sickDays ?? 0,
      otherAbsenceDays: other.reduce((sum, o) => sum + o.days, 0),
      otherAbsences: other,
      findings: findings.get(row.id) ?? { violation: 0, warning: 0, info: 0, total: 0 },
    };
  });
  const usedTypes = new Set(people.flatMap((p) => p.otherAbsences.map((o) => o.typeId)));
  return {
    from,
    to,
    balanceAsOf,
    vacationYear,
    absenceTypes: types
      .filter((t) => usedTypes.has(t.id))
      .map((t) => ({ id: t.id, key: t.key, nameDe: t.name_de, nameEn: t.name_en })),
    people,
    totals: totalsOf(people),
  };
}

/** Column sums; days rounded to hundredths (half days add up exactly, corrections may not). */
function totalsOf(people: readonly OverviewRow[]): OverviewTotals {
  const sum = (f: (p: OverviewRow) => number) => people.reduce((s, p) => s + f(p), 0);
  const days = (f: (p: OverviewRow) => number) => Math.round(sum(f) * 100) / 100;
  const other = new Map<string, number>();
  for (const p of people) {
    for (const o of p.otherAbsences) other.set(o.typeId, (other.get(o.typeId) ?? 0) + o.days);
  }
  return {
    targetMinutes: sum((p) => p.targetMinutes),
    workedMinutes: sum((p) => p.workedMinutes),
    creditedMinutes: sum((p) => p.creditedMinutes),
    diffMinutes: sum((p) => p.diffMinutes),
    adjustmentMinutes: sum((p) => p.adjustmentMinutes),
    balanceMinutes: sum((p) => p.balanceMinutes),
    vacationTakenDays: days((p) => p.vacationTakenDays),
    vacationRemainingDays: days((p) => p.vacationRemainingDays),
    sickDays: days((p) => p.sickDays),
    otherAbsenceDays: days((p) => p.otherAbsenceDays),
    otherAbsences: [...other].map(([typeId, d]) => ({ typeId, days: d })),
    findings: {
      violation: sum((p) => p.findings.violation),
      warning: sum((p) => p.findings.warning),
      info: sum((p) => p.findings.info),
      total: sum((p) => p.findings.total),
    },
  };
}
