/**
 * Reports as files: the monthly timesheet (Stundenzettel) of one person as PDF, CSV
 * (German Excel or standard) or XLSX. The figures are the month view's (monthTimesheet), never
 * computed again, so a file always agrees with the screen. Who may export whom follows the
 * `report.export` scope (own / team / all); every export is an audited event. Also the team /
 * company overview (overview.ts) as XLSX or CSV.
 */
import type { Deps } from '../../deps.js';
import { recordAudit } from '../audit/service.js';
import type { Actor } from '../auth/permissions.js';
import { tenantOf } from '../auth/permissions.js';
import { userInScope } from '../time/people.js';
import type { SheetDeps } from '../time/timesheet.js';
import { monthTimesheet } from '../time/timesheet.js';
import type { OverviewQuery } from './overview.js';
import { overview } from './overview.js';
import { overviewCsv, overviewFileName, overviewXlsx } from './overview-export.js';
import { timesheetCsv } from './timesheet-csv.js';
import type { ExportLang, TimesheetDocument } from './timesheet-document.js';
import { exportFileName, timesheetDocument } from './timesheet-document.js';
import { timesheetPdf } from './timesheet-pdf.js';
import { timesheetXlsx } from './timesheet-xlsx.js';

export const TIMESHEET_FORMATS = ['pdf', 'csv', 'csv-standard', 'xlsx'] as const;
export type TimesheetFormat = (typeof TIMESHEET_FORMATS)[number];

export interface ExportFile {
  body: Buffer;
  contentType: string;
  /** ASCII, for `filename=` */
  fileName: string;
  /** With umlauts, for `filename*=` */
  readableFileName: string;
}

const files: Record<TimesheetFormat, { extension: string; contentType: string }> = {
  pdf: { extension: 'pdf', contentType: 'application/pdf' },
  csv: { extension: 'csv', contentType: 'text/csv; charset=utf-8' },
  'csv-standard': { extension: 'csv', contentType: 'text/csv; charset=utf-8' },
  xlsx: {
    extension: 'xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
};

/** One person's month as a file, if the actor may export it (NOT_FOUND otherwise). */
export async function exportTimesheet(
  deps: Deps,
  actor: Actor,
  request: { userId: string; month: string; format: TimesheetFormat; lang: ExportLang },
  ip: string | null,
): Promise<ExportFile> {
  const { tenantId } = await userInScope(deps, actor, request.userId, 'report.export');
  const document = await timesheetDocumentOf(deps, actor, { ...request, tenantId });
  const { extension, contentType } = files[request.format];
  const body =
    request.format === 'pdf'
      ? await timesheetPdf(document)
      : request.format === 'xlsx'
        ? await timesheetXlsx(document)
        : timesheetCsv(document, request.format === 'csv' ? 'german' : 'standard');
  // Written once the file exists: an export that failed was no disclosure.
  await recordAudit(deps.db, {
    tenantId,
    actorUserId: actor.userId,
    action: 'timesheet.exported',
    entityType: 'month',
    entityId: `${request.userId}:${request.month}`,
    after: { format: request.format, lang: request.lang },
    ip,
  });
  const names = exportFileName(document, extension);
  return { body, contentType, fileName: names.ascii, readableFileName: names.readable };
}

/**
 * A person's month as the document every format draws (the month view's figures, with the
 * company, the person and who closed it), for a person the caller has checked the actor may
 * export. The single download and the ZIP of the month (archive-job.ts) both come from here.
 */
export async function timesheetDocumentOf(
  deps: SheetDeps,
  actor: Actor,
  request: { userId: string; tenantId: string; month: string; lang: ExportLang },
): Promise<TimesheetDocument> {
  const { tenantId } = request;
  const [sheet, details] = await Promise.all([
    monthTimesheet(deps, actor, request.userId, request.month),
    deps.db
      .selectFrom('users')
      .innerJoin('tenants', 'tenants.id', 'users.tenant_id')
      .select(['users.name', 'users.email', 'users.employee_number', 'tenants.name as company'])
      .where('users.tenant_id', '=', tenantId)
      .where('users.id', '=', request.userId)
      .executeTakeFirstOrThrow(),
  ]);
  const approver =
    sheet.lock?.status === 'approved' ? await approverName(deps, tenantId, request) : null;
  return timesheetDocument(sheet, {
    lang: request.lang,
    companyName: details.company,
    personName: details.name || details.email,
    employeeNumber: details.employee_number,
    approvedByName: approver,
    generatedAt: deps.clock(),
  });
}

/** Who closed the month (the month view only says when). */
async function approverName(
  deps: Pick<Deps, 'db'>,
  tenantId: string,
  request: { userId: string; month: string },
): Promise<string | null> {
  const row = await deps.db
    .selectFrom('month_locks')
    .innerJoin('users', 'users.id', 'month_locks.approved_by')
    .select(['users.name', 'users.email'])
    .where('month_locks.tenant_id', '=', tenantId)
    .where('month_locks.user_id', '=', request.userId)
    .where('month_locks.month', '=', `${request.month}-01`)
    .executeTakeFirst();
  return row ? row.name || row.email : null;
}

export const OVERVIEW_FORMATS = ['xlsx', 'csv', 'csv-standard'] as const;
export type OverviewFormat = (typeof OVERVIEW_FORMATS)[number];

/**
 * The team / company overview as a file (XLSX or CSV), for the people in the actor's scope.
 * Audited with the period, the filters and how many people it holds: an export is a disclosure.
 */
export async function exportOverview(
  deps: Deps,
  actor: Actor,
  request: OverviewQuery & { format: OverviewFormat; lang: ExportLang },
  ip: string | null,
): Promise<ExportFile> {
  const { format, lang, ...query } = request;
  const report = await overview(deps, actor, query);
  const body =
    format === 'xlsx'
      ? await overviewXlsx(report, lang)
      : overviewCsv(report, lang, format === 'csv' ? 'german' : 'standard');
  await recordAudit(deps.db, {
    tenantId: tenantOf(actor),
    actorUserId: actor.userId,
    action: 'report.exported',
    entityType: 'report',
    entityId: 'overview',
    after: {
      report: 'overview',
      format,
      lang,
      from: query.from,
      to: query.to,
      teamId: query.teamId ?? null,
      role: query.role ?? null,
      people: report.people.length,
    },
    ip,
  });
  const { extension, contentType } = files[format];
  const names = overviewFileName(report, lang, extension);
  return { body, contentType, fileName: names.ascii, readableFileName: names.readable };
}
