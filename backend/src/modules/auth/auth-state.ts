/**
 * What every authenticated request must know about its user beyond the token: is the account
 * still active, is its company active, its current role, since when tokens count — and the
 * profile `/me` shows, so the most frequent request needs no database query. Cached in Redis
 * for a few minutes and dropped whenever any of it changes (`forgetAuthState`); read from
 * PostgreSQL when Redis is absent or down.
 */
import type { Redis } from 'ioredis';
import type { Db } from '../../db/index.js';
import type { Locale, Role, UserStatus } from '../../db/types.js';

export interface AuthState {
  status: UserStatus;
  tenantActive: boolean;
  role: Role;
  tenantId: string | null;
  tokensValidAfterMs: number;
  email: string;
  name: string;
  locale: Locale;
  teamId: string | null;
  tenantName: string | null;
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
      'users.email',
      'users.name',
      'users.locale',
      'users.team_id',
      'tenants.status as tenant_status',
      'tenants.name as tenant_name',
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
    email: row.email,
    name: row.name,
    locale: row.locale,
    teamId: row.team_id,
    tenantName: row.tenant_name,
  };
}

/**
 * Why a token holder may no longer act, or null while the session holds. One rule for the
 * per-request check (plugins/auth.ts) and for long-lived streams that re-check it.
 */
export type SessionProblem =
  'unknown_user' | 'user_not_active' | 'tenant_disabled' | 'token_revoked';

export function sessionProblem(state: AuthState | null, issuedAtMs: number): SessionProblem | null {
  if (!state) return 'unknown_user';
  if (state.status !== 'active') return 'user_not_active';
  if (!state.tenantActive) return 'tenant_disabled';
  if (issuedAtMs < state.tokensValidAfterMs) return 'token_revoked';
  return null;
}

const FORGET_CHANNEL = 'auth:forget';
/** Belt and braces: a local entry is re-read after this even without an invalidation. */
const LOCAL_TTL_MS = 60_000;

/**
 * Two levels: a per-process map in front of the Redis cache. Every change is published on a
 * Redis channel and drops the entry in every process at once; while that subscription is not
 * connected (Redis down, reconnecting) the local level is switched off and emptied, because
 * invalidations could be missed. Without Redis at all, every request reads PostgreSQL.
 */
export class AuthStateCache {
  private readonly local = new Map<string, { state: AuthState; at: number }>();
  private readonly changeListeners = new Set<(userIds: string[]) => void>();
  private listening = false;

  constructor(
    private readonly db: Db,
    private readonly redis: Redis | null,
    private readonly subscriber: Redis | null,
  ) {
    if (!subscriber) return;
    subscriber.on('message', (channel: string, message: string) => {
      // The connection is shared with other subscriptions (presence); only ours are user ids.
      if (channel !== FORGET_CHANNEL) return;
      const userIds = message.split(',');
      for (const userId of userIds) this.local.delete(userId);
      this.notify(userIds);
    });
    subscriber.on('ready', () => {
      this.local.clear();
      subscriber.subscribe(FORGET_CHANNEL).then(
        () => {
          this.listening = true;
        },
        () => {
          this.listening = false;
        },
      );
    });
    for (const event of ['close', 'end', 'error', 'reconnecting']) {
      subscriber.on(event, () => {
        this.listening = false;
        this.local.clear();
      });
    }
  }

  async get(userId: string): Promise<AuthState | null> {
    const hit = this.listening ? this.local.get(userId) : undefined;
    if (hit && Date.now() - hit.at < LOCAL_TTL_MS) return hit.state;
    const state = await getAuthState(this.db, this.redis, userId);
    if (state && this.listening) this.local.set(userId, { state, at: Date.now() });
    return state;
  }

  /**
   * Calls `listener` with the users whose state changed, here or (through Redis) in another
   * process, so long-lived connections can re-check their user at once. Returns the removal.
   */
  onChange(listener: (userIds: string[]) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private notify(userIds: string[]): void {
    for (const listener of this.changeListeners) listener(userIds);
  }

  /** Drops the users' entries everywhere; call after committing a change to their state. */
  async forget(userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    for (const userId of userIds) this.local.delete(userId);
    this.notify(userIds);
    await forgetAuthState(this.redis, userIds);
    await this.redis?.publish(FORGET_CHANNEL, userIds.join(',')).catch(() => 0);
  }
}

async function getAuthState(
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
 * Call after committing a change to anything in AuthState (status, role, password cut-off,
 * profile, the company's name or status). If Redis cannot be reached the cached entry may live
 * up to its TTL; the change itself is already in PostgreSQL.
 */
async function forgetAuthState(redis: Redis | null, userIds: string[]): Promise<void> {
  if (!redis || userIds.length === 0) return;
  await redis.del(...userIds.map(key)).catch(() => {});
}
