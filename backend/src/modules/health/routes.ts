import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkHealth } from './service.js';

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'error']),
    database: z.enum(['ok', 'error']),
    redis: z.enum(['ok', 'error', 'disabled']),
  })
  .meta({ id: 'Health' });

/** `GET /health` — outside /api/v1 because operators' scripts and nginx probe this exact path. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Health of the app and its dependencies',
        description:
          'No authentication. 200 when the app can serve (Redis down only degrades it), 503 when PostgreSQL is unreachable.',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_request, reply) => {
      const health = await checkHealth(app.db, app.redis);
      return reply.code(health.status === 'error' ? 503 : 200).send(health);
    },
  );
};
