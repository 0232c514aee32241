/**
 * Verified access tokens, remembered per process. A browser sends the same token for up to
 * ACCESS_TOKEN_EXPIRE_MINUTES; checking its signature once is enough, since revocation is a
 * separate check (tokens_valid_after) made on every request. Expiry is re-checked on each hit.
 */
import type { AccessClaims } from '../modules/auth/tokens.js';

const MAX_ENTRIES = 20_000;

export class VerifiedTokenCache {
  private readonly entries = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();

  get(token: string, now: Date): AccessClaims | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= now.getTime()) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.claims;
  }

  set(token: string, claims: AccessClaims, expiresAtMs: number): void {
    if (this.entries.size >= MAX_ENTRIES) {
      // Oldest first (Map keeps insertion order): a rough LRU that costs nothing.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, { claims, expiresAtMs });
  }
}
