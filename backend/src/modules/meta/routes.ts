import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_VERSION } from '../../plugins/docs.js';

const MetaSchema = z
  .object({
    name: z.string().describe('APP_NAME of this installation'),
    version: z.string(),
    environment: z.enum(['production', 'development']),
  })
  .meta({ id: 'Meta' });

/** `GET /api/v1/meta` — what the SPA shows before anyone signs in (name, version). */
export const metaRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/meta',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Name and version of this installation',
        response: { 200: MetaSchema },
      },
    },
    () => ({ name: app.config.appName, version: API_VERSION, environment: app.config.appEnv }),
  );
};
