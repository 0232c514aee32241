/**
 * Hourly: remind people whose doctor's certificate is due and not uploaded (once per sickness;
 * see modules/absences/sick-notes-reminders.ts). Safe to run twice or on two runners at once.
 */
import { z } from 'zod';
import { remindDueCertificates } from '../modules/absences/sick-notes-reminders.js';
import type { ReminderDeps } from '../modules/time/reminders.js';
import type { JobDefinition, JobSpec } from './index.js';
import { defineJob } from './index.js';

// Nothing to pass: graphile-worker's `_cron` key is dropped by the schema.
const payload = z.object({});

export const certificateRemindersJob: JobSpec<typeof payload> = {
  name: 'reminders.certificates',
  payload,
  maxAttempts: 3,
  // Hourly, off the full hour the other reminders use; each tenant from 09:00 its local time.
  cron: '20 * * * *',
};

export function makeCertificateRemindersJob(deps: ReminderDeps): JobDefinition<typeof payload> {
  return defineJob({
    ...certificateRemindersJob,
    handler: async (_payload, context) => {
      const { failed } = await remindDueCertificates(deps);
      if (failed > 0) {
        throw new Error(
          `${failed} certificate reminder(s) could not be queued (attempt ${context.attempts})`,
        );
      }
    },
  });
}
