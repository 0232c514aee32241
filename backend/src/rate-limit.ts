/**
 * Fixed-window rate limits shared by all workers through Redis. When Redis is absent or down,
 * each process counts on its own (SECURITY.md 26: a weaker limit, never no limit).
 */
import type { Redis } from 'ioredis';
import type { Clock } from './clock.js';

export interface Limit {
  /** Allowed hits per window. */
  max: number;
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfterSeconds: number;
}

export class RateLimiter {
  private readonly local = new Map<string, { count: number; resetAt: number }>();
  private lastPrune = 0;

  constructor(
    private readonly redis: Redis | null,
    private readonly clock: Clock,
  ) {}

  /** Counts one hit for `key` and says whether it is within the limit. */
  async hit(key: string, limit: Limit): Promise<RateDecision> {
    const redisKey = `rl:${key}`;
    if (this.redis?.status === 'ready') {
      try {
        const result = await this.redis
          .multi()
          .incr(redisKey)
          .expire(redisKey, limit.windowSeconds, 'NX')
          .ttl(redisKey)
          .exec();
        const count = Number(result?.[0]?.[1]);
        const ttl = Number(result?.[2]?.[1]);
        if (Number.isFinite(count)) {
          return { allowed: count <= limit.max, retryAfterSeconds: Math.max(ttl, 1) };
        }
      } catch {
        // fall through to the per-process counter
      }
    }
    return this.hitLocally(redisKey, limit);
  }

  private hitLocally(key: string, limit: Limit): RateDecision {
    const now = this.clock().getTime();
    this.prune(now);
    let entry = this.local.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + limit.windowSeconds * 1000 };
      this.local.set(key, entry);
    }
    entry.count += 1;
    return {
      allowed: entry.count <= limit.max,
      retryAfterSeconds: Math.max(1, Math.ceil((entry.resetAt - now) / 1000)),
    };
  }

  private prune(now: number): void {
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    for (const [key, entry] of this.local) if (entry.resetAt <= now) this.local.delete(key);
  }
}
