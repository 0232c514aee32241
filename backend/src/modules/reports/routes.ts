import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportTimesheet, TIMESHEET_FORMATS } from './service.js';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');
const File = z.string().describe('The file (binary)');

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266 / 5987). */
function attachment(ascii: string, readable: string): string {
  const encoded = encodeURIComponent(readable).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Reports and exports (this slice: the monthly timesheet per person). */
export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;

  app.get(
    '/reports/timesheets/:userId',
    {
      config: { resource: { userId: 'user' } },
      schema: {
        tags: ['reports'],
        summary: 'Monthly timesheet (Stundenzettel) of a person as PDF, CSV or XLSX',
        description:
          'The figures are those of GET /time/month for the same person and month. ' +
          '`csv`: German Excel (UTF-8 with BOM, `;`, decimal comma, dd.mm.yyyy); ' +
          '`csv-standard`: `,`, decimal point, ISO dates, no BOM. Durations as decimal hours ' +
          'and as h:mm. Employees export their own month, managers their teams’, admins ' +
          'everyone’s; every export is written to the audit log.',
        params: z.strictObject({ userId: z.uuid() }),
        querystring: z.strictObject({
          month: Month,
          format: z.enum(TIMESHEET_FORMATS),
          lang: z.enum(['de', 'en']).default('de'),
        }),
        response: {
          200: {
            description: 'The file, as an attachment',
            content: {
              'application/pdf': { schema: File },
              'text/csv': { schema: File },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                schema: File,
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const file = await exportTimesheet(
        deps,
        request.actor,
        { userId: request.params.userId, ...request.query },
        request.ip,
      );
      return (
        reply
          .type(file.contentType)
          .header('content-disposition', attachment(file.fileName, file.readableFileName))
          // The schema documents the file as a string; Fastify sends a Buffer as it is.
          .send(file.body as unknown as string)
      );
    },
  );
};
