/**
 * The yearly vacation jobs (modules/absences/vacation-year.ts): closing the previous leave year
 * in January (carry-over, Vorgriff) and the autumn notice "Bitte nimm deinen Resturlaub". Both
 * run daily and decide from "now" in each company's zone whether there is work; reruns and
 * concurrent runners change nothing twice.
 */
import { z } from 'zod';
import type { VacationJobDeps, VacationRun } from '../modules/absences/vacation-year.js';
import { closeVacationYears, sendVacationNotices } from '../modules/absences/vacation-year.js';
import type { JobContext, JobDefinition, JobSpec } from './index.js';
import { defineJob } from './index.js';

// Nothing to pass: graphile-worker's `_cron` key is dropped by the schema.
const payload = z.object({});

export const vacationYearEndJob: JobSpec<typeof payload> = {
  name: 'vacation.year-end',
  payload,
  maxAttempts: 5,
  // Daily at 23:30 UTC: 00:30 on 1 January in Germany; zones further west close a day later.
  // Each run recomputes the accounts of the first quarter's closing, so not more often.
  cron: '30 23 * * *',
};

export const vacationNoticesJob: JobSpec<typeof payload> = {
  name: 'vacation.notices',
  payload,
  maxAttempts: 5,
  // Daily at 07:00 UTC (morning in Germany): the first run in the notice month sends them.
  cron: '0 7 * * *',
};

function failIfAny(kind: string, run: VacationRun, context: JobContext): void {
  if (run.failed > 0) {
    throw new Error(`${run.failed} ${kind} failed (attempt ${context.attempts})`);
  }
}

export function makeVacationYearEndJob(deps: VacationJobDeps): JobDefinition<typeof payload> {
  return defineJob({
    ...vacationYearEndJob,
    handler: async (_payload, context) => {
      failIfAny('year-end closing(s)', await closeVacationYears(deps), context);
    },
  });
}

export function makeVacationNoticesJob(deps: VacationJobDeps): JobDefinition<typeof payload> {
  return defineJob({
    ...vacationNoticesJob,
    handler: async (_payload, context) => {
      failIfAny('vacation notice(s)', await sendVacationNotices(deps), context);
    },
  });
}
