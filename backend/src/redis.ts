/**
 * Redis is for coordination (shared rate limits, token cut-off cache, pub/sub), never the source
 * of truth. Commands fail fast while it is down instead of queueing, so requests keep flowing.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export function createRedis(
  url: string,
  logger?: Pick<Logger, 'warn' | 'info'>,
  options: { keyPrefix?: string } = {},
): Redis {
  const redis = new Redis(url, {
    keyPrefix: options.keyPrefix,
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    // Keep trying to come back, at most every 2 s.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) logger?.warn({ err: err.message }, 'redis unavailable');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger?.info('redis available again');
    down = false;
  });
  return redis;
}

/**
 * Resolves once the client can take commands. Commands fail fast while disconnected (no
 * offline queue), so a caller right after start-up or during a reconnect waits here first,
 * bounded by its own timeout.
 */
export function redisReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  // One shared waiter per client, so polling /health while Redis is down adds no listeners.
  let waiting = readyWaiters.get(redis);
  if (!waiting) {
    waiting = new Promise<void>((resolve) =>
      redis.once('ready', () => {
        readyWaiters.delete(redis);
        resolve();
      }),
    );
    readyWaiters.set(redis, waiting);
  }
  return waiting;
}

const readyWaiters = new WeakMap<Redis, Promise<void>>();
