/**
 * What every authenticated request must know about its user beyond the token: is the account
 * still active, is its company active, its current role, and since when tokens count. Cached in
 * Redis for a few minutes and dropped whenever one of these changes; read from PostgreSQL when
 * Redis is absent or down.
 */
import type { Redis } from 'ioredis';
import type { Db } from '../../db/index.js';
import type { Role, UserStatus } from '../../db/types.js';

export interface AuthState {
  status: UserStatus;
  tenantActive: boolean;
  role: Role;
  tenantId: string | null;
  tokensValidAfterMs: number;
}

const TTL_SECONDS = 300;
const key = (userId: string) => `auth:user:${userId}`;

async function loadFromDb(db: Db, userId: string): Promise<AuthState | null> {
  const row = await db
    .selectFrom('users')
    .leftJoin('tenants', 'tenants.id', 'users.tenant_id')
    .select([
      'users.status',
      'users.role',
      'users.tenant_id',
      'users.tokens_valid_after',
      'tenants.status as tenant_status',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    status: row.status,
    role: row.role,
    tenantId: row.tenant_id,
    tenantActive: row.tenant_id === null || row.tenant_status === 'active',
    tokensValidAfterMs: row.tokens_valid_after.getTime(),
  };
}

export async function getAuthState(
  db: Db,
  redis: Redis | null,
  userId: string,
): Promise<AuthState | null> {
  if (redis?.status === 'ready') {
    try {
      const cached = await redis.get(key(userId));
      if (cached) return JSON.parse(cached) as AuthState;
    } catch {
      // Redis trouble: the database answers instead
    }
  }
  const state = await loadFromDb(db, userId);
  if (state && redis?.status === 'ready') {
    redis.set(key(userId), JSON.stringify(state), 'EX', TTL_SECONDS).catch(() => {});
  }
  return state;
}

/**
 * Call after committing a change to status, role, tenant status or tokens_valid_after.
 * If Redis cannot be reached the cached entry may live up to its TTL; the change itself is
 * already in PostgreSQL.
 */
export async function forgetAuthState(redis: Redis | null, userIds: string[]): Promise<void> {
  if (!redis || userIds.length === 0) return;
  await redis.del(...userIds.map(key)).catch(() => {});
}
