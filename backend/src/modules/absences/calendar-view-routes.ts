import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ABSENCE_TYPE_COLORS } from './palette.js';
import { personYear, teamCalendarJson } from './calendar-view.js';

const Day = z.iso.date();
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');

const CalendarDaySchema = z
  .object({
    day: Day,
    weekend: z.boolean().describe('Saturday or Sunday'),
    holiday: z.string().nullable().describe('Public holiday of the company’s region'),
    closure: z
      .object({ name: z.string(), half: z.boolean() })
      .nullable()
      .describe('Closure day of the company (half: half a working day)'),
  })
  .meta({ id: 'CalendarDay' });

const CalendarAbsenceSchema = z
  .object({
    id: z.uuid(),
    from: Day,
    to: Day.nullable().describe('null: a sickness whose end is not known yet'),
    halfDayStart: z.boolean().describe('Only the afternoon of the first day'),
    halfDayEnd: z.boolean().describe('Only the morning of the last day'),
    status: z
      .enum(['requested', 'pre_approved', 'approved', 'cancel_requested'])
      .describe('approved (and cancel_requested) count; requested and pre_approved are planned'),
    type: z
      .object({
        id: z.uuid(),
        name: z.object({ de: z.string(), en: z.string() }),
        color: z.enum(ABSENCE_TYPE_COLORS),
      })
      .nullable()
      .describe('null: the viewer may only know the person is away ("abwesend")'),
  })
  .meta({ id: 'CalendarAbsence' });

/** The month view (a TeamCalendar); exported so tests check the bytes sent against it. */
export const TeamCalendarSchema = z.object({
  month: Month,
  teamId: z.uuid().nullable(),
  today: Day.describe('Today in the company’s time zone'),
  days: z.array(CalendarDaySchema),
  people: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      teamId: z.uuid().nullable(),
      absences: z.array(CalendarAbsenceSchema),
    }),
  ),
});

/**
 * Sends JSON as made: re-validating 200 people's rows on every request cost more than the view
 * itself (it is a TeamCalendar, the type the schema describes; as time/routes.ts sendJson).
 * Bytes, not a string: remembered answers are sent without encoding or measuring them again.
 */
function sendJson(reply: FastifyReply, json: Buffer) {
  return reply.type('application/json; charset=utf-8').send(json);
}

export const calendarViewRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;

  app.get(
    '/absences/calendar',
    {
      schema: {
        tags: ['absences'],
        summary: 'Team calendar of a month: the company or one team, with holidays and closures',
        description:
          'Every member of the company may see it. The type of an absence shows to the person, ' +
          'their approvers (admins, their team’s managers) and, when the type is visible to ' +
          'colleagues, to everyone; otherwise only that the person is away. Never the note.',
        querystring: z.strictObject({
          month: Month,
          teamId: z.uuid().optional().describe('Only this team’s members'),
        }),
        response: { 200: TeamCalendarSchema },
      },
    },
    async (request, reply) =>
      sendJson(reply, await teamCalendarJson(deps, request.actor, request.query)),
  );

  app.get(
    '/absences/year',
    {
      schema: {
        tags: ['absences'],
        summary: 'One person’s year (Jahresansicht), seen as in the team calendar',
        querystring: z.strictObject({
          userId: z.uuid(),
          year: z.coerce.number().int().min(2000).max(2100),
        }),
        response: {
          200: z.object({
            year: z.number().int(),
            today: Day,
            person: z.object({ id: z.uuid(), name: z.string(), teamId: z.uuid().nullable() }),
            days: z.array(CalendarDaySchema),
            absences: z.array(CalendarAbsenceSchema),
          }),
        },
      },
    },
    async (request) => personYear(deps, request.actor, request.query),
  );
};
