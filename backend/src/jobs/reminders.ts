/**
 * The periodic reminder jobs of working time. Both look at "now" (the injected clock) rather
 * than at their cron tick, so a late or repeated run does the right thing, and both are safe to
 * run twice or on two runners at once (modules/time/reminders.ts sends each reminder once).
 */
import { z } from 'zod';
import type { ReminderDeps } from '../modules/time/reminders.js';
import { remindMissingEntries, remindRunningEntries } from '../modules/time/reminders.js';
import type { JobContext, JobDefinition, JobSpec } from './index.js';
import { defineJob } from './index.js';

// Nothing to pass: graphile-worker's `_cron` key is dropped by the schema.
const payload = z.object({});

export const runningEntryRemindersJob: JobSpec<typeof payload> = {
  name: 'reminders.running-entries',
  payload,
  // The next tick comes in 15 minutes anyway; retries only help against a short outage.
  maxAttempts: 3,
  cron: '*/15 * * * *',
};

export const missingEntryRemindersJob: JobSpec<typeof payload> = {
  name: 'reminders.missing-entries',
  payload,
  maxAttempts: 3,
  // Hourly: each tenant is handled on the first tick after 09:00 its local time, and the ticks
  // after that catch up on what was missed (a runner down, an entry deleted since).
  cron: '0 * * * *',
};

/** Fails the run after all reminders were tried, so the failure shows and is retried. */
function failIfAny(kind: string, failed: number, context: JobContext): void {
  if (failed > 0) {
    throw new Error(
      `${failed} ${kind} reminder(s) could not be queued (attempt ${context.attempts})`,
    );
  }
}

export function makeRunningEntryRemindersJob(deps: ReminderDeps): JobDefinition<typeof payload> {
  return defineJob({
    ...runningEntryRemindersJob,
    handler: async (_payload, context) => {
      const { failed } = await remindRunningEntries(deps);
      failIfAny('running-entry', failed, context);
    },
  });
}

export function makeMissingEntryRemindersJob(deps: ReminderDeps): JobDefinition<typeof payload> {
  return defineJob({
    ...missingEntryRemindersJob,
    handler: async (_payload, context) => {
      const { failed } = await remindMissingEntries(deps);
      failIfAny('missing-entry', failed, context);
    },
  });
}
