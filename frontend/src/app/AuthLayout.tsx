import { AppShell, Box, Container, Group, Paper } from '@mantine/core';
import { Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AppBrand } from './AppBrand';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { LanguageSwitch } from './LanguageSwitch';
import { OfflineBanner } from './OfflineBanner';

const MAIN_CONTENT_ID = 'main-content';

/**
 * Frame of the pages used without a session (login, forgot/reset password, invitation): the
 * header with name, DE/EN switch and colour scheme, and one centred card, full width on phones.
 */
export function AuthLayout() {
  const { t } = useTranslation();
  return (
    <AppShell header={{ height: 64 }} padding={0}>
      <a className="tm-skip-link" href={`#${MAIN_CONTENT_ID}`}>
        {t('app.skipToContent')}
      </a>
      <AppShell.Header>
        <Group
          h="100%"
          px={{ base: 'xs', sm: 'md' }}
          gap="xs"
          wrap="nowrap"
          justify="space-between"
        >
          <Box miw={0}>
            <AppBrand alwaysShowLogo />
          </Box>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1}>
        <Container size={460} px={{ base: 'sm', xs: 'md' }} py={{ base: 'md', sm: 'xl' }}>
          <OfflineBanner />
          <Paper withBorder radius="md" p={{ base: 'md', xs: 'xl' }}>
            <Outlet />
          </Paper>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
