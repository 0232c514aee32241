/**
 * The month view (Meine Zeiten / Stundenzettel): per local day the entries, Ist, breaks, Soll,
 * difference and ArbZG findings, the month's totals and the running Gleitzeit balance. The
 * rules live in domain/; this module loads the data they need.
 */
import type { Deps } from '../../deps.js';
import type { ArbzgFinding } from '../../domain/arbzg.js';
import { checkArbzg } from '../../domain/arbzg.js';
import { monthSummary } from '../../domain/balance.js';
import type { BalanceDay } from '../../domain/balance.js';
import { publicHolidayLookup, publicHolidayName } from '../../domain/holidays.js';
import { dayWork, splitByLocalDay } from '../../domain/intervals.js';
import type { TargetReason } from '../../domain/targets.js';
import { scheduleOn, targetMinutes } from '../../domain/targets.js';
import { addDays, dayRange, daysOfMonth, localDay, startOfLocalDay } from '../../domain/time.js';
import type { Actor } from '../auth/permissions.js';
import { readableUser } from './people.js';
import { schedulesFor } from './schedules.js';

export interface TimesheetEntry {
  id: string;
  start: string;
  end: string | null;
  endReason: 'break' | 'clock_out' | null;
  source: 'clock' | 'manual' | 'correction';
  note: string | null;
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
  findings: Pick<ArbzgFinding, 'code' | 'severity' | 'message'>[];
}

export interface Timesheet {
  userId: string;
  month: string;
  timeZone: string;
  days: TimesheetDay[];
  totals: {
    targetMinutes: number;
    workedMinutes: number;
    creditedMinutes: number;
    diffMinutes: number;
    adjustmentMinutes: number;
  };
  balance: { before: number; after: number; since: string };
  lock: { status: 'submitted' | 'approved'; approvedAt: string | null } | null;
}

/** Month `YYYY-MM` of a person, as far as the actor may see it. */
export async function monthTimesheet(
  deps: Deps,
  actor: Actor,
  userId: string,
  month: string,
): Promise<Timesheet> {
  const user = await readableUser(deps, actor, userId);
  const { tenantId } = user;
  const tenant = await deps.db
    .selectFrom('tenants')
    .select(['time_zone', 'holiday_region', 'holiday_subregion'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const zone = tenant.time_zone;
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const days = daysOfMonth(year, monthNumber);
  const first = days[0]!;
  const last = days.at(-1)!;
  const now = deps.clock();

  // The balance runs from the employment start (or the account's creation) to the month's end.
  const balanceStart = user.start_date ?? localDay(user.created_at, zone);
  const loadFrom = balanceStart < first ? balanceStart : first;
  // One day earlier: a shift that started the evening before the first day reaches into it.
  const entries = await deps.db
    .selectFrom('time_entries')
    .select(['id', 'started_at', 'ended_at', 'end_reason', 'source', 'note'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .where('started_at', '<', startOfLocalDay(addDays(last, 1), zone))
    .where((eb) =>
      eb.or([
        eb('ended_at', 'is', null),
        eb('ended_at', '>', startOfLocalDay(addDays(loadFrom, -1), zone)),
      ]),
    )
    .orderBy('started_at')
    .execute();
  const [schedules, closures, adjustments, lock] = await Promise.all([
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
      .where('day', '<=', last)
      .execute(),
    deps.db
      .selectFrom('month_locks')
      .select(['status', 'approved_at'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('month', '=', first)
      .executeTakeFirst(),
  ]);

  const holidays = publicHolidayLookup(tenant.holiday_region, tenant.holiday_subregion);
  const closureByDay = new Map(closures.map((c) => [c.day, c]));
  const context = (day: string) => ({
    schedules: scheduleOn(day, schedules.own) ? schedules.own : schedules.fallback,
    holidays,
    closureDays: (d: string) => closureByDay.get(d)?.half === false,
    halfDays: (d: string) => closureByDay.get(d)?.half === true,
  });
  const intervals = entries.map((e) => ({ start: e.started_at, end: e.ended_at }));
  const byDay = splitByLocalDay(intervals, zone, now);
  const workOn = (day: string) => dayWork(byDay.get(day) ?? []);
  // Entries listed on the day they started (the loaded range reaches back to the balance start).
  const entriesByDay = new Map<string, typeof entries>();
  for (const entry of entries) {
    const day = localDay(entry.started_at, zone);
    if (day < first) continue;
    const list = entriesByDay.get(day);
    if (list) list.push(entry);
    else entriesByDay.set(day, [entry]);
  }

  const ledgerDays: BalanceDay[] = dayRange(balanceStart < first ? balanceStart : first, last).map(
    (day) => {
      const target = targetMinutes(day, context(day));
      return {
        day,
        worked: workOn(day).workedMinutes,
        target: target.target,
        credited: target.credited,
      };
    },
  );
  const summary = monthSummary(
    {
      startDay: balanceStart,
      openingBalance: user.opening_balance_minutes,
      days: ledgerDays,
      adjustments,
    },
    year,
    monthNumber,
  );
  const findings = checkArbzg({ intervals, timeZone: zone, now, holidays, from: first, to: last });

  return {
    userId,
    month,
    timeZone: zone,
    days: days.map((day) => {
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
        })),
        workedMinutes: work.workedMinutes,
        breakMinutes: work.breakMinutes,
        targetMinutes: target.target,
        creditedMinutes: target.credited,
        diffMinutes: work.workedMinutes + target.credited - target.target,
        reason: target.reason,
        holidayName:
          publicHolidayName(day, tenant.holiday_region, tenant.holiday_subregion) ?? null,
        closureName: closureByDay.get(day)?.name ?? null,
        findings: findings
          .filter((f) => f.day === day)
          .map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
      };
    }),
    totals: {
      targetMinutes: summary.target,
      workedMinutes: summary.worked,
      creditedMinutes: summary.credited,
      diffMinutes: summary.delta,
      adjustmentMinutes: summary.adjustments,
    },
    balance: { before: summary.balanceBefore, after: summary.balanceAfter, since: balanceStart },
    lock: lock
      ? { status: lock.status, approvedAt: lock.approved_at?.toISOString() ?? null }
      : null,
  };
}
