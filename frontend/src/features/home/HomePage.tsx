import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DocumentTitle } from '../../components/DocumentTitle';
import { useSignedInUser } from '../../lib/auth';
import { PATHS, navItemsFor } from '../../lib/navigation';

/**
 * `/` for the super-admin (no company, so no clock): a greeting and the screens of the
 * platform. People of a company get the Stempeluhr dashboard instead (features/time).
 */
export function HomePage() {
  const { t } = useTranslation();
  const user = useSignedInUser();
  const links = navItemsFor(user.role).filter((item) => item.to !== PATHS.home);
  const title = t('home.welcome', { name: user.name || user.email });
  return (
    <Stack gap="lg" maw={880}>
      <DocumentTitle page={t('nav.items.home')} />
      <Stack gap={4}>
        <Title order={1} data-testid="welcome">
          {title}
        </Title>
        <Text c="dimmed">
          {user.tenant
            ? t('home.signedInAt', { company: user.tenant.name, role: t(`roles.${user.role}`) })
            : t('home.platform')}
        </Text>
      </Stack>
      <Title order={2} size="h3">
        {t('home.linksTitle')}
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" component="ul" p={0} m={0}>
        {links.map((item) => (
          <Card
            key={item.to}
            component="li"
            withBorder
            padding="md"
            style={{ listStyle: 'none', position: 'relative' }}
          >
            <Text component={Link} to={item.to} fw={600} className="tm-card-link">
              {t(`nav.items.${item.key}`)}
            </Text>
            <Text size="sm" c="dimmed" mt={4}>
              {t(`home.describe.${item.key}`)}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
