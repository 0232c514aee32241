/**
 * The vacation account of a person and year (Urlaubskonto), read from the database and computed
 * by domain/vacation.ts: the entitlement (from the contract days and the schedules, BUrlG §§3–5,
 * or set by hand for the year), carried-over blocks, adjustments, and every vacation day of
 * approved (taken/planned) and pending (planned) requests.
 */
import type { Db } from '../../db/index.js';
import type { AbsenceStatus } from '../../db/types.js';
import type { VacationAccount, VacationUse, YearlyEntitlement } from '../../domain/vacation.js';
import { vacationAccount, yearlyEntitlement } from '../../domain/vacation.js';
import type { Day } from '../../domain/time.js';
import { localDay } from '../../domain/time.js';
import type { PersonCalendar } from './calendar.js';
import { countWorkingDays, personCalendar } from './calendar.js';

/** Absences that hold their days; the approved ones (and those asked to be cancelled) count. */
export const HOLDING_STATUSES: readonly AbsenceStatus[] = [
  'requested',
  'pre_approved',
  'approved',
  'cancel_requested',
];
export const PENDING_STATUSES: readonly AbsenceStatus[] = ['requested', 'pre_approved'];

export interface VacationAccountView {
  year: number;
  /** What BUrlG and the contract give; `override` replaces its days when set. */
  computed: YearlyEntitlement;
  override: { days: number; reason: string } | null;
  account: VacationAccount;
}

export interface AccountOptions {
  /** Leave this absence out (the request being changed or decided). */
  excludeAbsenceId?: string;
  /** The calendar, when the caller has it already. */
  calendar?: PersonCalendar;
  /** Today in the company's zone; default from `now`. */
  now: Date;
}

const toNumber = (value: string | number): number => Number(value);

/** An absence that deducts vacation, as the account needs it. */
export interface VacationAbsenceRow {
  id: string;
  start_day: Day;
  end_day: Day | null;
  half_day_start: boolean;
  half_day_end: boolean;
  status: AbsenceStatus;
}

/** A vacation day of the account, with the absence it belongs to (for the explanation). */
export interface VacationUseOf extends VacationUse {
  absenceId: string;
}

/** Vacation days of a year from its absences, one use per counted day (pending as planned). */
export function vacationUsesOf(
  rows: readonly VacationAbsenceRow[],
  calendar: PersonCalendar,
  year: number,
  /** The day count; bulk readers pass a memoised countWorkingDays. */
  count: typeof countWorkingDays = countWorkingDays,
): VacationUseOf[] {
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const uses: VacationUseOf[] = [];
  for (const row of rows) {
    // Vacation always has an end; an open end would be a sickness (never deducts vacation).
    const to = row.end_day ?? row.start_day;
    const counted = count(calendar, {
      from: row.start_day,
      to,
      halfDayStart: row.half_day_start,
      halfDayEnd: row.half_day_end,
    });
    const pending = PENDING_STATUSES.includes(row.status);
    for (const day of counted.days) {
      if (day.counted > 0 && day.day >= yearStart && day.day <= yearEnd) {
        uses.push({
          day: day.day,
          days: day.counted,
          absenceId: row.id,
          ...(pending ? { pending } : {}),
        });
      }
    }
  }
  return uses;
}

/**
 * The company's absences that hold vacation days (requested, approved, …, of a type that deducts
 * vacation) and touch `year`; callers pick the columns and the people.
 */
export function vacationAbsencesTouching(db: Db, tenantId: string, year: number) {
  return db
    .selectFrom('absences')
    .innerJoin('absence_types', 'absence_types.id', 'absences.type_id')
    .where('absences.tenant_id', '=', tenantId)
    .where('absence_types.deducts_vacation', '=', true)
    .where('absences.status', 'in', HOLDING_STATUSES)
    .where('absences.start_day', '<=', `${year}-12-31`)
    .where((eb) =>
      eb.or([eb('absences.end_day', 'is', null), eb('absences.end_day', '>=', `${year}-01-01`)]),
    );
}

