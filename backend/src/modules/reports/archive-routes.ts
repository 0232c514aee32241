import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ARCHIVE_DAYS_KEPT, ARCHIVE_ERRORS } from './archive-job.js';
import {
  downloadTimesheetArchive,
  recentTimesheetArchives,
  requestTimesheetArchive,
  timesheetArchive,
} from './archive.js';
import { OVERVIEW_ROLES } from './overview.js';
import { attachment, Month } from './routes.js';

const ArchiveSchema = z
  .object({
    id: z.uuid(),
    status: z
      .enum(['queued', 'running', 'done', 'failed', 'expired'])
      .describe('queued → running → done | failed; done/failed → expired (file removed)'),
    month: Month,
    teamId: z.uuid().nullable(),
    role: z.enum(OVERVIEW_ROLES).nullable(),
    lang: z.enum(['de', 'en']),
    requestedBy: z.uuid(),
    doneCount: z.number().int().describe('People rendered so far'),
    totalCount: z.number().int().describe('People in the archive'),
    sizeBytes: z.number().int().nullable(),
    error: z
      .enum(ARCHIVE_ERRORS)
      .nullable()
      .describe(
        'Why it failed: FORBIDDEN (the requester lost the right), NOT_FOUND (the team is gone ' +
          'or out of scope), NOT_FINISHED (the job did not finish), INTERNAL_ERROR',
      ),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime().describe('When the file is removed'),
  })
  .meta({ id: 'TimesheetArchive' });

const ArchiveId = z.strictObject({ id: z.uuid() });
const archiveResource = { config: { resource: { id: 'report_export' } } } as const;

const access =
  'Managers (their teams) and admins (the company); employees download their own month as a ' +
  'PDF instead. An archive is visible to whoever asked for it and to the company’s admins (404 ' +
  'for anyone else).';

/** The month's timesheets as one ZIP of PDFs, made in the background (archive.ts). */
export const archiveRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;

  app.post(
    '/reports/timesheets/archive',
    {
      schema: {
        tags: ['reports'],
        summary: 'Ask for all timesheets of a month as one ZIP of PDFs (made by a job; audited)',
        description:
          'The people are those of GET /reports/overview for the month with the same team and ' +
          'role filters; each PDF is the one GET /reports/timesheets/:userId?format=pdf gives. ' +
          'Answers 202 with the archive to poll. While the same request of the same person is ' +
          'still unfinished, that archive is answered instead of a second one. Nobody in the ' +
          `selection: REPORT_EXPORT_EMPTY. ${access}`,
        body: z.strictObject({
          month: Month,
          teamId: z.uuid().optional(),
          role: z.enum(OVERVIEW_ROLES).optional(),
          lang: z.enum(['de', 'en']).default('de'),
        }),
        response: { 202: ArchiveSchema },
      },
    },
    async (request, reply) => {
      const { archive } = await requestTimesheetArchive(
        deps,
        request.actor,
        request.body,
        request.ip,
      );
      return reply.code(202).send(archive);
    },
  );

  app.get(
    '/reports/timesheets/archive',
    {
      schema: {
        tags: ['reports'],
        summary: 'The signed-in person’s latest timesheet archives, newest first',
        description: `At most 10. ${access}`,
        response: { 200: z.array(ArchiveSchema) },
      },
    },
    async (request) => recentTimesheetArchives(deps, request.actor),
  );

  app.get(
    '/reports/timesheets/archive/:id',
    {
      ...archiveResource,
      schema: {
        tags: ['reports'],
        summary: 'A timesheet archive: status and progress',
        description: access,
        params: ArchiveId,
        response: { 200: ArchiveSchema },
      },
    },
    async (request) => timesheetArchive(deps, request.actor, request.params.id),
  );

  app.get(
    '/reports/timesheets/archive/:id/download',
    {
      ...archiveResource,
      schema: {
        tags: ['reports'],
        summary: 'Download a finished timesheet archive (ZIP; audited)',
        description:
          'Unfinished: REPORT_EXPORT_NOT_READY; failed: REPORT_EXPORT_FAILED; removed after ' +
          `${ARCHIVE_DAYS_KEPT} days: REPORT_EXPORT_EXPIRED. ${access}`,
        params: ArchiveId,
        response: {
          // A stream is sent as it is (never serialized); the document calls it binary.
          200: z
            .any()
            .meta({ type: 'string', format: 'binary' })
            .describe('The ZIP, as an attachment'),
        },
      },
    },
    async (request, reply) => {
      const file = await downloadTimesheetArchive(
        deps,
        request.actor,
        request.params.id,
        request.ip,
      );
      return reply
        .type('application/zip')
        .header('content-length', String(file.size))
        .header('content-disposition', attachment(file.fileName, file.readableFileName))
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );
};
