import { describe, expect, it } from 'vitest';
import { asciiJson } from './ascii-json.js';

describe('asciiJson', () => {
  it('writes everything beyond ASCII as \\u escapes, and parses back to the same value', () => {
    const value = { name: 'Özlem Şahin', note: '8:30 h – Pause ≥ 15 min 😀', plain: 'abc' };
    const json = asciiJson(JSON.stringify(value));
    expect(/^[\x20-\x7e]*$/.test(json)).toBe(true);
    expect(json).toContain('\\u00d6zlem \\u015eahin');
    expect(JSON.parse(json)).toEqual(value);
  });
});
