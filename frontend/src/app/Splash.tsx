import { Center, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AppBrand } from './AppBrand';

/**
 * Shown while the app finds out whether this browser still has a session (one POST
 * /auth/refresh on start), so that nobody sees a login form flash before their start page.
 * `inline`: inside a frame that already has the header and <main> (the login card).
 */
export function Splash({ inline }: { inline?: boolean }) {
  const { t } = useTranslation();
  return (
    <Center
      mih={inline ? 200 : '100dvh'}
      component={inline ? 'div' : 'main'}
      data-testid="splash"
      aria-busy="true"
    >
      <Stack align="center" gap="md">
        {!inline && <AppBrand alwaysShowLogo />}
        <Loader size="md" aria-hidden="true" />
        <Text role="status" c="dimmed">
          {t('auth.checkingSession')}
        </Text>
      </Stack>
    </Center>
  );
}
