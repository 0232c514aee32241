/**
 * Gleitzeit balances of many people at once (team and company reports, benchmarks): for each
 * person worked, target, credited, adjustments, opening balance and balance from their start
 * day up to a day. The rules are those of the month view (timesheet.ts), applied through the
 * same domain functions; only the work around them is shared between people:
 * - a constant number of queries, whatever the number of people or days;
 * - local day boundaries, public holidays and closure days computed once per day for everyone;
 * - each person's schedule resolved by walking their versions along the days, and a day's
 *   target computed once per distinct schedule (most people share the company default);
 * - each person's entries split into days once (one pass), never scanned per day.
 * Callers check access: these functions take a tenant and trust it (like a repo).
 */
import type { Db } from '../../db/index.js';
import { balanceLedger, dueTarget, explainBalance } from '../../domain/balance.js';
import type { BalanceAdjustment, BalanceDay, BalanceInput } from '../../domain/balance.js';
import { publicHolidayLookup } from '../../domain/holidays.js';
import type { SplitWork, WorkInterval } from '../../domain/intervals.js';
import { splitWork } from '../../domain/intervals.js';
import type { DayTarget, WorkSchedule } from '../../domain/targets.js';
import { targetMinutes } from '../../domain/targets.js';
import type { Day } from '../../domain/time.js';
import { addDays, dayRange, localCalendar, localDay, startOfLocalDay } from '../../domain/time.js';
import type { DayAbsence } from '../absences/requests-days.js';
import { countingAbsenceDays } from '../absences/requests-days.js';

/** One person's balance at the end of `to`, and how it is made up (all in minutes). */
export interface PersonBalance {
  userId: string;
  /** Start of the account: the employment start, or the day the account was created. */
  from: Day;
  to: Day;
  opening: number;
  worked: number;
  credited: number;
  target: number;
  adjustments: number;
  /** opening + worked + credited − target + adjustments */
  balance: number;
  /** The figures of the days `from`–`upTo` when a period was asked for (see PeriodFigures). */
  period: PeriodFigures | null;
}

/**
 * A period's own figures as the month view totals them (timesheet.ts): every day of the period
 * counts with its full target, also days still ahead or before the account start; adjustments
 * count from the period's first day (and the account start) on.
 */
export interface PeriodFigures {
  from: Day;
  target: number;
  worked: number;
  credited: number;
  /** worked + credited − target */
  diff: number;
  adjustments: number;
}

export interface BalanceQuery {
  /** Last day counted (inclusive), in the tenant's time zone. */
  upTo: Day;
  /** Running entries count until now (as in the month view). */
  now: Date;
  /** These people (any status); default: the tenant's active people. */
  userIds?: readonly string[];
  /** Also total the days `from`–`upTo` (a report's period); `from` ≤ `upTo`. */
  from?: Day;
}

/** Everything the balances depend on, as loaded from the database. */
export interface BalanceData {
  timeZone: string;
  holidayRegion: string;
  holidaySubregion: string | null;
  users: {
    id: string;
    start_date: string | null;
    created_at: Date;
    opening_balance_minutes: number;
  }[];
  /** Ordered by user, then start. */
  entries: { user_id: string; started_at: Date; ended_at: Date | null }[];
  schedules: { user_id: string | null; valid_from: string; minutes: number[] }[];
  closures: { day: string; half: boolean }[];
  adjustments: { user_id: string; day: string; minutes: number; reason: string }[];
  /** Approved absences per person and day (their credit); none when left out. */
  absences?: ReadonlyMap<string, ReadonlyMap<Day, DayAbsence>>;
  /** The days loaded: the earliest account start (or the period's start) up to `upTo`. */
  loaded: { from: Day; upTo: Day };
}

/** Each loaded person's entries closed and split into local days (see splitPersonWork). */
export type PersonWork = ReadonlyMap<string, SplitWork>;

/**
 * Each loaded person's entries, closed at `now` and split into local days once: what the
 * balances count, and what a report's ArbZG checks look at (reports/figures.ts), so a report
 * that needs both splits a year of entries once.
 */
