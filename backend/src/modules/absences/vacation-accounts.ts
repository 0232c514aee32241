/**
 * The vacation accounts of many people at once (Urlaubsansprüche of a company, the year-end and
 * notice jobs): the same computation as accounts.ts vacationAccountOf, but every table is read
 * once for all of them (a handful of queries for 300 people instead of a round trip per person).
 * It also keeps what the explanation of an account needs: who set an override or an adjustment,
 * when, and which absence each vacation day belongs to. The reports' overview uses it too, so
 * every screen shows the same remaining days.
 */
import type { Db } from '../../db/index.js';
import type { AbsenceDayCount, AbsenceRange } from '../../domain/absence-days.js';
import type { YearlyEntitlement } from '../../domain/vacation.js';
import { yearlyEntitlement } from '../../domain/vacation.js';
import type { Day } from '../../domain/time.js';
import { localDay } from '../../domain/time.js';
import type { VacationAbsenceRow, VacationAccountView, VacationUseOf } from './accounts.js';
import { assembleVacationAccount, vacationAbsencesTouching, vacationUsesOf } from './accounts.js';
import type { WorkSchedule } from '../../domain/targets.js';
import type { CompanyCalendar, PersonCalendar } from './calendar.js';
import { calendarFor, companyCalendar, countWorkingDays, schedulesOf } from './calendar.js';

/** A person as the accounts need them. */
export interface AccountPerson {
  id: string;
  start_date: Day | null;
  end_date: Day | null;
  created_at: Date;
  vacation_days_per_year: string | null;
}

export interface DetailedOverride {
  days: number;
  reason: string;
  setBy: string;
  setAt: Date;
}

export interface DetailedAdjustment {
  id: string;
  days: number;
  reason: string;
  /** Null: booked by the year-end job. */
  createdBy: string | null;
  createdAt: Date;
}

export interface DetailedAccount extends VacationAccountView {
  userId: string;
  /** The contract's days per year, and whether they are the person's own or the company's. */
  contract: { days: number; source: 'person' | 'company' };
  overrideDetail: DetailedOverride | null;
  adjustmentDetails: DetailedAdjustment[];
  uses: VacationUseOf[];
  absences: (VacationAbsenceRow & { type_id: string })[];
  today: Day;
  calendar: PersonCalendar;
}

/** Rows of a query grouped by person. */
function byUser<T extends { user_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.user_id);
    if (list) list.push(row);
    else map.set(row.user_id, [row]);
  }
  return map;
}

/**
 * The accounts of `people` (of one company) for `year`, with "today" taken from `now` in the
 * company's zone. The caller has checked access and loaded the people of its scope.
 */
