import { describe, expect, it } from 'vitest';
import { detectLanguage, toLang } from './languages';

describe('detectLanguage', () => {
  it('prefers the stored choice', () => {
    expect(detectLanguage('en', 'de-DE')).toBe('en');
    expect(detectLanguage('de', 'en-US')).toBe('de');
  });

  it('ignores unsupported stored values', () => {
    expect(detectLanguage('fr', 'en-GB')).toBe('en');
    expect(detectLanguage('', undefined)).toBe('de');
  });

  it('uses English for any English browser language, German otherwise', () => {
    expect(detectLanguage(null, 'en')).toBe('en');
    expect(detectLanguage(null, 'en-US')).toBe('en');
    expect(detectLanguage(null, 'EN-gb')).toBe('en');
    expect(detectLanguage(null, 'de-AT')).toBe('de');
    expect(detectLanguage(null, 'fr-FR')).toBe('de');
    expect(detectLanguage(null, undefined)).toBe('de');
  });
});

describe('toLang', () => {
  it('normalises region variants and unknown values', () => {
    expect(toLang('en-US')).toBe('en');
    expect(toLang('de')).toBe('de');
    expect(toLang('cimode')).toBe('de');
    expect(toLang(undefined)).toBe('de');
  });
});
