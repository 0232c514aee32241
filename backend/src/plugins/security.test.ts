import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestDatabase } from '../../test/helpers.js';
import { buildTestApp, createTestDatabase } from '../../test/helpers.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const productionEnv = {
  APP_ENV: 'production',
  REDIS_URL: 'redis://127.0.0.1:6379/15',
  RESEND_API_KEY: 're_test',
  FRONTEND_URL: 'https://zeit.example.com',
  ALLOWED_HOSTS: 'zeit.example.com',
};

describe('response headers (SECURITY.md 19)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ database, redis: false });
  });
  afterAll(() => t.close());

  it('carry a strict CSP, nosniff, a referrer policy and no-store on the API', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/meta' });
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['strict-transport-security']).toBeUndefined(); // development over http
  });

  it('allow CORS only for FRONTEND_URL (SECURITY.md 20)', async () => {
    const allowed = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/login',
      headers: { origin: 'http://localhost:8000', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:8000');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const other = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ database, redis: false, env: productionEnv });
  });
  afterAll(() => t.close());

  it('sends HSTS', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/meta',
      headers: { host: 'zeit.example.com' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('sets the refresh cookie with the __Secure- prefix and Secure (SECURITY.md 3)', async () => {
    const { createTenant, createUser, PASSWORD } = await import('../../test/factories.js');
    const tenant = await createTenant(database.db);
    const user = await createUser(database.db, { tenantId: tenant.id });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { host: 'zeit.example.com' },
      payload: { email: user.email, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = [res.headers['set-cookie']].flat().join();
    expect(cookie).toMatch(/^__Secure-tm_refresh=[^;]+;/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
  });

  it('answers only the host names in ALLOWED_HOSTS, except for /health', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/meta',
      headers: { host: 'attacker.example' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('HOST_NOT_ALLOWED');
    const withPort = await t.app.inject({
      method: 'GET',
      url: '/api/v1/meta',
      headers: { host: 'zeit.example.com:443' },
    });
    expect(withPort.statusCode).toBe(200);
    const health = await t.app.inject({
      method: 'GET',
      url: '/health',
      headers: { host: 'localhost:8000' },
    });
    expect(health.statusCode).toBe(200);
  });
});
