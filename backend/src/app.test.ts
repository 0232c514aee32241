import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../test/helpers.js';
import { buildTestApp } from '../test/helpers.js';
import { AppError } from './errors.js';

let t: TestApp;
const logs: string[] = [];

beforeAll(async () => {
  t = await buildTestApp({ redis: false });
});
afterAll(() => t.close());

describe('error format', () => {
  it('answers unknown API routes with a JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/does-not-exist' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const body = res.json<{ error: { code: string; message: string }; requestId: string }>();
    expect(body.error.code).toBe('ROUTE_NOT_FOUND');
    expect(body.error.message).toBe('There is no endpoint GET /api/v1/does-not-exist.');
    expect(body.requestId).toBe(res.headers['x-request-id']);
  });
});

describe('route errors', () => {
  let e: TestApp;
  beforeAll(async () => {
    const { buildApp } = await import('./app.js');
    const { testConfig } = await import('../test/helpers.js');
    const pino = (await import('pino')).default;
    const { loggerOptions } = await import('./logger.js');
    // Routes that fail in each way the API can fail, on the real app, logging into `logs`.
    const logger = pino(loggerOptions('info'), { write: (line: string) => void logs.push(line) });
    const app = await buildApp({
      config: testConfig({ DATABASE_URL: t.database.url }),
      db: t.database.db,
      redis: null,
      logger,
    });
    app.post(
      '/api/v1/test/things',
      {
        config: { public: true },
        schema: {
          body: z.strictObject({ name: z.string().min(1), hours: z.number().max(24) }),
        },
      },
      () => ({ ok: true }),
    );
    app.get('/api/v1/test/conflict', { config: { public: true } }, () => {
      throw new AppError('CONFLICT', 'Already clocked in.', { since: '08:12' });
    });
    app.get('/api/v1/test/crash', { config: { public: true } }, () => {
      throw new Error('SELECT * FROM secret_table failed at db.ts:42');
    });
    await app.ready();
    e = { ...t, app, close: () => app.close() };
  });
  afterAll(() => e.close());

  it('turns schema violations into 400 with the offending fields', async () => {
    const res = await e.app.inject({
      method: 'POST',
      url: '/api/v1/test/things',
      payload: { name: '', hours: 25 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; details: { fields: { field: string }[] } } }>();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.fields.map((f) => f.field).sort()).toEqual([
      'body.hours',
      'body.name',
    ]);
  });

  it('refuses unknown properties (no mass assignment)', async () => {
    const res = await e.app.inject({
      method: 'POST',
      url: '/api/v1/test/things',
      payload: { name: 'x', hours: 1, tenantId: 'other' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses __proto__ payloads', async () => {
    const res = await e.app.inject({
      method: 'POST',
      url: '/api/v1/test/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":"x","hours":1,"__proto__":{"admin":true}}',
    });
    expect(res.statusCode).toBe(400);
  });

  it('answers broken JSON with INVALID_JSON', async () => {
    const res = await e.app.inject({
      method: 'POST',
      url: '/api/v1/test/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('INVALID_JSON');
  });

  it('answers bodies over the limit with 413', async () => {
    const res = await e.app.inject({
      method: 'POST',
      url: '/api/v1/test/things',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), hours: 1 }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('maps AppError codes to their status with details', async () => {
    const res = await e.app.inject({ method: 'GET', url: '/api/v1/test/conflict' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      error: { code: 'CONFLICT', message: 'Already clocked in.', details: { since: '08:12' } },
    });
  });

  it('hides internals of 5xx from the client but logs them with the request id', async () => {
    const res = await e.app.inject({ method: 'GET', url: '/api/v1/test/crash' });
    expect(res.statusCode).toBe(500);
    const body = res.json<{ error: { code: string; message: string }; requestId: string }>();
    expect(body.error).toEqual({
      code: 'INTERNAL_ERROR',
      message: 'Something went wrong on our side. Please try again later.',
    });
    expect(res.body).not.toMatch(/secret_table|db\.ts|at /);
    const logged = logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const errorLine = logged.find((l) => l.msg === 'unhandled error');
    expect(errorLine?.requestId).toBe(body.requestId);
    expect(JSON.stringify(errorLine)).toContain('secret_table');
  });

  it('logs one access line per request and redacts credentials', async () => {
    logs.length = 0;
    await e.app.inject({
      method: 'GET',
      url: '/health?x=1',
      headers: { authorization: 'Bearer abc.def.ghi', cookie: 'refresh=topsecret' },
    });
    const access = logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'request');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ method: 'GET', path: '/health', status: 200 });
    expect(typeof access[0]?.durationMs).toBe('number');
    expect(typeof access[0]?.requestId).toBe('string');
    expect(access[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(logs.join('\n')).not.toMatch(/abc\.def\.ghi|topsecret/);
  });
});

describe('OpenAPI', () => {
  it('serves a valid OpenAPI 3 document at /openapi.json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/api/v1/meta']));
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('serves Swagger UI at /docs in development', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });

  it('is off in production unless DOCS_ENABLED=true', async () => {
    const prodLike = await buildTestApp({
      redis: false,
      database: t.database,
      env: { DOCS_ENABLED: 'false' },
    });
    expect((await prodLike.app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(
      404,
    );
    expect((await prodLike.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(404);
    await prodLike.close();
  });
});

describe('SPA serving (development and quick start)', () => {
  let spa: TestApp;
  beforeAll(async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'tm-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>TimeMaster</title>');
    writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
    spa = await buildTestApp({
      redis: false,
      database: t.database,
      env: { SERVE_FRONTEND: 'true', FRONTEND_DIST: dist },
    });
  });
  afterAll(() => spa.close());

  it('serves index.html at / and for deep links, never cached', async () => {
    for (const url of ['/', '/status', '/zeiten/2026/11']) {
      const res = await spa.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<title>TimeMaster</title>');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a long cache lifetime', async () => {
    const res = await spa.app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('keeps API 404s and missing assets as JSON 404s', async () => {
    for (const url of ['/api/v1/nope', '/assets/missing.js']) {
      const res = await spa.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('ROUTE_NOT_FOUND');
    }
  });
});
