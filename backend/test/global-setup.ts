/**
 * Once per test run: a PostgreSQL server (TEST_DATABASE_URL, else an embedded one in a temp
 * folder) and a migrated template database that every test file clones in milliseconds.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import type { EmbeddedDatabase } from '../src/db/embedded.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { createDb } from '../src/db/index.js';
import { upgrade } from '../src/db/migrator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server URL with the maintenance database; test databases are created next to it. */
    pgAdminUrl: string;
    /** Migrated database to clone with CREATE DATABASE … TEMPLATE. */
    pgTemplate: string;
    /** Name prefix of the per-file databases (so teardown finds leftovers). */
    pgTestPrefix: string;
    /** Redis for tests (TEST_REDIS_URL), or '' when none is configured. */
    redisUrl: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: EmbeddedDatabase | undefined;
  let tempDir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    // /tmp is reachable by the postgres OS user even when the checkout is not.
    tempDir = mkdtempSync(path.join(tmpdir(), 'timemaster-test-pg-'));
    chmodSync(tempDir, 0o755);
    const port = 55_000 + Math.floor(Math.random() * 5_000);
    embedded = await startEmbeddedPostgres({
      dir: path.join(tempDir, 'data'),
      port,
      database: 'postgres',
    });
    adminUrl = embedded.url;
  }
  adminUrl = withDatabase(adminUrl, 'postgres');

  const template = `tm_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const templateUrl = withDatabase(adminUrl, template);
  const db = createDb(templateUrl, { max: 1 });
  await upgrade(db, templateUrl, 'head');
  await db.destroy();

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
  project.provide('pgTestPrefix', `tm_test_${process.pid}_`);
  project.provide('redisUrl', process.env.TEST_REDIS_URL ?? '');

  return async () => {
    // Databases left behind by crashed test files are dropped with the template.
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
      [`tm_test_${process.pid}_%`, template],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    await admin.end();
    await embedded?.stop();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
}
