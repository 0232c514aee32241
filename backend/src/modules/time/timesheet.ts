/**
 * The month view (Meine Zeiten / Stundenzettel): per local day the entries, Ist, breaks, Soll,
 * difference and ArbZG findings, the month's totals and the running Gleitzeit balance. The
 * rules live in domain/; this module loads the data they need.
 */
import type { Deps } from '../../deps.js';
import type { ArbzgFinding } from '../../domain/arbzg.js';
import { arbzgContextStart, checkArbzg } from '../../domain/arbzg.js';
import { dueTarget, periodSummary } from '../../domain/balance.js';
import type { BalanceDay } from '../../domain/balance.js';
import { publicHolidayLookup, publicHolidayName } from '../../domain/holidays.js';
import { dayWork, splitByLocalDay } from '../../domain/intervals.js';
import type { TargetReason } from '../../domain/targets.js';
import { scheduleOn, targetMinutes } from '../../domain/targets.js';
import {
  addDays,
  dayRange,
  daysOfMonth,
  localCalendar,
  localDay,
  startOfLocalDay,
} from '../../domain/time.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import type { DayAbsence } from '../absences/requests-days.js';
import { countingAbsenceDays } from '../absences/requests-days.js';
import { readableUser } from './people.js';
import type { Computed } from './sheet-cache.js';
import { schedulesFor } from './schedules.js';

/** What computing a sheet needs: the API's deps, or a job runner's (reports/archive-job.ts). */
export type SheetDeps = Pick<Deps, 'db' | 'clock' | 'sheets'>;

export interface TimesheetEntry {
  id: string;
  start: string;
  end: string | null;
  endReason: 'break' | 'clock_out' | null;
  source: 'clock' | 'manual' | 'correction';
  note: string | null;
  /** Added, changed or deleted by hand: the Historie has who, when and why. */
  changed: boolean;
  /** Only listed when deleted entries were asked for; they never count. */
  deleted: boolean;
  deleteReason: string | null;
}

export interface TimesheetDay {
  day: string;
  entries: TimesheetEntry[];
  workedMinutes: number;
  breakMinutes: number;
  targetMinutes: number;
  creditedMinutes: number;
  /** worked + credited − target */
  diffMinutes: number;
  reason: TargetReason;
  holidayName: string | null;
  closureName: string | null;
  /** The approved absence on this day (its credit is in targetMinutes/creditedMinutes). */
  absence: {
    id: string;
    typeId: string;
    key: string | null;
    name: { de: string; en: string };
    color: string;
    half: boolean;
  } | null;
  findings: Pick<ArbzgFinding, 'code' | 'severity' | 'message'>[];
}

export interface PeriodTotals {
  targetMinutes: number;
  workedMinutes: number;
  creditedMinutes: number;
  diffMinutes: number;
  adjustmentMinutes: number;
}

/**
 * The running balance around a period. `after` is the balance at the end of `asOf`: the
 * period's last day, or today while the period is still running (future days are not due yet,
 * and a shortfall of today only counts once the day is over).
 */
export interface PeriodBalance {
  before: number;
  after: number;
  since: string;
  asOf: string;
}

export interface PeriodTimesheet {
  userId: string;
  from: string;
  to: string;
  timeZone: string;
  days: TimesheetDay[];
  totals: PeriodTotals;
  balance: PeriodBalance;
}

export interface Timesheet extends Omit<PeriodTimesheet, 'from' | 'to'> {
  month: string;
  lock: { status: 'submitted' | 'approved'; approvedAt: string | null } | null;
}

/** Longest period one request may ask for (a quarter and a bit; the month view needs 31). */
export const MAX_PERIOD_DAYS = 93;

/** Days `from`–`to` (inclusive) of a person, as far as the actor may see them. */
export async function periodTimesheet(
  deps: SheetDeps,
  actor: Actor,
  userId: string,
  from: string,
  to: string,
  options: SheetOptions = {},
): Promise<PeriodTimesheet> {
  return (await rememberedPeriod(deps, actor, userId, from, to, options)).value;
}

