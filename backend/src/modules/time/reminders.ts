/**
 * Reminder mails of working time (issue 4, item 7), run by the periodic jobs in
 * jobs/reminders.ts:
 * - a time entry still running after the tenant's `running_reminder_hours` (forgotten clock-out);
 * - a previous working day without any entry (forgotten to record a day).
 * Each reminder is a row in `reminders_sent` inserted in the same transaction that queues its
 * mail (outbox): the insert that wins the key (kind, user, entry or day) is the one that sends, so
 * reruns and concurrent runners send once, and a queued mail is never lost.
 */
import type { Logger } from 'pino';
import { sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/index.js';
import type { ReminderKind } from '../../db/types.js';
import { publicHolidayLookup } from '../../domain/holidays.js';
import type { TargetContext, WorkSchedule } from '../../domain/targets.js';
import {
  PREVIOUS_WORKING_DAY_LOOKBACK_DAYS,
  previousWorkingDay,
  scheduleOn,
} from '../../domain/targets.js';
import type { Day } from '../../domain/time.js';
import {
  addDays,
  endOfLocalDay,
  localDay,
  localInstant,
  startOfLocalDay,
} from '../../domain/time.js';
import type { QueueMailInput } from '../../integrations/mail/outbox.js';
import { queueMail } from '../../integrations/mail/outbox.js';
import type { MailLocale } from '../../integrations/mail/templates.js';
import { mailLocales } from '../../integrations/mail/templates.js';
import { absentWholeDay } from '../absences/requests-days.js';

export interface ReminderDeps {
  db: Db;
  config: Pick<Config, 'frontendUrl'>;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'error'>;
}

export interface ReminderRun {
  /** Reminders queued by this run (0 when another run had queued them already). */
  sent: number;
  /** Reminders that could not be queued; the job fails after finishing the others. */
  failed: number;
}

/**
 * Local hour from which a tenant's people are reminded of yesterday's (the previous working
 * day's) missing entries: late enough for people to fix it at the start of their day.
 */
export const MISSING_ENTRY_REMINDER_HOUR = 9;

/** The roles that record working time (super-admins belong to no company). */
const CLOCKING_ROLES = ['employee', 'manager', 'admin'] as const;

const HOUR_MS = 3_600_000;

/** The user's language, else the company's, else German (the product's first language). */
export function reminderLocale(userLocale: string | null, tenantLocale: string | null): MailLocale {
  for (const candidate of [userLocale, tenantLocale]) {
    const language = candidate?.slice(0, 2);
    const known = mailLocales.find((l) => l === language);
    if (known) return known;
  }
  return 'de';
}

/** The timesheet screen of the frontend, opened on the day the reminder is about. */
function timesheetUrl(config: Pick<Config, 'frontendUrl'>, day: Day): string {
  return `${config.frontendUrl}/timesheet?day=${day}`;
}

/** A person's own name for the greeting, or none (names are optional at invitation). */
function greetingName(name: string): string | undefined {
  const trimmed = name.trim();
  return trimmed === '' ? undefined : trimmed;
}

interface Reminder {
  tenantId: string;
  userId: string;
  kind: ReminderKind;
  subjectKey: string;
  mail: QueueMailInput;
}

/**
 * Records the reminder and queues its mail in one transaction. Returns false when the key was
 * taken (another run sent it): `ON CONFLICT DO NOTHING` makes a concurrent second insert wait for
 * the first one's commit and then do nothing, so exactly one mail is queued.
 */
async function sendOnce(db: Db, reminder: Reminder): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const won = await trx
      .insertInto('reminders_sent')
      .values({
        tenant_id: reminder.tenantId,
        user_id: reminder.userId,
        kind: reminder.kind,
        subject_key: reminder.subjectKey,
      })
      .onConflict((oc) => oc.columns(['kind', 'user_id', 'subject_key']).doNothing())
      .returning('subject_key')
      .executeTakeFirst();
    if (!won) return false;
    await queueMail(trx, reminder.mail);
    return true;
  });
}

/** Sends each reminder once; a failing one is logged and counted, the others still go out. */
async function sendAll(
  deps: ReminderDeps,
  reminders: readonly Reminder[],
  run: ReminderRun,
): Promise<void> {
  for (const reminder of reminders) {
    try {
      if (await sendOnce(deps.db, reminder)) run.sent += 1;
    } catch (error) {
      run.failed += 1;
      deps.logger.error(
        { err: error, tenantId: reminder.tenantId, userId: reminder.userId, kind: reminder.kind },
        'reminder could not be queued',
      );
    }
  }
}

/**
 * Mails the owner of every entry still running longer than the tenant's `running_reminder_hours`,
 * once per entry. One query over all active tenants finds them; an hour is a fixed 3,600 s, so
 * DST changes do not stretch or shorten the limit.
 */
