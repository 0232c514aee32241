/** OpenAPI 3 generated from the route schemas; Swagger UI at /docs, the document at /openapi.json. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const API_VERSION = '0.1.0';

export default fp(
  async (app: FastifyInstance, options: { appName: string; serveUi: boolean }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: `${options.appName} API`,
          version: API_VERSION,
          description:
            'Working time and absences. All endpoints live under /api/v1 except /health. ' +
            'Errors are `{ error: { code, message, details? }, requestId }`.',
        },
        tags: [{ name: 'system', description: 'Health and metadata' }],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    if (!options.serveUi) return;
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  },
  { name: 'docs' },
);