export function splitPersonWork(data: BalanceData, now: Date): Map<string, SplitWork> {
  const zone = data.timeZone;
  const calendar = localCalendar(zone, addDays(data.loaded.from, -1), addDays(data.loaded.upTo, 1));
  // Entries arrive grouped by user: cut them into runs instead of filtering per person.
  const intervalsOf = new Map<string, WorkInterval[]>();
  let run: WorkInterval[] = [];
  let runOf: string | undefined;
  for (const entry of data.entries) {
    if (entry.user_id !== runOf) {
      runOf = entry.user_id;
      run = intervalsOf.get(runOf) ?? [];
      intervalsOf.set(runOf, run);
    }
    run.push({ start: entry.started_at, end: entry.ended_at });
  }
  return new Map(
    data.users.map((user) => [
      user.id,
      splitWork(intervalsOf.get(user.id) ?? [], zone, now, calendar),
    ]),
  );
}

/** The day a person's account starts, as the month view has it. */
function accountStart(user: BalanceData['users'][number], timeZone: string): Day {
  return user.start_date ?? localDay(user.created_at, timeZone);
}

/** The first day anything is computed for: the earliest account start or the period's start. */
function firstDay(users: BalanceData['users'], zone: string, upTo: Day, periodFrom?: Day): Day {
  const earliest = users.map((u) => accountStart(u, zone)).sort()[0] ?? upTo;
  return periodFrom !== undefined && periodFrom < earliest ? periodFrom : earliest;
}

