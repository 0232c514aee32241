/**
 * One HTTP worker process: builds the app, listens (the cluster primary shares the socket),
 * and on SIGTERM/SIGINT stops accepting, lets in-flight requests finish and exits 0.
 */
import cluster from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { createDb } from '../db/index.js';
import { loggerOptions } from '../logger.js';
import { createRedis } from '../redis.js';

/** Time in-flight requests get to finish before their connections are cut. */
export const SHUTDOWN_GRACE_MS = 8_000;

/**
 * Closes the server: no new connections, idle keep-alive connections closed, running
 * requests completed. After graceMs the remaining connections are cut.
 */
export async function closeGracefully(
  app: FastifyInstance,
  graceMs = SHUTDOWN_GRACE_MS,
): Promise<void> {
  const timer = setTimeout(() => {
    app.log.warn('shutdown grace period over; closing remaining connections');
    app.server.closeAllConnections();
  }, graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}

export async function releaseResources(db: Db, redis: Redis | null): Promise<void> {
  await Promise.allSettled([db.destroy(), redis?.quit()]);
}

export async function runHttpWorker(config: Config, databaseUrl: string): Promise<void> {
  const logger = pino(loggerOptions(config.logLevel, { role: 'http' }));
  const db = createDb(databaseUrl, { logger });
  const redis = config.redisUrl
    ? createRedis(config.redisUrl, logger, { keyPrefix: config.redisKeyPrefix || undefined })
    : null;
  const app = await buildApp({ config, db, redis, logger });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping');
    closeGracefully(app)
      .then(() => releaseResources(db, redis))
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'worker shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // The primary's worker.disconnect(): the cluster has closed our server already (running
  // requests finish); release the rest and exit.
  cluster.worker?.on('disconnect', () => stop('disconnect'));

  await app.listen({ host: config.host, port: config.port });
}
