/**
 * `caldav_sync`: brings one absence's event in the company calendar to what the database says
 * NOW (issue 6, item 4). It is enqueued in the same transaction as every change that can alter
 * the event (approval, recording, cancellation, correction, type rename, settings change), keyed
 * by the absence, so changes in quick succession collapse into one pending job; and it reads the
 * desired state when it runs, so it is idempotent and the order of jobs does not matter.
 *
 * All jobs of one company share a graphile-worker queue: they run one at a time, so two runs for
 * the same absence (one started before a change, one queued after it) can never interleave their
 * PUT and DELETE — and the company's server gets one request at a time.
 *
 * Retries: a retryable failure (network, 5xx, 429) schedules the next run itself, with
 * exponential backoff and never sooner than the server's Retry-After (graphile-worker 0.17 has
 * no per-failure delay; its own backoff is left for unexpected errors such as a lost database).
 * After MAX_SYNC_RETRIES the event is marked as an error for a person to look at; a permanent
 * failure (401, 403, 404, blocked address…) is recorded at once and not retried.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/index.js';
import type { Words } from '../../integrations/caldav/client.js';
import { CaldavError } from '../../integrations/caldav/client.js';
import { eventTitle } from '../../integrations/caldav/ical.js';
import type { JobDefinition, JobSpec } from '../../jobs/index.js';
import { defineJob, enqueueJob } from '../../jobs/index.js';
import type { DesiredEvent, ReconcileOutcome, SyncDeps } from './sync.js';
import { reconcileAbsenceEvent } from './sync.js';

/** The statuses whose absences are shown in the calendar (they count). */
export const SYNCED_STATUSES = ['approved', 'cancel_requested'] as const;

/** Runs after the first failure before the event is given up and shown as an error. */
export const MAX_SYNC_RETRIES = 15;
/** First wait after a failure; doubles each time up to MAX_BACKOFF_MS (15 runs ≈ 9 hours). */
const FIRST_BACKOFF_MS = 10_000;
const MAX_BACKOFF_MS = 3_600_000;
/** A Retry-After longer than this is not believed (a misconfigured server). */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

const payload = z.object({
  tenantId: z.uuid(),
  absenceId: z.uuid(),
  /**
   * The admin switched sync off and chose to delete the events written so far: remove the event
   * even though sync is off (unless sync has been switched on again since).
   */
  remove: z.boolean().optional(),
  /** Failed runs so far for this change (set by the job when it reschedules itself). */
  retry: z.number().int().min(0).optional(),
});
export type CaldavSyncPayload = z.infer<typeof payload>;

export const caldavSyncJob: JobSpec<typeof payload> = {
  name: 'caldav_sync',
  payload,
  // Retryable CalDAV failures reschedule themselves; these are for unexpected errors only.
  maxAttempts: 10,
};

export const syncJobKey = (absenceId: string) => `caldav:${absenceId}`;
export const syncQueueName = (tenantId: string) => `caldav:${tenantId}`;

