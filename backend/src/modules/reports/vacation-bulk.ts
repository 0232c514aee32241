/**
 * Vacation accounts (Urlaubskonten) of many people at once, for the team / company overview.
 * absences/accounts.ts vacationAccountOf reads one person with several queries; for 200 people
 * that is a thousand round trips. Here every input is loaded for all people in a constant number
 * of queries, and each account is then computed by the same domain functions
 * (domain/vacation.ts) with the same day counts (absences/calendar.ts), so the figures are those
 * of vacationAccountOf (the test compares them).
 * Callers check access: these functions take a tenant and trust it (like a repo).
 */
import type { Db } from '../../db/index.js';
import type { VacationAccount, VacationUse } from '../../domain/vacation.js';
import { vacationAccount, yearlyEntitlement } from '../../domain/vacation.js';
import type { Day } from '../../domain/time.js';
import { localDay } from '../../domain/time.js';
import { HOLDING_STATUSES, PENDING_STATUSES } from '../absences/accounts.js';
import type { PersonCalendar } from '../absences/calendar.js';
import { countWorkingDays } from '../absences/calendar.js';

const toNumber = (value: string | number): number => Number(value);

/** A list per key, built in one pass. */
function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/**
 * The vacation accounts of `userIds` in `year`, by user id. `calendars` holds each person's
 * day-count calendar (calendarFor over schedulesOf); people without one are left out.
 */
export async function vacationAccountsOf(
  db: Db,
  tenantId: string,
  userIds: readonly string[],
  year: number,
  options: { now: Date; calendars: ReadonlyMap<string, PersonCalendar> },
): Promise<Map<string, VacationAccount>> {
  const result = new Map<string, VacationAccount>();
  if (userIds.length === 0) return result;
  const ids = [...userIds];
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const [tenant, users, overrides, adjustments, carried, absences] = await Promise.all([
    db
      .selectFrom('tenants')
      .select(['vacation_days_per_year', 'prorate_entry_year', 'time_zone'])
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('users')
      .select(['id', 'start_date', 'end_date', 'created_at', 'vacation_days_per_year'])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', ids)
      .execute(),
    db
      .selectFrom('vacation_entitlements')
      .select(['user_id', 'days'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', 'in', ids)
      .where('year', '=', year)
      .execute(),
    db
      .selectFrom('vacation_adjustments')
      .select(['user_id', 'days', 'reason'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', 'in', ids)
      .where('year', '=', year)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('vacation_carry_overs')
      .select(['user_id', 'from_year', 'days', 'expires_on'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', 'in', ids)
      .where('to_year', '=', year)
      .execute(),
    db
      .selectFrom('absences')
      .innerJoin('absence_types', 'absence_types.id', 'absences.type_id')
      .select([
        'absences.user_id',
        'absences.start_day',
        'absences.end_day',
        'absences.half_day_start',
        'absences.half_day_end',
        'absences.status',
      ])
      .where('absences.tenant_id', '=', tenantId)
      .where('absences.user_id', 'in', ids)
      .where('absence_types.deducts_vacation', '=', true)
      .where('absences.status', 'in', HOLDING_STATUSES)
      .where('absences.start_day', '<=', yearEnd)
      .where((eb) =>
        eb.or([eb('absences.end_day', 'is', null), eb('absences.end_day', '>=', yearStart)]),
      )
      .execute(),
  ]);
  const overrideOf = new Map(overrides.map((o) => [o.user_id, toNumber(o.days)]));
  const adjustmentsOf = groupBy(adjustments, (a) => a.user_id);
  const carriedOf = groupBy(carried, (c) => c.user_id);
  const absencesOf = groupBy(absences, (a) => a.user_id);
  const today: Day = localDay(options.now, tenant.time_zone);

  for (const user of users) {
    const calendar = options.calendars.get(user.id);
    if (!calendar) continue;
    const uses: VacationUse[] = [];
    for (const row of absencesOf.get(user.id) ?? []) {
      // Vacation always has an end; an open end would be a sickness (never deducts vacation).
      const count = countWorkingDays(calendar, {
        from: row.start_day,
        to: row.end_day ?? row.start_day,
        halfDayStart: row.half_day_start,
        halfDayEnd: row.half_day_end,
      });
      const pending = PENDING_STATUSES.includes(row.status);
      for (const day of count.days) {
        if (day.counted > 0 && day.day >= yearStart && day.day <= yearEnd) {
          uses.push({ day: day.day, days: day.counted, ...(pending ? { pending } : {}) });
        }
      }
    }
    const override = overrideOf.get(user.id);
    const entitlement =
      override ??
      yearlyEntitlement(
        year,
        {
          daysPerYear: toNumber(user.vacation_days_per_year ?? tenant.vacation_days_per_year),
          prorateEntryYear: tenant.prorate_entry_year,
        },
        {
          start: user.start_date ?? localDay(user.created_at, calendar.timeZone),
          end: user.end_date,
        },
        calendar.schedules,
      ).days;
    result.set(
      user.id,
      vacationAccount({
        year,
        entitlement,
        carriedOver: (carriedOf.get(user.id) ?? []).map((c) => ({
          source: 'carry_over' as const,
          fromYear: c.from_year,
          days: toNumber(c.days),
          expiresOn: c.expires_on,
        })),
        adjustments: (adjustmentsOf.get(user.id) ?? []).map((a) => ({
          days: toNumber(a.days),
          reason: a.reason,
        })),
        uses,
        today,
      }),
    );
  }
  return result;
}