/** The same, remembered with its JSON (the route sends that as is: see sheet-cache.ts). */
export async function rememberedPeriod(
  deps: SheetDeps,
  actor: Actor,
  userId: string,
  from: string,
  to: string,
  options: SheetOptions = {},
): Promise<Computed<PeriodTimesheet>> {
  if (to < from) throw new AppError('VALIDATION_FAILED', 'The period ends before it starts.');
  if (dayRange(from, to).length > MAX_PERIOD_DAYS)
    throw new AppError('VALIDATION_FAILED', `A period may span at most ${MAX_PERIOD_DAYS} days.`);
  const owner = await sheetOwner(deps, actor, userId);
  const version = await deps.sheets.versionOf(deps.db, owner.tenantId, userId);
  return deps.sheets.get(
    `days|${userId}|${from}|${to}|${options.includeDeleted === true}`,
    version,
    deps.clock(),
    async () => computeLive(deps, await owner.load(), from, to, options),
  );
}

/**
 * Whose sheet it is, checked against the actor. The own sheet needs no lookup to be allowed
 * (the sign-in already proved the person active in this company), so a remembered sheet is
 * answered without reading the person at all.
 */
async function sheetOwner(
  deps: SheetDeps,
  actor: Actor,
  userId: string,
): Promise<{ tenantId: string; load: () => Promise<SheetPerson> }> {
  if (userId === actor.userId) {
    authorize(actor, 'time.read');
    return { tenantId: tenantOf(actor), load: () => readableUser(deps, actor, userId) };
  }
  const user = await readableUser(deps, actor, userId);
  return { tenantId: user.tenantId, load: () => Promise.resolve(user) };
}

export interface SheetOptions {
  /** Also list deleted entries (marked, never counted): GoBD keeps them visible. */
  includeDeleted?: boolean;
}

/** What the computation needs to know of the person (already checked against the actor). */
export type SheetPerson = Pick<
  Awaited<ReturnType<typeof readableUser>>,
  'id' | 'tenantId' | 'start_date' | 'created_at' | 'opening_balance_minutes'
>;

/**
 * The period of a person the caller has already authorised, remembered like the period view
 * (same key: a team view and the person's own view of the month share the work).
 */
export async function rememberedPeriodOf(
  deps: SheetDeps,
  user: SheetPerson,
  version: string,
  from: string,
  to: string,
): Promise<PeriodTimesheet> {
  const sheet = await deps.sheets.get(
    `days|${user.id}|${from}|${to}|false`,
    version,
    deps.clock(),
    () => computeLive(deps, user, from, to, {}),
  );
  return sheet.value;
}

