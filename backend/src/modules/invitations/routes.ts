import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientInfo, sendSession, SessionSchema } from '../auth/routes.js';
import * as links from './service.js';

// Tokens travel in request bodies, never in URLs: paths end up in access logs.
const Token = z.string().min(20).max(200);

export const invitationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;

  app.post(
    '/invitations/preview',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'What an invitation link is for (company, e-mail, name)',
        body: z.strictObject({ token: Token }),
        response: {
          200: z
            .object({
              email: z.string(),
              name: z.string(),
              companyName: z.string(),
              expiresAt: z.iso.datetime(),
            })
            .meta({ id: 'InvitationPreview' }),
        },
      },
    },
    async (request) => links.previewInvitation(deps, request.body.token, clientInfo(request)),
  );

  app.post(
    '/invitations/accept',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Accept an invitation: set name and password, then signed in',
        body: z.strictObject({
          token: Token,
          name: z.string().trim().min(1).max(200),
          password: z.string().max(1024),
        }),
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) =>
      sendSession(
        app,
        reply,
        await links.acceptInvitation(deps, request.body, clientInfo(request)),
      ),
  );

  app.post(
    '/auth/password-reset/request',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Mail a password-reset link (same answer for every address)',
        body: z.strictObject({ email: z.string().trim().max(254) }),
        response: { 202: z.null() },
      },
    },
    async (request, reply) => {
      await links.requestPasswordReset(deps, request.body.email, clientInfo(request));
      return reply.code(202).send(null);
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with a reset link (ends every session)',
        body: z.strictObject({ token: Token, password: z.string().max(1024) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await links.confirmPasswordReset(deps, request.body, clientInfo(request));
      return reply.code(204).send(null);
    },
  );
};