export async function remindRunningEntries(deps: ReminderDeps): Promise<ReminderRun> {
  const now = deps.clock();
  const rows = await deps.db
    .selectFrom('time_entries as e')
    .innerJoin('users as u', (join) =>
      join.onRef('u.id', '=', 'e.user_id').onRef('u.tenant_id', '=', 'e.tenant_id'),
    )
    .innerJoin('tenants as t', 't.id', 'e.tenant_id')
    .select([
      'e.id',
      'e.tenant_id',
      'e.user_id',
      'e.started_at',
      'u.email',
      'u.name',
      'u.locale as user_locale',
      't.locale as tenant_locale',
      't.time_zone',
    ])
    .where('t.status', '=', 'active')
    .where('u.status', '=', 'active')
    .where('u.role', 'in', CLOCKING_ROLES)
    .where('e.ended_at', 'is', null)
    .where('e.deleted_at', 'is', null)
    .where(
      'e.started_at',
      '<',
      sql<Date>`${now.toISOString()}::timestamptz - make_interval(hours => t.running_reminder_hours)`,
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('reminders_sent as r')
            .select('r.subject_key')
            .whereRef('r.tenant_id', '=', 'e.tenant_id')
            .whereRef('r.user_id', '=', 'e.user_id')
            .where('r.kind', '=', 'running_entry')
            .whereRef('r.subject_key', '=', sql<string>`e.id::text`),
        ),
      ),
    )
    .orderBy('e.started_at')
    .execute();

  const run: ReminderRun = { sent: 0, failed: 0 };
  await sendAll(
    deps,
    rows.map((row) => {
      const day = localDay(row.started_at, row.time_zone);
      return {
        tenantId: row.tenant_id,
        userId: row.user_id,
        kind: 'running_entry',
        subjectKey: row.id,
        mail: {
          template: 'running_entry_reminder',
          tenantId: row.tenant_id,
          userId: row.user_id,
          to: row.email,
          locale: reminderLocale(row.user_locale, row.tenant_locale),
          idempotencyKey: `reminder:running_entry:${row.id}`,
          data: {
            name: greetingName(row.name),
            startedAt: row.started_at,
            hours: Math.floor((now.getTime() - row.started_at.getTime()) / HOUR_MS),
            timesheetUrl: timesheetUrl(deps.config, day),
          },
        },
      } satisfies Reminder;
    }),
    run,
  );
  deps.logger.info({ reminder: 'running_entry', ...run }, 'reminders done');
  return run;
}

/**
 * Which of these people (user id → their previous working day) were absent that day, so a day
 * without entries is no reason to remind them: approved absences covering the whole day (a half
 * day leaves the other half to record), one query per tenant.
 */
export async function absentOnTheirDay(
  db: Db,
  tenantId: string,
  dayByUser: ReadonlyMap<string, Day>,
): Promise<ReadonlySet<string>> {
  return absentWholeDay(db, tenantId, dayByUser);
}

interface ReminderTenant {
  id: string;
  time_zone: string;
  holiday_region: string;
  holiday_subregion: string | null;
  locale: string;
}

/**
 * Mails every person of every active tenant whose previous working day has no entry, once per
 * day, from MISSING_ENTRY_REMINDER_HOUR local time on. Tenants are handled one by one with a few
 * queries each (people, schedules, closure days, then one query for all candidates' entries); a
 * tenant that fails is logged and does not stop the others.
 */
export async function remindMissingEntries(deps: ReminderDeps): Promise<ReminderRun> {
  const now = deps.clock();
  const tenants = await deps.db
    .selectFrom('tenants')
    .select(['id', 'time_zone', 'holiday_region', 'holiday_subregion', 'locale'])
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  const run: ReminderRun = { sent: 0, failed: 0 };
  for (const tenant of tenants) {
    const today = localDay(now, tenant.time_zone);
    if (now < localInstant(today, MISSING_ENTRY_REMINDER_HOUR, 0, tenant.time_zone)) continue;
    try {
      await sendAll(deps, await missingEntryReminders(deps, tenant, today), run);
    } catch (error) {
      run.failed += 1;
      deps.logger.error({ err: error, tenantId: tenant.id }, 'missing-entry reminders failed');
    }
  }
  deps.logger.info({ reminder: 'missing_entry', ...run }, 'reminders done');
  return run;
}

