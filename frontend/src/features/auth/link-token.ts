/**
 * Invitation and reset links carry their token in the URL fragment (`/invitation#<token>`): the
 * browser never sends a fragment to a server, so the token stays out of access logs and
 * Referer headers. This reads it back.
 */
export function tokenFromHash(hash: string): string {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}
