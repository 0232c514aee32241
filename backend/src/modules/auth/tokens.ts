/**
 * Access tokens are short-lived JWTs (HS256 with a key derived from SECRET_KEY, algorithm
 * pinned); refresh, invitation and reset tokens are opaque random strings stored only as hashes.
 */
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import type { Role } from '../../db/types.js';

export const ISSUER = 'timemaster';
export const AUDIENCE = 'timemaster-api';
const ACCESS_TYPE = 'access';

export interface AccessClaims {
  userId: string;
  tenantId: string | null;
  role: Role;
  /** Issue time in milliseconds (iat has only seconds), compared to tokens_valid_after. */
  issuedAtMs: number;
  expiresAtMs: number;
}

export function accessTokenKey(secretKey: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secretKey, 'timemaster', 'access-token-v1', 32));
}

export async function signAccessToken(
  key: Uint8Array,
  claims: Omit<AccessClaims, 'issuedAtMs' | 'expiresAtMs'>,
  now: Date,
  lifetimeMinutes: number,
): Promise<string> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    typ: ACCESS_TYPE,
    tid: claims.tenantId,
    role: claims.role,
    ims: now.getTime(),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + lifetimeMinutes * 60)
    .sign(key);
}

/** The claims of a valid access token, or null for anything else (expired, forged, other type). */
export async function verifyAccessToken(
  key: Uint8Array,
  token: string,
  now: Date,
): Promise<AccessClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (payload.typ !== ACCESS_TYPE || typeof payload.sub !== 'string') return null;
    const role = payload.role as Role;
    if (!['super_admin', 'admin', 'manager', 'employee'].includes(role)) return null;
    return {
      userId: payload.sub,
      tenantId: typeof payload.tid === 'string' ? payload.tid : null,
      role,
      issuedAtMs: typeof payload.ims === 'number' ? payload.ims : (payload.iat ?? 0) * 1000,
      expiresAtMs: (payload.exp ?? 0) * 1000,
    };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return null;
    throw error;
  }
}

/** 256 random bits, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
