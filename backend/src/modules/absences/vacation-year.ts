/**
 * The yearly work on vacation accounts, run by the periodic jobs in jobs/vacation.ts:
 * - closing a leave year (§7 Abs. 3 BUrlG): on or after 1 January in the company's zone, what is
 *   left of each person's previous year becomes carry-over blocks with their expiry, and days
 *   taken beyond the account (Vorgriff) are booked against the new year;
 * - the autumn notice ("Bitte nimm deinen Resturlaub"): in the company's notice month every
 *   person with days left is asked to take them, and the notice is kept as evidence (without it
 *   carried-over days do not expire, BAG 9 AZR 541/15).
 * Both look at "now" rather than at their cron tick and are safe to run twice or concurrently:
 * primary keys and unique constraints decide what was done already.
 */
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/index.js';
import type { CarryOverFacts } from '../../domain/vacation.js';
import { carryOver, carryOverExpiry } from '../../domain/vacation.js';
import type { Day } from '../../domain/time.js';
import { localDay, parseDay } from '../../domain/time.js';
import { queueMail } from '../../integrations/mail/outbox.js';
import { renderMail } from '../../integrations/mail/templates.js';
import { recordAudit } from '../audit/service.js';
import { reminderLocale } from '../time/reminders.js';
import { vacationAccountsOf } from './vacation-accounts.js';

export interface VacationJobDeps {
  db: Db;
  config: Pick<Config, 'frontendUrl' | 'appName' | 'emailFromName'>;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'error'>;
}

export interface VacationRun {
  /** People whose year was closed / who were sent the notice by this run. */
  done: number;
  /** Tenants or people that failed; the job fails after finishing the others. */
  failed: number;
}

/**
 * Months in which a company's previous year is closed: from 1 January until the end of March.
 * The first run of the year does the work; later runs catch up on what failed or was missed
 * (a runner down on 1 January) and change nothing for the others.
 */
export const CLOSING_MONTHS = 3;

/** Long illness reaches beyond the carry-over day: the reason for the 15-month case. */
const SICK_STATUSES = ['approved', 'cancel_requested'] as const;

interface JobTenant {
  id: string;
  time_zone: string;
  locale: string;
  carry_over_expiry_month: number;
  carry_over_expiry_day: number;
  vacation_notice_month: number;
}

async function activeTenants(db: Db): Promise<JobTenant[]> {
  return db
    .selectFrom('tenants')
    .select([
      'id',
      'time_zone',
      'locale',
      'carry_over_expiry_month',
      'carry_over_expiry_day',
      'vacation_notice_month',
    ])
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
}

/** People of a company employed on `day` (active accounts only). */
function employedOn(db: Db, tenantId: string, day: Day) {
  return db
    .selectFrom('users')
    .select([
      'id',
      'name',
      'email',
      'locale',
      'start_date',
      'end_date',
      'created_at',
      'vacation_days_per_year',
    ])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'active')
    .where('role', '!=', 'super_admin')
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', day)]));
}

/**
 * Who was ill long enough for the 15-month case, from the recorded sicknesses (type key
 * 'sick'). Kept simple on purpose: one recorded sickness has to cover the time from the leave
 * year through the carry-over day – still open (no end yet) or ending on or after that day.
 * Begun on or before 1 January of the leave year: 'from_year_start'; begun later in the year:
 * 'during_year'. Separate sicknesses back to back are not joined; if someone recovers before
 * the carry-over day after all, the longer expiry stays (in the employee's favour).
 */
export async function longIllnessOf(
  db: Db,
  tenantId: string,
  userIds: readonly string[],
  leaveYear: number,
  carryOverDay: Day,
): Promise<Map<string, NonNullable<CarryOverFacts['longIllness']>>> {
  const result = new Map<string, NonNullable<CarryOverFacts['longIllness']>>();
  if (userIds.length === 0) return result;
  const yearStart = `${leaveYear}-01-01`;
  const rows = await db
    .selectFrom('absences')
    .innerJoin('absence_types', 'absence_types.id', 'absences.type_id')
    .select(['absences.user_id', 'absences.start_day'])
    .where('absences.tenant_id', '=', tenantId)
    .where('absences.user_id', 'in', userIds)
    .where('absence_types.key', '=', 'sick')
    .where('absences.status', 'in', SICK_STATUSES)
    .where('absences.start_day', '<=', `${leaveYear}-12-31`)
    .where((eb) =>
      eb.or([eb('absences.end_day', 'is', null), eb('absences.end_day', '>=', carryOverDay)]),
    )
    .execute();
  for (const row of rows) {
    const kind = row.start_day <= yearStart ? 'from_year_start' : 'during_year';
    if (result.get(row.user_id) !== 'from_year_start') result.set(row.user_id, kind);
  }
  return result;
}

