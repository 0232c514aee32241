import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../logger.js';
import { PASSWORD, createTenant, createUser } from '../../../test/factories.js';
import type { TestApp, TestDatabase } from '../../../test/helpers.js';
import {
  buildTestApp,
  createTestDatabase,
  manualClock,
  testRedisUrl,
} from '../../../test/helpers.js';
import { REFRESH_GRACE_MS } from './service.js';

const ORIGIN = 'http://localhost:8000';
let database: TestDatabase;
const logs: string[] = [];
// Ahead of the database's now(), which stamps tokens_valid_after of new users: tokens the app
// issues must be newer than that for every user the file creates. Five seconds were not enough
// on a loaded machine (a user made 6 s into the run had its fresh token refused).
const clock = manualClock(new Date(Date.now() + 10 * 60_000));
let t: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  t = await buildTestApp({
    database,
    clock,
    logger: pino(loggerOptions('info'), { write: (line: string) => void logs.push(line) }),
  });
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

interface LoginResult {
  status: number;
  body: Record<string, unknown>;
  accessToken: string;
  cookie: string | undefined;
  setCookie: string | undefined;
}

async function login(email: string, password = PASSWORD, ip = '127.0.0.1'): Promise<LoginResult> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });
  const setCookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('tm_refresh='));
  const body = res.json<Record<string, unknown>>();
  return {
    status: res.statusCode,
    body,
    accessToken: body.accessToken as string,
    cookie: setCookie?.split(';')[0],
    setCookie,
  };
}

function refresh(cookie: string | undefined, origin: string | null = ORIGIN) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/refresh',
    headers: { ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) },
  });
}

function me(accessToken: string) {
  return t.app.inject({
    method: 'GET',
    url: '/api/v1/me',
    headers: { authorization: `Bearer ${accessToken}` },
  });
}

async function newUser(values: Partial<Parameters<typeof createUser>[1]> = {}) {
  const tenant = await createTenant(database.db);
  return createUser(database.db, { tenantId: tenant.id, role: 'employee', ...values });
}

describe('POST /api/v1/auth/login', () => {
  it('answers with an access token and sets the refresh token as a strict HttpOnly cookie', async () => {
    const user = await newUser({ name: 'Anna Schmidt' });
    const result = await login(user.email);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      expiresIn: 30 * 60,
      user: { id: user.id, email: user.email, name: 'Anna Schmidt', role: 'employee' },
    });
    expect(Object.keys(result.body).sort()).toEqual(['accessToken', 'expiresIn', 'user']);
    expect(result.setCookie).toMatch(/HttpOnly/);
    expect(result.setCookie).toMatch(/SameSite=Strict/);
    expect(result.setCookie).toMatch(/Path=\/api\/v1\/auth/);
    expect(result.setCookie).toMatch(/Max-Age=2592000/);
    expect(JSON.stringify(result.body)).not.toContain(result.cookie!.split('=')[1]);
    expect((await me(result.accessToken)).json()).toMatchObject({ id: user.id });
  });

  it('answers unknown e-mail and wrong password alike, in similar time (SECURITY.md 7)', async () => {
    const user = await newUser();
    const timings = { unknown: [] as number[], wrong: [] as number[] };
    let unknownBody: unknown;
    let wrongBody: unknown;
    for (let i = 0; i < 3; i++) {
      let started = performance.now();
      const unknown = await login('nobody-here@example.com', PASSWORD, `10.0.1.${i}`);
      timings.unknown.push(performance.now() - started);
      started = performance.now();
      const wrong = await login(user.email, 'wrong-password-123', `10.0.2.${i}`);
      timings.wrong.push(performance.now() - started);
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      unknownBody = (unknown.body as { error: unknown }).error;
      wrongBody = (wrong.body as { error: unknown }).error;
    }
    expect(unknownBody).toEqual(wrongBody);
    expect(unknownBody).toEqual({
      code: 'INVALID_CREDENTIALS',
      message: 'E-mail address or password is wrong.',
    });
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
    const ratio = median(timings.unknown) / median(timings.wrong);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('finds the account regardless of e-mail case and surrounding spaces', async () => {
    const user = await newUser({ email: `Mixed.Case-${Date.now()}@Example.com` });
    expect((await login(`  ${user.email.toUpperCase()} `)).status).toBe(200);
  });

  it('refuses deactivated accounts and companies after a correct password', async () => {
    const disabled = await newUser({ status: 'disabled' });
    expect((await login(disabled.email)).body).toMatchObject({
      error: { code: 'ACCOUNT_DISABLED' },
    });
    const tenant = await createTenant(database.db, { status: 'disabled' });
    const inDisabledTenant = await createUser(database.db, { tenantId: tenant.id });
    expect((await login(inDisabledTenant.email)).status).toBe(403);
  });

  it('refuses invited users who have not set a password', async () => {
    const invited = await newUser({ status: 'invited' });
    expect((await login(invited.email)).status).toBe(401);
  });

  it('is rate limited per account, with Retry-After', async () => {
    const user = await newUser();
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 12; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: 'wrong-password-123' },
        remoteAddress: `10.1.0.${i}`,
      });
      statuses.push(res.statusCode);
      retryAfter ??= res.headers['retry-after']?.toString();
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Even the right password waits until the window is over.
    expect((await login(user.email, PASSWORD, '10.1.1.1')).status).toBe(429);
  });

  it('is rate limited per client IP across accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      statuses.push((await login(`someone-${i}@example.com`, 'x-wrong-pass', '10.2.0.1')).status);
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });

  it('takes the client IP from X-Forwarded-For only when the peer is a trusted proxy', async () => {
    // 127.0.0.1 is the default TRUSTED_PROXIES: the forwarded address counts …
    for (let i = 0; i < 31; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `fwd-${i}@example.com`, password: 'x-wrong-pass' },
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
    }
    const viaProxy = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'fwd-x@example.com', password: 'x-wrong-pass' },
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.8' },
    });
    expect(viaProxy.statusCode).toBe(401); // another client behind the proxy is not limited
    // … but from an untrusted peer the header is ignored: its own address is limited.
    const spoofed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'fwd-y@example.com', password: 'x-wrong-pass' },
      remoteAddress: '10.2.0.1',
      headers: { 'x-forwarded-for': '198.51.100.1' },
    });
    expect(spoofed.statusCode).toBe(429);
  });
});

