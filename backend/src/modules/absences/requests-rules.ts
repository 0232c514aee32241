/**
 * What a request would get (preview) and what refuses it (create, change): the day count in the
 * person's calendar, overlaps with their other absences, closed months, the vacation left per
 * year and the company's over-balance policy. The request form asks for this live, so it reads
 * each input once: the calendar, the overlapping absences, the locks, one account per year.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../../db/index.js';
import type { AbsenceTypesTable } from '../../db/types.js';
import type { AbsenceDayCount } from '../../domain/absence-days.js';
import { AbsenceRangeError } from '../../domain/absence-days.js';
import { addDays, dayRange } from '../../domain/time.js';
import type { ErrorCode } from '../../errors.js';
import { AppError, defaultMessage } from '../../errors.js';
import { vacationAccountOf } from './accounts.js';
import type { PersonCalendar } from './calendar.js';
import { countWorkingDays, personCalendar } from './calendar.js';
import type { OverlapRow, VacationPlan } from './requests-sickness-over-vacation.js';
import {
  overlappingAbsences,
  planDetails,
  planReturns,
  returnedSpans,
  sharedDay,
} from './requests-sickness-over-vacation.js';

/** The longest absence one request may span (a sickness longer than a year is split). */
export const MAX_ABSENCE_DAYS = 366;

export type AbsenceTypeRow = Selectable<AbsenceTypesTable>;

export interface RequestedRange {
  from: string;
  /** null: a sickness without a known end. */
  to: string | null;
  halfDayStart: boolean;
  halfDayEnd: boolean;
}

/** Something a request would run into; `blocking` ones refuse it, the others warn. */
export interface Problem {
  code: ErrorCode;
  message: string;
  blocking: boolean;
  details?: Record<string, unknown>;
}

export interface YearCount {
  year: number;
  days: number;
  /** For types that take vacation: what is left of the year before and after this request. */
  vacation: { remainingBefore: number; remainingAfter: number } | null;
}

export interface Assessment {
  calendar: PersonCalendar;
  /** null when the range itself is invalid. */
  count: AbsenceDayCount | null;
  byYear: YearCount[];
  problems: Problem[];
  /** A sickness over vacation: what giving the vacation days back would do (see § 9 BUrlG). */
  vacationPlan: VacationPlan | null;
}

/** The type whose days a vacation gives back (§ 9 BUrlG): the person's own sickness. */
export const SICKNESS_KEY = 'sick';

/** Sickness and other types recorded without approval may start without an end. */
export function mayBeOpenEnded(type: AbsenceTypeRow): boolean {
  return !type.needs_approval && !type.deducts_vacation;
}

function problem(
  code: ErrorCode,
  blocking = true,
  message = defaultMessage(code),
  details?: Record<string, unknown>,
): Problem {
  return { code, message, blocking, ...(details ? { details } : {}) };
}

/** ABSENCE_OVERLAP naming the other absence (type, dates, status), for a person to understand. */
export function overlapError(other: OverlapRow): AppError {
  const until = other.end_day ?? 'open end';
  return new AppError(
    'ABSENCE_OVERLAP',
    `This overlaps your absence "${other.name_en}" from ${other.start_day} to ${until} (${other.status}).`,
    {
      absence: {
        id: other.id,
        from: other.start_day,
        to: other.end_day,
        status: other.status,
        typeName: { de: other.name_de, en: other.name_en },
      },
    },
  );
}

/**
 * A sickness without an end over a vacation: its days cannot be given back while the end is
 * unknown. The refusal stays ABSENCE_OVERLAP and says the latest end that avoids the vacation
 * (null when the vacation has begun by the sickness's first day).
 */
