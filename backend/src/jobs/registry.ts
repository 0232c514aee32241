/**
 * Every job the runner knows. Features add their job here; the runner process registers exactly
 * this list. Handlers get their infrastructure from `JobDependencies`, built once per runner
 * process (jobs-worker.ts) and handed in explicitly (no container, no module-level singletons).
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { MailTransport } from '../integrations/mail/transport.js';
import { makeCertificateRemindersJob } from './certificate-reminders.js';
import type { Outbound } from '../integrations/outbound/http.js';
import { makeCaldavSyncJob } from '../modules/caldav/sync-job.js';
import {
  makeReportExportsCleanupJob,
  makeTimesheetArchiveJob,
} from '../modules/reports/archive-job.js';
import { SheetCache } from '../modules/time/sheet-cache.js';
import { caldavPasswordKey } from '../modules/caldav/secret.js';
import type { JobDefinition } from './index.js';
import { makeMissingEntryRemindersJob, makeRunningEntryRemindersJob } from './reminders.js';
import { makeSendMailJob } from './send-mail.js';
import { makePendingAbsenceRemindersJob } from '../modules/absences/requests-reminders.js';
import { makeVacationNoticesJob, makeVacationYearEndJob } from './vacation.js';

export interface JobDependencies {
  db: Db;
  config: Config;
  logger: Logger;
  mailTransport: MailTransport;
  /** HTTP to the companies' CalDAV servers, behind the SSRF policy (CALDAV_ALLOWED_CIDRS). */
  outbound: Outbound;
  /** "Now" for periodic jobs; tests pin it. */
  clock?: Clock;
}

export function buildJobs(deps: JobDependencies): readonly JobDefinition[] {
  const reminderDeps = {
    db: deps.db,
    config: deps.config,
    clock: deps.clock ?? systemClock,
    logger: deps.logger,
  };
  return [
    makeSendMailJob({
      db: deps.db,
      config: deps.config,
      transport: deps.mailTransport,
      logger: deps.logger,
    }),
    makeRunningEntryRemindersJob(reminderDeps),
    makeMissingEntryRemindersJob(reminderDeps),
    makePendingAbsenceRemindersJob(reminderDeps),
    makeVacationYearEndJob(reminderDeps),
    makeVacationNoticesJob(reminderDeps),
    makeCertificateRemindersJob(reminderDeps),
    makeCaldavSyncJob({
      db: deps.db,
      config: deps.config,
      clock: deps.clock ?? systemClock,
      outbound: deps.outbound,
      caldavKey: caldavPasswordKey(deps.config.secretKey),
    }),
    makeTimesheetArchiveJob({
      ...reminderDeps,
      // The runner's own: sheets computed for archives, under the same version checks as the API.
      sheets: new SheetCache(),
    }),
    makeReportExportsCleanupJob(reminderDeps),
  ];
}
