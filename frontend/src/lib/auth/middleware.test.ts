import createClient from 'openapi-fetch';
import { describe, expect, it, vi } from 'vitest';
import type { paths } from '../../api/schema';
import { createAuthMiddleware } from './middleware';
import { singleFlight } from './single-flight';

const BASE = 'http://app.test';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

const unauthenticated = () =>
  json(401, { error: { code: 'UNAUTHENTICATED', message: 'expired' }, requestId: 'r1' });

interface Seen {
  url: string;
  method: string;
  authorization: string | null;
  body: string;
}

/**
 * A fake server: accepts only the token in `valid.token`, records every request, and lets the
 * test decide how the refresh goes.
 */
function setup(options: { refreshResult?: boolean; refreshDelayMs?: number } = {}) {
  const valid = { token: 'new' };
  let current: string | null = 'old';
  const seen: Seen[] = [];
  const fetch = vi.fn(async (input: Request) => {
    seen.push({
      url: new URL(input.url).pathname,
      method: input.method,
      authorization: input.headers.get('authorization'),
      body: await input.text(),
    });
    if (new URL(input.url).pathname === '/api/v1/auth/login') {
      return json(401, { error: { code: 'INVALID_CREDENTIALS', message: 'wrong' } });
    }
    return input.headers.get('authorization') === `Bearer ${valid.token}`
      ? json(200, { ok: true })
      : unauthenticated();
  });
  const refreshTask = vi.fn(async () => {
    if (options.refreshDelayMs) await new Promise((r) => setTimeout(r, options.refreshDelayMs));
    if (options.refreshResult === false) {
      current = null;
      return false;
    }
    current = 'new';
    return true;
  });
  const refresh = singleFlight(refreshTask);
  const client = createClient<paths>({ baseUrl: BASE, fetch });
  client.use(createAuthMiddleware({ getAccessToken: () => current, refresh }));
  return {
    client,
    seen,
    refreshTask,
    setToken: (t: string | null) => (current = t),
    valid,
  };
}

describe('auth middleware', () => {
  it('sends the access token as a Bearer header', async () => {
    const { client, seen, setToken } = setup();
    setToken('new');
    const { response } = await client.GET('/api/v1/me');
    expect(response.status).toBe(200);
    expect(seen[0]?.authorization).toBe('Bearer new');
  });

  it('sends no Authorization header when signed out, and does not try to refresh', async () => {
    const { client, seen, setToken, refreshTask } = setup();
    setToken(null);
    const { response } = await client.GET('/api/v1/me');
    expect(response.status).toBe(401);
    expect(seen[0]?.authorization).toBeNull();
    expect(refreshTask).not.toHaveBeenCalled();
  });

  it('on 401 UNAUTHENTICATED refreshes once and repeats the request with the new token', async () => {
    const { client, seen, refreshTask } = setup();
    const { data, response } = await client.PATCH('/api/v1/me', { body: { name: 'Anna' } });
    expect(response.status).toBe(200);
    expect(data).toEqual({ ok: true });
    expect(refreshTask).toHaveBeenCalledTimes(1);
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer old', 'Bearer new']);
    // The repeated request carries the same method and body.
    expect(seen[1]).toMatchObject({ method: 'PATCH', body: JSON.stringify({ name: 'Anna' }) });
  });

  it('shares one refresh between concurrent 401s (single-flight)', async () => {
    const { client, seen, refreshTask } = setup({ refreshDelayMs: 20 });
    const results = await Promise.all([
      client.GET('/api/v1/me'),
      client.GET('/api/v1/auth/sessions'),
      client.GET('/api/v1/teams'),
      client.GET('/api/v1/company'),
    ]);
    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200, 200]);
    expect(refreshTask).toHaveBeenCalledTimes(1);
    expect(seen.filter((s) => s.authorization === 'Bearer new')).toHaveLength(4);
  });

  it('does not refresh again when another request has already got a new token', async () => {
    const { client, refreshTask, setToken } = setup();
    // The request goes out with "old"; by the time its 401 arrives the token is "new".
    const pending = client.GET('/api/v1/me');
    setToken('new');
    const { response } = await pending;
    expect(response.status).toBe(200);
    expect(refreshTask).not.toHaveBeenCalled();
  });

  it('hands back the 401 when the refresh fails, without a retry', async () => {
    const { client, seen, refreshTask } = setup({ refreshResult: false });
    const { error, response } = await client.GET('/api/v1/me');
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect(refreshTask).toHaveBeenCalledTimes(1);
    expect(seen).toHaveLength(1);
  });

  it('retries at most once', async () => {
    const { client, seen, valid } = setup();
    valid.token = 'never-valid';
    const { response } = await client.GET('/api/v1/me');
    expect(response.status).toBe(401);
    expect(seen).toHaveLength(2);
  });

  it('leaves other 401s alone (wrong password at login)', async () => {
    const { client, refreshTask, seen } = setup();
    const { response } = await client.POST('/api/v1/auth/login', {
      body: { email: 'a@b.de', password: 'x' },
    });
    expect(response.status).toBe(401);
    expect(refreshTask).not.toHaveBeenCalled();
    expect(seen).toHaveLength(1);
  });
});