/** The period, and whether it depends on the clock (today is in it, or an entry runs). */
async function computeLive(
  deps: SheetDeps,
  user: SheetPerson,
  from: string,
  to: string,
  options: SheetOptions,
): Promise<{ value: PeriodTimesheet; live: boolean }> {
  const { tenantId, id: userId } = user;
  const tenant = await deps.db
    .selectFrom('tenants')
    .select(['time_zone', 'holiday_region', 'holiday_subregion'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const zone = tenant.time_zone;
  const days = dayRange(from, to);
  const now = deps.clock();
  const today = localDay(now, zone);

  // The balance runs from the employment start (or the account's creation) to the period's end.
  const balanceStart = user.start_date ?? localDay(user.created_at, zone);
  const loadFrom = balanceStart < from ? balanceStart : from;
  // One day earlier: a shift that started the evening before the first day reaches into it.
  const entries = await deps.db
    .selectFrom('time_entries')
    .select(['id', 'started_at', 'ended_at', 'end_reason', 'source', 'note'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .where('started_at', '<', startOfLocalDay(addDays(to, 1), zone))
    .where((eb) =>
      eb.or([
        eb('ended_at', 'is', null),
        eb('ended_at', '>', startOfLocalDay(addDays(loadFrom, -1), zone)),
      ]),
    )
    .orderBy('started_at')
    .execute();
  const [schedules, closures, adjustments, deleted, absences] = await Promise.all([
    schedulesFor(deps, tenantId, userId),
    deps.db
      .selectFrom('closure_days')
      .select(['day', 'name', 'half'])
      .where('tenant_id', '=', tenantId)
      .execute(),
    deps.db
      .selectFrom('balance_adjustments')
      .select(['day', 'minutes', 'reason'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('day', '<=', to)
      .execute(),
    options.includeDeleted
      ? deps.db
          .selectFrom('time_entries')
          .select(['id', 'started_at', 'ended_at', 'end_reason', 'source', 'note', 'delete_reason'])
          .where('tenant_id', '=', tenantId)
          .where('user_id', '=', userId)
          .where('deleted_at', 'is not', null)
          .where('started_at', '>=', startOfLocalDay(from, zone))
          .where('started_at', '<', startOfLocalDay(addDays(to, 1), zone))
          .execute()
      : [],
    // Approved absences from the balance start on: they credit (or waive) the target.
    countingAbsenceDays(deps.db, tenantId, [userId], loadFrom, to),
  ]);
  const absenceOn = absences.get(userId) ?? new Map<string, DayAbsence>();

  const holidays = publicHolidayLookup(tenant.holiday_region, tenant.holiday_subregion);
  const closureByDay = new Map(closures.map((c) => [c.day, c]));
  const context = (day: string) => ({
    schedules: scheduleOn(day, schedules.own) ? schedules.own : schedules.fallback,
    holidays,
    closureDays: (d: string) => closureByDay.get(d)?.half === false,
    halfDays: (d: string) => closureByDay.get(d)?.half === true,
    absenceCredit: (d: string) => absenceOn.get(d)?.credit ?? null,
  });
  const intervals = entries.map((e) => ({ start: e.started_at, end: e.ended_at }));
  const calendar = localCalendar(zone, addDays(loadFrom, -1), addDays(to, 1));
  const byDay = splitByLocalDay(intervals, zone, now, calendar);
  const workOn = (day: string) => dayWork(byDay.get(day) ?? []);
  // Entries listed on the day they started (the loaded range reaches back to the balance start).
  const listed = [
    ...entries.map((e) => ({ ...e, delete_reason: null, deleted: false })),
    ...deleted.map((e) => ({ ...e, deleted: true })),
  ].sort((x, y) => x.started_at.getTime() - y.started_at.getTime());
  const entriesByDay = new Map<string, typeof listed>();
  for (const entry of listed) {
    const day = calendar.dayOf(entry.started_at);
    if (day < from) continue;
    const list = entriesByDay.get(day);
    if (list) list.push(entry);
    else entriesByDay.set(day, [entry]);
  }
  const changed = await changedEntryIds(
    deps,
    tenantId,
    [...entriesByDay.values()].flat().map((e) => e.id),
  );

  const asOf = to < today ? to : today;
  const ledgerDays: BalanceDay[] = (asOf >= loadFrom ? dayRange(loadFrom, asOf) : []).map((day) => {
    const target = targetMinutes(day, context(day));
    const worked = workOn(day).workedMinutes;
    return {
      day,
      worked,
      target: dueTarget(day, today, target.target, worked + target.credited),
      credited: target.credited,
    };
  });
  const ledger = {
    startDay: balanceStart,
    openingBalance: user.opening_balance_minutes,
    days: ledgerDays,
    adjustments,
  };
  const summary = periodSummary(ledger, from, to);
  // The checks look back at most half a year (and to 1 January); older work is not needed.
  const contextStart = startOfLocalDay(arbzgContextStart(from), zone).getTime();
  const findings = checkArbzg({
    intervals: intervals.filter((i) => i.end === null || i.end.getTime() > contextStart),
    timeZone: zone,
    now,
    holidays,
    from,
    to,
    recordsFrom: balanceStart,
    calendar,
  });

  const sheetDays = days.map((day): TimesheetDay => {
    const work = workOn(day);
    const target = targetMinutes(day, context(day));
    return {
      day,
      entries: (entriesByDay.get(day) ?? []).map((e) => ({
        id: e.id,
        start: e.started_at.toISOString(),
        end: e.ended_at?.toISOString() ?? null,
        endReason: e.end_reason,
        source: e.source,
        note: e.note,
        changed: changed.has(e.id),
        deleted: e.deleted,
        deleteReason: e.delete_reason,
      })),
      workedMinutes: work.workedMinutes,
      breakMinutes: work.breakMinutes,
      targetMinutes: target.target,
      creditedMinutes: target.credited,
      diffMinutes: work.workedMinutes + target.credited - target.target,
      reason: target.reason,
      holidayName: publicHolidayName(day, tenant.holiday_region, tenant.holiday_subregion) ?? null,
      closureName: closureByDay.get(day)?.name ?? null,
      absence: dayAbsence(absenceOn.get(day)),
      findings: findings
        .filter((f) => f.day === day)
        .map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
    };
  });
  // The period's own figures count every day of it, also those still ahead.
  const totals: PeriodTotals = {
    targetMinutes: 0,
    workedMinutes: 0,
    creditedMinutes: 0,
    diffMinutes: 0,
    adjustmentMinutes: adjustments
      .filter((a) => a.day >= from && a.day >= balanceStart)
      .reduce((sum, a) => sum + a.minutes, 0),
  };
  for (const day of sheetDays) {
    totals.targetMinutes += day.targetMinutes;
    totals.workedMinutes += day.workedMinutes;
    totals.creditedMinutes += day.creditedMinutes;
    totals.diffMinutes += day.diffMinutes;
  }

  return {
    value: {
      userId,
      from,
      to,
      timeZone: zone,
      days: sheetDays,
      totals,
      balance: {
        before: summary.balanceBefore,
        after: summary.balanceAfter,
        since: balanceStart,
        asOf,
      },
    },
    live: to >= today || entries.some((e) => e.ended_at === null),
  };
}

function dayAbsence(absence: DayAbsence | undefined): TimesheetDay['absence'] {
  if (!absence) return null;
  const { absenceId, typeId, key, name, color, half } = absence;
  return { id: absenceId, typeId, key, name, color, half };
}

/** Entries with a Historie: every change by hand is in the audit log (stamps are not). */
async function changedEntryIds(
  deps: SheetDeps,
  tenantId: string,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await deps.db
    .selectFrom('audit_log')
    .select('entity_id')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('entity_type', '=', 'time_entry')
    .where('entity_id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.entity_id ?? ''));
}

/** Month `YYYY-MM` of a person, with its closing state. */
export async function monthTimesheet(
  deps: SheetDeps,
  actor: Actor,
  userId: string,
  month: string,
  options: SheetOptions = {},
): Promise<Timesheet> {
  return (await rememberedMonth(deps, actor, userId, month, options)).value;
}

/** The same, remembered with its JSON. */
export async function rememberedMonth(
  deps: SheetDeps,
  actor: Actor,
  userId: string,
  month: string,
  options: SheetOptions = {},
): Promise<Computed<Timesheet>> {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const days = daysOfMonth(year, monthNumber);
  const first = days[0]!;
  const owner = await sheetOwner(deps, actor, userId);
  const version = await deps.sheets.versionOf(deps.db, owner.tenantId, userId);
  return deps.sheets.get(
    `month|${userId}|${month}|${options.includeDeleted === true}`,
    version,
    deps.clock(),
    async () => {
      const [period, lock] = await Promise.all([
        computeLive(deps, await owner.load(), first, days.at(-1)!, options),
        deps.db
          .selectFrom('month_locks')
          .select(['status', 'approved_at'])
          .where('tenant_id', '=', owner.tenantId)
          .where('user_id', '=', userId)
          .where('month', '=', first)
          .executeTakeFirst(),
      ]);
      const { from: _from, to: _to, ...sheet } = period.value;
      const value: Timesheet = {
        ...sheet,
        month,
        lock: lock
          ? { status: lock.status, approvedAt: lock.approved_at?.toISOString() ?? null }
          : null,
      };
      return { value, live: period.live };
    },
  );
}
