/**
 * Response headers and request origin rules (SECURITY.md 19, 20): CSP and friends through
 * helmet, HSTS in production, CORS only for FRONTEND_URL, and in production only the host
 * names in ALLOWED_HOSTS (DNS rebinding, host header injection).
 */
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';
import { AppError } from '../errors.js';

function hostName(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  // "[::1]:8000" → "[::1]", "zeit.example.com:443" → "zeit.example.com"
  return hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : (hostHeader.split(':')[0] ?? '');
}

export default fp(
  async (app: FastifyInstance) => {
    const { config } = app;
    // helmet's middleware, made once. (@fastify/helmet made it anew for every request, parsing the
    // CSP each time: a quarter of the server's time for a remembered GET such as /me.)
    const setSecurityHeaders = helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Mantine sets style attributes from React; no inline <script> is ever needed.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
        },
      },
      strictTransportSecurity: config.isProduction
        ? { maxAge: 31_536_000, includeSubDomains: true }
        : false,
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      crossOriginEmbedderPolicy: false,
    });
    app.addHook('onRequest', (request, reply, done) => {
      // helmet passes on only what its header functions threw: Errors.
      setSecurityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined));
    });
    await app.register(cors, {
      origin: [new URL(config.frontendUrl).origin],
      credentials: true,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    });
    if (config.isProduction) {
      const allowed = new Set(config.allowedHosts.map((h) => h.toLowerCase()));
      app.addHook('onRequest', async (request) => {
        // Local health probes (curl localhost:8000/health, load balancers) carry other names.
        if (request.url === '/health') return;
        if (!allowed.has(hostName(request.headers.host).toLowerCase())) {
          request.log.info({ host: request.headers.host }, 'host not allowed');
          throw new AppError('HOST_NOT_ALLOWED');
        }
      });
    }
  },
  { name: 'security', dependencies: ['errors'] },
);
