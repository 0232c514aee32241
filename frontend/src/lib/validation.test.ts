import { describe, expect, it } from 'vitest';
import { looksLikeEmail, passwordProblem } from './validation';

describe('looksLikeEmail', () => {
  it('accepts ordinary addresses, with surrounding spaces trimmed', () => {
    expect(looksLikeEmail('anna@example.de')).toBe(true);
    expect(looksLikeEmail(' anna.schmidt+tm@firma.example.com ')).toBe(true);
  });

  it('refuses obvious typos', () => {
    expect(looksLikeEmail('')).toBe(false);
    expect(looksLikeEmail('anna')).toBe(false);
    expect(looksLikeEmail('anna@example')).toBe(false);
    expect(looksLikeEmail('anna @example.de')).toBe(false);
    expect(looksLikeEmail('anna@@example.de')).toBe(false);
  });
});

describe('passwordProblem', () => {
  it('needs 8 to 128 characters and nothing else', () => {
    expect(passwordProblem('')).toBe('empty');
    expect(passwordProblem('1234567')).toBe('tooShort');
    expect(passwordProblem('12345678')).toBeNull();
    expect(passwordProblem('a'.repeat(128))).toBeNull();
    expect(passwordProblem('a'.repeat(129))).toBe('tooLong');
  });

  it('counts characters, not UTF-16 code units', () => {
    expect(passwordProblem('🔑🔑🔑🔑🔑🔑🔑')).toBe('tooShort');
    expect(passwordProblem('🔑'.repeat(128))).toBeNull();
  });
});
