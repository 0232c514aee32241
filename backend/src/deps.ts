/**
 * The infrastructure services need, passed explicitly (no container): one object per process,
 * built in buildApp and decorated on the Fastify instance as `app.deps`.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import type { Outbound } from './integrations/outbound/http.js';
import type { CalendarCache } from './modules/absences/calendar-view-cache.js';
import type { AuthStateCache } from './modules/auth/auth-state.js';
import type { PresenceBus } from './modules/presence/bus.js';
import type { SheetCache } from './modules/time/sheet-cache.js';
import type { RateLimiter } from './rate-limit.js';

export interface Deps {
  db: Db;
  redis: Redis | null;
  config: Config;
  clock: Clock;
  rateLimiter: RateLimiter;
  /** Per-user sign-in state and profile, cached (see auth-state.ts). */
  authStates: AuthStateCache;
  /** Announces clock state changes to every worker's live presence streams. */
  presence: PresenceBus;
  /** Computed timesheets under their inputs' versions (see sheet-cache.ts). */
  sheets: SheetCache;
  /** Team calendar months under a fingerprint of their inputs (calendar-view-cache.ts). */
  calendars: CalendarCache;
  /** HS256 key for access tokens, derived from SECRET_KEY once. */
  accessKey: Uint8Array;
  /** AES-256-GCM key for stored CalDAV passwords, derived from SECRET_KEY once. */
  caldavKey: Buffer;
  /** HTTP to user-supplied URLs (CalDAV), behind the SSRF policy with CALDAV_ALLOWED_CIDRS. */
  outbound: Outbound;
  log: FastifyBaseLogger;
}
