import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as feeds from './feeds.js';

const CalendarFeedSchema = z
  .object({
    id: z.uuid(),
    scope: z.enum(['person', 'team', 'company']),
    teamId: z.uuid().nullable(),
    teamName: z.string().nullable(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable().describe('Last poll by a calendar app (hourly)'),
  })
  .meta({ id: 'CalendarFeed' });

export const feedRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;

  app.get(
    '/calendar-feeds',
    {
      schema: {
        tags: ['absences'],
        summary: 'My active iCal subscriptions (their URLs are shown only when made)',
        response: { 200: z.array(CalendarFeedSchema) },
      },
    },
    async (request) => feeds.listFeeds(deps, request.actor),
  );

  app.post(
    '/calendar-feeds',
    {
      schema: {
        tags: ['absences'],
        summary: 'Make an iCal subscription URL: own absences, a team’s, or the company’s (admin)',
        description:
          'The URL carries a secret token and is returned only here; keep it like a password. ' +
          'It shows what its owner may see in the team calendar, until revoked.',
        body: z.strictObject({
          scope: z.enum(['person', 'team', 'company']),
          teamId: z.uuid().optional().describe('Required for scope team, refused otherwise'),
        }),
        response: {
          201: CalendarFeedSchema.extend({
            url: z.url().describe('The subscription URL; shown once'),
          }),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await feeds.createFeed(deps, request.actor, request.body, request.ip)),
  );

  app.delete(
    '/calendar-feeds/:id',
    {
      config: { resource: { id: 'calendar_feed' } },
      schema: {
        tags: ['absences'],
        summary: 'Revoke an iCal subscription (own; admins any of the company); ends it at once',
        params: z.strictObject({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await feeds.revokeFeed(deps, request.actor, request.params.id, request.ip);
      return reply.code(204).send(null);
    },
  );

  // Polled by calendar apps without a session: the token in the path is the credential.
  app.get(
    '/ical/:token.ics',
    {
      config: { public: true, resource: { token: 'calendar_feed_token' } },
      schema: {
        tags: ['absences'],
        summary: 'An iCal subscription (text/calendar); 404 when unknown or revoked',
        params: z.strictObject({ token: z.string().max(100) }),
      },
    },
    async (request, reply) => {
      const text = await feeds.renderFeed(deps, request.params.token, request.ip);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="abwesenheiten.ics"')
        .send(text);
    },
  );
};
