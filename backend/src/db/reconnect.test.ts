import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { testConfig } from '../../test/helpers.js';
import { startEmbeddedPostgres } from './embedded.js';
import { createDb } from './index.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// SECURITY.md 26: a PostgreSQL restart needs no restart of the app. Uses a server of its own,
// since the shared test server cannot be stopped.
describe('when PostgreSQL restarts', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tm-reconnect-'));
  chmodSync(dir, 0o755);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the app answers 503 while it is down and recovers by itself', async () => {
    const port = await freePort();
    const options = { dir: path.join(dir, 'data'), port, database: 'postgres' };
    let server = await startEmbeddedPostgres(options);
    const db = createDb(server.url);
    const app = await buildApp({
      config: testConfig({ DATABASE_URL: server.url }),
      db,
      redis: null,
    });
    const health = async () => (await app.inject({ method: 'GET', url: '/health' })).statusCode;
    try {
      expect(await health()).toBe(200);
      await server.stop();
      expect(await health()).toBe(503);
      server = await startEmbeddedPostgres(options);
      expect(await health()).toBe(200);
    } finally {
      await app.close();
      await db.destroy();
      await server.stop();
    }
  });
});
