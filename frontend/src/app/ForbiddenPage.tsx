import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DocumentTitle } from '../components/DocumentTitle';
import { PATHS } from '../lib/navigation';

/** A signed-in user opened a screen their role does not include. */
export function ForbiddenPage() {
  const { t } = useTranslation();
  const title = t('forbidden.title');
  return (
    <Stack gap="md" maw={640} align="flex-start" data-testid="forbidden">
      <DocumentTitle page={title} />
      <Title order={1}>{title}</Title>
      <Text>{t('forbidden.message')}</Text>
      <Button component={Link} to={PATHS.home} mih={44}>
        {t('notFound.home')}
      </Button>
    </Stack>
  );
}
