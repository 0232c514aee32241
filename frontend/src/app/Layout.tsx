import { AppShell, Box, Burger, Group, NavLink, Text, useMantineTheme } from '@mantine/core';
import { useDisclosure, useHotkeys, useMediaQuery } from '@mantine/hooks';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAppName } from '../lib/use-app-name';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { LanguageSwitch } from './LanguageSwitch';
import { NAV_ITEMS } from './navigation';
import { OfflineBanner } from './OfflineBanner';

const NAVBAR_ID = 'main-navigation';
const MAIN_CONTENT_ID = 'main-content';

/** The clock mark from the favicon; decorative, the name next to it says what it is. */
function LogoMark() {
  return (
    <Box visibleFrom="xs" display="flex" aria-hidden="true">
      <svg width="28" height="28" viewBox="0 0 64 64" focusable="false">
        <rect width="64" height="64" rx="14" fill="var(--mantine-primary-color-filled)" />
        <circle cx="32" cy="32" r="20" fill="none" stroke="#fff" strokeWidth="5" />
        <path
          d="M32 20v13l9 6"
          fill="none"
          stroke="#fff"
          strokeWidth="5"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    </Box>
  );
}

/**
 * App shell: header (name, language, colour scheme), navigation (a drawer behind a burger on
 * phones, a sidebar from 48em), and the page in <main>.
 */
export function Layout() {
  const { t } = useTranslation();
  const appName = useAppName();
  const [navOpened, nav] = useDisclosure(false);
  const { pathname } = useLocation();
  const { breakpoints } = useMantineTheme();
  // Below the breakpoint the navbar is a drawer; while closed it sits off-screen, so it is made
  // inert to keep its links out of the tab order and away from screen readers.
  const isDesktop = useMediaQuery(`(min-width: ${breakpoints.sm})`, true, {
    getInitialValueInEffect: false,
  });
  useHotkeys([['Escape', nav.close]]);

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding={{ base: 'md', sm: 'lg' }}
    >
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
          <Group gap="xs" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? t('nav.close') : t('nav.open')}
              aria-expanded={navOpened}
              aria-controls={NAVBAR_ID}
            />
            <Group gap={8} wrap="nowrap">
              <LogoMark />
              <Text component="span" fw={700} fz={{ base: 'lg', sm: 'xl' }} c="bright">
                {appName}
              </Text>
            </Group>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar
        id={NAVBAR_ID}
        p="xs"
        aria-label={t('nav.label')}
        inert={!isDesktop && !navOpened}
      >
        {NAV_ITEMS.map((item) => (
          <NavLink
            key={item.to}
            component={RouterNavLink}
            to={item.to}
            label={t(`nav.items.${item.key}`)}
            active={pathname === item.to || pathname.startsWith(`${item.to}/`)}
            onClick={nav.close}
          />
        ))}
      </AppShell.Navbar>

      <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1}>
        <OfflineBanner />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
