/**
 * Once per run: decides what the ops tests can do on this machine and builds what they need.
 * The rehearsal needs root (it runs the backend as the unit's User and nginx as www-data), a
 * PostgreSQL server (TEST_DATABASE_URL; pg_dump must match it) and Redis (TEST_REDIS_URL, the
 * production config requires it). CI has all three; elsewhere the rehearsal is skipped and says why.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { ensureBuilt } from '../../scripts/ensure-built.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL server for the ops tests (superuser), or '' when TEST_DATABASE_URL is unset. */
    opsDatabaseUrl: string;
    opsRedisUrl: string;
    /** Why the rehearsal cannot run here, or '' when it can. */
    opsRehearsalSkip: string;
  }
}

const root = path.resolve(import.meta.dirname, '../..');

export default function setup(project: TestProject): void {
  const databaseUrl = process.env.TEST_DATABASE_URL ?? '';
  const redisUrl = process.env.TEST_REDIS_URL ?? '';
  const missing = [
    process.getuid?.() === 0 ? '' : 'root (the server runs as the unit’s User, nginx as www-data)',
    databaseUrl ? '' : 'TEST_DATABASE_URL',
    redisUrl ? '' : 'TEST_REDIS_URL',
  ].filter(Boolean);
  const skip = missing.length > 0 ? `ops rehearsal skipped: needs ${missing.join(', ')}` : '';
  if (skip) console.warn(`\n⚠ ${skip}\n`);

  if (databaseUrl) ensureBuilt(['backend']);
  if (!skip) {
    // The rehearsal only needs some SPA build to serve: an older one will do when the working
    // tree's frontend does not build right now.
    try {
      ensureBuilt(['frontend']);
    } catch (error) {
      if (!existsSync(path.join(root, 'frontend/dist/index.html'))) throw error;
      console.warn(`\n⚠ ops rehearsal: ${String(error)}; serving the existing frontend/dist\n`);
    }
  }

  project.provide('opsDatabaseUrl', databaseUrl);
  project.provide('opsRedisUrl', redisUrl);
  project.provide('opsRehearsalSkip', skip);
}
