import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as audit from './read.js';

const EntrySchema = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    tenantId: z.uuid().nullable(),
    actor: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
    action: z.string(),
    entityType: z.string().nullable(),
    entityId: z.string().nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    reason: z.string().nullable(),
    ip: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit-log',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log: the company’s for admins, everything for the super-admin',
        querystring: z.strictObject({
          action: z.string().max(100).optional(),
          entityType: z.string().max(50).optional(),
          entityId: z.string().max(100).optional(),
          actorUserId: z.uuid().optional(),
          tenantId: z.uuid().optional().describe('super-admin only'),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          before: z
            .string()
            .regex(/^\d+$/)
            .optional()
            .describe('id cursor: entries older than this'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({ entries: z.array(EntrySchema), nextBefore: z.string().nullable() }),
        },
      },
    },
    async (request) => audit.readAuditLog(app.deps, request.actor, request.query),
  );
};