export function openEndOverVacation(vacation: OverlapRow, sicknessFrom: string): Problem {
  const latestEnd = vacation.start_day > sicknessFrom ? addDays(vacation.start_day, -1) : null;
  const until = latestEnd ? ` – at the latest ${latestEnd}, the day before the vacation` : '';
  return problem(
    'ABSENCE_OVERLAP',
    true,
    `This sickness has no end yet and would overlap your vacation "${vacation.name_en}" from ${vacation.start_day} to ${vacation.end_day}. Please give an expected end${until}; if the sickness lasts into the vacation, give its end to have the vacation days given back. An administrator can correct the end later.`,
    {
      ...(overlapError(vacation).details as Record<string, unknown>),
      openEnd: true,
      latestEnd,
    },
  );
}

/** The person's approved (closed) months the range touches, as 'YYYY-MM'. */
export async function lockedMonthsIn(
  db: Db,
  tenantId: string,
  userId: string,
  range: Pick<RequestedRange, 'from' | 'to'>,
): Promise<string[]> {
  let query = db
    .selectFrom('month_locks')
    .select('month')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('status', '=', 'approved')
    .where('month', '>=', `${range.from.slice(0, 7)}-01`);
  if (range.to !== null) query = query.where('month', '<=', range.to);
  const rows = await query.orderBy('month').execute();
  return rows.map((r) => r.month.slice(0, 7));
}

export function lockedMonthError(months: string[]): AppError {
  return new AppError(
    'ABSENCE_LOCKED_MONTH',
    `This absence touches the closed month ${months.join(', ')}. Please ask your administrator to correct it.`,
    { months },
  );
}

/**
 * Everything a request of `type` over `range` for the person would run into. `admin`: closed
 * months are no obstacle (an admin's change is the audited correction).
 */
