/**
 * Health of the dependencies, cheap enough for a load balancer to poll every second.
 * PostgreSQL down means the app cannot work (503); Redis down only degrades it (SECURITY.md 26).
 */
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { redisReady } from '../../redis.js';

export const PROBE_TIMEOUT_MS = 1_000;

export type DependencyStatus = 'ok' | 'error' | 'disabled';

export interface Health {
  status: 'ok' | 'degraded' | 'error';
  database: 'ok' | 'error';
  redis: DependencyStatus;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function probe(check: () => Promise<unknown>): Promise<'ok' | 'error'> {
  try {
    await withTimeout(check(), PROBE_TIMEOUT_MS);
    return 'ok';
  } catch {
    return 'error';
  }
}

/** Probes PostgreSQL and Redis in parallel, each with its own timeout. */
export async function checkHealth(db: Db, redis: Redis | null): Promise<Health> {
  const [database, redisStatus] = await Promise.all([
    probe(() => sql`SELECT 1`.execute(db)),
    redis
      ? probe(() => redisReady(redis).then(() => redis.ping()))
      : Promise.resolve('disabled' as const),
  ]);
  const status = database === 'error' ? 'error' : redisStatus === 'error' ? 'degraded' : 'ok';
  return { status, database, redis: redisStatus };
}
