import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, type ErrorMessageKey } from './api-error';

/** Per-screen wording for some codes (e.g. INVALID_CREDENTIALS on "change password"). */
export type ErrorOverrides = Partial<Record<ErrorMessageKey, string>>;

/**
 * Returns a function turning any error (ApiError, network TypeError, anything else) into a
 * sentence in the current language that says what happened and what to do next.
 */
export function useErrorMessage() {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown, overrides: ErrorOverrides = {}): string => {
      const { key, values, serverMessage } = describeError(error);
      if (key && overrides[key]) return overrides[key];
      if (key) return t(`errors.${key}`, values);
      return serverMessage ?? t('errors.unknown');
    },
    [t],
  );
}