/** The missing-entry reminders of one tenant for `today` (its local day). */
async function missingEntryReminders(
  deps: ReminderDeps,
  tenant: ReminderTenant,
  today: Day,
): Promise<Reminder[]> {
  const { db } = deps;
  const zone = tenant.time_zone;
  const lookbackStart = addDays(today, -PREVIOUS_WORKING_DAY_LOOKBACK_DAYS);
  const [people, scheduleRows, closures] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'locale', 'start_date', 'end_date', 'created_at'])
      .where('tenant_id', '=', tenant.id)
      .where('status', '=', 'active')
      .where('role', 'in', CLOCKING_ROLES)
      .where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', today)]))
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', lookbackStart)]))
      .execute(),
    db
      .selectFrom('work_schedules')
      .select(['user_id', 'valid_from', 'minutes'])
      .where('tenant_id', '=', tenant.id)
      .execute(),
    db
      .selectFrom('closure_days')
      .select(['day', 'half'])
      .where('tenant_id', '=', tenant.id)
      .where('day', '>=', lookbackStart)
      .where('day', '<', today)
      .execute(),
  ]);

  const holidays = publicHolidayLookup(tenant.holiday_region, tenant.holiday_subregion);
  const closureByDay = new Map(closures.map((c) => [c.day, c.half]));
  const closureDays = (day: Day) => closureByDay.get(day) === false;
  const halfDays = (day: Day) => closureByDay.get(day) === true;
  const fallback: WorkSchedule[] = [];
  const ownByUser = new Map<string, WorkSchedule[]>();
  for (const row of scheduleRows) {
    const schedule: WorkSchedule = {
      validFrom: row.valid_from,
      minutesPerWeekday: row.minutes as unknown as WorkSchedule['minutesPerWeekday'],
    };
    if (row.user_id === null) fallback.push(schedule);
    else ownByUser.set(row.user_id, [...(ownByUser.get(row.user_id) ?? []), schedule]);
  }

  const dayByUser = new Map<string, Day>();
  for (const person of people) {
    const own = ownByUser.get(person.id) ?? [];
    // As in the timesheet: the person's own schedule where one is valid, else the company's.
    const contextOn = (day: Day): TargetContext => ({
      schedules: scheduleOn(day, own) ? own : fallback,
      holidays,
      closureDays,
      halfDays,
    });
    // Not for days before the employment started, nor for the day the account was made: an
    // account created at 16:00 could not have been used that morning.
    const firstFullDay = addDays(localDay(person.created_at, zone), 1);
    const earliest =
      person.start_date !== null && person.start_date > firstFullDay
        ? person.start_date
        : firstFullDay;
    const day = previousWorkingDay(today, contextOn, earliest);
    if (day === null) continue;
    if (person.end_date !== null && day > person.end_date) continue;
    dayByUser.set(person.id, day);
  }
  if (dayByUser.size === 0) return [];

  // One query for all candidates: who has no entry touching their day and no reminder for it yet.
  // An entry touches a day when it overlaps [local midnight, next local midnight), so a shift
  // crossing midnight counts for both days, and a still-running entry counts too.
  const candidates = [...dayByUser.entries()];
  const { rows: missing } = await sql<{ user_id: string }>`
    SELECT c.user_id
    FROM unnest(
      ${candidates.map(([userId]) => userId)}::uuid[],
      ${candidates.map(([, day]) => day)}::text[],
      ${candidates.map(([, day]) => startOfLocalDay(day, zone).toISOString())}::timestamptz[],
      ${candidates.map(([, day]) => endOfLocalDay(day, zone).toISOString())}::timestamptz[]
    ) AS c(user_id, day, day_start, day_end)
    WHERE NOT EXISTS (
        SELECT 1 FROM time_entries e
        WHERE e.tenant_id = ${tenant.id} AND e.user_id = c.user_id AND e.deleted_at IS NULL
          AND e.started_at < c.day_end AND (e.ended_at IS NULL OR e.ended_at > c.day_start))
      AND NOT EXISTS (
        SELECT 1 FROM reminders_sent r
        WHERE r.tenant_id = ${tenant.id} AND r.kind = 'missing_entry'
          AND r.user_id = c.user_id AND r.subject_key = c.day)`.execute(db);
  const missingDays = new Map<string, Day>();
  for (const { user_id } of missing) missingDays.set(user_id, dayByUser.get(user_id)!);
  const absent = await absentOnTheirDay(db, tenant.id, missingDays);

  const byId = new Map(people.map((p) => [p.id, p]));
  const reminders: Reminder[] = [];
  for (const [userId, day] of missingDays) {
    const person = byId.get(userId);
    if (!person || absent.has(userId)) continue;
    reminders.push({
      tenantId: tenant.id,
      userId,
      kind: 'missing_entry',
      subjectKey: day,
      mail: {
        template: 'missing_entry_reminder',
        tenantId: tenant.id,
        userId,
        to: person.email,
        locale: reminderLocale(person.locale, tenant.locale),
        idempotencyKey: `reminder:missing_entry:${userId}:${day}`,
        data: {
          name: greetingName(person.name),
          day,
          timesheetUrl: timesheetUrl(deps.config, day),
        },
      },
    });
  }
  return reminders;
}
