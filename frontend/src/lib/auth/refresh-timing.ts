/** Never refresh more often than this, whatever the server says. */
export const MIN_REFRESH_DELAY_MS = 5_000;
/** Refresh this long before the access token expires (at most a fifth of its lifetime). */
export const REFRESH_AHEAD_MS = 60_000;

/**
 * How long to wait before the silent refresh of an access token that expires in
 * `expiresInSeconds`: shortly before it expires, so that no request ever meets an expired token,
 * but not so early that short lifetimes (tests, strict setups) refresh in a loop.
 */
export function refreshDelayMs(expiresInSeconds: number): number {
  const lifetime = Math.max(0, expiresInSeconds) * 1000;
  const ahead = Math.min(REFRESH_AHEAD_MS, lifetime / 5);
  return Math.max(MIN_REFRESH_DELAY_MS, Math.round(lifetime - ahead));
}