/** Loads what `computeBalances` needs with seven queries, whatever the number of people. */
export async function loadBalanceData(
  db: Db,
  tenantId: string,
  query: Omit<BalanceQuery, 'now'>,
): Promise<BalanceData> {
  const tenant = await db
    .selectFrom('tenants')
    .select(['time_zone', 'holiday_region', 'holiday_subregion'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const userQuery = db
    .selectFrom('users')
    .select(['id', 'start_date', 'created_at', 'opening_balance_minutes'])
    .where('tenant_id', '=', tenantId)
    .orderBy('id');
  const users = await (
    query.userIds
      ? userQuery.where('id', '=', (eb) => eb.fn.any(eb.val([...query.userIds!])))
      : userQuery.where('status', '=', 'active')
  ).execute();
  const ids = users.map((u) => u.id);
  const zone = tenant.time_zone;
  const earliest = firstDay(users, zone, query.upTo, query.from);
  const [entries, schedules, closures, adjustments, absences] = await Promise.all([
    db
      .selectFrom('time_entries')
      .select(['user_id', 'started_at', 'ended_at'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', (eb) => eb.fn.any(eb.val(ids)))
      .where('deleted_at', 'is', null)
      .where('started_at', '<', startOfLocalDay(addDays(query.upTo, 1), zone))
      // A shift that started the evening before the earliest start day reaches into it.
      .where((eb) =>
        eb.or([
          eb('ended_at', 'is', null),
          eb('ended_at', '>', startOfLocalDay(addDays(earliest, -1), zone)),
        ]),
      )
      .orderBy('user_id')
      .orderBy('started_at')
      .execute(),
    db
      .selectFrom('work_schedules')
      .select(['user_id', 'valid_from', 'minutes'])
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '=', eb.fn.any(eb.val(ids)))]))
      .orderBy('valid_from')
      .execute(),
    db
      .selectFrom('closure_days')
      .select(['day', 'half'])
      .where('tenant_id', '=', tenantId)
      .where('day', '<=', query.upTo)
      .execute(),
    db
      .selectFrom('balance_adjustments')
      .select(['user_id', 'day', 'minutes', 'reason'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', (eb) => eb.fn.any(eb.val(ids)))
      .where('day', '<=', query.upTo)
      .execute(),
    countingAbsenceDays(db, tenantId, ids, earliest, query.upTo),
  ]);
  return {
    timeZone: zone,
    holidayRegion: tenant.holiday_region,
    holidaySubregion: tenant.holiday_subregion,
    users,
    entries,
    schedules,
    closures,
    adjustments,
    absences,
    loaded: { from: earliest, upTo: query.upTo },
  };
}

const asSchedule = (row: BalanceData['schedules'][number]): WorkSchedule => ({
  validFrom: row.valid_from,
  minutesPerWeekday: row.minutes as unknown as WorkSchedule['minutesPerWeekday'],
});

/**
 * Day targets shared by everyone: without an absence a day's target depends only on the schedule
 * valid that day and the company calendar, so it is computed once per distinct schedule and day;
 * days of absence are computed per person.
 */
function sharedTargets(data: BalanceData, days: readonly Day[]) {
  const isHoliday = publicHolidayLookup(data.holidayRegion, data.holidaySubregion);
  const holidays = new Set(days.filter((day) => isHoliday(day)));
  const closureDays = new Set(data.closures.filter((c) => !c.half).map((c) => c.day));
  const halfDays = new Set(data.closures.filter((c) => c.half).map((c) => c.day));
  const bySchedule = new Map<string, (DayTarget | undefined)[]>();
  // A person's day of absence is their own: computed for them, not shared.
  const withAbsence = (dayIndex: number, schedule: WorkSchedule | null, absence: DayAbsence) =>
    targetMinutes(days[dayIndex]!, {
      schedules: schedule ? [schedule] : [],
      holidays,
      closureDays,
      halfDays,
      absenceCredit: () => absence.credit,
    });
  // Versions with the same minutes share their targets; the key is built once per version.
  const keys = new Map<WorkSchedule | null, string>([[null, 'none']]);
  return (dayIndex: number, schedule: WorkSchedule | null, absence?: DayAbsence): DayTarget => {
    if (absence) return withAbsence(dayIndex, schedule, absence);
    let key = keys.get(schedule);
    if (key === undefined) keys.set(schedule, (key = schedule!.minutesPerWeekday.join(',')));
    let targets = bySchedule.get(key);
    if (!targets) bySchedule.set(key, (targets = []));
    let target = targets[dayIndex];
    if (!target) {
      const day = days[dayIndex]!;
      target = targetMinutes(day, {
        schedules: schedule ? [schedule] : [],
        holidays,
        closureDays,
        halfDays,
      });
      targets[dayIndex] = target;
    }
    return target;
  };
}

/** Walks a person's schedule versions along ascending days: own versions beat the default. */
function scheduleWalker(own: readonly WorkSchedule[], fallback: readonly WorkSchedule[]) {
  let ownIndex = -1;
  let fallbackIndex = -1;
  return (day: Day): WorkSchedule | null => {
    while (ownIndex + 1 < own.length && own[ownIndex + 1]!.validFrom <= day) ownIndex++;
    while (fallbackIndex + 1 < fallback.length && fallback[fallbackIndex + 1]!.validFrom <= day) {
      fallbackIndex++;
    }
    return own[ownIndex] ?? fallback[fallbackIndex] ?? null;
  };
}

/** One person's balance ledger input up to a day, and a period's figures when asked for. */
interface PersonLedger {
  userId: string;
  input: BalanceInput;
  period: PeriodFigures | null;
}

/**
 * Each loaded person's ledger input (days from their start up to `upTo`, as the month view
 * counts them) in one pass over their days of work; with `periodFrom` also the figures of the
 * days `periodFrom`–`upTo` (load the data with the same `from`).
 */
function personLedgers(
  data: BalanceData,
  upTo: Day,
  now: Date,
  periodFrom: Day | undefined,
  work: PersonWork,
): PersonLedger[] {
  const zone = data.timeZone;
  const starts = new Map(data.users.map((u) => [u.id, accountStart(u, zone)]));
  const earliest = firstDay(data.users, zone, upTo, periodFrom);
  const days = dayRange(earliest, upTo);
  const dayIndex = new Map(days.map((day, i) => [day, i]));
  const targetOn = sharedTargets(data, days);
  const today = localDay(now, zone);

  const fallback = data.schedules.filter((s) => s.user_id === null).map(asSchedule);
  const ownSchedules = new Map<string, WorkSchedule[]>();
  for (const row of data.schedules) {
    if (row.user_id === null) continue;
    const list = ownSchedules.get(row.user_id);
    if (list) list.push(asSchedule(row));
    else ownSchedules.set(row.user_id, [asSchedule(row)]);
  }
  const adjustmentsOf = new Map<string, BalanceAdjustment[]>();
  for (const a of data.adjustments) {
    const list = adjustmentsOf.get(a.user_id);
    const item = { day: a.day, minutes: a.minutes, reason: a.reason };
    if (list) list.push(item);
    else adjustmentsOf.set(a.user_id, [item]);
  }

  return data.users.map((user) => {
    const startDay = starts.get(user.id)!;
    const workedOn = work.get(user.id)?.worked;
    const scheduleFor = scheduleWalker(ownSchedules.get(user.id) ?? [], fallback);
    const absenceOn = data.absences?.get(user.id);
    const rows: BalanceDay[] = [];
    const period =
      periodFrom === undefined
        ? null
        : { from: periodFrom, target: 0, worked: 0, credited: 0, diff: 0, adjustments: 0 };
    const startIndex = dayIndex.get(startDay) ?? days.length;
    const periodIndex = periodFrom === undefined ? days.length : dayIndex.get(periodFrom)!;
    for (let i = Math.min(startIndex, periodIndex); i < days.length; i++) {
      const day = days[i]!;
      const target = targetOn(i, scheduleFor(day), absenceOn?.get(day));
      const worked = workedOn?.get(day) ?? 0;
      if (period !== null && i >= periodIndex) {
        period.target += target.target;
        period.worked += worked;
        period.credited += target.credited;
      }
      if (i < startIndex) continue;
      // The balance runs up to today, as the month view's: an absence planned for later in the
      // period credits nothing yet.
      if (day > today) continue;
      // As in the month view: future days are not due, today only once made up.
      const due = dueTarget(day, today, target.target, worked + target.credited);
      // Days without work, target or credit add nothing to the balance.
      if (worked !== 0 || due !== 0 || target.credited !== 0) {
        rows.push({ day, worked, target: due, credited: target.credited });
      }
    }
    const adjustments = adjustmentsOf.get(user.id) ?? [];
    if (period !== null) {
      period.diff = period.worked + period.credited - period.target;
      period.adjustments = adjustments
        .filter((a) => a.day >= period.from && a.day >= startDay && a.day <= upTo)
        .reduce((sum, a) => sum + a.minutes, 0);
    }
    return {
      userId: user.id,
      input: { startDay, openingBalance: user.opening_balance_minutes, days: rows, adjustments },
      period,
    };
  });
}

/**
 * Balances at the end of `upTo` for the loaded people, in one pass over their entries; with
 * `periodFrom` also the figures of the days `periodFrom`–`upTo` (load the data with the same
 * `from`). `work`: splitPersonWork(data, now), when the caller has it already.
 */
export function computeBalances(
  data: BalanceData,
  upTo: Day,
  now: Date,
  periodFrom?: Day,
  work: PersonWork = splitPersonWork(data, now),
): PersonBalance[] {
  return personLedgers(data, upTo, now, periodFrom, work).map(({ userId, input, period }) => {
    const explained = explainBalance(input, upTo);
    return {
      userId,
      from: input.startDay,
      to: upTo,
      opening: explained.opening,
      worked: explained.worked,
      credited: explained.credited,
      target: explained.target,
      adjustments: explained.adjustments,
      balance: explained.balance,
      period,
    };
  });
}

/**
 * Each loaded person's balance at the end of every day of `checkpoints` (ascending; load the
 * data up to the last one): what `computeBalances(data, checkpoint, now)` gives for each of
 * them, from one pass over the entries and one ledger per person instead of one per checkpoint.
 */
export function balanceSeries(
  data: BalanceData,
  checkpoints: readonly Day[],
  now: Date,
  work: PersonWork = splitPersonWork(data, now),
): Map<string, number[]> {
  const result = new Map<string, number[]>();
  const last = checkpoints.at(-1);
  if (last === undefined) return result;
  for (const { userId, input } of personLedgers(data, last, now, undefined, work)) {
    const lines = balanceLedger(input);
    const balances: number[] = [];
    let balance = input.openingBalance;
    let next = 0;
    for (const checkpoint of checkpoints) {
      // The balance after the last line on or before the checkpoint (explainBalance's rule).
      while (next < lines.length && lines[next]!.day <= checkpoint)
        balance = lines[next++]!.balance;
      balances.push(balance);
    }
    result.set(userId, balances);
  }
  return result;
}

/** Balances of a tenant's people (default: the active ones) at the end of `query.upTo`. */
export async function tenantBalances(
  db: Db,
  tenantId: string,
  query: BalanceQuery,
): Promise<PersonBalance[]> {
  const data = await loadBalanceData(db, tenantId, query);
  return computeBalances(data, query.upTo, query.now, query.from);
}
