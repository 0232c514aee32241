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
 * - absence days go through absences/calendar.ts; vacation accounts are the Urlaubsansprüche
 *   page's (absences/vacation-accounts.ts, bulk).
 * A constant number of queries, whatever the number of people.
 */
import type { Deps } from '../../deps.js';
import type { Db } from '../../db/index.js';
import type { AbsenceStatus } from '../../db/types.js';
import type { ArbzgFinding } from '../../domain/arbzg.js';
import { arbzgContextStart, checkArbzg } from '../../domain/arbzg.js';
import { publicHolidayLookup } from '../../domain/holidays.js';
import type { WorkInterval } from '../../domain/intervals.js';
import type { Day } from '../../domain/time.js';
import {
  addDays,
  dayRange,
  daysBetween,
  localCalendar,
  localDay,
  parseDay,
  startOfLocalDay,
} from '../../domain/time.js';
import { AppError } from '../../errors.js';
import type { PersonCalendar } from '../absences/calendar.js';
import {
  calendarFor,
  companyCalendar,
  countWorkingDays,
  schedulesOf,
} from '../absences/calendar.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import { computeBalances, loadBalanceData } from '../time/balances.js';
import { managedTeamIds } from '../users/repo.js';
import { vacationAccountsOf } from '../absences/vacation-accounts.js';

/** Longest period of an overview: a leap year (a year and a day would reach 367). */
export const MAX_OVERVIEW_DAYS = 366;

export const OVERVIEW_ROLES = ['employee', 'manager', 'admin'] as const;
export type OverviewRole = (typeof OVERVIEW_ROLES)[number];

export interface OverviewQuery {
  from: Day;
  to: Day;
  teamId?: string | undefined;
  role?: OverviewRole | undefined;
}

/** Absences that count as taken in a report: approved, or approved and asked to be cancelled. */
const COUNTED_STATUSES: readonly AbsenceStatus[] = ['approved', 'cancel_requested'];

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

/**
 * The people of the overview: in the actor's scope, narrowed by team and role (a team outside
 * the scope: NOT_FOUND). The month's ZIP of timesheets (archive.ts) holds the same people.
 */
export async function peopleInScope(deps: Pick<Deps, 'db'>, actor: Actor, query: OverviewQuery) {
  const scope = authorize(actor, 'report.export');
  const tenantId = tenantOf(actor);
  const managed = scope === 'team' ? await managedTeamIds(deps.db, tenantId, actor.userId) : [];
  if (query.teamId !== undefined) {
    const team = await deps.db
      .selectFrom('teams')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', query.teamId)
      .executeTakeFirst();
    // A team outside the scope is as unknown as another company's.
    if (!team || (scope === 'team' && !managed.includes(team.id))) {
      throw new AppError('NOT_FOUND', 'No such team.');
    }
  }
  let people = deps.db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select([
      'users.id',
      'users.name',
      'users.email',
      'users.employee_number',
      'users.team_id',
      'teams.name as team_name',
      'users.role',
      // What the vacation account is computed from.
      'users.start_date',
      'users.end_date',
      'users.created_at',
      'users.vacation_days_per_year',
    ])
    .where('users.tenant_id', '=', tenantId)
    .where('users.role', '!=', 'super_admin')
    // Active people, and those who left during or after the period (payroll still needs them).
    .where((eb) =>
      eb.or([
        eb('users.status', '=', 'active'),
        eb.and([eb('users.status', '=', 'disabled'), eb('users.end_date', '>=', query.from)]),
      ]),
    )
    .where((eb) =>
      eb.or([eb('users.start_date', 'is', null), eb('users.start_date', '<=', query.to)]),
    );
  if (scope === 'own') people = people.where('users.id', '=', actor.userId);
  if (scope === 'team') {
    people = people.where((eb) =>
      eb.or([
        eb('users.id', '=', actor.userId),
        ...(managed.length > 0 ? [eb('users.team_id', 'in', managed)] : []),
      ]),
    );
  }
  if (query.teamId !== undefined) people = people.where('users.team_id', '=', query.teamId);
  if (query.role !== undefined) people = people.where('users.role', '=', query.role);
  const rows = await people.orderBy('users.name').orderBy('users.id').execute();
  return { tenantId, rows };
}