export async function vacationAccountsOf(
  db: Db,
  tenantId: string,
  people: readonly AccountPerson[],
  year: number,
  now: Date,
  /** The company's calendar and the people's schedules, when the caller has read them already. */
  known?: { company: CompanyCalendar; schedules: ReadonlyMap<string, WorkSchedule[]> },
): Promise<Map<string, DetailedAccount>> {
  const result = new Map<string, DetailedAccount>();
  if (people.length === 0) return result;
  const ids = people.map((p) => p.id);
  const [company, schedules, tenant, overrides, adjustments, carried, absences] = await Promise.all(
    [
      known?.company ?? companyCalendar(db, tenantId),
      known?.schedules ?? schedulesOf(db, tenantId, ids),
      db
        .selectFrom('tenants')
        .select(['vacation_days_per_year', 'prorate_entry_year'])
        .where('id', '=', tenantId)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('vacation_entitlements')
        .select(['user_id', 'days', 'reason', 'set_by', 'set_at'])
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', ids)
        .where('year', '=', year)
        .execute(),
      db
        .selectFrom('vacation_adjustments')
        .select(['id', 'user_id', 'days', 'reason', 'created_by', 'created_at'])
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', ids)
        .where('year', '=', year)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('vacation_carry_overs')
        .select(['user_id', 'from_year', 'days', 'expires_on'])
        .where('tenant_id', '=', tenantId)
        .where('user_id', 'in', ids)
        .where('to_year', '=', year)
        .orderBy('from_year')
        .execute(),
      vacationAbsencesTouching(db, tenantId, year)
        .select([
          'absences.id',
          'absences.user_id',
          'absences.type_id',
          'absences.start_day',
          'absences.end_day',
          'absences.half_day_start',
          'absences.half_day_end',
          'absences.status',
        ])
        .where('absences.user_id', 'in', ids)
        .orderBy('absences.start_day')
        .execute(),
    ],
  );
  const overrideOf = new Map(overrides.map((o) => [o.user_id, o]));
  const adjustmentsOf = byUser(adjustments);
  const carriedOf = byUser(carried);
  const absencesOf = byUser(absences);
  const today = localDay(now, company.timeZone);
  const companyDays = Number(tenant.vacation_days_per_year);

  // Most people share a week, an entry day or a vacation: compute each distinct case once
  // (the calendar of one week is one object, so its counts can be remembered by range).
  const calendars = new Map<string, PersonCalendar>();
  const entitlements = new Map<string, YearlyEntitlement>();
  const counts = new WeakMap<PersonCalendar, Map<string, AbsenceDayCount>>();
  const count = (calendar: PersonCalendar, range: AbsenceRange): AbsenceDayCount => {
    let known = counts.get(calendar);
    if (!known) counts.set(calendar, (known = new Map<string, AbsenceDayCount>()));
    const key = `${range.from}|${range.to}|${range.halfDayStart}|${range.halfDayEnd}`;
    let result = known.get(key);
    if (!result) known.set(key, (result = countWorkingDays(calendar, range)));
    return result;
  };

  for (const person of people) {
    const week = schedules.get(person.id) ?? [];
    const weekKey = JSON.stringify(week);
    let calendar = calendars.get(weekKey);
    if (!calendar) calendars.set(weekKey, (calendar = calendarFor(company, week)));
    const own = absencesOf.get(person.id) ?? [];
    const uses = vacationUsesOf(own, calendar, year, count);
    const override = overrideOf.get(person.id);
    const adjusted = (adjustmentsOf.get(person.id) ?? []).map((a) => ({
      id: a.id,
      days: Number(a.days),
      reason: a.reason,
      createdBy: a.created_by,
      createdAt: a.created_at,
    }));
    const contract =
      person.vacation_days_per_year === null
        ? { days: companyDays, source: 'company' as const }
        : { days: Number(person.vacation_days_per_year), source: 'person' as const };
    const employment = {
      start: person.start_date ?? localDay(person.created_at, company.timeZone),
      end: person.end_date,
    };
    const entitlementKey = `${weekKey}|${contract.days}|${employment.start}|${employment.end}`;
    let computed = entitlements.get(entitlementKey);
    if (!computed) {
      computed = yearlyEntitlement(
        year,
        { daysPerYear: contract.days, prorateEntryYear: tenant.prorate_entry_year },
        employment,
        calendar.schedules,
      );
      entitlements.set(entitlementKey, computed);
    }
    const view = assembleVacationAccount(year, calendar, {
      contractDays: contract.days,
      prorateEntryYear: tenant.prorate_entry_year,
      employment,
      computed,
      override: override ? { days: Number(override.days), reason: override.reason } : null,
      adjustments: adjusted.map((a) => ({ days: a.days, reason: a.reason })),
      carried: (carriedOf.get(person.id) ?? []).map((c) => ({
        from_year: c.from_year,
        days: Number(c.days),
        expires_on: c.expires_on,
      })),
      uses,
      today,
    });
    result.set(person.id, {
      ...view,
      userId: person.id,
      contract,
      overrideDetail: override
        ? {
            days: Number(override.days),
            reason: override.reason,
            setBy: override.set_by,
            setAt: override.set_at,
          }
        : null,
      adjustmentDetails: adjusted,
      uses,
      absences: own,
      today,
      calendar,
    });
  }
  return result;
}