describe('GET /api/v1/me and access tokens', () => {
  it('needs a valid bearer token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await me('not-a-jwt')).statusCode).toBe(401);
    const user = await newUser();
    const { accessToken } = await login(user.email);
    const [header, payload] = accessToken.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    forged.role = 'super_admin';
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${accessToken.split('.')[2]}`;
    expect((await me(tampered)).statusCode).toBe(401);
  });

  it('expires with ACCESS_TOKEN_EXPIRE_MINUTES', async () => {
    const user = await newUser();
    const { accessToken } = await login(user.email);
    clock.advance(31 * 60_000);
    try {
      const res = await me(accessToken);
      expect(res.statusCode).toBe(401);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('UNAUTHENTICATED');
    } finally {
      clock.advance(-31 * 60_000);
    }
  });

  it('stops working when the user is deactivated', async () => {
    const user = await newUser();
    const { accessToken } = await login(user.email);
    await database.db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', user.id)
      .execute();
    await t.app.deps.authStates.forget([user.id]);
    expect((await me(accessToken)).statusCode).toBe(401);
  });

  it('lets users change their own name and language, nothing else', async () => {
    const user = await newUser();
    const { accessToken } = await login(user.email);
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${accessToken}` },
      payload: { name: 'Neuer Name', locale: 'en' },
    });
    expect(res.json()).toMatchObject({ name: 'Neuer Name', locale: 'en', role: 'employee' });
    const escalate = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${accessToken}` },
      payload: { role: 'admin' },
    });
    expect(escalate.statusCode).toBe(400);
  });
});

describe('POST /api/v1/auth/refresh (rotation, SECURITY.md 3–4)', () => {
  it('rotates the refresh token and issues a new access token', async () => {
    const user = await newUser();
    const first = await login(user.email);
    const res = await refresh(first.cookie);
    expect(res.statusCode).toBe(200);
    const next = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('tm_refresh='))!;
    expect(next.split(';')[0]).not.toBe(first.cookie);
    expect(res.json<{ user: { id: string } }>().user.id).toBe(user.id);
  });

  it('lets a parallel refresh from the same browser pass within the grace period', async () => {
    const user = await newUser();
    const { cookie } = await login(user.email);
    const [a, b] = await Promise.all([refresh(cookie), refresh(cookie)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    // Exactly one of them hands out the successor cookie.
    const cookies = [a, b].map((r) =>
      [r.headers['set-cookie']].flat().filter((c) => c?.startsWith('tm_refresh=')),
    );
    expect(cookies.map((c) => c.length).sort()).toEqual([0, 1]);
  });

  it('revokes the whole family when a rotated token comes back later, and logs it', async () => {
    const user = await newUser();
    const { cookie: stolen } = await login(user.email);
    const rotated = await refresh(stolen);
    const successor = [rotated.headers['set-cookie']]
      .flat()
      .find((c) => c?.startsWith('tm_refresh='))!
      .split(';')[0];

    clock.advance(REFRESH_GRACE_MS + 1_000);
    const replay = await refresh(stolen);
    expect(replay.statusCode).toBe(401);
    expect(replay.json<{ error: { code: string } }>().error.code).toBe('INVALID_REFRESH_TOKEN');
    // The legitimate successor dies with the family.
    expect((await refresh(successor)).statusCode).toBe(401);

    const events = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_user_id', '=', user.id)
      .where('action', '=', 'auth.token_reuse')
      .execute();
    expect(events).toHaveLength(1);
    expect(logs.some((l) => l.includes('"event":"refresh_token_reuse"'))).toBe(true);
  });

  it('checks the Origin of this cookie-authenticated request (SECURITY.md 14)', async () => {
    const user = await newUser();
    const { cookie } = await login(user.email);
    expect((await refresh(cookie, null)).statusCode).toBe(403);
    expect((await refresh(cookie, 'https://evil.example')).statusCode).toBe(403);
    expect((await refresh(cookie, ORIGIN)).statusCode).toBe(200);
  });

  it('refuses a missing, unknown or expired token', async () => {
    expect((await refresh(undefined)).statusCode).toBe(401);
    expect((await refresh('tm_refresh=made-up')).statusCode).toBe(401);
    const user = await newUser();
    const { cookie } = await login(user.email);
    clock.advance(31 * 86_400_000);
    try {
      expect((await refresh(cookie)).statusCode).toBe(401);
    } finally {
      clock.advance(-31 * 86_400_000);
    }
  });
});

describe('logout, sessions and password change (SECURITY.md 5)', () => {
  it('logout ends the session and cuts off earlier access tokens', async () => {
    const user = await newUser();
    const { accessToken, cookie } = await login(user.email);
    clock.advance(1);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: cookie!, origin: ORIGIN },
    });
    expect(res.statusCode).toBe(204);
    expect([res.headers['set-cookie']].flat().join()).toMatch(/tm_refresh=;/);
    expect((await me(accessToken)).statusCode).toBe(401);
    expect((await refresh(cookie)).statusCode).toBe(401);
    clock.advance(1);
    // A new sign-in works normally.
    const again = await login(user.email);
    expect((await me(again.accessToken)).statusCode).toBe(200);
  });

  it('lists the signed-in devices and signs one out', async () => {
    const user = await newUser();
    const phone = await login(user.email);
    const desktop = await login(user.email);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/sessions',
      headers: { authorization: `Bearer ${desktop.accessToken}`, cookie: desktop.cookie! },
    });
    const sessions = list.json<{ id: string; current: boolean }[]>();
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const phoneSession = sessions.find((s) => !s.current)!;
    clock.advance(1);
    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${phoneSession.id}`,
      headers: { authorization: `Bearer ${desktop.accessToken}` },
    });
    expect(revoked.statusCode).toBe(204);
    expect((await refresh(phone.cookie)).statusCode).toBe(401);
    expect((await refresh(desktop.cookie)).statusCode).toBe(200);
  });

  it('password change needs the current password, refuses weak ones and ends other sessions', async () => {
    const user = await newUser();
    const other = await login(user.email);
    const current = await login(user.email);
    const change = (body: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { authorization: `Bearer ${current.accessToken}`, cookie: current.cookie! },
        payload: body,
      });
    expect(
      (await change({ currentPassword: 'wrong-one-123', newPassword: 'ein-neues-passwort' }))
        .statusCode,
    ).toBe(401);
    const weak = await change({ currentPassword: PASSWORD, newPassword: 'passwort123' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json<{ error: { code: string } }>().error.code).toBe('WEAK_PASSWORD');

    clock.advance(1);
    const ok = await change({ currentPassword: PASSWORD, newPassword: 'ein-neues-passwort' });
    expect(ok.statusCode).toBe(200);
    const fresh = ok.json<{ accessToken: string }>().accessToken;
    expect((await me(current.accessToken)).statusCode).toBe(401);
    expect((await me(other.accessToken)).statusCode).toBe(401);
    expect((await refresh(other.cookie)).statusCode).toBe(401);
    expect((await refresh(current.cookie)).statusCode).toBe(200);
    clock.advance(1);
    expect((await me(fresh)).statusCode).toBe(200);
    expect((await login(user.email, 'ein-neues-passwort')).status).toBe(200);
  });
});

