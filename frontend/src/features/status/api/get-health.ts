import { useQuery } from '@tanstack/react-query';
import { client } from '../../../api/client';
import type { paths } from '../../../api/schema';

type HealthResponses = paths['/health']['get']['responses'];

/** Body of `GET /health`; the same shape for 200 (all fine) and 503 (a dependency is down). */
export type Health = HealthResponses[200]['content']['application/json'];
export type OverallStatus = Health['status'];
export type DatabaseStatus = Health['database'];
export type RedisStatus = Health['redis'];

/** What the status page shows: the reported health plus the HTTP status it came with. */
export interface HealthResult extends Health {
  httpStatus: number;
}

export const healthQueryKey = ['health'] as const;

/** How often the status page polls while it is open. */
export const HEALTH_REFETCH_MS = 10_000;

const OVERALL: readonly OverallStatus[] = ['ok', 'degraded', 'error'];
const DATABASE: readonly DatabaseStatus[] = ['ok', 'error'];
const REDIS: readonly RedisStatus[] = ['ok', 'error', 'disabled'];

// A 503 may also come from a proxy (nginx) with an HTML page instead of our JSON, so check the shape.
function isHealth(body: unknown): body is Health {
  if (typeof body !== 'object' || body === null) return false;
  const { status, database, redis } = body as Record<string, unknown>;
  return (
    OVERALL.includes(status as OverallStatus) &&
    DATABASE.includes(database as DatabaseStatus) &&
    REDIS.includes(redis as RedisStatus)
  );
}

/** The backend answered, but not with a health report (proxy error, wrong upstream …). */
export class HealthUnavailableError extends Error {
  constructor(readonly httpStatus: number) {
    super(`Health check failed with HTTP ${httpStatus}`);
    this.name = 'HealthUnavailableError';
  }
}

/**
 * Fetches the health report. A 503 is an expected answer (the backend is up but a dependency is
 * not) and is returned like a 200; only a missing or malformed answer is an error. Network
 * failures (backend unreachable) reject with fetch's TypeError.
 */
export async function getHealth(signal?: AbortSignal): Promise<HealthResult> {
  const { data, error, response } = await client.GET('/health', {
    signal,
    headers: { Accept: 'application/json' },
    cache: 'no-store',
  });
  if (data !== undefined && isHealth(data)) return { ...data, httpStatus: response.status };
  if (response.status === 503 && isHealth(error)) return { ...error, httpStatus: 503 };
  throw new HealthUnavailableError(response.status);
}

/** Health of the backend, its database and Redis; refreshed every 10 s while shown. */
export function useHealth() {
  return useQuery({
    queryKey: healthQueryKey,
    queryFn: ({ signal }) => getHealth(signal),
    refetchInterval: HEALTH_REFETCH_MS,
    retry: 1,
  });
}
