/**
 * `report.timesheet-archive`: renders the Stundenzettel of every person of a month's archive
 * request (archive.ts) and streams them into one ZIP in UPLOAD_DIR/exports. Each PDF comes from
 * the single download's code path (service.ts: timesheetDocumentOf + timesheetPdf), with the
 * requester as the actor, so the figures, and who is in it, are what the requester would get
 * one by one — checked again when the job runs, not only when it was asked for.
 *
 * Crash safety: the run records its file's key before writing, writes under a temporary name
 * and renames only a complete archive; the row says `done` only after that. A retry (or a run
 * after a killed one) first removes whatever the earlier run left and starts over.
 *
 * `report.exports-cleanup` (hourly) removes archives past `expires_at` and gives up on those a
 * dead runner left unfinished.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Deps } from '../../deps.js';
import { daysOfMonth } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import {
  newStorageKey,
  removeStored,
  writeStoredAtomically,
} from '../../integrations/storage/stored-files.js';
import type { Db } from '../../db/index.js';
import type { JobContext, JobDefinition, JobSpec } from '../../jobs/index.js';
import { defineJob, enqueueJob } from '../../jobs/index.js';
import type { Actor } from '../auth/permissions.js';
import { authorize } from '../auth/permissions.js';
import { OVERVIEW_ROLES } from './overview.js';
import { peopleInScope } from './people.js';
import { uniqueEntryNames, zipInto } from './archive-zip.js';
import { timesheetDocumentOf } from './service.js';
import { timesheetFileName } from './timesheet-document.js';
import { timesheetPdf } from './timesheet-pdf.js';

/** How long a finished archive can be downloaded. */
export const ARCHIVE_DAYS_KEPT = 7;
/** An archive still unfinished after this was left by a runner that died on its last attempt. */
const ABANDONED_AFTER_MS = 24 * 3_600_000;
/** Progress is written at most this often (and once at the end), not per person. */
const PROGRESS_INTERVAL_MS = 1_000;

/** Why an archive failed, as the API reports it (the UI puts each in words). */
export const ARCHIVE_ERRORS = ['FORBIDDEN', 'NOT_FOUND', 'NOT_FINISHED', 'INTERNAL_ERROR'] as const;
export type ArchiveError = (typeof ARCHIVE_ERRORS)[number];

/** What an archive holds: the overview's filters for one month, and the PDFs' language. */
export const ArchiveParameters = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  teamId: z.uuid().nullable(),
  role: z.enum(OVERVIEW_ROLES).nullable(),
  lang: z.enum(['de', 'en']),
});
export type ArchiveParameters = z.infer<typeof ArchiveParameters>;

export type ArchiveJobDeps = Pick<Deps, 'db' | 'clock' | 'sheets'> & {
  config: Pick<Config, 'uploadDir'>;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** Default PROGRESS_INTERVAL_MS (tests make every step visible with 0). */
  progressIntervalMs?: number;
};

/** Where archives are kept: a folder of their own in UPLOAD_DIR (never a public folder). */
export function archiveDir(config: Pick<Config, 'uploadDir'>): string {
  return path.join(config.uploadDir, 'exports');
}

/** The first and last day of a month ('2026-04' → 2026-04-01, 2026-04-30). */
export function monthPeriod(month: string): { from: string; to: string } {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const days = daysOfMonth(year, number);
  return { from: days[0]!, to: days.at(-1)! };
}

/** The people of an archive, as the actor's overview with these filters lists them. */
export async function archivePeople(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  parameters: ArchiveParameters,
) {
  return peopleInScope(deps, actor, {
    ...monthPeriod(parameters.month),
    teamId: parameters.teamId ?? undefined,
    role: parameters.role ?? undefined,
  });
}

const payload = z.object({ tenantId: z.uuid(), exportId: z.uuid() });

export const timesheetArchiveJob: JobSpec<typeof payload> = {
  name: 'report.timesheet-archive',
  payload,
  // Each run starts over; a third failure is shown as such instead of retried for hours.
  maxAttempts: 3,
};

