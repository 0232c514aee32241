/**
 * Authentication for every route under /api/v1 unless the route says `config: { public: true }`:
 * fail closed, so a new route is protected without anyone remembering to protect it.
 * Sets `request.actor`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';
import { sessionProblem } from '../modules/auth/auth-state.js';
import type { Actor } from '../modules/auth/permissions.js';
import type { AccessClaims } from '../modules/auth/tokens.js';
import { accessTokenKey, verifyAccessToken } from '../modules/auth/tokens.js';
import { VerifiedTokenCache } from './verified-tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user; set on every non-public /api/v1 route. */
    actor: Actor;
    /** The verified access token behind `actor` (long-lived streams end when it expires). */
    accessClaims: AccessClaims;
  }
  interface FastifyContextConfig {
    /** No sign-in needed (login, refresh, invitation, password reset, meta). */
    public?: boolean;
    /**
     * Which kind of record each path parameter names (`{ id: 'user' }`). The tenant-isolation
     * test reads it to try every route with another company's ids.
     */
    resource?: Record<string, string>;
  }
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  return match?.[1] ?? null;
}

export default fp(
  async (app: FastifyInstance) => {
    const key = accessTokenKey(app.config.secretKey);
    const verified = new VerifiedTokenCache();
    app.decorateRequest('actor', null as unknown as Actor);
    app.decorateRequest('accessClaims', null as unknown as AccessClaims);

    app.addHook('onRequest', async (request) => {
      if (!request.url.startsWith('/api/')) return;
      if (request.routeOptions.config.public) return;
      // Unknown routes fall through to the 404 handler; nothing to protect there.
      if (!request.routeOptions.url) return;

      const token = bearerToken(request);
      if (!token) throw new AppError('UNAUTHENTICATED');
      const now = app.clock();
      let claims = verified.get(token, now);
      if (!claims) {
        claims = (await verifyAccessToken(key, token, now)) ?? undefined;
        if (claims) verified.set(token, claims, claims.expiresAtMs);
      }
      if (!claims) {
        request.log.info({ reason: 'invalid_token' }, 'authentication failed');
        throw new AppError('UNAUTHENTICATED', 'Your session has expired. Please sign in again.');
      }
      const state = await app.deps.authStates.get(claims.userId);
      const problem = sessionProblem(state, claims.issuedAtMs);
      if (problem || !state) {
        request.log.info({ reason: problem, userId: claims.userId }, 'authentication failed');
        throw new AppError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');
      }
      request.actor = { userId: claims.userId, tenantId: state.tenantId, role: state.role };
      request.accessClaims = claims;
    });
  },
  { name: 'auth', dependencies: ['errors'] },
);
