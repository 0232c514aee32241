import {
  AppShell,
  Box,
  Burger,
  Button,
  Group,
  NavLink,
  Stack,
  Text,
  useMantineTheme,
} from '@mantine/core';
import { useDisclosure, useHotkeys, useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApprovalsNavBadge } from '../features/absences/components/ApprovalsNavBadge';
import { HeaderClock } from '../features/time/clock/HeaderClock';
import { signOut, useAuth } from '../lib/auth';
import { PATHS, navItemsFor } from '../lib/navigation';
import { AppBrand } from './AppBrand';
import { ColorSchemeToggle } from './ColorSchemeToggle';
import { LanguageSwitch } from './LanguageSwitch';
import { OfflineBanner } from './OfflineBanner';
import { Splash } from './Splash';

const NAVBAR_ID = 'main-navigation';
const MAIN_CONTENT_ID = 'main-content';

function isActive(pathname: string, to: string): boolean {
  if (to === PATHS.home) return pathname === to;
  return pathname === to || pathname.startsWith(`${to}/`);
}

/** Who is signed in, and the way out; at the foot of the navigation. */
function SignedInBox({
  name,
  email,
  onNavigate,
}: {
  name: string;
  email: string;
  onNavigate: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  return (
    <Stack gap={6} p="xs" data-testid="signed-in-box">
      <Box>
        <Text size="xs" c="dimmed">
          {t('nav.signedInAs')}
        </Text>
        <Text size="sm" fw={600} truncate="end" data-testid="signed-in-name">
          {name}
        </Text>
        <Text size="xs" c="dimmed" truncate="end">
          {email}
        </Text>
      </Box>
      <Button
        variant="default"
        mih={44}
        loading={busy}
        data-testid="sign-out"
        onClick={() => {
          setBusy(true);
          onNavigate();
          // Even when the server cannot be reached the session in this tab ends.
          void signOut().finally(() => {
            setBusy(false);
            void navigate(PATHS.login, { replace: true });
          });
        }}
      >
        {t('nav.signOut')}
      </Button>
    </Stack>
  );
}

/**
 * App shell: header (name, language, colour scheme), navigation by role (a drawer behind a
 * burger on phones, a sidebar from 48em) with the signed-in user and "Abmelden" at its foot,
 * and the page in <main>.
 */
export function Layout() {
  const { t } = useTranslation();
  const auth = useAuth();
  const [navOpened, nav] = useDisclosure(false);
  const { pathname } = useLocation();
  const { breakpoints } = useMantineTheme();
  // Below the breakpoint the navbar is a drawer; while closed it sits off-screen, so it is made
  // inert to keep its links out of the tab order and away from screen readers.
  const isDesktop = useMediaQuery(`(min-width: ${breakpoints.sm})`, true, {
    getInitialValueInEffect: false,
  });
  useHotkeys([['Escape', nav.close]]);

  if (auth.status === 'loading') return <Splash />;
  const user = auth.status === 'signedIn' ? auth.user : null;
  const items = navItemsFor(user?.role ?? null);
  const showClock = Boolean(user?.tenant) && pathname !== PATHS.home;

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
          <Group gap="xs" wrap="nowrap" miw={0}>
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? t('nav.close') : t('nav.open')}
              aria-expanded={navOpened}
              aria-controls={NAVBAR_ID}
            />
            {/* On phones the header clock needs the brand's room; the tab title keeps the name. */}
            {showClock ? (
              <Box visibleFrom="xs" miw={0}>
                <AppBrand />
              </Box>
            ) : (
              <AppBrand />
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            {/* The clock on every page of people with a company; the dashboard has the big one. */}
            {showClock && <HeaderClock />}
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
        <AppShell.Section grow>
          {items.map((item) => (
            <NavLink
              key={item.to}
              component={RouterNavLink}
              to={item.to}
              end={item.to === PATHS.home}
              label={t(`nav.items.${item.key}`)}
              active={isActive(pathname, item.to)}
              rightSection={item.key === 'approvals' ? <ApprovalsNavBadge /> : undefined}
              onClick={nav.close}
            />
          ))}
        </AppShell.Section>
        {user && (
          <AppShell.Section>
            <SignedInBox name={user.name || user.email} email={user.email} onNavigate={nav.close} />
          </AppShell.Section>
        )}
      </AppShell.Navbar>

      <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1}>
        <OfflineBanner />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
