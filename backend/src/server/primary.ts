/**
 * The cluster primary: prepares the database, forks WEB_CONCURRENCY HTTP workers and one job
 * runner, replaces crashed workers, rolls workers one at a time on SIGHUP (no refused
 * connection: the primary owns the listening socket) and drains everything on SIGTERM.
 */
import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import pino from 'pino';
import type { Config } from '../config.js';
import { childEnvironment } from '../config.js';
import type { EmbeddedDatabase } from '../db/embedded.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { createDb } from '../db/index.js';
import { headMigration, migrationState, upgrade, versionOf } from '../db/migrator.js';
import { loggerOptions } from '../logger.js';
import { ensureFirstSuperAdmin } from '../modules/auth/bootstrap.js';

export type Role = 'http' | 'jobs';

/** After this, workers still running are killed and the primary exits anyway. */
const SHUTDOWN_DEADLINE_MS = 9_500;

/** Fails with the command that fixes it when production runs against an old schema. */
export class SchemaBehindError extends Error {
  override name = 'SchemaBehindError';
}

async function prepareDatabase(config: Config, url: string, logger: pino.Logger): Promise<void> {
  const db = createDb(url, { max: 1, applicationName: 'timemaster-startup' });
  try {
    if (config.isProduction) {
      const state = await migrationState(db);
      if (!state.isHead) {
        throw new SchemaBehindError(
          `database schema is at ${versionOf(state.current)}, this version needs ${versionOf(headMigration)}. ` +
            'Run: npm run db -- upgrade head',
        );
      }
    } else {
      const steps = await upgrade(db, url, 'head');
      if (steps.length > 0) logger.info({ steps }, 'database migrated');
    }
    await ensureFirstSuperAdmin(db, config, (message) => logger.info(message));
  } finally {
    await db.destroy();
  }
}

export async function runPrimary(config: Config): Promise<void> {
  const logger = pino(loggerOptions(config.logLevel, { role: 'primary' }));
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    logger.info(
      { dir: config.embeddedPgDir },
      'DATABASE_URL not set: starting the embedded PostgreSQL',
    );
    embedded = await startEmbeddedPostgres({
      dir: config.embeddedPgDir,
      port: config.embeddedPgPort,
    });
    databaseUrl = embedded.url;
  }
  if (!config.redisUrl) {
    logger.warn(
      'REDIS_URL not set: in-process fallback for rate limits and live updates, one worker',
    );
  }
  try {
    await prepareDatabase(config, databaseUrl, logger);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }

  const roles = new Map<Worker, Role>();
  let stopping = false;
  let rolling = false;
  let restartDelayMs = 250;

  const fork = (role: Role): Worker => {
    cluster.setupPrimary({ args: [`--role=${role}`] });
    const worker = cluster.fork(childEnvironment({ DATABASE_URL: databaseUrl }));
    roles.set(worker, role);
    logger.info({ workerRole: role, workerPid: worker.process.pid }, 'worker started');
    return worker;
  };

  const whenListening = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      worker.once('listening', () => resolve());
      worker.once('exit', (code) =>
        reject(new Error(`worker exited with ${code} before listening`)),
      );
    });
  const whenOnline = (worker: Worker) =>
    new Promise<void>((resolve) => worker.once('online', resolve));
  const whenExited = (worker: Worker) =>
    new Promise<void>((resolve) => {
      if (worker.isDead()) resolve();
      else worker.once('exit', () => resolve());
    });

  cluster.on('exit', (worker, code, signal) => {
    const role = roles.get(worker);
    roles.delete(worker);
    if (stopping || worker.exitedAfterDisconnect || !role) return;
    if (rolling && code === 0) return;
    logger.error(
      { workerRole: role, workerPid: worker.process.pid, code, signal },
      'worker died; replacing it',
    );
    setTimeout(() => {
      if (!stopping) fork(role);
    }, restartDelayMs);
    restartDelayMs = Math.min(restartDelayMs * 2, 10_000);
  });

  /**
   * Stops a worker without losing a connection: disconnect() first takes it out of the
   * primary's connection distribution (a connection already on its way to it is still served),
   * then the worker closes its server, lets running requests finish and exits. SIGTERM alone
   * raced with connections the primary had just handed over.
   */
  const stopWorker = (worker: Worker) => {
    const exited = whenExited(worker);
    if (worker.isConnected()) worker.disconnect();
    else worker.process.kill('SIGTERM');
    const deadline = setTimeout(() => worker.process.kill('SIGKILL'), SHUTDOWN_DEADLINE_MS);
    return exited.finally(() => clearTimeout(deadline));
  };

  const rollingRestart = async () => {
    if (rolling || stopping) return;
    rolling = true;
    logger.info('SIGHUP: replacing workers one at a time');
    try {
      for (const [old, role] of [...roles]) {
        const fresh = fork(role);
        await (role === 'http' ? whenListening(fresh) : whenOnline(fresh));
        await stopWorker(old);
        logger.info(
          { workerRole: role, oldPid: old.process.pid, newPid: fresh.process.pid },
          'worker replaced',
        );
      }
    } catch (error) {
      logger.error({ err: error }, 'rolling restart failed');
    } finally {
      rolling = false;
    }
  };

  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error('workers did not stop in time; killing them');
      for (const worker of roles.keys()) worker.process.kill('SIGKILL');
    }, SHUTDOWN_DEADLINE_MS);
    Promise.all([...roles.keys()].map(stopWorker))
      .then(() => embedded?.stop())
      .then(() => {
        clearTimeout(deadline);
        logger.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGHUP', () => void rollingRestart());

  const http = Array.from({ length: config.webConcurrency }, () => fork('http'));
  if (config.jobsEnabled) fork('jobs');
  await Promise.all(http.map(whenListening));
  restartDelayMs = 250;
  const url = `http://${config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host}:${config.port}`;
  logger.info({ url, workers: config.webConcurrency, env: config.appEnv }, 'ready');
  if (!config.isProduction) console.log(`\n  ${config.appName} is running: open ${url}\n`);
}
