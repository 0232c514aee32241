/**
 * Serves the built SPA (development and the quick start; nginx does this in production):
 * hashed assets cached for a year, index.html never cached, deep links answered with
 * index.html (see `isSpaNavigation`, used by the app's not-found handler).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const NOT_SPA_PREFIXES = ['/api/', '/assets/', '/health', '/docs', '/openapi.json'];

/** A browser navigation to a client-side route (not an API call, not a missing asset). */
export function isSpaNavigation(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  return !NOT_SPA_PREFIXES.some((prefix) => request.url.startsWith(prefix));
}

export function sendSpaIndex(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-cache').sendFile('index.html');
}

/** Registers the static files; false (and a warning) when there is no build to serve. */
export async function registerFrontend(app: FastifyInstance, root: string): Promise<boolean> {
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn({ root }, 'frontend build not found; run "npm run build"');
    return false;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    cacheControl: false, // our own policy below
    setHeaders: (res, filePath) => {
      const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
      res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/', { schema: { hide: true } }, (_request, reply) => sendSpaIndex(reply));
  return true;
}
