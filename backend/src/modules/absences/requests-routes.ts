import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { colleagues } from './colleagues.js';
import * as requests from './requests.js';

const Day = z.iso.date();
const STATUSES = [
  'requested',
  'pre_approved',
  'approved',
  'rejected',
  'cancel_requested',
  'cancelled',
] as const;
const Status = z.enum(STATUSES);
const Comment = z.string().trim().min(1).max(2000);
const LocalizedName = z.object({ de: z.string(), en: z.string() });

const AbsenceSchema = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    userName: z.string(),
    type: z.object({
      id: z.uuid(),
      key: z.string().nullable(),
      name: LocalizedName,
      color: z.string(),
    }),
    from: Day,
    to: Day.nullable().describe('null: a sickness whose end is not known yet'),
    halfDayStart: z.boolean().describe('Only the second half of the first day is taken'),
    halfDayEnd: z.boolean().describe('Only the first half of the last day is taken'),
    days: z
      .number()
      .nullable()
      .describe('Working days in the person’s calendar (0.5 steps); null while the end is open'),
    status: Status,
    note: z.string().nullable(),
    substitute: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    substituteNote: z.string().nullable(),
    createdBy: z.uuid(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    preApprovedBy: z.uuid().nullable(),
    preApprovedAt: z.iso.datetime().nullable(),
    decidedBy: z.uuid().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    decisionComment: z.string().nullable(),
    cancelRequestedAt: z.iso.datetime().nullable(),
    cancelReason: z.string().nullable(),
    cancelledBy: z.uuid().nullable(),
    cancelledAt: z.iso.datetime().nullable(),
    remindedAt: z.iso.datetime().nullable().describe('Approvers last reminded (once a day)'),
  })
  .meta({ id: 'Absence' });

const ProblemSchema = z
  .object({
    code: z.string().describe('Stable error code, e.g. ABSENCE_OVERLAP, ABSENCE_OVER_BALANCE'),
    message: z.string(),
    blocking: z.boolean().describe('true: the request would be refused; false: a warning'),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'AbsenceProblem' });

const WithWarnings = z
  .object({ absence: AbsenceSchema, warnings: z.array(ProblemSchema) })
  .meta({ id: 'AbsenceWithWarnings' });

const YearCountSchema = z.object({
  year: z.number().int(),
  days: z.number(),
  vacation: z
    .object({ remainingBefore: z.number(), remainingAfter: z.number() })
    .nullable()
    .describe('Types that take vacation: the year’s remaining days before and after'),
});

const PreviewSchema = z
  .object({
    userId: z.uuid(),
    workingDays: z.number().nullable(),
    byYear: z.array(YearCountSchema),
    days: z.array(
      z.object({
        day: Day,
        counted: z.number(),
        reason: z.enum([
          'workday',
          'half_requested',
          'company_half_day',
          'weekend_or_free',
          'holiday',
          'closure',
          'no_schedule',
        ]),
        holidayName: z.string().optional(),
      }),
    ),
    problems: z.array(ProblemSchema),
    absentColleagues: z
      .array(
        z.object({
          userId: z.uuid(),
          name: z.string(),
          from: Day,
          to: Day.nullable(),
          pending: z.boolean(),
          type: z
            .object({ id: z.uuid(), name: LocalizedName, color: z.string() })
            .nullable()
            .describe('null: hidden from colleagues, show only "abwesend"'),
        }),
      )
      .describe('Im Zeitraum abwesend: colleagues of the same team'),
  })
  .meta({ id: 'AbsencePreview' });

const InboxItemSchema = z
  .object({
    absence: AbsenceSchema,
    kind: z.enum(['request', 'cancellation']),
    remainingAfter: z
      .array(z.object({ year: z.number().int(), days: z.number() }))
      .describe('Vacation left per year after approving (types that take vacation)'),
    othersAbsent: z.number().int().describe('Others of the team absent in the same days'),
  })
  .meta({ id: 'AbsenceInboxItem' });

