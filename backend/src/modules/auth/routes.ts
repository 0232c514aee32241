import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import type { ClientInfo, Session } from './service.js';
import * as auth from './service.js';

export const PublicUserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['super_admin', 'admin', 'manager', 'employee']),
    locale: z.enum(['de', 'en']),
    teamId: z.uuid().nullable(),
    tenant: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  })
  .meta({ id: 'PublicUser' });

export const SessionSchema = z
  .object({
    accessToken: z.string(),
    expiresIn: z.number().int().describe('Seconds until the access token expires'),
    user: PublicUserSchema,
  })
  .meta({ id: 'Session' });

const SessionInfoSchema = z
  .object({
    id: z.uuid(),
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    signedInAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime(),
    current: z.boolean(),
  })
  .meta({ id: 'SessionInfo' });

const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ error: 'must be an e-mail address' }));
/** Length rules are checked by the service (with a clear message), not by the schema. */
const Password = z.string().max(1024);

export const REFRESH_COOKIE_PATH = '/api/v1/auth';

export function refreshCookieName(config: Config): string {
  // __Secure- makes browsers refuse the cookie unless it was set over HTTPS with Secure.
  return config.isProduction ? '__Secure-tm_refresh' : 'tm_refresh';
}

function secureCookies(config: Config): boolean {
  return config.isProduction || config.frontendUrl.startsWith('https://');
}

export function clientInfo(request: FastifyRequest): ClientInfo {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : null };
}

/**
 * Cookie-authenticated requests must come from our own pages (SECURITY.md 14): the Origin is
 * FRONTEND_URL's or the very host the request was sent to.
 */
function assertSameOrigin(request: FastifyRequest, config: Config): void {
  const origin = request.headers.origin;
  if (!origin) throw new AppError('ORIGIN_NOT_ALLOWED');
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new AppError('ORIGIN_NOT_ALLOWED');
  }
  if (origin === new URL(config.frontendUrl).origin || host === request.headers.host) return;
  request.log.info({ origin }, 'cross-origin cookie request refused');
  throw new AppError('ORIGIN_NOT_ALLOWED');
}

/** The session's body; a new refresh token goes into the HttpOnly cookie, never the body. */
export function sendSession(app: FastifyInstance, reply: FastifyReply, session: Session) {
  const { config } = app;
  if (session.refreshToken) {
    reply.setCookie(refreshCookieName(config), session.refreshToken, {
      httpOnly: true,
      secure: secureCookies(config),
      sameSite: 'strict',
      path: REFRESH_COOKIE_PATH,
      maxAge: config.refreshTokenExpireDays * 86_400,
    });
  }
  return { accessToken: session.accessToken, expiresIn: session.expiresIn, user: session.user };
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config } = app;
  const cookieName = refreshCookieName(config);
  const readRefreshCookie = (request: FastifyRequest) => request.cookies[cookieName] || undefined;
  const clearCookie = (reply: FastifyReply) =>
    reply.clearCookie(cookieName, {
      path: REFRESH_COOKIE_PATH,
      secure: secureCookies(config),
      sameSite: 'strict',
      httpOnly: true,
    });

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password',
        description:
          'Sets the refresh token as an HttpOnly cookie; the access token is in the body.',
        body: z.strictObject({ email: Email, password: Password }),
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) =>
      sendSession(app, reply, await auth.login(app.deps, request.body, clientInfo(request))),
  );

  app.post(
    '/auth/refresh',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'New access token from the refresh cookie (rotates the cookie)',
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      assertSameOrigin(request, config);
      const token = readRefreshCookie(request);
      if (!token) throw new AppError('INVALID_REFRESH_TOKEN');
      try {
        return sendSession(app, reply, await auth.refresh(app.deps, token, clientInfo(request)));
      } catch (error) {
        if (error instanceof AppError && error.code === 'INVALID_REFRESH_TOKEN') clearCookie(reply);
        throw error;
      }
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign out this browser; earlier access tokens stop working',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      assertSameOrigin(request, config);
      await auth.logout(app.deps, readRefreshCookie(request), clientInfo(request));
      clearCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/logout-all',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out on every device',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await auth.logoutEverywhere(app.deps, request.actor, clientInfo(request));
      clearCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: 'Signed-in devices of the current user',
        response: { 200: z.array(SessionInfoSchema) },
      },
    },
    async (request) => auth.listSessions(app.deps, request.actor, readRefreshCookie(request)),
  );

  app.delete(
    '/auth/sessions/:id',
    {
      config: { resource: { id: 'session' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign one device out',
        params: z.strictObject({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await auth.revokeSession(app.deps, request.actor, request.params.id, clientInfo(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change the own password (ends all other sessions)',
        body: z.strictObject({ currentPassword: Password, newPassword: Password }),
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) =>
      sendSession(
        app,
        reply,
        await auth.changePassword(
          app.deps,
          request.actor,
          request.body,
          readRefreshCookie(request),
          clientInfo(request),
        ),
      ),
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: { 200: PublicUserSchema },
      },
    },
    async (request) => auth.me(app.deps, request.actor),
  );

  app.patch(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change the own name or language',
        body: z.strictObject({
          name: z.string().trim().min(1).max(200).optional(),
          locale: z.enum(['de', 'en']).optional(),
        }),
        response: { 200: PublicUserSchema },
      },
    },
    async (request) => auth.updateProfile(app.deps, request.actor, request.body),
  );
};
