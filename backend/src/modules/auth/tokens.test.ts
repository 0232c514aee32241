import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  AUDIENCE,
  ISSUER,
  accessTokenKey,
  hashToken,
  randomToken,
  signAccessToken,
  verifyAccessToken,
} from './tokens.js';

const key = accessTokenKey('test-secret-key-0123456789abcdef0123456789');
const now = new Date('2026-03-02T08:00:00Z');
const claims = {
  userId: '0b5c1a6e-1d1f-4c55-9a53-1c2f0f7f0a01',
  tenantId: null,
  role: 'admin' as const,
};

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access tokens (SECURITY.md 2)', () => {
  it('round-trips the claims', async () => {
    const token = await signAccessToken(key, claims, now, 30);
    expect(await verifyAccessToken(key, token, now)).toEqual({
      ...claims,
      issuedAtMs: now.getTime(),
      expiresAtMs: now.getTime() + 30 * 60_000,
    });
  });

  it('expires after ACCESS_TOKEN_EXPIRE_MINUTES', async () => {
    const token = await signAccessToken(key, claims, now, 30);
    expect(
      await verifyAccessToken(key, token, new Date(now.getTime() + 29 * 60_000)),
    ).not.toBeNull();
    expect(await verifyAccessToken(key, token, new Date(now.getTime() + 31 * 60_000))).toBeNull();
  });

  it('refuses alg "none"', async () => {
    const payload = {
      sub: claims.userId,
      typ: 'access',
      role: 'admin',
      iss: ISSUER,
      aud: AUDIENCE,
      iat: 1,
      exp: 4e9,
    };
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
    expect(await verifyAccessToken(key, unsigned, now)).toBeNull();
  });

  it('refuses another algorithm with the same key', async () => {
    const token = await new SignJWT({ typ: 'access', role: 'admin' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);
    expect(await verifyAccessToken(key, token, new Date())).toBeNull();
  });

  it.each([
    ['issuer', { iss: 'someone-else' }],
    ['audience', { aud: 'other-api' }],
    ['type', { typ: 'refresh' }],
    ['role', { role: 'root' }],
  ])('refuses a wrong %s', async (_name, override) => {
    const payload = {
      sub: claims.userId,
      typ: 'access',
      role: 'admin',
      iss: ISSUER,
      aud: AUDIENCE,
      iat: Math.floor(now.getTime() / 1000),
      exp: Math.floor(now.getTime() / 1000) + 600,
      ...override,
    };
    const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
    const signature = createHmac('sha256', key).update(input).digest('base64url');
    expect(await verifyAccessToken(key, `${input}.${signature}`, now)).toBeNull();
  });

  it('refuses a token signed with another secret', async () => {
    const other = accessTokenKey('another-secret-key-0123456789abcdef012345');
    expect(
      await verifyAccessToken(key, await signAccessToken(other, claims, now, 30), now),
    ).toBeNull();
  });
});

describe('opaque tokens (SECURITY.md 3, 8)', () => {
  it('carry 256 random bits and are stored as SHA-256', () => {
    const a = randomToken();
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(randomToken()).not.toBe(a);
    expect(hashToken(a)).toHaveLength(32);
    expect(hashToken(a).equals(hashToken(a))).toBe(true);
  });
});
