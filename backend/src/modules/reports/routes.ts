import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_OVERVIEW_DAYS, OVERVIEW_ROLES, overview } from './overview.js';
import { exportOverview, exportTimesheet, OVERVIEW_FORMATS, TIMESHEET_FORMATS } from './service.js';
import { MAX_STATISTICS_MONTHS, statistics } from './statistics.js';

const Day = z.iso.date();
const Minutes = z.number().int();
const Days = z.number();
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');
const File = z.string().describe('The file (binary)');
const AbsenceTypeRef = z.object({
  id: z.uuid(),
  key: z.string().nullable(),
  nameDe: z.string(),
  nameEn: z.string(),
});
const Findings = z.object({ violation: Minutes, warning: Minutes, info: Minutes, total: Minutes });

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266 / 5987). */
export function attachment(ascii: string, readable: string): string {
  const encoded = encodeURIComponent(readable).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const OverviewQuery = z.strictObject({
  from: Day,
  to: Day,
  teamId: z.uuid().optional(),
  role: z.enum(OVERVIEW_ROLES).optional(),
});

const OverviewFigures = z.object({
  targetMinutes: Minutes,
  workedMinutes: Minutes,
  creditedMinutes: Minutes,
  diffMinutes: Minutes.describe('worked + credited − target'),
  adjustmentMinutes: Minutes,
  balanceMinutes: Minutes.describe('Gleitzeit balance at the end of balanceAsOf'),
  vacationTakenDays: Days,
  vacationRemainingDays: Days.describe('Left in the vacation account of vacationYear'),
  sickDays: Days,
  otherAbsenceDays: Days,
  otherAbsences: z.array(z.object({ typeId: z.uuid(), days: Days })),
  findings: Findings,
});

const OverviewSchema = z
  .object({
    from: Day,
    to: Day,
    balanceAsOf: Day,
    vacationYear: z.number().int(),
    absenceTypes: z.array(AbsenceTypeRef),
    people: z.array(
      OverviewFigures.extend({
        userId: z.uuid(),
        name: z.string(),
        employeeNumber: z.string().nullable(),
        teamId: z.uuid().nullable(),
        teamName: z.string().nullable(),
        role: z.enum(OVERVIEW_ROLES),
      }),
    ),
    totals: OverviewFigures,
  })
  .meta({ id: 'ReportOverview' });

const StatisticsSchema = z
  .object({
    from: Month,
    to: Month,
    today: Day.describe('Today in the company’s time zone'),
    absenceTypes: z.array(AbsenceTypeRef.extend({ color: z.string() })),
    months: z.array(
      z.object({
        month: Month,
        balanceAsOf: Day.nullable().describe(
          'The month’s end, today while it runs, null before it starts',
        ),
        people: z.number().int().describe('People employed in the month (the overview’s rule)'),
        balance: z
          .object({ totalMinutes: Minutes, averageMinutes: Minutes })
          .nullable()
          .describe('Sum and average per person of the balances at balanceAsOf'),
        absences: z.array(z.object({ typeId: z.uuid(), days: Days })),
        absenceDays: Days,
        findings: Findings,
        findingsByCode: z.array(z.object({ code: z.string(), count: z.number().int() })),
      }),
    ),
    people: z.array(
      z.object({
        userId: z.uuid(),
        name: z.string(),
        teamId: z.uuid().nullable(),
        teamName: z.string().nullable(),
        balances: z
          .array(Minutes.nullable())
          .describe('Balance at each month’s balanceAsOf, in the order of months'),
      }),
    ),
  })
  .meta({ id: 'ReportStatistics' });

const overviewDescription =
  `A period of at most ${MAX_OVERVIEW_DAYS} days (PERIOD_TOO_LONG; reversed: ` +
  'PERIOD_ENDS_BEFORE_START). Employees see themselves, managers themselves and their teams, ' +
  'admins the company; a team outside the scope is 404 (employees have none in it). Soll/Ist/credit/difference are the ' +
  'sums the month view shows for the same days; absence days are working days of approved ' +
  'absences on days of the period.';

/** Reports and exports: the monthly timesheet per person, the team / company overview. */
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

  app.get(
    '/reports/overview',
    {
      schema: {
        tags: ['reports'],
        summary: 'Team / company overview of a period: time, balance, absences, ArbZG per person',
        description: overviewDescription,
        querystring: OverviewQuery,
        response: { 200: OverviewSchema },
      },
    },
    async (request) => overview(deps, request.actor, request.query),
  );

  app.get(
    '/reports/statistics',
    {
      schema: {
        tags: ['reports'],
        summary: 'Statistics by month: balance trend, absence days per type, ArbZG findings',
        description:
          `At most ${MAX_STATISTICS_MONTHS} months (PERIOD_TOO_LONG; reversed: ` +
          'PERIOD_ENDS_BEFORE_START). The people are the overview’s – employees themselves, ' +
          'managers themselves and their teams, admins the company; a team or person outside ' +
          'the scope is 404 (employees have no team in it) – and each month counts those employed in it, so a month’s figures ' +
          'equal the overview of that month: balances at the month’s end (today while it runs), ' +
          'working days of approved absences per type, ArbZG findings on its days. The balance ' +
          'comes per person and as sum and average per person.',
        querystring: z.strictObject({
          from: Month,
          to: Month,
          teamId: z.uuid().optional(),
          userId: z.uuid().optional(),
        }),
        response: { 200: StatisticsSchema },
      },
    },
    async (request) => statistics(deps, request.actor, request.query),
  );

  app.get(
    '/reports/overview/export',
    {
      schema: {
        tags: ['reports'],
        summary: 'The team / company overview as XLSX or CSV (audited)',
        description:
          `${overviewDescription} XLSX: Soll/Ist/credit as [h]:mm durations, difference and ` +
          'balance as signed decimal hours, a totals row, frozen header, autofilter. `csv`: ' +
          'German Excel (BOM, `;`, decimal comma); `csv-standard`: `,`, decimal point.',
        querystring: OverviewQuery.extend({
          format: z.enum(OVERVIEW_FORMATS),
          lang: z.enum(['de', 'en']).default('de'),
        }),
        response: {
          200: {
            description: 'The file, as an attachment',
            content: {
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
      const file = await exportOverview(deps, request.actor, request.query, request.ip);
      return reply
        .type(file.contentType)
        .header('content-disposition', attachment(file.fileName, file.readableFileName))
        .send(file.body as unknown as string);
    },
  );
};