/** Vacation days of a year, one use per counted day (pending requests as planned). */
async function vacationUses(
  db: Db,
  tenantId: string,
  userId: string,
  year: number,
  calendar: PersonCalendar,
  excludeAbsenceId: string | undefined,
): Promise<VacationUse[]> {
  let query = vacationAbsencesTouching(db, tenantId, year)
    .select([
      'absences.id',
      'absences.start_day',
      'absences.end_day',
      'absences.half_day_start',
      'absences.half_day_end',
      'absences.status',
    ])
    .where('absences.user_id', '=', userId);
  if (excludeAbsenceId) query = query.where('absences.id', '<>', excludeAbsenceId);
  return vacationUsesOf(await query.execute(), calendar, year);
}

/** What an account is computed from, as read from the database (one person, one year). */
export interface VacationAccountFacts {
  /** The contract's days per year (the person's, else the company's). */
  contractDays: number;
  prorateEntryYear: boolean;
  employment: { start: Day; end: Day | null };
  override: { days: number; reason: string } | null;
  adjustments: { days: number; reason: string }[];
  carried: { from_year: number; days: number; expires_on: Day | null }[];
  uses: readonly VacationUse[];
  today: Day;
  /** yearlyEntitlement of these facts, when the caller has it already (bulk readers). */
  computed?: YearlyEntitlement;
}

/** The account of a year from its facts (shared by the single and the bulk readers). */
export function assembleVacationAccount(
  year: number,
  calendar: PersonCalendar,
  facts: VacationAccountFacts,
): VacationAccountView {
  const computed =
    facts.computed ??
    yearlyEntitlement(
      year,
      { daysPerYear: facts.contractDays, prorateEntryYear: facts.prorateEntryYear },
      facts.employment,
      calendar.schedules,
    );
  const account = vacationAccount({
    year,
    entitlement: facts.override ? facts.override.days : computed.days,
    carriedOver: facts.carried.map((c) => ({
      source: 'carry_over' as const,
      fromYear: c.from_year,
      days: c.days,
      expiresOn: c.expires_on,
    })),
    adjustments: facts.adjustments,
    uses: facts.uses,
    today: facts.today,
  });
  return { year, computed, override: facts.override, account };
}

/** The vacation account of `userId` in `year` (the caller has checked access). */
export async function vacationAccountOf(
  db: Db,
  tenantId: string,
  userId: string,
  year: number,
  options: AccountOptions,
): Promise<VacationAccountView> {
  const calendar = options.calendar ?? (await personCalendar(db, tenantId, userId));
  const [tenant, user, override, adjustments, carried] = await Promise.all([
    db
      .selectFrom('tenants')
      .select(['vacation_days_per_year', 'prorate_entry_year'])
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('users')
      .select(['start_date', 'end_date', 'created_at', 'vacation_days_per_year'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', userId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('vacation_entitlements')
      .select(['days', 'reason'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('year', '=', year)
      .executeTakeFirst(),
    db
      .selectFrom('vacation_adjustments')
      .select(['days', 'reason'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('year', '=', year)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('vacation_carry_overs')
      .select(['from_year', 'days', 'expires_on'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('to_year', '=', year)
      .execute(),
  ]);
  const uses = await vacationUses(db, tenantId, userId, year, calendar, options.excludeAbsenceId);
  return assembleVacationAccount(year, calendar, {
    contractDays: toNumber(user.vacation_days_per_year ?? tenant.vacation_days_per_year),
    prorateEntryYear: tenant.prorate_entry_year,
    employment: {
      start: user.start_date ?? localDay(user.created_at, calendar.timeZone),
      end: user.end_date,
    },
    override: override ? { days: toNumber(override.days), reason: override.reason } : null,
    adjustments: adjustments.map((a) => ({ days: toNumber(a.days), reason: a.reason })),
    carried: carried.map((c) => ({ ...c, days: toNumber(c.days) })),
    uses,
    today: localDay(options.now, calendar.timeZone),
  });
}
