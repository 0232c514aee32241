import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';

describe('password rules (SECURITY.md 1)', () => {
  it.each([
    ['kurz', 'TOO_SHORT'],
    ['1234567', 'TOO_SHORT'],
    ['password', 'TOO_COMMON'],
    ['Passwort123', 'TOO_COMMON'],
    ['12345678', 'TOO_COMMON'],
    ['qwertzuiop', 'TOO_COMMON'],
    ['x'.repeat(129), 'TOO_LONG'],
  ])('refuses %j (%s)', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it.each(['korrekt-pferd-batterie', 'Gleitzeit ist schön', 'a'.repeat(64), 'ÄÖÜäöüß€€'])(
    'accepts %j without composition rules',
    (password) => {
      expect(passwordProblem(password)).toBeNull();
    },
  );

  it('counts characters, not bytes', () => {
    expect(passwordProblem('äöüäöüäö')).toBeNull();
    expect(passwordProblem('€€€€€€€')).toBe('TOO_SHORT');
  });

  it('refuses the e-mail address as password', () => {
    expect(passwordProblem('anna.schmidt', ['anna.schmidt@example.com', 'anna.schmidt'])).toBe(
      'TOO_COMMON',
    );
  });

  it('hashes with Argon2id, m ≥ 19 MiB, t ≥ 2, and verifies', async () => {
    const hash = await hashPassword('korrekt-pferd-batterie');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'korrekt-pferd-batterie')).toBe(true);
    expect(await verifyPassword(hash, 'korrekt-pferd-batteriE')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
