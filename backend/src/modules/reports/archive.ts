/**
 * "Alle Stundenzettel (ZIP)" (issue 8): every timesheet PDF of a month for the people of the
 * overview — the same filters, the same scope (managers their teams, admins the company) — made
 * by a job (archive-job.ts) while the page shows its progress, then downloaded. Employees have
 * their own month as a single PDF and no archive.
 *
 * An archive is seen and downloaded by whoever asked for it and by the company's admins, nobody
 * else (404). Asking is audited (`report.export_requested`), and so is every download
 * (`report.exported`): the download is the disclosure.
 */
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Deps } from '../../deps.js';
import type { ReportExportsTable } from '../../db/types.js';
import { AppError } from '../../errors.js';
import { openStored } from '../../integrations/storage/stored-files.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/permissions.js';
import { authorize, tenantOf } from '../auth/permissions.js';
import type { ArchiveError, ArchiveParameters } from './archive-job.js';
import {
  ARCHIVE_DAYS_KEPT,
  ARCHIVE_ERRORS,
  ArchiveParameters as ArchiveParametersSchema,
  archiveDir,
  archivePeople,
  queueTimesheetArchive,
} from './archive-job.js';
import type { OverviewRole } from './overview.js';
import type { ExportLang } from './timesheet-document.js';
import { archiveFileName } from './timesheet-document.js';

/** How many of a person's archives the list shows (newest first). */
const RECENT_ARCHIVES = 10;

export interface ArchiveView {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'expired';
  month: string;
  teamId: string | null;
  role: OverviewRole | null;
  lang: ExportLang;
  requestedBy: string;
  /** People rendered so far, of `totalCount`. */
  doneCount: number;
  totalCount: number;
  sizeBytes: number | null;
  error: ArchiveError | null;
  createdAt: string;
  finishedAt: string | null;
  /** When the file is removed. */
  expiresAt: string;
}

type Row = Selectable<ReportExportsTable>;

function toView(row: Row): ArchiveView {
  const parameters = ArchiveParametersSchema.parse(row.parameters);
  return {
    id: row.id,
    status: row.status,
    ...parameters,
    requestedBy: row.requested_by,
    doneCount: row.done_count,
    totalCount: row.total_count,
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    error:
      row.error === null
        ? null
        : (ARCHIVE_ERRORS as readonly string[]).includes(row.error)
          ? (row.error as ArchiveError)
          : 'INTERNAL_ERROR',
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    expiresAt: row.expires_at.toISOString(),
  };
}

/**
 * Asks for the archive of a month: refuses what the overview refuses (a team outside the scope:
 * NOT_FOUND) and a selection with nobody in it; otherwise records the request and queues its job
 * in one transaction. While the same person's equal request is still unfinished, that one is
 * answered instead (`created: false`): a double click makes one archive.
 */
export async function requestTimesheetArchive(
  deps: Deps,
  actor: Actor,
  request: {
    month: string;
    teamId?: string | undefined;
    role?: OverviewRole | undefined;
    lang: ExportLang;
  },
  ip: string | null,
): Promise<{ archive: ArchiveView; created: boolean }> {
  authorize(actor, 'report.archive');
  const tenantId = tenantOf(actor);
  const parameters: ArchiveParameters = {
    month: request.month,
    teamId: request.teamId ?? null,
    role: request.role ?? null,
    lang: request.lang,
  };
  const { rows: people } = await archivePeople(deps, actor, parameters);
  if (people.length === 0) throw new AppError('REPORT_EXPORT_EMPTY');
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock();
    const inserted = await trx
      .insertInto('report_exports')
      .values({
        tenant_id: tenantId,
        requested_by: actor.userId,
        kind: 'timesheet_archive',
        parameters,
        total_count: people.length,
        created_at: now,
        expires_at: new Date(now.getTime() + ARCHIVE_DAYS_KEPT * 86_400_000),
      })
      // The unique index on unfinished requests: a concurrent equal request waits, then yields.
      .onConflict((conflict) => conflict.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) {
      const running = await trx
        .selectFrom('report_exports')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('requested_by', '=', actor.userId)
        .where('kind', '=', 'timesheet_archive')
        .where(sql<boolean>`parameters = ${JSON.stringify(parameters)}::jsonb`)
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirst();
      // Finished between the two statements: ask again.
      if (!running) throw new AppError('CONFLICT', 'Please try again.');
      return { archive: toView(running), created: false };
    }
    await queueTimesheetArchive(trx, tenantId, inserted.id);
    await recordAudit(trx, {
      tenantId,
      actorUserId: actor.userId,
      action: 'report.export_requested',
      entityType: 'report_export',
      entityId: inserted.id,
      after: { report: 'timesheet_archive', ...parameters, people: people.length },
      ip,
    });
    return { archive: toView(inserted), created: true };
  });
}

/** The archive, if the actor asked for it or is an admin of its company (NOT_FOUND otherwise). */
async function visibleArchive(deps: Deps, actor: Actor, id: string): Promise<Row> {
  const scope = authorize(actor, 'report.archive');
  let query = deps.db
    .selectFrom('report_exports')
    .selectAll()
    .where('tenant_id', '=', tenantOf(actor))
    .where('id', '=', id)
    .where('kind', '=', 'timesheet_archive');
  if (scope !== 'all') query = query.where('requested_by', '=', actor.userId);
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No such archive.');
  return row;
}

export async function timesheetArchive(deps: Deps, actor: Actor, id: string) {
  return toView(await visibleArchive(deps, actor, id));
}

/** The actor's own latest archives, newest first (the reports page shows them). */
export async function recentTimesheetArchives(deps: Deps, actor: Actor): Promise<ArchiveView[]> {
  authorize(actor, 'report.archive');
  const rows = await deps.db
    .selectFrom('report_exports')
    .selectAll()
    .where('tenant_id', '=', tenantOf(actor))
    .where('requested_by', '=', actor.userId)
    .where('kind', '=', 'timesheet_archive')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(RECENT_ARCHIVES)
    .execute();
  return rows.map(toView);
}

/** The finished archive's bytes, audited; refused while unfinished, after failing or expiring. */
export async function downloadTimesheetArchive(
  deps: Deps,
  actor: Actor,
  id: string,
  ip: string | null,
) {
  const row = await visibleArchive(deps, actor, id);
  if (row.status === 'queued' || row.status === 'running') {
    throw new AppError('REPORT_EXPORT_NOT_READY');
  }
  if (row.status === 'failed') throw new AppError('REPORT_EXPORT_FAILED');
  const opened =
    row.status === 'done' && row.storage_key
      ? await openStored(archiveDir(deps.config), row.storage_key)
      : null;
  if (!opened) throw new AppError('REPORT_EXPORT_EXPIRED');
  const parameters = ArchiveParametersSchema.parse(row.parameters);
  const team = parameters.teamId
    ? await deps.db
        .selectFrom('teams')
        .select('name')
        .where('tenant_id', '=', row.tenant_id)
        .where('id', '=', parameters.teamId)
        .executeTakeFirst()
    : undefined;
  try {
    await recordAudit(deps.db, {
      tenantId: row.tenant_id,
      actorUserId: actor.userId,
      action: 'report.exported',
      entityType: 'report_export',
      entityId: row.id,
      after: {
        report: 'timesheet_archive',
        ...parameters,
        people: row.total_count,
        requestedBy: row.requested_by,
      },
      ip,
    });
  } catch (error) {
    opened.stream.destroy();
    throw error;
  }
  const names = archiveFileName(parameters.lang, parameters.month, team?.name ?? null);
  return { ...opened, fileName: names.ascii, readableFileName: names.readable };
}
