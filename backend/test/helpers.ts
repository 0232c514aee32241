/** Test building blocks: a fresh database per test file, config, and the app under test. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Clock } from '../src/clock.js';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../src/app.js';
import type { Config } from '../src/config.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/db/index.js';
import { createDb } from '../src/db/index.js';
import type { Resolver } from '../src/integrations/outbound/http.js';
import { createRedis } from '../src/redis.js';

export const TEST_SECRET = 'test-secret-key-0123456789abcdef0123456789';

export function databaseUrl(database: string): string {
  const u = new URL(inject('pgAdminUrl'));
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** A database of its own, cloned from the migrated template (or empty, for migration tests). */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `${inject('pgTestPrefix')}${randomBytes(4).toString('hex')}`;
  await admin((c) =>
    c.query(
      options.empty
        ? `CREATE DATABASE ${name}`
        : `CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`,
    ),
  );
  const url = databaseUrl(name);
  const db = createDb(url, { max: 5 });
  return {
    name,
    url,
    db,
    drop: async () => {
      await db.destroy();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** A development config pointing at the given database; overrides use the env variable names. */
export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    APP_ENV: 'development',
    SECRET_KEY: TEST_SECRET,
    LOG_LEVEL: 'silent',
    SERVE_FRONTEND: 'false',
    EMBEDDED_PG_DIR: undefined,
    ...overrides,
  });
}

export function testRedisUrl(): string | undefined {
  return inject('redisUrl') || undefined;
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  redis: Redis | null;
  close(): Promise<void>;
}

/** The real app on a fresh database (and the test Redis when one is configured). */
export async function buildTestApp(
  options: {
    env?: Record<string, string | undefined>;
    redis?: boolean;
    database?: TestDatabase;
    clock?: Clock;
    logger?: Logger;
    /** Apps given the same prefix share Redis keys, like the workers of one installation. */
    redisKeyPrefix?: string;
    /** Name resolution for outbound (CalDAV) calls. */
    resolver?: Resolver;
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const redisUrl = options.redis === false ? undefined : testRedisUrl();
  const config = testConfig({ DATABASE_URL: database.url, REDIS_URL: redisUrl, ...options.env });
  // Each app gets its own key space, so rate-limit counters never leak between tests.
  const redis = config.redisUrl
    ? createRedis(config.redisUrl, undefined, {
        keyPrefix: options.redisKeyPrefix ?? `test:${randomBytes(4).toString('hex')}:`,
      })
    : null;
  const app = await buildApp({
    config,
    db: database.db,
    redis,
    clock: options.clock,
    logger: options.logger,
    resolver: options.resolver,
  });
  await app.ready();
  return {
    app,
    database,
    redis,
    close: async () => {
      await app.close();
      await redis?.quit();
      if (!options.database) await database.drop();
    },
  };
}

/** A clock that stands still until moved: `clock.advance(ms)` or `clock.set(instant)`. */
export function manualClock(
  start = new Date(),
): Clock & { advance(ms: number): void; set(instant: Date): void } {
  let now = start.getTime();
  const clock = () => new Date(now);
  clock.advance = (ms: number) => {
    now += ms;
  };
  clock.set = (instant: Date) => {
    now = instant.getTime();
  };
  return clock;
}
