import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as clock from './clock.js';

const ClockStateSchema = z
  .object({
    status: z.enum(['off', 'working', 'break']),
    since: z.iso.datetime().nullable().describe('Start of the running entry or of the break'),
    entryId: z.uuid().nullable(),
  })
  .meta({ id: 'ClockState' });

/** The time clock of the signed-in person. */
export const timeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const response = { 200: ClockStateSchema };

  app.get(
    '/clock',
    { schema: { tags: ['time'], summary: 'Clock state (off, working, break)', response } },
    async (request) => clock.clockState(deps, request.actor),
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
