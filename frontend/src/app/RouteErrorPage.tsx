import { Button, Container, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAppName } from '../lib/use-app-name';

/** Last line of defence for render errors: a plain message and a way out, never a blank page. */
export function RouteErrorPage() {
  const { t } = useTranslation();
  const appName = useAppName();
  const error = useRouteError();
  useEffect(() => {
    console.error(error);
  }, [error]);
  const title = t('routeError.title');
  return (
    <Container component="main" size="sm" py="xl">
      <title>{t('app.pageTitle', { page: title, app: appName })}</title>
      <Stack gap="md" align="flex-start">
        <Title order={1}>{title}</Title>
        <Text>{t('routeError.message')}</Text>
        <Button mih={44} onClick={() => window.location.reload()}>
          {t('routeError.reload')}
        </Button>
      </Stack>
    </Container>
  );
}
