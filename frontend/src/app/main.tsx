import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import './global.css';

import { MantineProvider, Notification, mergeThemeOverrides } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useMemo, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router/dom';
import i18n from '../i18n/i18n';
import { restoreSession } from '../lib/auth';
import { queryClient } from '../lib/query-client';
import { router } from './router';
import { colorSchemeManager, cssVariablesResolver, theme } from './theme';

// Once per page load (not in an effect, which StrictMode would run twice): is there a session?
void restoreSession();

/**
 * Mantine with the app's theme, plus what depends on the UI language: the close button of
 * every notification toast gets a label (axe: buttons need a name).
 */
function ThemedApp({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const closeLabel = t('common.close');
  const localizedTheme = useMemo(
    () =>
      mergeThemeOverrides(theme, {
        components: {
          // Deep-merged with the theme's own Notification styles.
          Notification: Notification.extend({
            defaultProps: { closeButtonProps: { 'aria-label': closeLabel } },
          }),
        },
      }),
    [closeLabel],
  );
  return (
    <MantineProvider
      theme={localizedTheme}
      cssVariablesResolver={cssVariablesResolver}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme="auto"
    >
      {children}
    </MantineProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks the #root element');

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <ThemedApp>
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </ThemedApp>
    </I18nextProvider>
  </StrictMode>,
);
