import { describe, expect, it } from 'vitest';
import { tokenFromHash } from './link-token';

describe('tokenFromHash', () => {
  it('reads the token after the #', () => {
    expect(tokenFromHash('#abcDEF123_-')).toBe('abcDEF123_-');
    expect(tokenFromHash('abc')).toBe('abc');
  });

  it('is empty without a fragment', () => {
    expect(tokenFromHash('')).toBe('');
    expect(tokenFromHash('#')).toBe('');
  });

  it('undoes percent-encoding a mail client may have added, and survives broken encoding', () => {
    expect(tokenFromHash('#abc%2Bdef')).toBe('abc+def');
    expect(tokenFromHash('#abc%E0')).toBe('abc%E0');
  });
});
