import { useTranslation } from 'react-i18next';
import { toLang, type Lang } from './languages';

/** The current UI language as one of the supported codes; re-renders on change. */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return toLang(i18n.resolvedLanguage ?? i18n.language);
}
