/**
 * Reminding approvers of requests left pending (issue 5, item 7): a request waiting longer than
 * the company's `pending_reminder_days` (since it was made, or since its first stage) is mailed
 * to its approvers again, once per request, approver and day. Each reminder is a row in
 * `reminders_sent` (kind 'absence_pending', key `<absence id>:<local day>`) inserted in the
 * transaction that queues its mail, so reruns and concurrent runners send it once.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { JobContext, JobDefinition, JobSpec } from '../../jobs/index.js';
import { defineJob } from '../../jobs/index.js';
import { localDay } from '../../domain/time.js';
import type { ReminderDeps, ReminderRun } from '../time/reminders.js';
import { countWorkingDays, personCalendar } from './calendar.js';
import { approversOf, notify } from './requests-mail.js';

/** Mails the approvers of every request pending too long; returns what was sent or failed. */
export async function remindPendingAbsences(deps: ReminderDeps): Promise<ReminderRun> {
  const now = deps.clock();
  const rows = await deps.db
    .selectFrom('absences as a')
    .innerJoin('tenants as t', 't.id', 'a.tenant_id')
    .innerJoin('users as u', (join) =>
      join.onRef('u.id', '=', 'a.user_id').onRef('u.tenant_id', '=', 'a.tenant_id'),
    )
    .innerJoin('absence_types as ty', 'ty.id', 'a.type_id')
    .select([
      'a.id',
      'a.tenant_id',
      'a.user_id',
      'a.status',
      'a.start_day',
      'a.end_day',
      'a.half_day_start',
      'a.half_day_end',
      'u.name',
      'u.email',
      'u.team_id',
      't.locale as tenant_locale',
      't.time_zone',
      'ty.name_de',
      'ty.name_en',
      'ty.visible_to_colleagues',
    ])
    .where('t.status', '=', 'active')
    .where('u.status', '=', 'active')
    .where('a.status', 'in', ['requested', 'pre_approved'])
    .where(
      sql<Date>`coalesce(a.pre_approved_at, a.created_at)`,
      '<',
      sql<Date>`${now.toISOString()}::timestamptz - make_interval(days => t.pending_reminder_days)`,
    )
    .orderBy('a.created_at')
    .execute();

  const run: ReminderRun = { sent: 0, failed: 0 };
  for (const row of rows) {
    const today = localDay(now, row.time_zone);
    try {
      const calendar = await personCalendar(deps.db, row.tenant_id, row.user_id);
      const days =
        row.end_day === null
          ? null
          : countWorkingDays(calendar, {
              from: row.start_day,
              to: row.end_day,
              halfDayStart: row.half_day_start,
              halfDayEnd: row.half_day_end,
            }).total;
      const approvers = await approversOf(
        deps.db,
        row.tenant_id,
        { id: row.user_id, team_id: row.team_id },
        { adminsOnly: row.status === 'pre_approved' },
      );
      for (const approver of approvers) {
        const sent = await deps.db.transaction().execute(async (trx) => {
          const won = await trx
            .insertInto('reminders_sent')
            .values({
              tenant_id: row.tenant_id,
              user_id: approver.id,
              kind: 'absence_pending',
              subject_key: `${row.id}:${today}`,
            })
            .onConflict((oc) => oc.columns(['kind', 'user_id', 'subject_key']).doNothing())
            .returning('subject_key')
            .executeTakeFirst();
          if (!won) return false;
          await notify(
            trx,
            deps.config,
            row.tenant_locale,
            {
              id: row.id,
              userId: row.user_id,
              tenantId: row.tenant_id,
              from: row.start_day,
              to: row.end_day,
              days,
              personName: row.name.trim() || row.email,
              type: row,
            },
            'reminder',
            [approver],
            `job:${today}`,
          );
          await trx
            .updateTable('absences')
            .set({ reminded_at: now })
            .where('tenant_id', '=', row.tenant_id)
            .where('id', '=', row.id)
            .execute();
          return true;
        });
        if (sent) run.sent += 1;
      }
    } catch (error) {
      run.failed += 1;
      deps.logger.error(
        { err: error, tenantId: row.tenant_id, absenceId: row.id },
        'pending-absence reminder could not be queued',
      );
    }
  }
  deps.logger.info({ reminder: 'absence_pending', ...run }, 'reminders done');
  return run;
}

// Nothing to pass: graphile-worker's `_cron` key is dropped by the schema.
const payload = z.object({});

export const pendingAbsenceRemindersJob: JobSpec<typeof payload> = {
  name: 'reminders.pending-absences',
  payload,
  maxAttempts: 3,
  // Hourly: a request crosses its company's limit at any hour; each is mailed once a day.
  cron: '15 * * * *',
};

export function makePendingAbsenceRemindersJob(deps: ReminderDeps): JobDefinition<typeof payload> {
  return defineJob({
    ...pendingAbsenceRemindersJob,
    handler: async (_payload, context: JobContext) => {
      const { failed } = await remindPendingAbsences(deps);
      if (failed > 0)
        throw new Error(
          `${failed} pending-absence reminder(s) could not be queued (attempt ${context.attempts})`,
        );
    },
  });
}
