/**
 * buildApp(deps) → a Fastify instance with every plugin and module registered. main.ts listens;
 * tests build the same app and use `app.inject`.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import pino from 'pino';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import { loggerOptions } from './logger.js';
import { metaRoutes } from './modules/meta/routes.js';
import { healthRoutes } from './modules/health/routes.js';
import cookie from '@fastify/cookie';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Deps } from './deps.js';
import { absenceRequestRoutes } from './modules/absences/requests-routes.js';
import { absenceRoutes } from './modules/absences/routes.js';
import { caldavRoutes } from './modules/caldav/routes.js';
import { caldavPasswordKey } from './modules/caldav/secret.js';
import type { Resolver } from './integrations/outbound/http.js';
import { createOutbound } from './integrations/outbound/http.js';
import { createAddressPolicy } from './integrations/outbound/policy.js';
import { vacationRoutes } from './modules/absences/vacation-routes.js';
import { sickNoteRoutes } from './modules/absences/sick-notes-routes.js';
import { CalendarCache } from './modules/absences/calendar-view-cache.js';
import { calendarViewRoutes } from './modules/absences/calendar-view-routes.js';
import { feedRoutes } from './modules/absences/feeds-routes.js';
import { auditRoutes } from './modules/audit/routes.js';
import { AuthStateCache } from './modules/auth/auth-state.js';
import { authRoutes } from './modules/auth/routes.js';
import { invitationRoutes } from './modules/invitations/routes.js';
import { PresenceBus } from './modules/presence/bus.js';
import { SheetCache } from './modules/time/sheet-cache.js';
import { presenceRoutes } from './modules/presence/routes.js';
import { archiveRoutes } from './modules/reports/archive-routes.js';
import { reportRoutes } from './modules/reports/routes.js';
import { presenceStreamsPlugin } from './modules/presence/streams.js';
import { tenantRoutes } from './modules/tenants/routes.js';
import { timeRoutes } from './modules/time/routes.js';
import { userRoutes } from './modules/users/routes.js';
import { accessTokenKey } from './modules/auth/tokens.js';
import auth from './plugins/auth.js';
import docs from './plugins/docs.js';
import security from './plugins/security.js';
import { RateLimiter } from './rate-limit.js';
import errors, { routeNotFound, sendError } from './plugins/errors.js';
import { isSpaNavigation, registerFrontend, sendSpaIndex } from './plugins/frontend.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Db;
    /** Null in development without REDIS_URL (in-process fallbacks are used instead). */
    redis: Redis | null;
    clock: Clock;
    /** What services get: db, redis, config, clock, rate limiter, keys. */
    deps: Deps;
    /** Every route as registered (tests enumerate it for isolation and role checks). */
    routeTable: RouteEntry[];
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  public: boolean;
  resource: Record<string, string>;
  hasBody: boolean;
}

export interface AppDeps {
  config: Config;
  db: Db;
  redis: Redis | null;
  logger?: Logger;
  clock?: Clock;
  /** Name resolution for outbound calls (tests inject one; default: the system resolver). */
  resolver?: Resolver;
  /** Build the OpenAPI document even when the docs are not served (used by openapi-dump). */
  forceOpenApi?: boolean;
}

/** Largest JSON body accepted; uploads (later) set their own limit. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** The path for the access log: without the query, and without secrets paths carry. */
export function loggedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  // An iCal subscription's token is its only credential (absences/feeds.ts).
  return path.replace(/^\/api\/v1\/ical\/[^/]+$/, '/api/v1/ical/(token).ics');
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const logger: FastifyBaseLogger = deps.logger ?? pino(loggerOptions(config.logLevel));
  const app = Fastify({
    loggerInstance: logger,
    // Fastify's own two lines per request are replaced by the one access line below.
    logController: new LogController({
      disableRequestLogging: true,
      requestIdLogLabel: 'requestId',
    }),
    genReqId: () => randomUUID(),
    bodyLimit: BODY_LIMIT_BYTES,
    // Refuse prototype pollution payloads outright instead of silently stripping them.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { ignoreTrailingSlash: true },
    // request.ip comes from X-Forwarded-For only when the peer is one of these proxies.
    trustProxy: [...config.trustedProxies],
  }).withTypeProvider<ZodTypeProvider>();

  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      routeTable.push({
        method,
        url: route.url,
        public: route.config?.public === true,
        resource: route.config?.resource ?? {},
        hasBody: Boolean(route.schema?.body),
      });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', config);
  app.decorate('db', deps.db);
  app.decorate('redis', deps.redis);
  const clock = deps.clock ?? systemClock;
  app.decorate('clock', clock);
  // A second connection: a subscribed Redis client can do nothing else. One per process,
  // shared by every subscription (auth state invalidations, presence).
  const subscriber = deps.redis ? deps.redis.duplicate() : null;
  const presence = new PresenceBus(deps.redis, subscriber, app.log);
  app.addHook('onClose', async () => {
    await presence.close();
    subscriber?.disconnect();
  });
  subscriber?.on('error', () => {}); // reported by the main client; reconnects by itself
  const outbound = createOutbound({
    policy: createAddressPolicy(config.caldavAllowedCidrs),
    resolver: deps.resolver,
  });
  app.addHook('onClose', () => outbound.close());
  app.decorate('deps', {
    authStates: new AuthStateCache(deps.db, deps.redis, subscriber),
    sheets: new SheetCache(),
    calendars: new CalendarCache(),
    presence,
    db: deps.db,
    redis: deps.redis,
    config,
    clock,
    rateLimiter: new RateLimiter(deps.redis, clock),
    accessKey: accessTokenKey(config.secretKey),
    caldavKey: caldavPasswordKey(config.secretKey),
    outbound,
    log: app.log,
  } satisfies Deps);

  // One access-log line per request: id, method, path, status, duration.
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        path: loggedPath(request.url),
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    // API answers are personal data: never cached by browsers or proxies.
    if (request.url.startsWith('/api/') || request.url === '/health') {
      reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });

  await app.register(errors);
  await app.register(security);
  await app.register(cookie);
  await app.register(auth);
  await app.register(presenceStreamsPlugin);
  if (config.docsEnabled || deps.forceOpenApi) {
    await app.register(docs, { appName: config.appName, serveUi: config.docsEnabled });
  }
  await app.register(healthRoutes);
  await app.register(
    async (api) => {
      await api.register(metaRoutes);
      await api.register(authRoutes);
      await api.register(invitationRoutes);
      await api.register(tenantRoutes);
      await api.register(userRoutes);
      await api.register(auditRoutes);
      await api.register(timeRoutes);
      await api.register(presenceRoutes);
      await api.register(absenceRoutes);
      await api.register(reportRoutes);
      await api.register(archiveRoutes);
      await api.register(absenceRequestRoutes);
      await api.register(caldavRoutes);
      await api.register(vacationRoutes);
      await api.register(sickNoteRoutes);
      await api.register(calendarViewRoutes);
      await api.register(feedRoutes);
    },
    { prefix: '/api/v1' },
  );
  const servesSpa = config.serveFrontend && (await registerFrontend(app, config.frontendDist));
  app.setNotFoundHandler((request, reply) =>
    servesSpa && isSpaNavigation(request)
      ? sendSpaIndex(reply)
      : sendError(reply, request, routeNotFound(request)),
  );
  return app;
}
