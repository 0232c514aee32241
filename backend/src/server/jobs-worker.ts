/** The job runner process: one per host is enough, more are safe (jobs are locked in PostgreSQL). */
import cluster from 'node:cluster';
import pino from 'pino';
import type { Config } from '../config.js';
import { createDb } from '../db/index.js';
import { startJobRunner } from '../jobs/index.js';
import { buildJobs } from '../jobs/registry.js';
import { createTransport } from '../integrations/mail/create-transport.js';
import { createOutbound } from '../integrations/outbound/http.js';
import { createAddressPolicy } from '../integrations/outbound/policy.js';
import { loggerOptions } from '../logger.js';

export async function runJobsWorker(config: Config, databaseUrl: string): Promise<void> {
  const logger = pino(loggerOptions(config.logLevel, { role: 'jobs' }));
  // The handlers' own connections; graphile-worker keeps a separate pool for the queue.
  const db = createDb(databaseUrl, { max: 4, logger, applicationName: 'timemaster-jobs' });
  const mailTransport = createTransport(config);
  const outbound = createOutbound({ policy: createAddressPolicy(config.caldavAllowedCidrs) });
  const jobs = buildJobs({ db, config, logger, mailTransport, outbound });
  const runner = await startJobRunner({ databaseUrl, jobs, logger });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'job runner stopping');
    // stop() waits for running jobs; unfinished ones are released for another runner.
    runner
      .stop()
      .then(() => Promise.all([db.destroy(), mailTransport.close(), outbound.close()]))
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'job runner shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  cluster.worker?.on('disconnect', () => stop('disconnect'));
  logger.info({ jobs: jobs.map((j) => j.name) }, 'job runner started');
}
