import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './de.json';
import en from './en.json';
import {
  DEFAULT_LANGUAGE,
  SUPPORTED_LANGUAGES,
  detectLanguage,
  readStoredLanguage,
  storeLanguage,
  toLang,
  type Lang,
} from './languages';

export const resources = {
  de: { translation: de },
  en: { translation: en },
} as const;

function syncDocumentLanguage(language: string): void {
  document.documentElement.lang = toLang(language);
}

i18n.on('languageChanged', syncDocumentLanguage);

// Resources are bundled, so initialisation completes synchronously and the first render is
// already translated; no Suspense needed.
void i18n.use(initReactI18next).init({
  resources,
  lng: detectLanguage(readStoredLanguage(), navigator.language),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: SUPPORTED_LANGUAGES,
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
  initAsync: false,
});

/** Switches the UI language and remembers the choice for the next visit. */
export function setLanguage(lang: Lang): void {
  storeLanguage(lang);
  void i18n.changeLanguage(lang);
}

export default i18n;
