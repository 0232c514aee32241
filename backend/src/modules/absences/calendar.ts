/**
 * The calendar an absence is counted in (Arbeitstage): the person's work schedules, the public
 * holidays of the company's Bundesland (and region) and the company's closure days, half days
 * included (24/31 December are configured as half closure days). Every day count – request form,
 * approval, vacation account, reports – goes through here, so they all agree.
 */
import type { Db } from '../../db/index.js';
import type { AbsenceCalendar, AbsenceDayCount, AbsenceRange } from '../../domain/absence-days.js';
import { absenceWorkingDays } from '../../domain/absence-days.js';
import { publicHolidayLookup, publicHolidayName } from '../../domain/holidays.js';
import type { WorkSchedule } from '../../domain/targets.js';
import type { Day } from '../../domain/time.js';

export interface CompanyCalendar {
  timeZone: string;
  holidayRegion: string;
  holidaySubregion: string | null;
  /** Closure days by day; `half` for half days. */
  closures: ReadonlyMap<Day, { name: string; half: boolean }>;
}

export interface PersonCalendar extends CompanyCalendar {
  /** The person's schedule versions, preceded by the company default for the days before them. */
  schedules: WorkSchedule[];
  /** The calendar for domain/absence-days.ts. */
  absenceCalendar: AbsenceCalendar;
}

export async function companyCalendar(db: Db, tenantId: string): Promise<CompanyCalendar> {
  const [tenant, closures] = await Promise.all([
    db
      .selectFrom('tenants')
      .select(['time_zone', 'holiday_region', 'holiday_subregion'])
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('closure_days')
      .select(['day', 'name', 'half'])
      .where('tenant_id', '=', tenantId)
      .execute(),
  ]);
  return {
    timeZone: tenant.time_zone,
    holidayRegion: tenant.holiday_region,
    holidaySubregion: tenant.holiday_subregion,
    closures: new Map(closures.map((c) => [c.day, { name: c.name, half: c.half }])),
  };
}

/**
 * The schedules valid for a person: their own versions, and before the first of them the
 * company's default (the same rule the month view applies day by day).
 */
export function effectiveSchedules(
  own: readonly WorkSchedule[],
  fallback: readonly WorkSchedule[],
): WorkSchedule[] {
  const firstOwn = own.reduce<Day | null>(
    (first, s) => (first === null || s.validFrom < first ? s.validFrom : first),
    null,
  );
  const before = firstOwn === null ? fallback : fallback.filter((s) => s.validFrom < firstOwn);
  return [...before, ...own].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
}

/** Schedule versions of several people at once (own by user, and the company default). */
export async function schedulesOf(
  db: Db,
  tenantId: string,
  userIds: readonly string[],
): Promise<Map<string, WorkSchedule[]>> {
  const rows =
    userIds.length === 0
      ? []
      : await db
          .selectFrom('work_schedules')
          .select(['user_id', 'valid_from', 'minutes'])
          .where('tenant_id', '=', tenantId)
          .where((eb) => eb.or([eb('user_id', 'in', userIds), eb('user_id', 'is', null)]))
          .execute();
  const asDomain = (r: (typeof rows)[number]): WorkSchedule => ({
    validFrom: r.valid_from,
    minutesPerWeekday: r.minutes as unknown as WorkSchedule['minutesPerWeekday'],
  });
  const fallback = rows.filter((r) => r.user_id === null).map(asDomain);
  const result = new Map<string, WorkSchedule[]>();
  for (const userId of userIds) {
    const own = rows.filter((r) => r.user_id === userId).map(asDomain);
    result.set(userId, effectiveSchedules(own, fallback));
  }
  return result;
}

/** The day-count calendar of a company applied to one person's schedules. */
export function calendarFor(company: CompanyCalendar, schedules: WorkSchedule[]): PersonCalendar {
  const { closures, holidayRegion, holidaySubregion } = company;
  return {
    ...company,
    schedules,
    absenceCalendar: {
      schedules,
      holidays: publicHolidayLookup(holidayRegion, holidaySubregion),
      closureDays: (day) => closures.get(day)?.half === false,
      halfDays: (day) => closures.get(day)?.half === true,
      holidayName: (day) => publicHolidayName(day, holidayRegion, holidaySubregion),
    },
  };
}

export async function personCalendar(
  db: Db,
  tenantId: string,
  userId: string,
): Promise<PersonCalendar> {
  const [company, schedules] = await Promise.all([
    companyCalendar(db, tenantId),
    schedulesOf(db, tenantId, [userId]),
  ]);
  return calendarFor(company, schedules.get(userId) ?? []);
}

/** Working days of a range in the person's calendar (see domain/absence-days.ts). */
export function countWorkingDays(calendar: PersonCalendar, range: AbsenceRange): AbsenceDayCount {
  return absenceWorkingDays(range, calendar.absenceCalendar);
}
