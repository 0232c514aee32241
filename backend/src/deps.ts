/**
 * The infrastructure services need, passed explicitly (no container): one object per process,
 * built in buildApp and decorated on the Fastify instance as `app.deps`.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import type { AuthStateCache } from './modules/auth/auth-state.js';
import type { RateLimiter } from './rate-limit.js';

export interface Deps {
  db: Db;
  redis: Redis | null;
  config: Config;
  clock: Clock;
  rateLimiter: RateLimiter;
  /** Per-user sign-in state and profile, cached (see auth-state.ts). */
  authStates: AuthStateCache;
  /** HS256 key for access tokens, derived from SECRET_KEY once. */
  accessKey: Uint8Array;
  log: FastifyBaseLogger;
}
