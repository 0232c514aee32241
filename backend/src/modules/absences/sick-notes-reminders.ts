/**
 * "Your certificate is due" (EFZG §5): once per sickness, the person is mailed when the day their
 * certificate was due has come and no sick note is uploaded. Run hourly by
 * jobs/certificate-reminders.ts; each tenant from CERTIFICATE_REMINDER_HOUR local time on.
 *
 * Like the time reminders, the reminder is a `reminders_sent` row (kind certificate_due, the
 * absence id as key) inserted in the transaction that queues the mail and marks the absence
 * (`certificate_reminded_at`): the run that wins the row sends, reruns and parallel runners don't.
 * Only the person is mailed: admins see every missing certificate on the "Krankmeldungen" page,
 * a mail per sickness to every admin would be noise.
 */
import type { Db } from '../../db/index.js';
import type { Day } from '../../domain/time.js';
import { addDays, localDay, localInstant } from '../../domain/time.js';
import { queueMail } from '../../integrations/mail/outbox.js';
import type { ReminderDeps, ReminderRun } from '../time/reminders.js';
import { reminderLocale } from '../time/reminders.js';
import { calendarFor, companyCalendar, schedulesOf } from './calendar.js';
import type { SicknessRecord } from './sick-notes-sickness.js';
import { certificateStateOf, sicknessRecords } from './sick-notes-sickness.js';

/** Local hour from which people are reminded (not in the middle of the night). */
export const CERTIFICATE_REMINDER_HOUR = 9;
/**
 * Certificates due longer ago than this are not chased by mail any more (e.g. right after an
 * update, for sicknesses recorded long before): the "Krankmeldungen" page still shows them.
 */
export const CERTIFICATE_REMINDER_LOOKBACK_DAYS = 14;

interface Due {
  tenantId: string;
  record: SicknessRecord;
  dueOn: Day;
}

/** Mails every person whose certificate is due and missing, once per sickness. */
export async function remindDueCertificates(deps: ReminderDeps): Promise<ReminderRun> {
  const now = deps.clock();
  const tenants = await deps.db
    .selectFrom('tenants')
    .select(['id', 'time_zone', 'locale'])
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  const run: ReminderRun = { sent: 0, failed: 0 };
  for (const tenant of tenants) {
    const today = localDay(now, tenant.time_zone);
    if (now < localInstant(today, CERTIFICATE_REMINDER_HOUR, 0, tenant.time_zone)) continue;
    try {
      for (const due of await dueCertificates(deps.db, tenant.id, today)) {
        try {
          if (await remindOnce(deps, due, tenant.locale)) run.sent += 1;
        } catch (error) {
          run.failed += 1;
          deps.logger.error(
            { err: error, tenantId: tenant.id, absenceId: due.record.id },
            'certificate reminder could not be queued',
          );
        }
      }
    } catch (error) {
      run.failed += 1;
      deps.logger.error({ err: error, tenantId: tenant.id }, 'certificate reminders failed');
    }
  }
  deps.logger.info({ reminder: 'certificate_due', ...run }, 'reminders done');
  return run;
}

/** The sicknesses of a tenant whose certificate is overdue, not reminded of yet. */
async function dueCertificates(db: Db, tenantId: string, today: Day): Promise<Due[]> {
  const oldest = addDays(today, -CERTIFICATE_REMINDER_LOOKBACK_DAYS);
  const [records, reminded] = await Promise.all([
    sicknessRecords(db, tenantId, { until: today, endingFrom: addDays(oldest, -31) }),
    db
      .selectFrom('absences')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('certificate_reminded_at', 'is not', null)
      .where((eb) => eb.or([eb('end_day', 'is', null), eb('end_day', '>=', addDays(oldest, -31))]))
      .execute(),
  ]);
  const done = new Set(reminded.map((r) => r.id));
  const open = records.filter(
    (r) => r.certificateAfterDays !== null && r.notes === 0 && !done.has(r.id),
  );
  if (open.length === 0) return [];
  const userIds = [...new Set(open.map((r) => r.userId))];
  const [company, schedules] = await Promise.all([
    companyCalendar(db, tenantId),
    schedulesOf(db, tenantId, userIds),
  ]);
  const due: Due[] = [];
  for (const record of open) {
    const calendar = calendarFor(company, schedules.get(record.userId) ?? []);
    const state = certificateStateOf(record, calendar, today);
    if (state.overdue && state.dueOn !== null && state.dueOn >= oldest) {
      due.push({ tenantId, record, dueOn: state.dueOn });
    }
  }
  return due;
}

/** Records the reminder, marks the absence and queues the mail in one transaction. */
async function remindOnce(deps: ReminderDeps, due: Due, tenantLocale: string): Promise<boolean> {
  const { record, tenantId } = due;
  return deps.db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom('users')
      .select(['email', 'name', 'locale', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', record.userId)
      .executeTakeFirstOrThrow();
    if (person.status !== 'active') return false;
    const won = await trx
      .insertInto('reminders_sent')
      .values({
        tenant_id: tenantId,
        user_id: record.userId,
        kind: 'certificate_due',
        subject_key: record.id,
      })
      .onConflict((oc) => oc.columns(['kind', 'user_id', 'subject_key']).doNothing())
      .returning('subject_key')
      .executeTakeFirst();
    if (!won) return false;
    await trx
      .updateTable('absences')
      .set({ certificate_reminded_at: deps.clock() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', record.id)
      .execute();
    const name = person.name.trim();
    await queueMail(trx, {
      template: 'certificate_due_reminder',
      tenantId,
      userId: record.userId,
      to: person.email,
      locale: reminderLocale(person.locale, tenantLocale),
      idempotencyKey: `reminder:certificate_due:${record.id}`,
      data: {
        ...(name === '' ? {} : { name }),
        from: record.from,
        dueOn: due.dueOn,
        uploadUrl: `${deps.config.frontendUrl}/sick-notes?absence=${record.id}`,
      },
    });
    return true;
  });
}
