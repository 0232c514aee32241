import { Box, Group, Text } from '@mantine/core';
import { useAppName } from '../lib/use-app-name';

/** The clock mark from the favicon; decorative, the name next to it says what it is. */
function LogoMark({ alwaysVisible }: { alwaysVisible?: boolean }) {
  return (
    <Box visibleFrom={alwaysVisible ? undefined : 'xs'} display="flex" aria-hidden="true">
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

/** Logo and the installation's name (APP_NAME), as shown in the header. */
export function AppBrand({ alwaysShowLogo }: { alwaysShowLogo?: boolean }) {
  const appName = useAppName();
  return (
    <Group gap={8} wrap="nowrap" miw={0}>
      <LogoMark alwaysVisible={alwaysShowLogo} />
      <Text component="span" fw={700} fz={{ base: 'lg', sm: 'xl' }} c="bright" truncate="end">
        {appName}
      </Text>
    </Group>
  );
}
