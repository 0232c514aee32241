/**
 * End-to-end runs against the built app as production runs it (`node backend/dist/main.js`),
 * on a database of its own, in Debian's chromium. Without /usr/bin/chromium the suite is
 * skipped and says so.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import type { EmbeddedDatabase } from '../backend/src/db/embedded.js';
import { startEmbeddedPostgres } from '../backend/src/db/embedded.js';
import { ensureBuilt } from '../scripts/ensure-built.mjs';
import { CHROMIUM_PATH } from './browser.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the running app, or '' when the E2E suite is skipped. */
    e2eBaseUrl: string;
    e2eSkipReason: string;
    e2eDatabaseUrl: string;
    /** The file mail transport writes every mail here as .eml + .json (see backend/test/mail.ts). */
    e2eMailDir: string;
    /** Credentials of the app's first super-admin. */
    e2eSuperAdmin: { email: string; password: string };
  }
}

const root = path.resolve(import.meta.dirname, '..');
const SUPER_ADMIN = { email: 'super@timemaster.test', password: 'e2e-super-admin-passwort' };

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

function waitForReady(child: ChildProcess, output: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app not ready:\n${output.join('')}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (chunk.toString().includes('"msg":"ready"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}:\n${output.join('')}`));
    });
  });
}

export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  if (!existsSync(CHROMIUM_PATH)) {
    const reason = `E2E tests skipped: ${CHROMIUM_PATH} not found (apt-get install chromium)`;
    console.warn(`\n⚠ ${reason}\n`);
    project.provide('e2eBaseUrl', '');
    project.provide('e2eSkipReason', reason);
    project.provide('e2eDatabaseUrl', '');
    project.provide('e2eMailDir', '');
    project.provide('e2eSuperAdmin', SUPER_ADMIN);
    return undefined;
  }
  ensureBuilt(['backend', 'frontend']);

  let embedded: EmbeddedDatabase | undefined;
  let tempDir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    tempDir = mkdtempSync(path.join(tmpdir(), 'timemaster-e2e-pg-'));
    chmodSync(tempDir, 0o755);
    embedded = await startEmbeddedPostgres({
      dir: path.join(tempDir, 'data'),
      port: await freePort(),
      database: 'postgres',
    });
    adminUrl = embedded.url;
  }
  const database = `tm_e2e_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${database}`);
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${database}`;

  const port = await freePort();
  const mailDir = mkdtempSync(path.join(tmpdir(), 'timemaster-e2e-mail-'));
  // Sick notes uploaded by the tests land here, not in the working tree's backend/data.
  const uploadDir = mkdtempSync(path.join(tmpdir(), 'timemaster-e2e-uploads-'));
  const output: string[] = [];
  const app = spawn(process.execPath, [path.join(root, 'backend/dist/main.js')], {
    cwd: path.join(root, 'backend'),
    env: {
      PATH: process.env.PATH,
      APP_ENV: 'development',
      APP_NAME: 'Zeiterfassung E2E',
      SECRET_KEY: 'e2e-secret-key-0123456789abcdef0123456789',
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: process.env.TEST_REDIS_URL,
      // Rate-limit counters of earlier runs (and of parallel runs) must not count against this one.
      REDIS_KEY_PREFIX: `e2e:${process.pid}:${Date.now()}:`,
      PORT: String(port),
      SERVE_FRONTEND: 'true',
      FRONTEND_URL: `http://127.0.0.1:${port}`,
      MAIL_TRANSPORT: 'file',
      MAIL_FILE_DIR: mailDir,
      UPLOAD_DIR: uploadDir,
      FIRST_SUPERADMIN_EMAIL: SUPER_ADMIN.email,
      FIRST_SUPERADMIN_PASSWORD: SUPER_ADMIN.password,
      // The CalDAV flow's Radicale listens on loopback: opened as an operator would.
      CALDAV_ALLOWED_CIDRS: '127.0.0.1/32',
      LOG_LEVEL: 'info', // the "ready" line is an info line
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForReady(app, output).catch(async (error: unknown) => {
    app.kill('SIGKILL');
    throw error;
  });

  project.provide('e2eBaseUrl', `http://127.0.0.1:${port}`);
  project.provide('e2eSkipReason', '');
  project.provide('e2eDatabaseUrl', databaseUrl.toString());
  project.provide('e2eMailDir', mailDir);
  project.provide('e2eSuperAdmin', SUPER_ADMIN);

  return async () => {
    const exited = new Promise((resolve) => app.once('exit', resolve));
    app.kill('SIGTERM');
    await exited;
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    rmSync(mailDir, { recursive: true, force: true });
    rmSync(uploadDir, { recursive: true, force: true });
  };
}