/** Waiting time before the run after the `retry`-th failure, honoring the server's Retry-After. */
export function retryDelayMs(retry: number, retryAfterMs: number | undefined): number {
  const backoff = Math.min(FIRST_BACKOFF_MS * 2 ** Math.max(0, retry - 1), MAX_BACKOFF_MS);
  return Math.max(backoff, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}

/**
 * Enqueues the sync of one absence in `trx` (the caller's transaction), when it can matter: the
 * company syncs, and the absence is of a synced type or already has an event (which may have to
 * go). Returns whether a job was added.
 */
export async function queueCaldavSync(
  trx: Db,
  tenantId: string,
  absenceId: string,
): Promise<boolean> {
  const { rows } = await sql<{ relevant: boolean }>`
    SELECT s.enabled AND (
        a.type_id = ANY (s.synced_type_ids)
        OR EXISTS (SELECT 1 FROM caldav_events e
                   WHERE e.tenant_id = a.tenant_id AND e.absence_id = a.id)
      ) AS relevant
    FROM caldav_settings s
    JOIN absences a ON a.tenant_id = s.tenant_id AND a.id = ${absenceId}
    WHERE s.tenant_id = ${tenantId}`.execute(trx);
  if (!rows[0]?.relevant) return false;
  await enqueueJob(
    trx,
    caldavSyncJob,
    { tenantId, absenceId },
    { jobKey: syncJobKey(absenceId), queueName: syncQueueName(tenantId) },
  );
  return true;
}

/**
 * Enqueues a sync for every absence whose event may have to change: those the calendar should
 * show (counting, of a synced type) and those that have an event row (it may have to go).
 * `typeIds` narrows it to absences of these types. With `remove`, only absences with an event
 * row, each to be removed. One statement however many absences; returns how many jobs.
 */
export async function queueCaldavResync(
  trx: Db,
  tenantId: string,
  options: { typeIds?: string[]; remove?: boolean } = {},
): Promise<number> {
  const byType = options.typeIds
    ? sql`AND a.type_id = ANY (${sql.val(options.typeIds)}::uuid[])`
    : sql``;
  const shown = options.remove
    ? sql`false`
    : sql`(a.status IN ('approved', 'cancel_requested') AND a.end_day IS NOT NULL
           AND a.type_id = ANY (s.synced_type_ids))`;
  const { rows } = await sql<{ n: number }>`
    WITH affected AS (
      SELECT a.id
      FROM absences a
      JOIN caldav_settings s ON s.tenant_id = a.tenant_id
      WHERE a.tenant_id = ${tenantId} ${byType}
        AND (${shown}
             OR EXISTS (SELECT 1 FROM caldav_events e
                        WHERE e.tenant_id = a.tenant_id AND e.absence_id = a.id
                          -- known to be gone already: nothing to remove
                          AND NOT (e.state = 'synced' AND e.href IS NULL)))
    ), added AS (
      SELECT graphile_worker.add_jobs(ARRAY(
        SELECT ROW(
          ${caldavSyncJob.name}::text,
          json_build_object('tenantId', ${tenantId}::uuid, 'absenceId', id,
                            'remove', ${options.remove ?? false}::boolean),
          ${syncQueueName(tenantId)}::text,
          NULL::timestamptz,
          ${caldavSyncJob.maxAttempts ?? 25}::int,
          'caldav:' || id::text,
          NULL::int,
          NULL::text[]
        )::graphile_worker.job_spec
        FROM affected
      )) AS job
    )
    SELECT count(*)::int AS n FROM added`.execute(trx);
  return rows[0]?.n ?? 0;
}

/** What the calendar should show for the absence now, read from the database. */
export async function desiredEventOf(
  db: Db,
  tenantId: string,
  absenceId: string,
): Promise<DesiredEvent> {
  const row = await db
    .selectFrom('absences as a')
    .innerJoin('absence_types as t', (j) =>
      j.onRef('t.tenant_id', '=', 'a.tenant_id').onRef('t.id', '=', 'a.type_id'),
    )
    .innerJoin('users as u', (j) =>
      j.onRef('u.tenant_id', '=', 'a.tenant_id').onRef('u.id', '=', 'a.user_id'),
    )
    .innerJoin('tenants as c', 'c.id', 'a.tenant_id')
    .innerJoin('caldav_settings as s', 's.tenant_id', 'a.tenant_id')
    .select([
      'a.status',
      'a.type_id',
      'a.start_day',
      'a.end_day',
      'a.half_day_start',
      'a.half_day_end',
      't.name_de',
      't.name_en',
      't.visible_to_colleagues',
      'u.name',
      'u.email',
      'c.locale',
      'c.time_zone',
      's.enabled',
      's.synced_type_ids',
      's.title_template',
      's.privacy',
    ])
    .where('a.tenant_id', '=', tenantId)
    .where('a.id', '=', absenceId)
    .executeTakeFirst();
  if (
    !row?.enabled ||
    !(SYNCED_STATUSES as readonly string[]).includes(row.status) ||
    !row.synced_type_ids.includes(row.type_id) ||
    // An open sickness has no end to show yet; it is synced once its end is recorded.
    row.end_day === null
  )
    return { present: false };
  const locale = row.locale === 'en' ? 'en' : 'de';
  return {
    present: true,
    event: {
      summary: eventTitle(
        row.title_template,
        {
          name: row.name.trim() || row.email,
          type: locale === 'en' ? row.name_en : row.name_de,
        },
        // A type colleagues may not see (sickness) is only "Abwesend" in the shared calendar.
        row.visible_to_colleagues ? row.privacy : 'absent',
        locale,
      ),
      from: row.start_day,
      to: row.end_day,
      halfDayStart: row.half_day_start,
      halfDayEnd: row.half_day_end,
      timeZone: row.time_zone,
    },
  };
}

export type SyncRunOutcome = ReconcileOutcome | 'retry_scheduled';

/** One run of the job: reconcile, and on a retryable failure schedule the next run. */
export async function runCaldavSync(
  deps: SyncDeps,
  job: CaldavSyncPayload,
): Promise<SyncRunOutcome> {
  const { tenantId, absenceId } = job;
  const settings = await deps.db
    .selectFrom('caldav_settings')
    .select('enabled')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!settings || (!settings.enabled && !job.remove)) return 'skipped';
  const desired: DesiredEvent = settings.enabled
    ? await desiredEventOf(deps.db, tenantId, absenceId)
    : { present: false };
  if (!desired.present) {
    // No row: nothing was ever written for it (a row is stored before the first PUT).
    const known = await deps.db
      .selectFrom('caldav_events')
      .select('state')
      .where('tenant_id', '=', tenantId)
      .where('absence_id', '=', absenceId)
      .executeTakeFirst();
    if (!known) return 'skipped';
  }
  try {
    return await reconcileAbsenceEvent(deps, tenantId, absenceId, desired, {
      evenWhenOff: !settings.enabled && job.remove === true,
    });
  } catch (error) {
    if (!(error instanceof CaldavError) || !error.retryable) throw error;
    const retry = (job.retry ?? 0) + 1;
    if (retry > MAX_SYNC_RETRIES) {
      await giveUp(deps, tenantId, absenceId, retry, error.words);
      return 'error';
    }
    // graphile-worker compares run_at with the database's clock: real time, not the app clock.
    const runAt = new Date(Date.now() + retryDelayMs(retry, error.extra.retryAfterMs));
    // Replaces nothing pending (this job is running); a change queued meanwhile takes over.
    await enqueueJob(
      deps.db,
      caldavSyncJob,
      { ...job, retry },
      { jobKey: syncJobKey(absenceId), queueName: syncQueueName(tenantId), runAt },
    );
    return 'retry_scheduled';
  }
}

async function giveUp(
  deps: SyncDeps,
  tenantId: string,
  absenceId: string,
  runs: number,
  words: Words,
): Promise<void> {
  const text = {
    last_error: `Aufgegeben nach ${runs} Versuchen: ${words.de}`,
    last_error_en: `Gave up after ${runs} attempts: ${words.en}`,
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('caldav_events')
      .set({ state: 'error', ...text, updated_at: deps.clock() })
      .where('tenant_id', '=', tenantId)
      .where('absence_id', '=', absenceId)
      .execute();
    await trx.updateTable('caldav_settings').set(text).where('tenant_id', '=', tenantId).execute();
  });
}

export function makeCaldavSyncJob(deps: SyncDeps): JobDefinition<typeof payload> {
  return defineJob({
    ...caldavSyncJob,
    handler: async (job) => {
      await runCaldavSync(deps, job);
    },
  });
}
