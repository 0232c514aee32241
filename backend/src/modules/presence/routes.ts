import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { presenceNow } from './service.js';

const PresencePersonSchema = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    teamIds: z.array(z.uuid()),
    status: z.enum(['off', 'working', 'break', 'absent']),
    since: z.iso
      .datetime()
      .nullable()
      .describe('Start of the running entry, of the break or of the absence; null when off'),
  })
  .meta({ id: 'PresencePerson' });

const PresenceSchema = z.object({ people: z.array(PresencePersonSchema) }).meta({ id: 'Presence' });

/** Who is working, on a break or absent now (managers: their teams; admins: everyone). */
export const presenceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;

  app.get(
    '/presence',
    {
      schema: {
        tags: ['presence'],
        summary: 'Who is working, on a break, absent or off now, sorted by name',
        response: { 200: PresenceSchema },
      },
    },
    async (request) => presenceNow(deps, request.actor),
  );

  app.get(
    '/presence/stream',
    {
      schema: {
        tags: ['presence'],
        summary: 'Live presence as Server-Sent Events',
        description:
          '`event: snapshot` (data: Presence) first, then `event: presence` (data: ' +
          'PresencePerson) for every change, and a comment line every 25 s. Read it with ' +
          'fetch and the Authorization header; the stream ends when the access token expires ' +
          'or the session changes: reconnect with a fresh token.',
        response: {
          200: {
            description: 'An endless text/event-stream',
            content: { 'text/event-stream': { schema: z.string() } },
          },
        },
      },
      // After the app-wide hook that sets no-store: event streams also say no-cache, the
      // conventional header proxies look for.
      onSend: async (_request, reply, payload) => {
        if (reply.statusCode === 200) reply.header('cache-control', 'no-cache, no-store');
        return payload;
      },
    },
    async (request, reply) => {
      const stream = await app.presenceStreams.open(request.actor, request.accessClaims);
      return (
        reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          // nginx: pass every event on at once instead of buffering the response.
          .header('x-accel-buffering', 'no')
          // The schema documents the text the stream carries; Fastify pipes the stream as is.
          .send(stream as unknown as string)
      );
    },
  );
};
