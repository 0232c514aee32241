import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as closures from './closures.js';
import * as clock from './clock.js';
import * as entries from './entries.js';
import { listFindings } from './findings.js';
import { entryHistory } from './history.js';
import * as months from './months.js';
import * as schedules from './schedules.js';
import { teamMonth } from './team.js';
import { rememberedMonth, rememberedPeriod } from './timesheet.js';

const Minutes = z.number().int();
const LocalizedText = z.object({ de: z.string(), en: z.string() });
const Day = z.iso.date();
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');

const IncludeDeleted = z
  .enum(['true', 'false'])
  .optional()
  .transform((value) => value === 'true')
  .describe('Also list deleted entries, marked (GoBD)');

const ClockStateSchema = z
  .object({
    status: z.enum(['off', 'working', 'break']),
    since: z.iso.datetime().nullable().describe('Start of the running entry or of the break'),
    entryId: z.uuid().nullable(),
    today: z.object({ day: Day, workedMinutes: Minutes, breakMinutes: Minutes }),
    hints: z
      .array(
        z.object({
          code: z.enum(['BREAK_DUE', 'DAILY_LIMIT']),
          at: z.iso.datetime(),
          minutesLeft: Minutes.describe('Negative once the instant has passed'),
          message: LocalizedText,
        }),
      )
      .describe('ArbZG hints while working: next break due, 10-hour limit'),
  })
  .meta({ id: 'ClockState' });

const FindingSchema = z.object({
  code: z.string(),
  severity: z.enum(['info', 'warning', 'violation']),
  message: LocalizedText,
});
const TimesheetDaySchema = z
  .object({
    day: z.iso.date(),
    entries: z.array(
      z.object({
        id: z.uuid(),
        start: z.iso.datetime(),
        end: z.iso.datetime().nullable(),
        endReason: z.enum(['break', 'clock_out']).nullable(),
        source: z.enum(['clock', 'manual', 'correction']),
        note: z.string().nullable(),
        changed: z.boolean().describe('Added, changed or deleted by hand: see its history'),
        deleted: z.boolean().describe('Only with includeDeleted; never counted'),
        deleteReason: z.string().nullable(),
      }),
    ),
    workedMinutes: Minutes,
    breakMinutes: Minutes,
    targetMinutes: Minutes,
    creditedMinutes: Minutes,
    diffMinutes: Minutes,
    reason: z.enum([
      'no_schedule',
      'holiday',
      'closure',
      'weekend_or_free',
      'half_day',
      'absence',
      'workday',
    ]),
    holidayName: z.string().nullable(),
    closureName: z.string().nullable(),
    absence: z
      .object({
        id: z.uuid(),
        typeId: z.uuid(),
        key: z.string().nullable(),
        name: LocalizedText,
        color: z.string(),
        half: z.boolean().describe('Only half of the day is taken'),
      })
      .nullable()
      .describe('The approved absence on this day (shown even where it credits nothing)'),
    findings: z.array(FindingSchema),
  })
  .meta({ id: 'TimesheetDay' });
const TotalsSchema = z.object({
  targetMinutes: Minutes,
  workedMinutes: Minutes,
  creditedMinutes: Minutes,
  diffMinutes: Minutes,
  adjustmentMinutes: Minutes,
});
const BalanceSchema = z.object({
  before: Minutes.describe('Balance at the end of the day before the period'),
  after: Minutes.describe('Balance at the end of asOf'),
  since: Day.describe('First day the balance counts (employment start)'),
  asOf: Day.describe("The period's last day, or today while it runs (today's shortfall not yet)"),
});
export const PeriodSchema = z
  .object({
    userId: z.uuid(),
    from: Day,
    to: Day,
    timeZone: z.string(),
    days: z.array(TimesheetDaySchema),
    totals: TotalsSchema,
    balance: BalanceSchema,
  })
  .meta({ id: 'PeriodTimesheet' });
export const TimesheetSchema = z
  .object({
    userId: z.uuid(),
    month: z.string(),
    timeZone: z.string(),
    days: z.array(TimesheetDaySchema),
    totals: TotalsSchema,
    balance: BalanceSchema,
    lock: z
      .object({
        status: z.enum(['submitted', 'approved']),
        approvedAt: z.iso.datetime().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'Timesheet' });

const EntrySchema = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    start: z.iso.datetime(),
    end: z.iso.datetime().nullable(),
    source: z.enum(['clock', 'manual', 'correction']),
    note: z.string().nullable(),
    deleted: z.boolean(),
  })
  .meta({ id: 'TimeEntry' });
const Instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
/** Why a past entry is added, changed or deleted (GoBD): shown in the history. */
const Reason = z.string().trim().min(3).max(500);
const EntryId = z.strictObject({ id: z.uuid() });
const entryResource = { config: { resource: { id: 'time_entry' } } } as const;

const ScheduleSchema = z
  .object({
    id: z.uuid(),
    userId: z.uuid().nullable(),
    validFrom: z.iso.date(),
    minutesPerWeekday: z.array(Minutes).length(7),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'WorkSchedule' });

/**
 * Sends JSON made once for a remembered sheet. Fastify sends a string with a JSON content type
 * as it is, skipping the response schema's serializer: the sheet is typed by PeriodTimesheet /
 * Timesheet, which the schemas above describe, and re-validating 30 days on every request
 * cost more than computing them.
 */
function sendJson(reply: FastifyReply, json: Buffer) {
  return reply.type('application/json; charset=utf-8').send(json);
}

/** The time clock of the signed-in person, month views and work schedules. */
export const timeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const response = { 200: ClockStateSchema };

  app.get(
    '/clock',
    { schema: { tags: ['time'], summary: 'Clock state (off, working, break)', response } },
    async (request) => clock.clockState(deps, request.actor),
  );
  app.get(
    '/time/month',
    {
      schema: {
        tags: ['time'],
        summary: 'Month view: per day entries, Ist, Soll, difference, findings; totals and balance',
        querystring: z.strictObject({
          month: Month,
          userId: z.uuid().optional().describe('Default: the signed-in person'),
          includeDeleted: IncludeDeleted,
        }),
        response: { 200: TimesheetSchema },
      },
    },
    async (request, reply) => {
      const sheet = await rememberedMonth(
        deps,
        request.actor,
        request.query.userId ?? request.actor.userId,
        request.query.month,
        { includeDeleted: request.query.includeDeleted },
      );
      return sendJson(reply, sheet.json());
    },
  );

  app.get(
    '/time/days',
    {
      schema: {
        tags: ['time'],
        summary: 'Any period (e.g. a week): per day entries, Ist, Soll, findings; totals, balance',
        querystring: z.strictObject({
          from: Day,
          to: Day,
          userId: z.uuid().optional().describe('Default: the signed-in person'),
          includeDeleted: IncludeDeleted,
        }),
        response: { 200: PeriodSchema },
      },
    },
    async (request, reply) => {
      const sheet = await rememberedPeriod(
        deps,
        request.actor,
        request.query.userId ?? request.actor.userId,
        request.query.from,
        request.query.to,
        { includeDeleted: request.query.includeDeleted },
      );
      return sendJson(reply, sheet.json());
    },
  );

  app.get(
    '/time/team',
    {
      schema: {
        tags: ['time'],
        summary: 'Month per person in scope: Soll, Ist, difference, Saldo, closing, findings',
        querystring: z.strictObject({
          month: Month,
          teamId: z.uuid().optional(),
        }),
        response: {
          200: z
            .object({
              month: z.string(),
              people: z.array(
                z.object({
                  userId: z.uuid(),
                  name: z.string(),
                  teamId: z.uuid().nullable(),
                  totals: z.object({
                    targetMinutes: Minutes,
                    workedMinutes: Minutes,
                    diffMinutes: Minutes,
                  }),
                  balance: Minutes,
                  balanceAsOf: Day,
                  lock: z.enum(['open', 'submitted', 'approved']),
                  findings: z.object({ violation: Minutes, warning: Minutes, info: Minutes }),
                }),
              ),
            })
            .meta({ id: 'TeamMonth' }),
        },
      },
    },
    async (request) => teamMonth(deps, request.actor, request.query.month, request.query.teamId),
  );

  app.get(
    '/time/findings',
    {
      schema: {
        tags: ['time'],
        summary: 'ArbZG findings of everyone in scope (admin: company, manager: teams)',
        querystring: z.strictObject({
          from: Day,
          to: Day,
          teamId: z.uuid().optional(),
          userId: z.uuid().optional(),
        }),
        response: {
          200: z
            .object({
              from: Day,
              to: Day,
              findings: z.array(
                FindingSchema.extend({
                  userId: z.uuid(),
                  name: z.string(),
                  teamId: z.uuid().nullable(),
                  day: Day,
                }),
              ),
              counts: z.object({ violation: Minutes, warning: Minutes, info: Minutes }),
            })
            .meta({ id: 'FindingsReport' }),
        },
      },
    },
    async (request) => listFindings(deps, request.actor, request.query),
  );

  const ClosureDaySchema = z
    .object({ day: Day, name: z.string(), half: z.boolean() })
    .meta({ id: 'ClosureDay' });
  app.get(
    '/closure-days',
    {
      schema: {
        tags: ['time'],
        summary: 'Closure days (Betriebsruhe, half days) of the own company in a period',
        querystring: z.strictObject({ from: Day, to: Day }),
        response: { 200: z.array(ClosureDaySchema) },
      },
    },
    async (request) =>
      closures.listClosureDays(deps, request.actor, request.query.from, request.query.to),
  );
  app.post(
    '/closure-days',
    {
      schema: {
        tags: ['time'],
        summary: 'Set a closure day (admin); setting an existing day changes it',
        body: z.strictObject({
          day: Day,
          name: z.string().trim().min(1).max(100),
          half: z.boolean().default(false).describe('Half a working day (target halved)'),
        }),
        response: { 200: ClosureDaySchema, 201: ClosureDaySchema },
      },
    },
    async (request, reply) => {
      const { closure, created } = await closures.setClosureDay(
        deps,
        request.actor,
        request.body,
        request.ip,
      );
      return reply.code(created ? 201 : 200).send(closure);
    },
  );
  app.delete(
    '/closure-days/:day',
    {
      config: { resource: { day: 'closure_day' } },
      schema: {
        tags: ['time'],
        summary: 'Remove a closure day (admin)',
        params: z.strictObject({ day: Day }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await closures.deleteClosureDay(deps, request.actor, request.params.day, request.ip);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/time/entries',
    {
      schema: {
        tags: ['time'],
        summary: 'Add a past entry (own, or as manager/admin for someone in scope) with a reason',
        body: z.strictObject({
          userId: z.uuid().optional().describe('Default: the signed-in person'),
          start: Instant,
          end: Instant,
          note: z.string().trim().max(500).nullable().optional(),
          reason: Reason,
        }),
        response: { 201: EntrySchema },
      },
    },
    async (request, reply) => {
      const { userId, ...input } = request.body;
      const entry = await entries.addEntry(
        deps,
        request.actor,
        userId ?? request.actor.userId,
        input,
        request.ip,
      );
      return reply.code(201).send(entry);
    },
  );

  app.get(
    '/time/entries/:id/history',
    {
      ...entryResource,
      schema: {
        tags: ['time'],
        summary: 'Historie of an entry: who added, changed or deleted it, when and why',
        params: EntryId,
        response: {
          200: z
            .object({
              entry: EntrySchema.extend({
                deleteReason: z.string().nullable(),
                createdAt: z.iso.datetime(),
              }),
              changes: z.array(
                z.object({
                  at: z.iso.datetime(),
                  action: z.enum(['created', 'updated', 'deleted']),
                  actor: z.object({ id: z.uuid(), name: z.string() }).nullable(),
                  reason: z.string().nullable(),
                  before: z.unknown(),
                  after: z.unknown(),
                }),
              ),
            })
            .meta({ id: 'EntryHistory' }),
        },
      },
    },
    async (request) => entryHistory(deps, request.actor, request.params.id),
  );

  app.patch(
    '/time/entries/:id',
    {
      ...entryResource,
      schema: {
        tags: ['time'],
        summary: 'Change an entry with a reason (before and after are kept)',
        params: EntryId,
        body: z.strictObject({
          start: Instant.optional(),
          end: Instant.optional(),
          note: z.string().trim().max(500).nullable().optional(),
          reason: Reason,
        }),
        response: { 200: EntrySchema },
      },
    },
    async (request) =>
      entries.updateEntry(deps, request.actor, request.params.id, request.body, request.ip),
  );

  app.delete(
    '/time/entries/:id',
    {
      ...entryResource,
      schema: {
        tags: ['time'],
        summary: 'Delete an entry with a reason (it stays, marked deleted)',
        params: EntryId,
        body: z.strictObject({ reason: Reason }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await entries.deleteEntry(
        deps,
        request.actor,
        request.params.id,
        request.body.reason,
        request.ip,
      );
      return reply.code(204).send(null);
    },
  );

  const MonthLockSchema = z
    .object({
      userId: z.uuid(),
      month: z.string(),
      status: z.enum(['open', 'submitted', 'approved']),
      approvedAt: z.iso.datetime().nullable(),
    })
    .meta({ id: 'MonthLock' });

  app.post(
    '/time/months/submit',
    {
      schema: {
        tags: ['time'],
        summary: 'Hand in the own month for approval',
        body: z.strictObject({ month: Month }),
        response: { 200: MonthLockSchema },
      },
    },
    async (request) => months.submitMonth(deps, request.actor, request.body.month, request.ip),
  );

  app.post(
    '/time/months/approve',
    {
      schema: {
        tags: ['time'],
        summary: "Approve (lock) a team member's month; nobody approves their own",
        body: z.strictObject({ userId: z.uuid(), month: Month }),
        response: { 200: MonthLockSchema },
      },
    },
    async (request) =>
      months.approveMonth(deps, request.actor, request.body.userId, request.body.month, request.ip),
  );

  app.post(
    '/time/months/reopen',
    {
      schema: {
        tags: ['time'],
        summary: 'Reopen a closed month (admin), with a reason',
        body: z.strictObject({ userId: z.uuid(), month: Month, reason: Reason }),
        response: { 200: MonthLockSchema },
      },
    },
    async (request) =>
      months.reopenMonth(
        deps,
        request.actor,
        request.body.userId,
        request.body.month,
        request.body.reason,
        request.ip,
      ),
  );

  app.post(
    '/time/adjustments',
    {
      schema: {
        tags: ['time'],
        summary: 'Correct a Gleitzeit balance on a day (admin), with a reason',
        body: z.strictObject({
          userId: z.uuid(),
          day: z.iso.date(),
          minutes: z
            .number()
            .int()
            .min(-100_000)
            .max(100_000)
            .refine((m) => m !== 0, 'must not be 0'),
          reason: Reason,
        }),
        response: {
          201: z.object({
            id: z.uuid(),
            userId: z.uuid(),
            day: z.iso.date(),
            minutes: z.number().int(),
            reason: z.string(),
          }),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await months.addAdjustment(deps, request.actor, request.body, request.ip)),
  );

  app.get(
    '/schedules',
    {
      schema: {
        tags: ['time'],
        summary: 'Schedule history of a person (and the company default), or only the default',
        querystring: z.strictObject({ userId: z.uuid().optional() }),
        response: { 200: z.array(ScheduleSchema) },
      },
    },
    async (request) => schedules.listSchedules(deps, request.actor, request.query.userId ?? null),
  );

  app.post(
    '/schedules',
    {
      schema: {
        tags: ['time'],
        summary: 'New schedule version from a day on (userId null: company default)',
        body: z.strictObject({
          userId: z.uuid().nullable(),
          validFrom: z.iso.date(),
          minutesPerWeekday: z.array(Minutes.min(0).max(1440)).length(7),
        }),
        response: { 201: ScheduleSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await schedules.addSchedule(deps, request.actor, request.body, request.ip)),
  );

  app.delete(
    '/schedules/:id',
    {
      config: { resource: { id: 'schedule' } },
      schema: {
        tags: ['time'],
        summary: 'Remove a version that has not started yet',
        params: z.strictObject({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await schedules.deleteSchedule(deps, request.actor, request.params.id, request.ip);
      return reply.code(204).send(null);
    },
  );

  for (const [path, action, summary] of [
    ['in', clock.clockIn, 'Kommen: start working'],
    ['out', clock.clockOut, 'Gehen: stop working'],
    ['break/start', clock.startBreak, 'Pause starten'],
    ['break/end', clock.endBreak, 'Pause beenden'],
  ] as const) {
    app.post(`/clock/${path}`, { schema: { tags: ['time'], summary, response } }, async (request) =>
      action(deps, request.actor),
    );
  }
};
