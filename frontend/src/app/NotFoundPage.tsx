import { Button, Stack, Text, Title } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAppName } from '../lib/use-app-name';

/** Shown inside the app shell for any client route that does not exist. */
export function NotFoundPage() {
  const { t } = useTranslation();
  const appName = useAppName();
  const { pathname } = useLocation();
  const title = t('notFound.title');
  return (
    <Stack gap="md" maw={640} align="flex-start" data-testid="not-found">
      <title>{t('app.pageTitle', { page: title, app: appName })}</title>
      <Text c="dimmed" fw={700} aria-hidden="true">
        404
      </Text>
      <Title order={1}>{title}</Title>
      <Text>{t('notFound.message', { path: pathname })}</Text>
      <Button component={Link} to="/" mih={44}>
        {t('notFound.home')}
      </Button>
    </Stack>
  );
}