/** Closes the previous leave year of every company whose local date is in its first quarter. */
export async function closeVacationYears(deps: VacationJobDeps): Promise<VacationRun> {
  const now = deps.clock();
  const run: VacationRun = { done: 0, failed: 0 };
  for (const tenant of await activeTenants(deps.db)) {
    const today = localDay(now, tenant.time_zone);
    const { year, month } = parseDay(today);
    if (month > CLOSING_MONTHS) continue;
    try {
      await closeYearOfTenant(deps, tenant, year - 1, now, run);
    } catch (error) {
      run.failed += 1;
      deps.logger.error({ err: error, tenantId: tenant.id }, 'vacation year-end failed');
    }
  }
  deps.logger.info({ job: 'vacation.year-end', ...run }, 'vacation year-end done');
  return run;
}

async function closeYearOfTenant(
  deps: VacationJobDeps,
  tenant: JobTenant,
  leaveYear: number,
  now: Date,
  run: VacationRun,
): Promise<void> {
  const { db } = deps;
  const nextYear = leaveYear + 1;
  const rules = {
    expiry: { month: tenant.carry_over_expiry_month, day: tenant.carry_over_expiry_day },
  };
  // Employed into the new year, and already in the one being closed.
  const people = await employedOn(db, tenant.id, `${nextYear}-01-01`)
    .where((eb) =>
      eb.or([eb('start_date', 'is', null), eb('start_date', '<=', `${leaveYear}-12-31`)]),
    )
    .execute();
  const ids = people.map((p) => p.id);
  if (ids.length === 0) return;
  const [accounts, notices, illness] = await Promise.all([
    vacationAccountsOf(db, tenant.id, people, leaveYear, now),
    db
      .selectFrom('vacation_notices')
      .select('user_id')
      .where('tenant_id', '=', tenant.id)
      .where('user_id', 'in', ids)
      .where('year', '=', leaveYear)
      .execute(),
    longIllnessOf(db, tenant.id, ids, leaveYear, carryOverExpiry(leaveYear, rules)),
  ]);
  const notified = new Set(notices.map((n) => n.user_id));
  for (const person of people) {
    // The final account of the year: "today" is past its end, pending requests count as used.
    const account = accounts.get(person.id)!.account;
    const result = carryOver(
      account,
      {
        employerNotified: notified.has(person.id),
        longIllness: illness.get(person.id) ?? 'none',
      },
      rules,
    );
    if (result.blocks.length === 0 && result.overdrawn === 0) continue;
    try {
      if (await closeYearOf(db, tenant.id, person.id, leaveYear, result)) run.done += 1;
    } catch (error) {
      run.failed += 1;
      deps.logger.error(
        { err: error, tenantId: tenant.id, userId: person.id },
        'vacation year could not be closed',
      );
    }
  }
}

/**
 * Writes one person's carry-over blocks and the Vorgriff adjustment, audited as a system event.
 * Returns false when everything was there already (an earlier run). The person's row is locked
 * so that two runs at once cannot both book the adjustment.
 */
async function closeYearOf(
  db: Db,
  tenantId: string,
  userId: string,
  leaveYear: number,
  result: ReturnType<typeof carryOver>,
): Promise<boolean> {
  const nextYear = leaveYear + 1;
  return db.transaction().execute(async (trx) => {
    await trx
      .selectFrom('users')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', userId)
      .forUpdate()
      .execute();
    const written = [];
    for (const block of result.blocks) {
      const row = await trx
        .insertInto('vacation_carry_overs')
        .values({
          tenant_id: tenantId,
          user_id: userId,
          to_year: nextYear,
          from_year: block.fromYear,
          days: block.days,
          expires_on: block.expiresOn,
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'user_id', 'to_year', 'from_year']).doNothing(),
        )
        .returning(['from_year', 'days', 'expires_on'])
        .executeTakeFirst();
      if (row) {
        written.push({
          fromYear: row.from_year,
          days: Number(row.days),
          expiresOn: row.expires_on,
        });
      }
    }
    let overdrawn = 0;
    if (result.overdrawn > 0) {
      // Only this job books adjustments without an author (created_by NULL): one per year.
      const booked = await trx
        .selectFrom('vacation_adjustments')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .where('year', '=', nextYear)
        .where('created_by', 'is', null)
        .executeTakeFirst();
      if (!booked) {
        overdrawn = result.overdrawn;
        await trx
          .insertInto('vacation_adjustments')
          .values({
            tenant_id: tenantId,
            user_id: userId,
            year: nextYear,
            days: -overdrawn,
            reason: `Vorgriff: ${overdrawn} Tage mehr genommen als ${leaveYear} zustanden`,
            created_by: null,
          })
          .execute();
      }
    }
    if (written.length === 0 && overdrawn === 0) return false;
    await recordAudit(trx, {
      tenantId,
      actorUserId: null,
      action: 'vacation.year_closed',
      entityType: 'user',
      entityId: userId,
      after: { year: leaveYear, carriedOver: written, overdrawn },
    });
    return true;
  });
}