/**
 * Enqueues the archive's job in the caller's transaction. A company's archives are made one
 * after another (rendering PDFs is CPU work; other companies' jobs and mails go on meanwhile).
 */
export async function queueTimesheetArchive(
  trx: Db,
  tenantId: string,
  exportId: string,
): Promise<void> {
  await enqueueJob(
    trx,
    timesheetArchiveJob,
    { tenantId, exportId },
    { jobKey: `report-export:${exportId}`, queueName: `report-exports:${tenantId}` },
  );
}

export type ArchiveOutcome = 'done' | 'failed' | 'skipped';

/** One run: the whole archive, or nothing (and the row says why). */
export async function runTimesheetArchive(
  deps: ArchiveJobDeps,
  job: z.infer<typeof payload>,
  context: Pick<JobContext, 'attempts' | 'maxAttempts' | 'signal'>,
): Promise<ArchiveOutcome> {
  const { tenantId, exportId } = job;
  const row = await deps.db
    .selectFrom('report_exports')
    .select(['requested_by', 'parameters', 'status', 'storage_key'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', exportId)
    .executeTakeFirst();
  // Done already (a job delivered twice), given up on, or expired: nothing to do.
  if (!row || (row.status !== 'queued' && row.status !== 'running')) return 'skipped';
  const dir = archiveDir(deps.config);
  if (row.storage_key) await removeStored(dir, row.storage_key);
  const storageKey = newStorageKey();
  const unfinished = (query: ReturnType<typeof exportRow>) =>
    query.where('status', 'in', ['queued', 'running']);
  const started = await unfinished(exportRow(deps.db, job))
    .set({
      status: 'running',
      storage_key: storageKey,
      done_count: 0,
      size_bytes: null,
      error: null,
      started_at: deps.clock(),
      finished_at: null,
    })
    .executeTakeFirst();
  if (started.numUpdatedRows === 0n) return 'skipped';
  const ours = (query: ReturnType<typeof exportRow>) =>
    query.where('status', '=', 'running').where('storage_key', '=', storageKey);

  try {
    const actor = await requesterOf(deps, tenantId, row.requested_by);
    const parameters = ArchiveParameters.parse(row.parameters);
    const { rows: people } = await archivePeople(deps, actor, parameters);
    await ours(exportRow(deps.db, job)).set({ total_count: people.length }).execute();
    const names = uniqueEntryNames(
      people.map(
        (person) =>
          timesheetFileName(parameters.lang, parameters.month, person.name || person.email, 'pdf')
            .ascii,
      ),
    );
    const progress = throttled(deps.progressIntervalMs ?? PROGRESS_INTERVAL_MS, async (done) => {
      await ours(exportRow(deps.db, job)).set({ done_count: done }).execute();
    });
    const size = await writeStoredAtomically(dir, storageKey, async (file) => {
      const zip = zipInto(file);
      for (const [index, person] of people.entries()) {
        // The runner is shutting down: stop here, the job is retried from the start.
        context.signal.throwIfAborted();
        const document = await timesheetDocumentOf(deps, actor, {
          userId: person.id,
          tenantId,
          month: parameters.month,
          lang: parameters.lang,
        });
        await zip.add(names[index]!, await timesheetPdf(document), document.generatedAt);
        await progress(index + 1, index + 1 === people.length);
      }
      await zip.finish();
    });
    const finished = await ours(exportRow(deps.db, job))
      .set({
        status: 'done',
        done_count: people.length,
        size_bytes: size,
        finished_at: deps.clock(),
      })
      .executeTakeFirst();
    // Given up on meanwhile (the clean-up): the file is no one's.
    if (finished.numUpdatedRows === 0n) {
      await removeStored(dir, storageKey);
      return 'skipped';
    }
    return 'done';
  } catch (error) {
    await removeStored(dir, storageKey);
    // Lost rights or a team gone: another run would fail the same way.
    const permanent = error instanceof AppError;
    if (!permanent && context.attempts < context.maxAttempts) {
      await ours(exportRow(deps.db, job)).set({ status: 'queued', done_count: 0 }).execute();
      throw error;
    }
    const code: ArchiveError =
      permanent && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')
        ? error.code
        : 'INTERNAL_ERROR';
    deps.logger[permanent ? 'warn' : 'error'](
      { err: error, tenantId, exportId, attempts: context.attempts },
      'timesheet archive failed',
    );
    await ours(exportRow(deps.db, job))
      .set({ status: 'failed', error: code, finished_at: deps.clock() })
      .execute();
    return 'failed';
  }
}

function exportRow(db: Db, job: z.infer<typeof payload>) {
  return db
    .updateTable('report_exports')
    .where('tenant_id', '=', job.tenantId)
    .where('id', '=', job.exportId);
}

/** The requester as they are now: someone disabled or demoted meanwhile gets no archive (FORBIDDEN). */
async function requesterOf(
  deps: Pick<Deps, 'db'>,
  tenantId: string,
  userId: string,
): Promise<Actor> {
  const user = await deps.db
    .selectFrom('users')
    .select(['role', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.status !== 'active') {
    throw new AppError('FORBIDDEN', 'The person who asked for the archive is no longer active.');
  }
  const actor: Actor = { userId, tenantId, role: user.role };
  authorize(actor, 'report.archive');
  return actor;
}

/** Calls `write` at most once per `intervalMs` (real time), and always when `final`. */
function throttled(intervalMs: number, write: (done: number) => Promise<void>) {
  let last = Date.now();
  return async (done: number, final: boolean) => {
    if (!final && Date.now() - last < intervalMs) return;
    last = Date.now();
    await write(done);
  };
}

export function makeTimesheetArchiveJob(deps: ArchiveJobDeps): JobDefinition<typeof payload> {
  return defineJob({
    ...timesheetArchiveJob,
    handler: async (job, context) => {
      await runTimesheetArchive(deps, job, context);
    },
  });
}

const cleanupPayload = z.object({});

export const reportExportsCleanupJob: JobSpec<typeof cleanupPayload> = {
  name: 'report.exports-cleanup',
  payload: cleanupPayload,
  maxAttempts: 3,
  cron: '17 * * * *',
};

/**
 * Removes the files of archives past their time and marks their rows expired; gives up on
 * archives a dead runner left unfinished for a day. The file goes first: a row whose file is
 * gone is refused on download anyway, and the next run simply tries again.
 */
export async function cleanUpReportExports(
  deps: Pick<ArchiveJobDeps, 'db' | 'clock' | 'config'>,
): Promise<{ expired: number; abandoned: number }> {
  const now = deps.clock();
  const dir = archiveDir(deps.config);
  const abandoned = await deps.db
    .selectFrom('report_exports')
    .select(['tenant_id', 'id', 'storage_key'])
    .where('status', 'in', ['queued', 'running'])
    .where('created_at', '<', new Date(now.getTime() - ABANDONED_AFTER_MS))
    .execute();
  for (const row of abandoned) {
    if (row.storage_key) await removeStored(dir, row.storage_key);
    await deps.db
      .updateTable('report_exports')
      .set({ status: 'failed', error: 'NOT_FINISHED', finished_at: now })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .where('status', 'in', ['queued', 'running'])
      .execute();
  }
  const expired = await deps.db
    .selectFrom('report_exports')
    .select(['tenant_id', 'id', 'storage_key'])
    .where('status', 'in', ['done', 'failed'])
    .where('expires_at', '<=', now)
    .execute();
  for (const row of expired) {
    if (row.storage_key) await removeStored(dir, row.storage_key);
    await deps.db
      .updateTable('report_exports')
      .set({ status: 'expired' })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .where('status', 'in', ['done', 'failed'])
      .execute();
  }
  return { expired: expired.length, abandoned: abandoned.length };
}

export function makeReportExportsCleanupJob(
  deps: Pick<ArchiveJobDeps, 'db' | 'clock' | 'config'>,
): JobDefinition<typeof cleanupPayload> {
  return defineJob({
    ...reportExportsCleanupJob,
    handler: async () => {
      await cleanUpReportExports(deps);
    },
  });
}