/** Findings counted per person over the period, by the month view's checks. */
function countFindings(
  data: Awaited<ReturnType<typeof loadBalanceData>>,
  from: Day,
  to: Day,
  now: Date,
): Map<string, OverviewRow['findings']> {
  const zone = data.timeZone;
  const contextStart = arbzgContextStart(from);
  // The checks ask about the same few hundred days for every person: look each up once.
  const isHoliday = publicHolidayLookup(data.holidayRegion, data.holidaySubregion);
  const [low, high] = [addDays(contextStart, -1), addDays(to, 40)];
  const known = new Set(dayRange(low, high).filter((day) => isHoliday(day)));
  const holidays = (day: Day) => (day >= low && day <= high ? known.has(day) : isHoliday(day));
  const earliestLoaded = [...data.users.map((u) => accountStartOf(u, zone)), from].sort()[0]!;
  const calendar = localCalendar(zone, addDays(earliestLoaded, -1), addDays(to, 1));
  const intervalsOf = new Map<string, WorkInterval[]>();
  for (const entry of data.entries) {
    const list = intervalsOf.get(entry.user_id);
    const interval = { start: entry.started_at, end: entry.ended_at };
    if (list) list.push(interval);
    else intervalsOf.set(entry.user_id, [interval]);
  }
  const result = new Map<string, OverviewRow['findings']>();
  for (const user of data.users) {
    const counts = { violation: 0, warning: 0, info: 0, total: 0 };
    result.set(user.id, counts);
    const recordsFrom = accountStartOf(user, zone);
    // The month view loads from its account start (or the period, if earlier) and looks back at
    // most to the checks' context start: the same window here, so the same findings.
    const loadedFrom = startOfLocalDay(
      addDays(recordsFrom < from ? recordsFrom : from, -1),
      zone,
    ).getTime();
    const windowStart = Math.max(loadedFrom, startOfLocalDay(contextStart, zone).getTime());
    const intervals = (intervalsOf.get(user.id) ?? []).filter(
      (i) => i.end === null || i.end.getTime() > windowStart,
    );
    if (intervals.length === 0) continue;
    for (const f of checkArbzg({
      intervals,
      timeZone: zone,
      now,
      holidays,
      from,
      to,
      recordsFrom,
      calendar,
    })) {
      counts[f.severity] += 1;
      counts.total += 1;
    }
  }
  return result;
}

function accountStartOf(user: { start_date: string | null; created_at: Date }, zone: string): Day {
  return user.start_date ?? localDay(user.created_at, zone);
}

interface AbsenceFigures {
  vacationTakenDays: number;
  sickDays: number;
  other: Map<string, number>;
}

/** Working days of approved absences on days of the period, per person: vacation, sick, other. */
async function absenceFigures(
  db: Db,
  tenantId: string,
  userIds: string[],
  period: { from: Day; to: Day; today: Day },
  calendars: ReadonlyMap<string, PersonCalendar>,
): Promise<Map<string, AbsenceFigures>> {
  const { from, to, today } = period;
  const rows = await db
    .selectFrom('absences')
    .innerJoin('absence_types', 'absence_types.id', 'absences.type_id')
    .select([
      'absences.user_id',
      'absences.type_id',
      'absences.start_day',
      'absences.end_day',
      'absences.half_day_start',
      'absences.half_day_end',
      'absence_types.key',
      'absence_types.deducts_vacation',
    ])
    .where('absences.tenant_id', '=', tenantId)
    .where('absences.user_id', 'in', userIds)
    .where('absences.status', 'in', COUNTED_STATUSES)
    .where('absences.start_day', '<=', to)
    .where((eb) => eb.or([eb('absences.end_day', 'is', null), eb('absences.end_day', '>=', from)]))
    .execute();
  const result = new Map<string, AbsenceFigures>();
  for (const row of rows) {
    const calendar = calendars.get(row.user_id);
    if (!calendar) continue;
    // A sickness without an end so far runs until today (not into the future).
    const openEnd = today < to ? today : to;
    const end = row.end_day ?? (openEnd > row.start_day ? openEnd : row.start_day);
    const count = countWorkingDays(calendar, {
      from: row.start_day,
      to: end,
      halfDayStart: row.half_day_start,
      halfDayEnd: row.half_day_end,
    });
    const days = count.days
      .filter((d) => d.day >= from && d.day <= to)
      .reduce((sum, d) => sum + d.counted, 0);
    if (days === 0) continue;
    let figures = result.get(row.user_id);
    if (!figures) {
      figures = { vacationTakenDays: 0, sickDays: 0, other: new Map() };
      result.set(row.user_id, figures);
    }
    if (row.deducts_vacation) figures.vacationTakenDays += days;
    else if (row.key === 'sick') figures.sickDays += days;
    else figures.other.set(row.type_id, (figures.other.get(row.type_id) ?? 0) + days);
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

  const [data, company, schedules, types] = await Promise.all([
    loadBalanceData(deps.db, tenantId, { upTo: to, userIds: ids, from }),
    companyCalendar(deps.db, tenantId),
    schedulesOf(deps.db, tenantId, ids),
    deps.db
      .selectFrom('absence_types')
      .select(['id', 'key', 'name_de', 'name_en'])
      .where('tenant_id', '=', tenantId)
      .orderBy('sort_order')
      .orderBy('name_de')
      .execute(),
  ]);
  const today = localDay(now, data.timeZone);
  const balanceAsOf = to < today ? to : today;
  const calendars = new Map(ids.map((id) => [id, calendarFor(company, schedules.get(id) ?? [])]));
  const [absences, vacation] = await Promise.all([
    ids.length === 0
      ? new Map<string, AbsenceFigures>()
      : absenceFigures(deps.db, tenantId, ids, { from, to, today }, calendars),
    vacationAccountsOf(deps.db, tenantId, rows, vacationYear, now, { company, schedules }),
  ]);
  const balances = new Map(
    (ids.length === 0 ? [] : computeBalances(data, to, now, from)).map((b) => [b.userId, b]),
  );
  const findings = countFindings(data, from, to, now);

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