/** Sends the notice to everyone with days left, in each company's notice month, once a year. */
export async function sendVacationNotices(deps: VacationJobDeps): Promise<VacationRun> {
  const now = deps.clock();
  const run: VacationRun = { done: 0, failed: 0 };
  for (const tenant of await activeTenants(deps.db)) {
    const today = localDay(now, tenant.time_zone);
    const { year, month } = parseDay(today);
    if (month !== tenant.vacation_notice_month) continue;
    try {
      await noticesOfTenant(deps, tenant, year, today, now, run);
    } catch (error) {
      run.failed += 1;
      deps.logger.error({ err: error, tenantId: tenant.id }, 'vacation notices failed');
    }
  }
  deps.logger.info({ job: 'vacation.notices', ...run }, 'vacation notices done');
  return run;
}

async function noticesOfTenant(
  deps: VacationJobDeps,
  tenant: JobTenant,
  year: number,
  today: Day,
  now: Date,
  run: VacationRun,
): Promise<void> {
  const { db, config } = deps;
  const people = await employedOn(db, tenant.id, today)
    .where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', today)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('vacation_notices as n')
            .select('n.id')
            .where('n.tenant_id', '=', tenant.id)
            .whereRef('n.user_id', '=', 'users.id')
            .where('n.year', '=', year),
        ),
      ),
    )
    .execute();
  if (people.length === 0) return;
  const accounts = await vacationAccountsOf(db, tenant.id, people, year, now);
  // Days left at the end of the year are carried over and expire on this day (if not ill long).
  const expiresOn = carryOverExpiry(year, {
    expiry: { month: tenant.carry_over_expiry_month, day: tenant.carry_over_expiry_day },
  });
  for (const person of people) {
    const remaining = accounts.get(person.id)!.account.remaining;
    if (!(remaining > 0)) continue;
    try {
      const sent = await sendNotice(deps, {
        tenantId: tenant.id,
        userId: person.id,
        to: person.email,
        locale: reminderLocale(person.locale, tenant.locale),
        data: {
          ...(person.name.trim() ? { name: person.name.trim() } : {}),
          year,
          remainingDays: remaining,
          expiresOn,
          accountUrl: `${config.frontendUrl}/vacation`,
        },
      });
      if (sent) run.done += 1;
    } catch (error) {
      run.failed += 1;
      deps.logger.error(
        { err: error, tenantId: tenant.id, userId: person.id },
        'vacation notice could not be queued',
      );
    }
  }
}

/**
 * Records the notice (what it said, to whom, about how many days and which expiry) and queues
 * its mail in one transaction. The unique (person, year) decides: a second run inserts nothing
 * and sends nothing.
 */
async function sendNotice(
  deps: VacationJobDeps,
  notice: {
    tenantId: string;
    userId: string;
    to: string;
    locale: 'de' | 'en';
    data: {
      name?: string;
      year: number;
      remainingDays: number;
      expiresOn: Day;
      accountUrl: string;
    };
  },
): Promise<boolean> {
  const { config } = deps;
  const mail = renderMail('vacation_notice', notice.locale, notice.data, {
    appName: config.appName,
    fromName: config.emailFromName,
  });
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('vacation_notices')
      .values({
        tenant_id: notice.tenantId,
        user_id: notice.userId,
        year: notice.data.year,
        remaining_days: notice.data.remainingDays,
        expires_on: notice.data.expiresOn,
        recipient: notice.to,
        subject: mail.subject,
        body: mail.text,
        sent_at: deps.clock(),
      })
      .onConflict((oc) => oc.constraint('vacation_notices_once').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    const queued = await queueMail(trx, {
      template: 'vacation_notice',
      tenantId: notice.tenantId,
      userId: notice.userId,
      to: notice.to,
      locale: notice.locale,
      idempotencyKey: `vacation_notice:${notice.userId}:${notice.data.year}`,
      data: notice.data,
    });
    await trx
      .updateTable('vacation_notices')
      .set({ email_outbox_id: queued.outboxId })
      .where('id', '=', row.id)
      .execute();
    return true;
  });
}
