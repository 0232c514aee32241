import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createDb } from '../../db/index.js';
import { createRedis } from '../../redis.js';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import {
  buildTestApp,
  createTestDatabase,
  testConfig,
  testRedisUrl,
} from '../../../test/helpers.js';

// Nothing listens on port 1: connections are refused at once.
const DEAD_PG = 'postgresql://postgres@127.0.0.1:1/none';
const DEAD_REDIS = 'redis://127.0.0.1:1';

describe('GET /health', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it.runIf(testRedisUrl())('is ok with PostgreSQL and Redis up', async () => {
    const t = await buildTestApp({ database });
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
    expect(res.headers['cache-control']).toBe('no-store');
    await t.close();
  });

  it('reports Redis as disabled in development without REDIS_URL', async () => {
    const t = await buildTestApp({ database, redis: false });
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'ok', redis: 'disabled' });
    await t.close();
  });

  it('answers 503 with database "error" when PostgreSQL is down', async () => {
    const config = testConfig({ DATABASE_URL: DEAD_PG });
    const db = createDb(DEAD_PG);
    const app = await buildApp({ config, db, redis: null });
    const started = Date.now();
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'error', database: 'error', redis: 'disabled' });
    await app.close();
    await db.destroy();
  });

  it('stays 200 but degraded when Redis is down, within the probe timeout', async () => {
    const redis = createRedis(DEAD_REDIS);
    const config = testConfig({ DATABASE_URL: database.url, REDIS_URL: DEAD_REDIS });
    const app = await buildApp({ config, db: database.db, redis });
    const started = Date.now();
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'degraded', database: 'ok', redis: 'error' });
    await app.close();
    redis.disconnect();
  });

  it('needs no authentication and reveals nothing else', async () => {
    const t: TestApp = await buildTestApp({ database, redis: false });
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(Object.keys(res.json<object>()).sort()).toEqual(['database', 'redis', 'status']);
    await t.close();
  });
});
