/**
 * Checks the browser can make before a form is sent, so that the user hears about a typo at
 * once. The server checks again (and decides about weak passwords); these only catch the obvious.
 */

/** Same limits as the server (SECURITY.md 1): at least 8 characters, at most 128. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Something@something.tld without spaces: enough to catch typos, not a full RFC 5322 parser. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}

export type PasswordProblem = 'empty' | 'tooShort' | 'tooLong';

export function passwordProblem(password: string): PasswordProblem | null {
  if (password.length === 0) return 'empty';
  // Code points, not UTF-16 units: "🔑" is one character to the user.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'tooShort';
  if (length > PASSWORD_MAX_LENGTH) return 'tooLong';
  return null;
}