describe('logs (SECURITY.md 21)', () => {
  it('never contain passwords, tokens or cookies', async () => {
    const user = await newUser();
    const session = await login(user.email);
    await refresh(session.cookie);
    await login(user.email, 'wrong-password-xyz', '10.9.9.9');
    const text = logs.join('\n');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('wrong-password-xyz');
    expect(text).not.toContain(session.accessToken);
    expect(text).not.toContain(session.cookie!.split('=')[1]);
    expect(text).toContain('"event":"login_failed"');
  });
});

describe.runIf(testRedisUrl())('with Redis down', () => {
  it('still signs in, and falls back to a per-process rate limit', async () => {
    const { createRedis } = await import('../../redis.js');
    const { buildApp } = await import('../../app.js');
    const { testConfig } = await import('../../../test/helpers.js');
    const deadRedis = createRedis('redis://127.0.0.1:1');
    const app = await buildApp({
      config: testConfig({ DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:1' }),
      db: database.db,
      redis: deadRedis,
    });
    const user = await newUser();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: i === 0 ? PASSWORD : 'wrong-password-1' },
        remoteAddress: `10.5.0.${i}`,
      });
      statuses.push(res.statusCode);
      if (i === 0) {
        const token = res.json<{ accessToken: string }>().accessToken;
        const profile = await app.inject({
          method: 'GET',
          url: '/api/v1/me',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(profile.statusCode).toBe(200);
      }
    }
    expect(statuses[0]).toBe(200);
    expect(statuses.at(-1)).toBe(429);
    await app.close();
    deadRedis.disconnect();
  });
});

