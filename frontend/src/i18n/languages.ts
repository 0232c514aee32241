/** Languages the UI is translated into; German is the default and the fallback. */
export const SUPPORTED_LANGUAGES = ['de', 'en'] as const;
export type Lang = (typeof SUPPORTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Lang = 'de';

/** localStorage key holding the language the user picked explicitly. */
export const LANGUAGE_STORAGE_KEY = 'timemaster.lang';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/**
 * Picks the UI language: an explicit earlier choice wins; otherwise English for browsers set to
 * any English variant; German for everything else (the product's primary audience).
 */
export function detectLanguage(stored: string | null | undefined, browserLanguage?: string): Lang {
  if (isLang(stored)) return stored;
  if (browserLanguage?.toLowerCase().startsWith('en')) return 'en';
  return DEFAULT_LANGUAGE;
}

/** Maps whatever i18next reports (e.g. "en-US" or undefined before init) to a supported language. */
export function toLang(value: string | undefined): Lang {
  const base = value?.slice(0, 2).toLowerCase();
  return isLang(base) ? base : DEFAULT_LANGUAGE;
}

export function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    // Storage can be disabled (privacy mode, policies); fall back to the browser language.
    return null;
  }
}

export function storeLanguage(lang: Lang): void {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
  } catch {
    // Not persisted; the choice still holds for this page view.
  }
}