export async function assessRequest(
  db: Db,
  tenantId: string,
  input: {
    userId: string;
    type: AbsenceTypeRow;
    range: RequestedRange;
    excludeAbsenceId?: string;
    admin: boolean;
    now: Date;
    calendar?: PersonCalendar;
  },
): Promise<Assessment> {
  const { type, range } = input;
  const calendar = input.calendar ?? (await personCalendar(db, tenantId, input.userId));
  const problems: Problem[] = [];
  if (!type.active) problems.push(problem('ABSENCE_TYPE_INACTIVE'));
  if (range.to === null && !mayBeOpenEnded(type))
    problems.push(problem('ABSENCE_OPEN_END_NOT_ALLOWED'));
  if ((range.halfDayStart || range.halfDayEnd) && !type.half_days_allowed)
    problems.push(problem('ABSENCE_HALF_DAYS_NOT_ALLOWED'));

  let count: AbsenceDayCount | null = null;
  // An open sickness is counted up to its first day only; it is extended when the end is known.
  const countTo = range.to ?? range.from;
  if (countTo < range.from) {
    problems.push(problem('ABSENCE_ENDS_BEFORE_START'));
  } else if (dayRange(range.from, countTo).length > MAX_ABSENCE_DAYS) {
    problems.push(problem('ABSENCE_RANGE_TOO_LONG'));
  } else {
    try {
      count = countWorkingDays(calendar, {
        from: range.from,
        to: countTo,
        halfDayStart: range.halfDayStart,
        halfDayEnd: range.to === null ? false : range.halfDayEnd,
      });
    } catch (error) {
      if (!(error instanceof AbsenceRangeError)) throw error;
      problems.push(problem(error.code));
    }
  }
  if (count !== null && range.to !== null && count.total === 0)
    problems.push(problem('ABSENCE_NO_WORKING_DAYS'));

  const validRange = count !== null;
  const [overlaps, locked] = validRange
    ? await Promise.all([
        overlappingAbsences(db, tenantId, input.userId, range, input.excludeAbsenceId),
        input.admin ? Promise.resolve([]) : lockedMonthsIn(db, tenantId, input.userId, range),
      ])
    : [[], []];
  if (locked.length > 0) {
    const error = lockedMonthError(locked);
    problems.push(problem('ABSENCE_LOCKED_MONTH', true, error.message, { months: locked }));
  }
  let vacationPlan: VacationPlan | null = null;
  if (overlaps.length > 0) {
    // Only a sickness over vacation gives days back; any other overlap refuses as before.
    const sickness = type.key === SICKNESS_KEY;
    const other = overlaps.find((o) => !sickness || !o.deducts_vacation || o.end_day === null);
    if (other) {
      const error = overlapError(other);
      problems.push(problem('ABSENCE_OVERLAP', true, error.message, error.details as never));
    } else if (range.to === null || count === null) {
      problems.push(openEndOverVacation(overlaps[0]!, range.from));
    } else {
      const closed = { ...range, to: range.to };
      const plan = planReturns(calendar, closed, overlaps);
      const shared = sharedDay(plan, closed);
      // The vacation changes even where the sickness alone would be an admin's correction.
      const vacationLocks = input.admin
        ? [
            ...new Set(
              (
                await Promise.all(
                  returnedSpans(plan, closed).map((span) =>
                    lockedMonthsIn(db, tenantId, input.userId, span),
                  ),
                )
              ).flat(),
            ),
          ].sort()
        : [];
      if (shared !== null) {
        problems.push(
          problem('ABSENCE_SICKNESS_HALF_DAY_IN_VACATION', true, undefined, { day: shared }),
        );
      } else if (vacationLocks.length > 0) {
        const error = lockedMonthError(vacationLocks);
        problems.push(
          problem('ABSENCE_LOCKED_MONTH', true, error.message, { months: vacationLocks }),
        );
      } else {
        vacationPlan = plan;
        const names = plan.vacations.map((v) => `"${v.typeName.en}" ${v.from}–${v.to}`);
        problems.push(
          problem(
            'ABSENCE_OVERLAPS_VACATION',
            true,
            `This sickness overlaps your vacation ${names.join(', ')}. Confirm (returnVacationDays) to give ${plan.daysReturned} vacation days back (§ 9 BUrlG) and record the sickness.`,
            planDetails(plan),
          ),
        );
      }
    }
  }

  const byYear: YearCount[] = [];
  if (count !== null) {
    const policy = type.deducts_vacation
      ? (
          await db
            .selectFrom('tenants')
            .select('vacation_over_balance')
            .where('id', '=', tenantId)
            .executeTakeFirstOrThrow()
        ).vacation_over_balance
      : null;
    const accounts = await Promise.all(
      count.byYear.map((y) =>
        policy === null
          ? Promise.resolve(null)
          : vacationAccountOf(db, tenantId, input.userId, y.year, {
              now: input.now,
              calendar,
              ...(input.excludeAbsenceId ? { excludeAbsenceId: input.excludeAbsenceId } : {}),
            }),
      ),
    );
    count.byYear.forEach((y, i) => {
      const account = accounts[i];
      const vacation = account
        ? {
            remainingBefore: account.account.remaining,
            remainingAfter: account.account.remaining - y.days,
          }
        : null;
      byYear.push({ year: y.year, days: y.days, vacation });
      if (vacation && vacation.remainingAfter < 0 && y.days > 0) {
        problems.push(
          problem(
            'ABSENCE_OVER_BALANCE',
            policy === 'refuse',
            `This request needs ${y.days} vacation days in ${y.year}, but only ${vacation.remainingBefore} are left.`,
            { year: y.year, days: y.days, remaining: vacation.remainingBefore },
          ),
        );
      }
    });
  }
  return { calendar, count, byYear, problems, vacationPlan };
}

/**
 * Throws the first refusal as the API error; returns the warnings. `accepted`: refusals the
 * caller was told of and confirmed (a sickness giving vacation days back).
 */
export function refuseOrWarn(
  assessment: Assessment,
  accepted: readonly ErrorCode[] = [],
): Problem[] {
  const refusal = assessment.problems.find((p) => p.blocking && !accepted.includes(p.code));
  if (refusal) throw new AppError(refusal.code, refusal.message, refusal.details);
  return assessment.problems.filter((p) => !p.blocking);
}
