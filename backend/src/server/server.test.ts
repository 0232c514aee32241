import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../test/helpers.js';
import { TEST_SECRET, buildTestApp, createTestDatabase, testRedisUrl } from '../../test/helpers.js';
import type { Server } from '../../test/process.js';
import { logRecords, startServer } from '../../test/process.js';
import { headMigration } from '../db/migrator.js';
import { closeGracefully } from './http-worker.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** One request on a fresh connection (no keep-alive), so a refused connection shows up. */
function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    // Generous: the machine is shared with the rest of the suite; a slow answer is not a refusal.
    req.setTimeout(20_000, () => req.destroy(new Error('timeout')));
  });
}

describe('graceful close of an HTTP worker', () => {
  it('finishes in-flight requests, then refuses new connections', async () => {
    const t = await buildTestApp({ redis: false });
    t.app.server.keepAliveTimeout = 60_000;
    await t.app.close(); // buildTestApp made it ready; build a fresh one we can add a route to
    const { buildApp } = await import('../app.js');
    const app = await buildApp({ config: t.app.config, db: t.database.db, redis: null });
    app.get('/slow', async () => {
      await new Promise((r) => setTimeout(r, 700));
      return { done: true };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as net.AddressInfo;

    const inFlight = get(port, '/slow');
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const closing = closeGracefully(app, 5_000);
    await new Promise((r) => setTimeout(r, 50));
    await expect(get(port, '/health')).rejects.toThrow(/ECONNREFUSED/);

    expect(await inFlight).toEqual({ status: 200, body: '{"done":true}' });
    await closing;
    expect(Date.now() - started).toBeLessThan(2_000);
    await t.database.drop();
  });
});

describe('production start-up refusals', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
  });
  afterAll(() => database.drop());

  it('exits non-zero with a one-line reason for the placeholder SECRET_KEY', async () => {
    const server = startServer({
      APP_ENV: 'production',
      SECRET_KEY: 'change-me-in-production',
      DATABASE_URL: database.url,
      REDIS_URL: 'redis://127.0.0.1:6379/15',
      RESEND_API_KEY: 're_test_key',
    });
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.lines).toEqual([
      'timemaster: cannot start: Invalid configuration: SECRET_KEY is the placeholder "change-me-in-production" (generate one: openssl rand -hex 32)',
    ]);
  });

  it('refuses a database behind the code and names the command that fixes it', async () => {
    const server = startServer({
      APP_ENV: 'production',
      SECRET_KEY: TEST_SECRET,
      DATABASE_URL: database.url,
      REDIS_URL: 'redis://127.0.0.1:6379/15',
      RESEND_API_KEY: 're_test_key',
      PORT: String(await freePort()),
    });
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.lines.at(-1)).toBe(
      `timemaster: cannot start: database schema is at base, this version needs ${headMigration.slice(0, 4)}. Run: npm run db -- upgrade head`,
    );
  });
});

describe.runIf(testRedisUrl())('process model (production, 2 workers)', () => {
  let database: TestDatabase;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    port = await freePort();
    server = startServer({
      APP_ENV: 'production',
      SECRET_KEY: TEST_SECRET,
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      RESEND_API_KEY: 're_test_key',
      WEB_CONCURRENCY: '2',
      PORT: String(port),
    });
    await server.waitForLine((l) => l.includes('"msg":"ready"'));
  });
  afterAll(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await database.drop();
  });

  const workerPids = () => {
    const alive = new Set<number>();
    for (const r of logRecords(server.lines)) {
      if (r.msg === 'worker started' && r.workerRole === 'http') alive.add(r.workerPid as number);
      if (r.msg === 'worker replaced') alive.delete(r.oldPid as number);
      if (r.msg === 'worker died; replacing it') alive.delete(r.workerPid as number);
    }
    return [...alive];
  };

  it('serves /health from its workers', async () => {
    const res = await get(port, '/health');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
    expect(workerPids()).toHaveLength(2);
  });

  it('replaces workers one at a time on SIGHUP without refusing a connection', async () => {
    const before = workerPids();
    let stop = false;
    const failures: string[] = [];
    let ok = 0;
    const load = (async () => {
      while (!stop) {
        await Promise.all(
          Array.from({ length: 4 }, () =>
            get(port, '/health').then(
              (r) => (r.status === 200 ? ok++ : failures.push(`status ${r.status}`)),
              (e: Error) => failures.push(e.message),
            ),
          ),
        );
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    server.child.kill('SIGHUP');
    await server.waitForLine(
      (l) => l.includes('"msg":"worker replaced"') && l.includes('"workerRole":"jobs"'),
    );
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await load;

    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(20);
    const after = workerPids();
    expect(after).toHaveLength(2);
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
  });

  it('replaces a crashed worker', async () => {
    const [victim] = workerPids();
    process.kill(victim!, 'SIGKILL');
    await server.waitForLine((l) => l.includes('worker died') && l.includes(String(victim)));
    await server.waitForLine(
      (l) => l.includes('"msg":"worker started"') && !l.includes(`"workerPid":${victim}`),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await get(port, '/health')).status).toBe(200);
    expect(workerPids()).toHaveLength(2);
  });

  it('drains and exits 0 on SIGTERM within 10 s', async () => {
    const started = Date.now();
    server.child.kill('SIGTERM');
    const { code } = await server.exited;
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(get(port, '/health')).rejects.toThrow(/ECONNREFUSED/);
  });
});
