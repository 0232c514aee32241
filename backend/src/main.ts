/**
 * Process entry (`node backend/dist/main.js`, what systemd runs). The primary prepares and
 * supervises; workers are started with `--role=http` or `--role=jobs`.
 */
import cluster from 'node:cluster';
import { ConfigError, configFromEnvironment } from './config.js';
import { BootstrapError } from './modules/auth/bootstrap.js';
import { runHttpWorker } from './server/http-worker.js';
import { runJobsWorker } from './server/jobs-worker.js';
import { SchemaBehindError, runPrimary } from './server/primary.js';

function fail(error: unknown): never {
  const reason = error instanceof Error ? error.message : String(error);
  // One line, so the reason is the last thing systemd's journal shows.
  console.error(`timemaster: cannot start: ${reason.split('\n')[0]}`);
  const expected =
    error instanceof ConfigError ||
    error instanceof SchemaBehindError ||
    error instanceof BootstrapError;
  if (!expected && error instanceof Error && error.stack) console.error(error.stack);
  process.exit(1);
}

async function main(): Promise<void> {
  const config = configFromEnvironment();
  if (cluster.isPrimary) return runPrimary(config);
  const role = process.argv.find((a) => a.startsWith('--role='))?.slice('--role='.length);
  // Workers get the database URL from the primary (it may have started the embedded one).
  const databaseUrl = config.databaseUrl;
  if (!databaseUrl) throw new Error('worker started without DATABASE_URL');
  if (role === 'jobs') return runJobsWorker(config, databaseUrl);
  return runHttpWorker(config, databaseUrl);
}

main().catch(fail);
