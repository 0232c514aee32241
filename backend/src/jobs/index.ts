/**
 * Background jobs on graphile-worker. A job is a name, a payload schema and a handler. Jobs are
 * enqueued with `enqueueJob` inside the caller's transaction, so a state change and its follow-up
 * work commit (or vanish) together. Delivery is at-least-once: handlers must be idempotent.
 * Periodic jobs name a crontab pattern (`cron`); the runner schedules them itself.
 */
import type { ParsedCronItem, Runner, Task, TaskList } from 'graphile-worker';
import { Logger as WorkerLogger, parseCronItems, run } from 'graphile-worker';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Database } from '../db/types.js';

/** What a handler learns about the run it is in. */
export interface JobContext {
  /** 1 on the first run, counting every run including this one. */
  attempts: number;
  /** After a failing run with attempts = maxAttempts the job is not retried again. */
  maxAttempts: number;
  jobId: string;
  /** Aborted when the runner shuts down: long waits should stop and let the job be retried. */
  signal: AbortSignal;
}

/** Name and payload schema: all that is needed to enqueue a job (no handler, no dependencies). */
export interface JobSpec<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  /** Attempts before the job is given up (graphile-worker backs off exponentially). */
  maxAttempts?: number;
  /**
   * For periodic jobs: when to run, as a crontab pattern in UTC (graphile-worker's cron, e.g.
   * every quarter hour). Every runner schedules it; graphile-worker makes sure each tick is
   * enqueued once across all runners. The payload gets an extra `_cron` key, which the payload
   * schema should simply not declare (zod drops it).
   */
  cron?: string;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> extends JobSpec<S> {
  handler: (payload: z.infer<S>, context: JobContext) => Promise<void>;
}

export function defineJob<S extends z.ZodType>(job: JobDefinition<S>): JobDefinition<S> {
  return job;
}

export interface EnqueueOptions {
  /** Coalesces: a newer job with the same key replaces a pending one. */
  jobKey?: string;
  runAt?: Date;
  maxAttempts?: number;
  /** Jobs of one named queue run one at a time, in order (e.g. all CalDAV writes of a company). */
  queueName?: string;
}

/**
 * Adds a job in the given transaction (or connection). Validates the payload first, so a bad
 * payload fails the caller's transaction instead of failing later in the worker.
 */
export async function enqueueJob<S extends z.ZodType>(
  db: Kysely<Database>,
  job: JobSpec<S>,
  payload: z.input<S>,
  options: EnqueueOptions = {},
): Promise<void> {
  const valid: unknown = job.payload.parse(payload);
  await sql`
    SELECT graphile_worker.add_job(
      ${job.name},
      ${JSON.stringify(valid)}::json,
      queue_name => ${options.queueName ?? null}::text,
      job_key => ${options.jobKey ?? null}::text,
      run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? job.maxAttempts ?? 25}::int
    )`.execute(db);
}

function toTask(job: JobDefinition, logger: Logger): Task {
  return async (rawPayload, helpers) => {
    const payload: unknown = job.payload.parse(rawPayload);
    const started = Date.now();
    await job.handler(payload, {
      attempts: helpers.job.attempts,
      maxAttempts: helpers.job.max_attempts,
      jobId: helpers.job.id,
      signal: helpers.abortSignal,
    });
    logger.info(
      { job: job.name, jobId: helpers.job.id, durationMs: Date.now() - started },
      'job done',
    );
  };
}

/**
 * The crontab of the given jobs. A tick not run while no runner was up is skipped (no backfill):
 * periodic jobs look at "now" and catch up by themselves on the next tick. The job key keeps at
 * most one run of each waiting when runners fall behind.
 */
export function cronItemsOf(jobs: readonly JobSpec[]): ParsedCronItem[] {
  return parseCronItems(
    jobs.flatMap((job) =>
      job.cron === undefined
        ? []
        : [
            {
              task: job.name,
              identifier: job.name,
              match: job.cron,
              options: {
                backfillPeriod: 0,
                maxAttempts: job.maxAttempts ?? 25,
                jobKey: `cron:${job.name}`,
                jobKeyMode: 'replace' as const,
              },
            },
          ],
    ),
  );
}

export interface JobRunnerOptions {
  databaseUrl: string;
  jobs: readonly JobDefinition[];
  logger: Logger;
  concurrency?: number;
  /** How often to look for future/retried jobs; new jobs wake the runner at once (LISTEN). */
  pollIntervalMs?: number;
}

/** Starts a runner; several runners (processes, hosts) can share one queue safely. */
export async function startJobRunner(options: JobRunnerOptions): Promise<Runner> {
  const { logger } = options;
  const taskList: TaskList = {};
  for (const job of options.jobs) taskList[job.name] = toTask(job, logger);
  const workerLogger = new WorkerLogger((scope) => (level, message, meta) => {
    const fields = { scope: scope.label, ...(meta ?? {}) };
    // LogLevel is an ambient const enum; its values are these strings.
    const name = String(level);
    if (name === 'error') logger.error(fields, message);
    else if (name === 'warning') logger.warn(fields, message);
    else if (name === 'info') logger.info(fields, message);
    else logger.debug(fields, message);
  });
  return run({
    connectionString: options.databaseUrl,
    taskList,
    concurrency: options.concurrency ?? 4,
    pollInterval: options.pollIntervalMs ?? 2_000,
    noHandleSignals: true,
    // Recurring jobs are declared in code next to their handler, not read from a crontab file.
    parsedCronItems: cronItemsOf(options.jobs),
    logger: workerLogger,
  });
}
