/**
 * Password rules (SECURITY.md 1, following NIST 800-63B): length 8–128, no composition rules,
 * common passwords refused; Argon2id with m = 19 MiB, t = 2.
 */
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// The library's list is English-centric; these are what German users pick (and the obvious
// words of this product). Compared in lower case.
const GERMAN_COMMON = [
  'passwort',
  'passwort1',
  'passwort12',
  'passwort123',
  'passwort!',
  'hallo123',
  'hallo1234',
  'hallohallo',
  'qwertzuiop',
  'qwertz123',
  'qwertz1234',
  'schalke04',
  'fussball',
  'fußball',
  'fussball1',
  'geheim123',
  'geheimnis',
  'willkommen',
  'willkommen1',
  'willkommen123',
  'deutschland',
  'ichliebedich',
  'lieblingsmensch',
  'mustermann',
  'startpasswort',
  'anfang123',
  'sommer2025',
  'sommer2026',
  'winter2025',
  'winter2026',
  'zeiterfassung',
  'arbeitszeit',
  'timemaster',
  'timemaster1',
  'timemaster123',
];

// ~49 000 leaked passwords; only those long enough to pass the length rule matter.
const commonPasswords = new Set(
  [...dictionary['passwords-common'], ...GERMAN_COMMON].filter(
    (p) => p.length >= PASSWORD_MIN_LENGTH,
  ),
);

export type PasswordProblem = 'TOO_SHORT' | 'TOO_LONG' | 'TOO_COMMON';

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, context: string[] = []): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'TOO_SHORT';
  if (length > PASSWORD_MAX_LENGTH) return 'TOO_LONG';
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return 'TOO_COMMON';
  // The e-mail address or the product name as password is as weak as a leaked one.
  if (context.some((word) => word.length >= 4 && lower === word.toLowerCase())) return 'TOO_COMMON';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when the account does not exist, so both answers take the same time.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash('timemaster-no-such-account', ARGON2_OPTIONS);
  return dummyHash;
}
