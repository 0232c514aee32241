import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Password input with a keyboard-reachable, labelled "show password" toggle. `autoComplete`
 * is required so that password managers know whether to fill in ("current-password") or to
 * offer a new one ("new-password").
 */
export function PasswordField({
  autoComplete,
  ...props
}: PasswordInputProps & { autoComplete: 'current-password' | 'new-password' }) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      size="md"
      autoComplete={autoComplete}
      autoCapitalize="none"
      autoCorrect="off"
      spellCheck={false}
      visibilityToggleFocusable
      visibilityToggleButtonProps={{ 'aria-label': t('password.toggle'), size: 40 }}
      {...props}
    />
  );
}
