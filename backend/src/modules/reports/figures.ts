/**
 * The day-level figures of the reports, shared by the overview (a period's sums per person) and
 * the statistics (the same, per month): ArbZG findings by the month view's checks and working
 * days of approved absences by the absences' day count. Both take a whole period at once, so a
 * report costs a constant number of queries and one pass per person, whatever its length.
 */
import type { Db } from '../../db/index.js';
import type { AbsenceStatus } from '../../db/types.js';
import type { ArbzgFinding } from '../../domain/arbzg.js';
import { arbzgContextStart, checkArbzg } from '../../domain/arbzg.js';
import { publicHolidayLookup } from '../../domain/holidays.js';
import { splitWork, splitWorkAfter } from '../../domain/intervals.js';
import type { WorkSchedule } from '../../domain/targets.js';
import type { Day } from '../../domain/time.js';
import { addDays, localCalendar, localDay, startOfLocalDay } from '../../domain/time.js';
import type { CompanyCalendar, PersonCalendar } from '../absences/calendar.js';
import {
  calendarFor,
  companyCalendar,
  countWorkingDays,
  schedulesOf,
} from '../absences/calendar.js';
import type { BalanceData, PersonWork } from '../time/balances.js';
import { loadBalanceData, splitPersonWork } from '../time/balances.js';

/** A report's people's day-count calendars, with the company calendar and schedules they come from. */
export interface ReportCalendars {
  company: CompanyCalendar;
  schedules: Map<string, WorkSchedule[]>;
  calendars: Map<string, PersonCalendar>;
}

/**
 * What a report of `from`–`to` reads for its people, in parallel: the balance data (entries,
 * schedules, absences' credit … from the earliest account start), each person's day-count
 * calendar and the company's absence types in their order; and what `alongside` reads with the
 * calendars (absences, vacation accounts), started as soon as they are in, so its queries run
 * while the entries – by far the most rows – are still arriving.
 */
export async function reportInputs<T>(
  db: Db,
  tenantId: string,
  userIds: string[],
  period: { from: Day; to: Day },
  alongside: (known: ReportCalendars) => Promise<T>,
) {
  const known = Promise.all([
    companyCalendar(db, tenantId),
    schedulesOf(db, tenantId, userIds),
  ]).then(([company, schedules]): ReportCalendars => ({
    company,
    schedules,
    calendars: new Map(userIds.map((id) => [id, calendarFor(company, schedules.get(id) ?? [])])),
  }));
  const [data, calendars, types, more] = await Promise.all([
    loadBalanceData(db, tenantId, { upTo: period.to, userIds, from: period.from }),
    known,
    db
      .selectFrom('absence_types')
      .select(['id', 'key', 'name_de', 'name_en', 'color'])
      .where('tenant_id', '=', tenantId)
      .orderBy('sort_order')
      .orderBy('name_de')
      .execute(),
    known.then(alongside),
  ]);
  return { data, ...calendars, types, more };
}

/** Absences that count as taken in a report: approved, or approved and asked to be cancelled. */
const COUNTED_STATUSES: readonly AbsenceStatus[] = ['approved', 'cancel_requested'];

function accountStartOf(user: { start_date: string | null; created_at: Date }, zone: string): Day {
  return user.start_date ?? localDay(user.created_at, zone);
}

/**
 * Each loaded person's findings on days of `from`–`to`, by the month view's checks over the same
 * entries. Since a finding belongs to a day and its checks look back only to
 * `arbzgContextStart`, the findings of any month of the period equal that month's own.
 * `work`: splitPersonWork(data, now), when the caller has it already (the balances need it too).
 */
export function findingsByPerson(
  data: BalanceData,
  from: Day,
  to: Day,
  now: Date,
  work: PersonWork = splitPersonWork(data, now),
): Map<string, ArbzgFinding[]> {
  const zone = data.timeZone;
  const contextStart = arbzgContextStart(from);
  // The checks ask about the same few hundred days for every person: look each up once.
  const holidays = publicHolidayLookup(data.holidayRegion, data.holidaySubregion, {
    from: addDays(contextStart, -1),
    to: addDays(to, 40),
  });
  const calendar = localCalendar(zone, addDays(data.loaded.from, -1), addDays(to, 1));
  const result = new Map<string, ArbzgFinding[]>();
  for (const user of data.users) {
    const recordsFrom = accountStartOf(user, zone);
    // The month view loads from its account start (or the period, if earlier) and looks back at
    // most to the checks' context start: the same window here, so the same findings.
    const loadedFrom = startOfLocalDay(
      addDays(recordsFrom < from ? recordsFrom : from, -1),
      zone,
    ).getTime();
    const windowStart = Math.max(loadedFrom, startOfLocalDay(contextStart, zone).getTime());
    // The person's days from the window on, taken from the split the balances use.
    const personWork = work.get(user.id) ?? splitWork([], zone, now);
    const split = splitWorkAfter(personWork, new Date(windowStart));
    const intervals =
      split?.intervals ??
      personWork.intervals.filter((i) => i.end === null || i.end.getTime() > windowStart);
    result.set(
      user.id,
      intervals.length === 0
        ? []
        : checkArbzg({
            intervals,
            timeZone: zone,
            now,
            holidays,
            from,
            to,
            recordsFrom,
            calendar,
            split,
          }),
    );
  }
  return result;
}

/** The working days one approved absence takes on days of a report's period. */
export interface CountedAbsence {
  userId: string;
  typeId: string;
  /** The type's key ('vacation', 'sick', …; null for a company's own types). */
  key: string | null;
  deductsVacation: boolean;
  /** Days of the period with a count above zero (½ for half days). */
  days: { day: Day; counted: number }[];
}

/**
 * Approved absences of the people on days of `from`–`to`, counted in each person's calendar
 * over the absence's whole range (so half days at its ends stay where they are), then cut to
 * the period. A sickness without an end so far runs until today, not into the future.
 */
export async function countedAbsences(
  db: Db,
  tenantId: string,
  userIds: readonly string[],
  period: { from: Day; to: Day; today: Day },
  calendars: ReadonlyMap<string, PersonCalendar>,
): Promise<CountedAbsence[]> {
  if (userIds.length === 0) return [];
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
  const result: CountedAbsence[] = [];
  for (const row of rows) {
    const calendar = calendars.get(row.user_id);
    if (!calendar) continue;
    const openEnd = today < to ? today : to;
    const end = row.end_day ?? (openEnd > row.start_day ? openEnd : row.start_day);
    const count = countWorkingDays(calendar, {
      from: row.start_day,
      to: end,
      halfDayStart: row.half_day_start,
      halfDayEnd: row.half_day_end,
    });
    const days = count.days
      .filter((d) => d.day >= from && d.day <= to && d.counted > 0)
      .map((d) => ({ day: d.day, counted: d.counted }));
    if (days.length === 0) continue;
    result.push({
      userId: row.user_id,
      typeId: row.type_id,
      key: row.key,
      deductsVacation: row.deducts_vacation,
      days,
    });
  }
  return result;
}
