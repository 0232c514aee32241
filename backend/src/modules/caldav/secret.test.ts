import { describe, expect, it } from 'vitest';
import { caldavPasswordKey, decryptPassword, encryptPassword } from './secret.js';
import { accessTokenKey } from '../auth/tokens.js';

const SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4';
const TENANT = '6f1d1c1e-1111-4111-8111-111111111111';
const OTHER = '6f1d1c1e-2222-4222-8222-222222222222';

describe('CalDAV password encryption', () => {
  const key = caldavPasswordKey(SECRET);

  it('round-trips, with a fresh IV each time and no plain text in the stored form', () => {
    const a = encryptPassword(key, TENANT, 'app-passwort-1234');
    const b = encryptPassword(key, TENANT, 'app-passwort-1234');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(a.slice(3), 'base64').toString('latin1')).not.toContain('passwort');
    expect(decryptPassword(key, TENANT, a)).toBe('app-passwort-1234');
  });

  it('does not decrypt under another SECRET_KEY, for another company, or when altered', () => {
    const stored = encryptPassword(key, TENANT, 'geheim');
    expect(decryptPassword(caldavPasswordKey(`${SECRET}x`), TENANT, stored)).toBeNull();
    expect(decryptPassword(key, OTHER, stored)).toBeNull();
    const raw = Buffer.from(stored.slice(3), 'base64');
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
    expect(decryptPassword(key, TENANT, `v1:${raw.toString('base64')}`)).toBeNull();
    expect(decryptPassword(key, TENANT, 'v2:abc')).toBeNull();
  });

  it('uses a key of its own, not the token signing key', () => {
    expect(Buffer.from(accessTokenKey(SECRET)).equals(key)).toBe(false);
    expect(key).toHaveLength(32);
  });
});