describe.runIf(testRedisUrl())('the auth state cache across workers', () => {
  it('drops a user everywhere at once when another worker changes them', async () => {
    const redisKeyPrefix = `test:workers-${Date.now()}:`;
    const workerA = await buildTestApp({ database, clock, redisKeyPrefix });
    const workerB = await buildTestApp({ database, clock, redisKeyPrefix });
    try {
      const user = await newUser();
      const { accessToken } = await login(user.email);
      const meOnA = () =>
        workerA.app
          .inject({
            method: 'GET',
            url: '/api/v1/me',
            headers: { authorization: `Bearer ${accessToken}` },
          })
          .then((r) => r.statusCode);
      // Give A time to subscribe to invalidations; then its local cache holds the user.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await meOnA()).toBe(200);
      expect(await meOnA()).toBe(200);

      await database.db
        .updateTable('users')
        .set({ status: 'disabled' })
        .where('id', '=', user.id)
        .execute();
      await workerB.app.deps.authStates.forget([user.id]); // B made the change
      await expect.poll(meOnA, { timeout: 1_000, interval: 20 }).toBe(401);
    } finally {
      await workerA.close();
      await workerB.close();
    }
  });
});

describe.runIf(testRedisUrl())('rate limits across workers (SECURITY.md 6)', () => {
  it('count sign-in attempts together in Redis', async () => {
    const redisKeyPrefix = `test:limits-${Date.now()}:`;
    const workers = [
      await buildTestApp({ database, clock, redisKeyPrefix }),
      await buildTestApp({ database, clock, redisKeyPrefix }),
    ];
    try {
      const user = await newUser();
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await workers[i % 2]!.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: user.email, password: 'wrong-password-123' },
          remoteAddress: `10.7.0.${i}`,
        });
        statuses.push(res.statusCode);
      }
      // 10 per account in total, not 10 per worker.
      expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });
});
