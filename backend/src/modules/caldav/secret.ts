/**
 * CalDAV passwords at rest (SECURITY.md 16): AES-256-GCM under a key derived from SECRET_KEY with
 * HKDF and a label of its own, so this key is never the one that signs tokens. The company id is
 * the additional authenticated data: a ciphertext copied into another company's row does not
 * decrypt. Changing SECRET_KEY makes stored passwords unreadable (the deployment guide says so).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** The 32-byte key for CalDAV passwords, derived once at start. */
export function caldavPasswordKey(secretKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'timemaster', 'caldav-password-v1', 32));
}

/** `v1:` + base64(iv | tag | ciphertext). */
export function encryptPassword(key: Buffer, tenantId: string, password: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(tenantId));
  const ciphertext = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
}

/** The password, or null when it cannot be read (another SECRET_KEY, another company, damage). */
export function decryptPassword(key: Buffer, tenantId: string, stored: string): string | null {
  const [version, payload] = stored.split(':');
  if (version !== VERSION || !payload) return null;
  const raw = Buffer.from(payload, 'base64');
  if (raw.length < 28) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(tenantId));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