const Range = {
  typeId: z.uuid(),
  from: Day,
  to: Day.nullable().describe('null: a sickness without a known end (types without approval)'),
  halfDayStart: z.boolean().default(false),
  halfDayEnd: z.boolean().default(false),
};

const Details = {
  note: z.string().trim().max(2000).nullable().optional(),
  substituteId: z.uuid().nullable().optional().describe('Vertretung: an active colleague'),
  substituteNote: z.string().trim().max(500).nullable().optional(),
};

const ReturnVacationDays = z
  .boolean()
  .optional()
  .describe(
    'A sickness over the person’s vacation (§ 9 BUrlG): true after an ABSENCE_OVERLAPS_VACATION ' +
      'answer gives those vacation days back (cancels, shortens or splits the vacation) and ' +
      'records the sickness in one step',
  );

const AbsenceId = z.strictObject({ id: z.uuid() });
const resource = { config: { resource: { id: 'absence' } } } as const;

export const absenceRequestRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;

  app.post(
    '/absences/preview',
    {
      schema: {
        tags: ['absences'],
        summary:
          'What a request would count and run into (working days, vacation left, ' +
          'overlaps, absent colleagues); changes nothing',
        body: z.strictObject({
          userId: z.uuid().optional().describe('Default: oneself; others only for admins'),
          ...Range,
          excludeAbsenceId: z.uuid().optional().describe('The absence being edited'),
        }),
        response: { 200: PreviewSchema },
      },
    },
    async (request) => requests.previewAbsence(deps, request.actor, request.body),
  );

  app.post(
    '/absences',
    {
      schema: {
        tags: ['absences'],
        summary:
          'Request an absence, or record one whose type needs no approval (sickness); ' +
          'admins record for others with userId',
        body: z.strictObject({
          userId: z.uuid().optional(),
          ...Range,
          ...Details,
          returnVacationDays: ReturnVacationDays,
        }),
        response: { 201: WithWarnings },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await requests.createAbsence(deps, request.actor, request.body, request.ip)),
  );

  app.get(
    '/absences',
    {
      schema: {
        tags: ['absences'],
        summary: 'Absences in the actor’s scope (own; managers their teams; admins all)',
        querystring: z.strictObject({
          userId: z.uuid().optional(),
          status: z
            .string()
            .optional()
            .transform((value, ctx) => {
              if (!value) return undefined;
              const parts = value.split(',');
              const parsed = z.array(Status).safeParse(parts);
              if (!parsed.success) {
                ctx.addIssue({
                  code: 'custom',
                  message: `status: one or more of ${STATUSES.join(', ')}`,
                });
                return z.NEVER;
              }
              return parsed.data;
            })
            .describe('Comma-separated statuses'),
          from: Day.optional().describe('Absences ending on or after this day'),
          to: Day.optional().describe('Absences starting on or before this day'),
          mine: z
            .enum(['true', 'false'])
            .optional()
            .transform((value) => value === 'true'),
        }),
        response: { 200: z.array(AbsenceSchema) },
      },
    },
    async (request) => requests.listAbsences(deps, request.actor, request.query),
  );

  app.get(
    '/absences/colleagues',
    {
      schema: {
        tags: ['absences'],
        summary: 'Colleagues to name as substitute (Vertretung): active members, name and team',
        response: {
          200: z.array(
            z
              .object({
                id: z.uuid(),
                name: z.string(),
                teamId: z.uuid().nullable(),
                teamName: z.string().nullable(),
              })
              .meta({ id: 'Colleague' }),
          ),
        },
      },
    },
    async (request) => colleagues(deps, request.actor),
  );

  app.get(
    '/absences/inbox',
    {
      schema: {
        tags: ['absences'],
        summary: 'Genehmigungen: pending requests and cancellations the actor decides on',
        response: { 200: z.array(InboxItemSchema) },
      },
    },
    async (request) => requests.approvalInbox(deps, request.actor),
  );

  app.get(
    '/absences/:id',
    {
      ...resource,
      schema: {
        tags: ['absences'],
        summary: 'One absence',
        params: AbsenceId,
        response: { 200: AbsenceSchema },
      },
    },
    async (request) => requests.getAbsence(deps, request.actor, request.params.id),
  );

  app.patch(
    '/absences/:id',
    {
      ...resource,
      schema: {
        tags: ['absences'],
        summary:
          'Change a pending request (the person), set the end of an open sickness or ' +
          'correct a recorded absence (admins, with a reason)',
        params: AbsenceId,
        body: z.strictObject({
          typeId: Range.typeId.optional(),
          from: Day.optional(),
          to: Range.to.optional(),
          halfDayStart: z.boolean().optional(),
          halfDayEnd: z.boolean().optional(),
          ...Details,
          reason: z.string().trim().min(1).max(500).optional(),
          returnVacationDays: ReturnVacationDays,
        }),
        response: { 200: WithWarnings },
      },
    },
    async (request) =>
      requests.updateAbsence(deps, request.actor, request.params.id, request.body, request.ip),
  );

  const OptionalComment = z.strictObject({ comment: Comment.optional() }).nullish();

  app.post(
    '/absences/:id/approve',
    {
      ...resource,
      schema: {
        tags: ['absences'],
        summary: 'Approve a request (managers: their teams; long ones need an admin as well)',
        params: AbsenceId,
        body: OptionalComment,
        response: { 200: AbsenceSchema },
      },
    },
    async (request) =>
      requests.approveAbsence(
        deps,
        request.actor,
        request.params.id,
        request.body?.comment ?? null,
        request.ip,
      ),
  );

  app.post(
    '/absences/:id/reject',
    {
      ...resource,
      schema: {
        tags: ['absences'],
        summary: 'Reject a request, saying why',
        params: AbsenceId,
        body: z.strictObject({ comment: Comment }),
        response: { 200: AbsenceSchema },
      },
    },
    async (request) =>
      requests.rejectAbsence(
        deps,
        request.actor,
        request.params.id,
        request.body.comment,
        request.ip,
      ),
  );

  app.post(
    '/absences/:id/withdraw',
    {
      ...resource,
      schema: {
        tags: ['absences'],
        summary: 'Withdraw one’s own pending request',
        params: AbsenceId,
        response: { 200: AbsenceSchema },
      },
    },
    async (request) => requests.withdrawAbsence(deps, request.actor, request.params.id, request.ip),
  );

  app.post(
    '/absences/:id/cancel',
    {
      ...resource,
      schema: {
        tags: ['absences'],
        summary:
          'Cancel an approved absence: the person asks (with a reason) when the type needs ' +
          'approval, else it is cancelled; an approver cancels at once',
        params: AbsenceId,
        body: z.strictObject({ reason: Comment.optional() }).nullish(),
        response: { 200: AbsenceSchema },
      },
    },
    async (request) =>
      requests.cancelAbsence(
        deps,
        request.actor,
        request.params.id,
        request.body?.reason ?? null,
        request.ip,
      ),
  );

  for (const [verb, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    app.post(
      `/absences/:id/cancel/${verb}`,
      {
        ...resource,
        schema: {
          tags: ['absences'],
          summary: approve
            ? 'Approve the cancellation of an absence'
            : 'Refuse the cancellation: the absence stays approved',
          params: AbsenceId,
          body: OptionalComment,
          response: { 200: AbsenceSchema },
        },
      },
      async (request) =>
        requests.decideCancellation(
          deps,
          request.actor,
          request.params.id,
          approve,
          request.body?.comment ?? null,
          request.ip,
        ),
    );
  }

  app.post(
    '/absences/:id/remind',
    {
      ...resource,
      schema: {
        tags: ['absences'],
        summary: 'Remind the approvers of one’s pending request (at most once a day)',
        params: AbsenceId,
        response: { 200: AbsenceSchema },
      },
    },
    async (request) => requests.remindApprovers(deps, request.actor, request.params.id, request.ip),
  );
};
